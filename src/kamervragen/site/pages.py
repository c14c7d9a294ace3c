"""Site pages as Markdown: one page per Zaak and the index pages, pure functions of the archive.

Paths are relative to the docs folder; every link between pages is a relative .md link, so MkDocs
checks it and any builder that reads Markdown resolves it.
"""

from __future__ import annotations

import datetime
import functools
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..dates import MONTHS, days_between, dutch_date, dutch_month
from ..escape import escape, link_target
from ..linking.references import OFFICIAL, TWEEDE_KAMER_DOCUMENT
from ..model import Block, Kind, Person
from ..writers.data import plain_text
from ..writers.markdown import dump_front_matter, theme_safe, write_body
from .addresses import absolute, case_url_path
from .archive import Archive, Case, Status, slug, slugs
from .citation import citation, cite, describe
from .opendata import PAGE_DATA
from .sources import source_path

HOME_PLACEHOLDER = "<!-- kamervragen:nieuwste -->"
T = TypeVar("T")
LATEST = 20  # entries in each list on the home page

# Secondary documents on a Zaak page: their heading and the prefix of their ids.
SECONDARY = {Kind.MEDEDELING: ("Uitstelbericht", "uitstel-"), Kind.VRAGEN: ("Vragen zoals ingediend", "ingediend-")}


@dataclass(frozen=True, slots=True)
class Index:
    """A family of index pages: one overview, and one page per key ('Defensie', 'D66', …)."""

    folder: str
    title: str  # of the overview
    page_title: Callable[[str], str]  # of a key's page
    keys: Callable[[Case], Iterable[str]]
    label: Callable[[str], str] = str  # how a key is shown
    feed: bool = True  # each key's page has an Atom feed (site/feeds.py)

    def groups(self, cases: Iterable[Case]) -> dict[str, list[Case]]:
        """The cases under each key, in the order given."""
        grouped: dict[str, list[Case]] = {}
        for case in cases:
            for key in self.keys(case):
                grouped.setdefault(key, []).append(case)
        return grouped


def _party_keys(case: Case) -> list[str]:
    return sorted({p.party for p in case.askers if p.party})


def _member_keys(case: Case) -> list[str]:
    return sorted({member_name(p) for p in case.askers})


def member_name(person: Person) -> str:
    return f"{person.name} ({person.party})" if person.party else person.name


INDEXES: tuple[Index, ...] = (
    Index("ministeries", "Ministeries", lambda k: f"Kamervragen aan {k}", lambda c: [c.ministry] if c.ministry else []),
    Index("partijen", "Partijen", lambda k: f"Kamervragen van {k}", _party_keys),
    Index("kamerleden", "Kamerleden", lambda k: f"Kamervragen van {k}", _member_keys),
    Index(
        "maanden",
        "Maanden",
        lambda k: f"Kamervragen van {dutch_month(k)}",
        lambda c: [c.date[:7]] if c.date else [],
        dutch_month,
        feed=False,  # a month is followed through the site's feed
    ),
)

SITE_FEED = "atom.xml"
# Unanswered questions past their term, as the Kamer lists them every Monday, and their feed.
OVERDUE = "statistieken/over-termijn.md"  # in the site's own folder: no letter's page can take it
OVERDUE_FEED = "statistieken/over-termijn/atom.xml"
OVERDUE_TITLE = "Onbeantwoord na de termijn"


def feed_path(index: Index, name: str) -> str:
    """Beside the index page named `name` (/ministeries/defensie/ → /ministeries/defensie/atom.xml)."""
    return f"{index.folder}/{name}/atom.xml"


def case_path(case: Case) -> str:
    return f"{case.id}.md"


def relative(target: str, page: str) -> str:
    """A link from the page at `page` to `target`, both paths relative to the docs folder."""
    folder, name = posixpath.split(target)
    return posixpath.join(_relative_folder(folder, posixpath.dirname(page)), name)


@functools.lru_cache(maxsize=4096)
def _relative_folder(folder: str, start: str) -> str:
    # An index lists thousands of Zaken in one folder: relpath once per pair of folders.
    return "" if folder == start else posixpath.relpath(folder or ".", start or ".")


IndexNames = Mapping[str, Mapping[str, str]]  # an index's folder → key → its page's name


def index_names(cases: Iterable[Case]) -> IndexNames:
    """The name of every index page (as `index_makers` names them), for the links a Zaak page's
    facts make to the pages of its askers, parties and ministry."""
    keys: dict[str, set[str]] = {index.folder: set() for index in INDEXES}
    for case in cases:
        for index in INDEXES:
            keys[index.folder].update(index.keys(case))
    return {folder: slugs(found) for folder, found in keys.items()}


def linked_names(case: Case, names: IndexNames) -> tuple[str, ...]:
    """The index pages a Zaak page's facts link to (part of what its page is made of)."""
    return tuple(
        f"{index.folder}/{names[index.folder].get(key, '')}" for index in INDEXES for key in sorted(index.keys(case))
    )


def site_pages(archive: Archive, home: str | None = None, site_url: str | None = None) -> dict[str, str]:
    """Every generated page by path: the Zaak pages, the indexes, and the home page when its
    hand-written text (`home`, with HOME_PLACEHOLDER where the lists go) is given. `site_url`, when
    known, makes the citations' links absolute."""
    assert archive.linked, "a Zaak page shows its letters linked"
    names = index_names(archive.cases)
    pages = {case_path(case): case_page(case, site_url, names) for case in archive.cases}
    pages.update(listing_pages(archive.cases, home))
    return pages


Makers = dict[str, Callable[[], str]]  # a file's path → how to make its text, when it is asked for


def made(makers: Makers) -> dict[str, str]:
    """Every file of `makers`, made now."""
    return {path: make() for path, make in makers.items()}


def one_of(every: Callable[[], Mapping[str, T]], path: str) -> T:
    """One of files that are made together (`every`, made once for all of them)."""
    return every()[path]


def listing_pages(cases: Sequence[Case], home: str | None = None) -> dict[str, str]:
    return made(listing_makers(cases, home))


def listing_makers(cases: Sequence[Case], home: str | None = None) -> Makers:
    """The index pages, and the home page with its lists: made of what the letters say of themselves
    (dates, ministries, askers), so linked or not makes no difference. Grouped now, each page written
    when asked for (the MkDocs plugin has its workers write them while MkDocs renders)."""
    makers: Makers = {}
    for index in INDEXES:
        makers.update(index_makers(index, cases))
    makers[OVERDUE] = functools.partial(overdue_page, cases)
    if home is not None:
        makers["index.md"] = functools.partial(_home_page, home, cases)
    return makers


# --- the page of one Zaak ------------------------------------------------------------------------


def case_page(case: Case, site_url: str | None = None, names: IndexNames | None = None) -> str:
    """`names` (`index_names` of the archive) are the index pages the facts link to; without them a
    page is named after its key alone, as it is unless two keys of an index make the same name."""
    main = case.main
    dated = case.answered or submission(case)[0]  # what a search hit shows and is filtered by
    meta = {
        "title": theme_safe(case.title),
        "description": describe(case),  # the theme's <meta name="description"> and link previews
        # Ours under one key, apart from the theme's own (Material reads `status`, `icon`, …); it also
        # marks a letter page for the theme and the search index.
        "kamervraag": {
            "zaak": case.id,
            "status": case.status.value,
            "submitted": case.submitted,
            "answered": case.answered,
            "ministry": case.ministry,
            "askers": [member_name(p) for p in case.askers],
            "parties": _party_keys(case),
            "date": dutch_date(dated),  # of the answer, else of submission
            "year": dated[:4],
            "citation": citation(case),  # the theme's "Citeer" control adds question and link
        },
    }
    parts = [dump_front_matter(meta), f"# {escape(case.title)} {{#titel}}", _case_header(case, site_url, names)]
    parts.append(_moved_anchors(write_body(main, level=2, answer_anchors=False), case.moved))
    for (heading, prefix), document in zip(_secondary_sections(case), case.documents[1:], strict=True):
        parts.append(f"## {heading} {{#{prefix.rstrip('-')}}}")
        parts.append(write_body(document.letter, level=3, prefix=prefix, answer_anchors=False))
    return "\n\n".join(p for p in parts if p) + "\n"


def _moved_anchors(body: str, moved: Sequence[tuple[str, str]]) -> str:
    """An anchor a corrected reading no longer makes, as an extra id just before the heading it now
    leads to; a move to an id the page does not have is left to the ledger check to report."""
    for old, new in moved:
        heading = re.search(rf"^#+ .*\{{#{re.escape(new)}\}}$", body, re.M)
        if heading:
            body = f'{body[: heading.start()]}<span id="{old}"></span>\n\n{body[heading.start() :]}'
    return body


def _secondary_sections(case: Case) -> list[tuple[str, str]]:
    """Heading and id prefix of each document after the main one; a repeated prefix gets a number.

    The main document owns the permanent #vraag-N anchors; a later answer to the same Zaak (a "nader
    antwoord") is added below it under its own prefix, so that no published anchor moves.
    """
    sections: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for document in case.documents[1:]:
        letter = document.letter
        if letter.kind is Kind.ANTWOORD and letter.meta.supplement:
            heading, prefix = "Nader antwoord", "nader-"
        else:
            heading, prefix = SECONDARY.get(letter.kind, ("Stuk", "stuk-"))
        seen[prefix] = seen.get(prefix, 0) + 1
        if seen[prefix] > 1:
            prefix = f"{prefix}{seen[prefix]}-"
        if letter.meta.date and letter.kind is Kind.ANTWOORD:
            heading = f"{heading} van {dutch_date(letter.meta.date)}"
        sections.append((heading, prefix))
    return sections


def _case_header(case: Case, site_url: str | None = None, names: IndexNames | None = None) -> str:
    """The facts a reader looks for first, as a list: status and term, who asked whom, who answered,
    when; askers, parties and ministry linked to their index pages."""
    rows: list[tuple[str, str]] = [("Status", _status(case))]
    if case.askers:
        rows.append(("Gesteld door", ", ".join(_asker(case, p, names) for p in case.askers)))
    addressees = next((d.letter.meta.addressees for d in case.documents if d.letter.meta.addressees), ())
    if addressees:
        rows.append(("Gericht aan", "; ".join(escape(a) for a in addressees)))
    if case.ministry:
        rows.append(("Ministerie", _index_link(case, "ministeries", case.ministry, case.ministry, names)))
    answer = case.of_kind(Kind.ANTWOORD)
    if answer and answer.meta.answered_by:
        who = ", ".join(escape(_answerer(p)) for p in answer.meta.answered_by)
        if answer.meta.on_behalf_of:
            who += ", mede namens " + "; ".join(escape(o) for o in answer.meta.on_behalf_of)
        rows.append(("Beantwoord door", who))
    submitted, stated = submission(case)
    if submitted:
        rows.append(("Ingezonden", dutch_date(submitted) + ("" if stated else " (volgens het uitstelbericht)")))
    notice = case.of_kind(Kind.MEDEDELING)
    if notice and notice.meta.date:
        rows.append(("Uitstel gemeld", dutch_date(notice.meta.date)))
    due = term(case)
    if due and case.status is not Status.POSTPONED:  # a postponed Zaak's status says when
        rows.append(("Termijn", f"{due.label}: uiterlijk {dutch_date(due.deadline)}"))
    if case.answered:
        rows.append(("Beantwoord", dutch_date(case.answered)))
    later = [
        f"[{dutch_date(d.letter.meta.date) or 'zonder datum'}](#{prefix.rstrip('-')})"
        for (_, prefix), d in zip(_secondary_sections(case), case.documents[1:], strict=True)
        if d.letter.kind is Kind.ANTWOORD and d.letter.meta.supplement
    ]
    if later:
        rows.append(("Nader antwoord", " · ".join(later)))
    official = _official_links(case)
    if official:
        rows.append(("Officiële publicatie", " · ".join(official)))
    published = [source_path(d.source) for d in case.files]  # the text the page shows, not the file
    sources = [f"[{escape(posixpath.basename(p))}]({link_target(relative(p, case_path(case)))})" for p in published]
    rows.append(("Bronbestand" if len(sources) == 1 else "Bronbestanden", " · ".join(sources)))
    rows.append(("Open data", f"[{PAGE_DATA}]({case.id}/{PAGE_DATA}) ([uitleg](open-data.md))"))
    # Without the site's address the link is added in the browser (kamervragen.js).
    url = absolute(case_url_path(case.id), site_url) if site_url else ""
    rows.append(("Citeren", escape(cite(case, url))))
    items = "\n".join(f"- **{label}:** {value}" for label, value in rows)
    return f'<div class="kv-kop" markdown>\n\n{items}\n\n</div>'


def _status(case: Case) -> str:
    # counted from the day the questions were sent in, as a letter states it or a notice recalls it
    days, due = days_between(submission(case)[0], case.answered), term(case)
    if case.status is Status.POSTPONED and due is not None:  # the date a reader looks for, in the first row
        return f"{case.status.value}: antwoord verwacht uiterlijk {dutch_date(due.deadline)} ({due.label})"
    if case.status is not Status.ANSWERED or days is None:
        return case.status.value
    done = f"{case.status.value}, {days} dagen na indiening"
    if due is None:
        return done
    of = f"de termijn van {due.weeks}" + (" (na uitstelbericht)" if due.postponed else "")
    if days > due.days:
        return f"{done}: te laat, {days - due.days} dagen over {of}"
    return f"{done}: binnen {of}"


def _asker(case: Case, person: Person, names: IndexNames | None) -> str:
    """'Kathmann (GroenLinks-PvdA)', the name linked to the member's page and the party to its page."""
    shown = _index_link(case, "kamerleden", member_name(person), person.name, names)
    if not person.party:
        return shown
    return f"{shown} ({_index_link(case, 'partijen', person.party, person.party, names)})"


def _index_link(case: Case, folder: str, key: str, text: str, names: IndexNames | None) -> str:
    name = names[folder].get(key) if names is not None else slug(key)
    if name is None:  # not among the archive's keys: nothing to lead to
        return escape(text)
    return f"[{escape(text)}]({link_target(relative(f'{folder}/{name}.md', case_path(case)))})"


# --- the term ------------------------------------------------------------------------------------

TERM = 21  # days: the Reglement van Orde asks for an answer within three weeks of submission
POSTPONED_TERM = 42  # six weeks, when a postponement notice was sent


@dataclass(frozen=True, slots=True)
class Term:
    """The term of a Zaak's answer: its length and its last day, counted from submission."""

    days: int
    deadline: str  # ISO date: the last day an answer is on time
    postponed: bool

    @property
    def weeks(self) -> str:
        return "zes weken" if self.postponed else "drie weken"

    @property
    def label(self) -> str:
        return f"{self.weeks} na indiening" + (", na uitstelbericht" if self.postponed else "")


def term(case: Case) -> Term | None:
    """None when the date of submission is unknown."""
    submitted, _ = submission(case)
    if not submitted:
        return None
    days = POSTPONED_TERM if case.postponed else TERM
    deadline = datetime.date.fromisoformat(submitted) + datetime.timedelta(days=days)
    return Term(days, deadline.isoformat(), case.postponed)


def submission(case: Case) -> tuple[str, bool]:
    """The date the questions were sent in, and whether a letter states it as such (True) or a
    postponement notice recalls it ("Op 6 november jl. hebben de leden … vragen gesteld": False)."""
    if case.submitted:
        return case.submitted, True
    notice = case.of_kind(Kind.MEDEDELING)
    if notice is None or not notice.meta.date:
        return "", False
    for block in (*notice.preamble, *notice.closing):
        recalled = _recalled_date(block, notice.meta.date)
        if recalled:
            return recalled, False
    return "", False


# "Op 6 november 2024 hebben de leden …" or "Op 6 november jl. …" opening a notice's paragraph
_RECALLED = re.compile(r"\s*Op\s+(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(?:(\d{4})\b|jl\.|j\.l\.)", re.I)


def _recalled_date(block: Block, written: str) -> str:
    """The day a notice's paragraph recalls, in the year it states or, after "jl.", the year of the
    notice (the year before, when that day comes after the notice); never a day after the notice."""
    found = _RECALLED.match(plain_text(block.content))
    if not found:
        return ""
    dated = datetime.date.fromisoformat(written)
    day, month = int(found.group(1)), MONTHS.index(found.group(2).lower()) + 1
    year = int(found.group(3)) if found.group(3) else dated.year
    try:
        date = datetime.date(year, month, day)
        if not found.group(3) and date > dated:
            date = datetime.date(year - 1, month, day)
    except ValueError:  # 30 februari
        return ""
    return date.isoformat() if date <= dated else ""


def _answerer(person: Person) -> str:
    role = f"{person.role} " if person.role else ""
    return f"{role}{person.name}" + (f" ({person.portfolio})" if person.portfolio else "")


def _official_links(case: Case) -> list[str]:
    links = []
    if "Z" in case.id:
        links.append(f"[Kamervragen {case.id}]({OFFICIAL}/kv-tk-{case.id})")
    if case.aanhangsel:
        number = case.aanhangsel.rsplit("-", 1)[-1]
        links.append(f"[Aanhangsel Handelingen nr. {number}]({OFFICIAL}/{case.aanhangsel}.html)")
    if case.document:  # the Kamervraag itself on tweedekamer.nl when its Zaak is known, else the document
        url = (
            KAMERVRAAG.format(case.id, case.document) if "Z" in case.id else TWEEDE_KAMER_DOCUMENT.format(case.document)
        )
        links.append(f"[Tweede Kamer {case.document}]({url})")
    return links


KAMERVRAAG = "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id={0}&did={1}"


# --- index pages ---------------------------------------------------------------------------------


def entry(case: Case, page: str) -> str:
    """One line of an index: title (linked), askers, date, status."""
    askers = ", ".join(escape(member_name(p)) for p in case.askers) or "vragenstellers niet vermeld"
    date = dutch_date(case.date)
    target = link_target(relative(case_path(case), page))
    return f"- [{escape(case.title)}]({target}) — {askers} · {date} · _{case.status.value}_"


def index_makers(index: Index, cases: Sequence[Case]) -> Makers:
    groups = index.groups(cases)
    ordered = sorted(groups, reverse=True) if index.folder == "maanden" else sorted(groups, key=str.casefold)
    counts = {key: len(groups[key]) for key in ordered}
    names = slugs(groups)
    makers: Makers = {f"{index.folder}/index.md": functools.partial(_overview, index, counts, names)}
    for key in ordered:
        makers[f"{index.folder}/{names[key]}.md"] = functools.partial(_index_page, index, key, names[key], groups[key])
    return makers


def _overview(index: Index, counts: dict[str, int], names: Mapping[str, str]) -> str:
    """An index's overview: every key, linked to its page, with its number of Zaken."""
    lines = [f"# {index.title}", ""]
    for key, count in counts.items():
        target = relative(f"{index.folder}/{names[key]}.md", f"{index.folder}/index.md")
        lines.append(f"- [{escape(index.label(key))}]({target}) ({count} {'vraag' if count == 1 else 'vragen'})")
    return "\n".join(lines) + "\n"


def _index_page(index: Index, key: str, name: str, cases: Sequence[Case]) -> str:
    path = f"{index.folder}/{name}.md"
    body = "\n".join(entry(case, path) for case in cases)
    title = index.page_title(key)
    if not index.feed:
        return f"# {escape(title)}\n\n{body}\n"
    # `feed` gives the page its <link rel="alternate"> (theme/main.html)
    meta = dump_front_matter({"feed": feed_path(index, name), "feed_title": title})  # escaped by the theme
    follow = f"Volg nieuwe antwoorden en uitstelberichten via de [Atom-feed]({name}/atom.xml)."
    return f"{meta}\n\n# {escape(title)}\n\n{follow}\n\n{body}\n"


# --- unanswered past the term --------------------------------------------------------------------


def archive_date(cases: Iterable[Case]) -> str:
    """The newest date any letter of the archive states: the site's "today", so that a rebuild gives
    the same pages whatever the clock says."""
    dates = (d for case in cases for x in case.documents for d in (x.letter.meta.date, x.letter.meta.submitted))
    return max((d for d in dates if d), default="")


def overdue(cases: Iterable[Case], today: str) -> list[tuple[Case, Term]]:
    """Unanswered Zaken whose term ended before `today`, the newest questions first."""
    late = [
        (case, due)
        for case in cases
        if case.status is not Status.ANSWERED and (due := term(case)) is not None and due.deadline < today
    ]
    return sorted(late, key=lambda item: (submission(item[0])[0], item[0].id), reverse=True)


def overdue_page(cases: Sequence[Case]) -> str:
    today = archive_date(cases)
    late = overdue(cases, today)
    meta = dump_front_matter({"feed": OVERDUE_FEED, "feed_title": OVERDUE_TITLE})  # escaped by the theme
    stand = (
        f"Stand op {dutch_date(today)}, de datum van de nieuwste brief in dit archief" if today else "Stand onbekend"
    )
    lines = [
        meta,
        "",
        f"# {OVERDUE_TITLE}",
        "",
        "Schriftelijke vragen waarvan de termijn voorbij is en waarop in dit archief nog geen antwoord "
        "staat, de nieuwste eerst: de lijst die de Tweede Kamer elke maandag publiceert. De termijn is "
        f"drie weken ({TERM} dagen) na indiening, zes weken ({POSTPONED_TERM} dagen) wanneer de minister "
        f"een uitstelbericht stuurde. {stand} (niet de datum van vandaag: een antwoord dat nog niet in "
        "het archief staat, kan er inmiddels zijn).",
        "",
        f"**{len(late)} {'vraag' if len(late) == 1 else 'vragen'} over de termijn.** "
        "Volg nieuwe overschrijdingen via de [Atom-feed](over-termijn/atom.xml).",
        "",
    ]
    lines += [_overdue_entry(case, due, today) for case, due in late] or ["_Geen._"]
    return "\n".join(lines) + "\n"


def _overdue_entry(case: Case, due: Term, today: str) -> str:
    askers = ", ".join(escape(member_name(p)) for p in case.askers) or "vragenstellers niet vermeld"
    target = link_target(relative(case_path(case), OVERDUE))
    to = f" aan {escape(case.ministry)}" if case.ministry else ""
    over = (datetime.date.fromisoformat(today) - datetime.date.fromisoformat(due.deadline)).days
    # the figure first, so the list reads down its left edge; the term's kind only where it differs
    kind = " (na uitstelbericht)" if due.postponed else ""
    return (
        f"- **{over} dagen over de termijn:** [{escape(case.title)}]({target}) — {askers}{to} · ingezonden"
        f" {dutch_date(submission(case)[0])} · termijn tot en met {dutch_date(due.deadline)}{kind}"
    )


def _home_page(home: str, cases: Sequence[Case]) -> str:
    return home.replace(HOME_PLACEHOLDER, home_lists(cases))


def home_lists(cases: Sequence[Case]) -> str:
    answered = [c for c in cases if c.status is Status.ANSWERED][:LATEST]
    postponed = [c for c in cases if c.status is Status.POSTPONED][:LATEST]
    parts = ["## Nieuwste antwoorden", "\n".join(entry(c, "index.md") for c in answered) or "_Nog geen._"]
    parts += ["## Nieuwste uitstelberichten", "\n".join(entry(c, "index.md") for c in postponed) or "_Geen._"]
    parts.append(f"Volg nieuwe antwoorden en uitstelberichten via de [Atom-feed]({SITE_FEED}).")
    parts.append(f"[{OVERDUE_TITLE}]({OVERDUE}): de vragen waarop het antwoord te laat is.")
    return "\n\n".join(parts)
