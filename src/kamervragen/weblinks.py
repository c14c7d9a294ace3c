"""Web links: http(s) and www. addresses written in letter text, for the JSON `links` list."""

from __future__ import annotations

import re
from collections.abc import Iterable

# An address runs to the next space; trailing punctuation and an unbalanced ")" are not part of it.
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>«»“”\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?»”’'"


def find_links(texts: Iterable[str]) -> list[dict[str, str]]:
    """[{text, url}] for every address in `texts`, in order; `www.` addresses get https://."""
    links: list[dict[str, str]] = []
    for text in texts:
        for match in URL.finditer(text):
            address = _trim(match.group(0))
            url = address if "://" in address else "https://" + address
            if url.lower().startswith(("http://", "https://")):
                links.append({"text": address, "url": url})
    return links


def _trim(address: str) -> str:
    while address and (address[-1] in _TRAILING or (address[-1] == ")" and address.count("(") < address.count(")"))):
        address = address[:-1]
    return address
