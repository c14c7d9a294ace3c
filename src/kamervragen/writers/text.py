"""Plain-text writer: Letter → exactly the text its page shows, as the letter's downloadable source.

The author's working file (a Word file with its comments, tracked changes and hidden text, or a tika
rendering that carries the reviewers' comments) is never published; this text is, and it holds
nothing the page does not: the introduction, every question and answer under its label, the closing
text and the notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Block, Kind, Letter, NoteSeries, Question
from .data import blocks_text, plain_text

_NOTE_HEADINGS = {
    NoteSeries.FOOTNOTE: "Noten",
    NoteSeries.ENDNOTE: "Eindnoten",
    NoteSeries.SOURCE: "Bronnen bij de vragen",
}


def _numbers(numbers: Sequence[int]) -> str:
    return ", ".join(map(str, numbers[:-1])) + " en " + str(numbers[-1]) if len(numbers) > 1 else str(numbers[0])


def _section(title: str, blocks: Sequence[Block]) -> list[str]:
    text = blocks_text(blocks)
    return [title, text] if text else [title]


def write_text(letter: Letter) -> str:
    parts: list[str] = [letter.title]
    if letter.preamble:
        parts.append(blocks_text(letter.preamble))
    for item in letter.items:
        if isinstance(item, Question):
            label = (
                "Toelichting"
                if not item.numbers
                else f"{'Vraag' if len(item.numbers) == 1 else 'Vragen'} {_numbers(item.numbers)}"
            )
            parts.extend(_section(label, item.blocks))
            if item.explanation:
                parts.extend(_section("Toelichting", item.explanation))
        else:
            label = (
                f"Antwoord op {'vraag' if len(item.covers) == 1 else 'vragen'} {_numbers(item.covers)}"
                if item.covers
                else "Antwoord"
            )
            parts.extend(_section(label, item.blocks))
    if letter.closing:
        parts.extend(_section("Mededeling" if letter.kind is Kind.MEDEDELING else "Tot slot", letter.closing))
    for series, heading in _NOTE_HEADINGS.items():
        notes = [n for n in letter.notes if n.series is series]
        if notes:
            parts.append(heading)
            parts.extend(f"{n.mark or f'{n.number}.'} {plain_text(n.content)}" for n in notes)
    return "\n\n".join(p for p in parts if p) + "\n"
