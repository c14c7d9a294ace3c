"""The .docx reader: one behaviour per fixture built in code, and a whole letter against its tika text."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

from kamervragen import model
from kamervragen.convert import convert_bytes, parse_bytes
from kamervragen.diagnostics import Diagnostic
from kamervragen.model import BlockStyle, Link, NoteRef, Question

from .conftest import REFERENCE
from .docx_fixtures import RELATIONSHIP, SHAPES, Letter, run, style, styled, text_box
from .site_build import build, make_project

HEAD = (
    "AH 613",
    "2024Z14814",
    "Antwoord van staatssecretaris Karremans (Volksgezondheid) (ontvangen 20 november 2024)",
)


def letter(*questions: tuple[str, str]) -> Letter:
    """An answer letter in the Tweede Kamer's layout: "Vraag N", the question, "Antwoord N", the answer."""
    word = Letter()
    for line in HEAD:
        word.paragraph(line)
    for number, (question, answer) in enumerate(questions, start=1):
        word.paragraph(f"Vraag {number}", bold=True)
        word.paragraph(question)
        word.paragraph(f"Antwoord {number}", bold=True)
        word.paragraph(answer)
    return word


@dataclass(frozen=True)
class Converted:
    letter: model.Letter
    markdown: str
    diagnostics: tuple[Diagnostic, ...]
    ok: bool


def convert(word: Letter) -> Converted:
    conversion = convert_bytes(word.bytes(), "brief.docx")
    assert conversion.letter is not None, conversion.diagnostics
    return Converted(conversion.letter, conversion.markdown, conversion.diagnostics, conversion.ok)


def test_questions_and_answers_of_a_word_file() -> None:
    conversion = convert(letter(("Kent u het bericht?", "Ja."), ("Wat gaat u doen?", "Niets.")))
    assert conversion.letter.rendering == "docx"
    assert [q.numbers for q in conversion.letter.questions] == [(1,), (2,)]
    assert [a.covers for a in conversion.letter.answers] == [(1,), (2,)]
    assert conversion.letter.meta.zaak == "2024Z14814"
    assert conversion.ok, conversion.diagnostics


def test_word_list_numbers_make_numbered_questions() -> None:
    word = Letter()
    word.paragraph("Geachte voorzitter,")
    word.paragraph("Hierbij de antwoorden.")
    for question, answer in (("Kent u het bericht?", "Ja."), ("Wat gaat u doen?", "Niets."), ("Wanneer?", "Nu.")):
        word.paragraph(question, style="List Number")
        word.paragraph(answer)
    conversion = convert(word)
    assert [q.numbers for q in conversion.letter.questions] == [(1,), (2,), (3,)]
    assert [[b.content for b in a.blocks] for a in conversion.letter.answers] == [[("Ja.",)], [("Niets.",)], [("Nu.",)]]


def test_notes_get_the_numbers_word_shows_footnotes_and_endnotes_apart() -> None:
    word = letter(("Kent u het bericht?", "Ja, zie het rapport."), ("En het tweede?", "Ook."))
    paragraphs = word.document.paragraphs
    word.note(paragraphs[4], "footnote", 7, "NOS, 29 oktober 2024.")  # Word's ids, not the numbers shown
    word.note(paragraphs[6], "footnote", 3, "Het jaarverslag.")
    word.note(paragraphs[8], "endnote", 1, "Een eindnoot.")
    word.note(paragraphs[8], "endnote", 4, "Nog een.")
    conversion = convert(word)
    notes = [(n.series.value, n.number, n.mark, n.content) for n in conversion.letter.notes]
    assert notes == [
        ("footnote", 1, "", ("NOS, 29 oktober 2024.",)),
        ("footnote", 2, "", ("Het jaarverslag.",)),
        ("endnote", 1, "i", ("Een eindnoot.",)),  # Word's default for endnotes: i, ii, …
        ("endnote", 2, "ii", ("Nog een.",)),
    ]
    assert conversion.ok, conversion.diagnostics
    assert "[^1]" in conversion.markdown
    assert "[\\[ii\\]](#eindnoot-2)" in conversion.markdown
    assert '<span id="eindnoot-2"></span>\\[ii\\] Nog een.' in conversion.markdown


def test_an_endnote_format_set_in_the_document_is_kept() -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    word.note(word.document.paragraphs[-1], "endnote", 2, "Eindnoot.")

    def decimal_endnotes(parts: dict[str, bytes]) -> None:
        setting = b'<w:endnotePr><w:numFmt w:val="upperLetter"/></w:endnotePr></w:settings>'
        parts["word/settings.xml"] = parts["word/settings.xml"].replace(b"</w:settings>", setting)

    conversion = convert_bytes(word.bytes(decimal_endnotes), "brief.docx")
    assert conversion.letter is not None
    assert [n.mark for n in conversion.letter.notes] == ["A"]


def test_hyperlinks_keep_their_target_and_only_web_addresses_are_linked() -> None:
    word = letter(("Kent u het bericht?", "Ja, zie "))
    answer = word.document.paragraphs[-1]
    word.link(answer, "het artikel", "https://nos.nl/artikel/2542490?utm_source=x")
    word.link(answer, " en dit", "javascript:alert(1)")
    conversion = convert(word)
    content = conversion.letter.answers[0].blocks[0].content
    links = [part for part in content if isinstance(part, Link)]
    assert [(link.text, link.url) for link in links] == [("het artikel", "https://nos.nl/artikel/2542490")]
    assert "javascript" not in conversion.markdown
    assert "en dit" in conversion.markdown


def test_tracked_changes_comments_hidden_text_and_bookmarks_are_never_published() -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    answer = word.document.paragraphs[-1]
    word.raw(
        answer,
        '<w:bookmarkStart w:id="0" w:name="_Hlk1234"/><w:bookmarkEnd w:id="0"/>'
        '<w:ins w:id="1" w:author="A"><w:r><w:t xml:space="preserve"> Ingevoegd.</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="A"><w:r><w:delText xml:space="preserve"> GESCHRAPT</w:delText></w:r></w:del>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> VERBORGEN</w:t></w:r>',
    )
    word.comment(answer, 5, "NIET PUBLICEREN")
    word.document.sections[0].footer.add_paragraph("VOETTEKST")
    conversion = convert(word)
    page = conversion.markdown
    assert "Ja. Ingevoegd." in page
    for secret in ("GESCHRAPT", "VERBORGEN", "NIET PUBLICEREN", "Reviewer", "_Hlk1234", "VOETTEKST"):
        assert secret not in page
    assert not [d for d in conversion.diagnostics if "missing from the output" in d.message]


def test_the_letterhead_in_the_header_gives_metadata_not_text() -> None:
    word = Letter()
    word.paragraph("Geachte voorzitter,")
    word.paragraph("Kent u het bericht?", style="List Number")
    word.paragraph("Ja.")
    word.header = ["Datum", "31 maart 2025", "Onze referentie", "D2025-001537", "Ministerie van Defensie"]
    conversion = convert(word)
    assert (conversion.letter.meta.date, conversion.letter.meta.reference) == ("2025-03-31", "D2025-001537")
    assert "Ministerie van Defensie" not in conversion.markdown.split("---", 2)[2]


def test_hidden_or_deleted_letterhead_text_reaches_no_metadata() -> None:
    """The header's facts are read as Word shows them: a hidden or deleted reference is not the letter's."""
    word = Letter()
    word.paragraph("Geachte voorzitter,")
    word.paragraph("Kent u het bericht?", style="List Number")
    word.paragraph("Ja.")
    word.header = ["Onze referentie", "Datum"]

    def hide(parts: dict[str, bytes]) -> None:
        name = next(n for n in parts if n.startswith("word/header"))
        xml = parts[name].decode()
        value = (
            run("GEHEIM-1", "<w:vanish/>")
            + "<w:del><w:r><w:delText>GEHEIM-2</w:delText></w:r></w:del>"
            + run("D2025-7")
        )
        xml = xml.replace(
            "<w:t>Datum</w:t></w:r></w:p>", "<w:t>Datum</w:t></w:r></w:p><w:p>" + run("1 april 2025") + "</w:p>", 1
        )
        xml = xml.replace(
            "<w:t>Onze referentie</w:t></w:r></w:p>",
            "<w:t>Onze referentie</w:t></w:r></w:p><w:p>" + value + "</w:p>",
            1,
        )
        parts[name] = xml.encode()

    conversion = convert_bytes(word.bytes(hide), "brief.docx")
    assert conversion.letter is not None
    assert conversion.letter.meta.reference == "D2025-7"
    assert "GEHEIM" not in conversion.markdown


def test_tables_lists_and_pictures_are_kept() -> None:
    word = letter(("Hoeveel?", "Zo veel:"))
    table = word.document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("Jaar", "Aantal"), ("2024", "15")), strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    word.paragraph("eerste punt", style="List Bullet")
    word.paragraph("tweede punt", style="List Bullet")
    picture = word.paragraph()
    picture.add_run().add_picture(io.BytesIO(PNG))
    picture._p.xpath(".//wp:docPr")[0].set("descr", "Grafiek van het aantal meldingen")
    conversion = convert(word)
    blocks = [(b.style, b.rows or b.content) for b in conversion.letter.answers[0].blocks]
    assert blocks == [
        (BlockStyle.PARAGRAPH, ("Zo veel:",)),
        (BlockStyle.TABLE, (("Jaar", "Aantal"), ("2024", "15"))),
        (BlockStyle.BULLET, ("eerste punt",)),
        (BlockStyle.BULLET, ("tweede punt",)),
        (BlockStyle.FIGURE, ("Grafiek van het aantal meldingen",)),
    ]


def _png() -> bytes:
    """The smallest PNG: one white pixel."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


PNG = _png()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the signature of an OLE compound file


def _without(name: str) -> bytes:
    data = letter(("Vraag?", "Ja.")).bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.namelist():
            if item != name:
                target.writestr(item, source.read(item))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (OLE + bytes(600), "a Word 97-2003 file (.doc), not a .docx"),
        # an encrypted .docx is an OLE file holding an "EncryptedPackage" stream (its name in UTF-16)
        (OLE + bytes(64) + "EncryptedPackage".encode("utf-16-le") + bytes(600), "a password-protected .docx"),
        (_without("word/document.xml"), "a zip file without word/document.xml"),
        (b"PK\x03\x04" + bytes(100), "a damaged .docx"),
        (bytes(range(256)) * 4, "file is binary"),
    ],
    ids=["doc", "password", "zip-without-document", "damaged-zip", "not-a-zip"],
)
def test_bad_word_files_get_a_clear_message_naming_the_file(data: bytes, message: str) -> None:
    conversion = convert_bytes(data, "content/letters/brief.docx")
    assert conversion.letter is None
    (problem,) = conversion.diagnostics
    assert str(problem).startswith("content/letters/brief.docx:")
    assert f"error: {message}" in str(problem)


def _runs(word: Letter, paragraph: Paragraph, content: tuple[object, ...], notes: dict[int, str]) -> None:
    for part in content:
        if isinstance(part, NoteRef) and part.series == "source":
            paragraph.add_run(part.mark)  # the questioners' "[1]", literal text
        elif isinstance(part, NoteRef):
            word.note(paragraph, "footnote", part.number + 10, notes[part.number])
        elif isinstance(part, str):
            paragraph.add_run(part)


def test_the_reference_letter_as_word_file_reads_like_its_tika_text() -> None:
    """The reference letter rebuilt as a Word file (numbered questions in a Word list, Word footnotes):
    the same questions, answers and notes as its tika rendering."""
    tika = parse_bytes(REFERENCE.read_bytes(), "2025Z04271.txt").letter
    assert tika is not None
    notes = {
        n.number: "".join(p for p in n.content if isinstance(p, str)) for n in tika.notes if n.series == "footnote"
    }
    word = Letter()
    for block in tika.preamble:
        _runs(word, word.paragraph(), block.content, notes)
    for item in tika.items:
        for block in item.blocks:
            style = "List Number" if isinstance(item, Question) and block is item.blocks[0] else None
            _runs(word, word.paragraph(style=style), block.content, notes)
    for source in (n for n in tika.notes if n.series == "source"):  # pasted as text at the end
        word.paragraph(f"{source.mark} " + "".join(p for p in source.content if isinstance(p, str)))
    docx_letter = parse_bytes(word.bytes(), "brief.docx").letter
    assert docx_letter is not None

    def shape(letter: object) -> list[tuple[str, tuple[int, ...], str]]:
        return [
            (type(i).__name__, i.numbers if isinstance(i, Question) else i.covers, _plain(i.blocks))
            for i in letter.items  # type: ignore[attr-defined]
        ]

    assert len(tika.questions) == 17
    assert shape(docx_letter) == shape(tika)
    assert [(n.series, n.number, n.mark, n.content) for n in docx_letter.notes] == [
        (n.series, n.number, n.mark, n.content) for n in tika.notes
    ]


def _plain(blocks: tuple[object, ...]) -> str:
    return " ".join("".join(p if isinstance(p, str) else f"[{p.number}]" for p in b.content) for b in blocks)  # type: ignore[attr-defined]


def test_a_word_file_dropped_in_content_becomes_its_page(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    word = letter(("Kent u het bericht over de Nutri-Score?", "Ja, zie "))
    word.link(word.document.paragraphs[-1], "het rapport", "https://www.rivm.nl/rapport")
    data = word.bytes()
    (project / "content" / "letters" / "2024Z14814-antwoord.docx").write_bytes(data)
    (project / "content" / "letters" / "2024Z14814-antwoord-docx.txt").unlink()  # the same Zaak as text
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((project / "site" / "2024Z14814" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("#vraag-1") is not None
    link = page.select_one("a[href='https://www.rivm.nl/rapport']")
    assert link is not None
    assert link.get_text() == "het rapport"
    download = page.select_one("a[href$='2024Z14814-antwoord.docx.txt']")  # the text the page shows
    assert download is not None
    assert not (project / "site" / "letters" / "2024Z14814-antwoord.docx").exists()  # never the working file
    text = (project / "site" / "letters" / "2024Z14814-antwoord.docx.txt").read_text(encoding="utf-8")
    assert "Kent u het bericht over de Nutri-Score?" in text


def test_bold_questions_mark_the_boundaries_when_nothing_else_does() -> None:
    word = Letter()
    word.paragraph("Geachte voorzitter,")
    word.paragraph("Hierbij de antwoorden op de vragen van het lid Jansen.")
    word.paragraph("Kent u het bericht over de wachtlijsten?", bold=True)
    word.paragraph("Ja.")
    word.paragraph("Hoe lang zijn de wachtlijsten nu?", bold=True)
    word.paragraph("Wat gaat u daaraan doen?", bold=True)  # two questions, one answer
    word.paragraph("Gemiddeld twaalf weken.")
    word.paragraph("Ik neem maatregelen.")
    word.paragraph("Belangrijk:", bold=False)
    conversion = convert(word)
    shape = [(type(i).__name__, i.numbers if isinstance(i, Question) else i.covers) for i in conversion.letter.items]
    assert shape == [("Question", (1,)), ("Answer", (1,)), ("Question", (2,)), ("Question", (3,)), ("Answer", (2, 3))]
    assert [b.content for b in conversion.letter.answers[1].blocks] == [
        ("Gemiddeld twaalf weken.",),
        ("Ik neem maatregelen.",),
        ("Belangrijk:",),
    ]
    assert [b.content for b in conversion.letter.preamble][-1] == (
        "Hierbij de antwoorden op de vragen van het lid Jansen.",
    )
    assert conversion.ok, conversion.diagnostics


def test_bold_paragraphs_do_not_override_labels() -> None:
    word = letter(("Kent u het bericht?", "Ja."))  # its "Vraag 1" and "Antwoord 1" labels are bold
    word.paragraph("Is dat zo?", bold=True)  # a bold sentence inside the answer stays text
    conversion = convert(word)
    assert [q.numbers for q in conversion.letter.questions] == [(1,)]
    assert "Is dat zo?" in conversion.markdown


# Every element Word puts around text: read, or warned about, never dropped in silence.

FIELD = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DOCPROPERTY onderwerp '
    '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)


@pytest.mark.parametrize(
    ("xml", "text"),
    [
        ('<w:ins w:id="1" w:author="A">{}</w:ins>', "Ingevoegd"),
        ('<w:moveTo w:id="1" w:author="A">{}</w:moveTo>', "Verplaatst"),
        ('<w:customXml w:element="onderwerp">{}</w:customXml>', "Klantgegevens"),
        (
            '<w:sdt><w:sdtPr><w:alias w:val="Naam"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>',
            "Inhoudsbesturing",
        ),
        ('<w:smartTag w:element="place">{}</w:smartTag>', "Slimlabel"),
        ('<w:fldSimple w:instr=" DOCPROPERTY datum ">{}</w:fldSimple>', "Veldresultaat"),
        (FIELD, "Complexveld"),
        ('<w:hyperlink w:anchor="_Toc1">{}</w:hyperlink>', "Ankertekst"),
        ('<w:dir w:val="rtl">{}</w:dir>', "Richting"),
        (
            '<w:ins w:id="1" w:author="A"><w:smartTag w:element="x"><w:customXml w:element="y">{}'
            "</w:customXml></w:smartTag></w:ins>",
            "Genest",
        ),
    ],
    ids=["ins", "moveTo", "customXml", "sdt", "smartTag", "fldSimple", "field-result", "hyperlink", "dir", "nested"],
)
def test_text_inside_every_wrapper_word_writes_is_kept(xml: str, text: str) -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    word.raw(word.document.paragraphs[-1], xml.format(run(f" {text}.")))
    conversion = convert(word)
    assert conversion.letter.answers[0].blocks[0].content == (f"Ja. {text}.",)
    assert "DOCPROPERTY" not in conversion.markdown  # a field's instruction is no text
    assert conversion.diagnostics == ()


def test_a_text_box_is_read_once_after_the_paragraph_it_stands_in() -> None:
    """Word writes a text box twice, as a DrawingML shape and its VML copy: one of them is read."""
    word = letter(("Kent u het bericht?", "Ja."))
    word.raw(word.document.paragraphs[-1], text_box("Tekst in een tekstvak."))
    word.paragraph("Verder.")
    conversion = convert(word)
    assert [b.content for b in conversion.letter.answers[0].blocks] == [
        ("Ja.",),
        ("Tekst in een tekstvak.",),
        ("Verder.",),
    ]
    assert conversion.markdown.count("tekstvak") == 1
    assert conversion.diagnostics == ()


def test_text_boxes_in_a_table_a_note_and_vml_alone_are_read() -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    answer = word.document.paragraphs[-1]
    word.raw(
        answer,
        f"<w:r><w:pict {SHAPES}><v:shape><v:textbox><w:txbxContent><w:p>{run('Oud vak.')}</w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
    )
    word.note(answer, "footnote", 2, "", runs=run(" Zie") + text_box("het vak in de noot."))
    table = word.document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Jaar"
    cell = table.rows[0].cells[1].paragraphs[0]
    word.raw(cell, run("Aantal") + text_box("in een vak"))
    conversion = convert(word)
    blocks = conversion.letter.answers[0].blocks
    assert [b.content for b in blocks[:2]] == [("Ja.", NoteRef(model.NoteSeries.FOOTNOTE, 1)), ("Oud vak.",)]
    assert blocks[2].rows == (("Jaar", "Aantal in een vak"),)
    assert [n.content for n in conversion.letter.notes] == [("Zie het vak in de noot.",)]
    assert conversion.diagnostics == ()


def test_content_controls_and_custom_xml_around_paragraphs_rows_and_cells_are_read() -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    body = word.document.element.body
    table = word.document.add_table(rows=1, cols=1)
    table.rows[0].cells[0].text = "In een cel"
    row = table._tbl.tr_lst[0]
    wrapper = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    row.addprevious(wrapper)
    wrapper[1].append(row)  # the row inside a content control
    block = parse_xml(
        f'<w:customXml {nsdecls("w")} w:element="slot"><w:p>{run("In klantgegevens.")}</w:p></w:customXml>'
    )
    body.sectPr.addprevious(block)
    conversion = convert(word)
    blocks = conversion.letter.answers[0].blocks
    assert [b.rows or b.content for b in blocks] == [("Ja.",), (("In een cel",),), ("In klantgegevens.",)]
    assert conversion.diagnostics == ()


def test_a_table_inside_a_cell_is_read_in_its_cell_only() -> None:
    """Its rows are the cell's text, not rows of the outer table as well (read twice before)."""
    word = letter(("Hoeveel?", "Zo veel:"))
    table = word.document.add_table(rows=1, cols=1)
    inner = table.rows[0].cells[0].add_table(rows=2, cols=1)
    inner.rows[0].cells[0].text = "binnen een"
    inner.rows[1].cells[0].text = "binnen twee"
    conversion = convert(word)
    assert conversion.letter.answers[0].blocks[1].rows == (("binnen een binnen twee",),)


@pytest.mark.parametrize(
    "xml",
    [
        '<w:moveFrom w:id="1" w:author="A"><w:r><w:t>{}</w:t></w:r></w:moveFrom>',
        '<w:del w:id="1" w:author="A"><w:r><w:delText>{}</w:delText></w:r></w:del>',
        '<w:r><w:rPr><w:vanish w:val="true"/></w:rPr><w:t>{}</w:t></w:r>',
        text_box("{}", hidden=True),
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ],
    ids=["moveFrom", "del", "vanish", "hidden-text-box", "instruction"],
)
def test_what_word_hides_is_never_published(xml: str) -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    word.raw(word.document.paragraphs[-1], xml.replace("{}", "GEHEIM"))
    conversion = convert(word)
    assert "GEHEIM" not in conversion.markdown
    assert conversion.diagnostics == ()


def test_a_switched_off_or_an_old_hidden_setting_hides_nothing() -> None:
    """w:vanish w:val="0" shows the run; a w:vanish in w:rPrChange is the run's old formatting."""
    word = letter(("Kent u het bericht?", "Ja."))
    word.raw(
        word.document.paragraphs[-1],
        run(" Zichtbaar.", '<w:vanish w:val="0"/>')
        + run(" Ook.", '<w:b/><w:rPrChange w:id="3" w:author="A"><w:rPr><w:vanish/></w:rPr></w:rPrChange>'),
    )
    conversion = convert(word)
    assert conversion.letter.answers[0].blocks[0].content == ("Ja. Zichtbaar. Ook.",)


def test_text_in_an_element_the_reader_does_not_know_is_kept_with_a_warning_naming_it() -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    answer = word.document.paragraphs[-1]
    future = f'<x:nieuw xmlns:x="urn:example:toekomst">{run(" Toekomstig.")}</x:nieuw>'
    formula = f"<m:oMath {SHAPES}><m:r><m:t>E=mc</m:t></m:r></m:oMath>"
    word.raw(answer, future + future + formula)
    conversion = convert(word)
    assert conversion.letter.answers[0].blocks[0].content == ("Ja. Toekomstig. Toekomstig.E=mc",)
    assert [str(d) for d in conversion.diagnostics] == [
        f"brief.docx:7: warning: {name} holds text in a form the reader does not know: read as plain text where "
        "it stands; check it on the page against the Word file"
        for name in ("nieuw (urn:example:toekomst)", "m:oMath")
    ]  # once per element, however often it stands in the file


# Text hidden through a style: Word hides it, so it is never published, and the independent reading
# of the conservation check does not expect it either (no false alarm).

HIDDEN = "<w:vanish/>"


def _styled(word: Letter, *styles: str, defaults: str = "") -> Converted:
    conversion = convert_bytes(word.bytes(styled(*styles, defaults=defaults)), "brief.docx")
    assert conversion.letter is not None, conversion.diagnostics
    return Converted(conversion.letter, conversion.markdown, conversion.diagnostics, conversion.ok)


def _in_style(text: str, style_id: str, properties: str = "") -> str:
    return run(text, f'<w:rStyle w:val="{style_id}"/>{properties}')


@pytest.mark.parametrize(
    "styles",
    [
        (style("Geheim", properties=HIDDEN),),
        (style("Geheim", properties="<w:specVanish/>"),),
        (style("Basis", properties=HIDDEN), style("Tussen", based="Basis"), style("Geheim", based="Tussen")),
        (style("Basis", properties=HIDDEN), style("Geheim", based="Basis", properties="<w:b/>")),
    ],
    ids=["character-style", "specVanish", "basedOn-chain", "basedOn-with-own-formatting"],
)
def test_text_hidden_by_its_character_style_is_never_published(styles: tuple[str, ...]) -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    word.raw(word.document.paragraphs[-1], _in_style(" GEHEIM", "Geheim") + run(" Nee."))
    conversion = _styled(word, *styles)
    assert conversion.letter.answers[0].blocks[0].content == ("Ja. Nee.",)
    assert "GEHEIM" not in conversion.markdown
    assert conversion.diagnostics == ()


@pytest.mark.parametrize(
    "styles",
    [
        (style("VerborgenAlinea", "paragraph", properties=HIDDEN),),
        (style("Basis", "paragraph", properties=HIDDEN), style("VerborgenAlinea", "paragraph", based="Basis")),
        # a character style's w:val="0" does not show what the paragraph style hides
        (style("VerborgenAlinea", "paragraph", properties=HIDDEN), style("Geheim", properties='<w:vanish w:val="0"/>')),
    ],
    ids=["paragraph-style", "basedOn-chain", "character-style-off"],
)
def test_text_hidden_by_its_paragraph_style_is_never_published(styles: tuple[str, ...]) -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    secret = word.paragraph()
    secret._p.style = "VerborgenAlinea"
    word.raw(secret, run("GEHEIM ") + _in_style("OOK GEHEIM", "Geheim"))
    word.paragraph("Verder.")
    conversion = _styled(word, *styles)
    assert [b.content for b in conversion.letter.answers[0].blocks] == [("Ja.",), ("Verder.",)]
    assert "GEHEIM" not in conversion.markdown
    assert conversion.diagnostics == ()


def test_a_direct_setting_shows_what_a_style_hides_and_a_derived_style_may_show_it_again() -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    word.raw(
        word.document.paragraphs[-1],
        _in_style(" Zichtbaar.", "Geheim", '<w:vanish w:val="0"/>')
        + _in_style(" Ook.", "Open")
        + _in_style(" GEHEIM", "Geheim"),
    )
    conversion = _styled(
        word, style("Geheim", properties=HIDDEN), style("Open", based="Geheim", properties='<w:vanish w:val="false"/>')
    )
    assert conversion.letter.answers[0].blocks[0].content == ("Ja. Zichtbaar. Ook.",)
    assert conversion.diagnostics == ()


def test_the_document_defaults_hide_all_text_a_run_does_not_show_itself() -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    shown = '<w:vanish w:val="0"/>'
    for paragraph in word.document.paragraphs:
        for element in paragraph._p.r_lst:
            element.get_or_add_rPr().append(parse_xml(f'<w:vanish {nsdecls("w")} w:val="0"/>'))
    word.raw(word.document.paragraphs[-1], run(" GEHEIM") + run(" Zichtbaar.", shown))
    conversion = _styled(word, defaults=HIDDEN)
    assert conversion.letter.answers[0].blocks[0].content == ("Ja. Zichtbaar.",)
    assert "GEHEIM" not in conversion.markdown
    assert conversion.diagnostics == ()


def test_text_hidden_by_a_style_in_a_note_a_table_a_text_box_and_a_picture_is_never_published() -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    answer = word.document.paragraphs[-1]
    word.note(answer, "footnote", 2, "", runs=run(" Zie bron.") + _in_style(" GEHEIM-NOOT", "Geheim"))
    hidden_box = text_box("GEHEIM-VAK").replace("<w:r>", '<w:r><w:rPr><w:rStyle w:val="Geheim"/></w:rPr>', 1)
    word.raw(answer, text_box("Vak") + hidden_box)
    picture = (
        f'<w:r {SHAPES}><w:rPr><w:rStyle w:val="Geheim"/></w:rPr><w:drawing><wp:inline>'
        '<wp:docPr id="7" name="Foto" descr="GEHEIM-FOTO"/></wp:inline></w:drawing></w:r>'
    )
    word.raw(answer, picture)
    table = word.document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Jaar"
    word.raw(table.rows[0].cells[1].paragraphs[0], run("Aantal") + _in_style(" GEHEIM-CEL", "Geheim"))
    conversion = _styled(word, style("Geheim", properties=HIDDEN))
    blocks = conversion.letter.answers[0].blocks
    assert [b.rows or b.content for b in blocks] == [
        ("Ja.", NoteRef(model.NoteSeries.FOOTNOTE, 1)),
        ("Vak",),
        (("Jaar", "Aantal"),),
    ]
    assert [n.content for n in conversion.letter.notes] == [("Zie bron.",)]
    assert "GEHEIM" not in conversion.markdown
    assert conversion.diagnostics == ()


def test_a_style_chain_that_loops_or_runs_too_deep_is_bounded_and_said() -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    answer = word.document.paragraphs[-1]
    word.raw(answer, _in_style(" Rond.", "A") + _in_style(" GEHEIM", "C") + _in_style(" DIEP", "Diep0"))
    cycle = (
        style("A", based="B"),
        style("B", based="A"),
        style("C", based="D"),
        style("D", based="C", properties=HIDDEN),
    )
    deep = tuple(style(f"Diep{i}", based=f"Diep{i + 1}") for i in range(60))
    conversion = _styled(word, *cycle, *deep)
    assert conversion.letter.answers[0].blocks[0].content == ("Ja. Rond.",)
    assert sorted(str(d) for d in conversion.diagnostics) == [
        "brief.docx:7: warning: word/styles.xml: style 'A' is based on itself through 2 styles (w:basedOn): "
        "its formatting is read as far as the chain goes",
        "brief.docx:7: warning: word/styles.xml: style 'Diep0' is based on more than 50 styles in turn (w:basedOn), "
        "which Word never writes: its text is taken for hidden and left out",
    ]  # each once, however many runs take the style


def test_a_long_style_chain_used_by_many_runs_is_read_in_bounded_time() -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    chain = tuple(style(f"S{i}", based=f"S{i + 1}" if i < 2000 else "") for i in range(2001))
    word.raw(word.document.paragraphs[-1], "".join(_in_style(f" w{i}", f"S{i}") for i in range(0, 2000, 2)))
    started = time.perf_counter()
    conversion = _styled(word, *chain, style("S2001", properties=HIDDEN))
    assert time.perf_counter() - started < 30
    assert "w1998" in conversion.markdown  # 2 styles from the end of the chain: shown
    assert "w0 " not in conversion.markdown  # 2,000 deep: taken for hidden


# Content in another part of the package, which the reader does not read: said, not silently lost.


def test_an_imported_chunk_and_a_subdocument_are_named_in_a_warning() -> None:
    word = letter(("Kent u het bericht?", "Ja."))
    body = word.document.element.body
    body.sectPr.addprevious(parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="rIdChunk"/>'))
    word.raw(word.document.paragraphs[-1], f'<w:subDoc {nsdecls("r")} r:id="rIdSub"/>')
    cell = word.document.add_table(rows=1, cols=1).rows[0].cells[0]
    cell._tc.append(parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="rIdChunk"/>'))

    def elsewhere(parts: dict[str, bytes]) -> None:
        parts["word/afchunk.mht"] = b"MIME-Version: 1.0\r\n\r\n<p>Elders</p>"
        rels = "word/_rels/document.xml.rels"
        relations = (
            f'<Relationship Id="rIdChunk" Type="{RELATIONSHIP}aFChunk" Target="afchunk.mht"/>'
            f'<Relationship Id="rIdSub" Type="{RELATIONSHIP}subDocument" Target="file:///C:/brieven/deel2.docx" '
            'TargetMode="External"/>'
        )
        parts[rels] = parts[rels].replace(b"</Relationships>", relations.encode() + b"</Relationships>")

    conversion = convert_bytes(word.bytes(elsewhere), "brief.docx")
    assert [str(d) for d in conversion.diagnostics] == [
        "brief.docx:7: warning: w:subDoc: a master document's subdocument in 'file:///C:/brieven/deel2.docx', "
        "which the reader does not read: left out; expand the subdocuments in Word and save the letter as one "
        "document",
        *(
            f"brief.docx:{line}: warning: w:altChunk: content imported in 'afchunk.mht', which the reader does not "
            "read: left out; open the file in Word and save it again, which makes it part of the text"
            for line in (7, 8)  # after the answer, and in the table
        ),
    ]
