"""The archive: every source letter under a folder, converted and grouped per Zaak into cases."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..convert import convert_bytes
from ..dates import days_between
from ..diagnostics import Diagnostic, Severity
from ..linking.linker import site_keys
from ..model import Kind, Letter, Person

LETTER_PATTERNS = ("*.txt",)  # source letters among the site's files; everything else is a page or asset


class Status(StrEnum):
    ANSWERED = "beantwoord"
    POSTPONED = "uitgesteld"
    OPEN = "nog niet beantwoord"


@dataclass(frozen=True, slots=True)
class Document:
    letter: Letter
    source: str  # path of the source file relative to the content folder, with "/"


@dataclass(frozen=True, slots=True)
class Case:
    """One Kamervraag (Zaak): the questions as submitted, any postponement notice, the answer."""

    id: str
    documents: tuple[Document, ...]  # main document first: answer, then notice, then questions

    @property
    def main(self) -> Letter:
        return self.documents[0].letter

    def of_kind(self, kind: Kind) -> Letter | None:
        return next((d.letter for d in self.documents if d.letter.kind is kind), None)

    @property
    def status(self) -> Status:
        kinds = {d.letter.kind for d in self.documents}
        if Kind.ANTWOORD in kinds:
            return Status.ANSWERED
        return Status.POSTPONED if Kind.MEDEDELING in kinds else Status.OPEN

    @property
    def title(self) -> str:
        titled = next((d.letter for d in self.documents if d.letter.meta.subject), self.main)
        return titled.title

    @property
    def submitted(self) -> str:
        return next((d.letter.meta.submitted for d in self.documents if d.letter.meta.submitted), "")

    @property
    def answered(self) -> str:
        answer = self.of_kind(Kind.ANTWOORD)
        return answer.meta.date if answer else ""

    @property
    def date(self) -> str:
        """The date the case is listed under: its answer, else its notice, else its submission."""
        notice = self.of_kind(Kind.MEDEDELING)
        return self.answered or (notice.meta.date if notice else "") or self.submitted

    @property
    def days_to_answer(self) -> int | None:
        return days_between(self.submitted, self.answered)

    @property
    def askers(self) -> tuple[Person, ...]:
        return next((d.letter.meta.askers for d in self.documents if d.letter.meta.askers), ())

    @property
    def ministry(self) -> str:
        return next((d.letter.meta.ministry for d in self.documents if d.letter.meta.ministry), "")

    @property
    def aanhangsel(self) -> str:
        return next((d.letter.meta.aanhangsel for d in self.documents if d.letter.meta.aanhangsel), "")


@dataclass(frozen=True, slots=True)
class Archive:
    cases: tuple[Case, ...]  # newest first
    problems: tuple[Diagnostic, ...]  # errors of letters left out, warnings of letters kept


def source_files(root: Path) -> list[Path]:
    return sorted(p for pattern in LETTER_PATTERNS for p in root.rglob(pattern) if p.is_file())


_ORDER = {Kind.ANTWOORD: 0, Kind.MEDEDELING: 1, Kind.VRAGEN: 2}


def load_archive(root: Path, files: Iterable[Path] | None = None) -> Archive:
    """Convert every source letter under `root` (or the given files) and group them per Zaak."""
    paths = sorted(files) if files is not None else source_files(root)
    return build_archive({_name(root, path): path.read_bytes() for path in paths})


def build_archive(letters: Mapping[str, bytes]) -> Archive:
    """Group letters (name relative to the content folder → bytes) per Zaak.

    Two passes: the first finds every letter's page, so that in the second, letters citing each
    other link to each other's page. A letter with an error is left out; the others are kept.
    """
    names = sorted(letters)
    site: dict[str, str] = {}
    for name in names:
        letter = convert_bytes(letters[name], name, check=False).letter
        if letter is not None:
            site.update(dict.fromkeys(site_keys(letter), f"{case_id(letter)}.md"))
    grouped: dict[str, list[Document]] = {}
    problems: list[Diagnostic] = []
    for name in names:
        conversion = convert_bytes(letters[name], name, site=site)
        problems.extend(conversion.diagnostics)
        if conversion.letter is None or not conversion.ok:
            continue
        letter = conversion.letter
        grouped.setdefault(case_id(letter), []).append(Document(letter, name))
    cases = [
        Case(key, tuple(sorted(documents, key=lambda d: (_ORDER[d.letter.kind], d.source))))
        for key, documents in grouped.items()
    ]
    cases.sort(key=lambda c: (c.date, c.id), reverse=True)
    return Archive(tuple(cases), tuple(problems))


def case_id(letter: Letter) -> str:
    """The page a letter belongs to: its Zaak number, else its own id (an Aanhangsel id)."""
    return letter.meta.zaak or letter.id or Path(letter.source).stem


def _name(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def slug(text: str) -> str:
    """A URL segment for an index page: 'GroenLinks-PvdA' → 'groenlinks-pvda', 'Kröger' → 'kroger'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "onbekend"


def is_error(diagnostic: Diagnostic) -> bool:
    return diagnostic.severity is Severity.ERROR
