"""Linear time on hostile input: every recognizer on 1 MB of each shape that made it super-linear.

The shapes repeat what a pattern alternates over ("aan de minister", "(ingezonden", "mede namens de",
"minister"), leave a parenthesis open, or run separators, whitespace or digits on. Nothing here is
timed. Each test checks the result on 1 MB, where the patterns before took minutes to years (the
reported askers line: 54 s at 320 KB; a question label of 73 characters: 30 s, doubling with every
separator more), under a guard that fails a test still running after a minute instead of letting it
hang. The work itself is bounded by construction (`metadata.py` says how) and counted where it is a
scan of our own (the trimming of a web address, the see-also lines); that the linear patterns still
find what the plain ones found is checked on thousands of generated lines near each of them.
"""

from __future__ import annotations

import functools
import random
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from types import FrameType
from typing import Any

import pytest

from kamervragen.convert import convert_bytes
from kamervragen.dates import iso_date
from kamervragen.linking import crossrefs, weblinks
from kamervragen.linking.references import REFERENCE_KINDS
from kamervragen.model import Letter, Link, LinkKind, Metadata, Person, links_of
from kamervragen.readers.blocks import SourceBlock
from kamervragen.structure import labels, metadata
from kamervragen.structure.tokens import TokenKind, tokenize

from .large import TEMPLATES

MB = 1_000_000
LIMIT = 60  # seconds: a few at most for the linear code, against minutes to years for the code before
SPACES = " " * MB


@pytest.fixture(autouse=True)
def hang_guard() -> Iterator[None]:
    """Fail a test still running after LIMIT seconds: a guard against a hang, not a timing (the
    regular expression engine checks for signals while it backtracks)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        pytest.fail(f"still running after {LIMIT} s: not linear time")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def repeated(piece: str, size: int = MB) -> str:
    """`piece` repeated to at least `size` characters."""
    return piece * -(-size // len(piece))


Groups = dict[str, Any]


def groups(match: re.Match[str] | None) -> Groups | None:
    return match.groupdict() if match else None


def found(row: str, line: str) -> Groups | None:
    """The groups the metadata row `row` finds in `line`."""
    return groups(next(r.pattern for r in metadata.RECOGNIZERS if r.name == row).search(line))


# --- metadata: the questions line ----------------------------------------------------------------


def test_questions_line_with_aan_de_minister_repeated() -> None:
    aan = repeated(" aan de minister")  # the report: 54 s at 320 KB
    assert found("questions", "Vragen van de leden Jan" + aan) is None
    assert found("questions", "Vragen van de leden Jan" + aan + " over de Nutri-Score") == {
        "oral": None,
        "askers": "Jan",
        "to": aan.removeprefix(" aan "),
        "subject": "de Nutri-Score",
        "tail": None,
    }


def test_questions_line_with_whitespace_around_the_askers_and_addressees() -> None:
    line = "Vragen van de leden" + SPACES + "Jan" + SPACES + "en Piet aan de minister" + SPACES + "van Defensie over x"
    assert found("questions", line) == {
        "oral": None,
        "askers": "Jan" + SPACES + "en Piet",
        "to": "de minister" + SPACES + "van Defensie",
        "subject": "x",
        "tail": None,
    }
    assert found("questions", "Vragen van de leden" + SPACES + "x aan de y") is None  # no subject
    # Askers that are only whitespace, as the plain pattern found them (a space given back)
    assert found("questions", "Vragen van de leden" + SPACES + "aan de minister over x") == {
        "oral": None,
        "askers": " ",
        "to": "de minister",
        "subject": "x",
        "tail": None,
    }


def test_questions_subject_with_whitespace_and_ingezonden_never_closed() -> None:
    head = "Vragen van de leden Jan aan de minister over x"
    assert found("questions", head + SPACES + "y") == {
        "oral": None,
        "askers": "Jan",
        "to": "de minister",
        "subject": "x" + SPACES + "y",
        "tail": None,
    }
    assert (found("questions", head + SPACES) or {})["subject"] == "x"
    unclosed = repeated(" (ingezonden")
    assert (found("questions", head + unclosed) or {})["subject"] == "x" + unclosed
    # Closed at the end of the line: the first "(ingezonden" starts the tail
    closed = head + unclosed + " 1 mei 2024)."
    assert (found("questions", closed) or {})["tail"] == (unclosed + " 1 mei 2024).").removeprefix(" ")
    assert metadata.read_metadata([closed], ()).submitted == "2024-05-01"


# --- metadata: answerers, submission, notices ------------------------------------------------------


def test_answered_by_with_ontvangen_never_closed() -> None:
    ontvangen = repeated("(ontvangen ")
    assert found("answered by", "Antwoord van " + ontvangen) is None
    assert found("answered by", "Antwoord van " + ontvangen + ")") == {"who": "(ontvangen "}
    line = "Antwoord van" + SPACES + "minister Jan (Financiën) (ontvangen 1 mei 2024)"
    assert found("answered by", line) == {"who": "minister Jan (Financiën) "}


def test_answerers_with_the_role_repeated() -> None:
    ministers = repeated("minister ")
    assert metadata.parse_answerers(ministers) == ()
    assert metadata.parse_answerers(ministers + "Jan (Financiën)") == (
        Person(name=ministers.removeprefix("minister ") + "Jan", role="minister", portfolio="Financiën"),
    )
    assert metadata.parse_answerers(repeated("minister (x ")) == ()
    assert metadata.parse_answerers("minister" + SPACES + "Jan" + SPACES + "(Financiën)") == (
        Person(name="Jan", role="minister", portfolio="Financiën"),
    )


def test_answerer_portfolio_never_closed() -> None:
    portfolio = "b" * MB
    assert metadata.parse_answerers("minister Jan (" + portfolio) == ()
    assert metadata.parse_answerers("minister Jan (" + portfolio + SPACES + "(ontvangen") == (
        Person(name="Jan", role="minister", portfolio=portfolio),
    )


def test_submitted_with_ingezonden_never_closed() -> None:
    ingezonden = repeated("(ingezonden ")
    assert found("submitted", ingezonden) is None
    assert metadata.read_metadata([ingezonden + "ingezonden op 1 mei 2024"], ()).submitted == "2024-05-01"
    assert metadata.read_metadata(["(ingezonden" + SPACES + "1 mei 2024)"], ()).submitted == "2024-05-01"


def test_on_behalf_of_repeated() -> None:
    namens = repeated("mede namens de minister ")
    assert found("on behalf of", namens) is None
    assert found("on behalf of", namens + ",") == {"who": namens.removeprefix("mede namens ")}
    line = "mede namens de" + SPACES + "minister" + SPACES + "(ontvangen"
    assert found("on behalf of", line) == {"who": "de" + SPACES + "minister"}


def test_askers_of_a_notice_repeated() -> None:
    assert found("askers in a cover letter or notice", repeated("de leden Jan ")) is None
    beiden = repeated("de leden Jan (beiden D66 ")
    assert found("askers in a cover letter or notice", beiden) is None
    row = "askers in a cover letter or notice"
    assert found(row, beiden + ")") == {"askers": beiden.removeprefix("de leden ") + ")"}
    assert found(row, "de leden" + SPACES + "Jan (beiden D66)") == {"askers": "Jan (beiden D66)"}


def test_questions_named_in_a_notice_repeated() -> None:
    gesteld = repeated("schriftelijke vragen gesteld aan de minister over x ")
    assert found("questions named in a notice", gesteld) is None
    assert found("questions named in a notice", gesteld + ".") == {
        "to": "de minister",
        "subject": gesteld.removeprefix("schriftelijke vragen gesteld aan de minister over ").rstrip(),
    }


def test_see_also_lines_are_gathered_not_copied_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work counted: the references the see-also rows find are copied into the metadata once, not
    once for every line after them (a tuple grown line by line: n²/2 copies)."""
    copied = 0

    def counting_replace(meta: Metadata, **changes: Any) -> Metadata:
        nonlocal copied
        copied += len(changes.get("see_also", ()))
        return replace(meta, **changes)

    monkeypatch.setattr(metadata, "replace", counting_replace)
    lines = [f"Zie ook Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. {n}" for n in range(MB // 64)]
    assert metadata.read_metadata(lines, ()).see_also == tuple(line.removeprefix("Zie ook ") for line in lines)
    assert copied == len(lines)


# --- metadata: askers and addressees ---------------------------------------------------------------


def test_askers_with_many_separators_and_whitespace() -> None:
    assert metadata.parse_askers("Jan" + "," * MB + " Piet") == (Person("Jan"), Person("Piet"))
    assert metadata.parse_askers("Jan" + SPACES + "Piet") == (Person("Jan" + SPACES + "Piet"),)
    assert metadata.parse_askers(repeated("Jan en ")) == (Person("Jan"),) * (len(repeated("Jan en ")) // 7)
    # Separators inside parentheses do not split: the party of one asker
    party = repeated("D66, ")
    assert metadata.parse_askers("Jan (beiden " + party + ")") == (Person("Jan", party=party.rstrip()),)
    assert metadata.parse_askers("Jan" + SPACES + "(D66") == ()  # a parenthesis never closed: no asker


def test_addressees_with_whitespace() -> None:
    assert metadata._addressees("de minister" + SPACES + "en de staatssecretaris") == (
        "de minister",
        "de staatssecretaris",
    )
    assert metadata._addressees("de minister," + SPACES + "x") == ("de minister," + SPACES + "x",)


# --- labels, references to other answers, tokens ---------------------------------------------------


def test_question_label_with_many_separators() -> None:
    labels.match_label.cache_clear()
    assert labels.match_label("Vraag 1" + repeated(",  1") + " x") is None  # plain: 30 s at 73 characters
    label = labels.match_label("Vraag 1" + repeated(",  2"))
    assert label is not None
    assert label.numbers == (1, 2)
    assert labels.match_label("Vraag 1," + SPACES + "x") is None
    answer = labels.match_label("Antwoord op vraag" + SPACES + "1 en" + SPACES + "2")
    assert answer is not None
    assert answer.numbers == (1, 2)
    assert labels.parse_numbers(repeated("1 t/m 3, ")) == (1, 2, 3)
    labels.match_label.cache_clear()


def test_references_to_other_answers_with_many_separators() -> None:
    numbers = [n for _, _, n in crossrefs.find_question_numbers("zie vraag 1," + SPACES + "2 van het lid")]
    assert numbers == [1]  # "2 van het lid" is a question of another letter
    twos = repeated(",  2")
    numbers = [n for _, _, n in crossrefs.find_question_numbers("vraag 1" + twos + " van het lid")]
    assert numbers == [1] + [2] * (len(twos) // 4 - 1)


def test_tokens_on_runs() -> None:
    numbered = tokenize(SourceBlock(1, ("1." + SPACES + "Kunt u dat toelichten?",)))
    assert (numbered.kind, numbered.number) == (TokenKind.NUMBERED, 1)
    remark = tokenize(SourceBlock(1, ("Deze vragen dienen " + repeated("naar ") + "aanleiding",)))
    assert remark.kind is TokenKind.REMARK
    assert tokenize(SourceBlock(1, ("[1]" + SPACES + "NOS",))).kind is TokenKind.SOURCE


# --- web addresses, parliamentary references, dates ------------------------------------------------


def test_web_address_followed_by_closing_parentheses_or_stops() -> None:
    # The report: 21 s with 200,000 parentheses
    assert list(weblinks.find_urls("https://example.org/a" + ")" * MB)) == [(0, 21, "https://example.org/a")]
    assert list(weblinks.find_urls("https://example.org/a" + "." * MB)) == [(0, 21, "https://example.org/a")]
    assert list(weblinks.find_urls("(https://example.org/a_(b)" + ")" * MB)) == [(1, 26, "https://example.org/a_(b)")]


class CountingStr(str):
    """A string that counts the characters read from it by index or slice."""

    read = 0

    def __getitem__(self, key: Any) -> str:
        part = str.__getitem__(self, key)
        CountingStr.read += len(part)
        return part


def test_a_web_address_is_trimmed_reading_each_character_at_most_four_times() -> None:
    """Work counted: trimming reads the address from its end once (three reads of each character it
    trims, and the slice it returns), besides counting its parentheses once; before, it counted them
    in the whole address again, and copied the address, for every character it trimmed."""
    CountingStr.read = 0
    address = CountingStr("https://example.org/a" + ")" * MB)
    assert weblinks._trim(address) == "https://example.org/a"
    assert CountingStr.read <= 4 * len(address)


def test_parliamentary_references_on_runs() -> None:
    texts = {
        "Kamerstuk" + SPACES + "x": 0,
        "1" * MB: 0,
        repeated("12345-"): 0,
        repeated("Aanhangsel Handelingen "): 0,
        repeated("Handelingen 2024/25, nr. 1, "): 0,
        "Kamerstuk" + SPACES + "31125-133": 2,  # with its prefix, and the bare number
        repeated("Stcrt. 2024, 1 "): len(repeated("Stcrt. 2024, 1 ")) // 15,
    }
    for text, count in texts.items():
        assert sum(1 for kind in REFERENCE_KINDS for _ in kind.pattern.finditer(text)) == count, text[:40]


def test_dates_on_runs() -> None:
    assert iso_date("1" + SPACES + "maart 2025") == "2025-03-01"
    assert iso_date("1" * MB) == ""
    assert iso_date(repeated("1 ") + "maart 2025") == "2025-03-01"
    assert iso_date(repeated("31 ") + "februari 2025") == ""


# --- whole letters ---------------------------------------------------------------------------------

TEMPLATE, ANSWER_START = TEMPLATES["docx-text"]


@dataclass(frozen=True)
class Hostile:
    """A corpus letter with one hostile line (1 MB) in its header or its first answer, and what the
    line adds to the letter: metadata and links (built when asked: each is a megabyte)."""

    where: str  # "header" (after "Zie ook …") or "answer"
    line: Callable[[], str]
    meta: Callable[[], dict[str, Any]] = dict
    links: Callable[[], list[Link]] = list
    questions: int = 13  # as the letter without the line

    def letter(self) -> bytes:
        lines = TEMPLATE.read_text(encoding="utf-8").split("\n")
        if self.where == "header":
            at = next(i for i, line in enumerate(lines) if line.startswith("Zie ook")) + 1
        else:
            at = lines.index(ANSWER_START) + 1
        return "\n".join([*lines[:at], self.line(), *lines[at:]]).encode()


def _web(address: str) -> list[Link]:
    return [Link(address, address, LinkKind.WEB)]


# The letters `scripts/bench --adversarial` times, one per shape.
LETTERS: dict[str, Hostile] = {
    "askers, ' aan de minister' repeated": Hostile(
        "header", lambda: "Vragen van de leden Jan" + repeated(" aan de minister")
    ),
    "askers after whitespace": Hostile(
        "header",
        lambda: "Vragen van de leden" + SPACES + "Jan aan de minister over x",
        lambda: {"askers": (Person("Jan"),), "addressees": ("de minister",), "subject": "x"},
    ),
    "askers between commas": Hostile(
        "header",
        lambda: "Vragen van de leden Jan" + "," * MB + " Piet aan de minister over x",
        lambda: {"askers": (Person("Jan"), Person("Piet")), "addressees": ("de minister",), "subject": "x"},
    ),
    "addressee with whitespace": Hostile(
        "header",
        lambda: "Vragen van de leden Jan aan de minister" + SPACES + "van Defensie over x",
        lambda: {
            "askers": (Person("Jan"),),
            "addressees": ("de minister" + SPACES + "van Defensie",),
            "subject": "x",
            "ministry": "Defensie",
        },
    ),
    "subject, '(ingezonden' repeated": Hostile(
        "header",
        lambda: "Vragen van de leden Jan aan de minister over x" + repeated(" (ingezonden"),
        lambda: {
            "askers": (Person("Jan"),),
            "addressees": ("de minister",),
            "subject": "x" + repeated(" (ingezonden"),
        },
    ),
    "submitted, '(ingezonden' repeated": Hostile("header", lambda: repeated("(ingezonden ")),
    "answered by, '(ontvangen' repeated": Hostile("header", lambda: "Antwoord van " + repeated("(ontvangen ")),
    "answerers, 'minister' repeated": Hostile(
        "header",
        lambda: "Antwoord van " + repeated("minister ") + "Jan (Financiën) (ontvangen 1 mei 2024)",
        lambda: {
            "answered_by": (
                Person(
                    name=repeated("minister ").removeprefix("minister ") + "Jan", role="minister", portfolio="Financiën"
                ),
            ),
            "ministry": "Financiën",
        },
    ),
    "on behalf of, 'mede namens' repeated": Hostile("header", lambda: repeated("mede namens de minister ")),
    "askers of a notice, 'de leden' repeated": Hostile("header", lambda: repeated("de leden Jan (beiden D66 ")),
    "notice, 'schriftelijke vragen gesteld' repeated": Hostile(
        "header", lambda: repeated("schriftelijke vragen gesteld aan de minister over x ")
    ),
    "web address and ')' repeated": Hostile(
        "answer", lambda: "Zie https://example.org/a" + ")" * MB, links=lambda: _web("https://example.org/a")
    ),
    "web address and '.' repeated": Hostile(
        "answer", lambda: "Zie https://example.org/a" + "." * MB, links=lambda: _web("https://example.org/a")
    ),
    "question label, ',  1' repeated": Hostile(
        "answer",
        lambda: "Vraag 1" + repeated(",  1") + " x",  # no label, but a reference to question 1, many times
        links=lambda: [Link("1", "#vraag-1", LinkKind.QUESTION)] * (len(repeated(",  1")) // 4 + 1),
    ),
    "reference to an answer, whitespace": Hostile(
        "answer",
        lambda: "zie vraag 1," + SPACES + "2 van het lid",
        links=lambda: [Link("1", "#vraag-1", LinkKind.QUESTION)],
    ),
}


@functools.cache
def _base() -> Letter:
    letter = convert_bytes(TEMPLATE.read_bytes(), TEMPLATE.name).letter
    assert letter is not None
    return letter


@pytest.mark.parametrize("name", LETTERS)
def test_a_1_mb_hostile_letter_converts_with_what_its_line_says(name: str) -> None:
    hostile = LETTERS[name]
    conversion = convert_bytes(hostile.letter(), "hostile.txt")
    assert conversion.diagnostics == ()  # in particular, every word of the line is on the page
    letter = conversion.letter
    assert letter is not None
    base = _base()
    assert letter.meta == replace(base.meta, **hostile.meta())
    assert len(letter.questions) == hostile.questions
    base_links = links_of(base)
    assert [link for link in links_of(letter) if link not in base_links] == hostile.links()


# --- the linear patterns find what the plain ones found --------------------------------------------

# The patterns as they were: what the linear ones must still find, compared on lines near each.
PLAIN_ROWS = {
    "questions": r"^(?P<oral>Mondelinge\s+)?Vra(?:ag|gen)\s+van\s+(?:het|de)\s+(?:lid|leden)\s+(?P<askers>.+?)\s+aan\s+"
    r"(?P<to>(?:de|het)\s.+?)\s+over\s+(?P<subject>.+?)\s*(?P<tail>\(ingezonden[^)]*\)\s*\.?)?$",
    "answered by": r"^(?:(?:Nader|Aanvullend)\s+)?(?:Antwoord|Mededeling)\s+van\s+(?P<who>.+?)"
    r"(?:\(ontvangen\s+[^)]*\))",
    "submitted": r"\(ingezonden\s+(?P<date>[^)]*)\)|ingezonden\s+op\s+(?P<date2>\d{1,2}\s+\w+\s+\d{4})",
    "on behalf of": r"mede namens (?P<who>(?:de|het)\s[^,(]+?)(?:,|\s+de antwoorden|\s*\(ontvangen)",
    "askers in a cover letter or notice": r"\bde\s+leden\s+(?P<askers>[^()]+?\((?:beiden?|allen)\s[^)]+\))",
    "questions named in a notice": r"schriftelijke\s+vragen\s+gesteld\s+aan\s+(?P<to>(?:de|het)\s.+?)\s+over\s+"
    r"(?P<subject>.+?)\s*(?:\(\d{4}Z\s?\d{5}\)|\.(?:\s|$))",
}
PLAIN_NUMBER_LIST = r"\d{1,3}(?:(?:\s*(?:,\s*(?:en\b)?|\ben\b|&|t/m|tot en met|[-–])\s*|\s+)\d{1,3}\b)*"


def plain_parse_askers(text: str) -> tuple[Person, ...]:
    people: list[Person] = []
    pending: list[str] = []
    for piece in re.split(r"\s*(?:,|\s&\s|\sen\s)\s*(?![^()]*\))", " " + text + " "):
        match = re.match(r"^\s*(?P<name>[^()]*?)\s*(?:\((?:(?:beiden|beide|allen)\s+)?(?P<party>[^)]*)\))?\s*$", piece)
        if not match or not match.group("name"):
            continue
        pending.append(match.group("name"))
        if match.group("party"):
            people.extend(Person(name=name, party=match.group("party").strip()) for name in pending)
            pending = []
    people.extend(Person(name=name) for name in pending)
    return tuple(people)


def plain_parse_answerers(text: str) -> tuple[Person, ...]:
    pattern = (
        rf"(?P<role>{metadata.ROLE})\s+(?P<name>[^()]+?)\s*"
        r"\((?P<portfolio>[^()]*(?:\([^()]*\))?[^()]*?)(?:\)|(?=\s*\(ontvangen))"
    )
    return tuple(
        Person(name=m.group("name").strip(), role=m.group("role").lower(), portfolio=m.group("portfolio").strip())
        for m in re.finditer(pattern, text, re.IGNORECASE)
    )


def plain_addressees(text: str) -> tuple[str, ...]:
    pattern = r",\s+(?=(?:de|het)\s)|\s+en\s+(?=(?:de|het)\s+(?:minister|staatssecretaris))"
    return tuple(p.strip() for p in re.split(pattern, text, flags=re.I) if p.strip())


def plain_trim(address: str) -> str:
    while address and (
        address[-1] in weblinks._TRAILING or (address[-1] == ")" and address.count("(") < address.count(")"))
    ):
        address = address[:-1]
    return address


WHITESPACE = ("", " ", "  ", "   ", "\t", "\n", " \n")


def near_misses(parts: Sequence[Sequence[str]], noise: Sequence[str], seed: str, count: int = 3000) -> Iterator[str]:
    """`count` lines made of one spelling of each part in turn ("_": a run of whitespace), each part
    now and then left out, doubled or replaced by noise: lines that match, and lines that nearly do."""
    generator = random.Random(seed)
    for _ in range(count):
        rate = generator.choice((0.0, 0.03, 0.1, 0.3))
        line = []
        for spellings in parts:
            part = generator.choice(spellings)
            part = generator.choice(WHITESPACE) if part == "_" else part
            roll = generator.random()
            if roll < rate:
                part = "".join(generator.choices(noise, k=generator.randint(0, 3)))
            elif roll < 1.5 * rate:
                part = ""
            elif roll < 2 * rate:
                part += part
            line.append(part)
        yield "".join(line)


_ = "_"
NEAR: dict[str, tuple[list[list[str]], list[str]]] = {
    "questions": (
        [
            ["", "Mondelinge "],
            ["Vragen", "Vraag"],
            [" ", "  "],
            ["van de", "van het"],
            [" ", "   ", "\n"],
            ["leden", "lid"],
            [_, " "],
            ["Jan", "", " ", "A en B (D66)", "  "],
            [_],
            ["aan", "AAN"],
            [_, " "],
            ["de", "het", "De"],
            [_, " "],
            ["minister", "", " ", "minister aan de x"],
            [_],
            ["over"],
            [_],
            ["iets", "", " ", "x (ingezonden y", "a.b", "(ingezonden"],
            [_],
            [
                "(ingezonden 1 mei 2024)",
                "(ingezonden 1 mei 2024",
                "(ingezonden (ingezonden 2 mei 2024)",
                "",
                "(ingezonden x) y",
            ],
            ["", ".", " .", ". ", "\n"],
        ],
        [" ", "  ", "aan", " aan ", "de", "het", " over ", "over", "(ingezonden", ")", "(", ".", "x", "\n", "de  "],
    ),
    "answered by": (
        [
            ["", "Nader ", "Aanvullend "],
            ["Antwoord", "Mededeling"],
            [" van"],
            [_, " "],
            ["minister Jan (Financiën)", "", " ", "(ontvangen 1 mei 2024) x"],
            [_],
            ["(ontvangen 1 mei 2024)", "(ontvangen 1 mei 2024", "(ontvangen)", "(ontvangen\t3 juni 2024)"],
            ["", ".", " x (ontvangen 2 mei 2024)"],
        ],
        [" ", "  ", "(ontvangen", "(", ")", "x", "\n", "(ontvangen ", "minister"],
    ),
    "submitted": (
        [
            ["", "x ", "(x) "],
            ["(ingezonden", "ingezonden op", "(ingezonden op"],
            [_, " "],
            ["1 mei 2024", "12 maart 2025", "x 3 juni 2023", "", "1 blah 2024"],
            [")", "", " )", " x"],
            ["", " ", "(ingezonden "],
            ["", "ingezonden op 4 juli 2022", "(ingezonden 5 mei 2021)"],
        ],
        [" ", "(", ")", "x", "(ingezonden ", "ingezonden op ", "1 mei 2024", "\n"],
    ),
    "on behalf of": (
        [
            ["", "x ", "mede namens "],
            ["mede namens "],
            ["de", "het", "De", "mij"],
            [_, " "],
            ["minister van X", "", " ", "staatssecretaris"],
            [_],
            [",", "de antwoorden", "(ontvangen 1 mei)", "(x)", ""],
            ["", " mede namens de y,", "x"],
        ],
        [" ", "  ", ",", "(", "(ontvangen", "de antwoorden", "x", "mede namens ", "\n"],
    ),
    "askers in a cover letter or notice": (
        [
            ["", "x ", "de leden "],
            ["de", "De"],
            [_, " "],
            ["leden"],
            [_, " "],
            ["A en B", "", " ", "A (x) B"],
            [_],
            ["(beiden D66)", "(beide D66)", "(allen GL)", "(beiden )", "(beiden D66", "(x)", "("],
            ["", ")", " de leden x (allen y)"],
        ],
        [" ", "  ", "(", ")", "x", "de leden ", "(beiden ", "\n", ","],
    ),
    "questions named in a notice": (
        [
            ["", "x "],
            ["schriftelijke vragen gesteld aan"],
            [_, " "],
            ["de", "het"],
            [_, " "],
            ["minister van X", "", " ", "minister over y"],
            [_],
            ["over"],
            [_],
            ["iets", "", " ", "a.b"],
            [_],
            [".", ". x", "(2024Z12345)", "(2024Z 12345)", "", ".\n"],
            ["", " schriftelijke vragen gesteld aan de x over y."],
        ],
        [" ", "  ", ".", "over", " over ", "(2024Z12345)", "x", "\n", "de  "],
    ),
}


@pytest.mark.parametrize("row", PLAIN_ROWS)
def test_each_metadata_row_finds_what_its_plain_pattern_found(row: str) -> None:
    plain = re.compile(PLAIN_ROWS[row], re.IGNORECASE | re.DOTALL)
    linear = next(r.pattern for r in metadata.RECOGNIZERS if r.name == row)
    parts, noise = NEAR[row]
    matched = 0
    for line in near_misses(parts, noise, row):
        before, now = plain.search(line), linear.search(line)
        assert groups(before) == groups(now), line
        if before and now and row == "submitted":  # the row read the plain pattern's whole match
            assert iso_date(before.group(0)) == iso_date(now.group("date") or now.group("date2") or "")
        matched += before is not None
    assert matched > 300  # the lines near the pattern include many it takes


ASKERS = ["Jan", " , ", ",", " & ", " en ", "  en  ", " (beiden D66)", "(allen GL, PvdA)", " (", ")", "(beide "]
ASKERS += ["  ", "&", "en"]
ANSWERERS = ["minister ", "Minister ", "staatssecretaris ", "minister-president ", "Jan", " ", "  ", "(Financiën)"]
ANSWERERS += ["(Financiën", "(VWS (ontvangen", " (ontvangen 1 mei", "(a (b) c)", ")", "(", " en van ", ", "]
ADDRESSEES = [",", ", ", " en ", "en", " ", "  ", "de", "het", "minister", "staatssecretaris", "x", "\n", "De", "EN"]
PARSERS: dict[str, tuple[Callable[[str], object], Callable[[str], object], list[str]]] = {
    "askers": (plain_parse_askers, metadata.parse_askers, ASKERS),
    "answerers": (plain_parse_answerers, metadata.parse_answerers, ANSWERERS),
    "addressees": (plain_addressees, metadata._addressees, ADDRESSEES),
}


@pytest.mark.parametrize("parser", PARSERS)
def test_the_parsers_find_what_their_plain_forms_found(parser: str) -> None:
    plain, linear, tokens = PARSERS[parser]
    for text in near_misses([tokens] * 12, tokens, parser):
        assert plain(text) == linear(text), text


SEPARATORS = [",", ", ", ",  ", " ", "  ", " en ", ", en ", ",en ", " & ", "&", " t/m ", " tot en met ", "-"]
SEPARATORS += [" – ", ",\n"]
NUMBERS = ["1", "2", "12", "123", "1234", "07", "x"]
LEADS = ["vraag ", "vragen ", "antwoord op vraag ", "antwoorden op de vragen ", "beantwoord in vraag ", "Vraag "]
LEADS += ["Antwoord ", "Antwoord op vragen ", "Antwoord vraag ", "Vragen ", "zie vraag "]
TAILS = ["", " van het lid", "  van  het  lid", " uit de brief", " van eerdere", ".", ": x", " x", "\n", "  "]


def number_lines(seed: str) -> Iterator[str]:
    """Labels and references to other answers, with up to six numbers and every separator."""
    parts = [LEADS, NUMBERS, *[[*SEPARATORS, ""], NUMBERS] * 6, TAILS]
    return near_misses(parts, [*SEPARATORS, *NUMBERS, "en", "x"], seed)


PLAIN_STYLES = [
    re.compile(style.pattern.pattern.replace(labels.NUMBER_LIST, PLAIN_NUMBER_LIST), re.IGNORECASE)
    for style in labels.LABEL_STYLES
]
PLAIN_PHRASE = re.compile(crossrefs.PHRASE.pattern.replace(labels.NUMBER_LIST, PLAIN_NUMBER_LIST), re.IGNORECASE)


def plain_label(line: str) -> tuple[str, Groups] | None:
    stripped = line.strip(" \t\u00a0")
    for style, pattern in zip(labels.LABEL_STYLES, PLAIN_STYLES, strict=True):
        match = pattern.match(stripped)
        if match:
            return style.name, match.groupdict()
    return None


def linear_label(line: str) -> tuple[str, Groups] | None:
    label = labels.match_label(line)
    match = label.style.pattern.match(line.strip(" \t\u00a0")) if label else None
    return (label.style.name, match.groupdict()) if label and match else None


def test_labels_and_references_to_answers_read_numbers_as_the_plain_list_did() -> None:
    assert labels.NUMBER_LIST in crossrefs.PHRASE.pattern
    assert sum(labels.NUMBER_LIST in style.pattern.pattern for style in labels.LABEL_STYLES) == 2
    labels.match_label.cache_clear()
    for line in number_lines("numbers"):
        assert plain_label(line) == linear_label(line), line
        assert [m.span("numbers") for m in PLAIN_PHRASE.finditer(line)] == [
            m.span("numbers") for m in crossrefs.PHRASE.finditer(line)
        ], line
    labels.match_label.cache_clear()


def test_web_addresses_are_trimmed_as_before() -> None:
    tokens = ["https://", "www.", "a.nl", "/x", "(", ")", ".", ",", ";", "!", "?", "»", "'", "x", "_(c)", "))"]
    for address in near_misses([tokens] * 10, tokens, "trim"):
        assert weblinks._trim(address) == plain_trim(address), address


# --- the hostile shapes themselves, at a size the plain code still finishes -----------------------


@dataclass(frozen=True)
class Shape:
    plain: Callable[[str], object]
    linear: Callable[[str], object]
    text: Callable[[int], str]  # the shape with its piece repeated n times


def _row(name: str, pattern: re.Pattern[str] | None = None) -> Callable[[str], object]:
    compiled = pattern or next(r.pattern for r in metadata.RECOGNIZERS if r.name == name)
    return lambda text: groups(compiled.search(text))


def _plain_row(name: str) -> Callable[[str], object]:
    return _row(name, re.compile(PLAIN_ROWS[name], re.IGNORECASE | re.DOTALL))


SHAPES = {
    "questions": Shape(
        _plain_row("questions"), _row("questions"), lambda n: "Vragen van de leden Jan" + " aan de x" * n
    ),
    "answered by": Shape(_plain_row("answered by"), _row("answered by"), lambda n: "Antwoord van " + "(ontvangen " * n),
    "submitted": Shape(_plain_row("submitted"), _row("submitted"), lambda n: "(ingezonden " * n),
    "askers": Shape(plain_parse_askers, metadata.parse_askers, lambda n: "a, " * n),
    "answerers": Shape(plain_parse_answerers, metadata.parse_answerers, lambda n: "minister " * n),
    "web address": Shape(plain_trim, weblinks._trim, lambda n: "https://a.nl/" + ")" * n),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_the_shapes_give_the_same_result_as_before_at_a_size_the_plain_code_finishes(shape: str) -> None:
    """The 1 MB tests above would not finish with the plain code; at 2,000 repetitions it does (in
    well under a second), and the linear code agrees with it there."""
    case = SHAPES[shape]
    text = case.text(2000)
    assert case.plain(text) == case.linear(text)
