"""Web addresses in letter text: where they start and end, and the URL to publish without tracking.

Only http and https are ever linked (`www.` gets https://); `javascript:`, `data:` and other schemes
stay plain text. Trailing punctuation and an unbalanced closing parenthesis are not part of a URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

URL = re.compile(r"\b(?:https?://|www\.)[^\s<>«»“”\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?»”’'"


def find_urls(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, address as written) for every web address in `text`."""
    for match in URL.finditer(text):
        address = _trim(match.group(0))
        if address.lower() in ("www.", "http://", "https://"):
            continue
        yield match.start(), match.start() + len(address), address


def _trim(address: str) -> str:
    """The address without its trailing punctuation, nor a closing parenthesis it did not open. One pass
    from the end, the parentheses counted once: not counted again, nor the address copied, per character."""
    opened, closed = address.count("("), address.count(")")
    end = len(address)
    while end and (address[end - 1] in _TRAILING or (address[end - 1] == ")" and opened < closed)):
        closed -= address[end - 1] == ")"
        end -= 1
    return address[:end]
