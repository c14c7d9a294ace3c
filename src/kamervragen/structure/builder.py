"""Structure builder: source blocks of any rendering → the Letter model, with diagnostics.

Stages, in order: make each block a token; split the header from the questions and answers; read
the metadata; choose the most consistent reading of the tokens (`readings.py`); number the notes in
reading order; report what the reading could not make consistent. A letter whose questions cannot be
found at all is published whole, marked as such.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urlsplit

from ..diagnostics import Reporter
from ..model import (
    Answer,
    Block,
    BlockStyle,
    Inline,
    Kind,
    Letter,
    Link,
    LinkKind,
    Note,
    NoteRef,
    NoteSeries,
    Question,
)
from ..readers.blocks import RawInline, RawLink, RawRef, SourceBlock, SourceDoc
from ..urls import publishable
from ..wordnumbers import word_number
from .labels import Role
from .metadata import read_metadata
from .readings import Item, Reading, choose, problems
from .tokens import Token, TokenKind, tokenize

# Header lines whose whole content is shown as metadata, so they are not repeated as text.
METADATA_ONLY = re.compile(
    r"^(?:AH\s+\d+|\d{4}Z\s?\d{5}|Kamervragen\s+\d{4}Z\s?\d{5}|\(ingezonden\s+[^)]*\))\.?$", re.I
)
COVER_START = re.compile(r"^Geachte\s+(?:voorzitter|mevrouw|heer)", re.I)
QUESTIONS_LINE = re.compile(r"^(?:Mondelinge\s+)?Vra(?:ag|gen)\s+van\s+(?:het|de)\s+(?:lid|leden)\b", re.I)


def build(doc: SourceDoc, report: Reporter) -> tuple[Letter, tuple[str, ...]]:
    """Build the letter; also return the text consumed by rule (labels, letterhead, metadata lines)."""
    tokens = [tokenize(b) for b in doc.blocks]
    start = _questions_start(tokens)
    header, body = list(doc.blocks[:start]), tokens[start:]
    meta = read_metadata([*_lines(header), *_notice_lines(body)], doc.facts)
    kind = _kind(header, body)
    reading = choose(body, kind)
    if reading.name == "bold" and any(item.role is Role.ANSWER for item in reading.items):
        kind = Kind.ANTWOORD
    if reading.related:
        meta = replace(meta, related=tuple(dict.fromkeys(reading.related)))
    preamble, consumed = _preamble(header)
    unstructured = not reading.questions and kind is Kind.ANTWOORD and not meta.oral
    if unstructured:  # published whole: the body's blocks as they stand, labels included
        preamble += [t.block for t in body]
        reading = Reading("none")
    else:
        consumed += tuple(t.block.text for t in body if t.kind is TokenKind.LABEL) + tuple(reading.consumed)
    notes, numbering = _number_notes(doc, [*preamble, *(b for i in reading.items for b in i.blocks), *reading.closing])
    letter = Letter(
        source=report.file,
        rendering=doc.rendering,
        kind=kind,
        meta=meta,
        preamble=_resolve(preamble, numbering),
        items=_items(reading.items, numbering),
        closing=_resolve(reading.closing, numbering),
        notes=notes,
        unstructured=unstructured,
    )
    _check(letter, reading, report)
    return letter, consumed


def _lines(blocks: Sequence[SourceBlock]) -> list[str]:
    """Text lines for the metadata recognizers: a table gives one line per cell."""
    lines: list[str] = []
    for block in blocks:
        if block.rows:
            lines.extend(cell for row in block.rows for cell in row)
        else:
            lines.append(block.text)
    return lines


def _questions_start(tokens: Sequence[Token]) -> int:
    """Index of the first label, numbered first question or bold question; else just after the
    questions line ("Vragen van het lid …")."""
    for index, token in enumerate(tokens):
        label = token.label
        if label and not (label.style.name == "bare-number" and label.numbers != (1,)):
            return index
        if token.kind is TokenKind.NUMBERED and token.number == 1:
            return index
    for index, token in enumerate(tokens):
        if _is_bold_question(token.block):
            return index
    for index, token in enumerate(tokens):
        if QUESTIONS_LINE.match(token.block.text):
            return index + 1
    return len(tokens)


def _notice_lines(body: Sequence[Token]) -> list[str]:
    """The text after a 'Mededeling' label: the notice names the Zaak its questions belong to."""
    for index, token in enumerate(body):
        if token.label is not None and token.label.role is Role.NOTICE:
            return [t.block.text for t in body[index + 1 :]]
    return []


# A cover letter's subject that announces a postponement: "Betreft: Uitstel beantwoording Kamervragen …"
POSTPONEMENT = re.compile(r"^(?:Betreft:?\s*)?Uitstel\s+(?:van\s+(?:de\s+)?)?beantwoording\b", re.I)


def _kind(header: Sequence[SourceBlock], body: Sequence[Token]) -> Kind:
    texts = [b.text.strip() for b in header] + [c.strip() for b in header for row in b.rows for c in row]
    if any(t.startswith("Mededeling van") or POSTPONEMENT.match(t) for t in texts) or any(
        t.label is not None and t.label.role is Role.NOTICE for t in body
    ):
        return Kind.MEDEDELING
    if any(t.startswith("Antwoord van") or COVER_START.match(t) for t in texts):
        return Kind.ANTWOORD
    if any(t.label is not None and t.label.role is Role.ANSWER for t in body):
        return Kind.ANTWOORD
    return Kind.VRAGEN


def _is_bold_question(block: SourceBlock) -> bool:
    return block.emphasis and block.style is BlockStyle.PARAGRAPH and block.text.rstrip().endswith("?")


def _preamble(header: Sequence[SourceBlock]) -> tuple[list[SourceBlock], tuple[str, ...]]:
    """The text shown before the questions: the cover letter, the questions and answer lines."""
    cover = next((i for i, b in enumerate(header) if COVER_START.match(b.text)), None)
    # by position, not by comparing blocks: a header of thousands of lines stays linear
    letterhead = range(cover) if cover is not None else [i for i, b in enumerate(header) if b.cell]
    dropped = set(letterhead) | {i for i, b in enumerate(header) if METADATA_ONLY.match(b.text)}
    kept = [b for i, b in enumerate(header) if i not in dropped]
    consumed = tuple(b.text for i, b in enumerate(header) if i in dropped)
    return kept, consumed


# A note mark's id space (the reader's) → the series it is numbered in on the page.
SERIES = {"footnote": NoteSeries.FOOTNOTE, "page": NoteSeries.FOOTNOTE, "endnote": NoteSeries.ENDNOTE}
SERIES["source"] = NoteSeries.SOURCE


def _number_notes(
    doc: SourceDoc, blocks: Sequence[SourceBlock]
) -> tuple[tuple[Note, ...], dict[tuple[str, str], NoteRef]]:
    """Number notes 1..n per series in the order their marks are read; unmarked notes come last."""
    numbering: dict[tuple[str, str], NoteRef] = {}
    counters = dict.fromkeys(NoteSeries, 0)
    endnote_format = dict(doc.facts).get("endnote-format", "lowerRoman")

    def number(space: str, key: str, mark: str) -> None:
        series = SERIES.get(space, NoteSeries.FOOTNOTE)
        counters[series] += 1
        if series is NoteSeries.ENDNOTE:
            mark = word_number(counters[series], endnote_format)
        numbering[(space, key)] = NoteRef(series, counters[series], mark)

    for block in blocks:
        for part in block.content:
            if isinstance(part, RawRef) and (part.space, part.key) not in numbering:
                number(part.space, part.key, part.mark)
    for raw in doc.notes:
        if (raw.space, raw.key) not in numbering:
            number(raw.space, raw.key, raw.mark)
    notes = [
        Note(ref.series, ref.number, raw.line, _inlines(raw.content, numbering), mark=raw.mark or ref.mark)
        for raw in doc.notes
        if (ref := numbering[(raw.space, raw.key)])
    ]
    notes.sort(key=lambda n: (list(NoteSeries).index(n.series), n.number))
    return tuple(notes), numbering


def _inlines(content: Sequence[RawInline], numbering: dict[tuple[str, str], NoteRef]) -> tuple[Inline, ...]:
    """Note marks get their reading-order number; a source mark keeps the text it was written as; a
    Word hyperlink keeps its target when it may be published (else its text only)."""
    return tuple(_inline(p, numbering) for p in content)


def _inline(part: RawInline, numbering: dict[tuple[str, str], NoteRef]) -> Inline:
    if isinstance(part, RawRef):
        ref = numbering[(part.space, part.key)]
        return replace(ref, mark=part.mark or ref.mark)
    if isinstance(part, RawLink):  # only a web address: never javascript:, file: or a local path
        url = publishable(part.url) if urlsplit(part.url).scheme.lower() in ("http", "https") else None
        return Link(part.text, url, LinkKind.WEB) if url else part.text
    return part


def _resolve(blocks: Sequence[SourceBlock], numbering: dict[tuple[str, str], NoteRef]) -> tuple[Block, ...]:
    return tuple(Block(b.line, b.style, _inlines(b.content, numbering), marker=b.marker, rows=b.rows) for b in blocks)


def _items(opened: Sequence[Item], numbering: dict[tuple[str, str], NoteRef]) -> tuple[Question | Answer, ...]:
    """Model items in reading order; a 'Toelichting' joins the question before it."""
    items: list[Question | Answer] = []
    for item in opened:
        blocks = _resolve(item.blocks, numbering)
        last = items[-1] if items else None
        if item.role is Role.EXPLANATION and isinstance(last, Question):
            items[-1] = replace(last, explanation=last.explanation + blocks)
        elif item.role is Role.ANSWER:
            items.append(Answer(covers=item.numbers, line=item.line, blocks=blocks, part=item.part))
        elif item.role is Role.QUESTION:
            items.append(
                Question(numbers=item.numbers, line=item.line, blocks=blocks, aliases=item.aliases, part=item.part)
            )
        else:  # an explanation with no question before it reads as an introduction to the next one
            items.append(Question(numbers=(), line=item.line, blocks=blocks))
    return tuple(items)


def _check(letter: Letter, reading: Reading, report: Reporter) -> None:
    """What the chosen reading could not make consistent, each a numbering warning with its line;
    a letter with no recognisable structure is a structure warning (it is published whole)."""
    if letter.unstructured:
        report.warn(
            1,
            "structure not recognised: no questions found (expected labels such as 'Vraag 1' or numbered"
            " questions '1.'); the letter is published whole, not divided into questions",
            code="structure",
        )
        return
    if not letter.questions and letter.kind is Kind.VRAGEN and not letter.meta.oral:
        report.warn(1, "no questions found in this questions document", code="structure")
    for line, message in problems(reading, letter.kind):
        report.warn(line, message, code="numbering")
