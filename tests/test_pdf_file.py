"""PDF files read directly (readers/pdf.py): the 11 published Aanhangsel PDFs of the corpus as
labelled, note marks found by their font, furniture by its place, and bad PDFs refused clearly."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest
import yaml

from kamervragen.convert import Conversion, convert_bytes
from kamervragen.diagnostics import Reporter, Severity
from kamervragen.model import Question
from kamervragen.readers import pdf
from kamervragen.readers.blocks import RawInline, RawRef, SourceDoc
from kamervragen.structure.labels import is_label

from .conftest import CORPUS

PDFS = sorted((CORPUS / "pdf").glob("*.pdf"))
ITEM = re.compile(r"^(?P<role>[QA])(?P<numbers>[\d,]+)")


@cache
def _labels() -> dict[str, dict[str, object]]:
    labels: dict[str, dict[str, object]] = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
    return labels


@cache
def _read(path: Path) -> tuple[SourceDoc, list[str], tuple[str, ...]]:
    report = Reporter(path.name)
    doc, lines = pdf.read_lines(path.read_bytes(), report, is_label)
    return doc, lines, tuple(str(d) for d in report.items)


def _converted(path: Path) -> Conversion:
    return convert_bytes(path.read_bytes(), path.name)


def _text(content: Iterable[RawInline]) -> str:
    """Block content with its note references written as [^key]."""
    return "".join(
        p.replace("\n", " ") if isinstance(p, str) else f"[^{p.key}]" if isinstance(p, RawRef) else p.text
        for p in content
    )


def _block(doc: SourceDoc, words: str) -> str:
    found = [_text(b.content) for b in doc.blocks if words in _text(b.content)]
    assert len(found) == 1, (words, found)
    return found[0]


def test_the_corpus_has_its_eleven_pdfs() -> None:
    assert len(PDFS) == 11
    assert all(pdf.is_pdf(p.read_bytes()) for p in PDFS)
    assert not pdf.is_pdf(b"Vraag 1\nKlopt dat?\n")
    assert not pdf.is_pdf((CORPUS / "tika" / "2025Z04271.txt").read_bytes())


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_each_pdf_converts_as_labelled(path: Path) -> None:
    conversion = _converted(path)
    assert [d for d in conversion.diagnostics if d.severity == Severity.ERROR] == []
    assert [str(d) for d in conversion.diagnostics if "missing from the output" in d.message] == []
    letter = conversion.letter
    assert letter is not None
    label = _labels()[f"pdf/{path.name}"]
    assert letter.rendering == "pdf"
    assert (letter.kind.value, letter.meta.zaak, letter.meta.aanhangsel) == (
        label["kind"],
        label["zaak"] or "",
        label["aanhangsel"],
    )
    items = [("Q", item.numbers) if isinstance(item, Question) else ("A", item.covers) for item in letter.items]
    expected = []
    for text in label["items"]:  # type: ignore[attr-defined]
        match = ITEM.match(text)
        assert match
        expected.append((match.group("role"), tuple(int(n) for n in match.group("numbers").split(","))))
    assert items == expected


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_furniture_is_gone_and_its_facts_kept(path: Path) -> None:
    doc, lines, _ = _read(path)
    page_id = path.stem
    assert ("page-id", page_id) in doc.facts
    assert ("aanhangsel-number", page_id.rsplit("-", 1)[1]) in doc.facts
    texts = [_text(b.content) for b in doc.blocks] + [_text(n.content) for n in doc.notes]
    for furniture in ("ah-tk-", "ISSN", "’s-Gravenhage 2024", "Tweede Kamer, vergaderjaar", "Vragen gesteld door"):
        assert not [t for t in texts if furniture in t], furniture
    assert page_id in lines  # the PDF's own lines still hold it: furniture is removed by rule
    assert page_id in doc.removed
    markdown = _converted(path).markdown.split("\n---\n", 1)[1]
    assert "ISSN" not in markdown
    assert f"\n{page_id}\n" not in markdown


def test_marks_are_the_raised_digits_where_the_pdf_raises_them() -> None:
    doc, _, diagnostics = _read(CORPUS / "pdf" / "ah-tk-20232024-1076.pdf")
    assert diagnostics == ()
    question = _block(doc, "Bent u bekend met het feit dat de Sinterklaasintocht")
    assert "(KOZP)?[^1] Bent u voorts" in question
    assert question.endswith("werd geïnitieerd?[^2]")
    assert _block(doc, "Uit het openbare overzicht").endswith("van de Rijksoverheid.[^3]")
    assert [n.key for n in doc.notes] == ["1", "2", "3"]
    assert _text(doc.notes[0].content).startswith("Hart van Nederland, 17 november 2023 (https://www.hartvannederland")
    # a mark after digits: "uit 2022⁴" (text alone cannot tell it from the year 20224)
    doc, _, _ = _read(CORPUS / "pdf" / "ah-tk-20232024-1771.pdf")
    assert "naar aanleiding van de signaalrapportage uit 2022[^4] waaruit blijkt" in _block(doc, "Een van de aspecten")
    assert [n.key for n in doc.notes] == [str(n) for n in range(1, 9)]
    # a mark inside a question, on a later page (note 10 of 2271)
    doc, _, _ = _read(CORPUS / "pdf" / "ah-tk-20232024-2271.pdf")
    assert "informatiekaart[^10]" in _block(doc, "Hoe verklaart u het dat ondanks")


def test_every_note_body_has_its_mark() -> None:
    for path in PDFS:
        doc, _, diagnostics = _read(path)
        marks = [p.key for b in doc.blocks for p in b.content if isinstance(p, RawRef)]
        assert marks == [n.key for n in doc.notes], path.name
        assert diagnostics == (), path.name


def test_a_paragraph_across_a_page_break_is_one_block() -> None:
    doc, lines, _ = _read(CORPUS / "pdf" / "ah-tk-20232024-1292.pdf")
    paragraph = _block(doc, "Daarnaast geldt er een taakstelling")
    assert "gericht op evacués uit het Midden-Oosten wordt aangewezen, zal in de praktijk ook" in paragraph
    continued = lines.index("wordt aangewezen, zal in de praktijk ook worden toegevoegd aan de") + 1
    assert continued not in {b.line for b in doc.blocks}
    footer = lines.index("Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel")
    assert footer + 1 < continued  # the page's footer stands between the two halves


def test_hyphens_at_line_ends_and_spaces_at_gaps() -> None:
    doc, lines, _ = _read(CORPUS / "pdf" / "ah-tk-20232024-1076.pdf")
    assert "het demonstratierecht. Dat betekent niet dat alles is toegestaan, de burge-" in lines
    assert "is toegestaan, de burgemeester kan demonstraties beperken" in _block(doc, "demonstratierecht")
    assert "de dwingelandij-terreur van KOZP" in _block(doc, "dwingelandij")  # a hyphen inside a line stays
    doc, _, _ = _read(CORPUS / "pdf" / "ah-tk-20232024-2168.pdf")
    assert "ENTSO-E-verband" in _block(doc, "ENTSO-E")  # broken after "ENTSO-E-": the compound keeps it


def test_lines_are_numbered_in_reading_order() -> None:
    doc, lines, _ = _read(CORPUS / "pdf" / "ah-tk-20232024-1076.pdf")
    assert lines[0] == "Tweede Kamer der Staten-Generaal"
    for block in doc.blocks:
        first = block.text.split()[0]
        assert lines[block.line - 1].startswith(first), (block.line, lines[block.line - 1], block.text[:40])
    for note in doc.notes:
        assert lines[note.line - 1].startswith(note.key)
    vraag = next(b for b in doc.blocks if b.text == "Vraag 3")
    assert lines.index("Vraag 3") + 1 == vraag.line
    assert lines.index("Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel") < vraag.line  # page 2 after page 1's footer


# --- PDFs made here ---------------------------------------------------------------------------


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of these objects (1: catalog, …) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(data), entries, data)


def _one_page(content: bytes, resources: bytes, *more: bytes, trailer: bytes = b"") -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents 4 0 R >>" % resources,
            _stream(content),
            *more,
        ],
        trailer,
    )


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
FONT = b"<< /Font << /F1 5 0 R >> >>"


def _line(x: float, y: float, *runs: tuple[float, float, bytes]) -> bytes:
    """One line of text: runs of (font size, rise, TJ array)."""
    shown = b" ".join(b"/F1 %g Tf %g Ts [%s] TJ" % (size, rise, array) for size, rise, array in runs)
    return b"BT %g %g Td %s ET\n" % (x, y, shown)


LETTER = b"".join(
    (
        _line(55, 760, (18, 0, b"(Tweede Kamer der Staten-Generaal)")),
        _line(221, 640, (9, 0, b"(Vragen gesteld door de leden der Kamer)")),
        _line(221, 536, (12.8, 0, b"(9999)")),
        _line(221, 500, (10, 0, b"(Vragen van het lid Jansen \\(SP\\) aan de Minister van Defensie)")),
        _line(221, 488, (10, 0, b"(over de uitstoot \\(ingezonden 1 maart 2024\\).)")),
        _line(221, 470, (10, 0, b"(Antwoord van Minister Brekelmans \\(Defensie\\) \\(ontvangen 20 maart 2024\\).)")),
        _line(221, 446, (10, 0, b"(Vraag 1)")),
        # CO with a lowered 2 (no mark); a raised 1 after the year 2022: the note's mark
        _line(
            221,
            434,
            (10, 0, b"(Hoeveel CO)"),
            (7, -2, b"(2)"),
            (10, 0, b"( stoot de A2 uit in 2022)"),
            (6, 4, b"(1)"),
            (10, 0, b"(?)"),
        ),
        _line(221, 410, (10, 0, b"(Antwoord 1)")),
        # no space character between "Ja," and "dat": a gap of 0.3 em (TJ -300)
        _line(221, 398, (10, 0, b"(Ja,) -300 (dat weet ik.)")),
        _line(221, 150, (5, 3, b"(1)"), (8, 0, b"( Rapport over de uitstoot)")),
        _line(55, 81, (6, 0, b"(ah-tk-20232024-9999)")),
        _line(221, 68, (9, 0, b"(Tweede Kamer, vergaderjaar 2023\x962024, Aanhangsel)")),
        _line(535, 68, (9, 0, b"(1)")),
    )
)


def test_a_made_pdf_marks_by_font_and_spaces_by_gaps() -> None:
    data = _one_page(LETTER, FONT, HELVETICA)
    report = Reporter("made.pdf")
    doc = pdf.read(data, report, is_label)
    assert report.items == []
    assert [_text(b.content) for b in doc.blocks] == [
        "Vragen van het lid Jansen (SP) aan de Minister van Defensie over de uitstoot (ingezonden 1 maart 2024).",
        "Antwoord van Minister Brekelmans (Defensie) (ontvangen 20 maart 2024).",
        "Vraag 1",
        "Hoeveel CO2 stoot de A2 uit in 2022[^1]?",
        "Antwoord 1",
        "Ja, dat weet ik.",
    ]
    assert [(n.key, _text(n.content)) for n in doc.notes] == [("1", "Rapport over de uitstoot")]
    assert ("page-id", "ah-tk-20232024-9999") in doc.facts
    assert ("aanhangsel-number", "9999") in doc.facts
    conversion = convert_bytes(data, "made.pdf")
    assert conversion.letter is not None
    assert [d for d in conversion.diagnostics if d.severity == Severity.ERROR] == []


def _error(data: bytes, name: str = "letter.pdf", rendering: str = "auto") -> str:
    conversion = convert_bytes(data, name, rendering)
    assert conversion.letter is None
    assert len(conversion.diagnostics) == 1
    return str(conversion.diagnostics[0])


def test_a_scanned_pdf_is_refused() -> None:
    image = _stream(
        b"\x80", b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
    )
    data = _one_page(b"q 400 0 0 600 100 100 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>", image)
    message = _error(data, "scan.pdf")
    assert message.startswith("scan.pdf:0: error: a scanned PDF: its pages are images without a text layer")
    assert "OCR" in message


def test_a_pdf_without_text_or_images_is_refused() -> None:
    assert _error(_one_page(b"", b"<< >>")).startswith("letter.pdf:0: error: a PDF without any text")


def test_an_encrypted_pdf_is_refused() -> None:
    security = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32)
    ids = b"<%s>" % (b"33" * 16)
    data = _one_page(
        _line(221, 700, (10, 0, b"(Vraag 1)")),
        FONT,
        HELVETICA,
        security,
        trailer=b"/Encrypt 6 0 R /ID [%s %s] " % (ids, ids),
    )
    message = _error(data)
    assert message.startswith("letter.pdf:0: error: an encrypted PDF (password-protected)")
    assert "without a password" in message


def test_a_damaged_pdf_is_refused() -> None:
    data = PDFS[0].read_bytes()
    message = _error(data[: len(data) // 2], "half.pdf")
    assert message.startswith("half.pdf:0: error: a damaged PDF")
    assert "download or export it again" in message


def test_format_pdf_on_a_text_file_is_refused() -> None:
    message = _error(b"Vraag 1\nKlopt dat?\n", "letter.txt", "pdf")
    assert message.startswith("letter.txt:0: error: not a PDF file")


def test_a_pdf_is_read_whatever_its_name() -> None:
    conversion = convert_bytes(PDFS[0].read_bytes(), "brief.txt")
    assert conversion.letter is not None
    assert conversion.letter.rendering == "pdf"
