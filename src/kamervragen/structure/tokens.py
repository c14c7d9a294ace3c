"""Tokens: each source block of the questions-and-answers part, classified once by an ordered rule table.

A token says what a block could be (a label, a paragraph numbered as a question, a questioner's
source entry, a remark about the questions, plain text); which of these it *is* is decided later, by
the reading that fits the whole letter best (`readings.py`). Each rule has examples it must take and
counter-examples it must leave; the tests run both, as for the label styles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ..model import BlockStyle
from ..readers.blocks import SourceBlock
from .labels import Label, match_label


class TokenKind(StrEnum):
    LABEL = "label"  # "Vraag 3", "Antwoord op vraag 3 en 4", "Toelichting", "Mededeling", a bare "3"
    NUMBERED = "numbered"  # a paragraph numbered like a question: "1. Kunt u …?" or a Word list's "1."
    SOURCE = "source"  # an entry of the questioners' source list: "[1] NOS Nieuws, …"
    REMARK = "remark"  # about the questions, not one of them: "Deze vragen dienen ter aanvulling op …"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Token:
    """A block with what it could be: `label` for a label, `number` for a numbered paragraph."""

    kind: TokenKind
    block: SourceBlock
    label: Label | None = None
    number: int = 0  # the number of a numbered paragraph
    prefix: int = 0  # characters of "1. " to cut from the paragraph's text (a number written in the text)


@dataclass(frozen=True, slots=True)
class TokenRule:
    name: str
    match: Callable[[SourceBlock], Token | None]
    examples: tuple[str, ...]  # paragraph texts this rule takes
    counter_examples: tuple[str, ...]  # paragraph texts it must leave


def _label(block: SourceBlock) -> Token | None:
    if block.style is not BlockStyle.PARAGRAPH or block.cell:
        return None
    label = match_label(block.text)
    return Token(TokenKind.LABEL, block, label=label) if label else None


LIST_NUMBER = re.compile(r"^(\d{1,3})[.)]$")
# A number written before the question's text: a capital, a quote or a bracket follows.
TEXT_NUMBER = re.compile(r"^(\d{1,3})[.)][ \t\u00a0]+(?=[A-ZÀ-Ý«“\"'‘(])")


def _numbered(block: SourceBlock) -> Token | None:
    if block.style is BlockStyle.NUMBERED and LIST_NUMBER.match(block.marker):
        return Token(TokenKind.NUMBERED, block, number=int(block.marker.rstrip(".)")))
    first = block.content[0] if block.content else ""
    if block.style is BlockStyle.PARAGRAPH and not block.cell and isinstance(first, str):
        match = TEXT_NUMBER.match(first)
        if match:
            return Token(TokenKind.NUMBERED, block, number=int(match.group(1)), prefix=match.end())
    return None


SOURCE_ENTRY = re.compile(r"^\s*\[\d{1,2}\]\s+\S")


def _source(block: SourceBlock) -> Token | None:
    return Token(TokenKind.SOURCE, block) if SOURCE_ENTRY.match(block.text) else None


REMARK_START = re.compile(
    r"^(?:Toelichting:\s*)?Deze\s+vragen\s+(?:dienen|zijn|worden\s+gesteld)\b.*\b(?:aanvulling|vervolg|naar\s+aanleiding)",
    re.IGNORECASE,
)


def _remark(block: SourceBlock) -> Token | None:
    return Token(TokenKind.REMARK, block) if REMARK_START.match(block.text) else None


# Order matters: the first rule that takes a block decides its token.
TOKEN_RULES: tuple[TokenRule, ...] = (
    TokenRule(
        "label",
        _label,
        ("Vraag 1", "Antwoord op vragen 7, 8, en 9", "Antwoord:", "Toelichting", "3"),
        ("Vragen van het lid Kathmann (GroenLinks-PvdA)", "Antwoord van minister Jansen"),
    ),
    TokenRule(
        "remark",
        _remark,
        (
            "Deze vragen dienen ter aanvulling op eerdere vragen terzake van het lid Bamenga (D66), ingezonden 13"
            " november 2024 (vraagnummer 2024Z18284).",
            "Deze vragen zijn een vervolg op de vragen van 3 mei (2024Z07001).",
        ),
        ("Deze vragen beantwoord ik mede namens de minister.", "Kunt u deze vragen beantwoorden?"),
    ),
    TokenRule(
        "numbered",
        _numbered,
        ("1. Kunt u aangeven hoeveel?", "12) «Klopt het bericht?»", "3.\u00a0Bent u bekend met"),
        ("1.000 woningen zijn gebouwd.", "2024. Een jaar", "3. en verder", "[1] NOS"),
    ),
    TokenRule(
        "source",
        _source,
        ("[1] NOS Nieuws, 3 mei 2024 (https://nos.nl/)", "[12] Website Follow the Money"),
        ("[1]", "Zie [1] hierboven.", "1) Kunt u"),
    ),
)


def tokenize(block: SourceBlock) -> Token:
    for rule in TOKEN_RULES:
        token = rule.match(block)
        if token is not None:
            return token
    return Token(TokenKind.TEXT, block)
