"""The few lines that end a build, for the maintainer: how many letters were built, which were left
out and which have warnings (each with its first problem), and how many new permalinks to record.

The build's log has every problem where it was found, among MkDocs' own lines; this repeats what
needs doing, letter by letter, where it is read: at the end.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Severity

__all__ = ["LISTED", "Summary", "summary_lines"]

LISTED = 20  # letters named, the rest counted: the summary stays short however large the archive


@dataclass(frozen=True, slots=True)
class Summary:
    letters: int  # letters published
    problems: tuple[Diagnostic, ...]  # of every letter, in the order found
    new_permalinks: int | None  # None: the site keeps no ledger


def summary_lines(summary: Summary, docs: Path) -> tuple[list[str], str | None]:
    """The summary's lines: a count, then a letter a line with its first problem (an error first);
    and the line naming the letters published whole, if any (a warning: `--strict` fails on them)."""
    first: dict[str, Diagnostic] = {}
    counts: dict[str, int] = {}
    undivided: list[str] = []
    for problem in summary.problems:
        counts[problem.file] = counts.get(problem.file, 0) + 1
        known = first.get(problem.file)
        if known is None or (problem.severity is Severity.ERROR and known.severity is not Severity.ERROR):
            first[problem.file] = problem
        if problem.code == "structure" and problem.file not in undivided:
            undivided.append(problem.file)
    left_out = [file for file, problem in first.items() if problem.severity is Severity.ERROR]
    warned = [file for file in first if file not in left_out]
    counted = f"kamervragen: {summary.letters} letters built, {len(left_out)} left out, {len(warned)} with warnings"
    if summary.new_permalinks is not None:
        counted += f", {summary.new_permalinks} new permalinks"
        if summary.new_permalinks:
            counted += " (record them with `kamervragen ledger --update`)"
    lines = [counted]
    for file in (left_out + warned)[:LISTED]:
        problem = first[file]
        where = os.path.relpath(docs / file)
        more = counts[file] - 1
        line = f"  {where}:{problem.line}: {problem.severity}: {problem.message}"
        line += " (letter left out)" if file in left_out else ""
        lines.append(line + (f" (and {more} more)" if more else ""))
    hidden = len(left_out) + len(warned) - LISTED
    if hidden > 0:
        lines.append(f"  … and {hidden} more letters, named above")
    published_whole = [os.path.relpath(docs / file) for file in undivided if file not in left_out]
    whole = (
        f"kamervragen: {len(published_whole)} letters published whole, their structure not recognised: "
        + ", ".join(published_whole)
    )
    return lines, whole if published_whole else None
