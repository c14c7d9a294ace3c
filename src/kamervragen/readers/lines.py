"""Readers' shared step: the next line of a paragraph joined to the text so far, as PDF lines join.

Both PDF readers (the text extracted from a PDF, and the PDF file read glyph by glyph) break a
paragraph into lines that must be joined again: with a space, by a hyphen join, or directly.
"""

from __future__ import annotations

import re

from ..hyphenation import Vocabulary

# A web address that a line end broke (it ends in a separator, or is only a scheme): no space after it.
URL_OPEN = re.compile(r"(?:https?://|www\.)\S*[/\-_.=&?#%]$|https?://$")
# A line-end hyphen before a conjunction stays, with its space: "wet- en regelgeving".
CONJUNCTION = re.compile(r"^(?:en|of|tot|en/of)\b")
TAIL = 500  # characters of the text so far that decide how the next line joins it


def join_line(run: list[str], right: str, vocabulary: Vocabulary) -> None:
    """Append the next line `right` to `run`, the pieces of the paragraph's text so far (kept as
    pieces, joined once at the end, so that a paragraph costs time in proportion to its length)."""
    while run and not run[-1].rstrip():
        run.pop()
    if run:
        run[-1] = run[-1].rstrip()
    if not right:
        return
    left = _tail(run)
    if URL_OPEN.search(left):
        run.append(right)
    elif left.endswith("-") and vocabulary.join(left[:-1], right):
        run[-1] = run[-1][:-1]
        run.append(right)
    elif left.endswith("-") and CONJUNCTION.match(right):
        run.append(" " + right)
    elif (left.endswith(("-", "/")) and left[-2:-1].isalpha() and right[0].isalpha()) or right[0] in ".,;:?!)":
        run.append(right)  # "zorg-/welzijn" kept as broken, a word's "-" or "/" glued to the next
    else:
        run.append(" " + right)


def _tail(run: list[str]) -> str:
    pieces: list[str] = []
    size = 0
    for piece in reversed(run):
        pieces.append(piece)
        size += len(piece)
        if size >= TAIL:
            break
    return "".join(reversed(pieces))[-TAIL:]
