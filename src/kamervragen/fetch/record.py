"""Fetch stage: a Zaak's official record (`zaak.json`), written by `kamervragen fetch`, read by the site.

The record is small and stable: sorted keys, ISO dates, a schema version, one document a line of
its list in a fixed order, so a rerun that learns nothing new writes the same bytes. Its formal
description is `data/zaak.schema.json`; `parse_record` checks the same rules by hand, because a
record in content/ is untrusted input to the site (and the site does not depend on jsonschema).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

RECORD = "zaak.json"  # beside the Zaak's documents: content/letters/<Zaak>/zaak.json
SCHEMA_VERSION = 1

ZAAK = re.compile(r"\d{4}Z\d{5}")
DOCUMENT = re.compile(r"\d{4}D\d{5}")
AANHANGSEL = re.compile(r"ah-tk-\d{8}-\d{1,5}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
FILE = re.compile(r"\d{4}D\d{5}\.(?:docx|pdf)")
KINDS = ("vragen", "antwoord", "nader antwoord", "mededeling")
TEXT_LIMIT = 2000  # a subject, a name: far below anything a page would show whole
LIST_LIMIT = 200  # askers, addressees, documents of one Zaak
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Asker:
    name: str
    party: str = ""


@dataclass(frozen=True, slots=True)
class RecordDocument:
    """One document of the Zaak as the Kamer registered it."""

    number: str  # DocumentNummer, 2025D12345
    kind: str  # one of KINDS
    date: str = ""  # ISO date (Datum)
    aanhangsel: str = ""  # ah-tk-20242025-1244, for an answer or a notice published in the Aanhangsel
    reference: str = ""  # KenmerkAfzender: the ministry's reference
    file: str = ""  # the downloaded file beside the record ("" when none could be: see `fetch`)
    bytes: int = 0  # its size as the Kamer states it (ContentLength)
    changed: str = ""  # GewijzigdOp, UTC: a changed document is downloaded again
    deleted: bool = False  # Verwijderd upstream: its file and page are kept


@dataclass(frozen=True, slots=True)
class Record:
    zaak: str  # Nummer, 2025Z04271
    subject: str = ""  # Onderwerp
    submitted: str = ""  # ISO date the questions were sent in
    closed: bool = False  # Afgedaan
    askers: tuple[Asker, ...] = ()  # Indiener first, then Medeindieners, as the Kamer lists them
    addressees: tuple[str, ...] = ()  # 'Gericht aan'
    documents: tuple[RecordDocument, ...] = ()  # by date, then number
    changed: str = ""  # the Zaak's GewijzigdOp, UTC

    def document(self, file_name: str) -> RecordDocument | None:
        """The record's entry for a file beside it (by its name, or its DocumentNummer as stem)."""
        stem = file_name.rsplit(".", 1)[0]
        return next((d for d in self.documents if file_name == d.file or stem == d.number), None)


def to_json(record: Record) -> str:
    """The record as written: sorted keys, two-space indent, a final newline (stable bytes)."""
    data = {
        "schema": SCHEMA_VERSION,
        "zaak": record.zaak,
        "subject": record.subject,
        "submitted": record.submitted,
        "closed": record.closed,
        "askers": [{"name": a.name, "party": a.party} for a in record.askers],
        "addressees": list(record.addressees),
        "documents": [_document_json(d) for d in record.documents],
        "changed": record.changed,
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _document_json(document: RecordDocument) -> dict[str, Any]:
    return {
        "number": document.number,
        "kind": document.kind,
        "date": document.date,
        "aanhangsel": document.aanhangsel,
        "reference": document.reference,
        "file": document.file,
        "bytes": document.bytes,
        "changed": document.changed,
        "deleted": document.deleted,
    }


class RecordError(ValueError):
    """A record that does not follow data/zaak.schema.json: what is wrong, for a diagnostic."""


def parse_record(text: str) -> Record:
    """A record read back; RecordError says what is wrong (the rules of data/zaak.schema.json)."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise RecordError(f"is not JSON ({error})") from None
    fields = _object(data, "the record", {"schema", "zaak", "subject", "submitted", "closed", "askers",
                                          "addressees", "documents", "changed"})  # fmt: skip
    if fields.get("schema") != SCHEMA_VERSION:
        raise RecordError(f"has schema {fields.get('schema')!r}; this kamervragen reads schema {SCHEMA_VERSION}")
    askers = _list(fields.get("askers", []), "askers")
    documents = _list(fields.get("documents", []), "documents")
    return Record(
        zaak=_text(fields.get("zaak"), "zaak", ZAAK),
        subject=_text(fields.get("subject", ""), "subject"),
        submitted=_text(fields.get("submitted", ""), "submitted", DATE, empty=True),
        closed=_flag(fields.get("closed", False), "closed"),
        askers=tuple(_asker(a) for a in askers),
        addressees=tuple(_text(a, "addressees") for a in _list(fields.get("addressees", []), "addressees")),
        documents=tuple(_document(d) for d in documents),
        changed=_text(fields.get("changed", ""), "changed", TIMESTAMP, empty=True),
    )


def _asker(data: object) -> Asker:
    fields = _object(data, "an asker", {"name", "party"})
    name = _text(fields.get("name"), "an asker's name")
    if not name:
        raise RecordError("an asker has no name")
    return Asker(name, _text(fields.get("party", ""), "an asker's party"))


def _document(data: object) -> RecordDocument:
    keys = {"number", "kind", "date", "aanhangsel", "reference", "file", "bytes", "changed", "deleted"}
    fields = _object(data, "a document", keys)
    kind = _text(fields.get("kind"), "a document's kind")
    if kind not in KINDS:
        raise RecordError(f"a document's kind is {kind!r}, not one of {', '.join(KINDS)}")
    size = fields.get("bytes", 0)
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise RecordError("a document's bytes is not a whole number of 0 or more")
    return RecordDocument(
        number=_text(fields.get("number"), "a document's number", DOCUMENT),
        kind=kind,
        date=_text(fields.get("date", ""), "a document's date", DATE, empty=True),
        aanhangsel=_text(fields.get("aanhangsel", ""), "a document's aanhangsel", AANHANGSEL, empty=True),
        reference=_text(fields.get("reference", ""), "a document's reference"),
        file=_text(fields.get("file", ""), "a document's file", FILE, empty=True),
        bytes=size,
        changed=_text(fields.get("changed", ""), "a document's changed", TIMESTAMP, empty=True),
        deleted=_flag(fields.get("deleted", False), "a document's deleted"),
    )


def _object(data: object, what: str, keys: set[str]) -> dict[str, object]:
    if not isinstance(data, dict):
        raise RecordError(f"{what} is not an object")
    unknown = sorted(set(data) - keys)
    if unknown:
        raise RecordError(f"{what} has fields this schema does not know: {', '.join(map(repr, unknown))}")
    return data


def _list(data: object, what: str) -> list[object]:
    if not isinstance(data, list) or len(data) > LIST_LIMIT:
        raise RecordError(f"{what} is not a list of at most {LIST_LIMIT} items")
    return data


def _text(data: object, what: str, pattern: re.Pattern[str] | None = None, empty: bool = False) -> str:
    if not isinstance(data, str) or len(data) > TEXT_LIMIT or CONTROL.search(data):
        raise RecordError(f"{what} is not a line of text of at most {TEXT_LIMIT} characters")
    if pattern is not None and not (empty and not data) and not pattern.fullmatch(data):
        raise RecordError(f"{what} {data[:40]!r} is not of the form {pattern.pattern}")
    return data


def _flag(data: object, what: str) -> bool:
    if not isinstance(data, bool):
        raise RecordError(f"{what} is not true or false")
    return data
