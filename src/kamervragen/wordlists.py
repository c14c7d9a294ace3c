"""Word lists: the Dutch and English words dehyphenation tests joins against, searched in place.

The words are pyspellchecker's (a gzipped JSON of word frequencies per language). Loading one into a
dict takes ~0.3 s, paid by every process that parses PDF text, while a letter asks for a handful of
words. So each list is written once, lowercased and sorted, to a file in the user's cache folder and
searched there by bisection through a memory map: nothing to load, and forked workers share it.
"""

from __future__ import annotations

import gzip
import json
import mmap
from functools import cache
from importlib import resources

from .usercache import derived_path, write_whole


class WordList:
    """Sorted, distinct, lowercase UTF-8 words, one per line (each line ends in a newline)."""

    def __init__(self, lines: bytes | mmap.mmap) -> None:
        self.lines = lines

    def __contains__(self, word: str) -> bool:
        key = word.lower().encode()
        if not key or b"\n" in key:
            return False
        low, high = 0, len(self.lines)  # the line sought, if any, starts in [low, high)
        while low < high:
            start = self.lines.rfind(b"\n", 0, (low + high) // 2) + 1  # the line around the middle
            end = self.lines.find(b"\n", start)
            line = self.lines[start:end]
            if line == key:
                return True
            if line < key:
                low = end + 1
            else:
                high = start
        return False


def sorted_lines(words: dict[str, int]) -> bytes:
    """A word list's file: as pyspellchecker reads it (lowercased), sorted by UTF-8 bytes."""
    encoded = sorted({word.lower().encode() for word in words if word and "\n" not in word})
    return b"".join(word + b"\n" for word in encoded)


@cache
def words(language: str) -> WordList:
    """The word list of a language ("nl", "en"), from its file, written first if need be."""
    packed = (resources.files("spellchecker") / "resources" / f"{language}.json.gz").read_bytes()
    path = derived_path(f"words-{language}", packed)
    if not path.is_file():
        lines = sorted_lines(json.loads(gzip.decompress(packed)))
        try:
            write_whole(path, lines)
        except OSError:  # a read-only home: search the list in memory, for this process
            return WordList(lines)
    with path.open("rb") as file:
        return WordList(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
