"""Hostile Word packages: each gets a diagnostic, never a traceback, in bounded memory and work, and
the other letters of a build still build. Each package is built here with zipfile from a real letter
(tests/docx_fixtures.py), then broken the way the issue found it broken."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import pytest

from kamervragen.convert import Conversion, convert_bytes
from kamervragen.diagnostics import Reporter
from kamervragen.readers import docx
from kamervragen.site.archive import build_archive

from .docx_fixtures import Letter, _unzip

T = TypeVar("T")
MB = 1_000_000
DOCUMENT = "word/document.xml"
ANSWER = b"<w:t>Ja, dat klopt.</w:t>"  # the answer's text as python-docx writes it: a unique marker
RUN = b'<w:r><w:rPr><w:b w:val="0"/></w:rPr>' + ANSWER + b"</w:r>"  # and its run


def _letter() -> Letter:
    word = Letter()
    for line in (
        "AH 613",
        "2024Z14814",
        "Antwoord van staatssecretaris Karremans (Volksgezondheid) (ontvangen 20 november 2024)",
    ):
        word.paragraph(line)
    word.paragraph("Vraag 1", bold=True)
    word.paragraph("Kent u het bericht?")
    word.paragraph("Antwoord 1", bold=True)
    word.paragraph("Ja, dat klopt.")
    return word


def _package(
    parts: dict[str, bytes],
    stored: Iterable[str] = (),
    streamed: dict[str, Callable[[], Iterable[bytes]]] | None = None,
) -> bytes:
    """A zip of the parts; `stored` ones uncompressed; a `streamed` part written chunk by chunk, so
    that a part of hundreds of MB never is in memory whole (only its few hundred kB compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if streamed and name in streamed:
                with archive.open(name, "w") as member:
                    for chunk in streamed[name]():
                        member.write(chunk)
            else:
                kind = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
                archive.writestr(name, data, compress_type=kind)
    return buffer.getvalue()


def _record(data: bytes, name: str) -> int:
    """Where the central directory's record of `name` begins (zipfile reads a part's sizes, CRC,
    flags and compression method from there)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        at: int = archive.start_dir
    while True:
        length, extra, comment = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46 : at + 46 + length] == name.encode():
            return at
        at += 46 + length + extra + comment


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """The package with `name`'s uncompressed size in both its headers (local and central) set to
    `size`: what the part says it unpacks to, not what it does."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    patched = bytearray(data)
    struct.pack_into("<I", patched, local + 22, size)
    struct.pack_into("<I", patched, _record(data, name) + 24, size)
    return bytes(patched)


def _central(data: bytes, name: str, offset: int, value: int) -> bytes:
    """The package with a 2-byte field of `name`'s central directory record set to `value`."""
    patched = bytearray(data)
    struct.pack_into("<H", patched, _record(data, name) + offset, value)
    return bytes(patched)


def _peak(work: Callable[[], T]) -> tuple[T, int]:
    """What `work` returns, and the most memory it held at once (Python's allocations, the XML
    parser's included: pyexpat allocates through Python)."""
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _error(conversion: Conversion, name: str = "brief.docx") -> str:
    """The one diagnostic of a letter that could not be read, as the build prints it."""
    assert conversion.letter is None
    (problem,) = conversion.diagnostics
    text = str(problem)
    assert text.startswith(f"{name}:0: error: "), text
    return text


# 1. A bad CRC in a stored part: zipfile finds it only when the part is read, after the zip opened.


def bad_crc() -> bytes:
    data = _package(_unzip(_letter().bytes()), stored=[DOCUMENT])
    assert data.count(ANSWER) == 1  # stored: the part's bytes are in the zip as they are
    return data.replace(ANSWER, ANSWER.replace(b"klopt", b"kl0pt"))


def test_a_bad_crc_in_a_stored_part_is_a_damaged_file() -> None:
    assert _error(convert_bytes(bad_crc(), "brief.docx")) == (
        "brief.docx:0: error: a damaged .docx (word/document.xml cannot be unpacked: "
        "Bad CRC-32 for file 'word/document.xml'): save it again from Word"
    )


def _garbled(data: bytes, name: str) -> bytes:
    """The package with the start of `name`'s compressed data overwritten."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        offset = archive.getinfo(name).header_offset
    name_length, extra = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_length + extra
    return data[:start] + b"\xff" * 16 + data[start + 16 :]


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        (lambda data: _central(data, DOCUMENT, 8, 1), "is encrypted, password required"),  # flag bit 0
        (lambda data: _central(data, DOCUMENT, 10, 99), "compression method is not supported"),  # AES
        (lambda data: _central(data, DOCUMENT, 10, 12), "Invalid data stream"),  # deflate labelled bzip2
        (lambda data: _garbled(data, DOCUMENT), "Error -3 while decompressing data"),  # zlib.error
    ],
    ids=["encrypted-part", "unknown-compression", "wrong-compression", "broken-deflate"],
)
def test_a_part_zipfile_cannot_unpack_is_a_damaged_file(damage: Callable[[bytes], bytes], why: str) -> None:
    message = _error(convert_bytes(damage(_letter().bytes()), "brief.docx"))
    assert "a damaged .docx (word/document.xml cannot be unpacked: " in message
    assert why in message
    assert message.endswith("save it again from Word")


# 2. A part whose headers say it is small and which inflates far past the reader's limit.

LIE = 300 * MB  # what document.xml really unpacks to: more than docx.PART_LIMIT


def lying_size() -> bytes:
    parts = _unzip(_letter().bytes())
    document = parts[DOCUMENT]
    blank = b" " * MB  # whitespace after the root element: well-formed XML, and it compresses 1000:1

    def inflated() -> Iterable[bytes]:
        yield document
        for _ in range(LIE // MB):
            yield blank

    data = _package(parts, streamed={DOCUMENT: inflated})
    return _declare_size(data, DOCUMENT, len(document))  # the headers claim the letter's own size


def test_a_part_whose_headers_lie_about_its_size_is_never_inflated_whole() -> None:
    """zipfile stops at the declared size and then finds the CRC wrong; read a chunk at a time, the
    reader never holds more than a chunk of what the part inflates to (read whole: 636 MB RSS here,
    2.1 GB for a part of 1.9 GB)."""
    data = lying_size()
    assert len(data) < 2 * MB
    assert LIE > docx.PART_LIMIT
    conversion, peak = _peak(lambda: convert_bytes(data, "brief.docx"))
    message = _error(conversion)
    assert "a damaged .docx (word/document.xml cannot be unpacked: Bad CRC-32" in message
    assert peak < 20 * MB, f"{peak / MB:.0f} MB held while reading a part of {LIE // MB} MB"


def test_a_part_that_says_it_is_too_large_is_refused_without_inflating_it() -> None:
    parts = _unzip(_letter().bytes())
    data = _package(parts, streamed={DOCUMENT: lambda: (b" " * MB for _ in range(docx.PART_LIMIT // MB + 1))})
    conversion, peak = _peak(lambda: convert_bytes(data, "brief.docx"))
    assert "word/document.xml unpacks to more than 200 MB: not a letter" in _error(conversion)
    assert peak < 5 * MB


def test_many_parts_each_under_the_limit_are_limited_together_as_they_are_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Headers honest about their size, each under PART_LIMIT, the third past PACKAGE_LIMIT: counted as
    inflated, reading stops a chunk past it. (The limits scaled down by 10, to build the file quickly.)"""
    monkeypatch.setattr(docx, "PART_LIMIT", docx.PART_LIMIT // 10)
    monkeypatch.setattr(docx, "PACKAGE_LIMIT", docx.PACKAGE_LIMIT // 10)
    size = 15 * MB
    header = b'<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'

    def blank() -> Iterable[bytes]:
        yield header
        for _ in range(size // MB):
            yield b" " * MB

    names = [f"word/header{n}.xml" for n in (1, 2, 3, 4)]
    parts = {**_unzip(_letter().bytes()), **dict.fromkeys(names, b"")}
    data = _package(parts, streamed=dict.fromkeys(names, blank))
    assert size < docx.PART_LIMIT
    assert 2 * size < docx.PACKAGE_LIMIT < 3 * size
    conversion, peak = _peak(lambda: convert_bytes(data, "brief.docx"))
    assert "word/header3.xml: the parts of this Word file unpack to more than 40 MB together" in _error(conversion)
    assert peak < 6 * docx.CHUNK  # a chunk as zipfile inflates it and as it is parsed: no part held whole


# XML entities: refused as before, now looked for chunk by chunk as the part is read.


def _with_entities(offset: int) -> bytes:
    """document.xml declaring an entity (a billion laughs needs one) with `<!ENTITY` at `offset`,
    behind a comment that pads the prolog."""
    parts = _unzip(_letter().bytes())
    declaration, body = parts[DOCUMENT].split(b"?>", 1)
    doctype = b'<!DOCTYPE w:document [<!ENTITY lol "lol">]>'
    padding = offset - len(declaration + b"?><!---->" + doctype.split(b"<!ENTITY")[0])
    comment = b"<!--" + b"x" * padding + b"-->"
    document = declaration + b"?>" + comment + doctype + body
    assert document.index(b"<!ENTITY") == offset
    parts[DOCUMENT] = document
    return _package(parts)


@pytest.mark.parametrize("offset", [100, docx.CHUNK - 4], ids=["in-the-prolog", "across-two-chunks"])
def test_a_part_that_declares_entities_is_refused_wherever_the_declaration_falls(offset: int) -> None:
    message = _error(convert_bytes(_with_entities(offset), "brief.docx"))
    assert "word/document.xml declares XML entities, which Word never writes" in message


# 3. Tracked insertions nested 5,000 deep: the reader walks the XML by recursion.

DEPTH = 5_000


def nested_insertions(depth: int = DEPTH) -> bytes:
    """The answer's run inside `depth` tracked insertions."""

    def nest(parts: dict[str, bytes]) -> None:
        assert parts[DOCUMENT].count(RUN) == 1
        opening = b'<w:ins w:id="9" w:author="A">' * depth
        parts[DOCUMENT] = parts[DOCUMENT].replace(RUN, opening + RUN + b"</w:ins>" * depth)

    return _letter().bytes(nest)


def nested_content_controls(depth: int = DEPTH) -> bytes:
    """The answer's paragraph inside `depth` content controls (w:sdt), in the body itself."""

    def nest(parts: dict[str, bytes]) -> None:
        paragraph = b"<w:p>" + RUN + b"</w:p>"
        assert parts[DOCUMENT].count(paragraph) == 1
        opening, closing = b"<w:sdt><w:sdtContent>" * depth, b"</w:sdtContent></w:sdt>" * depth
        parts[DOCUMENT] = parts[DOCUMENT].replace(paragraph, opening + paragraph + closing)

    return _letter().bytes(nest)


@pytest.mark.parametrize(
    ("nested", "where"),
    [(nested_insertions, "in paragraph 7"), (nested_content_controls, "after paragraph 6")],
    ids=["insertions", "content-controls"],
)
def test_deep_nesting_is_an_error_not_a_recursion_error(nested: Callable[[int], bytes], where: str) -> None:
    for depth in (DEPTH, docx.DEPTH_LIMIT + 1):
        message = _error(convert_bytes(nested(depth), "brief.docx"))
        assert f"word/document.xml nests its elements more than 100 deep {where}" in message
        assert "accept the tracked changes and save it again from Word" in message
    conversion = convert_bytes(nested(docx.DEPTH_LIMIT), "brief.docx")  # as deep as the reader goes
    assert conversion.ok, conversion.diagnostics
    assert "Ja, dat klopt." in conversion.markdown


# 4. 195 MB of empty paragraphs: under the size limit, but millions of elements, and no text at all.

EMPTY = 195 * MB


def empty_paragraphs(size: int = EMPTY) -> bytes:
    parts = _unzip(Letter().bytes())
    head, tail = parts[DOCUMENT].split(b"<w:body>")
    paragraphs = b"<w:p/>" * (MB // 6)

    def document() -> Iterable[bytes]:
        yield head + b"<w:body>"
        for _ in range(size // len(paragraphs)):
            yield paragraphs
        yield tail

    return _package(parts, streamed={DOCUMENT: document})


def test_millions_of_empty_paragraphs_are_refused_early() -> None:
    data = empty_paragraphs()
    assert EMPTY < docx.PART_LIMIT
    assert EMPTY // len(b"<w:p/>") > 30 * docx.ELEMENT_LIMIT
    conversion, peak = _peak(lambda: convert_bytes(data, "brief.docx"))
    message = _error(conversion)
    assert "word/document.xml has more than 1,000,000 XML elements" in message
    assert "save it again from Word" in message
    # Parsing stops at the limit: a tree of a million empty paragraphs, not 32 million.
    assert peak < 150 * MB, f"{peak / MB:.0f} MB held"


CORPUS_LETTER = Path(__file__).parent / "fixtures" / "corpus" / "docx" / "2024Z11889.docx"


def test_the_element_limit_leaves_room_for_a_letter_of_a_thousand_pages() -> None:
    """A real Word letter (3,116 elements, 12,645 characters of text: about four pages) repeated 250
    times: 779,000 elements as Word writes them, under the limit, read whole."""
    with zipfile.ZipFile(CORPUS_LETTER) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    head, rest = parts[DOCUMENT].split(b"<w:body>")
    body, tail = rest.rsplit(b"<w:sectPr", 1)
    parts[DOCUMENT] = head + b"<w:body>" + body * 250 + b"<w:sectPr" + tail
    elements = parts[DOCUMENT].count(b"<") - parts[DOCUMENT].count(b"</")
    assert 0.75 * docx.ELEMENT_LIMIT < elements < docx.ELEMENT_LIMIT
    doc = docx.read(_package(parts), Reporter("brief.docx"))
    assert sum(len(b.text) for b in doc.blocks) > 250 * 12_000


def test_a_word_file_without_any_text_is_an_error_not_an_empty_page() -> None:
    message = _error(convert_bytes(empty_paragraphs(size=MB), "brief.docx"))
    assert "word/document.xml has no text (166,666 empty paragraphs" in message
    assert "nothing to publish" in message


# 5. A footnote mark in a package without footnotes.


def footnote_without_footnotes() -> bytes:
    def mark(parts: dict[str, bytes]) -> None:
        reference = b'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
        assert parts[DOCUMENT].count(RUN) == 1
        assert "word/footnotes.xml" not in parts
        parts[DOCUMENT] = parts[DOCUMENT].replace(RUN, RUN + reference)

    return _letter().bytes(mark)


def test_a_footnote_mark_without_footnotes_is_left_out_with_a_warning() -> None:
    conversion = convert_bytes(footnote_without_footnotes(), "brief.docx")
    assert conversion.letter is not None
    assert "[^" not in conversion.markdown
    assert "Ja, dat klopt." in conversion.markdown
    (warning,) = [d for d in conversion.diagnostics if "footnote" in d.message]
    assert str(warning) == (
        "brief.docx:7: warning: footnote mark 1 has no note text in the Word file (it has no word/footnotes.xml); "
        "mark left out"
    )


def test_a_note_mark_whose_note_is_missing_from_the_notes_part_is_left_out() -> None:
    word = _letter()
    word.note(word.document.paragraphs[-1], "endnote", 2, "Een eindnoot.")

    def lose(parts: dict[str, bytes]) -> None:
        parts[DOCUMENT] = parts[DOCUMENT].replace(b'w:endnoteReference w:id="2"', b'w:endnoteReference w:id="5"')

    conversion = convert_bytes(word.bytes(lose), "brief.docx")
    assert conversion.letter is not None
    assert "eindnoot-" not in conversion.markdown.split("Eindnoten")[0]
    warnings = [str(d) for d in conversion.diagnostics if "endnote mark" in d.message]
    assert warnings == ["brief.docx:7: warning: endnote mark 5 has no note text in word/endnotes.xml; mark left out"]


# Every hostile package in one build: each is reported, the good letter is built.

HOSTILE = {
    "bad-crc": bad_crc,
    "lying-size": lying_size,
    "nested": nested_insertions,
    "empty": empty_paragraphs,
    "no-footnotes": footnote_without_footnotes,
}


def test_the_other_letters_of_a_build_still_build() -> None:
    letters = {f"{name}.docx": make() for name, make in HOSTILE.items()}
    letters["goed.docx"] = _letter().bytes()
    archive = build_archive(letters)
    # (the two show the same words, the other's footnote mark having no note: one is shown, the other
    # a download beside it)
    built = sorted(d.source for case in archive.cases for d in case.files)
    assert built == ["goed.docx", "no-footnotes.docx"]
    errors = sorted(p.file for p in archive.problems if p.severity == "error")
    assert errors == ["bad-crc.docx", "empty.docx", "lying-size.docx", "nested.docx"]
