"""Bad input: each problem is a diagnostic with its line, never a traceback, and no text is dropped."""

from __future__ import annotations

import pytest

from kamervragen.convert import convert_bytes
from kamervragen.diagnostics import Severity

from .large import TEMPLATES, large_letter

HEAD = "2024Z00001\nAntwoord van minister X (Justitie en Veiligheid) (ontvangen 1 mei 2024)\n"


@pytest.mark.parametrize(
    ("text", "line", "severity", "message"),
    [
        ("", 1, Severity.ERROR, "file is empty"),
        (HEAD + "Alleen tekst.\n", 1, Severity.WARNING, "structure not recognised: no questions found"),
        (HEAD + "Vraag 1\nA?\nAntwoord 1\nJa.\nVraag 3\nB?\nAntwoord 3\nNee.\n", 3, Severity.WARNING, "gap: 2 missing"),
        (
            HEAD + "Vraag 1\nA?\nAntwoord 1\nJa.\nVraag 1\nB?\nAntwoord 1\nNee.\n",
            7,
            Severity.WARNING,
            "question 1 appears twice",
        ),
        (HEAD + "Vraag 1\nA?\nAntwoord 1\nJa.\nAntwoord 2\nNee.\n", 7, Severity.WARNING, "no question 2"),
        (HEAD + "Vraag 1\nA?\nVraag 2\nB?\nAntwoord 2\nNee.\n", 3, Severity.WARNING, "question 1 has no answer"),
        (
            "Geachte voorzitter,\n1.\u00a0Vraag?\nAntwoord[footnoteRef:1] tekst.\n",
            3,
            Severity.WARNING,
            "footnote mark 1 has no note text",
        ),
        (
            "Geachte voorzitter,\n[bookmark: _GoBack]1.\u00a0Vraag?\nAntwoord tekst. [1: een noot zonder teken] \n",
            3,
            Severity.WARNING,
            "has no mark in its paragraph",
        ),
        (
            "Geachte voorzitter,\n1.\u00a0Vraag?\n"
            'Antwoord[endnoteRef:2]. [2: !!! End note with ID "2" not found in document.]\n',
            3,
            Severity.WARNING,
            "endnote 2 was not found in the Word file",
        ),
        (
            "Geachte voorzitter,\n1.\u00a0Vraag?\nAntwoord.\n\tComment by Jan Jansen: niet publiceren\n",
            4,
            Severity.WARNING,
            "reviewer's comment by Jan Jansen left out",
        ),
    ],
)
def test_diagnostic(text: str, line: int, severity: Severity, message: str) -> None:
    conversion = convert_bytes(text.encode(), "brief.txt")
    matching = [d for d in conversion.diagnostics if message in d.message]
    assert matching, conversion.diagnostics
    assert (matching[0].line, matching[0].severity) == (line, severity)
    assert str(matching[0]).startswith(f"brief.txt:{line}: {severity}: ")


@pytest.mark.parametrize(
    "answer",
    [
        "Antwoord.\n\tComment by Jan Jansen: GEHEIM niet publiceren",  # on a line of its own
        "Antwoord.\tComment by Jan Jansen: GEHEIM niet publiceren",  # after a tab at the paragraph's end
    ],
)
def test_reviewer_comment_never_published(answer: str) -> None:
    text = f"Geachte voorzitter,\n1.\u00a0Vraag?\n{answer}\n"
    conversion = convert_bytes(text.encode(), "brief.txt")
    assert "GEHEIM" not in conversion.markdown
    assert "Jansen" not in conversion.markdown
    assert "Antwoord." in conversion.markdown
    assert [d.message for d in conversion.diagnostics] == ["reviewer's comment by Jan Jansen left out: never published"]


@pytest.mark.parametrize(
    ("line", "alternative_text"),
    [
        ("[image: kaart van Nederland]", "kaart van Nederland"),
        ("[image: grafiek [1] van 2024]", "grafiek [1] van 2024"),  # brackets of its own
        ("[image: Dit 0]?]", "Dit 0]?"),
        ("[image: [^1]: 0[?]", "[^1]: 0[?"),  # a paragraph that is one picture: all of it
    ],
)
def test_image_alternative_text_is_kept(line: str, alternative_text: str) -> None:
    conversion = convert_bytes(f"Geachte voorzitter,\n1.\u00a0Vraag?\nAntwoord.\n{line}\n".encode(), "brief.txt")
    assert conversion.letter is not None
    figures = [b for a in conversion.letter.answers for b in a.blocks if b.style == "figure"]
    assert [b.content for b in figures] == [(alternative_text,)]
    assert conversion.diagnostics == ()


def test_two_pictures_in_one_paragraph_are_two_figures() -> None:
    text = "Geachte voorzitter,\n1.\u00a0Vraag?\nAntwoord.\n[image: kaart][image: grafiek] Bron: CBS.\n"
    conversion = convert_bytes(text.encode(), "brief.txt")
    assert conversion.letter is not None
    blocks = [(b.style.value, b.content) for b in conversion.letter.answers[0].blocks]
    assert blocks[1:] == [("figure", ("kaart",)), ("figure", ("grafiek",)), ("paragraph", ("Bron: CBS.",))]


def test_cp1252_is_decoded_with_a_warning_and_nothing_lost() -> None:
    text = HEAD + "Vraag 1\nWat kost één café?\nAntwoord 1\nTwee euro – ‘goedkoop’.\n"
    conversion = convert_bytes(text.encode("cp1252"), "brief.txt")
    assert any("cp1252" in d.message and d.line == 4 for d in conversion.diagnostics)
    assert "één café" in conversion.markdown
    assert "‘goedkoop’" in conversion.markdown
    assert not any("missing from the output" in d.message for d in conversion.diagnostics)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_and_bom(newline: str) -> None:
    text = HEAD + "Vraag 1\nA?\nAntwoord 1\nJa.\n"
    data = b"\xef\xbb\xbf" + text.replace("\n", newline).encode()
    conversion = convert_bytes(data, "brief.txt")
    assert conversion.ok
    assert conversion.diagnostics == ()
    assert conversion.markdown == convert_bytes(text.encode(), "brief.txt").markdown


def test_control_characters_removed_with_a_warning() -> None:
    conversion = convert_bytes((HEAD + "Vraag 1\nA\x07?\nAntwoord 1\nJa.\n").encode(), "brief.txt")
    assert [d.line for d in conversion.diagnostics if "control characters" in d.message] == [4]
    assert "\x07" not in conversion.markdown


@pytest.mark.parametrize("one_paragraph", [False, True], ids=["many-paragraphs", "one-paragraph"])
@pytest.mark.parametrize("rendering", TEMPLATES)
def test_a_10_mb_letter_converts_whole(rendering: str, one_paragraph: bool) -> None:
    data = large_letter(rendering, 10_000_000, one_paragraph)
    assert len(data) > 9_900_000
    conversion = convert_bytes(data, f"groot-{rendering}.txt")
    assert conversion.letter is not None
    assert conversion.letter.rendering == rendering
    assert conversion.diagnostics == ()  # in particular, no word missing from the output
    repeated = data.count(b"voortgangsrapportage")
    assert repeated > 20_000
    assert conversion.markdown.count("voortgangsrapportage") == repeated
