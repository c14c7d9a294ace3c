"""Metadata recognizers: the header lines of a letter → Zaak, dates, askers, answerers, ministry.

Every recognizer is a row of RECOGNIZERS with the examples it was written for; tests run them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from ..dates import iso_date, session_year
from ..model import Metadata, Person

ZAAK = re.compile(r"\b(\d{4})Z\s?(\d{5})\b")
ROLE = r"(?:minister(?:-president)?|staatssecretaris)"


def zaak_number(text: str) -> str:
    """'2024Z 17972' → '2024Z17972' (the space is a known break in some letters)."""
    match = ZAAK.search(text)
    return f"{match.group(1)}Z{match.group(2)}" if match else ""


def parse_askers(text: str) -> tuple[Person, ...]:
    """'Sneller , Bamenga (allen D66) en Gabriëls (GroenLinks-PvdA)' → members with their party."""
    people: list[Person] = []
    pending: list[str] = []
    for piece in re.split(r"\s*(?:,|\s&\s|\sen\s)\s*(?![^()]*\))", " " + text + " "):
        match = re.match(
            r"^\s*(?P<name>[^()]*?)\s*(?:\((?:(?:beiden|beide|allen)\s+)?(?P<party>[^)]*)\))?\s*$",
            piece,
        )
        if not match or not match.group("name"):
            continue
        pending.append(match.group("name"))
        if match.group("party"):
            people.extend(Person(name=name, party=match.group("party").strip()) for name in pending)
            pending = []
    people.extend(Person(name=name) for name in pending)
    return tuple(people)


def parse_answerers(text: str) -> tuple[Person, ...]:
    """'Staatssecretaris Van Marum (Binnenlandse Zaken) en van Minister Hermans (Klimaat)' → people."""
    people = []
    # The portfolio's closing parenthesis is sometimes missing: "(Volksgezondheid, … Sport (ontvangen".
    pattern = (
        rf"(?P<role>{ROLE})\s+(?P<name>[^()]+?)\s*"
        r"\((?P<portfolio>[^()]*(?:\([^()]*\))?[^()]*?)(?:\)|(?=\s*\(ontvangen))"
    )
    for match in re.finditer(pattern, text, re.IGNORECASE):
        people.append(
            Person(
                name=match.group("name").strip(),
                role=match.group("role").lower(),
                portfolio=match.group("portfolio").strip(),
            )
        )
    return tuple(people)


def _addressees(text: str) -> tuple[str, ...]:
    parts = re.split(
        r",\s+(?=(?:de|het)\s)|\s+en\s+(?=(?:de|het)\s+(?:minister|staatssecretaris))",
        text,
        flags=re.I,
    )
    return tuple(p.strip() for p in parts if p.strip())


Update = Callable[[Metadata, re.Match[str]], Metadata]


@dataclass(frozen=True, slots=True)
class Recognizer:
    name: str
    pattern: re.Pattern[str]
    update: Update
    examples: tuple[str, ...]


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


def _rule(name: str, pattern: str, update: Update, *examples: str) -> Recognizer:
    return Recognizer(name, re.compile(pattern, re.IGNORECASE | re.DOTALL), update, examples)


RECOGNIZERS: tuple[Recognizer, ...] = (
    _rule(
        "questions",
        r"^(?P<oral>Mondelinge\s+)?Vra(?:ag|gen)\s+van\s+(?:het|de)\s+(?:lid|leden)\s+(?P<askers>.+?)\s+aan\s+"
        r"(?P<to>(?:de|het)\s.+?)\s+over\s+(?P<subject>.+?)\s*(?P<tail>\(ingezonden[^)]*\)\s*\.?)?$",
        _questions_line,
        "Vragen van de leden Kathmann en Nordkamp (beiden GroenLinks-PvdA) aan de staatssecretarissen van "
        "Defensie en van Binnenlandse Zaken en Koninkrijksrelaties over het werkbezoek",
        "Vraag van het lid Van Houwelingen (FVD) aan de Minister van Justitie en Veiligheid over "
        "correspondentie tussen de NCTV en de NAVO (ingezonden 1 oktober 2024).",
    ),
    _rule(
        "answered by",
        r"^(?:(?:Nader|Aanvullend)\s+)?(?:Antwoord|Mededeling)\s+van\s+(?P<who>.+?)(?:\(ontvangen\s+[^)]*\))",
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
        r"\(ingezonden\s+(?P<date>[^)]*)\)|ingezonden\s+op\s+(?P<date2>\d{1,2}\s+\w+\s+\d{4})",
        lambda meta, m: replace(meta, submitted=meta.submitted or iso_date(m.group(0))),
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
        r"Zie ook (?P<ref>Aanhangsel Handelingen,\s*vergaderjaar\s*\d{4}[–-]\d{4},\s*nr\.\s*\d+)",
        lambda meta, m: replace(meta, see_also=(*meta.see_also, m.group("ref"))),
        "Zie ook Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 375",
    ),
    _rule(
        "on behalf of",
        r"mede namens (?P<who>(?:de|het)\s[^,(]+?)(?:,|\s+de antwoorden|\s*\(ontvangen)",
        lambda meta, m: replace(meta, on_behalf_of=meta.on_behalf_of or (m.group("who"),)),
        "Hierbij bied ik, mede namens de Staatssecretaris van Digitalisering en Koninkrijksrelaties, de antwoorden aan",
        "Antwoord van Minister Veldkamp (Buitenlandse Zaken), mede namens de Minister voor Buitenlandse Handel en "
        "Ontwikkelingshulp (ontvangen 18 november 2024).",
    ),
    _rule(
        "askers in a cover letter or notice",
        r"\bde\s+leden\s+(?P<askers>[^()]+?\((?:beiden?|allen)\s[^)]+\))",
        lambda meta, m: replace(meta, askers=meta.askers or parse_askers(m.group("askers"))),
        "Op 6 november jl. hebben de leden Gabriëls en Bromet (beiden GroenLinks-PvdA) schriftelijke vragen gesteld",
    ),
    _rule(
        "questions named in a notice",
        r"schriftelijke\s+vragen\s+gesteld\s+aan\s+(?P<to>(?:de|het)\s.+?)\s+over\s+(?P<subject>.+?)"
        r"\s*(?:\(\d{4}Z\s?\d{5}\)|\.(?:\s|$))",
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
    for text in lines:
        for recognizer in RECOGNIZERS:
            match = recognizer.pattern.search(text)
            if match:
                meta = recognizer.update(meta, match)
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
