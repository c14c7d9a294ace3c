"""Reader for PDF files as published (Aanhangsel, Kamervragen): glyphs → lines → the source blocks
the PDF text reader (`pdf_text.py`) gives, so that the structure stage knows nothing of PDF.

The glyphs are read with pypdfium2 (PDFium; chosen by measurement, see docs/benchmarks.md): each
one's character, its advance box (left and right edge), its baseline and its font size. What a PDF's
text loses, its glyphs still tell:

- a note mark is a digit raised above its line's baseline in a smaller size (never a guess from the
  digits' neighbours); a note body is a line in the notes' smaller size below the page's text that
  opens with such a raised number;
- page furniture is known by its place and size: a line in the margin beside the text column, and a
  line above a page's first or below its last line of text or notes that is set in another size
  (the first page's masthead, the footer "Tweede Kamer, vergaderjaar …, Aanhangsel" and its page
  number, the `ah-tk-…`, ISSN and "’s-Gravenhage" block); the masthead's Aanhangsel number (or a
  questions PDF's Zaak) and the page id are kept as facts;
- a space is written where two glyphs have a gap, not where the file has a space character;
- a paragraph ends at a vertical gap, a change of indent, a list item, a label line (`standalone`),
  or a line that ends short: the next line's first word would have fitted on it;
- a line that ends in a hyphen is joined to the next as `hyphenation.Vocabulary` decides.

A "line" of a PDF: the glyphs of one page that share a baseline (a raised note mark and a lowered
subscript belong to the line they stand on), left to right, cut in two where a gap wider than three
times the font size separates them (the margin's furniture from the text column, a page number from
its footer). Lines are numbered 1, 2, … in reading order through the whole document: page by page,
top to bottom, and left to right where two share a baseline; furniture and note lines are numbered
too, as if the PDF were a text file with one line per line. A block's and a note's `line` and every
diagnostic use these numbers; `read_lines` also returns the lines' text (a raised mark as its digits,
glued to the word before it), which is what the conservation check compares the page with.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, NamedTuple

from ..diagnostics import Reporter
from ..hyphenation import Vocabulary
from ..model import BlockStyle
from .blocks import RawInline, RawNote, RawRef, SourceBlock, SourceDoc
from .common import LinePredicate, never
from .lines import join_line
from .pdf_text import (
    DIGIT_WORD,
    DOCUMENT_NUMBER,
    FURNITURE,
    LIST_ITEM,
    LIST_MARKER,
    PAGE_ID,
    SENTENCE_END,
)

MAGIC = b"%PDF-"
MAX_PAGES = 2_000  # a letter has a few pages; beyond this the file is no letter
MAX_GLYPHS = 4_000_000  # the corpus letters have ~3,000 a page
UNKNOWN_SHARE = 0.01  # glyphs without a known character beyond this share: the text is garbled

# Geometry, in units of the font size (em) of the line at hand.
BASELINE_TOLERANCE = 0.2  # glyphs whose baselines differ less share a line
SMALL = 0.85  # a glyph smaller than this share of its line's size may be raised (a mark) or lowered
RAISED = 0.6  # how far above its line's baseline a raised glyph may stand
LOWERED = 0.4  # how far below it a lowered one
SPACE = 0.12  # a gap wider than this between two glyphs is a space (a word space is ~0.28 em)
COLUMN_GAP = 3.0  # a gap wider than this cuts a line in two
PARAGRAPH_GAP = 1.5  # a baseline distance beyond this many times the usual one ends a paragraph
INDENT = 0.5  # line starts further apart than this are another indent
SAME_SIZE = 0.06  # sizes within this share of each other are one size
NOTE_SIZE = 0.92  # notes are set smaller than this share of the body text's size
FULL_LINE = 0.9  # the text column ends where this share of its lines end

# What PDFium reports for a hyphen it takes for a line-end break, and the soft hyphen.
HYPHENS = {"\x02": "-", "\ufffe": "-", "\u00ad": "-"}
# Space characters are left out: the gaps between glyphs decide where a space is.
BLANK = frozenset(" \t\r\n\x00\u00a0\u2002\u2003\u2009\u200a\u200b\u202f\ufeff")
MARK_TEXT = re.compile(r"^\d{1,3}(?:[,\s]+\d{1,3})*$")  # raised digits: "1", "2, 3"
# PDFium's load errors (FPDF_GetLastError) and what to do about each.
LOAD_ERRORS = {
    2: "a file that cannot be opened as a PDF: save or download it again",
    3: "a damaged PDF (its structure cannot be read, perhaps truncated): download or export it again",
    4: "an encrypted PDF (password-protected): save or print it again as a PDF without a password",
    5: "an encrypted PDF of an unsupported kind: save or print it again as a PDF without encryption",
}


class PdfError(Exception):
    """The file is no readable PDF letter; the message says what is wrong and what to do."""


class Glyph(NamedTuple):
    """One glyph of a page: PDF space, points, y upwards."""

    char: str
    x0: float  # left edge of its advance
    x1: float  # right edge
    base: float  # baseline
    size: float  # font size
    shift: int = 0  # 1: raised above its line (a mark), -1: lowered (a subscript)


@dataclass
class _Mark:
    """A run of raised digits in a line: note marks where the page has notes of those numbers."""

    text: str
    keys: tuple[str, ...]


Part = RawInline | _Mark


@dataclass
class _Line:
    """A line of a page: its glyphs left to right, their text, and what the layout makes of it."""

    page: int
    glyphs: list[Glyph]
    base: float
    size: float
    number: int = 0
    text: str = ""  # as written, a raised mark as its digits
    content: list[Part] = field(default_factory=list)
    kind: str = "body"  # "body", "note" or "furniture"

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1


def is_pdf(data: bytes) -> bool:
    """A PDF file: its header at the start or, as readers accept, within its first kilobyte."""
    head = data[:1024]
    return head.lstrip(b"\xef\xbb\xbf\x00 \t\r\n").startswith(MAGIC) or (MAGIC in head and b"%%EOF" in data[-2048:])


def read(data: bytes, report: Reporter, standalone: LinePredicate = never) -> SourceDoc:
    """Read a PDF; PdfError when it cannot be: no text layer (scanned), encrypted, damaged.
    `standalone` tells a line that stands alone as a paragraph (a label such as "Vraag 3")."""
    return read_lines(data, report, standalone)[0]


def read_lines(data: bytes, report: Reporter, standalone: LinePredicate = never) -> tuple[SourceDoc, list[str]]:
    """`read`, and the text of every line of the PDF in reading order (line N is item N - 1)."""
    return read_glyphs(glyphs(data, report), report, standalone)


def read_glyphs(
    pages: Sequence[Sequence[Glyph]], report: Reporter, standalone: LinePredicate = never
) -> tuple[SourceDoc, list[str]]:
    """The reader proper, on each page's glyphs (from any PDF library: the benchmark feeds it others')."""
    lines = [line for number, page in enumerate(pages, start=1) for line in _lines(page, number)]
    for number, line in enumerate(lines, start=1):
        line.number = number
        _compose(line)
    body = _body_size(lines)
    removed: list[str] = []
    facts = _furniture(lines, body, removed)
    vocabulary = Vocabulary(line.text for line in lines if line.kind != "furniture")
    notes = _notes(lines, body, removed, report)
    blocks = _paragraphs([line for line in lines if line.kind == "body"], vocabulary, standalone)
    note_blocks = tuple(RawNote("page", key, number, tuple(_join(parts, vocabulary))) for key, number, parts in notes)
    doc = SourceDoc("pdf", tuple(blocks), note_blocks, tuple(removed), facts=facts)
    return doc, [line.text for line in lines]


# --- glyphs -----------------------------------------------------------------------------------


def glyphs(data: bytes, report: Reporter) -> list[list[Glyph]]:
    """Every page's glyphs, read with PDFium (space characters left out: the gaps decide them)."""
    if not is_pdf(data):
        raise PdfError("not a PDF file (it does not start with %PDF-): convert it with --format auto")
    # deferred: ~60 ms to import, and only PDF letters need it
    import pypdfium2 as pdfium  # noqa: PLC0415
    from pypdfium2 import raw  # noqa: PLC0415

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PdfError(LOAD_ERRORS.get(error.err_code or 0, LOAD_ERRORS[3])) from error
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise PdfError(f"a PDF of {count} pages: more than {MAX_PAGES}, this is no letter")
        pages: list[list[Glyph]] = []
        scanned: list[int] = []
        total = 0
        for index in range(count):
            try:
                page = document[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as error:
                raise PdfError(
                    f"a damaged PDF: page {index + 1} cannot be read ({error}); download or export it again"
                ) from error
            try:
                found = _page_glyphs(raw, textpage)
                if not found and _has_images(raw, page):
                    scanned.append(index + 1)
            finally:
                textpage.close()
                page.close()
            total += len(found)
            if total > MAX_GLYPHS:
                raise PdfError(f"a PDF of more than {MAX_GLYPHS:,} characters: this is no letter")
            pages.append(found)
    finally:
        document.close()
    if not total:
        if scanned:
            raise PdfError(
                "a scanned PDF: its pages are images without a text layer; run text recognition (OCR, "
                "such as ocrmypdf) on it first, or convert the letter's Word file or text instead"
            )
        raise PdfError("a PDF without any text: nothing to convert; convert the letter's Word file or text instead")
    for number in scanned:
        report.warn(0, f"page {number} is an image without a text layer (scanned?): its text is missing")
    unknown = sum(1 for page in pages for glyph in page if _unknown(glyph[0]))
    if unknown > UNKNOWN_SHARE * total:
        report.warn(
            0,
            f"{unknown} of the PDF's {total} characters have no known text (its fonts lack a Unicode map): "
            "the text may be garbled; convert the letter's Word file or text instead",
        )
    return pages


def _unknown(char: str) -> bool:
    """A glyph PDFium could not name: the replacement character or one of the private use area."""
    return char == "\ufffd" or "\ue000" <= char <= "\uf8ff"


def _page_glyphs(raw: Any, textpage: Any) -> list[Glyph]:
    count = raw.FPDFText_CountChars(textpage)
    if count <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != count:  # characters outside the BMP: ask for each one
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage, i) or 32) for i in range(count))
    box = raw.FS_RECTF()
    x = ctypes.c_double()
    y = ctypes.c_double()
    matrix = raw.FS_MATRIX()
    loose_box = raw.FPDFText_GetLooseCharBox
    origin = raw.FPDFText_GetCharOrigin
    font_size = raw.FPDFText_GetFontSize
    char_matrix = raw.FPDFText_GetMatrix
    found: list[Glyph] = []
    append = found.append
    new = tuple.__new__  # a Glyph without NamedTuple's keyword handling: this loop runs per glyph
    height = -1.0
    size = 0.0
    for index, char in enumerate(text):
        if char in BLANK:
            continue
        loose_box(textpage, index, box)
        origin(textpage, index, x, y)
        # The font size (the font's size times the text's scale) is asked for again only where the
        # glyphs' height changes, at a new font or size: a page has a few dozen such runs.
        extent = box.top - box.bottom
        if abs(extent - height) > 0.01 * height:
            char_matrix(textpage, index, matrix)
            size = round(font_size(textpage, index) * ((matrix.b**2 + matrix.d**2) ** 0.5 or 1.0), 1)
            height = extent
        append(new(Glyph, (HYPHENS.get(char, char), box.left, box.right, y.value, size, 0)))
    return found


def _has_images(raw: Any, page: Any) -> bool:
    return any(
        raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page, index)) == raw.FPDF_PAGEOBJ_IMAGE
        for index in range(raw.FPDFPage_CountObjects(page))
    )


# --- lines ------------------------------------------------------------------------------------


def _lines(page_glyphs: Sequence[Glyph], page: int) -> list[_Line]:
    """A page's lines in reading order: rows of one baseline, raised and lowered glyphs moved to the
    line they stand on, cut at wide gaps."""
    # Glyph fields by index in the loops that run per glyph: 1 x0, 2 x1, 3 base, 4 size, 5 shift.
    rows: list[list[Glyph]] = []
    row: list[Glyph] = []
    base = size = 0.0
    for glyph in sorted(page_glyphs, key=_reading_order):
        if row and abs(base - glyph[3]) <= BASELINE_TOLERANCE * (glyph[4] if glyph[4] > size else size):
            row.append(glyph)
        else:
            row = [glyph]
            rows.append(row)
            base, size = glyph[3], glyph[4]
    sizes = [_size(row) for row in rows]
    for index, small in enumerate(rows):
        host = _host(rows, sizes, index)
        if host is not None:
            target, shift = host
            rows[target].extend(g._replace(shift=shift) for g in small)
            rows[index] = []
    lines: list[_Line] = []
    for index, row in enumerate(rows):
        if not row:
            continue
        row.sort(key=_left)
        size = sizes[index]
        widest = COLUMN_GAP * size
        cuts = [cut for cut in range(1, len(row)) if row[cut][1] - row[cut - 1][2] > widest]
        if not cuts:
            lines.append(_Line(page, row, _baseline(row), size))
            continue
        for start, end in pairwise([0, *cuts, len(row)]):
            part = row[start:end]
            lines.append(_Line(page, part, _baseline(part), _size(part)))
    return lines


def _reading_order(glyph: Glyph) -> tuple[float, float]:
    return -glyph[3], glyph[1]


def _left(glyph: Glyph) -> float:
    return glyph[1]


def _baseline(part: Sequence[Glyph]) -> float:
    return next((g.base for g in part if not g.shift), part[0].base)


def _size(row: Sequence[Glyph]) -> float:
    """The size most of a row's glyphs have (raised and lowered ones apart)."""
    counts = Counter([g[4] for g in row if not g[5]] or [g[4] for g in row])
    return counts.most_common(1)[0][0]


def _host(rows: list[list[Glyph]], sizes: list[float], index: int) -> tuple[int, int] | None:
    """(row, shift) of the line a row of small glyphs belongs to: the one below it, when it is
    raised above that line's baseline (a note mark), or the one above, when it is lowered below
    that one's (a subscript); None for a row of its own."""
    row = rows[index]
    size = sizes[index]
    left = row[0].x0
    right = max(g.x1 for g in row)
    below = index + 1
    if below < len(rows) and rows[below]:
        rise = row[0].base - rows[below][0].base
        if _small(size, sizes[below], rise, RAISED) and _beside(rows[below], left, right, sizes[below]):
            return below, 1
    above = index - 1
    while above >= 0 and not rows[above]:
        above -= 1
    if above >= 0:
        drop = rows[above][0].base - row[0].base
        if _small(size, sizes[above], drop, LOWERED) and _beside(rows[above], left, right, sizes[above]):
            return above, -1
    return None


def _small(size: float, host: float, distance: float, most: float) -> bool:
    return size < SMALL * host and 0 < distance <= most * host


def _beside(host: list[Glyph], left: float, right: float, size: float) -> bool:
    return any(g.x0 - size <= right and left <= g.x1 + size for g in host)


def _compose(line: _Line) -> None:
    """The line's text (a space at each gap) and its content: text, and runs of raised digits."""
    text: list[str] = []
    content: list[Part] = []
    run: list[str] = []  # text since the last raised run
    raised: list[str] = []
    space = SPACE * line.size
    glyphs = line.glyphs
    if not any(g[5] == 1 for g in glyphs):  # the common line: no mark, text only
        run.append(glyphs[0][0])
        for left, right in pairwise(glyphs):
            if right[1] - left[2] > space:
                run.append(" ")
            run.append(right[0])
        line.text = "".join(run)
        line.content = [line.text]
        return
    previous: Glyph | None = None
    for glyph in glyphs:
        if previous is not None and glyph.x0 - previous.x1 > space:
            if glyph.shift == 1 and previous.shift == 1:
                raised.append(" ")
                text.append(" ")
            elif glyph.shift != 1:  # a mark belongs to the word before it, however far it stands
                _flush(raised, run, content)
                run.append(" ")
                text.append(" ")
        if glyph.shift == 1:
            if previous is not None and previous.shift != 1 and previous.char.isdigit() and text[-1] != " ":
                text.append(" ")  # "2022" and its mark 4 are two words, not "20224"
            raised.append(glyph.char)
        else:
            _flush(raised, run, content)
            run.append(glyph.char)
        text.append(glyph.char)
        previous = glyph
    _flush(raised, run, content)
    if run:
        content.append("".join(run))
    line.text = "".join(text)
    line.content = content


def _flush(raised: list[str], run: list[str], content: list[Part]) -> None:
    """End a run of raised glyphs: digits become a mark, anything else ("e" of "2e") text."""
    if not raised:
        return
    written = "".join(raised).strip()
    raised.clear()
    if MARK_TEXT.match(written):
        if run:
            content.append("".join(run))
            run.clear()
        content.append(_Mark(written, tuple(re.findall(r"\d+", written))))
    else:
        run.append(written)


# --- furniture and notes ----------------------------------------------------------------------


def _body_size(lines: list[_Line]) -> float:
    """The size of the body text: the one most glyphs have."""
    counts: Counter[float] = Counter()
    for line in lines:
        counts[line.size] += len(line.glyphs)
    return counts.most_common(1)[0][0]


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= SAME_SIZE * max(a, b)


def _by_page(lines: list[_Line]) -> list[list[_Line]]:
    pages: dict[int, list[_Line]] = {}
    for line in lines:
        pages.setdefault(line.page, []).append(line)
    return list(pages.values())


def _furniture(lines: list[_Line], body: float, removed: list[str]) -> tuple[tuple[str, str], ...]:
    """Mark the page furniture: lines in the margin beside the text column, and lines above a page's
    first or below its last line of text or notes set in another size (or a page number, or a
    furniture pattern there). Returns the facts it carries: page id, Aanhangsel number or Zaak."""
    starts = Counter(round(line.x0) for line in lines if _same(line.size, body))
    column = starts.most_common(1)[0][0] if starts else 0.0
    facts: list[tuple[str, str]] = []
    masthead: list[_Line] = []
    for page in _by_page(lines):
        text = [i for i, line in enumerate(page) if _same(line.size, body) and line.x1 > column]
        first = text[0] if text else len(page)
        last = max(text[-1] if text else -1, _note_end(page, text[-1] if text else -1, body))
        if not text and last >= 0:  # a page of notes only
            first = min(i for i, line in enumerate(page) if line.size < NOTE_SIZE * body)
        for index, line in enumerate(page):
            outside = index < first or index > last
            other = not _same(line.size, body) or line.text.isdigit() or _pattern(line.text)
            if line.x1 < column or (outside and other):
                line.kind = "furniture"
                removed.append(line.text)
                if page[0].page == 1 and index < first:
                    masthead.append(line)
                page_id = PAGE_ID.match(line.text)
                if page_id:
                    facts.append(("page-id", page_id.group(1)))
    numbers = [match for line in masthead if (match := DOCUMENT_NUMBER.match(line.text))]
    if numbers:
        number = numbers[-1]  # the masthead's last number: the chamber's big "2" stands above it
        facts.append(("aanhangsel-number" if number.group("aanhangsel") else "zaak", number.group(0)))
    return tuple(dict.fromkeys(facts))


def _note_end(page: list[_Line], last_text: int, body: float) -> int:
    """Index of a page's last note line: from the first small line after the text that opens a
    note, the lines in that note's size."""
    start = next(
        (i for i in range(last_text + 1, len(page)) if page[i].size < NOTE_SIZE * body and _opens_note(page[i])), None
    )
    if start is None:
        return -1
    end = start
    while end + 1 < len(page) and _same(page[end + 1].size, page[start].size):
        end += 1
    return end


def _opens_note(line: _Line) -> bool:
    """A note body opens with its number, raised."""
    first = line.content[0] if line.content else ""
    return isinstance(first, _Mark) and len(first.keys) == 1


def _pattern(text: str) -> bool:
    return any(pattern.match(text.strip()) for _, pattern, _ in FURNITURE)


def _notes(
    lines: list[_Line], body: float, removed: list[str], report: Reporter
) -> list[tuple[str, int, list[RawInline]]]:
    """Cut the note bodies at each page's foot and turn the raised digits above them that carry
    their numbers into references; raised digits without a note stay text."""
    notes: list[tuple[str, int, list[RawInline]]] = []
    for page in _by_page([line for line in lines if line.kind != "furniture"]):
        bodies: dict[str, tuple[int, list[RawInline]]] = {}
        current: list[RawInline] | None = None
        last_text = max((i for i, line in enumerate(page) if _same(line.size, body)), default=-1)
        for line in page[last_text + 1 :]:
            if line.size >= NOTE_SIZE * body:
                current = None
            elif _opens_note(line):
                mark = line.content[0]
                assert isinstance(mark, _Mark)
                key = mark.keys[0]
                current = [_text(part) for part in line.content[1:]]
                if current and isinstance(current[0], str):
                    current[0] = current[0].lstrip()
                if key in bodies:
                    report.warn(line.number, f"a second note {key} at the foot of its page: kept as a note of its own")
                    key = f"{key}-{line.number}"
                bodies[key] = (line.number, current)
                removed.append(mark.text)
                line.kind = "note"
            elif current is not None:
                current.extend(("\n", *(_text(part) for part in line.content)))
                line.kind = "note"
        text = [line for line in page if line.kind == "body"]
        placed: set[str] = set()
        for line in text:
            resolved: list[Part] = []
            for part in line.content:
                if isinstance(part, _Mark):
                    resolved.extend(_resolve(part, resolved, line.number, bodies, placed, removed, report))
                else:
                    resolved.append(part)
            line.content = resolved
        for key, (number, parts) in bodies.items():
            if key not in placed:
                report.warn(number, f"note {key} has no raised mark on its page; attached to the page's last paragraph")
                if text:
                    text[-1].content.append(RawRef("page", key))
            notes.append((key, number, parts))
    return notes


def _resolve(
    mark: _Mark,
    before: list[Part],
    number: int,
    bodies: dict[str, tuple[int, list[RawInline]]],
    placed: set[str],
    removed: list[str],
    report: Reporter,
) -> list[Part]:
    """The raised digits' note references, when the page has a note of each number."""
    word = re.search(r"[^\W\d_]*$", before[-1]) if before and isinstance(before[-1], str) else None
    if word and word.group() and DIGIT_WORD.fullmatch(word.group() + mark.text):
        return [mark]  # "m2", "CO2": the digits of a word written with them
    if not all(key in bodies and key not in placed for key in mark.keys):
        report.warn(number, f"raised {mark.text} looks like a note mark, but its page has no such note; kept as text")
        return [mark]
    placed.update(mark.keys)
    removed.append(mark.text)
    return [RawRef("page", key) for key in mark.keys]


def _text(part: Part) -> RawInline:
    return part.text if isinstance(part, _Mark) else part


# --- paragraphs -------------------------------------------------------------------------------


def _paragraphs(lines: list[_Line], vocabulary: Vocabulary, standalone: LinePredicate) -> list[SourceBlock]:
    """Rejoin the body lines into paragraphs by the layout: gaps, indents, short lines, labels."""
    pitch = _pitch(lines)
    ends = sorted(line.x1 for line in lines)
    right = ends[int(FULL_LINE * (len(ends) - 1))] if ends else 0.0
    blocks: list[tuple[int, list[RawInline]]] = []
    previous: _Line | None = None
    for line in lines:
        content = [_text(part) for part in line.content]
        if previous is None or _starts_paragraph(previous, line, pitch, right, standalone):
            blocks.append((line.number, content))
        else:
            blocks[-1][1].append("\n")
            blocks[-1][1].extend(content)
        previous = line
    return [_list_item(SourceBlock(number, tuple(_join(parts, vocabulary))), standalone) for number, parts in blocks]


def _pitch(lines: list[_Line]) -> float:
    """The usual distance between the baselines of two lines of a paragraph."""
    distances = Counter(round(a.base - b.base, 1) for a, b in pairwise(lines) if a.page == b.page and a.base > b.base)
    return distances.most_common(1)[0][0] if distances else 0.0


def _starts_paragraph(previous: _Line, line: _Line, pitch: float, right: float, standalone: LinePredicate) -> bool:
    text = line.text
    if standalone(text) or standalone(previous.text) or LIST_ITEM.match(text):
        return True
    em = line.size
    if line.page == previous.page and pitch and previous.base - line.base > PARAGRAPH_GAP * pitch:
        return True
    if abs(line.x0 - previous.x0) > INDENT * em and abs(line.x0 - _hang(previous)) > INDENT * em:
        return True
    if text[0].islower() or previous.text.endswith("-"):
        return False
    # After a line without a sentence end only a capital opens a paragraph: "24 april" or
    # "(< 10.000 kg)" after a short line were kept together by a no-break space.
    if not SENTENCE_END.search(previous.text) and not text[0].isupper():
        return False
    return previous.x1 + 0.3 * em + _first_word(line) < right


def _hang(line: _Line) -> float:
    """Where a list item's text starts after its marker ("1.", "–", "•"): its next lines line up there."""
    marker = LIST_MARKER.match(line.text)
    if not marker:
        return line.x0
    width = len(marker.group(0).replace(" ", ""))
    return line.glyphs[width].x0 if width < len(line.glyphs) else line.x0


def _first_word(line: _Line) -> float:
    glyphs = line.glyphs
    for a, b in pairwise(glyphs):
        if b.x0 - a.x1 > SPACE * line.size:
            return a.x1 - glyphs[0].x0
    return glyphs[-1].x1 - glyphs[0].x0


def _list_item(block: SourceBlock, standalone: LinePredicate) -> SourceBlock:
    """A paragraph that opens with '2. ', '– ' or '• ' is a list item; the marker moves to the block."""
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


def _join(parts: Iterable[RawInline], vocabulary: Vocabulary) -> list[RawInline]:
    """Join the lines of a paragraph or note ("\n" between them): with a space, by a hyphen join,
    or directly after a web address broken at the line end."""
    # A run of text is kept as a list of pieces and joined once at the end, so that a paragraph of
    # many lines costs time in proportion to its length.
    joined: list[RawInline | list[str]] = []
    pending = False
    for part in parts:
        if part == "\n":
            pending = True
            continue
        last = joined[-1] if joined and isinstance(joined[-1], list) else None
        if isinstance(part, str) and last is not None:
            if pending:
                join_line(last, part, vocabulary)
            else:
                last.append(part)
        elif isinstance(part, str) and pending and joined:  # after a mark that ended the line before
            joined.append([" " + part if part and part[0] not in ".,;:?!)" else part])
        elif isinstance(part, str):
            joined.append([part])
        else:
            joined.append(part)
        pending = False
    runs = ["".join(part) if isinstance(part, list) else part for part in joined]
    return [part for part in runs if part != ""]
