"""Markdown writer: Letter → Markdown for Python-Markdown as MkDocs uses it (attr_list, footnotes).

Anchors: every question heading carries `{#vraag-N}` and a joint question a `<span id="vraag-N">` for
each further number; answers carry `antwoord-N`. Ids come from numbers only, never from prose. When
several documents share one page, all but the main one get a prefix (`vragen-vraag-1`) on their ids
and footnote labels, so nothing collides.

Grouping (the site's pages; a letter's own Markdown is not grouped, so that it needs no md_in_html):
each question and the answers that follow it are one block, `<section class="kv-vraag-en-antwoord">`
(md_in_html), each answer in it a `<div class="kv-antwoord">`; questions that one answer covers together
("Vraag 6", "Vraag 7", "Antwoord op vragen 6 en 7") share a block. The ids stay on the headings and
spans inside, where they were; the theme marks the block a #vraag-N opens.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import yaml

from ..escape import escape, escape_block_start, link_target
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
from ..urls import split_tracking
from .data import front_matter

SOURCE_HEADING = "Bronnen bij de vragen"
# LibYAML's emitter when PyYAML has it (the same output, ten times faster), else the pure-Python one.
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write_markdown(letter: Letter) -> str:
    """The whole page of one letter: front matter, title, questions and answers, notes."""
    data = {**front_matter(letter), "title": theme_safe(letter.title)}
    # Not grouped: a letter's own Markdown needs no more than attr_list and footnotes (md_in_html would
    # hide the grouped headings' ids from a renderer without it); the site's pages are grouped.
    parts = [dump_front_matter(data), f"# {escape(letter.title)} {{#titel}}", write_body(letter, grouped=False)]
    return "\n\n".join(p for p in parts if p) + "\n"


def theme_safe(title: str) -> str:
    """A front-matter title, HTML-escaped: MkDocs themes print `page.meta.title` as it is."""
    return html.escape(title, quote=True)


def dump_front_matter(data: object) -> str:
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{text}---"


# Shown above a letter whose questions could not be recognised: its whole text follows, undivided.
UNSTRUCTURED = (
    "**Structuur niet herkend.** Deze brief is niet in vragen en antwoorden verdeeld: hieronder staat"
    " de volledige tekst zoals ontvangen."
)


def write_body(
    letter: Letter, level: int = 2, prefix: str = "", answer_anchors: bool = True, grouped: bool = True
) -> str:
    """Introduction, questions and answers, closing and notes; question headings at `level`.

    Without `answer_anchors` an answer heading has no id, so that a search hit in an answer leads to
    its question's #vraag-N. `grouped`: each question with its answers in one block (needs md_in_html).
    """
    return _Writer(letter, level, prefix, answer_anchors, grouped).body()


@dataclass
class _Writer:
    letter: Letter
    level: int  # heading level of a question; answers one deeper
    prefix: str  # prepended to every id and footnote label of this document
    answer_anchors: bool = True
    grouped: bool = True  # a question and its answers in one <section> (md_in_html)
    used: set[str] = field(default_factory=set)

    def body(self) -> str:
        parts: list[str] = [UNSTRUCTURED] if self.letter.unstructured else []
        parts.extend(self.blocks(self.letter.preamble))
        for group in _groups(self.letter.items):
            parts.extend(self.group(group))
        if self.letter.closing:  # a notice's text, or what follows the questions (a remark, sources)
            title, name = ("Mededeling", "mededeling") if self.letter.kind is Kind.MEDEDELING else ("Tot slot", "slot")
            parts.append(f"{'#' * self.level} {title} {{#{self.anchor(name)}}}")
            parts.extend(self.blocks(self.letter.closing))
        parts.extend(self.listed_notes(NoteSeries.ENDNOTE))
        parts.extend(self.listed_notes(NoteSeries.SOURCE))
        parts.extend(self.footnotes())
        return "\n\n".join(p for p in parts if p)

    def anchor(self, name: str) -> str:
        """A unique id on the page: prefix + name, with -2, -3 … on a repeat."""
        base = self.prefix + name
        candidate, suffix = base, 2
        while candidate in self.used:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        self.used.add(candidate)
        return candidate

    def group(self, group: _Group) -> list[str]:
        parts: list[str] = []
        together = group.together and self.grouped
        for item in group.items:
            if isinstance(item, Question):
                parts.extend(self.question(item))
            elif together:
                parts += [f'<div class="{ANSWER_CLASS}" markdown="1">', *self.answer(item), "</div>"]
            else:
                parts.extend(self.answer(item))
        if not together:
            return parts
        return [f'<section class="{GROUP_CLASS}" markdown="1">', *[p for p in parts if p], "</section>"]

    def question(self, question: Question) -> list[str]:
        if not question.numbers:
            return ["**Toelichting**", *self.blocks(question.blocks)]
        first, *others = question.anchors
        label = "Vraag" if len(question.numbers) == 1 else "Vragen"
        spans = "".join(f'<span id="{self.anchor(a)}"></span>' for a in (*others, *question.aliases))
        heading = f"{'#' * self.level} {label} {_numbers(question.numbers)} {{#{self.anchor(first)}}}"
        parts = [spans, heading, *self.blocks(question.blocks)]
        if question.explanation:
            parts += ["**Toelichting**", *self.blocks(question.explanation)]
        return parts

    def answer(self, answer: Answer) -> list[str]:
        hashes = "#" * (self.level + 1)
        if not answer.covers:
            title, name = "Antwoord", "antwoord"
        else:
            words = "Antwoord op vraag" if len(answer.covers) == 1 else "Antwoord op vragen"
            title, name = f"{words} {_numbers(answer.covers)}{answer.part}", f"antwoord-{answer.covers[0]}{answer.part}"
        anchor = f" {{#{self.anchor(name)}}}" if self.answer_anchors else ""
        return [f"{hashes} {title}{anchor}", *self.blocks(answer.blocks)]

    def blocks(self, blocks: Iterable[Block]) -> list[str]:
        """Paragraphs apart; consecutive bullets as one list."""
        out: list[str] = []
        bullets: list[str] = []
        for block in blocks:
            if block.style is BlockStyle.BULLET:
                bullets.append("- " + escape_block_start(self.inline(block.content)))  # "- 1. x" would nest
                continue
            if bullets:
                out.append("\n".join(bullets))
                bullets = []
            out.append(self.block(block))
        if bullets:
            out.append("\n".join(bullets))
        return [o for o in out if o]

    def block(self, block: Block) -> str:
        if block.style is BlockStyle.NUMBERED:
            # The marker stays as written ("3.", "a)") and is escaped: a Markdown list would renumber it.
            return escape_block_start(escape(block.marker)) + " " + self.inline(block.content)
        if block.style is BlockStyle.FIGURE:
            return f"_Afbeelding: {self.inline(block.content)}_"
        if block.style is BlockStyle.TABLE:
            return _table(block.rows)
        return escape_block_start(self.inline(block.content))

    def inline(self, content: Sequence[Inline]) -> str:
        parts: list[str] = []
        for part in content:
            if isinstance(part, NoteRef):
                parts.append(self.ref(part))
            elif isinstance(part, Link):
                url = part.url if not part.url.startswith("#") else "#" + self.prefix + part.url[1:]
                parts.append(f"[{escape(_shown(part))}]({link_target(url)})")
            else:
                parts.append(escape(part))
        return "".join(parts).strip()

    def ref(self, ref: NoteRef) -> str:
        listed = LISTED.get(ref.series)
        if listed is None:
            return f"[^{self.prefix}{ref.number}]"
        return f"[{escape(_shown_mark(ref))}](#{self.prefix}{listed[0]}-{ref.number})"

    def listed_notes(self, series: NoteSeries) -> list[str]:
        """Notes shown as a list under a heading, each with its own anchor (sources, endnotes)."""
        notes = [n for n in self.letter.notes if n.series is series]
        if not notes:
            return []
        name, heading, section = LISTED[series]
        items = [
            f'<span id="{self.prefix}{name}-{n.number}"></span>{escape(_shown_mark(n))} {self.inline(n.content)}'
            for n in notes
        ]
        return [f"{'#' * self.level} {heading} {{#{self.anchor(section)}}}", *items]

    def footnotes(self) -> list[str]:
        return [
            f"[^{self.prefix}{n.number}]: {escape_block_start(self.inline(n.content))}"
            for n in self.letter.notes
            if n.series is NoteSeries.FOOTNOTE
        ]


GROUP_CLASS = "kv-vraag-en-antwoord"  # a question with its answers (theme/assets/kamervragen.css, .js)
ANSWER_CLASS = "kv-antwoord"


@dataclass
class _Group:
    """Items shown together: numbered questions with the answers that follow them (`together`), or one
    item that belongs to no question (a toelichting between blocks, an answer to an earlier question)."""

    items: list[Question | Answer]
    together: bool

    @property
    def numbers(self) -> set[int]:
        return {n for item in self.items if isinstance(item, Question) for n in item.numbers}

    @property
    def answered(self) -> bool:
        return any(isinstance(item, Answer) for item in self.items)


def _groups(items: Sequence[Question | Answer]) -> list[_Group]:
    """The letter's items in reading order, grouped: a numbered question opens a block; the answers after
    it join it when they answer it (or name no question); a question joins the open block instead when
    the next answer covers both ("Vraag 6", "Vraag 7", "Antwoord op vragen 6 en 7"). Nothing is moved."""
    groups: list[_Group] = []
    current: _Group | None = None
    for index, item in enumerate(items):
        if isinstance(item, Question) and item.numbers:
            following = next((i for i in items[index + 1 :] if isinstance(i, Answer)), None)
            joint = (
                current is not None
                and not current.answered
                and following is not None
                and bool(set(following.covers) & set(item.numbers))
                and bool(set(following.covers) & current.numbers)
            )
            if current is not None and joint:
                current.items.append(item)
            else:
                current = _Group([item], together=True)
                groups.append(current)
            continue
        if current is not None and _belongs(item, current):
            current.items.append(item)
            continue
        current = None
        groups.append(_Group([item], together=False))
    return groups


def _belongs(item: Question | Answer, group: _Group) -> bool:
    """An answer to the block's questions (or to none named); a toelichting while they await their answer."""
    if isinstance(item, Question):
        return not group.answered
    return not item.covers or bool(set(item.covers) & group.numbers)


# Notes that Markdown footnotes cannot show, because their marks are not 1, 2, …: series → anchor
# name of each note, heading of their list, anchor of the list.
LISTED = {
    NoteSeries.SOURCE: ("bron", SOURCE_HEADING, "bronnen"),  # the questioners' "[1]" or "1)" as written
    NoteSeries.ENDNOTE: ("eindnoot", "Eindnoten", "eindnoten"),  # Word's own numbering: "i", "ii"
}


def _shown(link: Link) -> str:
    """A link's text as written; a web address without the tracking parameters its link already drops
    (the conservation check accepts exactly those). A Word hyperlink's own words stay as written."""
    if link.kind is LinkKind.WEB and link.text.lower().startswith(("http://", "https://", "www.")):
        return split_tracking(link.text)[0]
    return link.text


def _shown_mark(note: NoteRef | Note) -> str:
    if note.series is NoteSeries.ENDNOTE:
        return f"[{note.mark}]"
    return note.mark or f"[{note.number}]"


def _numbers(numbers: Sequence[int]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def _table(rows: Sequence[Sequence[str]]) -> str:
    if not rows:
        return ""
    width = max(len(r) for r in rows)
    lines = ["| " + " | ".join(escape(c) for c in [*row, *[""] * (width - len(row))]) + " |" for row in rows]
    return "\n".join([lines[0], "|" + " --- |" * width, *lines[1:]])
