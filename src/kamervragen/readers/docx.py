"""Reader for Word files (.docx): the OOXML parts → the same source blocks the text readers produce.

Read from the parts themselves: word/document.xml (paragraphs, tables, pictures' alternative text,
hyperlinks, note marks), numbering.xml (list numbers as Word displays them), footnotes.xml and
endnotes.xml (note bodies), the relationships (hyperlink targets) and the headers (the letterhead's
captions, as metadata only). Never read: comments, deleted text of tracked changes, hidden text,
bookmarks, and the text of headers and footers.
"""

from __future__ import annotations

import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from xml.etree import ElementTree

from ..diagnostics import Reporter
from ..model import BlockStyle
from ..wordnumbers import word_number
from .blocks import RawInline, RawLink, RawNote, RawRef, SourceBlock, SourceDoc
from .common import trailing_notes
from .tika import SOURCE_DEFINITION, link_sources

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a .doc, or a password-protected .docx
PART_LIMIT = 200_000_000  # bytes of one uncompressed part: beyond this it is no letter but a zip bomb
PACKAGE_LIMIT = 2 * PART_LIMIT  # bytes of all the parts read, together: many parts just under the limit
# XML elements of all the parts read: the reader's work and memory grow with them. The corpus letters
# have 1,000 to 3,000 (~250 per 1,000 characters of text); a letter of 1,000 pages some 800,000.
ELEMENT_LIMIT = 1_000_000
DEPTH_LIMIT = 100  # runs' wrappers (w:ins, w:sdt, w:hyperlink, …) inside each other: Word nests a few
CHUNK = 1 << 20  # bytes inflated at a time, so that a part's declared size never decides what is held
# What zipfile raises on a damaged part: a bad CRC, broken compressed data, a truncated part, an
# unknown compression method, an encrypted part.
UNPACKING = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, NotImplementedError, RuntimeError)
NOTE_PARTS = {"footnote": "word/footnotes.xml", "endnote": "word/endnotes.xml"}
# The letterhead's captions, read from the headers and the body's first table as metadata.
CAPTIONS = ("datum", "betreft", "onze referentie", "ons kenmerk", "kenmerk", "documentnummer")


def is_word_file(data: bytes) -> bool:
    return data.startswith((ZIP, OLE))


class DocxError(Exception):
    """The file is no readable .docx; the message says what it is and what to do."""


def read(data: bytes, report: Reporter) -> SourceDoc:
    """Read a .docx file; DocxError when it is none (a .doc, a password-protected file, a bare zip)."""
    parts = _Parts(data)
    body = parts.xml("word/document.xml")
    if body is None:
        raise DocxError("a zip file without word/document.xml: not a Word document (.docx)")
    reader = _Reader(parts, report)
    # The note bodies first: a mark in the text whose note the file lacks is left out, with a warning.
    notes = [*reader.notes("footnote"), *reader.notes("endnote")]
    reader.noted = {(n.space, n.key) for n in notes}
    text = reader.body(body)
    if not any(b.text.strip() for b in text):
        raise DocxError(
            f"word/document.xml has no text ({reader.paragraph:,} empty paragraphs; text boxes are not read): "
            "nothing to publish; check that this is the letter and save it again from Word"
        )
    # The questioners' own sources, pasted as text: "[1]" marks and a trailing "[1] …" list, as in
    # the tika rendering of the same file.
    blocks, sources = trailing_notes(text, SOURCE_DEFINITION)
    keys = {n.key for n in sources}
    blocks = [link_sources(b, keys) for b in blocks]
    removed = [*reader.removed, *(f"[{n.key}]" for n in sources)]
    facts = [*reader.letterhead(), *_note_formats(parts)]
    return SourceDoc("docx", tuple(blocks), (*notes, *sources), tuple(removed), tuple(facts))


class _Parts:
    """The zip's parts, XML parsed on demand; no DTDs (docx has none: an entity bomb has one).

    A part is inflated a chunk at a time and parsed as it comes, so what the file claims about its
    sizes never decides what is held: the limits (PART_LIMIT, PACKAGE_LIMIT, ELEMENT_LIMIT) are
    counted on what is actually read, and reading stops as soon as one is passed."""

    def __init__(self, data: bytes) -> None:
        if data.startswith(OLE) and "EncryptedPackage".encode("utf-16-le") in data:
            raise DocxError("a password-protected .docx: save a copy without a password (File, Info, Protect)")
        if data.startswith(OLE):
            raise DocxError("a Word 97-2003 file (.doc), not a .docx: open it in Word and save it as .docx")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as error:
            raise DocxError(f"a damaged .docx (zip: {error}): save it again from Word") from error
        self.names = set(self.zip.namelist())
        self.inflated = 0  # bytes of all parts read so far
        self.elements = 0  # XML elements (start tags) of all parts read so far

    def chunks(self, name: str) -> Iterator[bytes]:
        """The part's bytes as they are inflated, CHUNK at a time; DocxError past a limit or on damage."""
        info = self.zip.getinfo(name)
        if info.file_size > PART_LIMIT:  # an honest header: refused before anything is inflated
            raise DocxError(_too_large(name))
        read = 0
        try:
            with self.zip.open(name) as member:
                # zipfile stops at the size the header declares (and then checks the CRC); the
                # limits hold on what is read all the same.
                while chunk := member.read(CHUNK):
                    read += len(chunk)
                    self.inflated += len(chunk)
                    if read > PART_LIMIT:
                        raise DocxError(_too_large(name))
                    if self.inflated > PACKAGE_LIMIT:
                        raise DocxError(
                            f"{name}: the parts of this Word file unpack to more than "
                            f"{PACKAGE_LIMIT // 1_000_000} MB together: not a letter"
                        )
                    yield chunk
        except UNPACKING as error:
            raise DocxError(f"a damaged .docx ({name} cannot be unpacked: {error}): save it again from Word") from error

    def xml(self, name: str) -> ElementTree.Element | None:
        if name not in self.names:
            return None
        parser = ElementTree.XMLParser()
        prolog, tail, elements = b"", b"", 0
        for chunk in self.chunks(name):
            if len(prolog) < 4096:
                prolog = (prolog + chunk)[:4096]
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in chunk or b"<!ENTITY" in tail + chunk[:8]:
                raise DocxError(f"{name} declares XML entities, which Word never writes: refusing to read it")
            tail = chunk[-8:]
            # Start tags (and the rare comment or instruction), counted before the parser sees them.
            # A "</" split over two chunks miscounts one tag: no matter for a limit.
            count = chunk.count(b"<") - chunk.count(b"</")
            elements += count
            self.elements += count
            if elements > ELEMENT_LIMIT:
                raise DocxError(
                    f"{name} has more than {ELEMENT_LIMIT:,} XML elements (a long letter has some tens of "
                    "thousands): not a letter; check that this is the letter and save it again from Word"
                )
            if self.elements > ELEMENT_LIMIT:
                raise DocxError(
                    f"{name}: the parts of this Word file have more than {ELEMENT_LIMIT:,} XML elements "
                    "together: not a letter; check that this is the letter and save it again from Word"
                )
            try:
                parser.feed(chunk)
            except ElementTree.ParseError as error:
                raise DocxError(_not_well_formed(name, error)) from error
        try:
            root: ElementTree.Element = parser.close()
        except ElementTree.ParseError as error:
            raise DocxError(_not_well_formed(name, error)) from error
        return root

    def targets(self, part: str) -> dict[str, str]:
        """Relationship id → target (hyperlink URLs) of a part."""
        folder, _, name = part.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{name}.rels")
        if rels is None:
            return {}
        return {r.get("Id", ""): r.get("Target", "") for r in rels.iter(f"{RELATIONSHIPS}Relationship")}


def _too_large(name: str) -> str:
    return f"{name} unpacks to more than {PART_LIMIT // 1_000_000} MB: not a letter"


def _not_well_formed(name: str, error: ElementTree.ParseError) -> str:
    return f"{name} is not well-formed XML ({error}): save the file again from Word"


@dataclass
class _Numbering:
    """numbering.xml: how each list level displays its number, and the counters as the text runs."""

    formats: dict[tuple[str, int], tuple[str, str, int]] = field(default_factory=dict)  # (num, lvl) → fmt
    counters: dict[tuple[str, int], int] = field(default_factory=dict)

    @classmethod
    def of(cls, root: ElementTree.Element | None) -> _Numbering:
        numbering = cls()
        if root is None:
            return numbering
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for definition in root.iter(f"{W}abstractNum"):
            levels = {}
            for level in definition.iter(f"{W}lvl"):
                text = _value(level.find(f"{W}lvlText")) or "%1."
                kind = _value(level.find(f"{W}numFmt")) or "decimal"
                start = int(_value(level.find(f"{W}start")) or "1")
                levels[int(level.get(f"{W}ilvl", "0"))] = (text, kind, start)
            abstract[definition.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            levels = abstract.get(_value(num.find(f"{W}abstractNumId")), {})
            for number, spec in levels.items():
                numbering.formats[(num.get(f"{W}numId", ""), number)] = spec
        return numbering

    def marker(self, num: str, level: int) -> str:
        """The next number of this list at this level, as Word shows it ("3.", "b)", "•")."""
        spec = self.formats.get((num, level))
        if spec is None:
            return ""
        text, kind, start = spec
        key = (num, level)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for deeper in [k for k in self.counters if k[0] == num and k[1] > level]:
            del self.counters[deeper]  # a higher level restarts the ones below it
        if kind == "bullet":
            return "•"
        return re.sub(r"%(\d)", lambda m: self._shown(num, int(m.group(1)) - 1), text)

    def _shown(self, num: str, level: int) -> str:
        value = self.counters.get((num, level), 1)
        return word_number(value, self.formats.get((num, level), ("", "decimal", 1))[1])


class _Reader:
    def __init__(self, parts: _Parts, report: Reporter) -> None:
        self.parts = parts
        self.report = report
        self.numbering = _Numbering.of(parts.xml("word/numbering.xml"))
        self.links = parts.targets("word/document.xml")
        self.styles = _style_numbering(parts.xml("word/styles.xml"))
        self.removed: list[str] = []
        self.paragraph = 0  # paragraphs count as the file's "lines" in diagnostics
        self.part = "word/document.xml"  # the part being read, for diagnostics
        # (space, id) of every note the file has; until known (while the notes are read), any mark goes
        self.noted: set[tuple[str, str]] | None = None

    def body(self, root: ElementTree.Element) -> list[SourceBlock]:
        body = root.find(f"{W}body")
        return list(self._blocks(body)) if body is not None else []

    def _blocks(self, container: ElementTree.Element, depth: int = 0) -> Iterator[SourceBlock]:
        self._within(depth, "after")
        for child in container:
            if child.tag == f"{W}p":
                yield from self._paragraph(child)
            elif child.tag == f"{W}tbl":
                yield from self._table(child)
            elif child.tag == f"{W}sdt":  # a content control: its content is ordinary text
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    yield from self._blocks(content, depth + 1)

    def _within(self, depth: int, place: str) -> None:
        """The walk goes one level down per wrapper: bounded, so that it never exhausts the stack."""
        if depth > DEPTH_LIMIT:
            where = f" {place} paragraph {self.paragraph}" if self.part == "word/document.xml" else ""
            raise DocxError(
                f"{self.part} nests its elements more than {DEPTH_LIMIT} deep{where} (tracked changes or "
                "content controls inside each other), which Word never writes: accept the tracked changes "
                "and save it again from Word"
            )

    def _paragraph(self, p: ElementTree.Element) -> Iterator[SourceBlock]:
        self.paragraph += 1
        line = self.paragraph
        for alternative in _pictures(p):
            yield SourceBlock(line, (alternative,), style=BlockStyle.FIGURE)
        content = _merge(list(self._inlines(p)))
        if not any(isinstance(c, str) and c.strip() for c in content) and not any(
            isinstance(c, RawRef | RawLink) for c in content
        ):
            return
        marker = self._marker(p)
        if not marker and _bold(p):
            yield SourceBlock(line, content, emphasis=True)
        elif marker == "•":
            yield SourceBlock(line, content, style=BlockStyle.BULLET)
        elif marker:
            yield SourceBlock(line, content, style=BlockStyle.NUMBERED, marker=marker)
        else:
            yield SourceBlock(line, content)

    def _marker(self, p: ElementTree.Element) -> str:
        """The list number Word shows before the paragraph: from its own numbering, else its style's."""
        properties = p.find(f"{W}pPr")
        numbered = properties.find(f"{W}numPr") if properties is not None else None
        style = _value(properties.find(f"{W}pStyle")) if properties is not None else ""
        num, level = self.styles.get(style, ("", 0))
        if numbered is not None:
            num = _value(numbered.find(f"{W}numId")) or num
            level = int(_value(numbered.find(f"{W}ilvl")) or level)
        return self.numbering.marker(num, level) if num and num != "0" else ""

    def _inlines(self, element: ElementTree.Element, depth: int = 0) -> Iterator[RawInline]:
        self._within(depth, "in")
        for child in element:
            tag = child.tag
            if tag == f"{W}r":
                yield from self._run(child)
            elif tag == f"{W}hyperlink":
                text = "".join(part for part in self._inlines(child, depth + 1) if isinstance(part, str))
                target = self.links.get(child.get(f"{R}id", ""), "")
                yield RawLink(text, target) if target and text.strip() else text
            elif tag in (f"{W}ins", f"{W}smartTag", f"{W}fldSimple", f"{W}sdt", f"{W}sdtContent"):
                yield from self._inlines(child, depth + 1)  # insertions and wrappers: their text is the letter's
            elif tag == f"{W}del":
                self.removed.append(_text_of(child, f"{W}delText"))  # deleted text: never published

    def _run(self, run: ElementTree.Element) -> Iterator[RawInline]:
        properties = run.find(f"{W}rPr")
        if properties is not None and properties.find(f"{W}vanish") is not None:
            self.removed.append(_text_of(run, f"{W}t"))  # hidden text
            return
        for child in run:
            tag = child.tag
            if tag == f"{W}t":
                yield child.text or ""
            elif tag in (f"{W}tab", f"{W}br", f"{W}cr"):
                yield " "
            elif tag == f"{W}noBreakHyphen":
                yield "-"
            elif tag == f"{W}footnoteReference":
                yield from self._mark("footnote", child.get(f"{W}id", ""))
            elif tag == f"{W}endnoteReference":
                yield from self._mark("endnote", child.get(f"{W}id", ""))

    def _mark(self, space: str, key: str) -> Iterator[RawRef]:
        """A note mark, unless the file lacks its note: then a warning, and no mark on the page."""
        if self.noted is None or (space, key) in self.noted:
            yield RawRef(space, key)
            return
        part = NOTE_PARTS[space]
        where = f"in {part}" if part in self.parts.names else f"in the Word file (it has no {part})"
        self.report.warn(self.paragraph, f"{space} mark {key} has no note text {where}; mark left out")

    def _table(self, table: ElementTree.Element) -> Iterator[SourceBlock]:
        self.paragraph += 1
        line = self.paragraph
        rows = []
        for row in table.iter(f"{W}tr"):
            cells = []
            for cell in row.findall(f"{W}tc"):
                texts = [
                    "".join(p for p in self._inlines(paragraph) if isinstance(p, str)).strip()
                    for paragraph in cell.iter(f"{W}p")
                ]
                cells.append(" ".join(t for t in texts if t))
            rows.append(tuple(cells))
        if any(any(cells) for cells in rows):
            text = "\n".join("\t".join(cells) for cells in rows)
            yield SourceBlock(line, (text,), style=BlockStyle.TABLE, rows=tuple(rows), cell=True)

    def notes(self, space: str) -> Iterator[RawNote]:
        part = NOTE_PARTS[space]
        root = self.parts.xml(part)
        if root is None:
            return
        saved = self.links
        self.links = self.parts.targets(part)
        self.part = part
        for note in root.iter(f"{W}{space}"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            paragraphs = [_merge(list(self._inlines(p))) for p in note.iter(f"{W}p")]
            content: list[RawInline] = []
            for paragraph in paragraphs:
                if content:
                    content.append(" ")
                content.extend(paragraph)
            content = [c for c in _merge(content) if not isinstance(c, RawRef)]  # the body's own mark
            if content:
                content[0] = content[0].lstrip() if isinstance(content[0], str) else content[0]
            yield RawNote(space, note.get(f"{W}id", ""), 0, tuple(c for c in content if c != ""))
        self.links = saved
        self.part = "word/document.xml"

    def letterhead(self) -> list[tuple[str, str]]:
        """Caption and value pairs of the headers ("Datum", "31 maart 2025"): metadata, never text."""
        facts = []
        for name in sorted(n for n in self.parts.names if re.fullmatch(r"word/header\d*\.xml", n)):
            root = self.parts.xml(name)
            if root is None:
                continue
            texts = [" ".join(_text_of(p, f"{W}t").split()) for p in root.iter(f"{W}p")]
            texts = [t for t in texts if t]
            for caption, value in pairwise(texts):
                if caption.casefold() in CAPTIONS:
                    facts.append((caption.casefold(), value))
        return facts


def _note_formats(parts: _Parts) -> list[tuple[str, str]]:
    """The endnotes' number format when the document sets one (Word's default is "lowerRoman")."""
    settings = parts.xml("word/settings.xml")
    found = settings.find(f"{W}endnotePr/{W}numFmt") if settings is not None else None
    return [("endnote-format", _value(found))] if found is not None and _value(found) else []


def _bold(p: ElementTree.Element) -> bool:
    """Every run with text in bold (w:b, not switched off with w:val="0")."""
    runs = [r for r in p.iter(f"{W}r") if _text_of(r, f"{W}t").strip()]
    return bool(runs) and all(
        (bold := r.find(f"{W}rPr/{W}b")) is not None and bold.get(f"{W}val", "1") not in ("0", "false") for r in runs
    )


def _style_numbering(root: ElementTree.Element | None) -> dict[str, tuple[str, int]]:
    """Paragraph style → the list it numbers ("List Number" → numId 3, level 0), following basedOn."""
    if root is None:
        return {}
    own: dict[str, tuple[str, int]] = {}
    based: dict[str, str] = {}
    for style in root.iter(f"{W}style"):
        name = style.get(f"{W}styleId", "")
        based[name] = _value(style.find(f"{W}basedOn"))
        numbered = style.find(f"{W}pPr/{W}numPr")
        if numbered is not None:
            own[name] = (_value(numbered.find(f"{W}numId")), int(_value(numbered.find(f"{W}ilvl")) or "0"))
    resolved: dict[str, tuple[str, int]] = {}
    for name in based:
        seen, current = set(), name
        while current and current not in own and current not in seen:
            seen.add(current)
            current = based.get(current, "")
        if current in own:
            resolved[name] = own[current]
    return resolved


def _pictures(p: ElementTree.Element) -> list[str]:
    """The alternative text of each picture in a paragraph."""
    return [" ".join(d.get("descr", "").split()) for d in p.iter(f"{WP}docPr") if d.get("descr", "").strip()]


def _merge(parts: list[RawInline]) -> tuple[RawInline, ...]:
    merged: list[RawInline] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    if merged and isinstance(merged[0], str):
        merged[0] = merged[0].lstrip()
    if merged and isinstance(merged[-1], str):
        merged[-1] = merged[-1].rstrip()
    return tuple(p for p in merged if p != "")


def _text_of(element: ElementTree.Element, tag: str) -> str:
    return "".join(t.text or "" for t in element.iter(tag))


def _value(element: ElementTree.Element | None) -> str:
    return element.get(f"{W}val", "") if element is not None else ""
