"""Cross-links: every row of the reference table, references to other answers, web addresses."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamervragen.conservation import words
from kamervragen.convert import convert_bytes, render
from kamervragen.diagnostics import Reporter
from kamervragen.linking import crossrefs
from kamervragen.linking.linker import _Linker
from kamervragen.linking.references import REFERENCE_KINDS, TWEEDE_KAMER_DOCUMENT
from kamervragen.model import Kind, Letter, Link, LinkKind, Metadata, links_of
from kamervragen.reading import read_markdown
from kamervragen.urls import publishable, split_tracking
from kamervragen.writers import markdown

from .conftest import REFERENCE
from .docx_fixtures import Letter as WordLetter

EMPTY = Letter(source="x.txt", rendering="docx-text", kind=Kind.ANTWOORD, meta=Metadata())


def links(text: str, site: dict[str, str] | None = None) -> list[Link]:
    parts = _Linker(EMPTY, site or {}, Reporter("x.txt")).text(text, 1, answers=False)
    return [p for p in parts if isinstance(p, Link)]


@pytest.mark.parametrize(
    ("row", "text", "url"),
    [(row, text, url) for row in REFERENCE_KINDS for text, url in row.examples],
    ids=lambda v: getattr(v, "name", v),
)
def test_reference_row_examples_link_whole(row: object, text: str, url: str) -> None:
    sentence = f"Zie ook {text}."
    found = links(sentence)
    assert [(link.text, link.url) for link in found] == [(text, url)]


@pytest.mark.parametrize(
    "text",
    [text for row in REFERENCE_KINDS for text in row.counter_examples]
    + ["een bedrag van 26 643 euro", "in 2023/24 gemeld", "bel 070-3456789 of 06-12345678", "zie pagina 12 345"],
)
def test_look_alikes_never_link(text: str) -> None:
    assert links(text) == []


@pytest.mark.parametrize(("text", "numbers"), crossrefs.EXAMPLES)
def test_answer_references_examples(text: str, numbers: tuple[int, ...]) -> None:
    assert [n for _, _, n in crossrefs.find_question_numbers(text)] == list(numbers)


@pytest.mark.parametrize("text", crossrefs.COUNTER_EXAMPLES)
def test_answer_references_counter_examples(text: str) -> None:
    assert list(crossrefs.find_question_numbers(text)) == []


def test_reference_input_links() -> None:
    """The issue's list: every one of these is a link in the reference input."""
    conversion = convert_bytes(REFERENCE.read_bytes(), str(REFERENCE))
    assert conversion.letter is not None
    found = {(link.text, link.url) for link in links_of(conversion.letter)}
    official = "https://zoek.officielebekendmakingen.nl"
    assert ("Kamerstuk 2023D42772", TWEEDE_KAMER_DOCUMENT.format("2023D42772")) in found
    assert ("Kamerstuk 2025D01084", TWEEDE_KAMER_DOCUMENT.format("2025D01084")) in found
    assert ("Kamerstuk 31125-133", f"{official}/kst-31125-133.html") in found
    assert ("2025Z04271", f"{official}/kv-tk-2025Z04271") in found
    assert ("9", "#vraag-9") in found  # "beantwoord in vraag 9"
    assert ("11", "#vraag-11") in found  # "de samenhang tussen vragen 9 en 11"
    web = [link for link in links_of(conversion.letter) if link.kind is LinkKind.WEB]
    assert [link.url for link in web] == [
        "https://www.rijksoverheid.nl/ministeries/ministerie-van-defensie/agenda/2025/03/03/"
        "agenda-staatssecretaris-tuinman-week-10",
        "https://www.linkedin.com/posts/defensiestas_met-alleen-staal-en-vuur-komen-we-er-niet-activity-7302991284237963264-XuxW",
    ]
    assert "utm_source=share" in web[1].text  # the model keeps the text as written
    # the page shows the address as its link goes, without the tracking; the JSON says what was written
    page = read_markdown(conversion.markdown).text
    assert "utm" not in page
    assert f"5 maart 2025\xa0({web[1].url})" in page
    data = json.loads(render(conversion, "json"))
    assert {"text": "9", "url": "#vraag-9", "kind": "question"} in data["links"]
    assert len(data["links"]) == len(links_of(conversion.letter))
    assert data["links"][-1]["text"].endswith(
        "?utm_source=share&utm_medium=member_ios&rcm=ACoAAADAYiABDyjlU612hQBamO1BT7U5oX3m6bg"
    )
    assert "&rcm=ACoAAADA" in data["sources"][1]["text"]


TRACKED = (
    "2024Z00001\nAntwoord van minister X (Y) (ontvangen 1 mei 2024)\nVraag 1\nA?\nAntwoord 1\n"
    "Zie https://nos.nl/zoek?q=klimaat&utm_source=share&rcm=ACoAAADA#uitslag en Kamerstuk 36800-J, nr. 2.\n"
)


def test_a_cited_address_is_shown_without_its_tracking_and_that_loses_no_word() -> None:
    conversion = convert_bytes(TRACKED.encode(), "brief.txt")
    assert conversion.diagnostics == ()
    assert read_markdown(conversion.markdown).text.splitlines()[-1] == (
        "Zie https://nos.nl/zoek?q=klimaat#uitslag en Kamerstuk 36800-J, nr. 2."
    )
    assert "(https://zoek.officielebekendmakingen.nl/kst-36800-J-2.html)" in conversion.markdown


def test_the_conservation_check_accepts_the_tracking_and_nothing_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page that left out more of an address than its tracking ("q=klimaat") loses a word."""
    monkeypatch.setattr(markdown, "split_tracking", lambda address: (address.partition("?")[0], ()))
    conversion = convert_bytes(TRACKED.encode(), "brief.txt")
    assert [(d.line, d.message) for d in conversion.diagnostics] == [
        (6, "word 'klimaat' of the letter is missing from the output"),
        (6, "word 'q' of the letter is missing from the output"),
        (6, "word 'uitslag' of the letter is missing from the output"),
    ]


def test_a_word_hyperlink_shows_its_address_without_tracking_and_its_own_words_as_written() -> None:
    word = WordLetter()
    for line in ("2024Z00001", "Antwoord van minister X (Y) (ontvangen 1 mei 2024)", "Vraag 1", "A?", "Antwoord 1"):
        word.paragraph(line)
    answer = word.paragraph("Zie ")
    word.link(answer, "https://nos.nl/a?id=3&utm_source=x", "https://nos.nl/a?id=3&utm_source=x")
    word.link(answer, " en het artikel?fbclid=1", "https://nos.nl/b?fbclid=1")
    conversion = convert_bytes(word.bytes(), "brief.docx")
    assert conversion.diagnostics == ()
    assert (
        read_markdown(conversion.markdown).text.splitlines()[-1] == "Zie https://nos.nl/a?id=3 en het artikel?fbclid=1"
    )


QUERY_PIECES = st.sampled_from(
    [
        "utm_source=share",
        "UTM_Medium=x",
        "fbclid=IwAR0",
        "rcm=ACo",
        "utm%5Fcampaign=z",
        "q=klimaat",
        "id=3",
        "t=30",
        "a+b=c%20d",
        "",
        "rcmd=1",
        "utm=2",
        "x",
    ]
)


@given(st.lists(QUERY_PIECES, max_size=6), st.sampled_from(["", "#reacties", "#?utm_source=1"]))
def test_an_address_shown_leads_where_its_link_goes(pieces: list[str], fragment: str) -> None:
    address = "https://nos.nl/artikel" + ("?" + "&".join(pieces) if pieces else "") + fragment
    shown, dropped = split_tracking(address)
    assert publishable(shown) == publishable(address)
    assert words(shown) + words(" ".join(dropped)) == words(address)
    assert all(publishable(f"https://x.nl/?{piece}") == "https://x.nl/" for piece in dropped)
    head = shown.partition("#")[0]
    assert not head.endswith(("?", "&")) or head == address.partition("#")[0]  # a "?" that nothing follows goes


def test_answer_links_in_markdown_resolve_on_the_page() -> None:
    conversion = convert_bytes(REFERENCE.read_bytes(), str(REFERENCE))
    assert "beantwoord in vraag [9](#vraag-9)" in conversion.markdown


def test_missing_question_is_a_warning_and_no_link() -> None:
    text = (
        "2024Z00001\nAntwoord van minister X (Y) (ontvangen 1 mei 2024)\n"
        "Vraag 1\nA?\nAntwoord 1\nZie het antwoord op vraag 7.\n"
    )
    conversion = convert_bytes(text.encode(), "brief.txt")
    assert [(d.line, d.message) for d in conversion.diagnostics] == [
        (6, "refers to question 7, which this letter does not have; not linked")
    ]
    assert "vraag 7." in conversion.markdown


def test_cited_letters_published_here_link_to_our_page() -> None:
    site = {
        "zaak:2024Z17165": "2024Z17165.md",
        "aanhangsel:ah-tk-20242025-507": "2024Z15295.md",
        "document:2025D01234": "2024Z14814.md",
    }
    found = links(
        "Zie 2024Z17165 en Aanhangsel Handelingen II 2024/25, nr. 507 en Kamerstuk 2025D01234 en 2024Z00001.", site
    )
    assert [(link.url, link.kind) for link in found] == [
        ("2024Z17165.md", LinkKind.SITE),
        ("2024Z15295.md", LinkKind.SITE),
        ("2024Z14814.md", LinkKind.SITE),
        ("https://zoek.officielebekendmakingen.nl/kv-tk-2024Z00001", LinkKind.PARLIAMENT),
    ]


def test_own_zaak_links_to_the_official_questions() -> None:
    conversion = convert_bytes(REFERENCE.read_bytes(), str(REFERENCE), site={"zaak:2025Z04271": "2025Z04271.md"})
    assert conversion.letter is not None
    own = [link for link in links_of(conversion.letter) if link.text == "2025Z04271"]
    assert [link.kind for link in own] == [LinkKind.PARLIAMENT]


def test_urls_win_over_references_inside_them() -> None:
    found = links("(https://zoek.officielebekendmakingen.nl/kst-31125-133.html)")
    assert [(link.kind, link.text) for link in found] == [
        (LinkKind.WEB, "https://zoek.officielebekendmakingen.nl/kst-31125-133.html")
    ]


PHRASES = st.sampled_from(
    [text for row in REFERENCE_KINDS for text, _ in row.examples]
    + [text for row in REFERENCE_KINDS for text in row.counter_examples]
    + [text for text, _ in crossrefs.EXAMPLES]
    + ["https://nos.nl/a?utm_source=x", "www.rijksoverheid.nl/b.", "javascript:alert(1)", "(zie ook)", ", nr. 5"]
)
FILLER = st.text(alphabet=st.sampled_from(list("abc XYZ0123456789,.;:-()/")), max_size=12)


@given(st.lists(st.one_of(PHRASES, FILLER), max_size=8).map(" ".join))
def test_linking_never_changes_the_text(text: str) -> None:
    parts = _Linker(EMPTY, {}, Reporter("x.txt")).text(text, 1, answers=True)
    assert "".join(p.text if isinstance(p, Link) else str(p) for p in parts) == text
    assert all(p.url.startswith(("https://", "http://", "#vraag-")) for p in parts if isinstance(p, Link))


@pytest.mark.parametrize("text", [text for row in REFERENCE_KINDS for text, _ in row.examples])
def test_every_reference_example_passes_the_trigger(text: str) -> None:
    from kamervragen.linking.references import TRIGGER  # noqa: PLC0415

    assert TRIGGER.search(text)
