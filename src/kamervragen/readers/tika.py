"""Reader for the tika-server `/tika` text of a Word letter: markers, notes, cells, lists → source blocks."""

from __future__ import annotations

import re
from dataclasses import replace

from ..diagnostics import Reporter
from ..model import BlockStyle
from .blocks import RawInline, RawNote, RawRef, SourceBlock, SourceDoc
from .common import SPACES, LinePredicate, link_marks, never, strip, trailing_notes

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
# A reviewer's comment: on a line of its own after its paragraph, or after a tab at the paragraph's end
COMMENT = re.compile(r"\tComment by ([^:\t]*):")
# "[image: ALT]"; the alternative text may hold a "]" of its own when another "]" follows before any "["
IMAGE = re.compile(r"\[image: ((?:[^\]]|\](?=[^\[]*\]))*)\]")
IMAGE_PARAGRAPH = re.compile(r"\[image: (.*)\]")
NOTE_REF = re.compile(r"\[(footnote|endnote)Ref:(\d+)\]")
NOTE_BODY_START = re.compile(r"\s*\[(\d+):")
ORPHAN_BODY = re.compile(r"\s\[(\d+):[^\]]*\]\s*$")  # a body left over when no mark claimed it
MAX_BODY_LINES = 40  # a note body longer than this is taken to be unclosed
NOT_FOUND = re.compile(r'^\s*!!! (?:End|Foot) ?note with ID "\d+" not found in document\.\s*$')
NUMBERED = re.compile(r"^(\d{1,3}[.)]|[a-z][.)])[\u00a0\t ]+(?=\S)")
BULLET = re.compile(r"^[·•▪\-–o§][\u00a0\t ]+(?=\S)")
SOURCE_DEFINITION = re.compile(r"^\[(\d+)\][\s\u00a0]+")
SOURCE_MARK = re.compile(r"\[(\d+)\]")


def read(lines: list[str], report: Reporter, standalone: LinePredicate = never) -> SourceDoc:
    """Read a tika text rendering; note bodies are split off their paragraphs and keyed by id space."""
    lines = list(lines)  # comments are cut out of this copy; the caller keeps the text as it came
    removed: list[str] = []
    notes: list[RawNote] = []
    blocks: list[SourceBlock] = []
    index = 0
    while index < len(lines):
        number = index + 1
        line = lines[index]
        comment = COMMENT.search(line)
        if comment:
            report.warn(
                number,
                f"reviewer's comment by {comment.group(1).strip()} left out: never published",
            )
            removed.append(line[comment.start() :])
            line = lines[index] = line[: comment.start()]  # the comment runs to the end of its line
            if not line.strip():
                index += 1
                continue
        # A note body may close on a later line: gather lines until one ends with its "]".
        end = _body_end(lines, index)
        if end is None:
            report.warn(number, "note text '[N: …' is not closed by ']'; kept as text")
            end = index
        line = "\n".join(lines[index : end + 1])
        index = end + 1
        for bookmark in BOOKMARK.findall(line):
            removed.append(bookmark)
        line = BOOKMARK.sub("", line)
        blocks.extend(_paragraph(line, number, notes, removed, report))
    body, sources = trailing_notes(_tables(blocks), SOURCE_DEFINITION)
    keys = {n.key for n in sources}
    body = [link_sources(b, keys) for b in body]
    for note in sources:
        removed.append(f"[{note.key}]")
    return SourceDoc("tika", tuple(body), tuple(notes + sources), tuple(removed))


def _body_end(lines: list[str], index: int) -> int | None:
    """Index of the line that closes the note bodies opened on line `index` (itself when none is).

    Tika appends ` [N: body] ` to the paragraph; a body of several paragraphs ends on a later line
    with "]". None when no line within MAX_BODY_LINES does.
    """
    if not NOTE_BODY_START.search(lines[index]) or _closes(lines[index]):
        return index
    for end in range(index + 1, min(index + MAX_BODY_LINES, len(lines))):
        if _closes(lines[end]):
            return end
    return None


def _closes(line: str) -> bool:
    return line.rstrip(" \t\u00a0").endswith("]")


def _paragraph(line: str, number: int, notes: list[RawNote], removed: list[str], report: Reporter) -> list[SourceBlock]:
    refs = [(m.group(1), m.group(2)) for m in NOTE_REF.finditer(line)]
    text, bodies = _split_bodies(line, [key for _, key in refs])
    orphan = ORPHAN_BODY.search(text)
    if orphan:
        report.warn(number, f"note text [{orphan.group(1)}: …] has no mark in its paragraph; kept as text")
    for ref in NOTE_REF.findall(text):
        removed.append(f"{ref[0]}Ref:{ref[1]}")
    removed.extend("[image:" for _ in IMAGE.finditer(text))  # the marker; its text is the figure's
    content = _note_marks(text, refs, bodies, number, notes, removed, report)
    return _shape(content, number, line.startswith("\t"))


def _split_bodies(text: str, keys: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """Cut the ` [N: body] ` groups Tika appends after the paragraph's last mark, one per mark key.

    The marks say which bodies follow and in what order, so brackets inside a body do not matter.
    """
    last_mark = max((m.end() for m in NOTE_REF.finditer(text)), default=0)
    starts: list[tuple[str, int, int]] = []  # (key, start of "[N:", start of its text)
    position = last_mark
    for key in keys:
        match = re.compile(rf"\s*\[{key}:").search(text, position)
        if match is None:
            break
        starts.append((key, match.start(), match.end()))
        position = match.end()
    if not starts:
        return text, []
    bodies = []
    for (key, _, body_start), following in zip(starts, [*starts[1:], None], strict=True):
        body_end = following[1] if following else len(text)
        body = text[body_start:body_end].rstrip(" \t\u00a0\n")
        bodies.append((key, body[:-1] if body.endswith("]") else body))
    return text[: starts[0][1]], bodies


def _note_marks(
    text: str,
    refs: list[tuple[str, str]],
    bodies: list[tuple[str, str]],
    number: int,
    notes: list[RawNote],
    removed: list[str],
    report: Reporter,
) -> list[RawInline]:
    """Replace `[footnoteRef:N]` marks by references, pairing each with the body of the same id."""
    pending = list(bodies)
    content: list[RawInline] = []
    position = 0
    for match in NOTE_REF.finditer(text):
        space, key = match.group(1), match.group(2)
        content.append(text[position : match.start()])
        position = match.end()
        body = next((b for b in pending if b[0] == key), None)
        if body is None:
            report.warn(number, f"{space} mark {key} has no note text; mark left out")
            continue
        pending.remove(body)
        if NOT_FOUND.match(body[1]):
            report.warn(number, f"{space} {key} was not found in the Word file; mark left out")
            removed.append(body[1])
            continue
        removed.append(f"{key}:")
        notes.append(RawNote(space, key, number, (_clean_body(body[1]),)))
        content.append(RawRef(space, key))
    content.append(text[position:])
    for orphan_key, orphan_body in pending:
        report.warn(number, f"note text [{orphan_key}: …] has no mark in its paragraph; kept as text")
        content.append(f" {orphan_key}: {orphan_body}")
    return [c for c in content if c != ""]


def _clean_body(body: str) -> str:
    return " ".join(strip(part) for part in body.split("\n") if strip(part))


def _shape(content: list[RawInline], number: int, cell: bool) -> list[SourceBlock]:
    """Give a paragraph its style: figure, list item, table cell or plain paragraph."""
    content = _trim(content)
    blocks: list[SourceBlock] = []
    first = content[0] if content else ""
    if isinstance(first, str):
        # A paragraph that is one picture: all of it is the alternative text, brackets and all.
        whole = IMAGE_PARAGRAPH.fullmatch(strip(first)) if len(content) == 1 and first.count("[image: ") == 1 else None
        alternatives = [whole.group(1)] if whole else [m.group(1) for m in IMAGE.finditer(first)]
        if alternatives:
            rest = "" if whole else IMAGE.sub("", first)
            blocks.extend(SourceBlock(number, (strip(a),), style=BlockStyle.FIGURE) for a in alternatives)
            content = _trim([rest, *content[1:]])
            first = content[0] if content else ""
    if not content:
        return blocks
    style, marker = BlockStyle.PARAGRAPH, ""
    if isinstance(first, str):
        numbered = NUMBERED.match(first)
        bullet = BULLET.match(first)
        if numbered:
            style, marker = BlockStyle.NUMBERED, numbered.group(1)
            content = _trim([first[numbered.end() :], *content[1:]])
        elif bullet and not cell:
            style = BlockStyle.BULLET
            content = _trim([first[bullet.end() :], *content[1:]])
    blocks.append(SourceBlock(number, tuple(content), style=style, marker=marker, cell=cell))
    return blocks


def _trim(content: list[RawInline]) -> list[RawInline]:
    """Strip spaces at both ends of a paragraph and fold inner line breaks to spaces."""
    parts = [c.replace("\n", " ") if isinstance(c, str) else c for c in content]
    while parts and isinstance(parts[0], str) and not strip(parts[0]):
        parts.pop(0)
    while parts and isinstance(parts[-1], str) and not strip(parts[-1]):
        parts.pop()
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip(SPACES)
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip(SPACES)
    return [p for p in parts if p != ""]


def _tables(blocks: list[SourceBlock]) -> list[SourceBlock]:
    """Consecutive table-cell lines (tab-prefixed) become one table; tabs inside a line split cells."""
    grouped: list[SourceBlock] = []
    for block in blocks:
        if (
            not block.cell
            or block.style is not BlockStyle.PARAGRAPH
            or any(isinstance(p, RawRef) for p in block.content)
        ):
            grouped.append(block)
            continue
        row = tuple(strip(cell) for cell in block.text.split("\t"))
        last = grouped[-1] if grouped else None
        if last is not None and last.style is BlockStyle.TABLE and last.line + len(last.rows) == block.line:
            grouped[-1] = replace(last, rows=(*last.rows, row), content=(*last.content, "\n", block.text))
        else:
            grouped.append(SourceBlock(block.line, (block.text,), style=BlockStyle.TABLE, rows=(row,), cell=True))
    return grouped


def link_sources(block: SourceBlock, keys: set[str]) -> SourceBlock:
    """Turn the questioners' literal `[1]` marks into references to their source list."""
    if not keys:
        return block
    content: list[RawInline] = []
    for part in block.content:
        if isinstance(part, str):
            content.extend(link_marks(part, SOURCE_MARK, keys, "source"))
        else:
            content.append(part)
    return replace(block, content=tuple(_trim(content)))
