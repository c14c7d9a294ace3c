"""Property tests: the same input gives the same bytes; no word is lost; letter text never becomes markup."""

from __future__ import annotations

import re
import unicodedata

import markdown
from hypothesis import given
from hypothesis import strategies as st

from kamervragen.convert import convert_bytes
from kamervragen.reading import read_markdown

# Words as letters write them, including Markdown and HTML special characters.
WORD = st.text(
    alphabet=st.sampled_from(list("abcdeéëfghijklmnopqrstuvwxyzABCDEZ0123456789") + list("*_[]<>#|&`\\!{}()~^")),
    min_size=1,
    max_size=10,
).filter(lambda w: any(c.isalnum() for c in w))
SENTENCE = st.lists(WORD, min_size=1, max_size=12).map(lambda ws: "Dit " + " ".join(ws) + "?")


@st.composite
def docx_letters(draw: st.DrawFn) -> str:
    """A docx-text letter in one of its label styles, with its questions and answers."""
    count = draw(st.integers(min_value=1, max_value=6))
    style = draw(st.sampled_from(["vraag-antwoord", "bare-number", "antwoord-op-vraag"]))
    lines = [
        "AH 601",
        "2024Z17331",
        "Antwoord van minister Test (Justitie en Veiligheid) (ontvangen 20 november 2024)",
        "",
    ]
    for n in range(1, count + 1):
        question, answer = draw(SENTENCE), draw(SENTENCE)
        if style == "vraag-antwoord":
            lines += [f"Vraag {n}", question, "", f"Antwoord {n}", answer, ""]
        elif style == "bare-number":
            lines += [str(n), question, "", "Antwoord", answer, ""]
        else:
            lines += [f"Vraag {n}", question, "", f"Antwoord op vraag {n}", answer, ""]
    return "\n".join(lines)


@st.composite
def tika_letters(draw: st.DrawFn) -> str:
    """A tika letter: cover letter, numbered questions with unlabelled answers, Word notes, sources."""
    count = draw(st.integers(min_value=1, max_value=5))
    lines = ["\tDatum", "\t31 maart 2025", "Geachte voorzitter,", "[bookmark: _GoBack]Hierbij de antwoorden.", ""]
    sources = []
    for n in range(1, count + 1):
        mark = f" [{n}]" if draw(st.booleans()) else ""
        if mark:
            sources.append(f"[{n}] Bron {n} (https://example.org/{n})")
        lines.append(f"{n}.\u00a0{draw(SENTENCE)}{mark}")
        if draw(st.booleans()):
            lines.append(f"{draw(SENTENCE)}[footnoteRef:{n}] {draw(SENTENCE)} [{n}:  {draw(SENTENCE)}] ")
        else:
            lines.append(draw(SENTENCE))
        lines.append("")
    return "\n".join([*lines, *sources])


FOOTER = ["ah-tk-20242025-594", "ISSN 0921 - 7398’s-Gravenhage 2024Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 1"]


@st.composite
def pdf_letters(draw: st.DrawFn) -> str:
    """An Aanhangsel PDF text: masthead, labels, page-bottom notes with marks glued to the text."""
    count = draw(st.integers(min_value=1, max_value=4))
    lines = ["Tweede Kamer der Staten-Generaal2", "Vergaderjaar 2024–2025 Aanhangsel van de Handelingen", "594"]
    lines.append("Vragen van het lid Test (VVD) aan de Minister van Financiën over iets (ingezonden 1 oktober 2024).")
    lines.append("Antwoord van Minister Proef (Financiën) (ontvangen 18 november 2024).")
    bodies: list[str] = []
    for n in range(1, count + 1):
        noted = draw(st.booleans())
        question = draw(SENTENCE) + (str(len(bodies) + 1) if noted else "")
        if noted:
            bodies.append(f"{len(bodies) + 1}Bron {draw(SENTENCE)}")
        lines += [f"Vraag {n}", question, f"Antwoord {n}", draw(SENTENCE)]
    return "\n".join([*lines, *bodies, *FOOTER])


ANY_LETTER = st.one_of(docx_letters(), tika_letters(), pdf_letters())


@given(ANY_LETTER)
def test_same_input_same_bytes(letter: str) -> None:
    first = convert_bytes(letter.encode(), "letter.txt")
    second = convert_bytes(letter.encode(), "letter.txt")
    assert first.markdown == second.markdown
    assert first.diagnostics == second.diagnostics


@given(ANY_LETTER)
def test_no_word_lost_in_any_rendering(letter: str) -> None:
    conversion = convert_bytes(letter.encode(), "letter.txt")
    assert conversion.letter is not None
    assert not [d for d in conversion.diagnostics if "missing from the output" in d.message]
    assert not [d for d in conversion.diagnostics if d.severity == "error"]
    page = read_markdown(conversion.markdown)
    assert sorted(set(page.footnote_refs)) == sorted(page.footnote_defs)


@given(docx_letters())
def test_no_word_lost_and_structure_kept(letter: str) -> None:
    conversion = convert_bytes(letter.encode(), "letter.txt")
    assert conversion.letter is not None
    assert not [d for d in conversion.diagnostics if "missing from the output" in d.message]
    count = letter.count("\nAntwoord") - letter.count("\nAntwoord van ")
    assert len(conversion.letter.questions) == len(conversion.letter.answers) == count


@given(ANY_LETTER)
def test_letter_text_never_becomes_markup(letter: str) -> None:
    conversion = convert_bytes(letter.encode(), "letter.txt")
    page = read_markdown(conversion.markdown)
    # Only our own anchor spans are raw HTML; nothing from the letter.
    assert all(tag.startswith(("<span id=", "</span>")) for tag in page.html_tags)
    html = markdown.markdown(conversion.markdown.split("---\n", 2)[2], extensions=["attr_list", "footnotes"])
    for tag in ("<em>", "<strong>", "<code>", "<script", "<img", "<blockquote>", "<hr"):
        assert tag not in html.replace('<div class="footnote">\n<hr />', "")
    assert html.count("<h1") == 1  # the title only
    # Links go only where the linker sends them: notes, questions, official papers, http(s) addresses.
    allowed = ("#bron-", "#fn:", "#fnref:", "#vraag-", "https://", "http://")
    assert all(href.startswith(allowed) for href in re.findall(r'href="([^"]*)"', html))


@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    conversion = convert_bytes(data, "noise.txt")
    assert conversion.letter is not None or conversion.diagnostics


NOISE = st.sampled_from(["\u00a0", "\u200b", "\u202f", " \u200e", "\u05e9\u05dc\u05d5\u05dd", "e\u0301", "  ", "\t"])


@st.composite
def noisy_letters(draw: st.DrawFn) -> bytes:
    """Any letter, then Unicode noise (NFD, no-break and zero-width spaces, right-to-left text), a
    very long line, or the file cut off anywhere."""
    letter = draw(ANY_LETTER)
    lines = letter.split("\n")
    for _ in range(draw(st.integers(min_value=0, max_value=6))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        position = draw(st.integers(min_value=0, max_value=len(lines[index])))
        lines[index] = lines[index][:position] + draw(NOISE) + lines[index][position:]
    if draw(st.booleans()):
        lines.append("Dit " + "heel lange regel " * draw(st.integers(min_value=100, max_value=3000)))
    data = unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), "\n".join(lines)).encode()
    if draw(st.booleans()):
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    return data


@given(noisy_letters())
def test_noisy_and_broken_letters_never_raise_and_lose_no_word(data: bytes) -> None:
    first = convert_bytes(data, "brief.txt")
    assert first.markdown == convert_bytes(data, "brief.txt").markdown
    if first.letter is not None:
        assert not [d for d in first.diagnostics if "missing from the output" in d.message]
        page = read_markdown(first.markdown)
        assert all(tag.startswith(("<span id=", "</span>")) for tag in page.html_tags)
