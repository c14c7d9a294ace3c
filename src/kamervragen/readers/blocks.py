"""Source blocks: what every reader produces, shaped like its input, before any structure is known."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import BlockStyle


@dataclass(frozen=True, slots=True)
class RawRef:
    """A note mark as the source has it: `space` keeps Word's separate id spaces apart."""

    space: str  # "footnote", "endnote", "source" (the questioners' [1] or 1)), "page" (PDF notes)
    key: str
    mark: str = ""  # the mark as written, where it stays visible: "[1]", "1)"


@dataclass(frozen=True, slots=True)
class RawLink:
    """A hyperlink of a Word file: its visible text and target (the text renderings lose the target)."""

    text: str
    url: str


RawInline = str | RawRef | RawLink


@dataclass(frozen=True, slots=True)
class SourceBlock:
    """One paragraph of the source with the line it starts on."""

    line: int
    content: tuple[RawInline, ...]
    style: BlockStyle = BlockStyle.PARAGRAPH
    marker: str = ""  # list number as displayed, "1." or "a)"
    rows: tuple[tuple[str, ...], ...] = ()
    cell: bool = False  # a tab-prefixed table-cell line of the tika rendering
    emphasis: bool = False  # the whole paragraph in bold: how some Word letters set their questions

    @property
    def text(self) -> str:
        """The plain text, note marks left out."""
        return "".join(p if isinstance(p, str) else p.text for p in self.content if not isinstance(p, RawRef))


@dataclass(frozen=True, slots=True)
class RawNote:
    """A note body as found in the source, keyed like its marks."""

    space: str
    key: str
    line: int
    content: tuple[RawInline, ...]
    mark: str = ""  # the label as written before a listed source: "[1]", "1)"


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """A reader's result: blocks in reading order, note bodies, and text removed by rule."""

    rendering: str
    blocks: tuple[SourceBlock, ...]
    notes: tuple[RawNote, ...] = ()
    removed: tuple[str, ...] = ()  # page furniture, bookmarks, reviewer comments, note marks
    facts: tuple[tuple[str, str], ...] = ()  # metadata only furniture carries: ("page-id", "ah-tk-…")
    repairs: tuple[tuple[str, str], ...] = ()  # words run together, split: (as found, as repaired)
