"""Word files built in code for the .docx reader's tests: python-docx writes the package, the body and
the numbering; the parts it does not write (footnotes, endnotes, comments, tracked changes, hidden
text, hyperlinks, headers) are added here as the XML Word itself writes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

NOTES = {
    "footnote": ("word/footnotes.xml", "footnotes", "footnotes+xml"),
    "endnote": ("word/endnotes.xml", "endnotes", "endnotes+xml"),
}
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
# The namespaces of shapes, text boxes and formulas, for raw XML (Letter.raw) that holds them.
SHAPES = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)


class Letter:
    """A Word document being written, with the parts python-docx leaves out."""

    def __init__(self) -> None:
        self.document: Document = docx.Document()
        self.notes: dict[str, list[tuple[int, str]]] = {"footnote": [], "endnote": []}
        self.comments: list[tuple[int, str]] = []
        self.header: list[str] = []

    def paragraph(self, text: str = "", style: str | None = None, bold: bool = False) -> Paragraph:
        paragraph = self.document.add_paragraph(style=style)
        if text:
            paragraph.add_run(text).bold = bold
        return paragraph

    def note(self, paragraph: Paragraph, space: str, note_id: int, body: str, runs: str = "") -> None:
        """A note mark at the end of the paragraph, and its body (Word's own id, not its number):
        `body` as one run, or `runs` as the XML of its runs after the note's own mark."""
        tag = "footnoteReference" if space == "footnote" else "endnoteReference"
        paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:{tag} w:id="{note_id}"/></w:r>'))
        self.notes[space].append((note_id, runs or run(f" {body}")))

    def link(self, paragraph: Paragraph, text: str, url: str) -> None:
        rid = paragraph.part.relate_to(url, RELATIONSHIP + "hyperlink", is_external=True)
        run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        xml = f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}">{run}</w:hyperlink>'
        paragraph._p.append(parse_xml(xml))

    def raw(self, paragraph: Paragraph, xml: str) -> None:
        """Runs as Word writes them (w:ins, w:del, hidden text, bookmarks, comment ranges)."""
        wrapper = parse_xml(f"<w:wrap {nsdecls('w')}>{xml}</w:wrap>")
        for element in list(wrapper):
            paragraph._p.append(element)

    def comment(self, paragraph: Paragraph, comment_id: int, text: str) -> None:
        start = f'<w:commentRangeStart {nsdecls("w")} w:id="{comment_id}"/>'
        paragraph._p.insert(1, parse_xml(start))
        paragraph._p.append(parse_xml(f'<w:commentRangeEnd {nsdecls("w")} w:id="{comment_id}"/>'))
        reference = f'<w:r {nsdecls("w")}><w:commentReference w:id="{comment_id}"/></w:r>'
        paragraph._p.append(parse_xml(reference))
        self.comments.append((comment_id, text))

    def bytes(self, change: Callable[[dict[str, bytes]], None] | None = None) -> bytes:
        for text in self.header:
            self.document.sections[0].header.add_paragraph(text)
        buffer = io.BytesIO()
        self.document.save(buffer)
        parts = _unzip(buffer.getvalue())
        for space, notes in self.notes.items():
            if notes:
                _add_part(parts, *NOTES[space], _notes_xml(space, notes))
        if self.comments:
            _add_part(parts, "word/comments.xml", "comments", "comments+xml", _comments_xml(self.comments))
        if change:
            change(parts)
        return _zip(parts)


def run(text: str, properties: str = "") -> str:
    """A run of text as Word writes it; `properties` the XML inside its w:rPr ("<w:vanish/>")."""
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def style(style_id: str, kind: str = "character", based: str = "", properties: str = "") -> str:
    """A style as Word writes it in word/styles.xml; `properties` the XML inside its w:rPr."""
    based_on = f'<w:basedOn w:val="{based}"/>' if based else ""
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else ""
    return f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{style_id}"/>{based_on}{rpr}</w:style>'


def styled(*styles: str, defaults: str = "") -> Callable[[dict[str, bytes]], None]:
    """A change for Letter.bytes: `styles` added to word/styles.xml, `defaults` (run properties'
    XML) to its document defaults (w:docDefaults)."""

    def change(parts: dict[str, bytes]) -> None:
        xml = parts["word/styles.xml"]
        assert b"</w:styles>" in xml
        assert b"<w:rPrDefault><w:rPr>" in xml
        xml = xml.replace(b"</w:styles>", "".join(styles).encode() + b"</w:styles>")
        parts["word/styles.xml"] = xml.replace(b"<w:rPrDefault><w:rPr>", b"<w:rPrDefault><w:rPr>" + defaults.encode())

    return change


def text_box(text: str, hidden: bool = False) -> str:
    """A run holding a text box as Word 2010 and later writes one: a DrawingML shape (mc:Choice) and
    its VML copy for older programs (mc:Fallback), each with the same w:txbxContent."""
    box = f"<w:txbxContent><w:p>{run(text)}</w:p></w:txbxContent>"
    docpr = '<wp:docPr id="1" name="Tekstvak 1" hidden="1"/>' if hidden else '<wp:docPr id="1" name="Tekstvak 1"/>'
    style = "position:absolute;visibility:hidden" if hidden else "position:absolute"
    drawing = (
        f"<w:drawing><wp:anchor>{docpr}<a:graphic><a:graphicData "
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )
    vml = f'<w:pict><v:shape id="Tekstvak 1" style="{style}"><v:textbox>{box}</v:textbox></v:shape></w:pict>'
    return (
        f'<w:r><mc:AlternateContent {SHAPES}><mc:Choice Requires="wps">{drawing}</mc:Choice>'
        f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def _notes_xml(space: str, notes: list[tuple[int, str]]) -> str:
    separator = f'<w:{space} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{space}>'
    ref = "footnoteRef" if space == "footnote" else "endnoteRef"
    bodies = "".join(f'<w:{space} w:id="{i}"><w:p><w:r><w:{ref}/></w:r>{runs}</w:p></w:{space}>' for i, runs in notes)
    return f"<w:{space}s {nsdecls('w', 'r')} {SHAPES}>{separator}{bodies}</w:{space}s>"


def _comments_xml(comments: list[tuple[int, str]]) -> str:
    items = "".join(
        f'<w:comment w:id="{i}" w:author="Reviewer"><w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p></w:comment>'
        for i, text in comments
    )
    return f"<w:comments {nsdecls('w')}>{items}</w:comments>"


def _add_part(parts: dict[str, bytes], name: str, kind: str, content_type: str, xml: str) -> None:
    parts[name] = xml.encode()
    base = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    override = f'<Override PartName="/{name}" ContentType="{base}{content_type}"/>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", override.encode() + b"</Types>")
    relation = f'<Relationship Id="rIdK{kind}" Type="{RELATIONSHIP}{kind}" Target="{name.removeprefix("word/")}"/>'
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", relation.encode() + b"</Relationships>")


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()
