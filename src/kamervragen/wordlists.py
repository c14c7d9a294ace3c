"""Word lists: the Dutch and English words, with their frequencies, that dehyphenation and glue repair test.

The words are pyspellchecker's (a gzipped JSON of word frequencies per language). Loading one into a
dict takes ~0.3 s, paid by every process that parses PDF text, while a letter asks for a handful of
words. So each list is written once, lowercased and sorted, to a file in the user's cache folder and
searched there by bisection through a memory map: nothing to load, and forked workers share it.
"""

from __future__ import annotations

import bisect
import gzip
import json
import mmap
from functools import cache
from importlib import resources

from .usercache import derived_path, write_whole

BLOCK = 4096  # bytes of sorted lines searched in one go


class WordList:
    """Sorted, distinct, lowercase UTF-8 words, one per line: the word, a tab, its frequency, a newline."""

    def __init__(self, lines: bytes | mmap.mmap) -> None:
        self.lines = lines
        self._starts: list[int] = []  # where each block of about BLOCK bytes begins: a line's start
        self._firsts: list[bytes] = []  # the first word of each block, for bisection

    def __contains__(self, word: str) -> bool:
        return self.frequency(word) > 0

    def frequency(self, word: str) -> int:
        """How often pyspellchecker counted the word (any case); 0 for a word it does not list."""
        key = word.lower().encode()
        if not key or b"\n" in key or b"\t" in key:
            return 0
        if not self._starts:
            self._index()
        block = bisect.bisect_right(self._firsts, key) - 1
        if block < 0:
            return 0
        start = self._starts[block]
        end = self._starts[block + 1] if block + 1 < len(self._starts) else len(self.lines)
        # one search in C through a block of whole lines, each beginning after a newline
        lines = b"\n" + self.lines[start:end]
        found = lines.find(b"\n" + key + b"\t")
        if found < 0:
            return 0
        count = found + len(key) + 2
        return int(lines[count : lines.index(b"\n", count)])

    def _index(self) -> None:
        """The blocks' starts and first words: some thousand steps through the file, made once."""
        position, size = 0, len(self.lines)
        while position < size:
            end = self.lines.find(b"\n", position)
            if end < 0:
                break
            self._starts.append(position)
            self._firsts.append(self.lines[position : self.lines.find(b"\t", position, end)])
            following = self.lines.find(b"\n", position + BLOCK)
            position = size if following < 0 else following + 1


def sorted_lines(words: dict[str, int]) -> bytes:
    """A word list's file: as pyspellchecker reads it (lowercased, the counts of one word's spellings
    added up), sorted by UTF-8 bytes."""
    counts: dict[bytes, int] = {}
    for word, count in words.items():
        if word and "\n" not in word and "\t" not in word:
            key = word.lower().encode()
            counts[key] = counts.get(key, 0) + max(int(count), 1)
    return b"".join(b"%s\t%d\n" % (key, counts[key]) for key in sorted(counts))


@cache
def words(language: str) -> WordList:
    """The word list of a language ("nl", "en"), from its file, written first if need be."""
    packed = (resources.files("spellchecker") / "resources" / f"{language}.json.gz").read_bytes()
    path = derived_path(f"frequencies-{language}", packed)
    if not path.is_file():
        lines = sorted_lines(json.loads(gzip.decompress(packed)))
        try:
            write_whole(path, lines)
        except OSError:  # a read-only home: search the list in memory, for this process
            return WordList(lines)
    with path.open("rb") as file:
        return WordList(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
