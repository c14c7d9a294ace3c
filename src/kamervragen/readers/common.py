"""Helpers shared by the readers: whitespace, trailing source-note lists and inline source marks."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .blocks import RawInline, RawNote, RawRef, SourceBlock

# Spaces that Word and PDF extraction leave around text: no-break, thin, zero-width, and the
# invisible direction marks (LRM, RLM) that right-to-left names bring along.
SPACES = " \t\u00a0\u2007\u202f\u200b\u2009\ufeff\u200e\u200f"

LinePredicate = Callable[[str], bool]
"""What a reader asks of a later stage without importing it: does this line stand alone?"""


def never(_line: str) -> bool:
    return False


def strip(text: str) -> str:
    return text.strip(SPACES)


def trailing_notes(
    blocks: Sequence[SourceBlock], definition: re.Pattern[str]
) -> tuple[list[SourceBlock], list[RawNote]]:
    """Split off the run of note definitions ("[1] …", "1) …") that ends a document.

    Only the trailing run counts: a "1) …" paragraph in the middle of an answer is a list item.
    """
    end = len(blocks)
    start = end
    while start > 0 and (definition.match(blocks[start - 1].text) or not blocks[start - 1].text.strip(SPACES)):
        start -= 1
    notes: list[RawNote] = []
    for block in blocks[start:end]:
        match = definition.match(block.text)
        if match:
            body = strip(block.text[match.end() :])
            notes.append(RawNote("source", match.group(1), block.line, (body,), mark=strip(match.group(0))))
    if not notes:
        return list(blocks), []
    return list(blocks[:start]), notes


def link_marks(text: str, mark: re.Pattern[str], keys: set[str], space: str) -> tuple[RawInline, ...]:
    """Turn the marks in `text` whose key has a note body into note references."""
    parts: list[RawInline] = []
    position = 0
    for match in mark.finditer(text):
        key = match.group(1)
        if key not in keys:
            continue
        parts.append(text[position : match.start()])
        parts.append(RawRef(space, key, mark=match.group(0)))
        position = match.end()
    parts.append(text[position:])
    return tuple(p for p in parts if p != "")
