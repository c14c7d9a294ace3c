r"""Metadata recognizers: the header lines of a letter → Zaak, dates, askers, answerers, ministry.

Every recognizer is a row of RECOGNIZERS with the examples it was written for; tests run them all.

Every pattern here runs in time linear in its line, whatever the line, and finds what the plainer
pattern it replaced found (that one is in a comment beside it; `tests/test_linear_time.py` runs the
patterns on 1 MB hostile lines and compares them with the plain ones on lines near each). Three
constructs bound the backtracking:

- A lazy run (`.+?`) stopped by a test that starts with whitespace (`\s+aan`) tries that test only
  at the edge of a run of whitespace (`_EDGE`), not at each of its positions, each reading the rest
  of the run: where the test holds inside a run, it holds where the run begins (or, for a run the
  lazy part starts inside, where the text must start; those places are allowed by name).
- Whitespace before a word is taken whole (`\s++`); where a plain `\s+` could give back one space
  for a name or subject that is only whitespace, a second branch gives it back once.
- A pattern searched for (`_first`) is anchored at the start and steps over a stretch in which it
  cannot match at once, found where it failed, instead of failing again from every position in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from ..dates import iso_date, session_year
from ..model import Metadata, Person

ZAAK = re.compile(r"\b(\d{4})Z\s?(\d{5})\b")
ROLE = r"(?:minister(?:-president)?|staatssecretaris)"
# Not strictly inside a run of whitespace: where a test that starts with whitespace is worth trying.
_EDGE = r"(?:(?<!\s)|(?!\s))"


def _first(pattern: str, dead: str, starts: str) -> str:
    """`pattern` as `search` finds it, in linear time: anchored at the start, stepping over what cannot
    start a match: characters no match starts with (`starts`: those it can), a stretch `dead` matches
    (one in which no match can start, as a try that failed there read to its end), or one character.
    `pattern`'s groups keep their names; group 0 starts at the beginning of the line."""
    plain, dead = (re.sub(r"\(\?P<\w+>", "(?:", p) for p in (pattern, dead))
    return rf"^(?:[^{starts}]++|(?!{plain})(?:{dead}|.))*+(?:{pattern})"


def zaak_number(text: str) -> str:
    """'2024Z 17972' → '2024Z17972' (the space is a known break in some letters)."""
    match = ZAAK.search(text)
    return f"{match.group(1)}Z{match.group(2)}" if match else ""


# Between two askers: ",", " & " or " en " (plain: \s*(?:,|\s&\s|\sen\s)\s*), not inside parentheses;
# not tried inside a run of whitespace (where the run starts it is tried first).
_ASKERS_SEPARATOR = re.compile(rf"{_EDGE}(?:\s*+,|\s++(?:&|en)\s)\s*+")
_PARENTHESIS = re.compile(r"[()]")
# One asker: a name and perhaps its party (plain: ^\s*(?P<name>[^()]*?)\s*(?:\(…(?P<party>[^)]*)\))?\s*$).
_ASKER = re.compile(rf"^\s*+(?P<name>[^()]*?){_EDGE}\s*+(?:\((?:(?:beiden|beide|allen)\s++)?(?P<party>[^)]*+)\))?\s*+$")


def _asker_pieces(text: str) -> list[str]:
    """The text split at every separator whose next parenthesis (if any) opens: one inside "(beiden
    GroenLinks-PvdA, D66)" is none. Where that parenthesis is, is found once for all separators
    (a look-ahead from each separator would read the same stretch again for each)."""
    parentheses = [m.start() for m in _PARENTHESIS.finditer(text)]
    pieces: list[str] = []
    start = following = 0
    for match in _ASKERS_SEPARATOR.finditer(text):
        while following < len(parentheses) and parentheses[following] < match.end():
            following += 1
        if following == len(parentheses) or text[parentheses[following]] == "(":
            pieces.append(text[start : match.start()])
            start = match.end()
    pieces.append(text[start:])
    return pieces


def parse_askers(text: str) -> tuple[Person, ...]:
    """'Sneller , Bamenga (allen D66) en Gabriëls (GroenLinks-PvdA)' → members with their party."""
    people: list[Person] = []
    pending: list[str] = []
    for piece in _asker_pieces(" " + text + " "):
        match = _ASKER.match(piece)
        if not match or not match.group("name"):
            continue
        pending.append(match.group("name"))
        if match.group("party"):
            people.extend(Person(name=name, party=match.group("party").strip()) for name in pending)
            pending = []
    people.extend(Person(name=name) for name in pending)
    return tuple(people)


# A role, a name and a portfolio in parentheses, whose closing parenthesis is sometimes missing:
# "(Volksgezondheid, … Sport (ontvangen". Plain: (?P<role>ROLE)\s+(?P<name>[^()]+?)\s*
# \((?P<portfolio>[^()]*(?:\([^()]*\))?[^()]*?)(?:\)|(?=\s*\(ontvangen)). Where that fails after
# a role, no role before the name's next parenthesis can match: the second branch steps over them.
_ANSWERER = re.compile(
    rf"(?P<role>{ROLE})(?:\s++|\s+(?=\s(?!\s)))(?P<name>[^()]+?){_EDGE}\s*+"
    rf"\((?P<portfolio>[^()]*+(?:\([^()]*+\))?[^()]*?)(?:\)|{_EDGE}(?=\s*+\(ontvangen))"
    rf"|{ROLE}\s[^()]*+",
    re.IGNORECASE,
)

# Lines that look alike and are no match of the row, by row name; the tests run them as they run the
# examples.
COUNTER_EXAMPLES: dict[str, tuple[str, ...]] = {
    "questions": (
        "Vragen gesteld door de leden der Kamer, met de daarop door de",
        "De vragen van het lid Jansen zijn beantwoord.",
    ),
    "answered by": ("Antwoord 3", "Het antwoord van de minister volgt later."),
    "supplement": ("Antwoord van minister Faber (Asiel en Migratie) (ontvangen 2 december 2024)",),
    "tweede kamer document number": ("2024Z14814", "Kamerstuk 2024D"),
    "submitted": ("ingezonden stukken", "(ingezonden)"),
    "aanhangsel number": ("AHA 613", "AH"),
    "see also": ("Zie ook het antwoord op vraag 3.",),
    "on behalf of": ("Hierbij bied ik de antwoorden aan",),
    "askers in a cover letter or notice": ("Op 6 november jl. is de brief verzonden.",),
    "questions named in a notice": ("De vragen worden zo spoedig mogelijk beantwoord.",),
    "ministry": ("De ministeries werken samen.",),
}


def parse_answerers(text: str) -> tuple[Person, ...]:
    """'Staatssecretaris Van Marum (Binnenlandse Zaken) en van Minister Hermans (Klimaat)' → people."""
    people = []
    for match in _ANSWERER.finditer(text):
        if not match.group("role"):
            continue
        people.append(
            Person(
                name=match.group("name").strip(),
                role=match.group("role").lower(),
                portfolio=match.group("portfolio").strip(),
            )
        )
    return tuple(people)


# Plain: ,\s+(?=(?:de|het)\s)|\s+en\s+(?=(?:de|het)\s+(?:minister|staatssecretaris))
_ADDRESSEES_SEPARATOR = re.compile(
    rf",\s++(?=(?:de|het)\s)|{_EDGE}\s++en\s++(?=(?:de|het)\s++(?:minister|staatssecretaris))", re.I
)


def _addressees(text: str) -> tuple[str, ...]:
    parts = _ADDRESSEES_SEPARATOR.split(text)
    return tuple(p.strip() for p in parts if p.strip())


Update = Callable[[Metadata, re.Match[str]], Metadata]


@dataclass(frozen=True, slots=True)
class Recognizer:
    name: str
    pattern: re.Pattern[str]
    update: Update
    examples: tuple[str, ...]
    # A row any number of lines may match: the tuple field of Metadata its group of that name is added
    # to, gathered over all lines and set once (a tuple grown match by match is copied for each).
    gather: str = ""


def _questions_line(meta: Metadata, m: re.Match[str]) -> Metadata:
    return replace(
        meta,
        askers=meta.askers or parse_askers(m.group("askers")),
        addressees=meta.addressees or _addressees(m.group("to")),
        subject=meta.subject or m.group("subject").strip().rstrip(".").strip(),
        submitted=meta.submitted or iso_date(m.group("tail") or ""),
        oral=meta.oral or bool(m.group("oral")),
    )


def _answer_line(meta: Metadata, m: re.Match[str]) -> Metadata:
    people = parse_answerers(m.group("who"))
    ministry = meta.ministry or (people[0].portfolio if people else "")
    return replace(
        meta,
        answered_by=meta.answered_by or people,
        date=meta.date or iso_date(m.group(0)),
        ministry=ministry,
    )


def _rule(name: str, pattern: str, update: Update, *examples: str, gather: str = "") -> Recognizer:
    return Recognizer(name, re.compile(pattern, re.IGNORECASE | re.DOTALL), update, examples, gather)


# "(ingezonden …)" at the end of a questions line, where a subject stops. Plain: the subject .+? and then
# \s*(?P<tail>\(ingezonden[^)]*\)\s*\.?)?$. The subject steps over an "(ingezonden" that cannot end the
# line (its parenthesis closes before more text, or never) to its closing parenthesis at once, rather
# than trying each "(ingezonden" inside it, each reading on to the same parenthesis.
_NO_TAIL = r"\(ingezonden(?:[^)\s]++|\s++(?=[^)\s]))*+(?!\s*+\)\s*+\.?$)"
_SUBJECT = rf"(?P<subject>(?>{_NO_TAIL}|.)+?){_EDGE}\s*+(?P<tail>\(ingezonden[^)]*+\)\s*+\.?)?$"

# "… ingezonden op 10 maart 2025": a submission date without parentheses.
_SUBMITTED_ON = r"ingezonden\s+op\s+(?P<date2>\d{1,2}\s+\w+\s+\d{4})"


RECOGNIZERS: tuple[Recognizer, ...] = (
    _rule(
        "questions",
        # Plain: ^…(?:lid|leden)\s+(?P<askers>.+?)\s+aan\s+(?P<to>(?:de|het)\s.+?)\s+over\s+ and the subject.
        # The askers end at the first " aan de" or " aan het": where the rest fails after it, it fails after
        # any later one, so that one is kept (atomic group). Places inside whitespace allowed by name: after
        # askers of one space ("leden   aan"), after an addressee of "de" and a space ("aan de   over").
        r"^(?P<oral>Mondelinge\s+)?Vra(?:ag|gen)\s+van\s+(?:het|de)\s+(?:lid|leden)(?:\s++|\s+(?=\s\saan\s))"
        rf"(?>(?P<askers>.+?)(?:{_EDGE}|(?=\saan\s))\s+aan\s++(?=(?:de|het)\s))"
        rf"(?P<to>(?:de|het)\s.+?)(?:{_EDGE}|(?<=de\s\s)|(?<=het\s\s))\s+over(?:\s++|\s+(?=\s(?!\s)))" + _SUBJECT,
        _questions_line,
        "Vragen van de leden Kathmann en Nordkamp (beiden GroenLinks-PvdA) aan de staatssecretarissen van "
        "Defensie en van Binnenlandse Zaken en Koninkrijksrelaties over het werkbezoek",
        "Vraag van het lid Van Houwelingen (FVD) aan de Minister van Justitie en Veiligheid over "
        "correspondentie tussen de NCTV en de NAVO (ingezonden 1 oktober 2024).",
    ),
    _rule(
        "answered by",
        # Plain: ^…(?:Antwoord|Mededeling)\s+van\s+(?P<who>.+?)(?:\(ontvangen\s+[^)]*\)). Where "(ontvangen …"
        # is not closed after the first character of the name, no later one is: the name stops there.
        r"^(?:(?:Nader|Aanvullend)\s+)?(?:Antwoord|Mededeling)\s+van(?:\s++|\s+(?=\s(?!\s)))"
        r"(?P<who>.(?:[^(]|\((?!ontvangen\s))*?)\(ontvangen\s[^)]*+\)",
        _answer_line,
        "Antwoord van minister Hermans (Klimaat en Groene Groei) (ontvangen 19 november 2024)",
        "Antwoord van staatssecretaris Karremans (Volksgezondheid, Welzijn en Sport (ontvangen 20 november 2024)",
        "Nader antwoord van minister Faber (Asiel en Migratie) (ontvangen 2 december 2024)",
    ),
    _rule(
        "supplement",
        r"^(?:Betreft\s+)?(?:Nader(?:e)?|Aanvullend(?:e)?)\s+(?:antwoord(?:en)?|beantwoording)\b",
        lambda meta, m: replace(meta, supplement=True),
        "Nader antwoord van minister Faber (Asiel en Migratie) (ontvangen 2 december 2024)",
        "Nadere beantwoording schriftelijke vragen over de opvang in Assen",
        "Betreft Aanvullende antwoorden op Kamervragen over Nutri-Score",
    ),
    _rule(
        "tweede kamer document number",
        r"^(?:(?:Tweede\s+Kamer\s+)?documentnummer:?\s*|\d{4}Z\s?\d{5}\s*/\s*)(?P<doc>\d{4}D\s?\d{5})$",
        lambda meta, m: replace(meta, document=meta.document or m.group("doc").replace(" ", "")),
        "2024Z14814/2024D45678",
        "Documentnummer: 2024D45678",
        "Tweede Kamer documentnummer 2024D 45678",
    ),
    _rule(
        "submitted",
        # Plain: \(ingezonden\s+(?P<date>[^)]*)\)|ingezonden\s+op\s+(?P<date2>…). After an "(ingezonden" that
        # is never closed, no other is: from there only "ingezonden op" is looked for.
        _first(
            r"\(ingezonden\s++(?P<date>[^)]*+)\)|" + _SUBMITTED_ON,
            r"\((?=ingezonden\s[^)]*+\Z)(?:(?!" + _SUBMITTED_ON + r").)*+",
            "(i",
        ),
        lambda meta, m: replace(meta, submitted=meta.submitted or iso_date(m.group("date") or m.group("date2") or "")),
        "(ingezonden 10 maart 2025)",
        "Deze vragen werden ingezonden op 10 maart 2025 met kenmerk 2025Z04271.",
    ),
    _rule(
        "aanhangsel number",
        r"^AH\s+(?P<number>\d+)$",
        lambda meta, m: replace(meta, aanhangsel_number=meta.aanhangsel_number or m.group("number")),
        "AH 613",
    ),
    _rule(
        "see also",
        r"Zie ook (?P<see_also>Aanhangsel Handelingen,\s*vergaderjaar\s*\d{4}[–-]\d{4},\s*nr\.\s*\d+)",
        lambda meta, m: replace(meta, see_also=(*meta.see_also, m.group("see_also"))),
        "Zie ook Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 375",
        gather="see_also",
    ),
    _rule(
        "on behalf of",
        # Plain: mede namens (?P<who>(?:de|het)\s[^,(]+?)(?:,|\s+de antwoorden|\s*\(ontvangen). Where that
        # fails, it fails for every "mede namens" up to the next "," or "(".
        _first(
            r"mede namens (?P<who>(?:de|het)\s[^,(]+?)"
            rf"(?:,|(?:{_EDGE}|(?<=de\s\s)|(?<=het\s\s))(?:\s++de antwoorden|\s*+\(ontvangen))",
            r"mede namens (?:de|het)\s[^,(]*+",
            "m",
        ),
        lambda meta, m: replace(meta, on_behalf_of=meta.on_behalf_of or (m.group("who"),)),
        "Hierbij bied ik, mede namens de Staatssecretaris van Digitalisering en Koninkrijksrelaties, de antwoorden aan",
        "Antwoord van Minister Veldkamp (Buitenlandse Zaken), mede namens de Minister voor Buitenlandse Handel en "
        "Ontwikkelingshulp (ontvangen 18 november 2024).",
    ),
    _rule(
        "askers in a cover letter or notice",
        # Plain: \bde\s+leden\s+(?P<askers>[^()]+?\((?:beiden?|allen)\s[^)]+\)). Where that fails, it fails
        # for every "de leden" up to the next parenthesis, and for all after it if that one never closes.
        _first(
            r"\bde\s+leden(?:\s++|\s+(?=\s(?!\s)))(?P<askers>[^()]+?\((?:beiden?|allen)\s[^)]++\))",
            r"\bde\s+leden\s[^()]*+(?:\((?:beiden?|allen)\s[^)]*+\Z)?",
            "d",
        ),
        lambda meta, m: replace(meta, askers=meta.askers or parse_askers(m.group("askers"))),
        "Op 6 november jl. hebben de leden Gabriëls en Bromet (beiden GroenLinks-PvdA) schriftelijke vragen gesteld",
    ),
    _rule(
        "questions named in a notice",
        # Plain: …aan\s+(?P<to>(?:de|het)\s.+?)\s+over\s+(?P<subject>.+?)\s*(?:\(\d{4}Z\s?\d{5}\)|\.(?:\s|$)).
        # Where the rest fails after the first " over", it fails after any later one (atomic group); where
        # it fails after one "schriftelijke vragen gesteld aan de", it fails after every later one.
        _first(
            r"schriftelijke\s+vragen\s+gesteld\s+aan\s+"
            rf"(?>(?P<to>(?:de|het)\s.+?)(?:{_EDGE}|(?<=de\s\s)|(?<=het\s\s))\s+over(?=\s))"
            rf"(?:\s++|\s+(?=\s(?!\s)))(?P<subject>.+?){_EDGE}\s*+"
            r"(?:\(\d{4}Z\s?\d{5}\)|\.(?:\s|$))",
            r"schriftelijke\s+vragen\s+gesteld\s+aan\s+(?:de|het)\s.*",
            "s",
        ),
        lambda meta, m: replace(
            meta,
            subject=meta.subject or m.group("subject").strip(),
            addressees=meta.addressees or _addressees(m.group("to")),
        ),
        "Op 6 november jl. hebben de leden Gabriëls en Bromet (beiden GroenLinks-PvdA) schriftelijke vragen gesteld "
        "aan de minister van Landbouw, Visserij, Voedselzekerheid en Natuur over de berichten dat Zeeuwse buffels te "
        "veel PFAS binnenkrijgen.",
    ),
    _rule(
        "ministry",
        r"^Ministerie van (?P<name>.+)$",
        lambda meta, m: replace(meta, ministry=meta.ministry or m.group("name").strip()),
        "Ministerie van Defensie",
    ),
)

# Letterhead cells: a caption cell, then its value in the next cell.
CAPTIONS: dict[str, Callable[[Metadata, str], Metadata]] = {
    "datum": lambda meta, v: replace(meta, date=meta.date or iso_date(v)),
    "betreft": lambda meta, v: replace(meta, subject=meta.subject or v.rstrip(".")),
    "onze referentie": lambda meta, v: replace(meta, reference=meta.reference or v),
    "kenmerk": lambda meta, v: replace(meta, reference=meta.reference or v),
    "ons kenmerk": lambda meta, v: replace(meta, reference=meta.reference or v),
    "documentnummer": lambda meta, v: replace(meta, document=meta.document or _document_number(v)),
}


def read_metadata(lines: Sequence[str], facts: Sequence[tuple[str, str]]) -> Metadata:
    """Apply every recognizer to the header lines, then the letterhead captions and the signature."""
    meta = Metadata()
    gathered: dict[str, list[str]] = {}
    for text in lines:
        for recognizer in RECOGNIZERS:
            match = recognizer.pattern.search(text)
            if match and recognizer.gather:
                gathered.setdefault(recognizer.gather, []).append(match.group(recognizer.gather))
            elif match:
                meta = recognizer.update(meta, match)
    changes: dict[str, Any] = {field: (*getattr(meta, field), *values) for field, values in gathered.items()}
    meta = replace(meta, **changes)
    for caption, value in pairwise(lines):
        update = CAPTIONS.get(caption.strip().lower())
        if update:
            meta = update(meta, value.strip())
    meta = _signature(meta, lines)
    for key, value in facts:
        if key == "page-id" and value.startswith("ah-tk-"):
            meta = replace(meta, aanhangsel=value)
        elif (key == "page-id" and value.startswith("kv-tk-")) or key == "zaak":
            meta = replace(meta, zaak=meta.zaak or zaak_number(value))
        elif key == "aanhangsel-number":
            meta = replace(meta, aanhangsel_number=value)
        elif key in CAPTIONS:  # a letterhead caption read from a Word file's header
            meta = CAPTIONS[key](meta, value)
    if not meta.zaak:
        meta = replace(meta, zaak=next((zaak_number(t) for t in lines if zaak_number(t)), ""))
    if not meta.ministry and meta.addressees:
        meta = replace(meta, ministry=_department(meta.addressees[0]))
    if meta.aanhangsel and not meta.aanhangsel_number:
        meta = replace(meta, aanhangsel_number=meta.aanhangsel.rsplit("-", 1)[-1])
    if meta.aanhangsel_number and not meta.aanhangsel and meta.date:
        meta = replace(meta, aanhangsel=f"ah-tk-{session_year(meta.date)}-{meta.aanhangsel_number}")
    return meta


def _document_number(text: str) -> str:
    match = re.fullmatch(r"(\d{4})D\s?(\d{5})", text.strip())
    return f"{match.group(1)}D{match.group(2)}" if match else ""


def _signature(meta: Metadata, lines: Sequence[str]) -> Metadata:
    """'Hoogachtend,' then 'DE STAATSSECRETARIS VAN DEFENSIE' then 'Gijs Tuinman'."""
    for index, text in enumerate(lines):
        if text.strip().lower().rstrip(",") in {"hoogachtend", "met vriendelijke groet"}:
            role_line = lines[index + 1].strip() if index + 1 < len(lines) else ""
            name = lines[index + 2].strip() if index + 2 < len(lines) else ""
            role = re.match(
                rf"^(?:DE|HET)\s+(?P<role>{ROLE})\s+(?:VAN|VOOR)\s+(?P<portfolio>.+)$",
                role_line,
                re.I,
            )
            if role and name and not meta.answered_by:
                portfolio = _title_case(role.group("portfolio"))
                person = Person(name=name, role=role.group("role").lower(), portfolio=portfolio)
                meta = replace(meta, answered_by=(person,))
    return meta


# The departments and portfolios that answer Kamervragen, as the Rijksoverheid writes them.
DEPARTMENTS: tuple[str, ...] = (
    "Algemene Zaken",
    "Asiel en Migratie",
    "Binnenlandse Zaken en Koninkrijksrelaties",
    "Buitenlandse Handel en Ontwikkelingshulp",
    "Buitenlandse Zaken",
    "Defensie",
    "Digitalisering en Koninkrijksrelaties",
    "Economische Zaken",
    "Financiën",
    "Infrastructuur en Waterstaat",
    "Justitie en Veiligheid",
    "Klimaat en Groene Groei",
    "Landbouw, Visserij, Voedselzekerheid en Natuur",
    "Onderwijs, Cultuur en Wetenschap",
    "Sociale Zaken en Werkgelegenheid",
    "Volksgezondheid, Welzijn en Sport",
    "Volkshuisvesting en Ruimtelijke Ordening",
)


def _department(addressee: str) -> str:
    """The first department an addressee names: 'de minister van Sociale Zaken en …' → 'Sociale Zaken en …'."""
    lowered = re.sub(r"\s+", " ", addressee).lower()
    found = [(lowered.find(d.lower()), -len(d), d) for d in DEPARTMENTS if d.lower() in lowered]
    return min(found)[2] if found else ""


def _title_case(text: str) -> str:
    """'BINNENLANDSE ZAKEN EN KONINKRIJKSRELATIES' → 'Binnenlandse Zaken en Koninkrijksrelaties'."""
    small = {"en", "van", "voor", "de", "het"}
    words = text.lower().split()
    return " ".join(w if w in small and i else w.capitalize() for i, w in enumerate(words))
