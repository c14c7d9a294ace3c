"""The conservation check of Word files against an independent reading of the package
(kamervragen.docx_words): a reader that drops text is caught; what Word hides is not expected; the
corpus letters convert without a false alarm; the reading is bounded like the reader."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from kamervragen import docx_words
from kamervragen.convert import Conversion, convert_bytes, convert_file
from kamervragen.readers import docx
from kamervragen.readers.blocks import RawInline

from .docx_fixtures import Letter, run, style, styled, text_box
from .test_docx import letter
from .test_hostile_docx import _with_entities, lying_size

CORPUS = Path(__file__).parent / "fixtures" / "corpus" / "docx"
MB = 1_000_000


def _plain(lines: tuple[str, ...]) -> list[str]:
    return [" ".join(line.split()) for line in lines]


def _missing(conversion: Conversion) -> list[str]:
    return [str(d) for d in conversion.diagnostics if "missing from the output" in d.message]


def _answer_with(xml: str) -> Letter:
    """A letter whose one answer paragraph (the file's 7th) ends with `xml`, and a footnote."""
    word = letter(("Kent u het bericht?", "Ja."))
    answer = word.document.paragraphs[-1]
    word.raw(answer, xml)
    word.note(answer, "footnote", 4, "Geraadpleegde bronnen.")
    return word


# The four ministry Word files of the corpus: letterhead in text frames (floating tables and empty
# text boxes), DOCPROPERTY fields, footnotes, the questioners' own sources pasted as text.

CORPUS_LETTERS = {
    # file: (date, reference, questions, answers, notes as (series, number))
    "2023Z14759.docx": ("2023-10-18", "4980892", 14, 14, [("source", n) for n in range(1, 6)]),
    "2023Z19677.docx": ("2024-01-11", "5164758", 10, 6, [("footnote", 1)]),
    "2024Z11889.docx": ("2024-08-26", "5646209", 22, 20, [("footnote", 1), ("footnote", 2), ("source", 1)]),
    "nozaak-Eerdmans-MEer-Arnhem.docx": ("2024-03-24", "5303168", 3, 3, [("footnote", 1)]),
}


@pytest.mark.parametrize("name", sorted(CORPUS_LETTERS))
def test_each_corpus_word_file_converts_with_its_letterhead_questions_and_notes(name: str) -> None:
    date, reference, questions, answers, notes = CORPUS_LETTERS[name]
    conversion = convert_file(CORPUS / name)
    assert conversion.letter is not None
    letter = conversion.letter
    assert (letter.meta.date, letter.meta.reference) == (date, reference)
    assert (len(letter.questions), len(letter.answers)) == (questions, answers)
    assert [(n.series.value, n.number) for n in letter.notes] == notes
    assert conversion.diagnostics == ()  # no false alarm of the independent check, nor any other


def test_the_corpus_files_hold_what_the_reading_must_leave_out() -> None:
    """What makes them a test of the check: fields with instructions, text boxes written twice
    (mc:Choice and mc:Fallback), a hidden shape, and the reading's text holds no instruction."""
    data = (CORPUS / "2024Z11889.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = package.read("word/document.xml")
    for written in (b"<mc:Fallback>", b"<w:txbxContent>", b'hidden="1"', b"DOCPROPERTY", b"<w:tblpPr "):
        assert written in document
    shown = docx_words.shown_text(data)
    text = "\n".join(shown.lines)
    assert "Datum" in text
    assert "26 augustus 2024" in text
    assert "DOCPROPERTY" not in text
    assert len(shown.lines) == 154  # one per paragraph or table, as the reader numbers them
    assert [n[:40] for n in _plain(shown.notes)] == [
        "Zie ook de Verzamelbrief dierenwelzijn g",
        "De Koers Politiehonden is nader besproke",
    ]


# A reader that loses text is caught: each reader broken on purpose here.


def _dropping(monkeypatch: pytest.MonkeyPatch, marker: str) -> None:
    """The reader broken: every run whose text holds `marker` is dropped."""
    original = docx._Reader._run

    def broken(self: docx._Reader, element: ElementTree.Element, depth: int) -> Iterator[RawInline]:
        if marker in "".join(t.text or "" for t in element.iter(f"{docx.W}t")):
            return iter(())
        return original(self, element, depth)

    monkeypatch.setattr(docx._Reader, "_run", broken)


def test_a_reader_that_drops_a_run_is_caught_at_its_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    word = _answer_with(run(" Behalve wachtlijsten."))
    word.raw(word.document.paragraphs[4], text_box("Kader bij de vraag."))  # no line of its own
    assert _missing(convert_bytes(word.bytes(), "brief.docx")) == []
    _dropping(monkeypatch, "wachtlijsten")
    conversion = convert_bytes(word.bytes(), "brief.docx")
    assert "wachtlijsten" not in conversion.markdown
    assert _missing(conversion) == [
        f"brief.docx:7: warning: word '{w}' of the letter is missing from the output"
        for w in ("behalve", "wachtlijsten")
    ]


def test_a_reader_that_drops_a_run_of_a_note_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    word = _answer_with("")
    _dropping(monkeypatch, "Geraadpleegde bronnen")
    conversion = convert_bytes(word.bytes(), "brief.docx")
    # past the body's paragraphs: a note has no line of its own
    assert _missing(conversion) == [
        f"brief.docx:0: warning: word '{w}' of the letter is missing from the output"
        for w in ("bronnen", "geraadpleegde")
    ]


def _as_private(monkeypatch: pytest.MonkeyPatch, tag: str) -> None:
    """The reader broken: `tag` taken for deleted text, its content left out."""
    monkeypatch.setattr(docx, "WRAPPERS", docx.WRAPPERS - {tag})
    monkeypatch.setattr(docx, "PRIVATE", docx.PRIVATE | {tag})


@pytest.mark.parametrize(
    ("xml", "break_reader"),
    [
        (text_box("Tekst in het vak."), lambda m: m.setattr(docx, "_text_boxes", lambda shape: [])),
        (
            f'<w:moveTo w:id="1" w:author="A">{run(" Verplaatste tekst.")}</w:moveTo>',
            lambda m: _as_private(m, f"{docx.W}moveTo"),
        ),
    ],
    ids=["text-box", "moveTo"],
)
def test_a_reader_that_loses_an_element_is_caught(
    monkeypatch: pytest.MonkeyPatch, xml: str, break_reader: Callable[[pytest.MonkeyPatch], None]
) -> None:
    word = _answer_with(xml)
    assert convert_bytes(word.bytes(), "brief.docx").diagnostics == ()
    break_reader(monkeypatch)
    assert len(_missing(convert_bytes(word.bytes(), "brief.docx"))) >= 2


# What the reading takes and leaves, element by element.


def _shown(xml: str) -> str:
    """The answer paragraph as the independent reading finds it."""
    return docx_words.shown_text(_answer_with(xml).bytes()).lines[6]


def test_the_reading_takes_every_wrapper_a_field_result_and_one_branch_of_a_text_box() -> None:
    xml = (
        f'<w:ins w:id="1" w:author="A">{run(" een")}</w:ins>'
        f'<w:moveTo w:id="2" w:author="A">{run(" twee")}</w:moveTo>'
        f'<w:customXml w:element="x"><w:smartTag w:element="y">{run(" drie")}</w:smartTag></w:customXml>'
        f"<w:sdt><w:sdtPr/><w:sdtContent>{run(' vier')}</w:sdtContent></w:sdt>"
        f'<w:fldSimple w:instr=" PAGE ">{run(" vijf")}</w:fldSimple>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DOCPROPERTY x </w:instrText></w:r>'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{run(" zes")}<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + text_box("zeven")
    )
    assert _shown(xml).split() == ["Ja.", "een", "twee", "drie", "vier", "vijf", "zes", "zeven"]


def test_the_reading_leaves_out_what_word_hides() -> None:
    xml = (
        '<w:del w:id="1" w:author="A"><w:r><w:delText> geschrapt</w:delText></w:r></w:del>'
        '<w:moveFrom w:id="2" w:author="A"><w:r><w:t> weggezet</w:t></w:r></w:moveFrom>'
        + run(" verborgen", "<w:vanish/>")
        + run(" zichtbaar", '<w:vanish w:val="0"/>')
        + run(" oud", '<w:rPrChange w:id="3" w:author="A"><w:rPr><w:vanish/></w:rPr></w:rPrChange>')
        + text_box("onzichtbaar", hidden=True)
        + '<w:commentRangeStart w:id="5"/><w:r><w:commentReference w:id="5"/></w:r>'
    )
    assert _shown(xml).split() == ["Ja.", "zichtbaar", "oud"]


def test_the_reading_leaves_out_notes_no_shown_mark_calls() -> None:
    word = _answer_with("")
    word.notes["footnote"].append((9, run(" Nergens aangeroepen.")))
    hidden = letter(("Kent u het bericht?", "Ja."))
    hidden.note(hidden.document.paragraphs[-1], "footnote", 4, "Verborgen noot.")

    def hide_mark(parts: dict[str, bytes]) -> None:
        mark = b'<w:r><w:footnoteReference w:id="4"/></w:r>'
        assert mark in parts["word/document.xml"]
        hidden_mark = b'<w:r><w:rPr><w:vanish/></w:rPr><w:footnoteReference w:id="4"/></w:r>'
        parts["word/document.xml"] = parts["word/document.xml"].replace(mark, hidden_mark)

    assert _plain(docx_words.shown_text(word.bytes()).notes) == ["Geraadpleegde bronnen."]
    assert docx_words.shown_text(hidden.bytes(hide_mark)).notes == ()


def test_the_note_parts_are_found_through_the_relationships() -> None:
    """Another name than the reader's word/footnotes.xml: the reading still finds the notes, so a
    reader that misses them is caught."""
    word = _answer_with("")

    def rename(parts: dict[str, bytes]) -> None:
        parts["word/voetnoten.xml"] = parts.pop("word/footnotes.xml")
        rels = "word/_rels/document.xml.rels"
        parts[rels] = parts[rels].replace(b'Target="footnotes.xml"', b'Target="voetnoten.xml"')

    data = word.bytes(rename)
    assert _plain(docx_words.shown_text(data).notes) == ["Geraadpleegde bronnen."]
    conversion = convert_bytes(data, "brief.docx")
    assert "brief.docx:0: warning: word 'bronnen' of the letter is missing from the output" in _missing(conversion)


# Bounded like the reader.


def test_the_reading_refuses_entities_and_parts_that_lie_about_their_size() -> None:
    with pytest.raises(docx_words.UnreadablePackage, match="declares a DTD"):
        docx_words.shown_text(_with_entities(100))
    data = lying_size()  # 300 MB of document.xml behind a header that says 20 kB
    tracemalloc.start()
    try:
        with pytest.raises(docx_words.UnreadablePackage, match="cannot be unpacked"):
            docx_words.shown_text(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * MB, f"{peak / MB:.0f} MB held"


def test_the_reading_stops_at_its_element_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _answer_with("").bytes()
    monkeypatch.setattr(docx_words, "ELEMENTS", 50)
    with pytest.raises(docx_words.UnreadablePackage, match="more than 50 XML elements"):
        docx_words.shown_text(data)


def test_when_the_package_cannot_be_read_again_the_check_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable(data: bytes) -> docx_words.Shown:
        raise docx_words.UnreadablePackage("word/document.xml: more than 1,000,000 XML elements")

    monkeypatch.setattr(docx_words, "shown_text", unreadable)
    conversion = convert_bytes(_answer_with("").bytes(), "brief.docx")
    assert conversion.letter is not None
    assert [str(d) for d in conversion.diagnostics] == [
        "brief.docx:0: warning: the conservation check could not read the Word file again (word/document.xml: "
        "more than 1,000,000 XML elements): the page is checked against the reader's own text only"
    ]


# Hidden through a style: the reading resolves it on its own, as Word does.


def _shown_styled(xml: str, *styles: str, defaults: str = "") -> str:
    return docx_words.shown_text(_answer_with(xml).bytes(styled(*styles, defaults=defaults))).lines[6]


def _in_style(text: str, style_id: str, properties: str = "") -> str:
    return run(text, f'<w:rStyle w:val="{style_id}"/>{properties}')


def test_the_reading_leaves_out_what_a_style_hides_and_keeps_what_the_run_shows() -> None:
    xml = (
        _in_style(" karakter", "Geheim")
        + _in_style(" keten", "Afgeleid")
        + _in_style(" speciaal", "Speciaal")
        + _in_style(" zichtbaar", "Geheim", '<w:vanish w:val="0"/>')
        + _in_style(" weer", "Open")
        + _in_style(" rond", "A")
        + _in_style(" lus", "C")
        + text_box("vak").replace("<w:r>", '<w:r><w:rPr><w:rStyle w:val="Geheim"/></w:rPr>', 1)
    )
    styles = (
        style("Geheim", properties="<w:vanish/>"),
        style("Tussen", based="Geheim"),
        style("Afgeleid", based="Tussen", properties="<w:i/>"),
        style("Speciaal", properties="<w:specVanish/>"),
        style("Open", based="Geheim", properties='<w:vanish w:val="0"/>'),
        style("A", based="B"),
        style("B", based="A"),
        style("C", based="D"),
        style("D", based="C", properties="<w:vanish/>"),
    )
    assert _shown_styled(xml, *styles).split() == ["Ja.", "zichtbaar", "weer", "rond"]


def test_the_reading_leaves_out_a_paragraph_its_style_hides_and_the_document_defaults_hide() -> None:
    word = _answer_with("")
    secret = word.paragraph("Alinea GEHEIM")
    secret._p.style = "Verborgen"
    word.raw(secret, _in_style(" open", "Open") + run(" eigen", '<w:vanish w:val="0"/>'))
    base = style("Basis", "paragraph", properties="<w:vanish/>")
    data = word.bytes(
        styled(base, style("Verborgen", "paragraph", based="Basis"), style("Open", properties='<w:vanish w:val="0"/>'))
    )
    assert docx_words.shown_text(data).lines[7].split() == ["eigen"]
    everything = docx_words.shown_text(
        _answer_with(run(" eigen", '<w:vanish w:val="0"/>')).bytes(styled(defaults="<w:vanish/>"))
    )
    assert [line.split() for line in everything.lines if line.strip()] == [["eigen"]]
    assert everything.notes == ()  # its mark hidden too


def test_a_long_style_chain_is_read_by_the_reading_in_bounded_time() -> None:
    chain = tuple(style(f"S{i}", based=f"S{i + 1}") for i in range(3000))
    xml = "".join(_in_style(f" w{i}", f"S{i}") for i in range(0, 3000, 3))
    started = time.perf_counter()
    words = _shown_styled(xml, *chain, style("S3000", properties="<w:vanish/>")).split()
    assert time.perf_counter() - started < 30
    assert "w2997" not in words  # 3 styles from the hiding one
    assert "w0" not in words  # 3,000 deep: beyond STYLE_CHAIN, taken for hidden


def test_a_corpus_file_whose_hyperlink_style_hides_converts_without_a_false_alarm() -> None:
    """A real letter's styles.xml, with w:vanish added to its Hyperlink character style (based on
    the default one): its three links vanish from the reader's text and the reading's alike."""
    data = (CORPUS / "2024Z11889.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    hyperlink = b'<w:rPr><w:color w:val="0000FF"/><w:u w:val="single"/></w:rPr></w:style>'
    assert parts["word/styles.xml"].count(hyperlink) == 1
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        hyperlink, hyperlink.replace(b"<w:rPr>", b"<w:rPr><w:vanish/>")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, part in parts.items():
            package.writestr(name, part)
    before = convert_file(CORPUS / "2024Z11889.docx")
    conversion = convert_bytes(buffer.getvalue(), "2024Z11889.docx")
    assert "schiedam24.nl" in before.markdown
    assert conversion.letter is not None
    for link in ("nos.nl/artikel", "rtvoost.nl", "schiedam24.nl"):
        assert link not in conversion.markdown
        assert link not in "\n".join(docx_words.shown_text(buffer.getvalue()).lines)
    assert conversion.diagnostics == ()
