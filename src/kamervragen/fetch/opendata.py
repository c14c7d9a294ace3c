"""Fetch stage: the Tweede Kamer's OData API as this project asks it, and its answers as records.

Field names and entity sets are as documented (the Kamer's own documentation and the `tkapi`
client); where the shape of an answer is assumed rather than documented, the comment says
"assumed". tests/opendata_server.py serves exactly these shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from .client import Client, FetchError
from .record import DOCUMENT, KINDS, ZAAK, Asker, Record, RecordDocument

ROOT = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
ZAAK_SOORT = "Schriftelijke vragen"
# Document Soort → the record's kind (the four kinds of a Kamervraag)
DOCUMENT_KINDS = {
    "Schriftelijke vragen": "vragen",
    "Antwoord schriftelijke vragen": "antwoord",
    "Antwoord schriftelijke vragen (nader)": "nader antwoord",
    "Mededeling (uitstel antwoord)": "mededeling",
}
assert set(DOCUMENT_KINDS.values()) == set(KINDS)
# ContentType → the file's extension; the readers read Word (.docx) and PDF files
EXTENSIONS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/pdf": "pdf",
}
JSON = "application/json;odata.metadata=full"


@dataclass(frozen=True, slots=True)
class File:
    """A document's file to download: where it is, what it is, how long it is said to be."""

    url: str
    name: str  # 2025D12345.docx
    length: int | None  # ContentLength (None when the Kamer states none)


@dataclass(frozen=True, slots=True)
class Zaak:
    record: Record
    files: dict[str, File]  # by DocumentNummer
    unreadable: tuple[str, ...]  # documents whose ContentType no reader reads: reported, not downloaded


def _since(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def changed_zaken(client: Client, since: datetime) -> list[str]:
    """The numbers of the Zaken of soort "Schriftelijke vragen" changed since `since`: those whose own
    GewijzigdOp is later, and those with a document of the four kinds changed since (a new answer
    need not touch its Zaak: assumed, so both are asked)."""
    numbers: set[str] = set()
    zaken = {
        "$filter": f"Soort eq '{ZAAK_SOORT}' and Verwijderd eq false and GewijzigdOp ge {_since(since)}",
        "$select": "Id,Nummer,GewijzigdOp",
        "$orderby": "GewijzigdOp",
        "$format": JSON,
    }
    for page in client.pages("Zaak", zaken):
        numbers.update(_number(item.get("Nummer"), ZAAK) for item in page)
    kinds = " or ".join(f"Soort eq '{soort}'" for soort in DOCUMENT_KINDS)
    documents = {
        # deleted documents too: a deletion is reported (Verwijderd)
        "$filter": f"({kinds}) and GewijzigdOp ge {_since(since)}",
        "$select": "Id,GewijzigdOp",
        "$expand": "Zaak($select=Nummer,Soort)",
        "$orderby": "GewijzigdOp",
        "$format": JSON,
    }
    for page in client.pages("Document", documents):
        for item in page:
            # assumed: an expanded collection navigation property is a list of entities
            for zaak in _list(item.get("Zaak")):
                if zaak.get("Soort") == ZAAK_SOORT:
                    numbers.add(_number(zaak.get("Nummer"), ZAAK))
    numbers.discard("")
    return sorted(numbers)


def zaak(client: Client, number: str) -> Zaak | None:
    """The Zaak with its actors and documents, as a record; None when the Kamer has no such Zaak."""
    query = {
        "$filter": f"Nummer eq '{number}' and Verwijderd eq false",
        "$expand": "ZaakActor,Document",
        "$format": JSON,
    }
    found = [item for page in client.pages("Zaak", query) for item in page]
    if not found:
        return None
    return to_zaak(client, found[0])


def to_zaak(client: Client, item: dict[str, Any]) -> Zaak:
    """A Zaak entity (with ZaakActor and Document expanded) as the record and the files to fetch."""
    number = _number(item.get("Nummer"), ZAAK)
    if not number:
        raise FetchError(f"a Zaak without a valid Nummer ({str(item.get('Nummer'))[:40]!r})")
    actors = list(_list(item.get("ZaakActor")))
    askers = [_asker(a) for a in actors if a.get("Relatie") == "Indiener"]
    askers += [_asker(a) for a in actors if a.get("Relatie") == "Medeindiener"]
    addressees = [
        _text(a.get("Functie")) or _text(a.get("ActorNaam")) for a in actors if a.get("Relatie") == "Gericht aan"
    ]
    documents: list[RecordDocument] = []
    files: dict[str, File] = {}
    unreadable: list[str] = []
    for entity in _list(item.get("Document")):
        document, file = _document(client, entity)
        if document is None:
            continue
        documents.append(document)
        if file is not None:
            files[document.number] = file
        elif not document.deleted:
            unreadable.append(f"{document.number} ({_text(entity.get('ContentType')) or 'no ContentType'})")
    documents.sort(key=lambda d: (d.date, d.number))
    questions = next((d.date for d in documents if d.kind == "vragen" and d.date), "")
    record = Record(
        zaak=number,
        subject=subject(_text(item.get("Onderwerp"))),
        submitted=questions or _date(item.get("GestartOp")),
        closed=item.get("Afgedaan") is True,
        askers=tuple(a for a in askers if a.name),
        addressees=tuple(a for a in addressees if a),
        documents=tuple(documents),
        changed=_timestamp(item.get("GewijzigdOp")),
    )
    return Zaak(record, files, tuple(unreadable))


def _document(client: Client, entity: dict[str, Any]) -> tuple[RecordDocument | None, File | None]:
    kind = DOCUMENT_KINDS.get(_text(entity.get("Soort")))
    number = _number(entity.get("DocumentNummer"), DOCUMENT)
    if kind is None or not number:  # another kind of document of the Zaak (a letter, a motion)
        return None, None
    extension = EXTENSIONS.get(_text(entity.get("ContentType")).split(";")[0].strip().lower())
    length = entity.get("ContentLength")
    size = length if isinstance(length, int) and not isinstance(length, bool) and length >= 0 else None
    deleted = entity.get("Verwijderd") is True
    name = f"{number}.{extension}" if extension else ""
    document = RecordDocument(
        number=number,
        kind=kind,
        date=_date(entity.get("Datum")),
        aanhangsel=aanhangsel_id(_text(entity.get("Vergaderjaar")), _text(entity.get("Aanhangselnummer"))),
        reference=_text(entity.get("KenmerkAfzender")),
        file=name,
        bytes=size or 0,
        changed=_timestamp(entity.get("GewijzigdOp")),
        deleted=deleted,
    )
    identifier = _text(entity.get("Id"))
    if not name or deleted or not GUID.fullmatch(identifier):
        return document, None
    return document, File(client.url(f"Document({identifier})/resource"), name, size)


GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def aanhangsel_id(vergaderjaar: str, aanhangselnummer: str) -> str:
    """`2024-2025`, `242501244` → `ah-tk-20242025-1244` (the number's last four digits, without
    leading zeros); "" when either is missing or malformed."""
    year = re.fullmatch(r"(\d{4})-(\d{4})", vergaderjaar)
    if not year or not re.fullmatch(r"\d{5,}", aanhangselnummer):
        return ""
    number = int(aanhangselnummer[-4:])
    return f"ah-tk-{year[1]}{year[2]}-{number}" if number else ""


# assumed: a Zaak's Onderwerp may read as a Document's title does ("Vragen van het lid … over …");
# the page wants what the questions are about
_ABOUT = re.compile(r"(?:Schriftelijke )?[Vv]ragen van (?:het lid|de leden) .*? over (?P<about>.+)", re.S)


def subject(text: str) -> str:
    found = _ABOUT.fullmatch(text)
    return found["about"].strip() if found else text


def _asker(actor: dict[str, Any]) -> Asker:
    return Asker(_text(actor.get("ActorNaam")), _text(actor.get("ActorFractie")) or _text(actor.get("ActorAfkorting")))


def _list(value: object) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):  # assumed possible for a single-valued navigation property
        yield value
    elif isinstance(value, list):
        yield from (v for v in value if isinstance(v, dict))


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def _text(value: object) -> str:
    """Text of a field, on one line, without control characters; "" for anything that is no text."""
    return " ".join(_CONTROL.sub(" ", value).split())[:2000] if isinstance(value, str) else ""


def _number(value: object, pattern: re.Pattern[str]) -> str:
    text = _text(value)
    return text if pattern.fullmatch(text) else ""


def _parse_time(value: object) -> datetime | None:
    """An Edm.DateTimeOffset (`2025-03-31T10:12:00+02:00`, `…Z`, fractions allowed)."""
    text = _text(value)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _date(value: object) -> str:
    """The calendar date as the Kamer states it (its own time zone kept: a letter of 31 March at
    00:00+02:00 is of 31 March)."""
    moment = _parse_time(value)
    return moment.date().isoformat() if moment else ""


def _timestamp(value: object) -> str:
    moment = _parse_time(value)
    return _since(moment) if moment else ""
