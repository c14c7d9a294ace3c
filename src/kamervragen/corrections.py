"""Source corrections: data files that mend a letter's text where the source itself is wrong.

A letter that is wrong in a way no recognition rule should guess (two questions both labelled
"Vraag 3", a label typed as "Antwoord 2l") is not fixed in code: a file beside the letters names the
lines to change, with what each line reads now and why it must change. `content/corrections/<letter
file name>.yaml`:

    - line: 26
      was: "Antwoord 2l"
      now: "Antwoord 2"
      why: "the Aanhangsel prints the sub-item's letter after the number"

A correction applies only while the line still reads `was`; otherwise it is reported (the letter
changed under it) and the letter is read as it stands. Text renderings only: a Word or PDF file is
corrected by a corrected source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, Severity

FOLDER = "corrections"


@dataclass(frozen=True, slots=True)
class Correction:
    line: int
    was: str
    now: str
    why: str


def read_corrections(path: Path) -> tuple[list[Correction], list[Diagnostic]]:
    """The corrections of one file, and what is wrong with the file itself."""
    name = path.as_posix()
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as error:
        return [], [Diagnostic(name, 0, Severity.ERROR, f"cannot read the corrections: {error}")]
    corrections: list[Correction] = []
    problems: list[Diagnostic] = []
    for index, entry in enumerate(entries if isinstance(entries, list) else [entries], start=1):
        fields = entry if isinstance(entry, dict) else {}
        line, was, now, why = (fields.get(k) for k in ("line", "was", "now", "why"))
        if not (isinstance(line, int) and line > 0 and isinstance(was, str) and isinstance(now, str) and why):
            message = f"correction {index}: expected line (a number), was, now and why (text)"
            problems.append(Diagnostic(name, 0, Severity.ERROR, message))
            continue
        corrections.append(Correction(line, was, now, str(why)))
    return corrections, problems


def apply(data: bytes, letter: str, corrections: Sequence[Correction]) -> tuple[bytes, list[Diagnostic]]:
    """The letter's bytes with each correction made; a correction whose line no longer reads `was`
    is not made, and reported (a numbering warning: a strict build stops)."""
    if not corrections:
        return data, []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        message = "corrections apply to UTF-8 text letters only; correct the source file itself"
        return data, [Diagnostic(letter, 0, Severity.WARNING, message, "numbering")]
    lines = text.split("\n")
    problems: list[Diagnostic] = []
    for correction in corrections:
        index = correction.line - 1
        current = lines[index].rstrip("\r") if index < len(lines) else None
        if current is None or current.strip() != correction.was.strip():
            message = (
                f"correction no longer applies: the line reads {current!r}, not {correction.was!r};"
                " update or remove it in corrections/"
            )
            problems.append(Diagnostic(letter, correction.line, Severity.WARNING, message, "numbering"))
            continue
        lines[index] = correction.now + ("\r" if lines[index].endswith("\r") else "")
    return "\n".join(lines).encode("utf-8"), problems
