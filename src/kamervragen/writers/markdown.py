"""Markdown writer: Letter → Markdown for Python-Markdown as MkDocs uses it (attr_list, footnotes).

Anchors: every question heading carries `{#vraag-N}` and a joint question a `<span id="vraag-N">` for
each further number; answers carry `antwoord-N`. Ids come from numbers only, never from prose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import yaml

from ..escape import escape, escape_block_start, link_target
from ..model import Answer, Block, BlockStyle, Inline, Letter, Link, NoteRef, NoteSeries, Question
from .json import front_matter

SOURCE_HEADING = "Bronnen bij de vragen"
# LibYAML's emitter when PyYAML has it (the same output, ten times faster), else the pure-Python one.
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write_markdown(letter: Letter) -> str:
    """The whole page: front matter, title, introduction, questions and answers, notes."""
    parts: list[str] = [_front_matter(letter), f"# {escape(letter.title)}"]
    parts.extend(_blocks(letter.preamble))
    used: set[str] = set()
    for item in letter.items:
        parts.extend(_question(item, used) if isinstance(item, Question) else _answer(item, used))
    if letter.closing:
        parts.append("## Mededeling {#mededeling}")
        parts.extend(_blocks(letter.closing))
    parts.extend(_source_notes(letter))
    parts.extend(_footnotes(letter))
    return "\n\n".join(p for p in parts if p) + "\n"


def _front_matter(letter: Letter) -> str:
    data = yaml.dump(front_matter(letter), Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{data}---"


def _unique(anchor: str, used: set[str]) -> str:
    candidate, suffix = anchor, 2
    while candidate in used:
        candidate, suffix = f"{anchor}-{suffix}", suffix + 1
    used.add(candidate)
    return candidate


def _numbers(numbers: Sequence[int]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def _question(question: Question, used: set[str]) -> list[str]:
    if not question.numbers:
        return ["**Toelichting**", *_blocks(question.blocks)]
    first, *others = question.anchors
    label = "Vraag" if len(question.numbers) == 1 else "Vragen"
    spans = "".join(f'<span id="{_unique(a, used)}"></span>' for a in others)
    heading = f"## {label} {_numbers(question.numbers)} {{#{_unique(first, used)}}}"
    parts = [spans, heading, *_blocks(question.blocks)]
    if question.explanation:
        parts += ["**Toelichting**", *_blocks(question.explanation)]
    return parts


def _answer(answer: Answer, used: set[str]) -> list[str]:
    if answer.covers:
        title = "Antwoord op vraag" if len(answer.covers) == 1 else "Antwoord op vragen"
        heading = f"### {title} {_numbers(answer.covers)} {{#{_unique(f'antwoord-{answer.covers[0]}', used)}}}"
    else:
        heading = f"### Antwoord {{#{_unique('antwoord', used)}}}"
    return [heading, *_blocks(answer.blocks)]


def _blocks(blocks: Iterable[Block]) -> list[str]:
    """Paragraphs apart; consecutive bullets as one list."""
    out: list[str] = []
    bullets: list[str] = []
    for block in blocks:
        if block.style is BlockStyle.BULLET:
            bullets.append("- " + _inline(block.content))
            continue
        if bullets:
            out.append("\n".join(bullets))
            bullets = []
        out.append(_block(block))
    if bullets:
        out.append("\n".join(bullets))
    return [o for o in out if o]


def _block(block: Block) -> str:
    if block.style is BlockStyle.NUMBERED:
        # The marker stays as written ("3.", "a)"); a Markdown list would renumber it from 1.
        return escape(block.marker) + " " + _inline(block.content)
    if block.style is BlockStyle.FIGURE:
        return f"_Afbeelding: {_inline(block.content)}_"
    if block.style is BlockStyle.TABLE:
        return _table(block.rows)
    return escape_block_start(_inline(block.content))


def _inline(content: Sequence[Inline]) -> str:
    parts: list[str] = []
    for part in content:
        if isinstance(part, NoteRef):
            parts.append(_ref(part))
        elif isinstance(part, Link):
            parts.append(f"[{escape(part.text)}]({link_target(part.url)})")
        else:
            parts.append(escape(part))
    return "".join(parts).strip()


def _ref(ref: NoteRef) -> str:
    if ref.series is NoteSeries.SOURCE:
        return f"[{escape(ref.mark or f'[{ref.number}]')}](#bron-{ref.number})"
    return f"[^{ref.number}]"


def _table(rows: Sequence[Sequence[str]]) -> str:
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(escape(c) for c in [*row, *[""] * (width - len(row))]) + " |" for row in rows]
    return "\n".join([lines[0], "|" + " --- |" * width, *lines[1:]])


def _source_notes(letter: Letter) -> list[str]:
    notes = [n for n in letter.notes if n.series is NoteSeries.SOURCE]
    if not notes:
        return []
    items = [
        f'<span id="bron-{n.number}"></span>{escape(n.mark or f"[{n.number}]")} {_inline(n.content)}' for n in notes
    ]
    return [f"## {SOURCE_HEADING} {{#bronnen}}", *items]


def _footnotes(letter: Letter) -> list[str]:
    return [f"[^{n.number}]: {_inline(n.content)}" for n in letter.notes if n.series is NoteSeries.FOOTNOTE]
