"""References to other answers of the same letter: "zie het antwoord op vraag 7" → #vraag-7.

Each phrase in PHRASES is a row with examples; the numbers it names are linked one by one, and only
to questions the letter has.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..structure.labels import NUMBER_LIST

# The words before the numbers: "vraag", "vragen", "antwoord", "antwoord op (de) vraag/vragen".
_LEAD = r"\b(?:(?:beantwoord\s+in|antwoord(?:en)?\s+op(?:\s+de)?)\s+)?(?:vraag|vragen|antwoord|antwoorden)\s+"
# "vraag 3 van de leden …", "vraag 2 uit de vorige set": a question of another letter.
_ELSEWHERE = r"(?!\s*(?:van\s+(?:het\s+lid|de\s+leden|de\s+vragen|eerdere|uw\s+(?:eerdere|vorige))|uit\s+(?:de|het)\s))"
PHRASE = re.compile(_LEAD + r"(?P<numbers>" + NUMBER_LIST + r")\b" + _ELSEWHERE, re.IGNORECASE)

EXAMPLES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("Zie het antwoord op vraag 7", (7,)),
    ("zie mijn antwoord op vraag 3, 8 en 9", (3, 8, 9)),
    ("zie antwoord 6", (6,)),
    ("zie de antwoorden op de vragen 3 en 4", (3, 4)),
    ("Zoals bij het antwoord op vraag 1 aangegeven", (1,)),
    ("beantwoord in vraag 9", (9,)),
    ("de samenhang tussen vragen 9 en 11", (9, 11)),
)
COUNTER_EXAMPLES: tuple[str, ...] = (
    "vraag 3 van de leden Kathmann en Nordkamp",
    "in antwoord op vraag 2 van het lid Mulder",
    "de vraag is of 3 en 4 kloppen",
)


def find_question_numbers(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, number) of every question number a phrase in `text` names."""
    for match in PHRASE.finditer(text):
        start = match.start("numbers")
        for number in re.finditer(r"\d{1,3}", match.group("numbers")):
            yield start + number.start(), start + number.end(), int(number.group(0))
