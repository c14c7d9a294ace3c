"""The PDF text reader on small made-up pages: furniture, notes and their marks, paragraphs."""

from __future__ import annotations

from kamervragen.diagnostics import Reporter
from kamervragen.model import BlockStyle
from kamervragen.readers import pdf_text
from kamervragen.readers.blocks import RawRef, SourceDoc
from kamervragen.structure.labels import is_label

MASTHEAD = [
    "Tweede Kamer der Staten-Generaal2",
    "Vergaderjaar 2024–2025 Aanhangsel van de Handelingen",
    "Vragen gesteld door de leden der Kamer, met de daarop door de",
    "regering gegeven antwoorden",
    "594",
]
FOOTER = [
    " ",
    "ah-tk-20242025-594",
    "ISSN 0921 - 7398’s-Gravenhage 2024Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 1",
]


def read(lines: list[str]) -> tuple[SourceDoc, Reporter]:
    report = Reporter("test.txt")
    return pdf_text.read(lines, report, is_label), report


def marks(doc: SourceDoc) -> list[tuple[str, list[str]]]:
    """Each block's text and the notes its marks refer to."""
    return [(b.text, [p.key for p in b.content if isinstance(p, RawRef)]) for b in doc.blocks]


def test_furniture_removed_and_facts_kept() -> None:
    doc, report = read([*MASTHEAD, "Vraag 1", "Klopt dat?", "Antwoord 1", "Ja.", *FOOTER])
    assert [b.text for b in doc.blocks] == ["Vraag 1", "Klopt dat?", "Antwoord 1", "Ja."]
    assert ("aanhangsel-number", "594") in doc.facts
    assert ("page-id", "ah-tk-20242025-594") in doc.facts
    assert report.items == []


def test_marks_of_every_shape_find_their_bodies_on_the_same_page() -> None:
    lines = [
        *MASTHEAD,
        "Vraag 1",
        "Bent u bekend met het onderzoek?1",
        "Antwoord 1",
        "Ja, zoals eerder gemeld",
        "2 3",
        "Vraag 2",
        "Kost het 1,4 miljoen?",
        "Antwoord 2",
        "Nee, zie de brief",
        "4 Dit is bekend.",
        "1NOS, 29 oktober 2024, Meer ziekenhuizen in financiële problemen, bedreigt uitvoering Zorgak-",
        "koord, https://nos.nl/artikel/2542490",
        "2Kamerstuk 25 242, nr. 686",
        "32024Z15585/2024D37938",
        "4Kamerstuk 36 200, nr. 77",
        *FOOTER,
    ]
    doc, report = read(lines)
    assert marks(doc) == [
        ("Vraag 1", []),
        ("Bent u bekend met het onderzoek?", ["1"]),
        ("Antwoord 1", []),
        ("Ja, zoals eerder gemeld", ["2", "3"]),
        ("Vraag 2", []),
        ("Kost het 1,4 miljoen?", []),
        ("Antwoord 2", []),
        ("Nee, zie de brief Dit is bekend.", ["4"]),
    ]
    bodies = {n.key: "".join(str(p) for p in n.content) for n in doc.notes}
    assert (
        bodies["1"]
        == "NOS, 29 oktober 2024, Meer ziekenhuizen in financiële problemen, bedreigt uitvoering Zorgakkoord, https://nos.nl/artikel/2542490"
    )
    assert bodies["3"] == "2024Z15585/2024D37938"
    assert report.items == []


def test_digits_that_end_a_word_are_not_marks() -> None:
    lines = [
        *MASTHEAD,
        "Vraag 1",
        "Hoeveel komt er vrij?1",
        # CO2, A2, m3 and km2 end in 2 but are no mark of note 2; nor is D66 one of a note 66
        "Volgens de CO2 op de A2, 2 m3 per km2, meldden wetenschappers2 meer dan op COP29 (D66).",
        "1Rapport A",
        "2Rapport B",
        *FOOTER,
    ]
    doc, report = read(lines)
    assert marks(doc) == [
        ("Vraag 1", []),
        ("Hoeveel komt er vrij?", ["1"]),
        ("Volgens de CO2 op de A2, 2 m3 per km2, meldden wetenschappers meer dan op COP29 (D66).", ["2"]),
    ]
    assert report.items == []


def test_a_lost_note_is_reported_and_numbering_resumes() -> None:
    lines = [*MASTHEAD, "Vraag 1", "Welk onderzoek?1", "Welk rapport?2", "2Kamerstuk 25 242, nr. 686", *FOOTER]
    doc, report = read(lines)
    assert [n.key for n in doc.notes] == ["2"]
    assert [d.message for d in report.items] == ["note 1 not found at the foot of its page; numbering continues at 2"]
    assert "Welk onderzoek?1" in doc.blocks[1].text


def test_paragraphs_rejoined_and_lists_recognised() -> None:
    lines = [
        *MASTHEAD,
        "Antwoord 5",
        "Ik wil kleinere ziekenhuizen in de stad relevant houden. Dit doe ik",
        "langs vier lijnen:",
        "2. Meerjarige financiële afspraken. Ik wil met zorgverzekeraars afspreken",
        "dat zij meerjarige afspraken maken.",
        "– de afspraak tijdens COP 26 om ontbossing te",
        "hebben gestopt;",
        *FOOTER,
    ]
    doc, _ = read(lines)
    shaped = [(b.style, b.marker, b.text) for b in doc.blocks]
    assert shaped == [
        (BlockStyle.PARAGRAPH, "", "Antwoord 5"),
        (
            BlockStyle.PARAGRAPH,
            "",
            "Ik wil kleinere ziekenhuizen in de stad relevant houden. Dit doe ik langs vier lijnen:",
        ),
        (
            BlockStyle.NUMBERED,
            "2.",
            "Meerjarige financiële afspraken. Ik wil met zorgverzekeraars afspreken "
            "dat zij meerjarige afspraken maken.",
        ),
        (BlockStyle.BULLET, "", "de afspraak tijdens COP 26 om ontbossing te hebben gestopt;"),
    ]
