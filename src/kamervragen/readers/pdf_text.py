"""Reader for text extracted from official PDFs (Aanhangsel, Kamervragen): furniture out, notes back in.

Stages, in order: drop page furniture and split pages; per page, cut the footnote bodies at its bottom
and find each body's mark above it; rejoin lines into paragraphs, removing line-end hyphens where the
join is certain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..diagnostics import Reporter
from ..hyphenation import Vocabulary
from ..model import BlockStyle
from .blocks import RawInline, RawNote, RawRef, SourceBlock, SourceDoc
from .common import LinePredicate, never, strip
from .glue import Spelling, letter_spelling, unglue
from .lines import join_line

# Page furniture, as (name, pattern, example). Removed wherever it stands.
FURNITURE: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("page id", re.compile(r"^(?:ah|kv)-tk-[\w-]+$"), "ah-tk-20242025-594"),
    (
        "issn",
        re.compile(r"^ISSN \d{4} ?- ?\d{4}"),
        "ISSN 0921 - 7398’s-Gravenhage 2024Tweede Kamer, …",
    ),
    (
        "place",
        re.compile(r"^[’']s-Gravenhage \d{4}"),
        "’s-Gravenhage 2024 Tweede Kamer, vergaderjaar …",
    ),
    (
        "page footer",
        re.compile(r"^Tweede Kamer, vergaderjaar \d{4}[–-]\d{4}, (?:Aanhangsel|Vragen)(?: \d+)?$"),
        "Tweede Kamer, vergaderjaar 2024–2025, Aanhangsel 2",
    ),
)
# The first page's masthead: only before the first line of text.
MASTHEAD: tuple[re.Pattern[str], ...] = (
    re.compile(r"^Tweede Kamer der Staten-Generaal\s*\d?$"),
    re.compile(r"^Vergaderjaar \d{4}[–-]\d{4}\b.*$"),
    re.compile(r"^Vragen gesteld door de leden der Kamer, met de daarop door de$"),
    re.compile(r"^regering gegeven antwoorden$"),
)
# Under the masthead: the Aanhangsel number ("594") or the Zaak number of a questions PDF.
DOCUMENT_NUMBER = re.compile(r"^(?:(?P<aanhangsel>\d{1,4})|(?P<zaak>\d{4}Z\s?\d{5}))$")
PAGE_END = re.compile(r"Tweede Kamer, vergaderjaar \d{4}[–-]\d{4}, (?:Aanhangsel|Vragen)(?: \d+)?$")
# pypdf joins pages without a break: the footer runs into the next page's first line
# ("… vergaderjaar 2022–2023, Aanhangsel 1Vraag 3"); the footer is furniture, the rest a line of text.
GLUED_TO_FOOTER = re.compile(
    r"^(?P<footer>.*Tweede Kamer, vergaderjaar \d{4}[–-]\d{4}, (?:Aanhangsel|Vragen)(?: \d+)?)(?P<rest>[^\W\d_«“].*)$"
)
PAGE_ID = re.compile(r"^((?:ah|kv)-tk-[\w-]+)$")
LIST_ITEM = re.compile(r"^(?:\d{1,2}\.|[a-z]\)|[–•·-])\s")
SENTENCE_END = re.compile(r"[.?!:;][»”’\"')]*$")
LOST_NOTES = 2  # note bodies a page may have lost before the numbering is found again
# Words that end in digits, as (name, pattern, examples): their digits are never a note mark glued
# to the word, though they look like one ("tijdens COP29 op" in a letter with a note 29). A word with
# a hyphen after it ("CO2-uitstoot") was never taken for one.
DIGIT_WORDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("substance", r"CO2|NO2|SO2|NH3|CH4|N2O|O3|H2", ("CO2", "NO2", "NH3", "CH4", "H2")),
    ("fine dust", r"PM10|PM2[,.]5", ("PM10", "PM2,5", "PM2.5")),
    ("unit", r"[kcdm]?m[23]", ("m2", "m3", "km2", "cm3")),
    ("climate conference", r"COP\d{1,2}", ("COP28", "COP29")),
    ("party", r"D66", ("D66",)),
    ("group of countries", r"G\d{1,2}", ("G7", "G20")),
    ("road", r"[ANE]\d{1,3}", ("A2", "A12", "N201", "E40")),
)
DIGIT_WORD = re.compile("|".join(f"(?:{pattern})" for _, pattern, _ in DIGIT_WORDS))
LETTERS_BEFORE = re.compile(r"[^\W\d_]*$")  # searched up to a mark: the letters glued before it
DECIMALS = re.compile(r"[.,]\d+")  # after a mark: "PM2" of "PM2,5"


@dataclass
class _Line:
    """A line of body text after furniture removal; marks become references in `content`."""

    number: int
    page: int
    text: str
    content: list[RawInline] = field(default_factory=list)
    glued: bool = False  # began with a note mark: it continues the line before
    marks_only: bool = False  # held nothing but note marks


def read(lines: list[str], report: Reporter, standalone: LinePredicate = never) -> SourceDoc:
    """Read PDF text: remove furniture, reattach page-bottom notes, rejoin paragraphs. `standalone`
    tells a line that stands alone as a paragraph (a label such as "Vraag 3": the structure stage
    knows them, and a reader never imports a later stage)."""
    removed: list[str] = []
    body, facts = _drop_furniture(lines, removed)
    vocabulary = Vocabulary(line.text for line in body)  # notes too: they often repeat the words
    text_lines, notes = _notes(body, removed, report)
    paragraphs = _paragraphs(text_lines, vocabulary, standalone)
    note_contents = [(key, line, tuple(_join_parts(parts, vocabulary))) for key, line, parts in notes]
    # the glue judged once for the letter, on its text as rejoined (a word broken over a line is whole)
    contents = [b.content for b in paragraphs] + [content for _, _, content in note_contents]
    spelling = letter_spelling("\n".join(part for content in contents for part in content if isinstance(part, str)))
    repairs: list[tuple[str, str]] = []
    blocks = [_unglued(b, repairs, spelling) for b in paragraphs]
    note_blocks = tuple(
        RawNote("page", key, line, _unglued_content(content, repairs, spelling)) for key, line, content in note_contents
    )
    return SourceDoc("pdf-text", tuple(blocks), note_blocks, tuple(removed), facts=facts, repairs=tuple(repairs))


def _unglued_content(
    content: tuple[RawInline, ...], repairs: list[tuple[str, str]], spelling: Spelling
) -> tuple[RawInline, ...]:
    """The text with the words that extraction ran together split again (glue.py), each recorded."""
    out: list[RawInline] = []
    for part in content:
        if isinstance(part, str):
            text, found = unglue(part, spelling)
            repairs.extend(found)
            out.append(text)
        else:
            out.append(part)
    return tuple(out)


def _unglued(block: SourceBlock, repairs: list[tuple[str, str]], spelling: Spelling) -> SourceBlock:
    content = _unglued_content(block.content, repairs, spelling)
    return block if content == block.content else replace(block, content=content)


def _drop_furniture(lines: list[str], removed: list[str]) -> tuple[list[_Line], tuple[tuple[str, str], ...]]:
    kept: list[_Line] = []
    facts: list[tuple[str, str]] = []
    page = 1
    started = False
    for number, raw in enumerate(lines, start=1):
        text = strip(raw)
        glued = GLUED_TO_FOOTER.match(text)
        if glued:
            removed.append(glued.group("footer"))
            page += 1
            text = glued.group("rest")
        page_id = PAGE_ID.match(text)
        if page_id:
            facts.append(("page-id", page_id.group(1)))
        if not started and (not text or any(p.match(text) for p in MASTHEAD)):
            removed.append(text)
            continue
        number_line = DOCUMENT_NUMBER.match(text) if not started else None
        if number_line:
            facts.append(("aanhangsel-number" if number_line.group("aanhangsel") else "zaak", text))
            removed.append(text)
            started = True
            continue
        started = started or bool(text)
        if not text or any(pattern.match(text) for _, pattern, _ in FURNITURE):
            removed.append(text)
            if PAGE_END.search(text):
                page += 1
            continue
        kept.append(_Line(number, page, text, [text]))
    return kept, tuple(dict.fromkeys(facts))


def _notes(
    lines: list[_Line], removed: list[str], report: Reporter
) -> tuple[list[_Line], list[tuple[str, int, list[str]]]]:
    """Cut each page's footnote bodies and turn their marks above them into references."""
    text_lines: list[_Line] = []
    notes: list[tuple[str, int, list[str]]] = []
    expected = 1
    for page in sorted({line.page for line in lines}):
        page_lines = [line for line in lines if line.page == page]
        zone, first = _note_zone(page_lines, expected)
        for lost in range(expected, first):
            report.warn(
                page_lines[zone].number,
                f"note {lost} not found at the foot of its page; numbering continues at {first}",
            )
        text, bottom = page_lines[:zone], page_lines[zone:]
        bodies = _bodies(bottom, first)
        for key, line, parts in bodies:
            if not _place_mark(text, key, removed):
                report.warn(
                    line,
                    f"note {key} has no mark on its page; attached to the page's last paragraph",
                )
                holder = text or text_lines
                if holder:
                    holder[-1].content.append(RawRef("page", key))
            # The body's number is glued to its first word; a body that starts with digits
            # ("32024Z15585") glues into one number, removed here as a whole.
            glued_digits = re.match(r"\d*", parts[0] if parts else "")
            removed.append(key + (glued_digits.group(0) if glued_digits else ""))
            notes.append((key, line, parts))
        expected = first + len(bodies)
        text_lines.extend(text)
    return text_lines, notes


def _body_start(text: str, key: int) -> bool:
    """A body starts with its number glued to its first word: '1NOS, …', '2Kamerstukken …'."""
    # Also a body that starts with a Zaak or document number or a year: "32024Z15585", "22023 Annual".
    return re.match(rf"^{key}(?=[^\d\s\-–.,:;/)]|\d{{4}}[ZD]\d|(?:19|20)\d\d\b)", text) is not None


def _note_zone(page: list[_Line], expected: int) -> tuple[int, int]:
    """(index of the page's first note line, its note number); a body or two may have been lost."""
    for key in range(expected, expected + LOST_NOTES + 1):
        for index, line in enumerate(page):
            if _body_start(line.text, key):
                return index, key
    return len(page), expected


def _bodies(bottom: list[_Line], expected: int) -> list[tuple[str, int, list[str]]]:
    bodies: list[tuple[str, int, list[str]]] = []
    key = expected
    for line in bottom:
        if _body_start(line.text, key):
            bodies.append((str(key), line.number, [line.text[len(str(key)) :]]))
            key += 1
        elif bodies:
            bodies[-1][2].extend(("\n", line.text))
    return bodies


def _mark_patterns(key: str) -> tuple[re.Pattern[str], ...]:
    """Where a note's mark can stand, most certain first; the last is used only when nothing else is."""
    return (
        # a line of marks only: "1", "2 3", "5."
        re.compile(rf"^\s*(?:\d{{1,3}}\s+)*(?P<mark>{key})(?:\s+\d{{1,3}})*\s*[.,;:]?$"),
        # a mark that begins a line, followed by punctuation or a capital: "2 Dit is …", "4, zal ik"
        re.compile(rf"^\s*(?P<mark>{key})(?=[.,;:)]|\s+[^a-zà-ÿ\s]|$)"),
        # a mark glued to the word before it: "BDO-onderzoek?1", "wetenschappers2 melden"
        # (not a decimal: the 4 of "1,4 euro")
        re.compile(rf"(?<=[^\s\d(/\-–€$])(?<!\d[.,])(?P<mark>{key})(?=[\s.,;:?!)]|$)"),
        # last resort, a mark that begins a line before a lower-case word: "2 en over de invulling"
        # (not first: "3 aan aardgas" can be the 3 of "m3" broken off its line)
        re.compile(rf"^\s*(?P<mark>{key})\s+(?=[a-zà-ÿ])"),
    )


_LAST_RESORT = 3


def _place_mark(text: list[_Line], key: str, removed: list[str]) -> bool:
    """Replace the first mark of note `key` on the page (in reading order) by a reference."""
    patterns = _mark_patterns(key)
    found = _find_mark(text, patterns[:_LAST_RESORT]) or _find_mark(text, patterns[_LAST_RESORT:])
    if found is None:
        return False
    index, start, end, kind = found
    line = text[index]
    part = line.content[-1]
    assert isinstance(part, str)
    line.content = [*line.content[:-1], part[:start], RawRef("page", key), part[end:]]
    if kind == 0 and not strip(re.sub(r"[\d.,;:]", "", line.text)):
        line.marks_only = True
    if kind in (0, 1, _LAST_RESORT):
        line.glued = True
    removed.append(key)
    return True


def _find_mark(text: list[_Line], patterns: tuple[re.Pattern[str], ...]) -> tuple[int, int, int, int] | None:
    """(line index, start, end, pattern kind) of the earliest mark in the last text part of a line."""
    for index, line in enumerate(text):
        part = line.content[-1] if line.content and isinstance(line.content[-1], str) else ""
        hits = [hit for kind, pattern in enumerate(patterns) if (hit := _first_mark(part, pattern, kind))]
        if hits:
            start, end, kind = min(hits)
            offset = _LAST_RESORT if len(patterns) == 1 else 0
            return index, start, end, kind + offset
    return None


def _first_mark(part: str, pattern: re.Pattern[str], kind: int) -> tuple[int, int, int] | None:
    """(start, end, kind) of the first match of a mark pattern that does not end a digit word."""
    for mark in pattern.finditer(part):
        if not _ends_digit_word(part, mark):
            return mark.start("mark"), mark.end("mark"), kind
    return None


def _ends_digit_word(part: str, mark: re.Match[str]) -> bool:
    """The mark's digits end a word written with digits ("CO2", "(D66)", "PM2,5"): not a mark."""
    letters = LETTERS_BEFORE.search(part, 0, mark.start("mark"))
    decimals = DECIMALS.match(part, mark.end("mark"))
    word = (letters.group() if letters else "") + mark.group("mark") + (decimals.group() if decimals else "")
    return DIGIT_WORD.fullmatch(word) is not None


def _paragraphs(lines: list[_Line], vocabulary: Vocabulary, standalone: LinePredicate) -> list[SourceBlock]:
    """Rejoin lines into paragraphs: a line starts a new one after a sentence end or a label."""
    blocks: list[tuple[int, list[RawInline]]] = []
    previous = ""
    for line in lines:
        content = [
            c for c in line.content if c != "" and not (line.marks_only and isinstance(c, str) and not c.strip())
        ]
        text = "".join(c for c in content if isinstance(c, str)).strip()
        if blocks and (line.glued or line.marks_only or not _starts_paragraph(previous, text, standalone)):
            blocks[-1][1].append("\n")
            blocks[-1][1].extend(content)
        else:
            blocks.append((line.number, content))
        if not line.marks_only:  # the paragraph's last line is this one: never rescan the paragraph
            previous = "".join(c for c in content if isinstance(c, str)).rsplit("\n", 1)[-1]
    return [
        _list_item(SourceBlock(number, tuple(_join_parts(parts, vocabulary))), standalone) for number, parts in blocks
    ]


LIST_MARKER = re.compile(r"^(?:(?P<number>\d{1,2}\.|[a-z]\))|(?P<bullet>[–•·-]))\s+")


def _list_item(block: SourceBlock, standalone: LinePredicate) -> SourceBlock:
    """A paragraph that opens with '2. ' or '– ' is a list item; the marker moves to the block."""
    first = block.content[0] if block.content else ""
    if not isinstance(first, str):
        return block
    match = LIST_MARKER.match(first)
    if not match or standalone(block.text):
        return block
    content = (first[match.end() :], *block.content[1:])
    if match.group("bullet"):
        return SourceBlock(block.line, content, style=BlockStyle.BULLET)
    return SourceBlock(block.line, content, style=BlockStyle.NUMBERED, marker=match.group("number"))


def _starts_paragraph(previous: str, text: str, standalone: LinePredicate) -> bool:
    if not text or text[0].islower():
        return False
    if standalone(text) or standalone(previous) or LIST_ITEM.match(text):
        return True
    return bool(SENTENCE_END.search(previous.strip()))


def _join_parts(parts: list[RawInline] | list[str], vocabulary: Vocabulary) -> list[RawInline]:
    """Join the lines of one paragraph (separated by '\n' parts) with a space, a hyphen join or
    nothing (a URL broken over lines); then remove mid-line hyphens left by lost line breaks."""
    # A run of text is kept as a list of pieces and joined once at the end, so that a paragraph of
    # many lines costs time in proportion to its length.
    joined: list[RawInline | list[str]] = []
    pending_break = False
    for part in parts:
        if part == "\n":
            pending_break = True
            continue
        last = joined[-1] if joined else None
        if isinstance(part, str) and pending_break and isinstance(last, list):
            join_line(last, part.lstrip(), vocabulary)
        elif isinstance(part, str) and pending_break and joined:
            joined.append([" " + part.lstrip() if part.strip() and part[0] not in ".,;:?!)" else part.lstrip()])
        elif isinstance(part, str):
            joined.append([part])
        else:
            joined.append(part)
        pending_break = False
    runs = ["".join(p) if isinstance(p, list) else p for p in joined]
    merged = _merge_strings(runs)
    return [_dehyphenate(p, vocabulary) if isinstance(p, str) else p for p in merged if p != ""]


def _merge_strings(parts: list[RawInline]) -> list[RawInline]:
    merged: list[RawInline] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + part
        else:
            merged.append(part)
    return merged


WORD_END = re.compile(r"[^\W\d_]+$")
WORD_START = re.compile(r"[^\W\d_]+")
MID_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
_WORD_WINDOW = 80  # longest word half looked at, so a long line is never rescanned


def _dehyphenate(text: str, vocabulary: Vocabulary) -> str:
    """Remove hyphens that a lost line break left inside a word ("regelge-ving")."""
    if "-" not in text:
        return text
    pieces: list[str] = []
    position = 0
    for match in MID_HYPHEN.finditer(text):
        head = WORD_END.search(text, max(0, match.start() - _WORD_WINDOW), match.start())
        tail = WORD_START.match(text, match.end())
        if not head or not tail or _inside_url(text, match.start()):
            continue
        # One link of a chain such as "een-op-een" or "hals-over-kop" is never a line break.
        if text[head.start() - 1 : head.start()] == "-" or text[tail.end() : tail.end() + 1] == "-":
            continue
        if vocabulary.join(head.group(0), tail.group(0), inline=True):
            pieces.append(text[position : match.start()])
            position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def _inside_url(text: str, position: int) -> bool:
    start = max(text.rfind(" ", 0, position), text.rfind("(", 0, position)) + 1
    token = text[start:position]
    return "://" in token or token.startswith("www.") or "/" in token
