"""Table-driven tests: every row of every recognizer table, with its own examples and counter-examples."""

from __future__ import annotations

import re

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from kamervragen.conservation import words
from kamervragen.dates import iso_date, session_year
from kamervragen.escape import escape, escape_block_start
from kamervragen.linking.weblinks import find_urls
from kamervragen.model import Person
from kamervragen.readers.detect import detect
from kamervragen.readers.pdf_text import DIGIT_WORD, DIGIT_WORDS, FURNITURE
from kamervragen.reading import read_markdown
from kamervragen.structure.labels import LABEL_STYLES, LabelStyle, Role, match_label, parse_numbers
from kamervragen.structure.metadata import (
    COUNTER_EXAMPLES,
    RECOGNIZERS,
    parse_answerers,
    parse_askers,
    read_metadata,
    zaak_number,
)
from kamervragen.urls import publishable, split_tracking


@pytest.mark.parametrize(
    ("style", "example"), [(s, e) for s in LABEL_STYLES for e in s.examples], ids=lambda v: getattr(v, "name", v)
)
def test_every_label_example_matches_its_own_row(style: object, example: str) -> None:
    label = match_label(example)
    assert label is not None
    assert label.style is style


@pytest.mark.parametrize(
    ("style", "line"),
    [(s, e) for s in LABEL_STYLES for e in s.counter_examples],
    ids=lambda v: getattr(v, "name", v),
)
def test_no_label_counter_example_matches_its_row(style: LabelStyle, line: str) -> None:
    label = match_label(line)
    assert label is None or label.style is not style


def test_every_label_style_has_counter_examples() -> None:
    assert all(style.counter_examples for style in LABEL_STYLES)


@pytest.mark.parametrize(
    ("line", "role", "numbers", "rest"),
    [
        ("Vraag 1", Role.QUESTION, (1,), ""),
        ("Vraag 16, 17, 18 en 19", Role.QUESTION, (16, 17, 18, 19), ""),
        ("Vraag 1 en 4", Role.QUESTION, (1, 4), ""),
        ("Vraag 2 t/m 6", Role.QUESTION, (2, 3, 4, 5, 6), ""),
        ("Antwoord vraag 4, 5, 6 en 7", Role.ANSWER, (4, 5, 6, 7), ""),
        ("Antwoord op vragen 7, 8, en 9", Role.ANSWER, (7, 8, 9), ""),
        ("Vraag 7, 8, 9 10 en 11", Role.QUESTION, (7, 8, 9, 10, 11), ""),
        ("Antwoord op vraag 3 en 4 ", Role.ANSWER, (3, 4), ""),
        ("Antwoord vraag 1: Ja.", Role.ANSWER, (1,), "Ja."),
        ("Antwoord:", Role.ANSWER, (), ""),
        ("Antwoord", Role.ANSWER, (), ""),
        ("12", Role.QUESTION, (12,), ""),
        ("3.", Role.QUESTION, (3,), ""),
        ("Toelichting:", Role.EXPLANATION, (), ""),
        ("Mededeling", Role.NOTICE, (), ""),
    ],
)
def test_label_reading(line: str, role: Role, numbers: tuple[int, ...], rest: str) -> None:
    label = match_label(line)
    assert label is not None
    assert (label.role, label.numbers, label.rest) == (role, numbers, rest)


@pytest.mark.parametrize(
    "line",
    [
        "Vraag van het lid Van Houwelingen (FVD) aan de Minister",
        "Antwoord van minister Hermans (Klimaat en Groene Groei) (ontvangen 19 november 2024)",
        "Zie het antwoord op vraag 7.",
        "Vragen van de leden Sneller , Bamenga",
        "2024",
        "1. Kunt u uitleggen wat het doel was?",
        "Antwoorden zijn er niet",
    ],
)
def test_not_a_label(line: str) -> None:
    assert match_label(line) is None


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("4", (4,)), ("4 en 5", (4, 5)), ("4, 5, 6 en 7", (4, 5, 6, 7)), ("2 t/m 6", (2, 3, 4, 5, 6)), ("1 & 3", (1, 3))],
)
def test_parse_numbers(text: str, numbers: tuple[int, ...]) -> None:
    assert parse_numbers(text) == numbers


@pytest.mark.parametrize(
    ("recognizer", "example"), [(r, e) for r in RECOGNIZERS for e in r.examples], ids=lambda v: getattr(v, "name", v)
)
def test_every_metadata_example_matches_its_own_row(recognizer: object, example: str) -> None:
    assert recognizer.pattern.search(example)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("recognizer", "line"),
    [(r, c) for r in RECOGNIZERS for c in COUNTER_EXAMPLES[r.name]],
    ids=lambda v: getattr(v, "name", v),
)
def test_no_metadata_counter_example_matches_its_row(recognizer: object, line: str) -> None:
    assert recognizer.pattern.search(line) is None  # type: ignore[attr-defined]


def test_every_metadata_row_has_counter_examples() -> None:
    assert {r.name for r in RECOGNIZERS} == set(COUNTER_EXAMPLES)


@pytest.mark.parametrize(
    ("text", "askers"),
    [
        (
            "Kathmann en Nordkamp (beiden GroenLinks-PvdA)",
            [("Kathmann", "GroenLinks-PvdA"), ("Nordkamp", "GroenLinks-PvdA")],
        ),
        ("Van Nispen (SP) en Lahlah (GroenLinks-PvdA)", [("Van Nispen", "SP"), ("Lahlah", "GroenLinks-PvdA")]),
        (
            "Sneller , Bamenga , Rooderkerk (allen D66) en Gabriëls (GroenLinks-PvdA)",
            [("Sneller", "D66"), ("Bamenga", "D66"), ("Rooderkerk", "D66"), ("Gabriëls", "GroenLinks-PvdA")],
        ),
        (
            "Kathmann & Nordkamp (beide GroenLinks-PvdA)",
            [("Kathmann", "GroenLinks-PvdA"), ("Nordkamp", "GroenLinks-PvdA")],
        ),
        ("DaniëlleJansen (Nieuw Sociaal Contract)", [("DaniëlleJansen", "Nieuw Sociaal Contract")]),
        ("Van den Hil (VVD)", [("Van den Hil", "VVD")]),
    ],
)
def test_parse_askers(text: str, askers: list[tuple[str, str]]) -> None:
    assert [(p.name, p.party) for p in parse_askers(text)] == askers


def test_parse_answerers_two_and_a_missing_parenthesis() -> None:
    both = parse_answerers(
        "Staatssecretaris Van Marum (Binnenlandse Zaken en Koninkrijksrelaties) en van Minister Hermans "
        "(Klimaat en Groene Groei) (ontvangen 18 november 2024)"
    )
    assert both == (
        Person("Van Marum", role="staatssecretaris", portfolio="Binnenlandse Zaken en Koninkrijksrelaties"),
        Person("Hermans", role="minister", portfolio="Klimaat en Groene Groei"),
    )
    broken = parse_answerers(
        "staatssecretaris Karremans (Volksgezondheid, Welzijn en Sport (ontvangen 20 november 2024)"
    )
    assert broken == (Person("Karremans", role="staatssecretaris", portfolio="Volksgezondheid, Welzijn en Sport"),)


@pytest.mark.parametrize(
    ("text", "zaak"),
    [("Kamervragen 2025Z04271", "2025Z04271"), ("vraagnummer 2024Z 17972)", "2024Z17972"), ("2023D42772", "")],
)
def test_zaak_number(text: str, zaak: str) -> None:
    assert zaak_number(text) == zaak


@pytest.mark.parametrize(
    ("text", "iso"),
    [("31 maart 2025", "2025-03-31"), ("(ontvangen 1 oktober 2024)", "2024-10-01"), ("30 februari 2024", ""), ("", "")],
)
def test_iso_date(text: str, iso: str) -> None:
    assert iso_date(text) == iso


@pytest.mark.parametrize(
    ("iso", "year"),
    [("2024-11-20", "20242025"), ("2024-09-16", "20232024"), ("2024-09-17", "20242025"), ("2025-03-31", "20242025")],
)
def test_session_year_starts_on_prinsjesdag(iso: str, year: str) -> None:
    assert session_year(iso) == year


@pytest.mark.parametrize(("name", "pattern", "example"), FURNITURE, ids=[f[0] for f in FURNITURE])
def test_furniture_examples(name: str, pattern: object, example: str) -> None:
    assert pattern.match(example)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "pattern", "examples"), DIGIT_WORDS, ids=[w[0] for w in DIGIT_WORDS])
def test_digit_word_examples(name: str, pattern: str, examples: tuple[str, ...]) -> None:
    assert all(re.fullmatch(pattern, word) and DIGIT_WORD.fullmatch(word) for word in examples)


@pytest.mark.parametrize("word", ["onderzoek1", "Kamer2", "CO22", "COP", "D6", "B12", "Ma3"])
def test_digit_word_look_alikes(word: str) -> None:
    assert DIGIT_WORD.fullmatch(word) is None


@pytest.mark.parametrize(
    ("text", "rendering"),
    [
        ("Geachte voorzitter,\n[bookmark: _GoBack]Hierbij", "tika"),
        ("\tDatum\n\t31 maart 2025\n", "tika"),
        ("Tweede Kamer der Staten-Generaal2\nVergaderjaar 2024–2025", "pdf-text"),
        ("tekst\nah-tk-20242025-594\n", "pdf-text"),
        ("AH 613\n2024Z14814\nAntwoord van", "docx-text"),
    ],
)
def test_detect_rendering(text: str, rendering: str) -> None:
    assert detect(text) == rendering


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"),
        ("*nadruk* en _ook_", "\\*nadruk\\* en \\_ook\\_"),
        ("[1] en [^2]", "\\[1\\] en \\[^2\\]"),
        # markup in neither renderer stays as it is: Python-Markdown would show a backslash before it
        ("x^2 ~ 3 = 9: klaar", "x^2 ~ 3 = 9: klaar"),
        ("Dit ^", "Dit &#94;"),  # before a note mark "^[^3]" would open an inline footnote
        ("a | b # c", "a \\| b \\# c"),
        ("AT&T", "AT&amp;T"),
    ],
)
def test_escape(text: str, escaped: str) -> None:
    assert escape(text) == escaped


def _escape_by_regex(text: str) -> str:
    """Escaping as one regex substitution says it: what the faster `escape` must equal."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", text).replace("\n", " ")
    if text.endswith("^"):
        text = text[:-1] + "&#94;"
    return re.sub(r"[ \t]+", " ", text)


@given(st.text(st.sampled_from("ab \t\n\\`*_{}[]()#+!|&<>^~"), max_size=30) | st.text(max_size=30))
def test_escape_is_one_substitution_of_each_character(text: str) -> None:
    assert escape(text) == _escape_by_regex(text)


LINKEDIN = "https://www.linkedin.com/posts/x-XuxW"


@pytest.mark.parametrize(
    ("text", "address", "url", "shown"),
    [
        ("zie (https://nos.nl/artikel/1).", "https://nos.nl/artikel/1", "https://nos.nl/artikel/1", "="),
        (
            "(www.advocatenorde.nl/nieuws/x)",
            "www.advocatenorde.nl/nieuws/x",
            "https://www.advocatenorde.nl/nieuws/x",
            "=",
        ),
        (
            "https://en.wikipedia.org/wiki/A_(b).",
            "https://en.wikipedia.org/wiki/A_(b)",
            "https://en.wikipedia.org/wiki/A_(b)",
            "=",
        ),
        # shown as the link goes: without the tracking, and without a "?" that nothing follows
        (
            f"{LINKEDIN}?utm_source=share&utm_medium=member_ios&rcm=ACoAAADA",
            f"{LINKEDIN}?utm_source=share&utm_medium=member_ios&rcm=ACoAAADA",
            LINKEDIN,
            LINKEDIN,
        ),
        (
            "https://example.org/zoek?q=klimaat&page=2&fbclid=abc&gclid=d&mc_cid=1&mc_eid=2&trk=x",
            "https://example.org/zoek?q=klimaat&page=2&fbclid=abc&gclid=d&mc_cid=1&mc_eid=2&trk=x",
            "https://example.org/zoek?q=klimaat&page=2",
            "https://example.org/zoek?q=klimaat&page=2",
        ),
        # every other parameter stays as written, in its place, and so does the fragment
        (
            "https://nos.nl/a?utm_source=x&id=3&UTM_Campaign=y&q=a+b%20c#reacties",
            "https://nos.nl/a?utm_source=x&id=3&UTM_Campaign=y&q=a+b%20c#reacties",
            "https://nos.nl/a?id=3&q=a+b+c#reacties",
            "https://nos.nl/a?id=3&q=a+b%20c#reacties",
        ),
        (
            "https://nos.nl/a?fbclid=IwAR0#reacties",
            "https://nos.nl/a?fbclid=IwAR0#reacties",
            "https://nos.nl/a#reacties",
            "https://nos.nl/a#reacties",
        ),
        ("www.nu.nl/b?utm%5Fsource=x", "www.nu.nl/b?utm%5Fsource=x", "https://www.nu.nl/b", "www.nu.nl/b"),
        (
            "https://www.rijksoverheid.nl/a?id=7&_gl=1*x&srsltid=Af&twclid=2&ttclid=3&s_cid=4&xtor=AD-5&at_medium=e",
            "https://www.rijksoverheid.nl/a?id=7&_gl=1*x&srsltid=Af&twclid=2&ttclid=3&s_cid=4&xtor=AD-5&at_medium=e",
            "https://www.rijksoverheid.nl/a?id=7",
            "https://www.rijksoverheid.nl/a?id=7",
        ),
        # look-alikes of tracking stay: a name that only starts like one, a fragment, a value
        (
            "https://www.youtube.com/watch?v=abc&t=30",
            "https://www.youtube.com/watch?v=abc&t=30",
            "https://www.youtube.com/watch?v=abc&t=30",
            "=",
        ),
        ("https://x.nl/z?utm=1&rcmd=2", "https://x.nl/z?utm=1&rcmd=2", "https://x.nl/z?utm=1&rcmd=2", "="),
        (
            "https://x.nl/z?q=utm_source#utm_source=1",
            "https://x.nl/z?q=utm_source#utm_source=1",
            "https://x.nl/z?q=utm_source#utm_source=1",
            "=",
        ),
    ],
)
def test_web_addresses(text: str, address: str, url: str, shown: str) -> None:
    found = [written for _, _, written in find_urls(text)]
    assert found == [address]
    assert publishable(address) == url
    visible, dropped = split_tracking(address)
    assert visible == (address if shown == "=" else shown)
    # the address shown leads where its link goes, and only the tracking it drops is left out
    assert publishable(visible) == url
    assert words(visible) + words(" ".join(dropped)) == words(address)


@pytest.mark.parametrize(
    "text", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/x", "mailto:a@b.nl"]
)
def test_only_http_is_linked(text: str) -> None:
    assert [publishable(a) for _, _, a in find_urls(text)] in ([], [None])


@pytest.mark.parametrize(
    ("lines", "document", "supplement"),
    [
        (
            ["AH 613", "2024Z14814/2024D45678", "Antwoord van minister X (Y) (ontvangen 1 mei 2025)"],
            "2024D45678",
            False,
        ),
        (["Documentnummer: 2024D 45678"], "2024D45678", False),
        (["Datum", "1 mei 2025", "Documentnummer", "2025D12345"], "2025D12345", False),
        (["Nader antwoord van minister Faber (Asiel en Migratie) (ontvangen 2 december 2024)"], "", True),
        (["Betreft", "Nadere beantwoording schriftelijke vragen over de opvang in Assen"], "", True),
        # Look-alikes: a cited paper, a note that glues its mark to a Zaak/document pair, an announcement.
        (["Zie Kamerstuk 2023D42772."], "", False),
        (["2023D42772 en 2025D01084"], "", False),
        (["32024Z15585/2024D37938"], "", False),
        (["Een nadere beantwoording volgt binnen drie weken."], "", False),
    ],
)
def test_document_number_and_supplement(lines: list[str], document: str, supplement: bool) -> None:
    meta = read_metadata(lines, ())
    assert (meta.document, meta.supplement) == (document, supplement)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("2. Meerjarige afspraken", "2\\. Meerjarige afspraken"),
        ("3) derde punt", "3\\) derde punt"),
        ("- een streepje", "\\- een streepje"),
        ("+ een plus", "\\+ een plus"),
        ("~~~ geen code", "&#126;~~ geen code"),
        ("= geen kop", "= geen kop"),
        ("tekst 2. midden", "tekst 2. midden"),
    ],
)
def test_escape_block_start(text: str, escaped: str) -> None:
    assert escape_block_start(text) == escaped
    # and both renderers show the text as written
    html = markdown.markdown(escaped)
    assert BeautifulSoup(html, "html.parser").get_text() == text
    assert read_markdown(escaped).text.strip() == text
