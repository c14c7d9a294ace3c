"""Words run together in PDF text: every rule's examples split as shown, its counter-examples stay."""

from __future__ import annotations

import pytest

from kamervragen.convert import convert_bytes
from kamervragen.readers import pdf_text
from kamervragen.readers.glue import GLUE_RULES, GlueRule, unglue


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

    def lossy(text: str) -> tuple[str, list[tuple[str, str]]]:
        fixed, repairs = real(text)
        return fixed.replace("naar", ""), repairs  # a word lost, not recorded

    monkeypatch.setattr(pdf_text, "unglue", lossy)
    conversion = convert_bytes(PDF.encode(), "brief-pdf.txt")
    assert any("word 'naar' of the letter is missing" in d.message for d in conversion.diagnostics)
