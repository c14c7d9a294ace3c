"""Conservation check, Word files: the text Word shows, read from the package apart from the reader.

The conservation check compares a Word letter's page with this, not with what the reader found, so a
reader that drops a run is caught. It shares no code with readers/docx.py: its own zipfile and expat
walk over the main document and the footnote and endnote parts the document's relationships name,
taking every w:t Word displays, and leaving out what Word itself hides: deleted text and moved text's
old place, hidden runs (by their own w:vanish or w:specVanish, else by their character style, their
paragraph style or the document defaults of the styles part, each style with those it is based on)
and hidden shapes, a field's instruction, properties (w:rPr, w:sdtPr, …), the second
branch of an mc:AlternateContent, separator notes and notes no shown mark calls; comments, headers
and footers are other parts, never read. Bounded as the reader is: a part is inflated a chunk at a
time and parsed as it comes, bytes and elements counted as read, and no DTD is accepted.
"""

from __future__ import annotations

import io
import lzma
import posixpath
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from xml.parsers import expat

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main "
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006 "
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing "
V = "urn:schemas-microsoft-com:vml "
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships "
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# The reader refuses a package beyond these (readers/docx.py), so the check never needs more; they
# are its own all the same, so that it stays bounded whatever the reader does.
PART_BYTES = 200_000_000
PACKAGE_BYTES = 400_000_000
ELEMENTS = 1_000_000
CHUNK = 1 << 20
UNPACKING = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, NotImplementedError, RuntimeError)

# Left out with all they hold: what Word hides, and what is no text of the letter.
LEFT_OUT = frozenset(W + tag for tag in ("del", "moveFrom", "delText", "instrText", "delInstrText"))
SEPARATORS = ("separator", "continuationSeparator", "continuationNotice")  # a note part's rules, no notes
SPACES = {W + "tab": " ", W + "br": " ", W + "cr": " ", W + "noBreakHyphen": "-"}
INNER = frozenset((W + "tbl", W + "txbxContent", W + "footnote", W + "endnote"))  # a paragraph's end is no line's
HIDING = (W + "vanish", W + "specVanish")  # a run's properties that hide it
# Where a run takes its paragraph's style from: the innermost of these open around it (a paragraph;
# the others hold runs outside any paragraph, which take the default paragraph style).
CONTEXTS = frozenset((W + "p", W + "txbxContent", W + "tc", W + "footnote", W + "endnote"))
DOCUMENT_DEFAULTS = [W + "styles", W + "docDefaults", W + "rPrDefault", W + "rPr"]  # the run properties of all text
STYLE_CHAIN = 50  # styles based on each other followed this far; a longer chain is taken for hiding


class UnreadablePackage(Exception):
    """The package could not be read again for the check; the message says why."""


@dataclass(frozen=True, slots=True)
class Shown:
    """The text Word shows: the body one line per paragraph or table (as the reader numbers the
    file's lines), and the notes one line each."""

    lines: tuple[str, ...]
    notes: tuple[str, ...]


def shown_text(data: bytes) -> Shown:
    """The text a Word package shows; UnreadablePackage when it cannot be read within bounds."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadablePackage(f"not a zip file ({error})") from error
    with package:
        reading = _Package(package)
        main = reading.main_part()
        styles = _Styles()
        styles_part = reading.styles_part(main)
        if styles_part:
            reading.parse_styles(styles_part, styles)
        body = _Text(styles)
        reading.parse(main, body)
        called = body.called
        notes: list[str] = []
        for part in reading.note_parts(main):
            text = _Text(styles, called)
            reading.parse(part, text)
            notes.extend(text.lines)
        return Shown(tuple(body.lines), tuple(notes))


class _Package:
    """The zip's parts, inflated a chunk at a time, within the limits counted on what is read."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        self.package = package
        self.names = set(package.namelist())
        self.inflated = 0
        self.elements = 0

    def main_part(self) -> str:
        """The main document, as the package's relationships name it (Word: word/document.xml)."""
        targets = self.relationships("", "_rels/.rels", OFFICE + "officeDocument")
        return next((t for t in targets if t in self.names), "word/document.xml")

    def note_parts(self, main: str) -> list[str]:
        folder, _, name = main.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        kinds = (OFFICE + "footnotes", OFFICE + "endnotes")
        parts = [t for kind in kinds for t in self.relationships(folder, rels, kind)]
        return [p for p in dict.fromkeys(parts) if p in self.names]

    def styles_part(self, main: str) -> str:
        """The styles part the main document's relationships name, else word/styles.xml; "" if none."""
        folder, _, name = main.rpartition("/")
        rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
        named = [t for t in self.relationships(folder, rels, OFFICE + "styles") if t in self.names]
        return named[0] if named else "word/styles.xml" if "word/styles.xml" in self.names else ""

    def parse_styles(self, name: str, styles: _Styles) -> None:
        self._expat(name, styles.start, styles.end, lambda text: None)

    def relationships(self, folder: str, rels: str, kind: str) -> list[str]:
        """The parts the relationships `rels` name with type `kind`, as paths in the zip."""
        targets: list[str] = []

        def start(tag: str, attributes: dict[str, str]) -> None:
            relationship = tag == PACKAGE + "Relationship" and attributes.get("Type") == kind
            if relationship and attributes.get("TargetMode") != "External":  # a part of the package
                targets.append(attributes.get("Target", ""))

        if rels in self.names:
            self._expat(rels, start, lambda tag: None, lambda text: None)
        return [_resolved(folder, t) for t in targets if t]

    def parse(self, name: str, text: _Text) -> None:
        self._expat(name, text.start, text.end, text.characters)

    def _expat(
        self,
        name: str,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None],
        characters: Callable[[str], None],
    ) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = lambda *_: _refuse(f"{name} declares a DTD, which Word never writes")
        parser.EntityDeclHandler = lambda *_: _refuse(f"{name} declares XML entities, which Word never writes")

        def counted(tag: str, attributes: dict[str, str]) -> None:
            self.elements += 1
            if self.elements > ELEMENTS:
                _refuse(f"{name}: more than {ELEMENTS:,} XML elements")
            start(tag, attributes)

        parser.StartElementHandler = counted
        parser.EndElementHandler = end
        parser.CharacterDataHandler = characters
        parser.buffer_text = True  # a w:t's text in one piece where the chunks allow
        try:
            for chunk in self._chunks(name):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise UnreadablePackage(f"{name} is not well-formed XML ({error})") from error

    def _chunks(self, name: str) -> Iterator[bytes]:
        read = 0
        try:
            with self.package.open(name) as member:
                while chunk := member.read(CHUNK):
                    read += len(chunk)
                    self.inflated += len(chunk)
                    if read > PART_BYTES or self.inflated > PACKAGE_BYTES:
                        _refuse(f"{name} unpacks to more than a letter's parts do")
                    yield chunk
        except UNPACKING as error:
            raise UnreadablePackage(f"{name} cannot be unpacked ({error})") from error


def _refuse(message: str) -> None:
    raise UnreadablePackage(message)


def _resolved(folder: str, target: str) -> str:
    """A relationship's target as a path in the zip ("footnotes.xml" beside word/document.xml)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target)) if folder else posixpath.normpath(target)


class _Styles:
    """The styles part, as far as hiding goes: each style's own w:vanish and w:specVanish (in its w:rPr),
    the style it is based on, the default paragraph and character styles, the document defaults."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.style = ""  # the id of the open w:style
        self.settings: dict[str, dict[str, bool]] = {}  # style id → property → set (True) or cleared
        self.parents: dict[str, str] = {}  # style id → w:basedOn
        self.default: dict[str, str] = {}  # style type → its default style
        self.defaults: set[str] = set()  # the properties the document defaults set
        self.answers: dict[tuple[str, str], bool] = {}

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.stack.append(tag)
        if tag == W + "style" and self.stack[:-1] == [W + "styles"]:
            self.style = attributes.get(W + "styleId", "")
            self.settings.setdefault(self.style, {})
            self.parents.setdefault(self.style, "")
            kind = attributes.get(W + "type", "paragraph")
            if _on(attributes.get(W + "default", "0")):
                self.default.setdefault(kind, self.style)
        elif tag == W + "basedOn" and self.stack[:-1] == [W + "styles", W + "style"]:
            self.parents[self.style] = self.parents[self.style] or attributes.get(W + "val", "")
        elif tag in HIDING and self.stack[:-1] == [W + "styles", W + "style", W + "rPr"]:
            settings = self.settings[self.style]
            settings[tag] = settings.get(tag, False) or _on(attributes.get(W + "val", "1"))
        elif tag in HIDING and self.stack[:-1] == DOCUMENT_DEFAULTS and _on(attributes.get(W + "val", "1")):
            self.defaults.add(tag)

    def end(self, tag: str) -> None:
        self.stack.pop()

    def hides(self, direct: dict[str, bool], character: str, paragraph: str) -> bool:
        """Whether Word hides a run with these own settings, character style and paragraph style: its
        own setting decides; without one, any level that hides it (either style, the defaults)."""
        for tag in HIDING:
            if tag in direct:
                hidden = direct[tag]
            else:
                styled = (self._applied(character, "character"), self._applied(paragraph, "paragraph"))
                hidden = tag in self.defaults or any(self._sets(style, tag) for style in styled)
            if hidden:
                return True
        return False

    def _applied(self, style: str, kind: str) -> str:
        return style if style in self.parents else self.default.get(kind, "")

    def _sets(self, style: str, tag: str) -> bool:
        """The style's own setting, else the nearest in its basedOn chain; a chain that comes back to
        a style ends there, one longer than STYLE_CHAIN hides."""
        if (style, tag) in self.answers:
            return self.answers[(style, tag)]
        answer, seen, current = False, set[str](), style
        while current and current in self.parents and current not in seen:
            if len(seen) == STYLE_CHAIN:
                answer = True
                break
            seen.add(current)
            if tag in self.settings[current]:
                answer = self.settings[current][tag]
                break
            current = self.parents[current]
        self.answers[(style, tag)] = answer
        return answer


@dataclass(slots=True)
class _Run:
    depth: int
    style: str = ""  # w:rStyle
    direct: dict[str, bool] | None = None  # the run's own hiding settings
    decided: bool = False


class _Text:
    """One part's shown text, gathered as expat reports its elements (no tree is built)."""

    def __init__(self, styles: _Styles, called: set[str] | None = None) -> None:
        self.styles = styles
        self.runs: list[_Run] = []  # the open runs
        self.contexts: list[tuple[int, str]] = []  # open paragraphs (depth, w:pStyle) and other CONTEXTS
        self.lines: list[str] = []
        self.line: list[str] = []
        self.stack: list[str] = []  # the open elements' tags
        self.skip = 0  # the depth of the open element whose content is left out; 0: none
        self.inner = 0  # open tables, text boxes and notes: inside them a paragraph's end ends no line
        self.in_text = False
        self.chosen: dict[int, bool] = {}  # depth of an open mc:AlternateContent → a branch read
        self.called = set() if called is None else called  # "footnote 3": marks in the shown text
        self.notes = called is not None  # a notes part: only the notes the text calls are shown

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.stack.append(tag)
        depth = len(self.stack)
        if self.skip == depth - 1 and self._run_property(depth):  # in a run's w:rPr, which is left out
            run = self.runs[-1]
            if tag == W + "rStyle":
                run.style = run.style or attributes.get(W + "val", "")  # the first one
            elif tag in HIDING:  # any of its own settings that hides it hides it
                run.direct = run.direct or {}
                run.direct[tag] = run.direct.get(tag, False) or _on(attributes.get(W + "val", "1"))
            return
        if self.skip == depth - 1 and tag == W + "pStyle" and self.stack[-3:-1] == [W + "p", W + "pPr"]:
            if self.contexts and self.contexts[-1] == (depth - 2, ""):  # the first one
                self.contexts[-1] = (depth - 2, attributes.get(W + "val", ""))
            return
        if self.skip:
            return
        if self.runs and self.runs[-1].depth == depth - 1 and tag != W + "rPr" and not self.runs[-1].decided:
            run = self.runs[-1]  # the run's first content: its w:rPr, which comes first, is read
            run.decided = True
            paragraph = self.contexts[-1][1] if self.contexts else ""
            if self.styles.hides(run.direct or {}, run.style, paragraph):
                self.skip = run.depth  # a hidden run
                return
        self.skip = self._left_out(tag, attributes, depth)
        if self.skip:
            return
        if tag == W + "r":
            self.runs.append(_Run(depth))
        elif tag in CONTEXTS:
            self.contexts.append((depth, ""))
        if tag == W + "t":
            self.in_text = True
        elif tag in SPACES:
            self.line.append(SPACES[tag])
        elif tag in INNER:
            self.inner += 1
            self.line.append("\t")
        elif tag == W + "tc":
            self.line.append("\t")
        elif tag in (W + "footnoteReference", W + "endnoteReference"):
            self.called.add(f"{tag.removeprefix(W).removesuffix('Reference')} {attributes.get(W + 'id', '')}")

    def _left_out(self, tag: str, attributes: dict[str, str], depth: int) -> int:
        """The depth from which the content is left out when Word hides it (the element's own, or its
        drawing's); 0 when it is shown."""
        if tag in LEFT_OUT or _is_properties(tag):
            return depth
        if tag == WP + "docPr" and _on(attributes.get("hidden", "0")):
            return _innermost(self.stack, W + "drawing")
        if tag.startswith(V) and "visibility:hidden" in attributes.get("style", "").replace(" ", "").lower():
            return depth
        if tag == MC + "AlternateContent":
            self.chosen[depth] = False
        elif tag in (MC + "Choice", MC + "Fallback"):
            if self.chosen.get(depth - 1, False):
                return depth  # one branch only: the others hold the same content for other programs
            self.chosen[depth - 1] = True
        elif self.notes and tag in (W + "footnote", W + "endnote"):
            name = f"{tag.removeprefix(W)} {attributes.get(W + 'id', '')}"
            if attributes.get(W + "type") in SEPARATORS or name not in self.called:
                return depth
        return 0

    def _run_property(self, depth: int) -> bool:
        return depth >= 3 and self.stack[-2] == W + "rPr" and self.stack[-3] == W + "r"

    def end(self, tag: str) -> None:
        depth = len(self.stack)
        self.stack.pop()
        if self.runs and self.runs[-1].depth == depth:
            self.runs.pop()
        if self.contexts and self.contexts[-1][0] == depth:
            self.contexts.pop()
        if self.skip:
            if self.skip == depth:
                self.skip = 0
            return
        if tag == W + "t":
            self.in_text = False
        elif tag == W + "p" and not self.inner:
            self._end_line()
        elif tag == W + "p" or tag == W + "tc":
            self.line.append("\t")
        elif tag in INNER:
            self.inner -= 1
            self.line.append("\t")
            if not self.inner and tag != W + "txbxContent":  # a text box stands in a paragraph: no line of its own
                self._end_line()

    def _end_line(self) -> None:
        self.lines.append("".join(self.line).replace("\n", " "))
        self.line = []

    def characters(self, data: str) -> None:
        if self.in_text and not self.skip:
            self.line.append(data)


def _on(value: str) -> bool:
    """A switch's value that sets it (not "0", "false" or "off")."""
    return value.lower() not in ("0", "false", "off")


def _is_properties(tag: str) -> bool:
    """w:rPr, w:pPr, w:sdtPr, w:tblPrEx, w:rPrChange, …: formatting, never shown text (a run's w:rPr
    is still looked into for w:vanish)."""
    return tag.startswith(W) and tag.endswith(("Pr", "PrEx", "PrChange"))


def _innermost(stack: list[str], tag: str) -> int:
    """The depth of the innermost open `tag`; 0 when none is open."""
    for index in range(len(stack) - 1, -1, -1):
        if stack[index] == tag:
            return index + 1
    return 0
