"""The conversion pipeline: file → decoded lines → source blocks → Letter → Markdown or JSON.

Problems are returned as diagnostics with the result; nothing here raises on bad input.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import docx_words
from .conservation import missing_words
from .diagnostics import Diagnostic, Reporter
from .linking.linker import link_letter
from .linking.weblinks import find_urls
from .model import Letter, LinkKind, links_of
from .readers import docx, pdf
from .readers.blocks import RawRef, SourceDoc
from .readers.detect import READERS, detect
from .source import decode, looks_binary, split_lines
from .structure.builder import build
from .structure.labels import is_label
from .urls import split_tracking
from .writers.data import front_matter
from .writers.json import write_json
from .writers.markdown import write_markdown
from .writers.summary import write_summary

FORMATS = ("auto", *READERS, "docx", "pdf")
_MAX_REPORTED_WORDS = 20


@dataclass(frozen=True, slots=True)
class Conversion:
    """The outcome for one file: the letter (None when it could not be read) and its diagnostics."""

    letter: Letter | None
    diagnostics: tuple[Diagnostic, ...]
    markdown: str = ""
    repairs: tuple[tuple[str, str], ...] = ()  # words run together that the reader split (as found, as repaired)

    @property
    def ok(self) -> bool:
        return self.letter is not None and not any(d.severity == "error" for d in self.diagnostics)


def convert_bytes(
    data: bytes,
    name: str,
    rendering: str = "auto",
    check: bool = True,
    site: Mapping[str, str] | None = None,
) -> Conversion:
    """Convert the bytes of one letter; `name` is used in diagnostics and as the source name.

    `site` maps the Zaak and Aanhangsel keys of letters published beside this one ('zaak:2024Z17165',
    'aanhangsel:ah-tk-20242025-602') to their pages, so citations of them link there.
    `check` runs the conservation check (every input word on the page); only benchmarks turn it off.
    """
    return link(parse_bytes(data, name, rendering, check), site or {})


def parse_bytes(data: bytes, name: str, rendering: str = "auto", check: bool = True) -> Conversion:
    """Read and structure a letter, without links: the costly part, and the same whatever else the
    site publishes, so it can be cached by content. Linking changes the text a reader sees only by
    leaving tracking out of a cited web address, which the conservation check applies itself, so the
    check is as good here as on the linked page."""
    conversion, source = parse_unchecked(data, name, rendering)
    return checked(conversion, source) if check and source is not None else conversion


@dataclass(frozen=True, slots=True)
class Source:
    """What the conservation check compares a letter's page with."""

    name: str
    text: str  # as read: the lines, joined by "\n"
    removed: tuple[str, ...]  # what the reader and the builder left out by rule (furniture, labels, …)
    numbered: int = 0  # how many of the text's first lines are the file's numbered lines (0: all)


def parse_unchecked(data: bytes, name: str, rendering: str = "auto") -> tuple[Conversion, Source | None]:
    """`parse_bytes` without the conservation check, and what the check needs to run later
    (None for a file that could not be read)."""
    report = Reporter(name)
    numbered = 0
    if not data.strip():
        report.error(1, "file is empty: expected the text of an answer letter")
        return Conversion(None, tuple(report.items)), None
    if docx.is_word_file(data) and rendering in ("auto", "docx"):
        if _has_macros(data):
            report.error(
                0, "a macro-enabled Word package (vbaProject.bin) is refused: save the letter as .docx without macros"
            )
            return Conversion(None, tuple(report.items)), None
        try:
            doc = docx.read(data, report)
        except docx.DocxError as error:
            report.error(0, f"{error}")
            return Conversion(None, tuple(report.items)), None
        lines, numbered = _shown_lines(data, doc, report)  # what the conservation check expects on the page
    elif rendering == "pdf" or (pdf.is_pdf(data) and rendering == "auto"):
        try:
            doc, lines = pdf.read_lines(data, report, is_label)  # lines: the PDF's, as the reader numbers them
        except pdf.PdfError as error:
            report.error(0, f"{error}")
            return Conversion(None, tuple(report.items)), None
    elif looks_binary(data):
        report.error(1, "file is binary, not text: convert the letter to text (UTF-8) first")
        return Conversion(None, tuple(report.items)), None
    else:
        lines = split_lines(decode(data, report), report)
        chosen = detect("\n".join(lines)) if rendering == "auto" else rendering
        doc = READERS[chosen](lines, report, is_label)
    letter, consumed = build(doc, report)
    # link() writes the page, with its links
    # the recorded repairs are the one change of the text that the conservation check accepts
    text, unplaced = _repaired("\n".join(lines), doc.repairs)
    removed = (*doc.removed, *consumed, *unplaced)
    return Conversion(letter, tuple(report.items), repairs=doc.repairs), Source(name, text, removed, numbered)


def _repaired(text: str, repairs: tuple[tuple[str, str], ...]) -> tuple[str, list[str]]:
    """The source text with each recorded repair made where it was found, in reading order; a repair
    whose token the text does not hold as one piece (a note body at the page's foot) is returned."""
    pieces: list[str] = []
    position = 0
    unplaced: list[str] = []
    for found, fixed in repairs:
        at = _token_at(text, found, position)
        if at < 0:
            unplaced.append(found)
            continue
        pieces.append(text[position:at] + fixed)
        position = at + len(found)
    return "".join(pieces) + text[position:], unplaced


def _token_at(text: str, token: str, start: int) -> int:
    """Where `text` holds `token` from `start` on: whole, rather than as a piece of a longer token
    ("woondeals" in "woondealsVerschil"), where it can; -1 if nowhere."""
    first = at = text.find(token, start)
    while at >= 0:
        end = at + len(token)
        if (at == 0 or text[at - 1].isspace()) and (end == len(text) or text[end].isspace()):
            return at
        at = text.find(token, at + 1)
    return first  # glued to a note mark or a label the reader took off (the mark is no word)


def _has_macros(data: bytes) -> bool:
    """A Word package that carries a VBA project (a .docm renamed, or macros kept in a .docx)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return any(name.lower().endswith("vbaproject.bin") for name in package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False  # the Word reader reports what is wrong with the package


def checked(conversion: Conversion, source: Source) -> Conversion:
    """The conversion with the conservation check's warnings: every word of the source on the page."""
    assert conversion.letter is not None
    report = Reporter(source.name)
    shown, dropped = _as_shown(conversion.letter, source.text)
    markdown = write_markdown(shown)
    removed = (*source.removed, *dropped)
    _conserve(source.text, removed, markdown, conversion.letter, _file_lines(source), report)
    return Conversion(conversion.letter, conversion.diagnostics + tuple(report.items), repairs=conversion.repairs)


def _as_shown(letter: Letter, text: str) -> tuple[Letter, tuple[str, ...]]:
    """The letter as its page shows it, and the tracking parameters that page leaves out of the web
    addresses it cites, as written: the one change linking makes to the text a reader sees (a link to
    a page of the site shows the same text). Linked only when the text cites such an address."""
    if not _cites_tracking(text):
        return letter, ()
    linked = link_letter(letter, {}, Reporter(letter.source))  # its warnings are linking's, reported there
    web = [link.text for link in links_of(linked) if link.kind is LinkKind.WEB]
    return linked, tuple(piece for address in web for piece in split_tracking(address)[1])


def _shown_lines(data: bytes, doc: SourceDoc, report: Reporter) -> tuple[list[str], int]:
    """The text a Word file shows, read from the package apart from the reader (docx_words), so that
    the check catches text the reader lost: the body's lines (numbered as the reader numbers the
    paragraphs), then the notes', and how many the body's are. When the package cannot be read
    again, the reader's own text, with a warning."""
    try:
        shown = docx_words.shown_text(data)
    except docx_words.UnreadablePackage as error:
        report.warn(
            0,
            f"the conservation check could not read the Word file again ({error}): the page is checked "
            "against the reader's own text only",
        )
        return _text_lines(doc), 0
    return [*shown.lines, *shown.notes], len(shown.lines)


def _file_lines(source: Source) -> list[str]:
    """The source's lines a missing word is looked up in: past the numbered ones (a Word file's
    notes) a word is reported at line 0."""
    lines = source.text.split("\n")
    return lines[: source.numbered] if source.numbered else lines


def _cites_tracking(text: str) -> bool:
    # only lines with an address and a "?" are searched: the address pattern is slow on a whole letter
    lines = (line for line in text.split("\n") if "?" in line and ("://" in line or "www." in line))
    return any(split_tracking(address)[1] for line in lines for _, _, address in find_urls(line))


def _text_lines(doc: SourceDoc) -> list[str]:
    """The text a Word file's reader found (blocks, then note bodies), as the text readers' lines."""
    notes = [
        "".join(p if isinstance(p, str) else "" if isinstance(p, RawRef) else p.text for p in n.content)
        for n in doc.notes
    ]
    return [*(b.text for b in doc.blocks), *notes]


def link(parsed: Conversion, site: Mapping[str, str], page: bool = True) -> Conversion:
    """Add the links to a parsed letter; `site` as for convert_bytes. Without `page` the letter's own
    Markdown page is not written (the site writes its pages from the model)."""
    if parsed.letter is None:
        return parsed
    report = Reporter(parsed.letter.source)
    letter = link_letter(parsed.letter, site, report)
    return Conversion(
        letter, parsed.diagnostics + tuple(report.items), write_markdown(letter) if page else "", parsed.repairs
    )


def convert_file(path: Path, rendering: str = "auto", site: Mapping[str, str] | None = None) -> Conversion:
    try:
        data = path.read_bytes()
    except OSError as exc:
        report = Reporter(str(path))
        report.error(0, f"cannot read file: {exc.strerror or exc}")
        return Conversion(None, tuple(report.items))
    return convert_bytes(data, str(path), rendering, site=site)


def render(conversion: Conversion, to: str) -> str:
    assert conversion.letter is not None
    if to == "summary":
        return write_summary(conversion.letter)
    return conversion.markdown if to == "markdown" else write_json(conversion.letter)


def _conserve(
    source: str,
    removed: tuple[str, ...],
    markdown: str,
    letter: Letter,
    lines: list[str],
    report: Reporter,
) -> None:
    metadata = " ".join(_values(front_matter(letter)))
    lost = missing_words(source, removed, markdown, metadata)
    for word in sorted(set(lost))[:_MAX_REPORTED_WORDS]:
        report.warn(_line_of(word, lines), f"word '{word}' of the letter is missing from the output")
    if len(set(lost)) > _MAX_REPORTED_WORDS:
        report.warn(0, f"{len(set(lost)) - _MAX_REPORTED_WORDS} more words are missing from the output")


def _values(data: object) -> Iterator[str]:
    """Every string in the front matter, where metadata-only lines of the letter are shown."""
    if isinstance(data, dict):
        for value in data.values():
            yield from _values(value)
    elif isinstance(data, list):
        for value in data:
            yield from _values(value)
    elif isinstance(data, str):
        yield data


def _line_of(word: str, lines: list[str]) -> int:
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return next((n for n, line in enumerate(lines, start=1) if pattern.search(line)), 0)
