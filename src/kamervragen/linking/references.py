"""Parliamentary references → official publication links, as one data table.

Each row names a kind of reference, its pattern, how its URL is built, and real examples: spellings
that must link (`examples`) and look-alikes that must not (`counter_examples`). Tests run every row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

OFFICIAL = "https://zoek.officielebekendmakingen.nl"
TWEEDE_KAMER_DOCUMENT = "https://www.tweedekamer.nl/kamerstukken/detail?id={0}&did={0}"

# "2023/24", "2024-2025", "2021–2022" → "20232024"; never the start of a longer number ("2022–203",
# a misprint, is no session: linking it would cite another paper)
_SESSION = r"(?P<y1>(?:19|20)\d\d)\s*[/–-]\s*(?P<y2>(?:19|20)?\d\d)(?!\d)"
# A dossier's part (its "ondernummer") by name: a Roman numeral, a budget chapter, with the A or B of a
# divided one ("36 410 XXIII", "30 800 IXB"), or one capital, a fund's budget ("36 800 J", "36410-A").
_PART_NAME = r"(?:[IVXLC]{1,6}[AB]?|[A-Z])"
# A Kamerstuk dossier: five digits from 10000 (written "26 643" too), with an optional part
# number ("21501-02", "21 501-20") or named part ("36 410 XXIII", "36200-VIII", "36800-J").
_DOSSIER = rf"(?P<dossier>[1-3]\d\s?\d{{3}})(?:-(?P<part>\d{{2}})\b|[\s-](?P<named>{_PART_NAME})\b)?"
# "nr. 2", "nr 2", "nummer 2"
_NR = r"(?:nr\.?|nummer)\s*"
# The paper's number; the Eerste Kamer letters its papers ("Kamerstukken I 2017/18, 21 501-31, nr. A").
_PAPER = r"(?P<nr>\d{1,4}|[A-Z]{1,2})\b"
_ANY_SESSION = r"(?:19|20)\d\d\s*[/–-]\s*(?:19|20)?\d\d(?!\d)"
# "Kamerstuk", "Kamerstukken II 2023/24,", "Kamerstukken I 2017/18,", "Kamerstukken II, vergaderjaar
# 2022/2023", "Tweede Kamer, vergaderjaar 2023–2024,"
_KAMERSTUK_PREFIX = (
    rf"(?:Kamerstuk(?:ken)?(?:\s+I{{1,2}})?,?(?:\s+vergaderjaar)?(?:\s+{_ANY_SESSION})?,?\s*"
    rf"|Tweede Kamer,\s+vergaderjaar\s+{_ANY_SESSION},\s*)"
)


def session(match: re.Match[str]) -> str:
    first, second = match.group("y1"), match.group("y2")
    if len(second) == 2:
        second = first[:2] + second
    return first + second


def _kamerstuk_url(match: re.Match[str]) -> str:
    """The paper's own page: kst-<dossier>[-<part>]-<nr>.html ("kst-36800-J-2"), whichever of a row's
    alternatives (groups "dossier", "dossier2", …) matched."""
    groups = match.groupdict()
    for suffix in ("", "2", "3", "4"):
        dossier = groups.get("dossier" + suffix)
        if dossier:
            part = groups.get("part" + suffix) or groups.get("named" + suffix) or ""
            pieces = [dossier.replace(" ", ""), part, groups.get("nr" + suffix) or ""]
            return f"{OFFICIAL}/kst-{'-'.join(p for p in pieces if p)}.html"
    raise ValueError(match.group(0))  # unreachable: every alternative has a dossier


@dataclass(frozen=True, slots=True)
class ReferenceKind:
    name: str
    pattern: re.Pattern[str]
    url: Callable[[re.Match[str]], str]
    local_key: Callable[[re.Match[str]], str] | None  # key of a page this site may publish itself
    examples: tuple[tuple[str, str], ...]  # (text, the URL it must link to)
    counter_examples: tuple[str, ...]


def _row(
    name: str,
    pattern: str,
    url: Callable[[re.Match[str]], str],
    examples: tuple[tuple[str, str], ...],
    counter_examples: tuple[str, ...] = (),
    local_key: Callable[[re.Match[str]], str] | None = None,
) -> ReferenceKind:
    return ReferenceKind(name, re.compile(pattern), url, local_key, examples, counter_examples)


def _zaak(match: re.Match[str]) -> str:
    return f"{match.group('year')}Z{match.group('number')}"


def _aanhangsel(match: re.Match[str]) -> str:
    return f"ah-tk-{session(match)}-{match.group('nr')}"


# Every row needs one of these to match at all: a keyword, a Zaak or document number, or a dossier
# number of five digits (written "26 643" too). Text without any of them skips the whole table.
TRIGGER = re.compile(r"Kamerstuk|Tweede Kamer|Aanhangsel|Handelingen|Stcrt|Stb|\d{4}[ZD]|[1-3]\d\s?\d{3}")


# Order matters where spellings overlap: the longest match wins, and on a tie the earlier row.
REFERENCE_KINDS: tuple[ReferenceKind, ...] = (
    _row(
        "tweede kamer document",
        r"(?:\bKamerstuk(?:ken)?\s+)?\b(?P<doc>(?:19|20)\d\dD\d{5})\b",
        lambda m: TWEEDE_KAMER_DOCUMENT.format(m.group("doc")),
        (
            ("Kamerstuk 2023D42772", TWEEDE_KAMER_DOCUMENT.format("2023D42772")),
            ("2025D01084", TWEEDE_KAMER_DOCUMENT.format("2025D01084")),
        ),
        ("2023D4277", "D2025-001537"),
        local_key=lambda m: "document:" + m.group("doc"),
    ),
    _row(
        "zaak",
        r"\b(?P<year>(?:19|20)\d\d)Z\s?(?P<number>\d{5})\b",
        lambda m: f"{OFFICIAL}/kv-tk-{_zaak(m)}",
        (
            ("2025Z04271", f"{OFFICIAL}/kv-tk-2025Z04271"),
            ("2024Z 17972", f"{OFFICIAL}/kv-tk-2024Z17972"),
        ),
        ("2024Z1797", "Z04271"),
        local_key=lambda m: "zaak:" + _zaak(m),
    ),
    _row(
        "aanhangsel",
        r"\bAanhangsel(?:\s+van\s+de)?\s+Handelingen(?:\s+II)?,?\s*(?:vergaderjaar\s*)?"
        + _SESSION
        + r",?\s*(?:nr\.?\s*)?(?P<nr>\d{1,4})\b",
        lambda m: f"{OFFICIAL}/{_aanhangsel(m)}.html",
        (
            ("Aanhangsel Handelingen II 2024/25, nr. 507", f"{OFFICIAL}/ah-tk-20242025-507.html"),
            ("Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 248", f"{OFFICIAL}/ah-tk-20242025-248.html"),
            ("Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 203", f"{OFFICIAL}/ah-tk-20242025-203.html"),
        ),
        ("Aanhangsel Handelingen", "Aanhangsel 1", "Aanhangsel Handelingen, vergaderjaar 2022–203, nr. 844"),
        local_key=lambda m: "aanhangsel:" + _aanhangsel(m),
    ),
    _row(
        "aanhangsel, session first",
        r"\bvergaderjaar\s+" + _SESSION + r",\s*Aanhangsel\s+van\s+de\s+Handelingen,?\s*(?:nr\.?\s*)?(?P<nr>\d{1,4})\b",
        lambda m: f"{OFFICIAL}/{_aanhangsel(m)}.html",
        (
            (
                "vergaderjaar 2023–2024, Aanhangsel van de Handelingen, nr. 2386",
                f"{OFFICIAL}/ah-tk-20232024-2386.html",
            ),
        ),
        ("vergaderjaar 2024–2025, Aanhangsel 2",),
        local_key=lambda m: "aanhangsel:" + _aanhangsel(m),
    ),
    _row(
        "handelingen",
        r"(?<!Aanhangsel\s)\bHandelingen(?:\s+II)?,?\s*(?:vergaderjaar\s*)?"
        + _SESSION
        + r",?\s*nr\.?\s*(?P<nr>\d{1,4}),?\s*item\s*(?P<item>\d{1,3})\b",
        lambda m: f"{OFFICIAL}/h-tk-{session(m)}-{m.group('nr')}-{m.group('item')}.html",
        (("Handelingen II 2024/25, nr. 41, item 7", f"{OFFICIAL}/h-tk-20242025-41-7.html"),),
        ("Handelingen II 2024/25",),
    ),
    _row(
        "staatscourant",
        r"\bStcrt\.?\s*(?P<year>(?:19|20)\d\d),?\s*(?:nr\.?\s*)?(?P<nr>\d{1,6})\b",
        lambda m: f"{OFFICIAL}/stcrt-{m.group('year')}-{m.group('nr')}.html",
        (("Stcrt. 2024, 15802", f"{OFFICIAL}/stcrt-2024-15802.html"),),
        ("Stcrt.",),
    ),
    _row(
        "staatsblad",
        r"\bStb\.?\s*(?P<year>(?:19|20)\d\d),?\s*(?:nr\.?\s*)?(?P<nr>\d{1,4})\b",
        lambda m: f"{OFFICIAL}/stb-{m.group('year')}-{m.group('nr')}.html",
        (
            ("Stb. 2023, 160", f"{OFFICIAL}/stb-2023-160.html"),
            ("Stb. 2024, 153", f"{OFFICIAL}/stb-2024-153.html"),
        ),
        ("Stb.",),
    ),
    _row(
        "kamerstuk with a prefix",
        r"\b" + _KAMERSTUK_PREFIX + _DOSSIER + rf"(?:,?\s*{_NR}|-){_PAPER}",
        _kamerstuk_url,
        (
            ("Kamerstuk 31125-133", f"{OFFICIAL}/kst-31125-133.html"),
            ("Kamerstuk 26 643, nr. 1201", f"{OFFICIAL}/kst-26643-1201.html"),
            ("Kamerstukken II 2023/24, 26643, nr. 1154", f"{OFFICIAL}/kst-26643-1154.html"),
            ("Kamerstuk 36 410 XXIII, nr. 7", f"{OFFICIAL}/kst-36410-XXIII-7.html"),
            ("Kamerstukken II, 2021–2022, 29 279, nr. 353", f"{OFFICIAL}/kst-29279-353.html"),
            ("Kamerstukken II, vergaderjaar 2022/2023 36 229, nr. 29", f"{OFFICIAL}/kst-36229-29.html"),
            ("Kamerstuk 21 501-20, nr. 1963", f"{OFFICIAL}/kst-21501-20-1963.html"),
            ("Kamerstuk 31 793 nr. 274", f"{OFFICIAL}/kst-31793-274.html"),
            ("Tweede Kamer, vergaderjaar 2023–2024, 31 066, nr. 1372", f"{OFFICIAL}/kst-31066-1372.html"),
            # a part by letter: the paper, never the dossier
            ("Kamerstuk 36800-J, nr. 2", f"{OFFICIAL}/kst-36800-J-2.html"),
            ("Kamerstuk 36 410 A, nr. 59", f"{OFFICIAL}/kst-36410-A-59.html"),
            ("Kamerstuk 36 800 J nummer 2", f"{OFFICIAL}/kst-36800-J-2.html"),
            ("Kamerstukken II 2023/24, 36600-A, nr 12", f"{OFFICIAL}/kst-36600-A-12.html"),
            ("Kamerstuk 36800-J-2", f"{OFFICIAL}/kst-36800-J-2.html"),
            ("Kamerstuk36 600 XII, nr. 42", f"{OFFICIAL}/kst-36600-XII-42.html"),
            ("Kamerstuk 36200-VIII, nummer 5", f"{OFFICIAL}/kst-36200-VIII-5.html"),
            ("Kamerstuk 30 800 IXB, nr. 12", f"{OFFICIAL}/kst-30800-IXB-12.html"),
            ("Kamerstukken I 2017/18, 21 501-31, nr. A", f"{OFFICIAL}/kst-21501-31-A.html"),
            ("Kamerstukken I 2019/20, 35010-C", f"{OFFICIAL}/kst-35010-C.html"),
        ),
        (
            "Kamerstuk",
            "Kamerstukken II 2023/24",
            "Kamerstuk 36 410 A",  # a dossier's part without its paper
            "Kamerstukken II 2022–203, nr. 844",  # a misprinted session, not a dossier
            "Kamerstuk 36 410 Aanvulling, nr. 3",
        ),
    ),
    _row(
        "kamerstuk without a prefix",
        r"(?<![\w/.-])"
        + r"(?:"
        + rf"(?P<dossier>[1-3]\d\s?\d{{3}}),\s*{_NR}(?P<nr>\d{{1,4}})"  # "24 587, nr. 969"
        # "21501-02, nr. 2733", "36 410 A, nr. 59", "36800-J, nummer 2"
        + rf"|(?P<dossier2>[1-3]\d\s?\d{{3}})(?:-(?P<part2>\d{{2}})|[\s-](?P<named2>{_PART_NAME})),\s*{_NR}"
        + r"(?P<nr2>\d{1,4})"
        + rf"|(?P<dossier3>[1-3]\d{{4}})-(?P<named3>{_PART_NAME})-(?P<nr3>\d{{1,4}})"  # "36200-VIII-5", "36800-J-2"
        + r"|(?P<dossier4>[1-3]\d{4})-(?P<nr4>\d{1,4}|[A-Z])"  # "31125-133", "35010-C"
        + r")(?![\w-]|,\d)",
        _kamerstuk_url,
        (
            ("21501-02, nr. 2733", f"{OFFICIAL}/kst-21501-02-2733.html"),
            ("36200-VIII-5", f"{OFFICIAL}/kst-36200-VIII-5.html"),
            ("35010-C", f"{OFFICIAL}/kst-35010-C.html"),
            ("24 587, nr. 969", f"{OFFICIAL}/kst-24587-969.html"),
            ("36800-J, nr. 2", f"{OFFICIAL}/kst-36800-J-2.html"),
            ("36 410 A, nr. 59", f"{OFFICIAL}/kst-36410-A-59.html"),
            ("36800-J-2", f"{OFFICIAL}/kst-36800-J-2.html"),
            ("36 200 XIV, nummer 73", f"{OFFICIAL}/kst-36200-XIV-73.html"),
        ),
        (
            "26 643 euro",
            "2023/24",
            "070-3456789",
            "06-12345678",
            "2024-2025",
            "12 345",
            "1,5 miljard",
            "Postbus 20018, 2500 EA Den Haag",  # a postcode: four digits and two letters
            "2511 CV, nr. 4",
            "€ 36 800 A-merk",
            "36 410 A",  # a dossier's part without its paper
            "12 500 B.V., nr. 3",
        ),
    ),
)
