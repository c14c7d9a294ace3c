"""Generated letters for the robustness tests: every rendering and label style, notes, tables, lists,
special characters, and broken variants. Each knows the sentences a reader must find on its page and
the text that must never be published."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hypothesis import strategies as st

# Words as letters write them, Markdown and HTML special characters included.
WORD = st.text(
    alphabet=st.sampled_from(
        list("abcdeéëfghijklmnopqrstuvwxyzABCDEZ0123456789") + list("*_[]<>#|&`\\!{}()~^=:+.'\"%$@")
    ),
    min_size=1,
    max_size=10,
).filter(lambda w: any(c.isalnum() for c in w))
# A paragraph may open with what is markup at a line start in Markdown (and is nothing to our readers).
OPENING = st.sampled_from(["Dit ", "Dit ", "Dit ", "~~~ ", "``` ", "= ", "# ", "> ", "+ ", "| ", "<div> ", "[^1]: "])
# What the tika rendering writes as its markers never stands in a letter's words (a file holding one
# is read as a tika rendering).
TIKA_MARKER = re.compile(r"\[(?:image|bookmark|footnoteRef|endnoteRef):|\[\d+:|Comment by ")
SENTENCE = (
    st.tuples(OPENING, st.lists(WORD, min_size=1, max_size=12))
    .map(lambda t: t[0] + " ".join(t[1]) + "?")
    .filter(lambda sentence: not TIKA_MARKER.search(sentence))
)
# In the PDF text a note mark is a digit glued to the text before it, so a word such as "CO2" can read
# as a mark even to a person; PDF letters are generated without digits in their words.
PDF_SENTENCE = st.tuples(OPENING, st.lists(WORD.map(lambda w: re.sub(r"\d", "x", w)), min_size=1, max_size=12)).map(
    lambda t: t[0] + " ".join(t[1]) + "?"
)
NAME = st.sampled_from(["Van der Berg", "Özdemir", "Ağaoğlu", "De Jong", "\u05e9\u05e8\u05d4 Levi", "Nguyễn"])


@dataclass(frozen=True)
class Generated:
    text: str
    zaak: str
    sentences: tuple[str, ...]  # must each appear, whole, in the page a reader sees
    secrets: tuple[str, ...] = ()  # must never appear: reviewer comments, bookmark names
    broken: bool = False  # numbering or notes deliberately wrong


# How each label style of labels.LABEL_STYLES is written; `{n}` the number(s), `{text}` text after it.
QUESTION_LABELS = {
    "vraag-n": ("Vraag {n}", "Vraag {n}:", "Vragen {n}", "Vraag {n}: {text}"),
    "bare-number": ("{n}", "{n}."),
}
ANSWER_LABELS = {
    "antwoord-n": ("Antwoord {n}", "Antwoord op vraag {n}", "Antwoord vraag {n}:", "Antwoord {n}: {text}"),
    "antwoord": ("Antwoord", "Antwoord:", "Antwoord: {text}"),
}
COVERED_ELSEWHERE = {"toelichting", "mededeling"}  # the explanation after a question; the notice letter


def _label(template: str, numbers: list[int], text: str) -> list[str]:
    joined = " en ".join(map(str, numbers))
    if "{text}" in template:
        return [template.format(n=joined, text=text)]
    return [template.format(n=joined), text]


@st.composite
def labelled_letters(draw: st.DrawFn, zaak: str = "2024Z17331") -> Generated:
    """A docx-text answer letter in one question and one answer label style; some questions are
    answered jointly, some explained; broken variants skip or repeat a number."""
    question_style = draw(st.sampled_from(sorted(QUESTION_LABELS)))
    answer_style = draw(st.sampled_from(sorted(ANSWER_LABELS)))
    question_label = draw(st.sampled_from(QUESTION_LABELS[question_style]))
    answer_label = draw(st.sampled_from(ANSWER_LABELS[answer_style]))
    if question_style == "bare-number" and "{text}" in answer_label:
        answer_label = "Antwoord"  # after a bare number the answer label stands alone in real letters
    count = draw(st.integers(min_value=1, max_value=6))
    numbers = list(range(1, count + 1))
    broken = draw(st.sampled_from(["", "", "", "gap", "repeat", "unanswered"]))
    if broken == "gap" and count > 2:
        numbers.remove(draw(st.integers(min_value=2, max_value=count - 1)))
    elif broken == "repeat":
        numbers.insert(draw(st.integers(min_value=0, max_value=count - 1)), numbers[0])
    lines = ["AH 601", zaak, "Antwoord van minister Test (Justitie en Veiligheid) (ontvangen 20 november 2024)", ""]
    sentences: list[str] = []
    joint = answer_style == "antwoord-n" and question_style == "vraag-n" and draw(st.booleans())
    index = 0
    while index < len(numbers):
        group = numbers[index : index + 2] if joint and index + 1 < len(numbers) else numbers[index : index + 1]
        for number in group:
            question = draw(SENTENCE)
            sentences.append(question)
            lines += [*_label(question_label, [number], question), ""]
            if draw(st.integers(min_value=0, max_value=4)) == 0:
                explanation = draw(SENTENCE)
                sentences.append(explanation)
                lines += ["Toelichting:", explanation, ""]
        if not (broken == "unanswered" and index == 0):
            answer = draw(SENTENCE)
            sentences.append(answer)
            lines += [*_label(answer_label, group, answer), ""]
        index += len(group)
    return Generated("\n".join(lines), zaak, tuple(sentences), broken=bool(broken))


@st.composite
def tika_letters(draw: st.DrawFn, zaak: str = "2025Z04271") -> Generated:
    """A tika letter: letterhead table, cover letter, numbered questions, answers with Word notes,
    tables, bullet and lettered lists, images, bookmarks and reviewer comments; broken variants have
    a note mark without a body, a body without a mark, or a note Word could not find."""
    secret = draw(st.sampled_from(["GEHEIM-opmerking", "nietpubliceren"]))
    bookmark = draw(st.sampled_from(["_Hlk987654", "_Ref112233", "_GoBack"]))
    lines = ["\tDatum", "\t31 maart 2025", "\tOns kenmerk", "\tD2025-001537", "Geachte voorzitter,"]
    lines += [f"[bookmark: {bookmark}]Hierbij de antwoorden op de vragen van het lid {draw(NAME)} ({zaak}).", ""]
    sentences: list[str] = []
    sources: list[str] = []
    broken = False
    for n in range(1, draw(st.integers(min_value=1, max_value=4)) + 1):
        question = draw(SENTENCE)
        sentences.append(question)
        if draw(st.booleans()):
            sources.append(f"[{n}] Bron {n} (https://example.org/{n})")
            question += f" [{n}]"
        lines.append(f"{n}.\u00a0{question}")
        shape = draw(st.sampled_from(TIKA_ANSWERS))
        answer, shown = _tika_answer(draw, shape, n, secret)  # Word's note ids need not run on
        lines += [*answer, ""]
        sentences += shown
        broken = broken or shape in ("unmatched", "lost")
    return Generated("\n".join([*lines, *sources]), zaak, tuple(sentences), (secret, bookmark), broken)


def _tika_answer(draw: st.DrawFn, shape: str, note: int, secret: str) -> tuple[list[str], list[str]]:
    """The lines of one answer in the given shape, and the texts a reader must see."""
    answer, after = draw(SENTENCE), draw(SENTENCE)
    if shape in ("note", "unmatched"):  # unmatched: a mark whose body is missing, a body nobody cites
        body = draw(SENTENCE)
        key = note if shape == "note" else note + 50
        return [f"{answer}[footnoteRef:{note}] {after} [{key}:  {body}] "], [answer, after, body]
    if shape == "lost":
        lost = f'[{note}: !!! End note with ID "{note}" not found in document.]'
        return [f"{answer}[endnoteRef:{note}] {after} {lost} "], [answer, after]
    if shape == "table":
        cells = [draw(WORD) for _ in range(4)]
        return [answer, f"\t{cells[0]}\t{cells[1]}", f"\t{cells[2]}\t{cells[3]}", after], [answer, *cells, after]
    if shape == "list":
        items = [draw(SENTENCE) for _ in range(2)]
        return [answer, f"·\u00a0{items[0]}", f"a) {items[1]}", after], [answer, *items, after]
    if shape == "image":
        alternative = draw(SENTENCE)
        return [answer, f"[image: {alternative}]", after], [answer, alternative, after]
    if shape == "comment":
        return [f"{answer} {after}\tComment by Reviewer: {secret} {draw(SENTENCE)}"], [answer, after]
    return [f"{answer} {after}"], [answer, after]


TIKA_ANSWERS = ("note", "plain", "table", "list", "image", "unmatched", "lost", "comment")


FOOTER = ["ah-tk-20242025-594", "ISSN 0921 - 7398’s-Gravenhage 2024Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 1"]


@st.composite
def pdf_letters(draw: st.DrawFn, zaak: str = "2024Z17972") -> Generated:
    """An Aanhangsel PDF text: masthead, labels, page-bottom notes with marks glued to the text, page
    furniture between the lines; a broken variant cites a note whose body is missing."""
    count = draw(st.integers(min_value=1, max_value=4))
    lines = ["Tweede Kamer der Staten-Generaal2", "Vergaderjaar 2024–2025 Aanhangsel van de Handelingen", "594"]
    lines.append(
        f"Vragen van het lid Test (VVD) aan de Minister van Financiën over iets ({zaak}) (ingezonden 1 oktober 2024)."
    )
    lines.append("Antwoord van Minister Proef (Financiën) (ontvangen 18 november 2024).")
    sentences: list[str] = []
    bodies: list[str] = []
    broken = False
    for n in range(1, count + 1):
        question, answer = draw(PDF_SENTENCE), draw(PDF_SENTENCE)
        sentences += [question, answer]
        noted = draw(st.sampled_from(["", "", "note", "missing"]))
        if noted == "note":
            body = draw(PDF_SENTENCE)
            sentences.append(body)
            bodies.append(f"{len(bodies) + 1}Bron {body}")
            question += str(len(bodies))
        elif noted == "missing":
            question += str(len(bodies) + 1)  # the page lost the body of this note
            broken = True
        lines += [f"Vraag {n}", question, f"Antwoord {n}", answer]
    return Generated("\n".join([*lines, *bodies, *FOOTER]), zaak, tuple(sentences), broken=broken)


@st.composite
def any_letter(draw: st.DrawFn, zaak: str | None = None) -> Generated:
    number = zaak or f"2024Z{draw(st.integers(min_value=10000, max_value=99999))}"
    return draw(st.one_of(labelled_letters(number), tika_letters(number), pdf_letters(number)))
