"""The structure builder on small letters, one per label style: which questions, which answers."""

from __future__ import annotations

import markdown
import pytest

from kamervragen.convert import convert_bytes
from kamervragen.model import Answer, BlockStyle, Kind, Question
from kamervragen.reading import read_markdown

DOCX_HEAD = "AH 601\n2024Z17331\nAntwoord van minister Test (Asiel en Migratie) (ontvangen 20 november 2024)\n\n"


def structure(text: str) -> list[tuple[str, tuple[int, ...]]]:
    letter = convert_bytes(text.encode(), "brief.txt").letter
    assert letter is not None
    return [("Q", i.numbers) if isinstance(i, Question) else ("A", i.covers) for i in letter.items]


@pytest.mark.parametrize(
    ("style", "body", "expected"),
    [
        (
            "Vraag N / Antwoord N",
            "Vraag 1\nA?\n\nAntwoord 1\nJa.\n\nVraag 2\nB?\n\nAntwoord 2\nNee.",
            [("Q", (1,)), ("A", (1,)), ("Q", (2,)), ("A", (2,))],
        ),
        (
            "N. / Antwoord:",
            "1.\nA?\nAntwoord:\nJa.\n2.\nB?\nAntwoord:\nNee.",
            [("Q", (1,)), ("A", (1,)), ("Q", (2,)), ("A", (2,))],
        ),
        (
            "N. / Antwoord vraag N:",
            "1.\nA?\nAntwoord vraag 1:\nJa.\n2.\nB?\nAntwoord vraag 2: Nee.",
            [("Q", (1,)), ("A", (1,)), ("Q", (2,)), ("A", (2,))],
        ),
        (
            "bare N / Antwoord",
            "1\nA?\n\nAntwoord\nJa.\n\n2\nB?\n\nAntwoord\nNee.",
            [("Q", (1,)), ("A", (1,)), ("Q", (2,)), ("A", (2,))],
        ),
        ("Antwoord op vraag N", "Vraag 1\nA?\nAntwoord op vraag 1\nJa.", [("Q", (1,)), ("A", (1,))]),
        (
            "Vraag N en M",
            "Vraag 1\nA?\nAntwoord 1\nJa.\nVraag 2 en 3\nB? C?\nAntwoord 2 en 3\nNee.",
            [("Q", (1,)), ("A", (1,)), ("Q", (2, 3)), ("A", (2, 3))],
        ),
        (
            "non-adjacent Vraag 1 en 4",
            "Vraag 1 en 4\nA? D?\nAntwoord 1 en 4\nJa.\nVraag 2\nB?\nAntwoord 2\nNee.\nVraag 3\nC?\nAntwoord 3\nNee.",
            [("Q", (1, 4)), ("A", (1, 4)), ("Q", (2,)), ("A", (2,)), ("Q", (3,)), ("A", (3,))],
        ),
        (
            "Vraag 16, 17, 18 en 19",
            "Vraag 16, 17, 18 en 19\nP? Q? R? S?\nAntwoord 16, 17, 18 en 19\nJa.",
            [("Q", (16, 17, 18, 19)), ("A", (16, 17, 18, 19))],
        ),
        (
            "a run answered under one later label",
            "Vraag 4\nA?\nVraag 5\nB?\nVraag 6\nC?\nVraag 7\nD?\nAntwoord vraag 4, 5, 6 en 7\nJa.",
            [("Q", (4,)), ("Q", (5,)), ("Q", (6,)), ("Q", (7,)), ("A", (4, 5, 6, 7))],
        ),
        (
            "bare Antwoord after a run",
            "Vraag 1\nA?\nVraag 2\nB?\nAntwoord\nSamen.",
            [("Q", (1,)), ("Q", (2,)), ("A", (1, 2))],
        ),
        ("Vraag N t/m M", "Vraag 2 t/m 4\nA? B? C?\nAntwoord 2 t/m 4\nJa.", [("Q", (2, 3, 4)), ("A", (2, 3, 4))]),
    ],
)
def test_label_styles(style: str, body: str, expected: list[tuple[str, tuple[int, ...]]]) -> None:
    assert structure(DOCX_HEAD + body) == expected, style


def test_tika_numbered_questions_with_unlabelled_answers_and_lists() -> None:
    text = (
        "Geachte voorzitter,\n[bookmark: _GoBack]Hierbij.\n\n"
        "1.\u00a0Welke drie punten?\nDrie:\n1.\u00a0eerste\n2.\u00a0tweede\n· een bullet\n"
        "2.\u00a0En verder?\nNiets.\n"
    )
    letter = convert_bytes(text.encode(), "brief.txt").letter
    assert letter is not None
    assert [(type(i).__name__, getattr(i, "numbers", getattr(i, "covers", ()))) for i in letter.items] == [
        ("Question", (1,)),
        ("Answer", (1,)),
        ("Question", (2,)),
        ("Answer", (2,)),
    ]
    answer = letter.items[1]
    assert isinstance(answer, Answer)
    assert [(b.style, b.marker) for b in answer.blocks] == [
        (BlockStyle.PARAGRAPH, ""),
        (BlockStyle.NUMBERED, "1."),
        (BlockStyle.NUMBERED, "2."),
        (BlockStyle.BULLET, ""),
    ]


def test_numbered_list_in_a_labelled_letter_is_never_a_question() -> None:
    body = "Vraag 1\nA?\nAntwoord 1\nTwee punten:\n"
    text = "[bookmark: x]" + DOCX_HEAD + body + "2.\u00a0eerste\n3.\u00a0tweede\nVraag 2\nB?\nAntwoord 2\nJa.\n"
    assert structure(text) == [("Q", (1,)), ("A", (1,)), ("Q", (2,)), ("A", (2,))]


def test_toelichting_joins_its_question() -> None:
    letter = convert_bytes(
        (DOCX_HEAD + "Vraag 1\nA?\nToelichting:\nOmdat het moet.\nAntwoord 1\nJa.").encode(), "b.txt"
    ).letter
    assert letter is not None
    question = letter.questions[0]
    assert [b.content for b in question.explanation] == [("Omdat het moet.",)]


def test_toelichting_after_an_answer_introduces_the_next_question() -> None:
    # found by hypothesis: the unnumbered "question" it makes crashed the numbering check
    conversion = convert_bytes((DOCX_HEAD + "Vraag 1\nA?\nAntwoord 1\nJa.\nToelichting:\nZie ook.\n").encode(), "b.txt")
    assert conversion.letter is not None
    assert [
        (type(i).__name__, i.numbers if isinstance(i, Question) else i.covers) for i in conversion.letter.items
    ] == [
        ("Question", (1,)),
        ("Answer", (1,)),
        ("Question", ()),
    ]
    assert "Zie ook." in conversion.markdown


@pytest.mark.parametrize("stray", ["0", "2", "17"])
def test_a_stray_number_line_keeps_the_numbered_questions(stray: str) -> None:
    # found by hypothesis: a lone number (a footer's page number) made a tika letter "without questions"
    text = f"Geachte voorzitter,\n[bookmark: x]Hierbij.\n1.\u00a0Hoeveel?\nVeel.\n2.\u00a0Waar?\nHier.\n{stray}\n"
    conversion = convert_bytes(text.encode(), "b.txt")
    assert conversion.ok, conversion.diagnostics
    assert structure(text) == [("Q", (1,)), ("A", (1,)), ("Q", (2,)), ("A", (2,))]


def test_table_in_an_answer_is_kept_as_a_table() -> None:
    text = (
        "Geachte voorzitter,\n[bookmark: x]Hierbij.\n1.\u00a0Hoeveel?\n"
        "Zo veel:\n\tJaar\tAantal\n\t2023\t12\n\t2024\t15\nKlaar.\n"
    )
    conversion = convert_bytes(text.encode(), "brief.txt")
    letter = conversion.letter
    assert letter is not None
    table = letter.answers[0].blocks[1]
    assert table.style is BlockStyle.TABLE
    assert table.rows == (("Jaar", "Aantal"), ("2023", "12"), ("2024", "15"))
    html = markdown.markdown(conversion.markdown.split("---\n", 2)[2], extensions=["tables", "attr_list", "footnotes"])
    assert "<table>" in html
    assert "<td>2024</td>" in html


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (DOCX_HEAD + "Vraag 1\nA?\nAntwoord 1\nJa.", Kind.ANTWOORD),
        (
            "AH 615\n2024Z17538\nMededeling van staatssecretaris X (Y) (ontvangen 20 november 2024)\n\nLater.",
            Kind.MEDEDELING,
        ),
        (
            "2024Z18883\n\n(ingezonden 20 november 2024)\n\n"
            "Vragen van het lid X (VVD) aan de minister van Y over Z.\n\nA?\n\nB?",
            Kind.VRAGEN,
        ),
    ],
)
def test_kinds(text: str, kind: Kind) -> None:
    letter = convert_bytes(text.encode(), "brief.txt").letter
    assert letter is not None
    assert letter.kind is kind


def test_numbered_items_keep_their_number_as_text_in_both_renderers() -> None:
    text = "Geachte voorzitter,\n[bookmark: x]Hierbij.\n1.\u00a0Welke?\nDrie:\n1.\u00a0eerste\n2.\u00a0tweede\n"
    conversion = convert_bytes(text.encode(), "brief.txt")
    html = markdown.markdown(conversion.markdown.split("---\n", 2)[2], extensions=["attr_list", "footnotes"])
    assert "<ol" not in html  # a list would renumber "2." as 1
    assert "<p>2. tweede</p>" in html
    assert "2. tweede" in read_markdown(conversion.markdown).text


def test_tika_endnotes_are_numbered_apart_as_word_shows_them() -> None:
    text = (
        "Geachte voorzitter,\n[bookmark: x]Hierbij.\n1.\u00a0Hoeveel?\n"
        "Veel[endnoteRef:1] en meer[footnoteRef:1]. [1: Eindnoot.] [1: Voetnoot.] \n"
    )
    conversion = convert_bytes(text.encode(), "b.txt")
    assert conversion.letter is not None
    notes = [(n.series.value, n.number, n.mark, n.content) for n in conversion.letter.notes]
    assert notes == [("footnote", 1, "", ("Voetnoot.",)), ("endnote", 1, "i", ("Eindnoot.",))]
    assert "Veel[\\[i\\]](#eindnoot-1) en meer[^1]." in conversion.markdown
    assert conversion.ok, conversion.diagnostics
