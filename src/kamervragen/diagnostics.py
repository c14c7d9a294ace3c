"""Diagnostics: problems found in a letter, reported as values with file and line."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where it is (1-based line, 0 when it concerns the whole file) and what to do."""

    file: str
    line: int
    severity: Severity
    message: str
    code: str = ""  # what kind of problem: "numbering" and "structure" fail a strict build

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


class Reporter:
    """Collects diagnostics for one file; every stage appends to the same list."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Diagnostic] = []

    def warn(self, line: int, message: str, code: str = "") -> None:
        self.items.append(Diagnostic(self.file, line, Severity.WARNING, message, code))

    def error(self, line: int, message: str) -> None:
        self.items.append(Diagnostic(self.file, line, Severity.ERROR, message))


# Warnings that a strict build fails on (with every engine): a letter read with its numbering repaired
# or its structure not recognised is published, but must not pass unnoticed.
STRICT_CODES = frozenset({"numbering", "structure"})
