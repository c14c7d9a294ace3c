"""Citations: how a journalist or researcher cites a Kamervraag, built from the Zaak's facts.

The page's citation names askers and parties, the subject, the Zaak and Aanhangsel numbers and the
date of the answer; the theme's "Citeer" control adds the question ("vraag 3") and its permanent link.
"""

from __future__ import annotations

import re

from ..dates import dutch_date
from ..model import Person
from ..writers.data import plain_text
from .archive import Case, Status

_AANHANGSEL = re.compile(r"^ah-tk-(?P<start>\d{4})(?P<end>\d{4})-(?P<number>\d+)$")
_ZAAK = re.compile(r"^\d{4}Z\d{5}$")


def aanhangsel_label(aanhangsel: str) -> str:
    """'ah-tk-20242025-613' → 'Aanhangsel Handelingen II 2024/25, nr. 613' (as the Tweede Kamer cites it)."""
    match = _AANHANGSEL.match(aanhangsel)
    if not match:
        return ""
    return f"Aanhangsel Handelingen II {match['start']}/{match['end'][2:]}, nr. {match['number']}"


def _who(askers: tuple[Person, ...]) -> str:
    names = [f"{p.name} ({p.party})" if p.party else p.name for p in askers]
    return " en ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _when(case: Case) -> str:
    if case.status is Status.ANSWERED and case.answered:
        return f"antwoord van {dutch_date(case.answered)}"
    if case.status is Status.POSTPONED and case.date:
        return f"uitstel gemeld op {dutch_date(case.date)}"
    return f"ingezonden op {dutch_date(case.submitted)}" if case.submitted else ""


def citation(case: Case) -> str:
    """'Kathmann (GroenLinks-PvdA), "Over …", Kamervragen 2025Z04271, Aanhangsel Handelingen II
    2024/25, nr. 613, antwoord van 3 april 2025'; a part the letters do not state is left out."""
    parts = [
        _who(case.askers),
        f"“{case.title}”",
        f"Kamervragen {case.id}" if _ZAAK.match(case.id) else "",
        aanhangsel_label(case.aanhangsel),
        _when(case),
    ]
    return ", ".join(p for p in parts if p)


def cite(case: Case, url: str, question: str = "") -> str:
    """The whole citation: `question` ("vraag 3", "vragen 6 en 7") and the permanent link added."""
    return ", ".join(p for p in (citation(case), question) if p) + (f". {url}" if url else "")


def describe(case: Case, limit: int = 300, event: tuple[str, str] | None = None) -> str:
    """A Zaak in a few lines, for link previews and feeds: who asked whom, when, what happened, and
    the first question, cut at a word before `limit` characters. `event` is (what, ISO date), by
    default the Zaak's latest: ('beantwoord', answer date) or ('uitstel gemeld', notice date)."""
    text = f"Vragen van {_who(case.askers)}" if case.askers else "Vragen"
    if case.ministry:
        text += f" aan {case.ministry}"
    if case.submitted:
        text += f", ingezonden op {dutch_date(case.submitted)}"
    if event is None and case.status is not Status.OPEN:
        event = ("beantwoord" if case.status is Status.ANSWERED else "uitstel gemeld", case.date)
    text += f"; {event[0]} op {dutch_date(event[1])}." if event and event[1] else "."
    first = next((q for q in case.main.questions if q.blocks), None)
    if first is not None:
        text += " " + plain_text(first.blocks[0].content)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
