"""Dutch dates: '10 maart 2025' → '2025-03-10', and the parliamentary year a date falls in."""

from __future__ import annotations

import datetime
import re

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)


def iso_date(text: str) -> str:
    """The first Dutch date in `text` as ISO 8601, or '' when there is none (or it is impossible)."""
    match = DATE.search(text)
    if not match:
        return ""
    day, month, year = (
        int(match.group(1)),
        MONTHS.index(match.group(2).lower()) + 1,
        int(match.group(3)),
    )
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return ""


def session_year(iso: str) -> str:
    """The vergaderjaar of a date, '20242025': it opens on Prinsjesdag, the third Tuesday of September."""
    date = datetime.date.fromisoformat(iso)
    first = datetime.date(date.year, 9, 1)
    prinsjesdag = first + datetime.timedelta(days=(1 - first.weekday()) % 7 + 14)
    start = date.year if date >= prinsjesdag else date.year - 1
    return f"{start}{start + 1}"


def dutch_date(iso: str) -> str:
    """'2025-03-31' → '31 maart 2025' ('' stays '')."""
    if not iso:
        return ""
    date = datetime.date.fromisoformat(iso)
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def dutch_month(month: str) -> str:
    """'2025-03' → 'maart 2025'."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def days_between(start: str, end: str) -> int | None:
    if not start or not end:
        return None
    return (datetime.date.fromisoformat(end) - datetime.date.fromisoformat(start)).days
