"""Statistics page: answers per ministry and month, days to answer, the three-week term, postponements.

Pure functions of the archive: a Markdown page of tables, and its charts as SVG files (drawn here,
shown as images: no script, nothing from a third party). Each chart repeats a table's figures, so
the tables are what a screen reader or a researcher reads.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from xml.sax.saxutils import escape as xml_escape

from ..dates import dutch_month
from ..escape import escape
from .archive import Case, Status
from .pages import OVERDUE, OVERDUE_TITLE, TERM, Makers, archive_date, one_of, overdue, relative

PAGE = "statistieken.md"
CHARTS = "statistieken"  # folder of the SVG files
PER_MONTH, PER_MINISTRY = f"{CHARTS}/antwoorden-per-maand.svg", f"{CHARTS}/dagen-per-ministerie.svg"
UNKNOWN = "ministerie onbekend"  # a letter that names none still counts in the totals
CROSS_MONTHS = 12  # months shown in the table of answers per ministry and month


@dataclass(frozen=True, slots=True)
class Group:
    """Figures of a set of cases: a month's or a ministry's."""

    answers: int
    median_days: float | None
    within_term: float | None  # share of the answers with both dates that came within TERM days
    postponed: int  # postponement notices


def group(cases: Sequence[Case]) -> Group:
    answered = [c for c in cases if c.status is Status.ANSWERED]
    days = [d for d in (c.days_to_answer for c in answered) if d is not None]
    return Group(
        answers=len(answered),
        median_days=statistics.median(days) if days else None,
        within_term=sum(d <= TERM for d in days) / len(days) if days else None,
        postponed=sum(c.postponed for c in cases),
    )


def _by(cases: Sequence[Case], key: Callable[[Case], str]) -> dict[str, list[Case]]:
    groups: dict[str, list[Case]] = {}
    for case in cases:
        if key(case):
            groups.setdefault(key(case), []).append(case)
    return groups


def _month(case: Case) -> str:
    return case.date[:7]


def _days(value: float | None) -> str:
    return "–" if value is None else f"{value:g}".replace(".", ",")


def _share(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)} %"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right_from: int = 1) -> str:
    align = ["---" if i < right_from else "--:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _figures(name: str, figures: Group) -> list[str]:
    return [name, str(figures.answers), _days(figures.median_days), _share(figures.within_term), str(figures.postponed)]


_HEADER = ["", "antwoorden", "mediaan dagen", "binnen drie weken", "uitstelberichten"]


def statistics_makers(cases: Sequence[Case]) -> Makers:
    """The page and its charts, by path: all three made at once, when the first is asked for."""
    every = cache(partial(statistics_files, cases))
    return {path: partial(one_of, every, path) for path in (PAGE, PER_MONTH, PER_MINISTRY)}


def statistics_files(cases: Sequence[Case]) -> dict[str, str]:
    """The page and its charts, by path."""
    months = _by(cases, _month)
    ministries = _by(cases, lambda c: c.ministry or UNKNOWN)
    total = group(cases)
    month_keys = sorted(months, reverse=True)
    ministry_keys = sorted(ministries, key=str.casefold)
    per_month = {m: group(months[m]) for m in month_keys}
    per_ministry = {m: group(ministries[m]) for m in ministry_keys}
    charts = {
        PER_MONTH: bar_chart(
            "Antwoorden per maand", [(dutch_month(m), per_month[m].answers) for m in month_keys], "antwoorden"
        ),
        PER_MINISTRY: bar_chart(
            "Mediaan aantal dagen tot antwoord, per ministerie",
            [(m, per_ministry[m].median_days or 0) for m in ministry_keys if per_ministry[m].median_days is not None],
            "dagen",
            reference=(TERM, "termijn: drie weken"),
        ),
    }
    parts = [
        "# Statistieken",
        f"Over {total.answers} beantwoorde Kamervragen van de {len(cases)} op deze site. Een Kamerlid "
        f"hoort binnen drie weken ({TERM} dagen) na indiening antwoord te krijgen; lukt dat niet, dan "
        "stuurt de minister een uitstelbericht. Dagen tot antwoord tellen van de datum van indiening "
        "tot de datum van het antwoord, voor antwoorden waarvan beide data bekend zijn.",
        _table(_HEADER, [_figures("**alle**", total)]),
        _overdue_line(cases),
        "## Per maand {#per-maand}",
        "Maand van het antwoord, van het uitstelbericht of van indiening.",
        "![Staafdiagram: antwoorden per maand](statistieken/antwoorden-per-maand.svg)",
        _table(["maand", *_HEADER[1:]], [_figures(dutch_month(m), per_month[m]) for m in month_keys]),
        "## Per ministerie {#per-ministerie}",
        "![Staafdiagram: mediaan aantal dagen tot antwoord per ministerie](statistieken/dagen-per-ministerie.svg)",
        _table(["ministerie", *_HEADER[1:]], [_figures(escape(m), per_ministry[m]) for m in ministry_keys]),
        "## Antwoorden per ministerie en maand {#per-ministerie-en-maand}",
        _cross_table(ministries, month_keys[:CROSS_MONTHS]),
    ]
    return {PAGE: "\n\n".join(parts) + "\n", **charts}


def _overdue_line(cases: Sequence[Case]) -> str:
    today = archive_date(cases)
    count = len(overdue(cases, today))
    late = f"{count} {'vraag' if count == 1 else 'vragen'} zonder antwoord na de termijn"
    return f"[{OVERDUE_TITLE}]({relative(OVERDUE, PAGE)}): {late} (stand op de datum van de nieuwste brief)."


def _cross_table(ministries: dict[str, list[Case]], months: Sequence[str]) -> str:
    """Rows: ministries; columns: the newest months, oldest first."""
    shown = sorted(months)
    header = ["ministerie", *(dutch_month(m) for m in shown)]
    rows = []
    for ministry in sorted(ministries, key=str.casefold):
        answered = [c for c in ministries[ministry] if c.status is Status.ANSWERED]
        counts = [sum(_month(c) == m for c in answered) for m in shown]
        rows.append([escape(ministry), *(str(n) if n else "·" for n in counts)])
    return _table(header, rows) if months else "_Nog geen antwoorden._"


# --- SVG ------------------------------------------------------------------------------------------

_ROW = 22
_LABEL = 260  # width of the label column
_BARS = 360
_WIDTH = _LABEL + _BARS + 60


def bar_chart(
    title: str, bars: Sequence[tuple[str, float]], unit: str, reference: tuple[int, str] | None = None
) -> str:
    """A horizontal bar chart: one labelled bar per row, the value at its end; optionally a dashed
    line at a reference value (the three-week term). Colours hold 4.5:1 contrast on its white ground."""
    top = 44
    height = top + _ROW * max(len(bars), 1) + (28 if reference else 12)
    largest = max([v for _, v in bars] + [reference[0] if reference else 0, 1])
    scale = _BARS / largest
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" '
        f'height="{height}" role="img" aria-labelledby="titel" font-family="sans-serif" font-size="13">',
        f'<title id="titel">{xml_escape(title)}</title>',
        f'<rect width="{_WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="8" y="24" font-size="15" font-weight="bold" fill="#1a1a1a">{xml_escape(title)}</text>',
    ]
    for row, (label, value) in enumerate(bars):
        y = top + row * _ROW
        shown = f"{value:g}".replace(".", ",")
        out.append(
            f'<text x="{_LABEL - 8}" y="{y + 15}" text-anchor="end" fill="#1a1a1a">{xml_escape(_short(label))}</text>'
            f'<rect x="{_LABEL}" y="{y + 3}" width="{value * scale:.1f}" height="{_ROW - 6}" fill="#3f51b5">'
            f"<title>{xml_escape(label)}: {shown} {unit}</title></rect>"
            f'<text x="{_LABEL + value * scale + 6:.1f}" y="{y + 15}" fill="#1a1a1a">{shown}</text>'
        )
    if reference:
        x = _LABEL + reference[0] * scale
        bottom = top + _ROW * max(len(bars), 1)
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="#b00020" stroke-dasharray="4 3"/>'
            f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle" fill="#b00020">{xml_escape(reference[1])}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _short(label: str) -> str:
    return label if len(label) <= 38 else label[:37] + "…"
