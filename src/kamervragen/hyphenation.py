"""Dehyphenation: decide whether a hyphen in PDF text is a line-end break to remove or a real hyphen.

A join is made only when it is certain; the rules, in order:
1. the joined word is written elsewhere in the same letter → join;
2. the left half is an abbreviation ("EU-steun", "SAR-capaciteit", "deEU-verdragen") → keep;
3. the left half is a prefix that keeps its hyphen ("oud-minister", "e-mail", "ex-woordvoerder") → keep;
4. a Dutch vowel clash: the letters around the hyphen would read as one sound ("zee-egel",
   "contra-expert", "zij-instroom"); a line break never splits such a pair → keep;
5. the joined word is a Dutch or English word ("verschil-lende", "hypotheti-sche", "Integra-ted") → join;
6. the hyphenated form, or that of the left half's end, is written elsewhere in the letter → keep
   ("voormaligeinval-woordvoerder" where the letter also writes "inval-woordvoerder");
7. both halves are words on their own ("oorzaak-gevolg", "energy-package") → keep: it may be meant;
8. the Dutch hyphenation patterns allow a break at that point ("regelge-ving") → join;
otherwise keep.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

from .hyphenpatterns import patterns
from .wordlists import words

# Vowel pairs Dutch reads as one sound; across a compound's seam they take a hyphen.
DIGRAPHS = frozenset({"aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu"})
# Left halves that are written with a hyphen by rule (Woordenlijst): "oud-minister", "ex-partner".
HYPHEN_PREFIXES = frozenset({"oud", "ex", "vice", "loco", "niet", "non", "anti", "pro", "co", "e", "x"})
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _is_word(word: str) -> bool:
    """A Dutch word, or an English one (letters quote English titles and names)."""
    return word in words("nl") or word in words("en")


class Vocabulary:
    """The words of one letter, to test candidate joins against what the letter itself writes."""

    def __init__(self, texts: Iterable[str]) -> None:
        found = WORD.findall("\n".join(texts).casefold())
        self.words: Counter[str] = Counter(found)
        # each link of a chain ("voormalig-inval-woordvoerder" in a URL) counts as written too
        for word in found:
            if word.count("-") > 1:
                self.words.update(f"{a}-{b}" for a, b in pairwise(word.split("-")))

    def join(self, left: str, right: str, inline: bool = False) -> bool:
        """True when `left-right` is a broken word whose halves must be joined.

        `inline`: the hyphen stands inside a line, so the letter's own count includes this occurrence.
        """
        if not left or not right or not right[0].islower() or not left[-1].isalpha():
            return False
        head = re.split(r"[^\w]", left)[-1]
        tail = re.split(r"[^\w]", right)[0]
        if not head.isalpha() or not tail.isalpha():
            return False
        joined = (head + tail).casefold()
        if self.words[joined] > 0:
            return True
        if any(c.isupper() for c in head[1:]):
            return False
        if head.casefold() in HYPHEN_PREFIXES:
            return False
        if _clash(head.casefold(), tail):
            return False
        if _is_word(joined):
            return True
        here = 1 if inline else 0
        if self.words[f"{head}-{tail}".casefold()] > here or any(
            self.words[f"{head[start:]}-{tail}".casefold()] > 0 for start in range(1, len(head) - 2)
        ):
            return False
        if _is_word(head.casefold()) and _is_word(tail):
            return False
        return _allowed_break(head + tail, len(head))


def _clash(head: str, tail: str) -> bool:
    return head[-1] + tail[0] in DIGRAPHS or (head.endswith("ij") and tail[0] in "ie")


def _allowed_break(word: str, position: int) -> bool:
    return position in patterns().breaks(word.casefold())
