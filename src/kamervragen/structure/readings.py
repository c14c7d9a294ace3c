"""Readings: the candidate ways to divide a letter's tokens into questions and answers, and the choice.

Each reading in `READINGS` walks the same tokens under one assumption about how this letter marks
its questions (by labels, by numbers, by bold type, one paragraph each). The builder takes the most
consistent reading: questions numbered in order, each answered once, answers after the questions
they cover, no empty item. No test over the whole letter picks a mode beforehand, so a letter that
mixes forms is read by whichever reading explains it best, and its remaining problems are reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..model import BlockStyle, Kind
from ..readers.blocks import RawInline, RawRef, SourceBlock
from .labels import Role
from .tokens import Token, TokenKind

ZAAK = re.compile(r"\b\d{4}Z\s?\d{5}\b")


@dataclass
class Item:
    """A question, an answer or an explanation being filled, with the numbers it carries or covers."""

    role: Role
    numbers: tuple[int, ...]
    line: int
    blocks: list[SourceBlock] = field(default_factory=list)
    aliases: tuple[str, ...] = ()  # anchors an earlier, uncorrected reading published for it
    part: str = ""  # a sub-question's letter ("Antwoord 2l")


@dataclass
class Reading:
    """One way of reading the letter: its items, the text after them, and what it had to assume."""

    name: str
    items: list[Item] = field(default_factory=list)
    closing: list[SourceBlock] = field(default_factory=list)
    consumed: list[str] = field(default_factory=list)  # text taken by rule: a question number cut from its text
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, message) of repairs it made
    related: list[str] = field(default_factory=list)  # Zaken a remark relates these questions to

    @property
    def questions(self) -> list[Item]:
        return [i for i in self.items if i.role is Role.QUESTION]


class _Walk:
    """Tokens → items, opening a question on the token kinds this reading takes for questions."""

    def __init__(self, name: str, openers: frozenset[TokenKind], kind: Kind) -> None:
        self.reading = Reading(name)
        self.openers = openers
        self.answers_expected = kind is not Kind.VRAGEN
        self.current: Item | None = None
        self.unanswered: list[int] = []
        self.expected = 1
        self.list_number = 0  # last number of a numbered list inside an answer
        self.numbered_question = False  # the open question came from a number, not a label

    def feed(self, token: Token) -> None:
        label = token.label
        if token.kind is TokenKind.LABEL and label is not None:
            bare = label.style.name == "bare-number"
            if label.role is Role.QUESTION and (
                TokenKind.LABEL not in self.openers or (bare and label.numbers != (self.expected,))
            ):
                self._add(token.block)
            else:
                self._label(token)
        elif token.kind is TokenKind.NUMBERED and self._opens_question(token):
            self._open(Role.QUESTION, (token.number,), token.block.line)
            self.numbered_question = True
            self._add(_cut(token, self.reading))
        elif token.kind is TokenKind.REMARK:
            self.reading.related.extend(z.replace(" ", "") for z in ZAAK.findall(token.block.text))
            if self.current is None or self.current.role is not Role.EXPLANATION:
                self._close()  # a remark about the questions is none of them: it ends them
            self._add(token.block)  # under a "Toelichting" label it is that explanation
        elif token.kind is TokenKind.SOURCE and self.current is not None and not self.answers_expected:
            self._close()  # the source list ends a questions document
            self.reading.closing.append(token.block)
        else:
            if self.numbered_question and self.answers_expected and self.current is not None:
                # An answer that has no label starts with the first paragraph after its question.
                self._open(Role.ANSWER, tuple(self.unanswered), token.block.line)
            if token.block.style is BlockStyle.NUMBERED:
                self.list_number = token.number or self.list_number
            self._add(token.block)

    def _opens_question(self, token: Token) -> bool:
        """A numbered paragraph is the next question, unless it continues a list in an answer."""
        if TokenKind.NUMBERED not in self.openers or token.number != self.expected:
            return False
        return not (self.list_number > 0 and token.number == self.list_number + 1)

    def _label(self, token: Token) -> None:
        label = token.label
        assert label is not None
        line = token.block.line
        if label.role is Role.QUESTION:
            self._open(Role.QUESTION, label.numbers, line)
        elif label.role is Role.ANSWER:
            covers = label.numbers or tuple(self.unanswered)
            if not covers:
                self.reading.notes.append(
                    (line, "answer label without a question before it; kept as an answer to nothing")
                )
            self._open(Role.ANSWER, covers, line)
            assert self.current is not None
            self.current.part = label.part
        elif label.role is Role.EXPLANATION:
            self._open(Role.EXPLANATION, (), line)
        else:
            self._close()
            self.current = Item(Role.NOTICE, (), line)
        if label.rest:  # "Vraag 1: Kunt u …?": the text after the label, with its note marks
            self._add(SourceBlock(line, _after(token.block, token.block.text.rfind(label.rest))))

    def _open(self, role: Role, numbers: tuple[int, ...], line: int) -> None:
        self._close()
        self.current = Item(role, numbers, line)
        self.list_number = 0
        self.numbered_question = False
        if role is Role.QUESTION:
            self.unanswered.extend(numbers)
            self.expected = max(numbers, default=self.expected - 1) + 1
        elif role is Role.ANSWER:
            self.unanswered = [n for n in self.unanswered if n not in numbers]

    def _add(self, block: SourceBlock) -> None:
        if self.current is None:
            self.reading.closing.append(block)
        else:
            self.current.blocks.append(block)

    def _close(self) -> None:
        current, self.current = self.current, None
        if current is None:
            return
        if current.role is Role.NOTICE:
            self.reading.closing.extend(current.blocks)
        else:
            self.reading.items.append(current)

    def finish(self) -> Reading:
        self._close()
        return _repair_repeats(_parts(self.reading))


def _parts(reading: Reading) -> Reading:
    """A question asked again for each of its parts, each answered by part ("Vraag 2" … "Antwoord
    2l", "Vraag 2" … "Antwoord 2m"): each takes its answer's part, so each has an anchor of its own
    (#vraag-2l, #vraag-2m); the first also keeps #vraag-2."""
    first: dict[int, Item] = {}
    for index, item in enumerate(reading.items):
        if item.role is not Role.QUESTION or len(item.numbers) != 1:
            continue
        after = next((i for i in reading.items[index + 1 :] if i.role is not Role.EXPLANATION), None)
        if after is None or after.role is not Role.ANSWER or not after.part or after.numbers != item.numbers:
            continue
        item.part = after.part
        number = item.numbers[0]
        if number not in first:
            first[number] = item
            item.aliases = (*item.aliases, f"vraag-{number}")
    return reading


def _repair_repeats(reading: Reading) -> Reading:
    """A question labelled with the number just used, whose own answer is labelled with the next
    number (the same "Vraag 7" twice, then "Antwoord 8"): a typing error at the source, repaired
    only when the next number is nowhere else, and reported. It keeps the anchor the unrepaired
    reading gave it ("vraag-7-2"), so that a published link still leads to it."""
    numbers = {n for q in reading.questions for n in q.numbers}
    seen: dict[int, int] = {}
    for index, item in enumerate(reading.items):
        if item.role is not Role.QUESTION or len(item.numbers) != 1:
            continue
        number = item.numbers[0]
        seen[number] = seen.get(number, 0) + 1
        after = next((i for i in reading.items[index + 1 :] if i.role is Role.ANSWER), None)
        if seen[number] > 1 and number + 1 not in numbers and after is not None and after.numbers == (number + 1,):
            item.numbers, item.aliases = (number + 1,), (f"vraag-{number}-{seen[number]}",)
            numbers.add(number + 1)
            message = (
                f"question labelled {number} read as {number + 1}: {number} is used twice"
                f" and its answer is labelled {number + 1}"
            )
            reading.notes.append((item.line, message))
    return reading


def _after(block: SourceBlock, start: int) -> tuple[RawInline, ...]:
    """The block's content from character `start` of its text on (note marks count no characters)."""
    content: list[RawInline] = []
    position = 0
    for part in block.content:
        if isinstance(part, RawRef):
            if position >= start:
                content.append(part)
            continue
        text = part if isinstance(part, str) else part.text
        if position + len(text) > start:
            content.append(part if position >= start or not isinstance(part, str) else part[start - position :])
        position += len(text)
    return tuple(content)


def _cut(token: Token, reading: Reading) -> SourceBlock:
    """A numbered question's block without its number: the number is shown as the question's label."""
    block = token.block
    if token.prefix:
        first = block.content[0]
        assert isinstance(first, str)
        reading.consumed.append(first[: token.prefix].strip())
        content = (first[token.prefix :], *block.content[1:])
        return SourceBlock(block.line, content, emphasis=block.emphasis)
    return SourceBlock(block.line, block.content, emphasis=block.emphasis)


def _walk(name: str, openers: frozenset[TokenKind]) -> Callable[[Sequence[Token], Kind], Reading]:
    def read(tokens: Sequence[Token], kind: Kind) -> Reading:
        walk = _Walk(name, openers, kind)
        for token in tokens:
            walk.feed(token)
        return walk.finish()

    return read


def _is_bold_question(block: SourceBlock) -> bool:
    return block.emphasis and block.style is BlockStyle.PARAGRAPH and block.text.rstrip().endswith("?")


def _bold(tokens: Sequence[Token], kind: Kind) -> Reading:
    """A Word letter that sets each question in bold: a bold paragraph ending in "?" is the next
    question; the plain text after one or more questions is their answer."""
    reading = Reading("bold")
    unanswered: list[int] = []
    for token in tokens:
        block = token.block
        current = reading.items[-1] if reading.items else None
        if _is_bold_question(block):
            unanswered.append(len(reading.questions) + 1)
            reading.items.append(Item(Role.QUESTION, (unanswered[-1],), block.line, [block]))
        elif current is None:
            reading.closing.append(block)
        elif current.role is not Role.QUESTION or block.emphasis:
            current.blocks.append(block)
        else:
            reading.items.append(Item(Role.ANSWER, tuple(unanswered), block.line, [block]))
            unanswered = []
    return reading


def _paragraphs(tokens: Sequence[Token], kind: Kind) -> Reading:
    """Questions whose list numbers the rendering lost: every paragraph is the next question, up to
    the questioners' source list or a remark about the questions."""
    reading = Reading("paragraphs")
    if kind is not Kind.VRAGEN:
        return reading
    for token in tokens:
        if token.kind in (TokenKind.SOURCE, TokenKind.REMARK) or reading.closing:
            reading.closing.append(token.block)
            if token.kind is TokenKind.REMARK:
                reading.related.extend(z.replace(" ", "") for z in ZAAK.findall(token.block.text))
        else:
            number = len(reading.items) + 1
            reading.items.append(Item(Role.QUESTION, (number,), token.block.line, [token.block]))
    return reading


# The readings, in order of preference when two are equally consistent.
READINGS: tuple[tuple[str, Callable[[Sequence[Token], Kind], Reading]], ...] = (
    ("labels", _walk("labels", frozenset({TokenKind.LABEL}))),
    ("numbers", _walk("numbers", frozenset({TokenKind.NUMBERED}))),
    ("labels-and-numbers", _walk("labels-and-numbers", frozenset({TokenKind.LABEL, TokenKind.NUMBERED}))),
    ("bold", _bold),
    ("paragraphs", _paragraphs),
)


def problems(reading: Reading, kind: Kind) -> list[tuple[int, str]]:
    """What is inconsistent in a reading, as (line, message): the numbering checks of a letter."""
    found: list[tuple[int, str]] = list(reading.notes)
    seen: set[int] = set()
    asked: set[tuple[int, str]] = set()
    for item in reading.questions:
        for n in item.numbers:
            if (n, item.part) in asked:
                found.append((item.line, f"question {n}{item.part} appears twice; both are kept"))
            seen.add(n)
            asked.add((n, item.part))
        if not item.blocks:
            found.append((item.line, f"question {', '.join(map(str, item.numbers))} has no text"))
    if seen:
        missing = sorted(set(range(1, max(seen) + 1)) - seen)
        if missing:
            first = reading.questions[0].line
            found.append((first, f"question numbering has a gap: {', '.join(map(str, missing))} missing"))
    answered: set[int] = set()
    for item in reading.items:
        if item.role is not Role.ANSWER:
            continue
        for n in item.numbers:
            if n not in seen:
                found.append((item.line, f"answer to question {n}, but there is no question {n}"))
        if not item.blocks:
            found.append((item.line, "answer has no text"))
        answered.update(item.numbers)
    if kind is Kind.ANTWOORD:
        for item in reading.questions:
            if item.numbers and not set(item.numbers) & answered:
                found.append((item.line, f"question {item.numbers[0]} has no answer"))
    return found


# What a reading needs among the tokens to find any question; without it, it is not walked.
NEEDS: dict[str, Callable[[set[TokenKind], bool], bool]] = {
    "labels": lambda kinds, bold: TokenKind.LABEL in kinds,
    "numbers": lambda kinds, bold: TokenKind.NUMBERED in kinds,
    "labels-and-numbers": lambda kinds, bold: {TokenKind.LABEL, TokenKind.NUMBERED} <= kinds,
    "bold": lambda kinds, bold: bold,
    "paragraphs": lambda kinds, bold: True,
}
# (a reading with nothing to open questions on finds none: skipping it changes no choice)


def choose(tokens: Sequence[Token], kind: Kind) -> Reading:
    """The most consistent reading: fewest problems, then most questions, then the earlier reading."""
    kinds = {t.kind for t in tokens}
    bold = any(t.block.emphasis for t in tokens)
    best: tuple[tuple[int, int, int], Reading] | None = None
    for rank, (name, read) in enumerate(READINGS):
        if not NEEDS[name](kinds, bold) and best is not None:
            continue
        reading = read(tokens, kind)
        if not reading.questions and best is not None:
            continue
        score = (0 if reading.questions else 1, len(problems(reading, kind)), rank)
        if best is None or score < best[0]:
            best = (score, reading)
        if score[:2] == (0, 0):  # questions without a problem: a later reading can only tie, and loses
            break
    assert best is not None
    return best[1]
