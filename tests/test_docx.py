"""The .docx reader: one behaviour per fixture built in code, and a whole letter against its tika text."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx.text.paragraph import Paragraph

from kamervragen import model
from kamervragen.convert import convert_bytes, parse_bytes
from kamervragen.diagnostics import Diagnostic
from kamervragen.model import BlockStyle, Link, NoteRef, Question

from .conftest import REFERENCE
from .docx_fixtures import Letter
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
