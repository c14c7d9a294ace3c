"""Word lists: the Dutch and English words dehyphenation tests joins against, searched in place.

The words are pyspellchecker's (a gzipped JSON of word frequencies per language). Loading one into a
dict takes ~0.3 s, paid by every process that parses PDF text, while a letter asks for a handful of
words. So each list is written once, lowercased and sorted, to a file in the user's cache folder and
searched there by bisection through a memory map: nothing to load, and forked workers share it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import mmap
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path


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


def cache_folder() -> Path:
    """Where derived files of installed packages go: $XDG_CACHE_HOME/kamervragen, as pip's own."""
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(home) / "kamervragen"


@cache
def words(language: str) -> WordList:
    """The word list of a language ("nl", "en"), from its file, written first if need be."""
    packed = (resources.files("spellchecker") / "resources" / f"{language}.json.gz").read_bytes()
    name = f"words-{language}-{hashlib.sha256(packed).hexdigest()[:16]}.txt"  # a new list, a new file
    path = cache_folder() / name
    if not path.is_file():
        lines = sorted_lines(json.loads(gzip.decompress(packed)))
        try:
            _write(path, lines)
        except OSError:  # a read-only home: search the list in memory, for this process
            return WordList(lines)
    with path.open("rb") as file:
        return WordList(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: processes that write the same list at once each rename a full file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as file:
        file.write(data)
    os.chmod(file.name, 0o644)  # readable as any cached file, not private as a temporary one
    Path(file.name).replace(path)
