"""Label recognizers: the lines that open a question, an answer or an explanation, as a data table.

Each row names a label style, its pattern, real examples it must match and counter-examples it must
not; the tests run both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

# "4", "4 en 5", "16, 17, 18 en 19", "7, 8, en 9", "7, 8, 9 10 en 11" (a comma lost), "2 t/m 6",
# "1 tot en met 3". Each separator reads one way only (`,\s*(?:en\b\s*)?`, not `,\s*(?:en\b)?\s*`, whose
# two runs of spaces could share the spaces after a comma in any proportion): a line that is almost a
# label, "Vraag 1,  2,  3, … x", is then given up in linear time, not after trying every way to read it.
NUMBER_LIST = r"\d{1,3}(?:(?:\s*+(?:,\s*+(?:en\b\s*+)?|(?:\ben\b|&|t/m|tot en met|[-–])\s*+)|\s++)\d{1,3}\b)*"


class Role(StrEnum):
    QUESTION = "question"
    ANSWER = "answer"
    EXPLANATION = "explanation"  # "Toelichting" after a question
    NOTICE = "notice"  # "Mededeling": the postponement notice of an Aanhangsel PDF


@dataclass(frozen=True, slots=True)
class LabelStyle:
    name: str
    role: Role
    pattern: re.Pattern[str]
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...] = ()  # lines that look alike and are no label of this style


def _style(name: str, role: Role, pattern: str, *examples: str, unlike: tuple[str, ...] = ()) -> LabelStyle:
    return LabelStyle(name, role, re.compile(pattern, re.IGNORECASE), examples, unlike)


# Order matters: the first row that matches a line decides. `rest` is text after a "label:" prefix.
LABEL_STYLES: tuple[LabelStyle, ...] = (
    _style(
        "vraag-n",
        Role.QUESTION,
        rf"^(?:Vraag|Vragen)\s+(?P<numbers>{NUMBER_LIST})(?P<part>[a-z])?\s*(?:[:.]\s*(?P<rest>.*))?$",
        "Vraag 1",
        "Vraag 10 ",
        "Vraag 4 en 5",
        "Vraag 16, 17, 18 en 19",
        "Vraag 2 t/m 6",
        "Vragen 3 en 4",
        "Vraag 1: Kunt u dat toelichten?",
        "Vraag 3, 4, 5 en 6",
        "Vraag 7, 8, 9 10 en 11",
        "Vraag 2a",
        unlike=("Vraag 1 is beantwoord in de brief.", "Vragen van het lid Kathmann", "Vraag 2024"),
    ),
    _style(
        "antwoord-n",
        Role.ANSWER,
        rf"^Antwoord(?:en)?(?:\s+op)?(?:\s+(?:de\s+)?(?:vraag|vragen))?\s*(?P<numbers>{NUMBER_LIST})"
        r"(?P<part>[a-z])?\s*(?:[:.]\s*(?P<rest>.*))?$",
        "Antwoord 1",
        "Antwoord 5:",
        "Antwoord op vraag 1",
        "Antwoord op vraag 3 en 4 ",
        "Antwoorden 5 en 6",
        "Antwoord 2 t/m 6",
        "Antwoord vraag 1:",
        "Antwoord vraag 4, 5, 6 en 7",
        "Antwoord op de vragen 3 en 4",
        "Antwoord 19, 20 en 21",
        "Antwoord op vragen 7, 8, en 9",
        "Antwoorden 5 en 6",
        "Antwoord 2l",
        unlike=("Antwoord van minister Jansen (Financiën)", "Antwoord op vraag 3 staat hieronder."),
    ),
    _style(
        "antwoord",
        Role.ANSWER,
        r"^Antwoord\s*(?::\s*(?P<rest>.*))?$",
        "Antwoord",
        "Antwoord ",
        "Antwoord:",
        "Antwoord: Ja.",
        unlike=("Antwoord van staatssecretaris Tielen", "Antwoorden"),
    ),
    _style(
        "bare-number",
        Role.QUESTION,
        r"^(?P<numbers>\d{1,3})\.?$",
        "1",
        "12",
        "3.",
        unlike=("2024", "1.000", "3. Kunt u"),
    ),
    _style(
        "toelichting",
        Role.EXPLANATION,
        r"^Toelichting\s*(?::\s*(?P<rest>.*))?$",
        "Toelichting",
        "Toelichting:",
        unlike=("Toelichting bij de begroting is bijgevoegd.",),
    ),
    _style("mededeling", Role.NOTICE, r"^Mededeling\s*:?$", "Mededeling", unlike=("Mededeling van minister Jansen",)),
)


@dataclass(frozen=True, slots=True)
class Label:
    """A recognised label: its style, the numbers it names (empty: none) and text after a colon."""

    style: LabelStyle
    numbers: tuple[int, ...]
    rest: str
    part: str = ""  # a sub-question's letter: "Antwoord 2l" answers part l of question 2

    @property
    def role(self) -> Role:
        return self.style.role


@lru_cache(maxsize=8192)
def match_label(text: str) -> Label | None:
    """The label this whole line is, if any (cached: the builder asks about each line several times)."""
    line = text.strip(" \t\u00a0")
    for style in LABEL_STYLES:
        match = style.pattern.match(line)
        if match:
            groups = match.groupdict()
            numbers = parse_numbers(groups.get("numbers") or "")
            return Label(style, numbers, (groups.get("rest") or "").strip(), (groups.get("part") or "").lower())
    return None


def is_label(text: str) -> bool:
    """Does this line stand alone as a label (what a reader asks when it rejoins lines)?"""
    return match_label(text) is not None


_RANGE = re.compile(r"(\d{1,3})\s*(?:t/m|tot en met|[-–])\s*(\d{1,3})")
_MAX_RANGE = 50


def parse_numbers(text: str) -> tuple[int, ...]:
    """'4, 5, 6 en 7' → (4, 5, 6, 7); '2 t/m 6' → (2, 3, 4, 5, 6); order kept, duplicates dropped."""
    numbers: list[int] = []
    position = 0
    for match in _RANGE.finditer(text):
        numbers.extend(int(n) for n in re.findall(r"\d{1,3}", text[position : match.start()]))
        low, high = int(match.group(1)), int(match.group(2))
        if low <= high <= low + _MAX_RANGE:
            numbers.extend(range(low, high + 1))
        else:
            numbers.extend((low, high))
        position = match.end()
    numbers.extend(int(n) for n in re.findall(r"\d{1,3}", text[position:]))
    return tuple(dict.fromkeys(numbers))
