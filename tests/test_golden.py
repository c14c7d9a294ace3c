"""Golden files: a short structure summary of every corpus letter, and the whole Markdown and JSON of
the letters the fixture site is built from, each read line by line when accepted."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from pytest_regressions.file_regression import FileRegressionFixture

from kamervragen.convert import convert_file, render
from kamervragen.diagnostics import Severity
from kamervragen.reading import read_markdown
from kamervragen.writers.summary import write_summary

from .conftest import CORPUS, CORPUS_FILES
from .site_build import site_letters

WHOLE_PAGES = site_letters()
STRUCTURED = [*CORPUS_FILES, *sorted((CORPUS / "docx").glob("*.docx"))]


def _name(path: Path) -> str:
    return f"{path.parent.name}-{path.stem}"


@pytest.mark.parametrize("path", STRUCTURED, ids=_name)
def test_structure_summary_golden(path: Path, file_regression: FileRegressionFixture) -> None:
    """A few lines per letter: a changed reading shows in a review as a diff of those lines."""
    conversion = convert_file(path)
    assert conversion.letter is not None
    file_regression.check(write_summary(conversion.letter), basename=f"structure/{_name(path)}", extension=".txt")


@pytest.mark.parametrize("path", WHOLE_PAGES, ids=_name)
def test_markdown_golden(path: Path, file_regression: FileRegressionFixture) -> None:
    conversion = convert_file(path)
    assert conversion.letter is not None
    file_regression.check(render(conversion, "markdown"), basename=_name(path), extension=".md")


@pytest.mark.parametrize("path", WHOLE_PAGES, ids=_name)
def test_json_golden(path: Path, file_regression: FileRegressionFixture) -> None:
    conversion = convert_file(path)
    assert conversion.letter is not None
    file_regression.check(render(conversion, "json"), basename=_name(path), extension=".json")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=_name)
def test_corpus_converts_without_errors_or_lost_words(path: Path) -> None:
    conversion = convert_file(path)
    assert conversion.ok
    assert not [d for d in conversion.diagnostics if "missing from the output" in d.message]
    assert not [d for d in conversion.diagnostics if d.severity is Severity.ERROR]


def test_every_corpus_folder_is_tested() -> None:
    assert {p.parent.name for p in CORPUS_FILES} == {"tika", "antwoord", "mededeling", "vragen"}
    assert len(CORPUS_FILES) == len(list(CORPUS.rglob("*.txt")))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=_name)
def test_every_note_is_marked_once_and_every_mark_has_its_note(path: Path) -> None:
    """Read back independently: [^n] marks and definitions pair up, numbered 1..n in reading order."""
    conversion = convert_file(path)
    page = read_markdown(conversion.markdown)
    assert sorted(set(page.footnote_refs)) == sorted(page.footnote_defs)
    assert list(dict.fromkeys(page.footnote_refs)) == [str(n) for n in range(1, len(page.footnote_defs) + 1)]
    sources = [link for link in page.internal_links if link.startswith("bron-")]
    assert set(sources) <= set(page.ids)


@pytest.mark.parametrize("path", [p for p in CORPUS_FILES if p.stem.endswith("-pdf")], ids=_name)
def test_no_page_bottom_note_left_in_the_text(path: Path) -> None:
    """A note body the reader missed would stay in the text with its number glued on: '7Reuters, …'."""
    conversion = convert_file(path)
    text = read_markdown(conversion.markdown).text
    leftovers = [line for line in text.splitlines() if re.match(r"^\d{1,2}(?:[A-Za-z«]|20\d\d )", line)]
    assert leftovers == []


@pytest.mark.parametrize("path", CORPUS_FILES, ids=_name)
def test_python_markdown_renders_every_anchor(path: Path) -> None:
    """The renderer MkDocs uses (attr_list, footnotes, toc) gives every question its id."""
    conversion = convert_file(path)
    assert conversion.letter is not None
    body = conversion.markdown.split("---\n", 2)[2]
    html = markdown.markdown(body, extensions=["attr_list", "footnotes", "toc"])
    ids = re.findall(r'id="([^"]+)"', html)
    anchors = [a for q in conversion.letter.questions for a in q.anchors]
    assert set(anchors) <= set(ids)
    assert "{#" not in html  # no attribute list left as text
    footnotes = [n for n in conversion.letter.notes if n.series.value == "footnote"]
    assert len(re.findall(r'<li id="fn:\d+">', html)) == len(footnotes)
