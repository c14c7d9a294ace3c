"""Atom feeds of new answers and postponements: the whole site, and one per ministry, party and member;
and the feed of questions that passed their term unanswered.

Pure functions of the archive. An entry's id is a UUID made from the Zaak number, the kind of letter
and its place among letters of that kind, so it never changes, whatever the site's address, and an
answer has the same id in every feed that lists it. Dates come from the letters, never from the
clock, so building twice gives the same bytes.
"""

from __future__ import annotations

import datetime
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from ..model import Kind
from .addresses import case_url_path, from_file
from .archive import Case, Document, slugs
from .citation import describe
from .pages import (
    INDEXES,
    OVERDUE,
    OVERDUE_FEED,
    OVERDUE_TITLE,
    SITE_FEED,
    Makers,
    Term,
    archive_date,
    feed_path,
    made,
    overdue,
)

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50  # newest entries per feed: feed readers poll, they do not browse the archive
_NAMESPACE = uuid.UUID("4f869006-b531-431e-aef7-47d351477bb1")  # of this site's ids: never change it
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot hold
_SUMMARY_LENGTH = 600

ET.register_namespace("", ATOM)


@dataclass(frozen=True, slots=True)
class Entry:
    case: Case
    document: Document
    ordinal: int  # 1 for the first letter of its kind in the Zaak, 2 for a second answer, …

    @property
    def kind(self) -> Kind:
        return self.document.letter.kind

    @property
    def date(self) -> str:
        return self.document.letter.meta.date

    @property
    def id(self) -> str:
        return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{self.case.id}/{self.kind.value}/{self.ordinal}')}"

    @property
    def heading(self) -> str:
        if self.kind is Kind.MEDEDELING:
            return "Uitstel"
        return "Nader antwoord" if self.ordinal > 1 or self.document.letter.meta.supplement else "Antwoord"


def feed_entries(case: Case) -> list[Entry]:
    """Answers and postponement notices with a date; the questions as submitted are no news."""
    entries: list[Entry] = []
    seen: dict[Kind, int] = {}
    for document in case.documents:
        kind = document.letter.kind
        if kind is Kind.VRAGEN:
            continue
        seen[kind] = seen.get(kind, 0) + 1
        if document.letter.meta.date:
            entries.append(Entry(case, document, seen[kind]))
    return entries


def feed_files(cases: Sequence[Case], site_name: str, site_url: str | None) -> dict[str, str]:
    return made(feed_makers(cases, site_name, site_url))


def feed_makers(cases: Sequence[Case], site_name: str, site_url: str | None) -> Makers:
    """Every feed by its path on the site: one for each page of a followed index, even before its
    first answer (a reader may subscribe to a member who has only asked so far). Each written when
    asked for."""
    makers: Makers = {SITE_FEED: partial(feed, cases, site_name, "", SITE_FEED, site_name, site_url)}
    for index in INDEXES:
        if not index.feed:
            continue
        groups = index.groups(cases)
        names = slugs(groups)
        for key, grouped in groups.items():
            path = feed_path(index, names[key])
            page = f"{index.folder}/{names[key]}/"
            title = f"{index.page_title(key)} · {site_name}"
            makers[path] = partial(feed, grouped, title, page, path, site_name, site_url)
    makers[OVERDUE_FEED] = partial(overdue_feed, cases, site_name, site_url)
    return makers


def newest_entries(cases: Iterable[Case]) -> list[Entry]:
    entries = (e for case in cases for e in feed_entries(case))
    return sorted(entries, key=lambda e: (e.date, e.case.id, e.ordinal), reverse=True)[:ENTRIES]


def feed(cases: Sequence[Case], title: str, page: str, path: str, site_name: str, site_url: str | None) -> str:
    """One Atom feed (RFC 4287) of the newest entries of `cases`; `page` is the index page it belongs to."""
    newest = newest_entries(cases)
    # a feed changes when an entry is added; before the first, when its newest Zaak was submitted
    updated = newest[0].date if newest else max((c.date for c in cases if c.date), default="1970-01-01")
    root = _feed(title, page, path, updated, site_name, site_url)
    for entry in newest:
        _entry(root, entry, path, site_url)
    return _serialised(root)


def _feed(title: str, page: str, path: str, updated: str, site_name: str, site_url: str | None) -> ET.Element:
    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "nl"})
    _text(root, "id", f"urn:uuid:{uuid.uuid5(_NAMESPACE, 'feed/' + path)}")
    _text(root, "title", title)
    _link(root, "self", from_file(path, path, site_url), "application/atom+xml")
    _link(root, "alternate", from_file(page, path, site_url), "text/html")
    _text(root, "updated", _timestamp(updated))
    ET.SubElement(ET.SubElement(root, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = site_name
    _text(root, "generator", "kamervragen")
    return root


def _serialised(root: ET.Element) -> str:
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def overdue_feed(cases: Sequence[Case], site_name: str, site_url: str | None) -> str:
    """The questions that passed their term unanswered (pages.overdue), the newest 50 overrun first:
    an entry is dated the day after its term's last day, the day it became late. Its id is made of the
    Zaak and that day, so a Zaak late again after a postponement notice is news again."""
    today = archive_date(cases)
    late = sorted(overdue(cases, today), key=lambda item: (item[1].deadline, item[0].id), reverse=True)[:ENTRIES]
    page = OVERDUE.removesuffix(".md") + "/"
    updated = _late_since(late[0][1]) if late else today or "1970-01-01"
    root = _feed(f"{OVERDUE_TITLE} · {site_name}", page, OVERDUE_FEED, updated, site_name, site_url)
    for case, due in late:
        element = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(element, "id", f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{case.id}/over-termijn/{due.deadline}')}")
        _text(element, "title", f"Over de termijn: {case.title}")
        _link(element, "alternate", from_file(case_url_path(case.id), OVERDUE_FEED, site_url), "text/html")
        _text(element, "published", _timestamp(_late_since(due)))
        _text(element, "updated", _timestamp(_late_since(due)))
        if case.ministry:
            ET.SubElement(ET.SubElement(element, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = _clean(case.ministry)
        _categories(element, case)
        _text(element, "summary", describe(case, _SUMMARY_LENGTH, (f"termijn ({due.label}) verstreken", due.deadline)))
    return _serialised(root)


def _late_since(due: Term) -> str:
    return (datetime.date.fromisoformat(due.deadline) + datetime.timedelta(days=1)).isoformat()


def _entry(root: ET.Element, entry: Entry, path: str, site_url: str | None) -> None:
    case, letter = entry.case, entry.document.letter
    element = ET.SubElement(root, f"{{{ATOM}}}entry")
    _text(element, "id", entry.id)
    _text(element, "title", f"{entry.heading}: {case.title}")
    _link(element, "alternate", from_file(case_url_path(case.id), path, site_url), "text/html")
    _text(element, "published", _timestamp(entry.date))
    _text(element, "updated", _timestamp(entry.date))
    for name in [p.name for p in letter.meta.answered_by] or [case.ministry]:
        if name:
            ET.SubElement(ET.SubElement(element, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = _clean(name)
    _categories(element, case)
    _text(element, "summary", _summary(entry))


def _categories(element: ET.Element, case: Case) -> None:
    for term in dict.fromkeys((case.ministry, *(p.party for p in case.askers))):
        if term:
            ET.SubElement(element, f"{{{ATOM}}}category", {"term": _clean(term)})


def _summary(entry: Entry) -> str:
    done = "uitstel gemeld" if entry.kind is Kind.MEDEDELING else "beantwoord"
    return describe(entry.case, _SUMMARY_LENGTH, (done, entry.date))


def _timestamp(date: str) -> str:
    return f"{date}T00:00:00Z"  # the letters give a day; Atom wants a moment


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _text(parent: ET.Element, name: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{name}").text = _clean(text)


def _link(parent: ET.Element, rel: str, href: str, media_type: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"rel": rel, "type": media_type, "href": href})
