"""Dehyphenation: decide whether a hyphen in PDF text is a line-end break to remove or a real hyphen.

A join is made only when it is certain:
1. the joined word is written elsewhere in the same letter → join;
2. the hyphenated form is written elsewhere in the letter → keep;
3. a Dutch vowel clash ("zee-egel", "contra-expert") or a prefix that keeps its hyphen → keep;
4. both halves are Dutch words on their own ("oorzaak-gevolg") → keep: it may be meant;
5. the Dutch hyphenation patterns allow a break at that point ("regelge-ving") → join;
otherwise keep.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Protocol

VOWELS = set("aeiouyáéíóúäëïöüàèìòù")
# Left halves that are written with a hyphen by rule (Woordenlijst): "oud-minister", "ex-partner".
HYPHEN_PREFIXES = frozenset({"oud", "ex", "vice", "loco", "niet", "non", "anti", "pro", "co", "e", "x"})
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class _Dictionary(Protocol):
    def __contains__(self, word: str, /) -> bool: ...


@cache
def _hyphenator() -> object:
    import pyphen  # noqa: PLC0415  (deferred: only PDF text needs it)

    return pyphen.Pyphen(lang="nl_NL")


@cache
def _dictionary() -> _Dictionary:
    from spellchecker import SpellChecker  # noqa: PLC0415  (deferred: the word list loads in ~0.5 s)

    checker: _Dictionary = SpellChecker(language="nl", distance=1)
    return checker


class Vocabulary:
    """The words of one letter, to test candidate joins against what the letter itself writes."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.words: set[str] = set()
        for text in texts:
            self.words.update(w.casefold() for w in WORD.findall(text))

    def join(self, left: str, right: str) -> bool:
        """True when `left-right` is a broken word whose halves must be joined."""
        if not left or not right or not right[0].islower() or not left[-1].isalpha():
            return False
        head = re.split(r"[^\w]", left)[-1]
        tail = re.split(r"[^\w]", right)[0]
        if not head.isalpha() or not tail.isalpha():
            return False
        joined = (head + tail).casefold()
        if joined in self.words:
            return True
        if f"{head}-{tail}".casefold() in self.words:
            return False
        if head[-1].casefold() in VOWELS and tail[0] in VOWELS:
            return False
        if head.casefold() in HYPHEN_PREFIXES:
            return False
        dictionary = _dictionary()
        if head.casefold() in dictionary and tail in dictionary:
            return False
        return _allowed_break(head + tail, len(head))


def _allowed_break(word: str, position: int) -> bool:
    hyphenator = _hyphenator()
    positions: list[int] = hyphenator.positions(word.casefold())  # type: ignore[attr-defined]
    return position in positions
