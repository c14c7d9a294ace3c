"""Site stage: a Zaak's official record (`zaak.json`, written by `kamervragen fetch`) informs its letters.

The record decides what the Kamer registered: the Zaak number, askers and parties, addressees, the
subject, each document's kind, date, number, Aanhangsel id and the ministry's reference. The
letter's text gives the rest (who answered, on whose behalf, the questions and answers). Where a
letter states something else than its record, the build warns with both values. The record is
untrusted input like the letters: it is checked against its schema's rules (fetch/record.py) and
becomes page text only through the same escaping as a letter's metadata. A letter without a
record beside it is read exactly as before.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from ..convert import Conversion
from ..diagnostics import Diagnostic, Severity
from ..fetch.record import RECORD, Record, RecordError, parse_record
from ..model import Kind, Letter, Person

CODE = "record"  # a letter that disagrees with its record: reported with both values (not a strict stop)
KINDS = {
    "vragen": Kind.VRAGEN,
    "antwoord": Kind.ANTWOORD,
    "nader antwoord": Kind.ANTWOORD,
    "mededeling": Kind.MEDEDELING,
}


def read_records(root: Path) -> tuple[dict[str, Record], list[Diagnostic]]:
    """Every record under `root`, by its folder (relative, with "/"), and the problems of those that
    cannot be used (their letters are then read as if they had none)."""
    records: dict[str, Record] = {}
    problems: list[Diagnostic] = []
    for path in sorted(root.rglob(RECORD)):
        name = path.relative_to(root).as_posix()
        problem = ""
        if path.is_symlink() or not path.is_file():
            problem = "is a symbolic link or no file: records are read only as regular files inside content/"
        else:
            try:
                records[posixpath.dirname(name)] = parse_record(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                problem = f"cannot be read ({error})"
            except RecordError as error:
                problem = f"{error} (data/zaak.schema.json)"
        if problem:
            message = f"this Zaak record {problem}; the letters beside it are read without it: fetch it again"
            problems.append(Diagnostic(name, 0, Severity.WARNING, message, CODE))
    return records, problems


def record_of(name: str, records: Mapping[str, Record]) -> tuple[str, Record] | None:
    """The record beside the letter `name` (relative to the content folder), with its path."""
    folder = posixpath.dirname(name)
    record = records.get(folder)
    return None if record is None else (posixpath.join(folder, RECORD), record)


def with_record(name: str, conversion: Conversion, records: Mapping[str, Record]) -> Conversion:
    """The letter as its record has it, with a warning for each fact the two state differently."""
    found = record_of(name, records)
    if found is None or conversion.letter is None:
        return conversion
    path, record = found
    letter, warnings = informed(conversion.letter, record, name, path)
    return replace(conversion, letter=letter, diagnostics=(*conversion.diagnostics, *warnings))


def informed(letter: Letter, record: Record, name: str, path: str) -> tuple[Letter, list[Diagnostic]]:
    meta = letter.meta
    document = record.document(posixpath.basename(name))
    warnings: list[Diagnostic] = []

    def decide(what: str, stated: str, official: str) -> str:
        """The record's value; a warning naming both when the letter states another."""
        if not official:
            return stated
        if stated and stated != official:
            message = (
                f"the letter states {what} {stated}, its record {path} {official}: the page follows the record;"
                " check which one is right (a wrong letter is mended in content/corrections/)"
            )
            warnings.append(Diagnostic(name, 0, Severity.WARNING, message, CODE))
        return official

    changes: dict[str, object] = {
        "zaak": decide("Zaak", meta.zaak, record.zaak),
        "subject": record.subject or meta.subject,
        "submitted": decide("submission date", meta.submitted, record.submitted),
        "askers": tuple(Person(a.name, a.party) for a in record.askers) or meta.askers,
        "addressees": record.addressees or meta.addressees,
    }
    kind = letter.kind
    if document is not None:
        changes["date"] = decide("date", meta.date, document.date)
        changes["document"] = decide("document number", meta.document, document.number)
        changes["aanhangsel"] = decide("Aanhangsel", meta.aanhangsel, document.aanhangsel)
        changes["reference"] = document.reference or meta.reference
        kind = KINDS[document.kind]
        if kind is not letter.kind:
            decide("kind", letter.kind.value, kind.value)
        changes["supplement"] = document.kind == "nader antwoord"
    informed_meta = replace(meta, **changes)  # type: ignore[arg-type]
    return replace(letter, kind=kind, meta=informed_meta), warnings


def record_key(name: str, records: Mapping[str, Record]) -> tuple[str, ...]:
    """What a letter's cached forms depend on besides its bytes: its record (nothing without one)."""
    found = record_of(name, records)
    return () if found is None else (repr(found[1]),)
