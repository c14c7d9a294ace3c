"""Words run together in PDF text: every rule's examples split as shown, its counter-examples stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamervragen.convert import convert_bytes
from kamervragen.readers import pdf_text
from kamervragen.readers.glue import GLUE_RULES, GlueRule, Spelling, letter_spelling, unglue

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"


@pytest.mark.parametrize(
    ("rule", "token", "repaired"),
    [(r, t, f) for r in GLUE_RULES for t, f in r.examples],
    ids=lambda v: getattr(v, "name", v),
)
def test_every_glue_rule_repairs_its_examples(rule: GlueRule, token: str, repaired: str) -> None:
    assert rule.split(token) == repaired
    assert unglue(token) == (repaired, [(token, repaired)])


@pytest.mark.parametrize(
    ("rule", "token"), [(r, t) for r in GLUE_RULES for t in r.counter_examples], ids=lambda v: getattr(v, "name", v)
)
def test_no_glue_rule_splits_its_counter_examples(rule: GlueRule, token: str) -> None:
    assert rule.split(token) == token
    assert unglue(token) == (token, [])


@pytest.mark.parametrize(
    "token",
    ["https://www.rijksoverheid.nl/ditis.Een", "info@minbzk.nl", "o.a.Het", "2024Z14814", "1.000.Dat", "kst-36410"],
)
def test_addresses_numbers_and_identifiers_are_never_split(token: str) -> None:
    assert unglue(token) == (token, [])


PDF = """Tweede Kamer der Staten-Generaal 2
Vergaderjaar 2024–2025 Aanhangsel van de Handelingen
594
Vragen van het lid Kathmann (GroenLinks-PvdA) aan de minister van Financiën over de ChristenUnie
(ingezonden 1 november 2024).
Antwoord van minister Heinen (Financiën) (ontvangen 20 november 2024).
Vraag 1
Kent u hetbericht over technischeaspecten inNederland?
Antwoord 1
Ja.Het bericht wordtverwezen naar deKamer.
"""


def test_a_pdf_letter_is_repaired_and_every_repair_is_accepted_by_the_conservation_check() -> None:
    conversion = convert_bytes(PDF.encode(), "brief-pdf.txt")
    assert conversion.letter is not None
    assert "het bericht" in conversion.markdown
    assert "in Nederland" in conversion.markdown
    assert "Ja. Het bericht wordt verwezen naar de Kamer." in conversion.markdown
    assert "GroenLinks-PvdA" in conversion.markdown
    assert ("hetbericht", "het bericht") in conversion.repairs
    assert not [d for d in conversion.diagnostics if "missing from the output" in d.message]


def test_a_change_that_is_no_recorded_repair_is_still_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check accepts exactly the recorded repairs: a reader that drops a word is still caught."""
    real = unglue

    def lossy(text: str, spelling: Spelling | None = None) -> tuple[str, list[tuple[str, str]]]:
        fixed, repairs = real(text, spelling)
        return fixed.replace("naar", ""), repairs  # a word lost, not recorded

    monkeypatch.setattr(pdf_text, "unglue", lossy)
    conversion = convert_bytes(PDF.encode(), "brief-pdf.txt")
    assert any("word 'naar' of the letter is missing" in d.message for d in conversion.diagnostics)


def test_glue_free_letters_are_left_as_they_are() -> None:
    """Word and tika renderings have every space: any repair there would be a wrong split."""
    letters = sorted(FIXTURES.glob("*/*-docx.txt")) + sorted(FIXTURES.glob("tika/*.txt"))
    assert len(letters) >= 10
    wrong = []
    for path in letters:
        text = path.read_text(encoding="utf-8")
        wrong += unglue(text, letter_spelling(text))[1]
    assert wrong == []


def test_a_word_the_letter_repeats_and_never_splits_is_its_own() -> None:
    text = "De woondeals zijn gesloten. Elke woondeals regio heeft er een. Woondeals werken, zegt men."
    spelling = letter_spelling(text)
    assert "woondeals" in spelling.whole
    assert unglue(text, spelling) == (text, [])
    assert unglue("woondeals")[0] == "woonde als"  # what the rule alone would make of it


def test_glue_the_letter_also_writes_apart_is_repaired_however_often() -> None:
    text = "hetkabinet besluit. Het kabinet en hetkabinet, hetkabinet."
    assert "hetkabinet" not in letter_spelling(text).whole
    assert unglue(text, letter_spelling(text))[0] == "het kabinet besluit. Het kabinet en het kabinet, het kabinet."


def test_the_askers_names_are_kept_and_a_glued_first_name_split() -> None:
    text = (
        "Vragen van de leden DaniëlleJansen (Nieuw Sociaal Contract) en Erkens (VVD) aan de minister over"
        " GroenLinks-PvdA. Antwoord op de vragen van DaniëlleJansen. Erkens vroeg het."
    )
    spelling = letter_spelling(text)
    fixed, repairs = unglue(text, spelling)
    assert "Daniëlle Jansen (Nieuw Sociaal Contract)" in fixed
    assert "vragen van Daniëlle Jansen." in fixed
    assert "Erkens vroeg" in fixed  # not "Er kens", though it begins a sentence
    assert ("DaniëlleJansen", "Daniëlle Jansen") in repairs
    assert "GroenLinks-PvdA" in fixed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hetbeoordelen is lastig.", "Het beoordelen is lastig."),  # a sentence begins
        ("Ja. Hetgaat goed.", "Ja. Het gaat goed."),
        ("de Wet op de Kanspelen (Wok)", "de Wet op de Kanspelen (Wok)"),  # a name inside a sentence
        ("het Dolfinariummoet sluiten", "het Dolfinarium moet sluiten"),  # a name, then a function word
    ],
)
def test_a_capital_splits_after_a_function_word_only_where_a_sentence_begins(text: str, expected: str) -> None:
    assert unglue(text)[0] == expected
