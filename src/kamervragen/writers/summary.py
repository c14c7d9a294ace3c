"""Structure summary writer: Letter → a few readable lines (kind, ids, each item's numbers and first words).

Made for review: a changed reading of a letter shows as a diff of a few lines, where the whole page
would bury it. `kamervragen convert --to summary` writes it; the golden summaries are these lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Block, Letter, Question
from .data import plain_text

_WORDS = 6


def _first_words(blocks: Sequence[Block]) -> str:
    words = " ".join(plain_text(b.content) for b in blocks).split()
    return " ".join(words[:_WORDS]) + (" …" if len(words) > _WORDS else "")


def write_summary(letter: Letter) -> str:
    meta = letter.meta
    ids = ", ".join(
        f"{name} {value}" for name, value in (("zaak", meta.zaak), ("aanhangsel", meta.aanhangsel)) if value
    )
    lines = [f"kind: {letter.kind.value}" + (" (nader antwoord)" if meta.supplement else ""), f"ids: {ids or '-'}"]
    if meta.related:
        lines.append(f"related: {', '.join(meta.related)}")
    if letter.unstructured:
        lines.append("structure: not recognised (published whole)")
    for item in letter.items:
        role, numbers = ("Q", item.numbers) if isinstance(item, Question) else ("A", item.covers)
        label = f"{role}{','.join(map(str, numbers)) or '-'}{item.part}"
        lines.append(f"{label} @{item.line} {_first_words(item.blocks)}".rstrip())
        if isinstance(item, Question) and item.explanation:
            lines.append(f"  toelichting @{item.explanation[0].line} {_first_words(item.explanation)}")
    if letter.closing:
        lines.append(f"closing @{letter.closing[0].line} {_first_words(letter.closing)}".rstrip())
    return "\n".join(lines) + "\n"
