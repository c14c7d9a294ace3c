"""Reader for Word files (.docx): the OOXML parts → the same source blocks the text readers produce.

Read from the parts themselves: word/document.xml (paragraphs, tables, text boxes, pictures'
alternative text, hyperlinks, note marks), numbering.xml (list numbers as Word displays them),
footnotes.xml and endnotes.xml (note bodies), the relationships (hyperlink targets) and the headers
(the letterhead's captions, as metadata only). The text of every wrapper Word puts around runs is
read (insertions, moved text's new place, content controls, custom XML, smart tags, fields' results);
text inside an element the reader does not know is read as plain text, with a warning naming it.
Never read: comments, deleted text and moved text's old place, hidden text and hidden shapes,
field instructions, bookmarks, and the text of headers and footers. Text is hidden as Word hides it:
by the run's own w:vanish or w:specVanish, else by its character style, its paragraph style or the
document's defaults in styles.xml (each style with the styles it is based on). Content kept in
another part of the package (w:altChunk, w:subDoc) is not read: a warning names it.
"""

from __future__ import annotations

import io
import lzma
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
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
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
V = "{urn:schemas-microsoft-com:vml}"
PREFIXES = {W: "w:", WP: "wp:", MC: "mc:", M: "m:", V: "v:"}  # for naming elements in diagnostics
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"  # the styles part's type
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
# Wrappers around runs whose text is the letter's as it stands: insertions, moved text's new place,
# content controls, custom XML, smart tags, simple fields (their content is the field's result) and
# bidirectional embeddings.
WRAPPERS = frozenset(
    f"{W}{tag}" for tag in ("ins", "moveTo", "sdt", "sdtContent", "customXml", "smartTag", "fldSimple", "dir", "bdo")
)
# Never published: deleted text, moved text's old place, and the parts of a run that are no text (a
# field's instruction, deleted text, deleted instructions).
PRIVATE = frozenset(f"{W}{tag}" for tag in ("del", "moveFrom", "delText", "instrText", "delInstrText"))
SHAPES = frozenset((f"{W}drawing", f"{W}pict", f"{W}object"))  # a run's shapes, which may hold text boxes
TEXTS = (f"{W}t", f"{M}t")  # a formula's text is m:t
# Run properties that hide the run: hidden text, and text hidden even when Word shows hidden text.
HIDING = (f"{W}vanish", f"{W}specVanish")
# Styles based on each other (w:basedOn) followed this far: Word's own go a few deep. A chain longer
# than this is taken for hiding its text: what it would say beyond is never read.
STYLE_DEPTH = 50
# Content kept in another part of the package, which the reader does not read: an imported chunk
# (HTML, RTF, another .docx) and a master document's subdocument.
ELSEWHERE = frozenset((f"{W}altChunk", f"{W}subDoc"))
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
            f"word/document.xml has no text ({reader.paragraph:,} empty paragraphs): "
            "nothing to publish; check that this is the letter and save it again from Word"
        )
    # The questioners' own sources, pasted as text: "[1]" marks and a trailing "[1] …" list, as in
    # the tika rendering of the same file.
    blocks, sources = trailing_notes(text, SOURCE_DEFINITION)
    keys = {n.key for n in sources}
    blocks = [link_sources(b, keys) for b in blocks]
    # (What Word hides, deleted or hidden text, is neither on the page nor in the text the
    # conservation check reads from the package: it is no removal.)
    removed = [f"[{n.key}]" for n in sources]
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

    def styles(self) -> ElementTree.Element | None:
        """The document's styles: the part its relationships name (Word: word/styles.xml), else
        word/styles.xml itself."""
        rels = self.xml("word/_rels/document.xml.rels")
        named = [
            r.get("Target", "")
            for r in (rels.iter(f"{RELATIONSHIPS}Relationship") if rels is not None else ())
            if r.get("Type") == STYLES and r.get("TargetMode") != "External"
        ]
        for target in named:
            name = posixpath.normpath(target.lstrip("/") if target.startswith("/") else f"word/{target}")
            if name in self.names:
                return self.xml(name)
        return self.xml("word/styles.xml")


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


@dataclass
class _Hiding:
    """styles.xml: which runs Word hides through their styles. A run is hidden by its own w:vanish or
    w:specVanish (w:val="0" shows it again, whatever its styles say); without one, by its character
    style, its paragraph style (the style's run properties) or the document's defaults (w:docDefaults).
    A style's setting is its own or, without one, that of the style it is based on, and so on up the
    chain (bounded: STYLE_DEPTH deep, and a chain that comes back to a style ends there).

    When the run sets nothing itself, any of those levels that hides it hides it: a style's w:val="0"
    does not show what another level hides (a toggle property such as w:vanish is only switched back
    on in a style by the hiding it undoes, ECMA-376 17.7.3), and two levels that both hide it hide it
    (where the standard's toggle would show it again: text left out rather than published)."""

    own: dict[tuple[str, str], bool] = field(default_factory=dict)  # (style id, property) → its setting
    based: dict[str, str] = field(default_factory=dict)  # style id → the style it is based on
    defaults: dict[str, str] = field(default_factory=dict)  # "paragraph", "character" → the default style
    document: frozenset[str] = frozenset()  # the properties the document's defaults set
    problem: Callable[[str], None] = lambda message: None  # a chain that loops or runs too deep
    resolved: dict[tuple[str, str], bool] = field(default_factory=dict)

    @classmethod
    def of(cls, root: ElementTree.Element | None, problem: Callable[[str], None]) -> _Hiding:
        hiding = cls(problem=problem)
        if root is None:
            return hiding
        for style in root.findall(f"{W}style"):
            name = style.get(f"{W}styleId", "")
            # The same id twice: the first one's basedOn (else the second's), and either one's hiding hides.
            hiding.based[name] = hiding.based.get(name) or _value(style.find(f"{W}basedOn"))
            kind = style.get(f"{W}type", "paragraph")
            if _on(style, f"{W}default", "0") and kind not in hiding.defaults:
                hiding.defaults[kind] = name
            for tag in HIDING:
                for setting in style.findall(f"{W}rPr/{tag}"):
                    hiding.own[(name, tag)] = hiding.own.get((name, tag), False) or _on(setting)
        defaults = root.findall(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        hiding.document = frozenset(tag for tag in HIDING for d in defaults if any(_on(s) for s in d.findall(tag)))
        return hiding

    def hidden(self, run: ElementTree.Element, paragraph_style: str) -> bool:
        properties = run.findall(f"{W}rPr")
        character = next((_value(s) for p in properties for s in p.findall(f"{W}rStyle")), "")
        for tag in HIDING:
            direct = [setting for p in properties for setting in p.findall(tag)]
            if direct:  # the run's own setting decides (any of them that hides it)
                if any(_on(setting) for setting in direct):
                    return True
                continue
            if (
                self._style(self._known(character, "character"), tag)
                or self._style(self._known(paragraph_style, "paragraph"), tag)
                or tag in self.document
            ):
                return True
        return False

    def _known(self, name: str, kind: str) -> str:
        """The style applied: the one named, else (none named, or one the file lacks) the default."""
        return name if name in self.based else self.defaults.get(kind, "")

    def _style(self, name: str, tag: str) -> bool:
        """Whether the style sets `tag`: its own setting, else its basedOn chain's nearest one."""
        if not name:
            return False
        if (name, tag) in self.resolved:
            return self.resolved[(name, tag)]
        chain: list[str] = []
        current, setting = name, False
        while current in self.based:
            if current in chain:
                self.problem(
                    f"style {_shown_name(name)} is based on itself through {len(chain)} styles (w:basedOn): "
                    "its formatting is read as far as the chain goes"
                )
                break
            if len(chain) == STYLE_DEPTH:
                self.problem(
                    f"style {_shown_name(name)} is based on more than {STYLE_DEPTH} styles in turn (w:basedOn), "
                    "which Word never writes: its text is taken for hidden and left out"
                )
                setting = True
                break
            chain.append(current)
            if (current, tag) in self.own:
                setting = self.own[(current, tag)]
                break
            current = self.based[current]
        self.resolved[(name, tag)] = setting
        return setting


class _Reader:
    def __init__(self, parts: _Parts, report: Reporter) -> None:
        self.parts = parts
        self.report = report
        self.numbering = _Numbering.of(parts.xml("word/numbering.xml"))
        self.links = parts.targets("word/document.xml")
        styles = parts.styles()
        self.styles = _style_numbering(styles)
        self.hiding = _Hiding.of(styles, self._style_problem)
        self.paragraph_style = ""  # the paragraph being read: its style (w:pStyle), "" for the default
        self.paragraph = 0  # paragraphs count as the file's "lines" in diagnostics
        self.part = "word/document.xml"  # the part being read, for diagnostics
        # (space, id) of every note the file has; until known (while the notes are read), any mark goes
        self.noted: set[tuple[str, str]] | None = None
        self.boxes: list[ElementTree.Element] = []  # text boxes of the paragraph being read (w:txbxContent)
        self.boxed = 0  # text boxes being read: their paragraphs take the line of the one they stand in
        self.unknown: set[str] = set()  # elements already warned about

    def body(self, root: ElementTree.Element) -> list[SourceBlock]:
        body = root.find(f"{W}body")
        return list(self._blocks(body)) if body is not None else []

    def _blocks(self, container: ElementTree.Element, depth: int = 0) -> Iterator[SourceBlock]:
        self._within(depth, "after")
        for child in container:
            tag = child.tag
            if tag == f"{W}p":
                yield from self._paragraph(child, depth)
            elif tag == f"{W}tbl":
                yield from self._table(child, depth)
            elif tag in (f"{W}sdt", f"{W}customXml"):  # content controls, custom XML: their content is text
                yield from self._blocks(_content_of(child), depth + 1)
            elif tag == f"{MC}AlternateContent":
                yield from self._blocks(_chosen(child), depth + 1)
            elif tag in ELSEWHERE:
                self._elsewhere(child)
            elif tag in PRIVATE or _properties(tag) or not _carries_text(child):
                continue
            elif child.find(f".//{W}p") is not None:  # an element the reader does not know, around paragraphs
                self._unknown(child)
                yield from self._blocks(child, depth + 1)
            else:  # runs outside a paragraph (a tracked insertion between paragraphs): read as one
                if tag not in WRAPPERS:
                    self._unknown(child)
                yield from self._paragraph(child, depth + 1)

    def _within(self, depth: int, place: str) -> None:
        """The walk goes one level down per wrapper: bounded, so that it never exhausts the stack."""
        if depth > DEPTH_LIMIT:
            where = f" {place} paragraph {self.paragraph}" if self.part == "word/document.xml" else ""
            raise DocxError(
                f"{self.part} nests its elements more than {DEPTH_LIMIT} deep{where} (tracked changes or "
                "content controls inside each other), which Word never writes: accept the tracked changes "
                "and save it again from Word"
            )

    def _style_problem(self, message: str) -> None:
        """A style chain that loops or runs too deep: said once."""
        if message not in self.unknown:
            self.unknown.add(message)
            self.report.warn(self.paragraph, f"word/styles.xml: {message}")

    def _elsewhere(self, element: ElementTree.Element) -> None:
        """Content kept in another part of the package (w:altChunk, w:subDoc): not read, and said."""
        target = self.links.get(element.get(f"{R}id", ""), "")
        where = f"in {target!r}" if target and len(target) <= 200 else "in another part of the Word file"
        what = "a master document's subdocument" if element.tag == f"{W}subDoc" else "content imported"
        advice = (
            "expand the subdocuments in Word and save the letter as one document"
            if element.tag == f"{W}subDoc"
            else "open the file in Word and save it again, which makes it part of the text"
        )
        self.report.warn(
            self.paragraph, f"{_name(element.tag)}: {what} {where}, which the reader does not read: left out; {advice}"
        )

    def _hidden(self, element: ElementTree.Element) -> bool:
        """A run Word hides, through its own properties or its styles."""
        return element.tag == f"{W}r" and self.hiding.hidden(element, self.paragraph_style)

    def _unknown(self, element: ElementTree.Element) -> None:
        """Text in an element the reader does not know: read as plain text where it stands, and said once."""
        name = _name(element.tag)
        if name in self.unknown:
            return
        self.unknown.add(name)
        where = f"{self.part}, " if self.part != "word/document.xml" else ""
        self.report.warn(
            self.paragraph,
            f"{where}{name} holds text in a form the reader does not know: read as plain text where it "
            "stands; check it on the page against the Word file",
        )

    def _paragraph(self, p: ElementTree.Element, depth: int) -> Iterator[SourceBlock]:
        if not self.boxed:
            self.paragraph += 1
        line = self.paragraph
        saved, self.paragraph_style = self.paragraph_style, _paragraph_style(p)
        pictures = _pictures(p, self._hidden)
        self.paragraph_style = saved
        figures = [SourceBlock(line, (alternative,), style=BlockStyle.FIGURE) for alternative in pictures]
        content, boxes = self._content(p, depth)
        yield from figures
        if any(isinstance(c, str) and c.strip() for c in content) or any(
            isinstance(c, RawRef | RawLink) for c in content
        ):
            yield self._styled(p, line, content)
        yield from self._boxed(boxes, depth)

    def _content(self, p: ElementTree.Element, depth: int) -> tuple[tuple[RawInline, ...], list[ElementTree.Element]]:
        """A paragraph's own text, and the text boxes that stand in it (read after it)."""
        saved, self.boxes = self.boxes, []
        style, self.paragraph_style = self.paragraph_style, _paragraph_style(p)
        try:
            content = _merge(list(self._inlines(p, depth)))
        finally:
            self.paragraph_style = style
        boxes, self.boxes = self.boxes, saved
        return content, boxes

    def _styled(self, p: ElementTree.Element, line: int, content: tuple[RawInline, ...]) -> SourceBlock:
        marker = self._marker(p)
        if not marker and _bold(p):
            return SourceBlock(line, content, emphasis=True)
        if marker == "•":
            return SourceBlock(line, content, style=BlockStyle.BULLET)
        if marker:
            return SourceBlock(line, content, style=BlockStyle.NUMBERED, marker=marker)
        return SourceBlock(line, content)

    def _boxed(self, boxes: list[ElementTree.Element], depth: int) -> Iterator[SourceBlock]:
        """The text boxes' paragraphs and tables, after the paragraph they stand in."""
        self.boxed += 1
        try:
            for box in boxes:
                yield from self._blocks(box, depth + 1)
        finally:
            self.boxed -= 1

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

    def _inlines(self, element: ElementTree.Element, depth: int = 0, known: bool = True) -> Iterator[RawInline]:
        """A paragraph's text; `known` False inside an element already warned about (said once)."""
        self._within(depth, "in")
        for child in element:
            tag = child.tag
            if tag == f"{W}r":
                yield from self._run(child, depth)
            elif tag == f"{W}hyperlink":
                text = "".join(part for part in self._inlines(child, depth + 1, known) if isinstance(part, str))
                target = self.links.get(child.get(f"{R}id", ""), "")
                yield RawLink(text, target) if target and text.strip() else text
            elif tag in WRAPPERS:  # insertions and wrappers: their text is the letter's
                yield from self._inlines(child, depth + 1, known)
            elif tag == f"{MC}AlternateContent":
                yield from self._inlines(_chosen(child), depth + 1, known)
            elif tag in TEXTS:  # a text element outside a run, in an element read as plain text
                yield child.text or ""
            else:
                yield from self._other(child, depth, known)

    def _other(self, child: ElementTree.Element, depth: int, known: bool) -> Iterator[RawInline]:
        """An element the reader does not read as text: left out when private or when it holds none,
        else read as plain text, with a warning."""
        if child.tag in ELSEWHERE:
            self._elsewhere(child)
            return
        if child.tag in PRIVATE or _properties(child.tag) or not _carries_text(child):
            return  # deleted text, properties, marks, bookmarks, comment ranges: never published
        if known:
            self._unknown(child)
        style = self.paragraph_style
        if child.tag == f"{W}p":  # a paragraph inside a paragraph: its runs take its style
            self.paragraph_style = _paragraph_style(child)
        try:
            yield from self._inlines(child, depth + 1, known=False)
        finally:
            self.paragraph_style = style

    def _run(self, run: ElementTree.Element, depth: int) -> Iterator[RawInline]:
        if self.hiding.hidden(run, self.paragraph_style):
            return  # hidden text, by the run's own setting or its styles: never published
        yield from self._run_parts(run, depth)

    def _run_parts(self, run: ElementTree.Element, depth: int) -> Iterator[RawInline]:
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
            elif tag in SHAPES:
                self.boxes.extend(_text_boxes(child))
            elif tag == f"{MC}AlternateContent":  # a shape for Word 2010 and its fallback: one of them
                self._within(depth + 1, "in")
                yield from self._run_parts(_chosen(child), depth + 1)
            else:
                yield from self._other(child, depth, True)

    def _mark(self, space: str, key: str) -> Iterator[RawRef]:
        """A note mark, unless the file lacks its note: then a warning, and no mark on the page."""
        if self.noted is None or (space, key) in self.noted:
            yield RawRef(space, key)
            return
        part = NOTE_PARTS[space]
        where = f"in {part}" if part in self.parts.names else f"in the Word file (it has no {part})"
        self.report.warn(self.paragraph, f"{space} mark {key} has no note text {where}; mark left out")

    def _table(self, table: ElementTree.Element, depth: int) -> Iterator[SourceBlock]:
        if not self.boxed:
            self.paragraph += 1
        line = self.paragraph
        rows = [tuple(self._cell(cell, depth) for cell in _wrapped(row, "tc")) for row in _wrapped(table, "tr")]
        if any(any(cells) for cells in rows):
            text = "\n".join("\t".join(cells) for cells in rows)
            yield SourceBlock(line, (text,), style=BlockStyle.TABLE, rows=tuple(rows), cell=True)

    def _cell(self, cell: ElementTree.Element, depth: int) -> str:
        """A table cell's text: its paragraphs, a table inside it and its text boxes, one line."""
        texts = ["".join(p for p in content if isinstance(p, str)).strip() for content in self._flow(cell, depth + 1)]
        return " ".join(t for t in texts if t)

    def _flow(self, container: ElementTree.Element, depth: int) -> Iterator[tuple[RawInline, ...]]:
        """The content of each paragraph in a cell or note, in reading order: a table's row by row, a
        text box's after the paragraph it stands in."""
        self._within(depth, "in")
        for child in container:
            tag = child.tag
            if tag == f"{W}p":
                content, boxes = self._content(child, depth)
                yield content
                for box in boxes:
                    yield from self._flow(box, depth + 1)
            elif tag == f"{W}tbl":
                for row in _wrapped(child, "tr"):
                    for cell in _wrapped(row, "tc"):
                        yield from self._flow(cell, depth + 1)
            elif tag in (f"{W}sdt", f"{W}customXml"):
                yield from self._flow(_content_of(child), depth + 1)
            elif tag == f"{MC}AlternateContent":
                yield from self._flow(_chosen(child), depth + 1)
            elif tag in ELSEWHERE:
                self._elsewhere(child)
            elif tag in PRIVATE or _properties(tag) or not _carries_text(child):
                continue
            else:
                if tag not in WRAPPERS:
                    self._unknown(child)
                style, self.paragraph_style = self.paragraph_style, ""  # runs outside a paragraph
                try:
                    content = _merge(list(self._inlines(child, depth + 1, known=False)))
                finally:
                    self.paragraph_style = style
                yield content

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
            content: list[RawInline] = []
            for paragraph in self._flow(note, 1):
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
            texts = [" ".join(self._shown_text(p).split()) for p in root.iter(f"{W}p")]
            texts = [t for t in texts if t]
            for caption, value in pairwise(texts):
                if caption.casefold() in CAPTIONS:
                    facts.append((caption.casefold(), value))
        return facts

    def _shown_text(self, paragraph: ElementTree.Element) -> str:
        """A header paragraph's text as Word shows it: without deleted or moved-away text, hidden runs
        or field instructions (a walk with a stack of its own: no nesting can exhaust Python's)."""
        style = _value(paragraph.find(f"{W}pPr/{W}pStyle"))
        texts: list[str] = []
        stack = [paragraph]
        while stack:
            element = stack.pop()
            if element.tag in UNSHOWN or (element.tag == f"{W}r" and self.hiding.hidden(element, style)):
                continue
            if element.tag == f"{W}t":
                texts.append(element.text or "")
            stack.extend(reversed(element))
        return "".join(texts)


# Header content Word does not show: deleted text, the old place of moved text, field instructions.
UNSHOWN = frozenset({f"{W}del", f"{W}moveFrom", f"{W}instrText", f"{W}delText", f"{W}rPr", f"{W}pPr"})


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


def _paragraph_style(p: ElementTree.Element) -> str:
    """A paragraph's style (w:pStyle); "" for the default one, and for runs outside a paragraph."""
    if p.tag != f"{W}p":
        return ""
    return next((_value(s) for properties in p.findall(f"{W}pPr") for s in properties.findall(f"{W}pStyle")), "")


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


def _shown_name(name: str) -> str:
    """A style's id as a diagnostic quotes it: the file's own, so cut short."""
    return repr(name if len(name) <= 60 else name[:60] + "…")


def _pictures(p: ElementTree.Element, hidden: Callable[[ElementTree.Element], bool]) -> list[str]:
    """The alternative text of each picture a paragraph shows (not those in its text boxes: they are
    read with the box; not hidden ones, nor those in a hidden run or a deleted one)."""
    return [
        " ".join(d.get("descr", "").split())
        for d in _outside_boxes(p, f"{WP}docPr", hidden)
        if d.get("descr", "").strip() and not _on(d, "hidden", "0")
    ]


def _outside_boxes(
    element: ElementTree.Element, tag: str, hidden: Callable[[ElementTree.Element], bool]
) -> Iterator[ElementTree.Element]:
    """The elements `tag` under `element`, not those inside its text boxes, in a hidden run or in
    deleted content (moved text's old place); without recursion."""
    stack = [element]
    while stack:
        current = stack.pop()
        for child in reversed(current):
            if child.tag == tag:
                yield child
            elif child.tag != f"{W}txbxContent" and child.tag not in PRIVATE and not hidden(child):
                stack.append(child)


def _text_boxes(shape: ElementTree.Element) -> list[ElementTree.Element]:
    """The text boxes (w:txbxContent) of a run's shape that Word shows, in order: one branch of each
    mc:AlternateContent (a DrawingML shape and its VML copy hold the same box), none of a hidden
    shape, and not the boxes inside a box (read with that box). Without recursion: shapes nest."""
    found: list[ElementTree.Element] = []
    stack = [shape]
    while stack:
        element = stack.pop()
        if element.tag == f"{W}txbxContent":
            found.append(element)
        elif not _hidden_shape(element):
            children = list(_chosen(element)) if element.tag == f"{MC}AlternateContent" else list(element)
            stack.extend(reversed(children))
    return found


def _hidden_shape(element: ElementTree.Element) -> bool:
    """A drawing whose properties say hidden (wp:docPr), or a VML shape styled visibility:hidden."""
    if element.tag == f"{W}drawing":
        properties = next(element.iter(f"{WP}docPr"), None)
        return properties is not None and _on(properties, "hidden", "0")
    if element.tag.startswith(V):
        return "visibility:hidden" in element.get("style", "").replace(" ", "").lower()
    return False


def _chosen(alternatives: ElementTree.Element) -> ElementTree.Element:
    """The branch of an mc:AlternateContent that is read: the first mc:Choice (what Word shows), else
    the mc:Fallback; never both, so that nothing is read twice."""
    choice = alternatives.find(f"{MC}Choice")
    if choice is not None:
        return choice
    fallback = alternatives.find(f"{MC}Fallback")
    return fallback if fallback is not None else ElementTree.Element("none")


def _content_of(wrapper: ElementTree.Element) -> ElementTree.Element:
    """A content control's content (w:sdtContent; its w:sdtPr are properties), or custom XML itself."""
    content = wrapper.find(f"{W}sdtContent") if wrapper.tag == f"{W}sdt" else wrapper
    return content if content is not None else ElementTree.Element("none")


def _wrapped(element: ElementTree.Element, tag: str) -> Iterator[ElementTree.Element]:
    """A table's rows or a row's cells (`tag`), also those inside a content control or custom XML;
    without recursion, however deep those nest."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == f"{W}{tag}":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            stack.append(iter(_content_of(child)))


def _properties(tag: str) -> bool:
    """w:pPr, w:rPr, w:sdtPr, w:tblPrEx, …: formatting, and old formatting of tracked changes."""
    return tag.startswith(W) and tag.endswith(("Pr", "PrEx", "PrChange"))


def _carries_text(element: ElementTree.Element) -> bool:
    return any(True for tag in TEXTS for _ in element.iter(tag))


def _name(tag: str) -> str:
    """An element's name as Word's XML writes it ("w:customXml")."""
    space, _, local = tag[1:].partition("}")
    prefix = PREFIXES.get("{" + space + "}")
    return f"{prefix}{local}" if prefix else f"{local} ({space})"


def _on(element: ElementTree.Element | None, attribute: str = f"{W}val", default: str = "1") -> bool:
    """A switch that is set: an element present and not turned off (w:val="0", "false", "off"), or an
    attribute (`default` "0") set."""
    return element is not None and element.get(attribute, default).lower() not in ("0", "false", "off")


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
