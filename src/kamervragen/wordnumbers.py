"""How Word shows a number in one of its numbering formats: list numbers and note marks."""

from __future__ import annotations

_NUMERALS = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
    (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def word_number(value: int, kind: str) -> str:
    """`value` in Word's format `kind` (w:numFmt): "lowerRoman" 4 → "iv", "upperLetter" 2 → "B",
    "decimal" (and any format not known here) 12 → "12"."""
    if kind in ("lowerRoman", "upperRoman"):
        out, rest = "", value
        for amount, numeral in _NUMERALS:
            count, rest = divmod(rest, amount)
            out += numeral * count
        return out.upper() if kind == "upperRoman" else out
    if kind in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)  # z, then aa, bb …
        return letter.upper() if kind == "upperLetter" else letter
    return str(value)
