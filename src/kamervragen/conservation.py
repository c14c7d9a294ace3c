"""Conservation check: every word of the input must reach the page a reader sees.

The input's words, less what was removed by rule (page furniture, note marks, bookmarks, reviewer
comments, labels and metadata-only lines), are compared as a multiset with the words of the rendered
Markdown (read back with markdown-it-py) and the page's front matter. A Word file's input is the text
its package shows, read apart from the reader (docx_words), so that a reader's loss shows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# A hyphen inside a word is ignored on both sides, so "regelge-ving" and "regelgeving" count as one
# word, as does a word hyphenated over a line end ("Zorgak-\nkoord"), which a reader may also keep
# as written, joined with a space ("aanpak- van").
# (Written to start with the hyphen, so the regex engine skips to hyphens instead of trying every
# position.)
_INNER_HYPHEN = re.compile(r"(?:-(?<=\w-)\s*|‑(?<=\w‑))(?=\w)")
# Letters and digits apart: a PDF note body glues its number to its first word ("1NOS").
_WORD = re.compile(r"[^\W\d_]+|\d+")


def words(text: str) -> Counter[str]:
    # casefolded whole, then split: the same words as casefolding each (the few letters casefolding
    # turns into a letter and a combining mark split alike on both sides of the comparison)
    return Counter(_WORD.findall(_INNER_HYPHEN.sub("", text).casefold()))


def missing_words(source: str, removed: Iterable[str], markdown: str, metadata: str = "") -> list[str]:
    """Words of `source` not accounted for by `removed` and absent from the rendered page."""
    # "\0" between fragments: a fragment ending in a hyphen must not join the next one
    expected = words(source) - words("\0".join(removed))
    # deferred: markdown-it-py takes ~20 ms to import, and a build's main process leaves the checks
    # to its workers
    from .reading import read_markdown  # noqa: PLC0415

    page = read_markdown(markdown)
    seen = words(page.text) + words(metadata)
    missing = expected - seen
    return sorted(_rejoined(missing, seen).elements())


def _rejoined(missing: Counter[str], seen: Counter[str]) -> Counter[str]:
    """Halves of a word broken over a page ('gevange-' … 'nispersoneel') that the page shows whole."""
    left = Counter(missing)
    for head in list(missing):
        for tail in list(missing):
            while left[head] > 0 and left[tail] > 0 and head != tail and seen[head + tail] > 0:
                left[head] -= 1
                left[tail] -= 1
                seen = seen - Counter({head + tail: 1})
    return +left
