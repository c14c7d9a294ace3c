"""The structure stage on the letter forms it must read: token rules, readings, and what it reports."""

from __future__ import annotations

import pytest

from kamervragen.convert import convert_bytes
from kamervragen.diagnostics import Severity
from kamervragen.model import Kind, Question
from kamervragen.readers.blocks import SourceBlock
from kamervragen.structure.tokens import TOKEN_RULES, TokenKind, TokenRule, tokenize

HEAD = "2024Z00001\nAntwoord van minister X (Justitie en Veiligheid) (ontvangen 1 mei 2024)\n"


@pytest.mark.parametrize(
    ("rule", "text"), [(r, e) for r in TOKEN_RULES for e in r.examples], ids=lambda v: getattr(v, "name", v)
)
def test_every_token_rule_takes_its_examples(rule: TokenRule, text: str) -> None:
    assert rule.match(SourceBlock(1, (text,))) is not None
    assert tokenize(SourceBlock(1, (text,))).kind is TokenKind(rule.name)


@pytest.mark.parametrize(
    ("rule", "text"), [(r, e) for r in TOKEN_RULES for e in r.counter_examples], ids=lambda v: getattr(v, "name", v)
)
def test_no_token_rule_takes_its_counter_examples(rule: TokenRule, text: str) -> None:
    assert rule.match(SourceBlock(1, (text,))) is None


def structure(text: str) -> list[str]:
    letter = convert_bytes(text.encode(), "brief.txt").letter
    assert letter is not None
    return [
        ("Q" if isinstance(i, Question) else "A")
        + ",".join(map(str, i.numbers if isinstance(i, Question) else i.covers))
        for i in letter.items
    ]


@pytest.mark.parametrize(
    "answer", ["Antwoord vraag {n}:", "Antwoord:", "Antwoord op vraag {n}", "Antwoord {n}"], ids=str.strip
)
def test_questions_numbered_in_the_text_with_any_answer_label(answer: str) -> None:
    body = "".join(f"{n}. Kunt u punt {n} toelichten?\n{answer.format(n=n)}\nJa, punt {n}.\n" for n in (1, 2, 3))
    conversion = convert_bytes((HEAD + body).encode(), "brief.txt")
    assert structure(HEAD + body) == ["Q1", "A1", "Q2", "A2", "Q3", "A3"]
    letter = conversion.letter
    assert letter is not None
    assert [b.content for b in letter.questions[0].blocks] == [("Kunt u punt 1 toelichten?",)]
    assert [b.content for b in letter.answers[0].blocks] == [("Ja, punt 1.",)]
    assert not [d for d in conversion.diagnostics if d.severity is Severity.WARNING]


def test_a_comma_before_en_in_a_joint_answer() -> None:
    body = "Vraag 1\nA?\nAntwoord 1\nJa.\nVraag 2\nB?\nVraag 3\nC?\nAntwoord op vragen 2, 3, en 1\nNee.\n"
    assert structure(HEAD + body)[-1] == "A2,3,1"


def test_a_remark_after_the_last_question_is_no_question_and_relates_its_zaak() -> None:
    text = (
        "2024Z18656\nVragen van het lid Bamenga (D66) aan de minister van X over Y (ingezonden 2 mei 2024).\n"
        "Vraag 1\nKunt u A?\nVraag 2\nKunt u B?\n"
        "Deze vragen dienen ter aanvulling op eerdere vragen terzake van het lid Bamenga (D66), ingezonden"
        " 13 november 2024 (vraagnummer 2024Z18284).\n"
    )
    letter = convert_bytes(text.encode(), "vragen.txt").letter
    assert letter is not None
    assert letter.kind is Kind.VRAGEN
    assert [q.numbers for q in letter.questions] == [(1,), (2,)]
    assert letter.meta.related == ("2024Z18284",)
    assert "ter aanvulling" in str(letter.closing[0].content)


def test_a_questions_document_keeps_its_source_list_out_of_the_questions() -> None:
    text = (
        "2024Z18892\n(ingezonden 20 november 2024)\n\nVragen van het lid X (SP) aan de minister van Y over Z.\n\n"
        "Kent u het bericht? [1]\n\nWat vindt u ervan?\n\n[1] Website Follow the Money, 11 november 2024\n"
    )
    assert structure(text) == ["Q1", "Q2"]


def test_a_tika_postponement_notice_is_a_mededeling() -> None:
    text = (
        "\tDatum\n\t1 mei 2024\n\tBetreft\n\tUitstel beantwoording Kamervragen\n"
        "Betreft: Uitstel beantwoording Kamervragen van het lid X over Y (2024Z00001)\n"
        "Geachte voorzitter,\nDe vragen kunnen niet binnen de termijn worden beantwoord.\n"
    )
    conversion = convert_bytes(text.encode(), "uitstel.txt")
    assert conversion.letter is not None
    assert conversion.letter.kind is Kind.MEDEDELING
    assert not [d for d in conversion.diagnostics if d.severity is Severity.ERROR]


def test_a_letter_without_questions_is_published_whole_with_a_structure_warning() -> None:
    conversion = convert_bytes((HEAD + "Alleen tekst.\nVraag is beantwoord.\n").encode(), "brief.txt")
    letter = conversion.letter
    assert letter is not None
    assert letter.unstructured
    assert conversion.ok
    assert "Alleen tekst." in conversion.markdown
    assert "Structuur niet herkend" in conversion.markdown
    assert [d.code for d in conversion.diagnostics if d.severity is Severity.WARNING] == ["structure"]


def test_numbering_problems_are_numbering_warnings() -> None:
    conversion = convert_bytes((HEAD + "Vraag 1\nA?\nAntwoord 1\nJa.\nVraag 3\nB?\nAntwoord 3\nNee.\n").encode(), "b")
    assert [(d.line, d.code) for d in conversion.diagnostics] == [(3, "numbering")]


def test_a_number_used_twice_then_answered_as_the_next_is_repaired_keeping_its_old_anchor() -> None:
    body = "Vraag 6\nA?\nAntwoord 6\nJa.\nVraag 7\nB?\nAntwoord 7\nNee.\nVraag 7\nC?\nAntwoord 8\nMisschien.\n"
    text = HEAD + body.replace(
        "Vraag 6",
        "Vraag 1\nX?\nAntwoord 1\nJa.\nVraag 2\nX?\nAntwoord 2\nJa.\nVraag 3\nX?\n"
        "Antwoord 3\nJa.\nVraag 4\nX?\nAntwoord 4\nJa.\nVraag 5\nX?\nAntwoord 5\nJa.\nVraag 6",
    )
    conversion = convert_bytes(text.encode(), "brief.txt")
    letter = conversion.letter
    assert letter is not None
    assert [q.numbers for q in letter.questions][-2:] == [(7,), (8,)]
    assert letter.questions[-1].aliases == ("vraag-7-2",)
    assert '<span id="vraag-7-2"></span>' in conversion.markdown
    assert "## Vraag 8 {#vraag-8}" in conversion.markdown
    warnings = [d for d in conversion.diagnostics if d.code == "numbering"]
    assert [d.message for d in warnings] == [
        "question labelled 7 read as 8: 7 is used twice and its answer is labelled 8"
    ]


def test_a_number_used_twice_is_not_repaired_when_the_next_number_is_taken() -> None:
    body = "Vraag 1\nA?\nAntwoord 1\nJa.\nVraag 1\nB?\nAntwoord 2\nNee.\nVraag 2\nC?\nAntwoord 2\nNee.\n"
    conversion = convert_bytes((HEAD + body).encode(), "brief.txt")
    assert conversion.letter is not None
    assert [q.numbers for q in conversion.letter.questions] == [(1,), (1,), (2,)]
    assert any("question 1 appears twice" in d.message for d in conversion.diagnostics)


def test_a_question_asked_again_per_part_gets_an_anchor_per_part() -> None:
    """ "Vraag 2" … "Antwoord 2l", "Vraag 2" … "Antwoord 2m": each part its anchor, the first also #vraag-2."""
    body = (
        "Vraag 1\nA?\nAntwoord 1\nJa.\n"
        "l. het eerste doel;\nVraag 2\nHoe staat het ervoor?\nAntwoord 2l\nGoed.\n"
        "m. het tweede doel;\nVraag 2\nHoe staat het ervoor?\nAntwoord 2m\nSlecht.\n"
    )
    conversion = convert_bytes((HEAD + body).encode(), "brief.txt")
    letter = conversion.letter
    assert letter is not None
    assert [(q.numbers, q.part) for q in letter.questions] == [((1,), ""), ((2,), "l"), ((2,), "m")]
    assert [a.part for a in letter.answers] == ["", "l", "m"]
    assert letter.questions[1].aliases == ("vraag-2",)
    assert "{#vraag-2l}" in conversion.markdown
    assert '<span id="vraag-2"></span>' in conversion.markdown
    assert "{#vraag-2m}" in conversion.markdown
    assert "Antwoord op vraag 2m" in conversion.markdown
    assert not [d for d in conversion.diagnostics if d.code == "numbering"]  # parts are no repeats
