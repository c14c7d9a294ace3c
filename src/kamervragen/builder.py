"""Structure builder: source blocks of any rendering → the Letter model, with diagnostics.

Stages, in order: split the header from the questions and answers; read the metadata; walk the
blocks through the label state machine; number the notes in reading order; check the numbering.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from .blocks import RawInline, RawLink, RawRef, SourceBlock, SourceDoc
from .diagnostics import Reporter
from .labels import Label, Role, match_label
from .linking.weblinks import publishable
from .metadata import read_metadata
from .model import (
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
from .wordnumbers import word_number

# Header lines whose whole content is shown as metadata, so they are not repeated as text.
METADATA_ONLY = re.compile(
    r"^(?:AH\s+\d+|\d{4}Z\s?\d{5}|Kamervragen\s+\d{4}Z\s?\d{5}|\(ingezonden\s+[^)]*\))\.?$", re.I
)
COVER_START = re.compile(r"^Geachte\s+(?:voorzitter|mevrouw|heer)", re.I)
QUESTIONS_LINE = re.compile(r"^(?:Mondelinge\s+)?Vra(?:ag|gen)\s+van\s+(?:het|de)\s+(?:lid|leden)\b", re.I)
NUMBERED_QUESTION = re.compile(r"^(\d{1,3})[.)]$")


@dataclass
class _Open:
    """The item being filled: a question, an answer, an explanation or the closing notice."""

    role: Role
    numbers: tuple[int, ...]
    line: int
    blocks: list[SourceBlock] = field(default_factory=list)


class _Walk:
    """The label state machine over the question-and-answer part of a letter."""

    def __init__(self, report: Reporter, numbered_questions: bool) -> None:
        self.report = report
        self.numbered_questions = numbered_questions  # no "Vraag N" labels: "1." paragraphs are questions
        self.items: list[_Open] = []
        self.closing: list[SourceBlock] = []
        self.current: _Open | None = None
        self.unanswered: list[int] = []
        self.expected = 1
        self.list_number = 0  # last number of a numbered list inside an answer

    def feed(self, block: SourceBlock) -> None:
        label = match_label(block.text) if block.style is BlockStyle.PARAGRAPH and not block.cell else None
        if label and label.role is Role.QUESTION and label.style.name == "bare-number":
            label = label if label.numbers == (self.expected,) else None
        if label:
            self._label(label, block)
        elif self._numbered_question(block):
            number = int(block.marker.rstrip(".)"))
            self._open(Role.QUESTION, (number,), block.line)
            self._add(SourceBlock(block.line, block.content))
            # The answer is not labelled: it is what follows, up to the next question.
            self._open(Role.ANSWER, (number,), 0)
        else:
            if block.style is BlockStyle.NUMBERED:
                self.list_number = _marker_number(block.marker)
            self._add(block)

    def _numbered_question(self, block: SourceBlock) -> bool:
        """Tika's '1.' question: numbered as the next question, and not the next item of a list."""
        if not self.numbered_questions:
            return False
        if block.style is not BlockStyle.NUMBERED or not NUMBERED_QUESTION.match(block.marker):
            return False
        number = _marker_number(block.marker)
        continues_list = self.list_number > 0 and number == self.list_number + 1
        return number == self.expected and not continues_list

    def _label(self, label: Label, block: SourceBlock) -> None:
        if label.role is Role.QUESTION:
            self._open(Role.QUESTION, label.numbers, block.line)
        elif label.role is Role.ANSWER:
            covers = label.numbers or tuple(self.unanswered)
            if not covers:
                self.report.warn(
                    block.line,
                    "answer label without a question before it; kept as an answer to nothing",
                )
            self._open(Role.ANSWER, covers, block.line)
        elif label.role is Role.EXPLANATION:
            self._open(Role.EXPLANATION, (), block.line)
        else:
            self._close()
            self.current = _Open(Role.NOTICE, (), block.line)
        if label.rest:
            self._add(SourceBlock(block.line, (label.rest,)))

    def _open(self, role: Role, numbers: tuple[int, ...], line: int) -> None:
        self._close()
        self.current = _Open(role, numbers, line)
        self.list_number = 0
        if role is Role.QUESTION:
            self.unanswered.extend(numbers)
            self.expected = max(numbers, default=self.expected - 1) + 1
        elif role is Role.ANSWER:
            self.unanswered = [n for n in self.unanswered if n not in numbers]

    def _add(self, block: SourceBlock) -> None:
        if self.current is None:
            self.closing.append(block)
            return
        if not self.current.line:  # an unlabelled answer starts where its first paragraph does
            self.current.line = block.line
        self.current.blocks.append(block)

    def _close(self) -> None:
        if self.current is not None and self.current.role is not Role.NOTICE:
            self.items.append(self.current)
        elif self.current is not None:
            self.closing.extend(self.current.blocks)
        self.current = None

    def finish(self) -> None:
        self._close()


def _marker_number(marker: str) -> int:
    digits = re.match(r"\d+", marker)
    return int(digits.group(0)) if digits else 0


def build(doc: SourceDoc, report: Reporter) -> tuple[Letter, tuple[str, ...]]:
    """Build the letter; also return the text consumed by rule (labels, letterhead, metadata lines)."""
    blocks = list(doc.blocks)
    unlabelled = not any(_is_label(b) or _is_numbered_question(b) for b in blocks)
    bold = next((i for i, b in enumerate(blocks) if _is_bold_question(b)), None) if unlabelled else None
    start = _questions_start(blocks) if bold is None else bold
    header, body = blocks[:start], blocks[start:]
    meta = read_metadata([*_lines(header), *_notice_lines(body)], doc.facts)
    kind = _kind(header, body)
    closing: list[SourceBlock] = []
    if bold is not None:
        walk_items = _bold_questions(body)
        if any(item.role is Role.ANSWER for item in walk_items):
            kind = Kind.ANTWOORD
    elif not any(_is_label(b) or _is_numbered_question(b) for b in body) and kind is Kind.VRAGEN:
        walk_items = _unlabelled_questions(body)
    else:
        labels = (match_label(b.text) for b in body if b.style is BlockStyle.PARAGRAPH)
        # A bare number counts only as the first of a sequence: a stray "0" or "2" (a page number in
        # a footer) must not switch off a tika letter's numbered questions.
        has_question_labels = any(
            label and label.role is Role.QUESTION and (label.style.name != "bare-number" or label.numbers == (1,))
            for label in labels
        )
        walk = _Walk(report, numbered_questions=not has_question_labels)
        for block in body:
            walk.feed(block)
        walk.finish()
        walk_items, closing = walk.items, walk.closing
    preamble, consumed = _preamble(header)
    consumed += tuple(b.text for b in body if _is_label(b))
    notes, numbering = _number_notes(doc, [*preamble, *(b for i in walk_items for b in i.blocks), *closing])
    letter = Letter(
        source=report.file,
        rendering=doc.rendering,
        kind=kind,
        meta=meta,
        preamble=_resolve(preamble, numbering),
        items=_items(walk_items, numbering),
        closing=_resolve(closing, numbering),
        notes=notes,
    )
    _check(letter, report)
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


def _is_label(block: SourceBlock) -> bool:
    return block.style is BlockStyle.PARAGRAPH and match_label(block.text) is not None


def _is_numbered_question(block: SourceBlock) -> bool:
    return block.style is BlockStyle.NUMBERED and block.marker in {"1.", "1)"}


def _questions_start(blocks: Sequence[SourceBlock]) -> int:
    """Index of the first label or numbered first question; else just after the questions line."""
    for index, block in enumerate(blocks):
        label = match_label(block.text) if block.style is BlockStyle.PARAGRAPH else None
        if label and not (label.style.name == "bare-number" and label.numbers != (1,)):
            return index
        if _is_numbered_question(block):
            return index
    for index, block in enumerate(blocks):
        if QUESTIONS_LINE.match(block.text):
            return index + 1
    return len(blocks)


def _notice_lines(body: Sequence[SourceBlock]) -> list[str]:
    """The text after a 'Mededeling' label: the notice names the Zaak its questions belong to."""
    for index, block in enumerate(body):
        label = match_label(block.text) if block.style is BlockStyle.PARAGRAPH else None
        if label is not None and label.role is Role.NOTICE:
            return [b.text for b in body[index + 1 :]]
    return []


def _kind(header: Sequence[SourceBlock], body: Sequence[SourceBlock]) -> Kind:
    texts = [b.text for b in header]
    if any(t.startswith("Mededeling van") for t in texts) or any(
        (label := match_label(b.text)) is not None and label.role is Role.NOTICE for b in body
    ):
        return Kind.MEDEDELING
    if any(t.startswith("Antwoord van") or COVER_START.match(t) for t in texts):
        return Kind.ANTWOORD
    if any((label := match_label(b.text)) is not None and label.role is Role.ANSWER for b in body):
        return Kind.ANTWOORD
    return Kind.VRAGEN


def _is_bold_question(block: SourceBlock) -> bool:
    return block.emphasis and block.style is BlockStyle.PARAGRAPH and block.text.rstrip().endswith("?")


def _bold_questions(body: Sequence[SourceBlock]) -> list[_Open]:
    """A Word letter without labels or list numbers that sets each question in bold: a bold
    paragraph ending in "?" is the next question; the plain text after one or more questions is
    their answer; a bold paragraph after a question belongs to it."""
    items: list[_Open] = []
    unanswered: list[int] = []
    for block in body:
        current = items[-1] if items else None
        if _is_bold_question(block):
            unanswered.append(sum(1 for item in items if item.role is Role.QUESTION) + 1)
            items.append(_Open(Role.QUESTION, (unanswered[-1],), block.line, [block]))
        elif current is None or current.role is not Role.QUESTION:
            if current is not None:
                current.blocks.append(block)
        elif block.emphasis:
            current.blocks.append(block)
        else:
            items.append(_Open(Role.ANSWER, tuple(unanswered), block.line, [block]))
            unanswered = []
    return items


def _unlabelled_questions(body: Sequence[SourceBlock]) -> list[_Open]:
    """Questions whose list numbers the rendering lost: every paragraph is the next question."""
    return [_Open(Role.QUESTION, (n,), b.line, [b]) for n, b in enumerate(body, start=1)]


def _preamble(header: Sequence[SourceBlock]) -> tuple[list[SourceBlock], tuple[str, ...]]:
    """The text shown before the questions: the cover letter, the questions and answer lines."""
    cover = next((i for i, b in enumerate(header) if COVER_START.match(b.text)), None)
    letterhead = header[:cover] if cover is not None else [b for b in header if b.cell]
    kept = [b for b in header if b not in letterhead and not METADATA_ONLY.match(b.text)]
    consumed = tuple(b.text for b in header if b not in kept)
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


def _items(opened: Sequence[_Open], numbering: dict[tuple[str, str], NoteRef]) -> tuple[Question | Answer, ...]:
    """Model items in reading order; a 'Toelichting' joins the question before it."""
    items: list[Question | Answer] = []
    for item in opened:
        blocks = _resolve(item.blocks, numbering)
        last = items[-1] if items else None
        if item.role is Role.EXPLANATION and isinstance(last, Question):
            items[-1] = replace(last, explanation=last.explanation + blocks)
        elif item.role is Role.ANSWER:
            items.append(Answer(covers=item.numbers, line=item.line, blocks=blocks))
        elif item.role is Role.QUESTION:
            items.append(Question(numbers=item.numbers, line=item.line, blocks=blocks))
        else:  # an explanation with no question before it reads as an introduction to the next one
            items.append(Question(numbers=(), line=item.line, blocks=blocks))
    return tuple(items)


def _check(letter: Letter, report: Reporter) -> None:
    """Numbering problems: gaps, duplicates, answers to missing questions, unanswered questions."""
    numbers = [n for q in letter.questions for n in q.numbers]
    if not numbers and not letter.meta.oral:
        if letter.kind is Kind.ANTWOORD:
            report.error(
                1,
                "no questions found: expected labels such as 'Vraag 1' or numbered questions '1.'",
            )
        elif letter.kind is Kind.VRAGEN:
            report.warn(1, "no questions found in this questions document")
    seen: set[int] = set()
    for question in letter.questions:
        for n in question.numbers:
            if n in seen:
                report.warn(question.line, f"question {n} appears twice; both are kept")
            seen.add(n)
    if seen:
        missing = sorted(set(range(1, max(seen) + 1)) - seen)
        if missing:
            report.warn(
                letter.questions[0].line,
                f"question numbering has a gap: {', '.join(map(str, missing))} missing",
            )
    answered: set[int] = set()
    for answer in letter.answers:
        for n in answer.covers:
            if n not in seen:
                report.warn(answer.line, f"answer to question {n}, but there is no question {n}")
        answered.update(answer.covers)
    if letter.kind is Kind.ANTWOORD:
        for question in letter.questions:  # (an unnumbered one is an introduction to the next)
            if question.numbers and not set(question.numbers) & answered:
                report.warn(question.line, f"question {question.numbers[0]} has no answer")
