"""Dutch hyphenation patterns: where a word may break at a line end (Liang's algorithm, as pyphen).

The patterns are pyphen's nl_NL dictionary (LibreOffice's). Importing pyphen and parsing the
dictionary takes ~60 ms, paid by every process that parses PDF text, while a letter asks about one
or two words. So the parsed patterns are written once, one "pattern digits" line each, to a file in
the user's cache folder, and read from there (~3 ms); the breaks are found as pyphen finds them.
"""

from __future__ import annotations

import contextlib
import importlib.util
from functools import cache
from pathlib import Path

from .usercache import derived_path, write_whole

LANGUAGE = "nl_NL"
EDGE = 2  # letters kept together at each end of a word: pyphen's default (left=2, right=2)


class Patterns:
    """Liang's patterns: each maps a letter sequence ("." marks a word's edge) to the break values
    between its letters, from before its first letter on; an odd value allows a break there."""

    def __init__(self, values: dict[str, str]) -> None:
        # ".gea" → "0043": 0 before ".", 0 before "g", 4 before "e", 3 before "a" (none after it: a
        # pattern's last zeros are left out, as pyphen leaves them out)
        self.values = values
        self.longest = max(map(len, values), default=0)

    def breaks(self, word: str) -> list[int]:
        """Where `word` may break, as counts of letters before the break ("regelgeving" → [2, 5, 7])."""
        dotted = f".{word.lower()}."
        points = [0] * (len(dotted) + 1)
        for start in range(len(dotted) - 1):
            for end in range(start + 1, min(start + self.longest, len(dotted)) + 1):
                for offset, digit in enumerate(self.values.get(dotted[start:end], "")):
                    points[start + offset] = max(points[start + offset], int(digit))
        return [i - 1 for i, point in enumerate(points) if point % 2 and EDGE <= i - 1 <= len(word) - EDGE]


def lines(values: dict[str, str]) -> bytes:
    """The patterns' file: one "pattern digits" line each, sorted."""
    return "".join(f"{pattern} {digits}\n" for pattern, digits in sorted(values.items())).encode()


def from_lines(data: bytes) -> Patterns:
    return Patterns(dict(line.split(" ") for line in data.decode().splitlines()))


def parsed_by_pyphen(dictionary: Path) -> dict[str, str]:
    """The patterns as pyphen reads the dictionary (its parser knows the format's corners)."""
    import pyphen  # noqa: PLC0415  (deferred: needed once per dictionary version)

    read = pyphen.HyphDict(dictionary)
    return {
        pattern: "0" * start + "".join(map(str, map(int, values))) for pattern, (start, values) in read.patterns.items()
    }


def dictionary_path() -> Path:
    """pyphen's dictionary file, found without importing pyphen."""
    spec = importlib.util.find_spec("pyphen")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pyphen, a dependency of kamervragen, is not installed: run scripts/install")
    return Path(spec.submodule_search_locations[0]) / "dictionaries" / f"hyph_{LANGUAGE}.dic"


@cache
def patterns() -> Patterns:
    """The Dutch patterns, from their file, written first if need be."""
    dictionary = dictionary_path()
    path = derived_path(f"hyphenation-{LANGUAGE}", dictionary.read_bytes())
    if path.is_file():
        return from_lines(path.read_bytes())
    data = lines(parsed_by_pyphen(dictionary))
    with contextlib.suppress(OSError):  # a read-only home: parsed again by the next process
        write_whole(path, data)
    return from_lines(data)
