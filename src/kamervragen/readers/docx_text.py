"""Reader for the plain text of Tweede Kamer Word files: one paragraph a line, source notes "1)" at the end."""

from __future__ import annotations

import re
from dataclasses import replace

from ..diagnostics import Reporter
from .blocks import RawInline, SourceBlock, SourceDoc
from .common import LinePredicate, link_marks, never, strip, trailing_notes

SOURCE_DEFINITION = re.compile(r"^(\d{1,2})\)[\s\u00a0]+")
# "1)" after the last word of a question: a whole sequence "? 1) 2)" at the end of the paragraph.
SOURCE_MARK = re.compile(r"(?<=[\s\u00a0])(\d{1,2})\)(?=(?:[\s\u00a0]+\d{1,2}\))*[\s\u00a0]*$)")
# A line that does not end a sentence, followed by one that starts in lower case, is one paragraph
# broken by a manual line break.
SENTENCE_END = re.compile(r"[.?!:;»”\"')\]]\s*$")


def read(lines: list[str], report: Reporter, standalone: LinePredicate = never) -> SourceDoc:
    """Read the docx text rendering: non-empty lines are paragraphs, broken sentences rejoined."""
    del report  # this rendering has no markers that can be malformed
    paragraphs: list[tuple[int, list[str]]] = []  # first line number, lines
    previous = ""  # the line before, "" after a blank line: only it decides, never the paragraph so far
    for number, raw in enumerate(lines, start=1):
        text = strip(raw)
        if previous and text and _continues(previous, text):
            paragraphs[-1][1].append(text)
        elif text:
            paragraphs.append((number, [text]))
        previous = text
    blocks = [SourceBlock(number, (" ".join(parts),)) for number, parts in paragraphs]
    body, notes = trailing_notes(blocks, SOURCE_DEFINITION)
    keys = {n.key for n in notes}
    body = [_link(block, keys) for block in body]
    removed = tuple(f"{n.key})" for n in notes)
    return SourceDoc("docx-text", tuple(body), tuple(notes), removed)


def _continues(previous: str, text: str) -> bool:
    return not SENTENCE_END.search(previous) and text[:1].islower()


def _link(block: SourceBlock, keys: set[str]) -> SourceBlock:
    if not keys:
        return block
    content: tuple[RawInline, ...] = link_marks(block.text, SOURCE_MARK, keys, "source")
    if content and isinstance(content[-1], str):
        content = (*content[:-1], content[-1].rstrip())
    return replace(block, content=tuple(c for c in content if c != ""))
