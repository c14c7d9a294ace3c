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
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..wordlists import words

# Function words: before a capital inside a token ("deTweede") they end, and the capital begins, a word.
CASE_HEADS = frozenset(
    {
        "de", "het", "een", "van", "in", "op", "te", "bij", "om", "met", "voor", "aan", "en", "of", "door",
        "naar", "over", "uit", "tot", "als", "dan", "dat", "die", "is", "zijn", "wordt", "worden", "werd",
        "kan", "zal", "zou", "moet", "heeft", "hebben", "geen", "niet", "ook", "wel", "nog", "er", "hun",
        "deze", "dit", "uw", "onze", "mijn", "der", "den", "ter",
    }
)  # fmt: skip
# Function words: a closed class (articles, prepositions, pronouns, conjunctions, auxiliaries, a few
# adverbs). Glue between two words is split only where one of the two is such a word: a content word
# glued to a content word is as likely a compound the dictionary lacks ("netcapaciteit").
FUNCTION_WORDS = frozenset(
    {
        "de", "het", "een", "te", "van", "dat", "die", "en", "is", "zijn", "wordt", "worden", "werd", "kan",
        "zal", "zou", "moet", "geen", "hun", "deze", "dit", "op", "voor", "om", "in", "met", "bij", "door",
        "over", "uit", "aan", "of", "tot", "als", "ook", "niet", "heeft", "hebben", "moeten", "kunnen",
        "zoals", "haar", "meer", "nog", "dan", "wat", "welke", "welk", "waarin", "waarbij", "er", "al",
        "maar", "ik", "we", "wij", "nu", "zo", "toch", "veel", "onze", "ons", "wie", "waar", "hoe", "was",
        "mij", "uw", "u", "naar", "tegen", "sinds", "tussen", "onder", "zich", "ben", "heb", "had", "kon",
        "wil", "ga", "gaat", "laat", "wel", "ervan", "hierover", "daarover", "hieraan", "daarvan", "zij",
        "andere", "doen", "gaan", "heel", "alleen", "misschien",
    }
)  # fmt: skip
# Function words that are also suffixes or the last letters of many words ("-en", "-de", "-te",
# "verhoog|de"): never split off the end of a word.
SUFFIX_LIKE = frozenset({"de", "te", "en", "er", "is", "in", "op", "om", "al", "u", "zo", "nu", "we", "ik", "of"})
# Heads that are also prefixes: "op" + a verb is a separable verb ("optoppen", "inregelen", "opgezet");
# "te" begins "tewerkstelling", "de" a verb such as "declassificeren".
PREFIXES = frozenset(
    {
        "op",
        "voor",
        "om",
        "in",
        "bij",
        "door",
        "over",
        "uit",
        "aan",
        "te",
        "er",
        "al",
        "waar",
        "tegen",
        "onder",
        "tussen",
    }
)
COMPOUND_REST = 9  # a longer rest in -en is a plural noun ("op voorstellen"), a shorter one may be a verb
MARGIN = 20.0  # the split taken is this many times likelier than the next best one, else none is
NEAR = 3  # competing splits lie within this many letters of the one taken ("deo|verheid", "de|overheid")
UNSPLITTABLE = re.compile(r"://|www\.|@|\d|[a-z]\.[a-z]\.", re.IGNORECASE)  # URL, e-mail, number, o.a.
SENTENCE_GLUE = re.compile(r"(?<=[A-Za-zÀ-ÿ][a-zà-ÿ])([.?!;:][»”’\"')]?)(?=[A-ZÀ-Ý][a-zà-ÿ])")
CASE_GLUE = re.compile(r"^(?P<lead>[(«“\"'‘]?)(?P<head>[a-zà-ÿ]{1,7})(?P<rest>[A-ZÀ-Ý][\wÀ-ÿ*-]*)")
LETTERS = re.compile(r"^(?P<lead>[(«“\"'‘]?)(?P<word>[A-ZÀ-Ý]?[a-zà-ÿ]+)(?P<tail>[.,;:?!)»”’\"']*)$")


@lru_cache(maxsize=1 << 16)
def _known(word: str) -> bool:
    return word in words("nl") or word in words("en")


@lru_cache(maxsize=1 << 16)
def _frequency(word: str) -> int:
    """How often Dutch text uses the word (pyspellchecker's count); a word only English knows counts
    as the rarest Dutch one, and a one-letter part only as a function word ("welke|u")."""
    if len(word) == 1 and word not in FUNCTION_WORDS:
        return 0
    return words("nl").frequency(word) or (RAREST if word in words("en") else 0)


RAREST = 50  # pyspellchecker's least count of a listed word


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


def _two_words(token: str) -> str:
    match = LETTERS.match(token)
    if not match:
        return token
    word = match.group("word")
    lower = word.lower()
    if len(word) < 5 or _known(lower):
        return token
    split = _split(lower)
    # a capitalised word may be a name ("Erkens" is no "Er kens"): split only into common words
    if split is None or (word[0].isupper() and _frequency(lower[split:]) <= RAREST):
        return token
    return f"{match.group('lead')}{word[:split]} {word[split:]}{match.group('tail')}"


def _split(word: str) -> int | None:
    """Where an unknown word falls apart into two words, one of them a function word, when that
    split is much likelier than any split near it."""
    for size in _function_splits(word):
        head, rest = word[:size], word[size:]
        if not (_frequency(head) and _frequency(rest)) or _compound(head, rest):
            continue
        score = _frequency(head) * _frequency(rest)
        rivals = (
            _frequency(word[:i]) * _frequency(word[i:])
            for i in range(max(1, size - NEAR), min(len(word), size + NEAR + 1))
            if i != size
        )
        if all(score >= MARGIN * rival for rival in rivals):
            return size
    return None


def _function_splits(word: str) -> list[int]:
    """The places after a function word the word begins with, or before one it ends with: the
    longest head first ("waarin|de" before "waar|inde")."""
    heads = [size for size in range(min(7, len(word) - 1), 0, -1) if word[:size] in FUNCTION_WORDS]
    tails = [
        len(word) - size
        for size in range(min(6, len(word) - 3), 2, -1)
        if word[-size:] in FUNCTION_WORDS and word[-size:] not in SUFFIX_LIKE
    ]
    return heads + tails


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
        "two words",
        _two_words,
        (
            ("wordtverwezen", "wordt verwezen"),
            ("tebrengen.", "te brengen."),
            ("geenspecifieke", "geen specifieke"),
            ("deeffecten", "de effecten"),
            ("omsmokkelnetwerken", "om smokkelnetwerken"),
            ("deoverheid", "de overheid"),  # not "deo verheid": both are listed, but rare
            ("wetover", "wet over"),  # not "we tover"
            ("waarinde", "waarin de"),  # the longer head first, and "inde" is rare
            ("laathet", "laat het"),  # a function word at the end
            ("welkeu", "welke u"),
            ("Hetbeoordelen", "Het beoordelen"),  # at the start of a sentence
            ("Dezeberichtgeving,", "Deze berichtgeving,"),
        ),
        (
            "optoppen",  # a separable verb: "op" + a verb
            "declassificeren",  # "de" + a verb in -eren
            "ombouwen",
            "tevreden",
            "tewerkstellingsvergunningsplicht",
            "mijnbouwschade",  # two content words: a compound
            "netcongestie",
            "verhoogde",  # "verhoog" + "de": an ending, not an article
            "plannenen",
            "Derkzen",  # a name: no two words
            "Doorbouwen",
            "2024Z14814",
            "kst-36410",
            "herstel",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Spelling:
    """A letter's glued tokens and their repairs, judged once for the whole letter (see
    `letter_spelling`), and the words it spells whole itself."""

    repairs: Mapping[str, str]  # token as found → as repaired
    whole: frozenset[str] = frozenset()  # bare, lower-case words left as the letter writes them


def unglue(text: str, spelling: Spelling | None = None) -> tuple[str, list[tuple[str, str]]]:
    """`text` with glued words split as `spelling` (by default, the text's own) says, and each
    repair as (token as found, as repaired)."""
    repairs_of = (spelling or letter_spelling(text)).repairs
    # most text has no glue: a set operation in C finds that, and only text with glue is rewritten
    found = repairs_of.keys() & text.split() if repairs_of else set()
    if not found:
        return text, []
    return _apply(text, found, repairs_of)


def _apply(text: str, found: set[str], repairs_of: Mapping[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """`text` with each whole occurrence of a `found` token repaired, in reading order (searched in C,
    so the cost follows the repairs, not the words)."""
    places: list[tuple[int, str]] = []
    for token in found:
        at = text.find(token)
        while at >= 0:
            end = at + len(token)
            if (at == 0 or text[at - 1].isspace()) and (end == len(text) or text[end].isspace()):
                places.append((at, token))
            at = text.find(token, end)
    pieces: list[str] = []
    repairs: list[tuple[str, str]] = []
    position = 0
    for at, token in sorted(places):
        fixed = repairs_of[token]
        if _capital_head(token, fixed) and not _sentence_start(text, at):
            continue
        pieces += (text[position:at], fixed)
        repairs.append((token, fixed))
        position = at + len(token)
    return "".join(pieces) + text[position:], repairs


def _capital_head(token: str, fixed: str) -> bool:
    """Is a capitalised word split after a function word ("Hetbeoordelen")? Only a sentence begins
    so; inside one, a capital begins a name ("de Kanspelen" is no "de Kan spelen")."""
    return (
        bool(LETTERS.match(token))
        and token.lstrip(LEADS)[:1].isupper()
        and fixed.lstrip(LEADS).split(" ")[0].lower() in FUNCTION_WORDS
    )


def _sentence_start(text: str, at: int) -> bool:
    while at and text[at - 1].isspace():
        at -= 1
    return not at or text[at - 1] in SENTENCE_ENDS


def letter_spelling(text: str) -> Spelling:
    """How the letter spells its words: each distinct token judged once by the rules, less the
    letter's own spellings. Those are its askers' names (kept whole, and split where the askers'
    line itself runs a first name into a surname, "DaniëlleJansen"), and the words it writes as one
    at least `REPEATED` times and never as the two words a repair would make of them ("woondeals",
    not "woonde als"): glue from text extraction seldom repeats itself so, and where it does the
    letter mostly writes the two words elsewhere too ("het kabinet")."""
    listed = text.split()
    tokens = set(listed)
    repairs = _judged(tokens)
    askers = _askers(text)
    names = {token: f"{m.group(1)} {m.group(2)}" for token in askers if (m := NAME_GLUE.match(token))}
    if names:
        repairs |= {token: fixed for token in tokens if (fixed := _named(token, names))}
    whole = frozenset(_repeated(text, listed, repairs) | {_bare(token) for token in askers if token not in names})
    return Spelling({t: f for t, f in repairs.items() if _bare(t) not in whole}, whole)


def _judged(tokens: set[str]) -> dict[str, str]:
    """The tokens the rules repair, with their repairs. Most tokens of a letter need none, and most
    were seen in an earlier letter: a set difference (in C) leaves the few to judge."""
    repairs: dict[str, str] = {}
    for token in tokens - _WHOLE_TOKENS:
        fixed = _repaired(token)
        if fixed != token:
            repairs[token] = fixed
        elif len(_WHOLE_TOKENS) < WHOLE_TOKENS_KEPT:
            _WHOLE_TOKENS.add(token)
    return repairs


_WHOLE_TOKENS: set[str] = set()  # tokens that no rule changes: a process's memory of them, bounded
WHOLE_TOKENS_KEPT = 1 << 18


def _repeated(text: str, listed: list[str], repairs: Mapping[str, str]) -> set[str]:
    """The repaired words (of letters only: "deTaliban" is glue however often) that the letter
    writes as one `REPEATED` times or more, and never as the two words of their repair."""
    tokens = [token for token in repairs if token.strip(PUNCTUATION)[1:].islower()]
    if not tokens:
        return set()
    written = Counter(listed)  # counted in C
    counts: Counter[str] = Counter()
    for token in tokens:  # every spelling of a repaired word is a repaired token
        counts[_bare(token)] += written[token]
    lower = text.lower()
    return {word for word, count in counts.items() if count >= REPEATED and not _written_apart(_repaired(word), lower)}


def _written_apart(split: str, lower: str) -> bool:
    return " " not in split or split in lower or split.replace(" ", "\n") in lower


def _askers(text: str) -> list[str]:
    """The words of the askers' line ("Vragen van het lid Kathmann (GroenLinks-PvdA) aan …") that
    name members: capitalised, outside the parentheses that name their parties."""
    match = ASKERS.search(text[:ASKERS_WITHIN])
    if not match:
        return []
    names = PARENTHESES.sub(" ", match.group("names"))
    return [token.strip(PUNCTUATION) for token in names.split() if token[:1].isupper()]


def _named(token: str, names: Mapping[str, str]) -> str | None:
    bare = token.strip(PUNCTUATION)
    if not names or bare not in names:
        return None
    return token.replace(bare, names[bare], 1)


def _bare(token: str) -> str:
    return token.strip(PUNCTUATION).lower()


REPEATED = 3
LEADS = "(«“\"'‘"
SENTENCE_ENDS = ".?!:;»”\"'"
# "Vragen van het lid X (Partij) aan …", "van de leden X (A) en Y (B) aan …" (the line may be broken)
ASKERS = re.compile(r"\bvan (?:het (?:Kamer)?lid|de (?:Kamer)?leden)\s+(?P<names>.{1,300}?)\s(?:aan|over)\s", re.S)
ASKERS_WITHIN = 3000  # the askers' line is in the letter's header
PARENTHESES = re.compile(r"\([^()]*\)")
NAME_GLUE = re.compile(r"^([A-ZÀ-Ý][a-zà-ÿ]{2,})([A-ZÀ-Ý][a-zà-ÿ]{2,})$")  # "DaniëlleJansen", not "McDonald"
PUNCTUATION = ".,;:?!()«»“”\"'‘’"
WORD_RUN = re.compile(r"[a-zà-ÿ]+")  # in lower-case text: a word of letters ("woondeals"), or a piece
# Candidates: a sentence end or a capital inside a token, or a word long enough to be two.
CANDIDATE = re.compile(r"[a-zà-ÿ][.?!;:][»”’\"')]?[A-ZÀ-Ý]|[a-zà-ÿ][A-ZÀ-Ý]|[a-zà-ÿ]{5}")


@lru_cache(maxsize=1 << 17)
def _repaired(token: str) -> str:
    """One token as the rules repair it (cached: a letter, and an archive, repeat their words)."""
    if not CANDIDATE.search(token) or UNSPLITTABLE.search(token):
        return token
    fixed = token
    for rule in GLUE_RULES:
        fixed = " ".join(rule.split(part) for part in fixed.split(" "))
    return fixed
