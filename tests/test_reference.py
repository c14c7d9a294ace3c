"""The reference input (tika rendering of 2025Z04271): everything the issue names, asserted one by one."""

from __future__ import annotations

from kamervragen.convert import Conversion, convert_file
from kamervragen.model import Kind, NoteRef, NoteSeries, Person
from kamervragen.reading import read_markdown
from kamervragen.writers.data import plain_text

from .conftest import CORPUS


def test_seventeen_questions_each_with_its_answer(reference: Conversion) -> None:
    letter = reference.letter
    assert letter is not None
    assert [q.numbers for q in letter.questions] == [(n,) for n in range(1, 18)]
    assert [a.covers for a in letter.answers] == [(n,) for n in range(1, 18)]
    assert reference.diagnostics == ()


def test_notes_word_footnotes_and_questioners_sources_apart(reference: Conversion) -> None:
    letter = reference.letter
    assert letter is not None
    footnotes = [n for n in letter.notes if n.series is NoteSeries.FOOTNOTE]
    sources = [n for n in letter.notes if n.series is NoteSeries.SOURCE]
    # The letter has four Word footnotes (ids 1-4) and two source notes [1] and [2].
    assert [n.number for n in footnotes] == [1, 2, 3, 4]
    assert plain_text(footnotes[0].content) == (
        "Kamerstuk 2023D42772 van 17 oktober 2023 - Agenda Digitale Open Strategische Autonomie - "
        "Staat van de Europese Unie 2023"
    )
    assert [n.number for n in sources] == [1, 2]
    assert str(sources[1].content[0]).startswith("LinkedIn bericht van staatssecretaris Tuinman")
    first = letter.questions[0].blocks[0].content
    assert first[-1] == NoteRef(NoteSeries.SOURCE, 1, mark="[1]")  # shown as written


def test_metadata(reference: Conversion) -> None:
    letter = reference.letter
    assert letter is not None
    meta = letter.meta
    assert letter.kind is Kind.ANTWOORD
    assert letter.id == meta.zaak == "2025Z04271"
    assert (meta.date, meta.submitted) == ("2025-03-31", "2025-03-10")
    assert meta.askers == (Person("Kathmann", party="GroenLinks-PvdA"), Person("Nordkamp", party="GroenLinks-PvdA"))
    assert meta.answered_by == (Person("Gijs Tuinman", role="staatssecretaris", portfolio="Defensie"),)
    assert meta.on_behalf_of == ("de Staatssecretaris van Digitalisering en Koninkrijksrelaties",)
    assert meta.ministry == "Defensie"
    assert meta.reference == "D2025-001537"
    assert letter.title == "Het werkbezoek van de staatssecretaris van Defensie aan Microsoft en Amazon"
    assert meta.addressees == ("de staatssecretarissen van Defensie en van Binnenlandse Zaken en Koninkrijksrelaties",)


def test_markdown_read_back_independently(reference: Conversion) -> None:
    page = read_markdown(reference.markdown)
    assert [f"vraag-{n}" for n in range(1, 18)] == [i for i in page.ids if i.startswith("vraag-")]
    assert sorted(set(page.footnote_refs)) == sorted(set(page.footnote_defs)) == ["1", "2", "3", "4"]
    assert [link for link in page.internal_links if link.startswith("bron-")] == ["bron-1", "bron-2"]
    assert {"bron-1", "bron-2"} <= set(page.ids)
    assert "Seattle? [1]" in page.text
    assert "_GoBack" not in reference.markdown
    assert "bookmark" not in reference.markdown


def test_docx_source_marks_stay_as_written() -> None:
    """A docx letter writes its source marks as '1)': the page shows '1)', linked to the list."""
    conversion = convert_file(CORPUS / "antwoord" / "2024Z18285-antwoord-docx.txt")
    page = read_markdown(conversion.markdown)
    assert "afgenomen? 1)" in page.text
    assert "2) NOS, 11 november 2024" in page.text
    assert [link for link in page.internal_links if link.startswith("bron-")] == ["bron-1", "bron-2"]
