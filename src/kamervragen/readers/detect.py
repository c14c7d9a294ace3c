"""Rendering detection: which reader a text letter needs, from the marks each rendering leaves."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..diagnostics import Reporter
from . import docx_text, pdf_text, tika
from .blocks import SourceDoc
from .common import LinePredicate

Reader = Callable[[list[str], Reporter, LinePredicate], SourceDoc]

READERS: dict[str, Reader] = {
    "tika": tika.read,
    "docx-text": docx_text.read,
    "pdf-text": pdf_text.read,
}

# (rendering, evidence): the first rendering with any evidence in the text wins.
EVIDENCE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tika", re.compile(r"\[(?:footnoteRef|endnoteRef|bookmark|image):|\tComment by ")),
    ("tika", re.compile(r"^\t(?:Datum|Betreft|Onze referentie)\s*$", re.M)),
    (
        "pdf-text",
        re.compile(
            r"^Tweede Kamer der Staten-Generaal|^(?:ah|kv)-tk-[\w-]+\s*$"
            r"|Tweede Kamer, vergaderjaar \d{4}[–-]\d{4}, (?:Aanhangsel|Vragen)",
            re.M,
        ),
    ),
)


def detect(text: str) -> str:
    """The rendering of a decoded letter; plain paragraphs (the docx text) when nothing else shows."""
    for rendering, evidence in EVIDENCE:
        if evidence.search(text):
            return rendering
    return "docx-text"
