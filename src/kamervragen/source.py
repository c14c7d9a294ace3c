"""Decoding stage: raw bytes of a letter → text lines, with encoding and control-character problems reported."""

from __future__ import annotations

import re
import unicodedata

from .diagnostics import Reporter

# C0/C1 control characters other than tab and line ends, and the BOM where it is not the first character.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_BINARY_SAMPLE = 4096


def looks_binary(data: bytes) -> bool:
    """A NUL byte in the first 4 KiB marks a binary file (Word's .doc, a zip, an image)."""
    return b"\x00" in data[:_BINARY_SAMPLE]


def decode(data: bytes, report: Reporter) -> str:
    """Decode UTF-8 (with or without BOM), falling back to cp1252 with a warning."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.warn(line, "file is not valid UTF-8; decoded as Windows-1252 (cp1252): save it as UTF-8")
        text = data.decode("cp1252", errors="replace")
    return text


def split_lines(text: str, report: Reporter) -> list[str]:
    """Split on CRLF, CR or LF; NFC-normalise; remove control characters with a warning per line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    clean: list[str] = []
    for number, line in enumerate(lines, start=1):
        text = line
        if _CONTROL.search(text):
            report.warn(number, "control characters removed")
            text = _CONTROL.sub("", text)
        clean.append(unicodedata.normalize("NFC", text))
    return clean
