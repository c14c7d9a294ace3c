"""Generated letters: every question-label form with every answer-label form, in the docx-text and
PDF-text renderings, with joint answers, notes (a PDF's page-foot notes, the questioners' "1)"
sources) and page furniture between the lines; each must come out exactly as it was generated (the
numbers of every question and answer, in order, and every note) without a warning."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamervragen.convert import convert_bytes
from kamervragen.diagnostics import Severity
from kamervragen.model import Question

# Question forms; {n} the number, {text} the question.
QUESTION_FORMS = ("Vraag {n}\n{text}", "Vraag {n}: {text}", "{n}\n{text}", "{n}. {text}")
# Answer forms; {n} the numbers as the form writes them, {text} the answer.
ANSWER_FORMS = (
    "Antwoord {n}\n{text}",
    "Antwoord op vraag {n}\n{text}",
    "Antwoord vraag {n}:\n{text}",
    "Antwoord {n}: {text}",
    "Antwoord\n{text}",
    "Antwoord:\n{text}",
)
JOINERS = (" en ", ", ", ", en ")  # "7 en 8", "7, 8 en 9", "7, 8, en 9"
TEXT = st.sampled_from(
    [
        "Kunt u dit toelichten?",
        "Hoeveel woningen zijn er gebouwd?",
        "Bent u bekend met het bericht?",
        "Wat is de stand?",
    ]
)
ANSWER = st.sampled_from(["Ja.", "Dat is niet bekend.", "Zie hieronder.", "Er zijn 1.000 woningen gebouwd."])
FOOTER = "Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel {page}"


@dataclass(frozen=True)
class Letter:
    text: str
    expected: tuple[str, ...]
    rendering: str
    notes: int = 0  # notes the letter has: each must come out with its mark


def _numbers(numbers: list[int], joiner: str) -> str:
    if len(numbers) == 1:
        return str(numbers[0])
    last = " en " if joiner != ", en " else ", en "
    return (", " if joiner != " en " else " en ").join(map(str, numbers[:-1])) + last + str(numbers[-1])


@st.composite
def letters(draw: st.DrawFn) -> Letter:
    rendering = draw(st.sampled_from(["docx-text", "pdf-text"]))
    # In PDF text a line that opens with digits is a line of note marks ("2 3") or a note body ("1Zie
    # …"): the Aanhangsel sets its questions as "Vraag 3", never as "3" or "3. …", so those forms are
    # drawn for Word text only.
    forms = QUESTION_FORMS if rendering == "docx-text" else tuple(f for f in QUESTION_FORMS if f.startswith("Vraag"))
    question_form = draw(st.sampled_from(forms))
    answer_form = draw(st.sampled_from(ANSWER_FORMS))
    count = draw(st.integers(min_value=1, max_value=8))
    joint = "{n}" in answer_form or answer_form.startswith("Antwoord\n") or answer_form.startswith("Antwoord:")
    lines = ["2024Z17331", "Antwoord van minister Test (Justitie en Veiligheid) (ontvangen 20 november 2024)"]
    if rendering == "pdf-text":
        lines = [
            "Tweede Kamer der Staten-Generaal 2",
            "Vergaderjaar 2023–2024 Aanhangsel van de Handelingen",
            "1092",
            "Vragen van het lid Test (SP) aan de minister van Justitie over een bericht (ingezonden 1 mei 2024).",
            *lines[1:],
        ]
    expected: list[str] = []
    number, page = 1, 1
    notes: list[str] = []  # note bodies waiting for the foot of their page (pdf-text) or the end
    noted = 0
    while number <= count:
        size = draw(st.integers(min_value=1, max_value=3)) if joint and number < count else 1
        group = list(range(number, min(number + size, count + 1)))
        for n in group:
            question = draw(TEXT)
            if draw(st.integers(min_value=0, max_value=2)) == 0:  # a note to the question
                noted += 1
                if rendering == "pdf-text":  # the mark glued to the text, the body at the page's foot
                    question += str(noted)
                    notes.append(f"{noted}Zie de brief van {noted} mei 2024.")
                else:  # the questioners' own source: "1)" and a list at the end
                    question += f" {noted})"
                    notes.append(f"{noted}) Bron nummer {noted}, NOS, mei 2024")
            lines += question_form.format(n=n, text=question).split("\n")
            expected.append(f"Q{n}")
            if rendering == "pdf-text" and draw(st.integers(min_value=0, max_value=3)) == 0:
                page += 1  # a page ends here: its notes, footer and id stand between the lines
                lines += [*notes, "ah-tk-20232024-1092", FOOTER.format(page=page)]
                notes = []
                glued = draw(st.booleans())
                if glued:  # pypdf joins the footer to the next page's first line
                    lines[-1] += "\u200b"  # marks where the next line is to be glued
        answer = answer_form.format(n=_numbers(group, draw(st.sampled_from(JOINERS))), text=draw(ANSWER))
        lines += answer.split("\n")
        expected.append("A" + ",".join(map(str, group)))
        number += len(group)
    if rendering == "pdf-text":
        lines += [*notes, "ah-tk-20232024-1092", FOOTER.format(page=page + 1)]
    else:
        lines += ["", *notes]
    text = "\n".join(lines)
    # glued only before a word: "Aanhangsel 2" + "3." would read as page 23 in any reader
    text = re.sub("\u200b\n(?=[A-Za-z])", "", text).replace("\u200b", "")
    return Letter(text + "\n", tuple(expected), rendering, noted)


def _read(letter: Letter) -> tuple[tuple[str, ...], list[str]]:
    conversion = convert_bytes(letter.text.encode(), "brief.txt", rendering=letter.rendering)
    assert conversion.letter is not None
    assert len(conversion.letter.notes) == letter.notes, letter.text
    items = tuple(
        f"Q{','.join(map(str, i.numbers))}" if isinstance(i, Question) else f"A{','.join(map(str, i.covers))}"
        for i in conversion.letter.items
    )
    return items, [str(d) for d in conversion.diagnostics if d.severity is Severity.WARNING]


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(letters())
def test_every_generated_letter_comes_out_exact(letter: Letter) -> None:
    items, warnings = _read(letter)
    assert items == letter.expected, letter.text
    assert warnings == [], letter.text
