"""Words run together: spaces that PDF text extraction lost, put back where the split is certain.

Three kinds, each a named rule with examples and counter-examples (the tests run both):
- a sentence end glued to the next sentence: "af.Om", "zijn?Het";
- a case change: a function word glued to a capitalised word ("inNederland", "hetIMG", "deTweede");
- a frequent Dutch word glued to the next ("bijhet", "tebrengen", "wordtverwezen"): only when the
  whole is no Dutch or English word, the rest is one, and the head is no prefix a compound could
  begin with.
Never split: a URL, an e-mail address, an abbreviation (o.a., d.w.z.), a decimal, an identifier
(2024Z14814, kst-…), or a name written with an inner capital (GroenLinks, ChristenUnie, PvdA): the
case rule only splits after a lower-case function word. Every repair is returned, so that the
conservation check accepts exactly these and still reports any other change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ..wordlists import words

# Function words: before a capital inside a token ("deTweede") they end, and the capital begins, a word.
CASE_HEADS = frozenset(
    {
        "de", "het", "een", "van", "in", "op", "te", "bij", "om", "met", "voor", "aan", "en", "of", "door",
        "naar", "over", "uit", "tot", "als", "dan", "dat", "die", "is", "zijn", "wordt", "worden", "werd",
        "kan", "zal", "zou", "moet", "heeft", "hebben", "geen", "niet", "ook", "wel", "nog", "er", "hun",
        "deze", "dit", "uw", "onze", "mijn",
    }
)  # fmt: skip
# Heads for glue between two lower-case words: frequent words that are no noun themselves ("net",
# "weer", "mijn" begin compounds: "netcapaciteit", "weerfenomeen", "mijnbouwschade").
WORD_HEADS = frozenset(
    {
        "de", "het", "een", "te", "van", "dat", "die", "en", "is", "zijn", "wordt", "worden", "werd", "kan",
        "zal", "zou", "moet", "geen", "hun", "deze", "dit", "op", "voor", "om", "in", "met", "bij", "door",
        "over", "uit", "aan", "of", "tot", "als", "ook", "niet", "heeft", "hebben", "moeten", "kunnen",
        "zoals", "haar", "meer", "nog", "dan", "wat", "andere", "welke", "waarin", "waarbij", "er",
        "al", "maar", "ik", "we", "wij", "nu", "zo", "toch", "heel", "veel", "onze", "wie", "waar", "doen",
        "gaan", "was", "mij", "uw",
    }
)  # fmt: skip
# Heads that are also prefixes: "op" + a verb is a separable verb ("optoppen", "inregelen", "opgezet");
# "te" begins "tewerkstelling", "de" a verb such as "declassificeren".
PREFIXES = frozenset({"op", "voor", "om", "in", "bij", "door", "over", "uit", "aan", "te", "er", "al", "waar"})
COMPOUND_REST = 9  # a longer rest in -en is a plural noun ("op voorstellen"), a shorter one may be a verb
UNSPLITTABLE = re.compile(r"://|www\.|@|\d|[a-z]\.[a-z]\.", re.IGNORECASE)  # URL, e-mail, number, o.a.
SENTENCE_GLUE = re.compile(r"(?<=[A-Za-zÀ-ÿ][a-zà-ÿ])([.?!;:][»”’\"')]?)(?=[A-ZÀ-Ý][a-zà-ÿ])")
CASE_GLUE = re.compile(r"^(?P<lead>[(«“\"'‘]?)(?P<head>[a-zà-ÿ]{1,7})(?P<rest>[A-ZÀ-Ý][\wÀ-ÿ*-]*)")
LETTERS = re.compile(r"^(?P<lead>[(«“\"'‘]?)(?P<word>[a-zà-ÿ]+)(?P<tail>[.,;:?!)»”’\"']*)$")


@lru_cache(maxsize=1 << 16)
def _known(word: str) -> bool:
    return word in words("nl") or word in words("en")


def _sentence(token: str) -> str:
    return SENTENCE_GLUE.sub(lambda m: m.group(1) + " ", token)


def _case(token: str) -> str:
    match = CASE_GLUE.match(token)
    if (
        not match
        or match.group("head") not in CASE_HEADS
        or _known((match.group("head") + match.group("rest")).lower())
    ):
        return token
    return f"{match.group('lead')}{match.group('head')} {match.group('rest')}{token[match.end() :]}"


def _frequent(token: str) -> str:
    match = LETTERS.match(token)
    if not match:
        return token
    word = match.group("word")
    if len(word) < 6:
        return token
    # the heads first (a set), the word lists (a search each) only for a word that begins with one
    heads = [size for size in range(min(7, len(word) - 3), 1, -1) if word[:size] in WORD_HEADS]
    if not heads or _known(word):
        return token
    for size in heads:
        head, rest = word[:size], word[size:]
        if _known(rest) and not _compound(head, rest):
            if _ambiguous(word, size):
                return token
            return f"{match.group('lead')}{head} {rest}{match.group('tail')}"
    return token


def _ambiguous(word: str, size: int) -> bool:
    """The head, a letter or two longer, is a word before a word as well ("wetover": "we tover" or
    "wet over"): left whole."""
    return any(_known(word[:i]) and _known(word[i:]) for i in (size + 1, size + 2) if len(word) - i >= 2)


def _compound(head: str, rest: str) -> bool:
    """Could `head + rest` be one word that the dictionary lacks: a separable verb, a participle, a
    verb or noun made with a prefix? Then it is left whole."""
    if head == "te":  # "te" glued to an infinitive only ("tebrengen"), never "tewerkstelling"
        return not rest.endswith("en")
    if head == "de":  # a verb of its own ("declassificeren"), else an article before its noun
        return rest.endswith("eren")
    if head not in PREFIXES:
        return False
    participle = rest.startswith("ge") and rest.endswith(("d", "t", "en"))
    return participle or (rest.endswith("en") and len(rest) < COMPOUND_REST)


@dataclass(frozen=True, slots=True)
class GlueRule:
    name: str
    split: Callable[[str], str]
    examples: tuple[tuple[str, str], ...]  # (token, as repaired)
    counter_examples: tuple[str, ...]  # tokens it must leave as they are


GLUE_RULES: tuple[GlueRule, ...] = (
    GlueRule(
        "sentence",
        _sentence,
        (("af.Om", "af. Om"), ("zijn?Het", "zijn? Het"), ("beeld.Sinds", "beeld. Sinds"), ("Ja.Het", "Ja. Het")),
        ("o.a.", "d.w.z.", "www.rijksoverheid.nl", "St.", "3.5", "Kamer.", "U.S."),
    ),
    GlueRule(
        "case",
        _case,
        (
            ("inNederland", "in Nederland"),
            ("hetIMG", "het IMG"),
            ("(deDirectie", "(de Directie"),
            ("deKamer?", "de Kamer?"),
        ),
        ("GroenLinks-PvdA", "ChristenUnie", "PvdA", "iPhone", "eHealth", "D66", "JA21", "McDonald's"),
    ),
    GlueRule(
        "frequent word",
        _frequent,
        (
            ("wordtverwezen", "wordt verwezen"),
            ("tebrengen.", "te brengen."),
            ("geenspecifieke", "geen specifieke"),
            ("deeffecten", "de effecten"),
            ("omsmokkelnetwerken", "om smokkelnetwerken"),
        ),
        (
            "optoppen",
            "declassificeren",
            "ombouwen",
            "tevreden",
            "tewerkstellingsvergunningsplicht",
            "wetover",
            "waarinde",
            "mijnbouwschade",
            "2024Z14814",
            "kst-36410",
            "herstel",
        ),
    ),
)


def unglue(text: str) -> tuple[str, list[tuple[str, str]]]:
    """`text` with glued words split, and each repair as (token as found, as repaired)."""
    repairs: list[tuple[str, str]] = []

    def repair(match: re.Match[str]) -> str:
        token = match.group(0)
        fixed = _repaired(token)
        if fixed != token:
            repairs.append((token, fixed))
        return fixed

    return CANDIDATE_TOKEN.sub(repair, text), repairs


# Candidates: a sentence end or a capital inside a token, or a lower-case word long enough to be two.
CANDIDATE = re.compile(r"[a-zà-ÿ][.?!;:][»”’\"')]?[A-ZÀ-Ý]|[a-zà-ÿ][A-ZÀ-Ý]|[a-zà-ÿ]{6}")
# The tokens worth a look, found by the regex engine alone: one with a sentence end or a capital
# inside, or one that opens with a head of the frequent-word rule (most tokens are neither).
_HEADS = "|".join(sorted(WORD_HEADS, key=len, reverse=True))
CANDIDATE_TOKEN = re.compile(
    rf"(?<!\S)(?:[^\s]*?[a-zà-ÿ](?:[.?!;:][»”’\"')]?)?[A-ZÀ-Ý]\S*|[(«“\"'‘]?(?:{_HEADS})[a-zà-ÿ]{{3,}}\S*)"
)


@lru_cache(maxsize=1 << 16)
def _repaired(token: str) -> str:
    """One token as the rules repair it (cached: a letter, and an archive, repeat their words)."""
    if not CANDIDATE.search(token) or UNSPLITTABLE.search(token):
        return token
    fixed = token
    for rule in GLUE_RULES:
        fixed = " ".join(rule.split(part) for part in fixed.split(" "))
    return fixed
