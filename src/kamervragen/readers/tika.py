"""Reader for the tika-server `/tika` text of a Word letter: markers, notes, cells, lists → source blocks."""

from __future__ import annotations

import re
from dataclasses import replace

from ..blocks import RawInline, RawNote, RawRef, SourceBlock, SourceDoc
from ..diagnostics import Reporter
from ..model import BlockStyle
from .common import link_marks, strip, trailing_notes

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
COMMENT = re.compile(r"^\tComment by ([^:]*):")
IMAGE = re.compile(r"\[image: ([^\]]*)\]")
NOTE_REF = re.compile(r"\[(footnote|endnote)Ref:(\d+)\]")
NOTE_BODY_START = re.compile(r"\s*\[(\d+):")
NOT_FOUND = re.compile(r'^\s*!!! (?:End|Foot) ?note with ID "\d+" not found in document\.\s*$')
NUMBERED = re.compile(r"^(\d{1,3}[.)]|[a-z][.)])[\u00a0\t ]+(?=\S)")
BULLET = re.compile(r"^[·•▪\-–o§][\u00a0\t ]+(?=\S)")
SOURCE_DEFINITION = re.compile(r"^\[(\d+)\][\s\u00a0]+")
SOURCE_MARK = re.compile(r"\[(\d+)\]")


def read(lines: list[str], report: Reporter) -> SourceDoc:
    """Read a tika text rendering; note bodies are split off their paragraphs and keyed by id space."""
    removed: list[str] = []
    notes: list[RawNote] = []
    blocks: list[SourceBlock] = []
    index = 0
    while index < len(lines):
        number = index + 1
        line = lines[index]
        comment = COMMENT.match(line)
        if comment:
            report.warn(
                number,
                f"reviewer's comment by {comment.group(1).strip()} left out: never published",
            )
            removed.append(line)
            index += 1
            continue
        # A note body may close on a later line: gather lines until every body is closed.
        while _open_body(line) and index + 1 < len(lines):
            index += 1
            line = line + "\n" + lines[index]
        index += 1
        for bookmark in BOOKMARK.findall(line):
            removed.append(bookmark)
        line = BOOKMARK.sub("", line)
        blocks.extend(_paragraph(line, number, notes, removed, report))
    body, sources = trailing_notes(blocks, SOURCE_DEFINITION)
    keys = {n.key for n in sources}
    body = [_link_sources(b, keys) for b in body]
    for note in sources:
        removed.append(f"[{note.key}]")
    return SourceDoc("tika", tuple(body), tuple(notes + sources), tuple(removed))


def _open_body(text: str) -> bool:
    """True while a ` [N: …` note body in `text` has not met its closing bracket."""
    depth = 0
    for match in re.finditer(r"\[(\d+):|\[|\]", text):
        if match.group(0) == "]":
            depth = max(0, depth - 1)
        else:
            depth += 1
    return depth > 0 and bool(re.search(r"\[\d+:", text))


def _paragraph(line: str, number: int, notes: list[RawNote], removed: list[str], report: Reporter) -> list[SourceBlock]:
    refs = [(m.group(1), m.group(2)) for m in NOTE_REF.finditer(line)]
    text, bodies = _split_bodies(line)
    for ref in NOTE_REF.findall(text):
        removed.append(f"{ref[0]}Ref:{ref[1]}")
    content = _note_marks(text, refs, bodies, number, notes, removed, report)
    return _shape(content, number, line.startswith("\t"))


def _split_bodies(line: str) -> tuple[str, list[tuple[str, str]]]:
    """Cut the ` [N: body] ` groups Tika appends to a paragraph; return text and (N, body) pairs."""
    bodies: list[tuple[str, str]] = []
    text = line
    while True:
        start = _last_body_start(text)
        if start < 0:
            break
        match = NOTE_BODY_START.match(text, start)
        assert match is not None
        end = _closing_bracket(text, match.end())
        bodies.insert(0, (match.group(1), text[match.end() : end]))
        text = text[:start] + text[end + 1 :]
    return text, bodies


def _last_body_start(text: str) -> int:
    """Position of the last ` [N: ` group that is followed only by other bodies and spaces."""
    candidates = [m.start() for m in NOTE_BODY_START.finditer(text)]
    for start in reversed(candidates):
        match = NOTE_BODY_START.match(text, start)
        assert match is not None
        end = _closing_bracket(text, match.end())
        if end >= 0 and not strip(text[end + 1 :]).replace("\n", ""):
            return start
    return -1


def _closing_bracket(text: str, position: int) -> int:
    depth = 1
    for index in range(position, len(text)):
        char = text[index]
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index
    return -1


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
        image = IMAGE.search(first)
        if image:
            rest = IMAGE.sub("", first)
            blocks.append(SourceBlock(number, (strip(image.group(1)),), style=BlockStyle.FIGURE))
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
        parts[0] = parts[0].lstrip(" \t\u00a0\u200b")
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip(" \t\u00a0\u200b")
    return [p for p in parts if p != ""]


def _link_sources(block: SourceBlock, keys: set[str]) -> SourceBlock:
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
