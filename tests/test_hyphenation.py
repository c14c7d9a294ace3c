"""Dehyphenation rules, one row per decision, with the real words of the corpus that prompted them."""

from __future__ import annotations

import pytest

from kamervragen.hyphenation import Vocabulary
from kamervragen.readers.lines import join_line
from kamervragen.readers.pdf_text import _dehyphenate


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        ("wet- en regelge-ving", "wet- en regelgeving", "hyphenation patterns allow the break"),
        ("in verschil-lende regio's", "in verschillende regio's", "joined word is Dutch"),
        ("over hypotheti-sche situaties", "over hypothetische situaties", "joined word is Dutch"),
        ("Integra-ted Border Management", "Integrated Border Management", "joined word is English"),
        ("meer EU-steun", "meer EU-steun", "abbreviation"),
        ("inSAR-zones", "inSAR-zones", "abbreviation glued to the word before"),
        ("de oorzaak-gevolg relatie", "de oorzaak-gevolg relatie", "both halves are words"),
        ("het «energy-package»", "het «energy-package»", "both halves are (English) words"),
        ("een contra-expert", "een contra-expert", "vowel clash"),
        ("en zij-instroom", "en zij-instroom", "vowel clash after ij"),
        ("een oud-minister", "een oud-minister", "prefix keeps its hyphen"),
        ("een-op-een gesprek", "een-op-een gesprek", "a chain is never a break"),
        ("niet-Nederlandse", "niet-Nederlandse", "capital after the hyphen"),
        (
            "https://nos.nl/artikel/2542490-meer-zieken-huizen",
            "https://nos.nl/artikel/2542490-meer-zieken-huizen",
            "URL",
        ),
    ],
)
def test_mid_line_hyphen(text: str, expected: str, rule: str) -> None:
    assert _dehyphenate(text, Vocabulary([text])) == expected, rule


def test_the_letter_itself_decides_first() -> None:
    letter = ["het Zorgakkoord is getekend", "uitvoering Zorgak-"]
    assert join_all(["uitvoering Zorgak-", "koord,"], Vocabulary(letter)) == "uitvoering Zorgakkoord,"
    written = ["voormalig inval-woordvoerder"]
    assert _dehyphenate("voormaligeinval-woordvoerder", Vocabulary(written)) == "voormaligeinval-woordvoerder"


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        (
            "de ontwikkeling van de wachtlijs-",
            "ten in de jeugdzorg?",
            "de ontwikkeling van de wachtlijsten in de jeugdzorg?",
        ),
        ("(https://", "nos.nl/artikel/2541672)", "(https://nos.nl/artikel/2541672)"),
        (
            "www.change.inc/drama-voor-nederlandse-",
            "plasticrecycling",
            "www.change.inc/drama-voor-nederlandse-plasticrecycling",
        ),
        ("on Climate Change-", "rapporten (IPCC)", "on Climate Change-rapporten (IPCC)"),
        ("olie- en gaswinning in", "Schoonebeek", "olie- en gaswinning in Schoonebeek"),
        ("met een", "1,4 miljoen", "met een 1,4 miljoen"),
    ],
)
def test_line_end_join(left: str, right: str, joined: str) -> None:
    assert join_all([left, right], Vocabulary([left, right])) == joined


def join_all(lines: list[str], vocabulary: Vocabulary) -> str:
    """Lines joined one by one, as the PDF reader joins the lines of a paragraph."""
    run = [lines[0]]
    for line in lines[1:]:
        join_line(run, line, vocabulary)
    return "".join(run)


def test_a_url_broken_over_three_lines_is_joined_whole() -> None:
    lines = ["zie (https://www.example.org/een-", "heel-lang-", "adres) voor meer"]
    assert join_all(lines, Vocabulary(lines)) == "zie (https://www.example.org/een-heel-lang-adres) voor meer"
