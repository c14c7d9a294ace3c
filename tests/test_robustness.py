"""Robustness on generated letters: any rendering, label style, encoding and line end; broken ones too.
The page is checked as the site renders it (the Markdown extensions of mkdocs.yml, parsed with
beautifulsoup4), and once as a real MkDocs build."""

from __future__ import annotations

import functools
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from kamervragen.convert import convert_bytes
from kamervragen.readers.glue import unglue
from kamervragen.site.archive import build_archive
from kamervragen.site.pagehtml import letter_page_html
from kamervragen.site.pages import case_page
from kamervragen.structure.labels import LABEL_STYLES

from .generated import (
    ANSWER_LABELS,
    COVERED_ELSEWHERE,
    QUESTION_LABELS,
    Generated,
    any_letter,
    labelled_letters,
    tika_letters,
)
from .site_build import ROOT, build

# What the site's own Markdown makes of a letter page; letter text must never add to it.
TAGS = {"h1", "h2", "h3", "p", "a", "span", "div", "ul", "ol", "li", "strong", "em", "sup", "hr", "table"}
TAGS |= {"thead", "tbody", "tr", "th", "td"}
TAGS |= {"section"}  # a question with its answers (site/pages.py): the writer's, never a letter's
ATTRIBUTES = {"id", "href", "class", "title", "markdown", "role"}
# a letter page's layout (site/pagehtml.py): its list of questions, copy controls and a phone's folds
TAGS |= {"nav", "details", "summary", "button"}
ATTRIBUTES |= {
    "aria-label",
    "aria-controls",
    "aria-expanded",
    "type",
    "data-pagefind-ignore",
    "data-for",
    "data-minder",
}
ID = re.compile(r"^[a-z0-9]+(?:[:-][a-z0-9]+)*$")  # vraag-3, nader-vraag-3, fn:1, fnref2:1, bron-1


def test_the_generators_write_every_label_style() -> None:
    assert {*QUESTION_LABELS, *ANSWER_LABELS, *COVERED_ELSEWHERE} == {style.name for style in LABEL_STYLES}


@functools.cache
def _site_markdown() -> markdown.Markdown:
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def render(page: str) -> BeautifulSoup:
    """A page's Markdown as MkDocs renders it: front matter off, the extensions of mkdocs.yml."""
    body, _ = get_data(page)
    converter = _site_markdown()
    converter.reset()
    return BeautifulSoup(letter_page_html(converter.convert(body), body), "html.parser")


def _text(node: Tag) -> str:
    """What a reader sees, block by block (inline elements such as links run on with their text)."""
    blocks = node.find_all(["p", "li", "h1", "h2", "h3", "td", "th"])
    return " | ".join(" ".join(block.get_text("").split()) for block in blocks)


def check_page(html: Tag, letter: Generated) -> None:
    """Every sentence of the letter is on the page; nothing secret is; letter text made no markup."""
    text = _text(html)
    for sentence in letter.sentences:
        written = " ".join(sentence.split())
        # or as the PDF-text reader's recorded repair of words run together has it ("tebrengen")
        assert written in text or " ".join(unglue(written)[0].split()) in text
    for secret in letter.secrets:
        assert secret not in text
        assert secret not in str(html)
    for element in html.find_all(True):
        assert element.name in TAGS, element
        assert set(element.attrs) <= ATTRIBUTES, element
        assert ID.match(str(element.get("id", "titel"))), element
        assert urlsplit(str(element.get("href", ""))).scheme in ("", "http", "https"), element
        assert not any(name.startswith("on") for name in element.attrs)


def _page_of(letter: Generated, data: bytes) -> str | None:
    archive = build_archive({"letters/brief.txt": data})
    if not archive.cases:
        return None
    (case,) = archive.cases
    return case_page(case)


@given(any_letter())
def test_generated_letters_render_whole_and_inert(letter: Generated) -> None:
    data = letter.text.encode()
    conversion = convert_bytes(data, "brief.txt")
    assert conversion.letter is not None
    assert conversion == convert_bytes(data, "brief.txt")  # the same result twice
    assert not [d for d in conversion.diagnostics if "missing from the output" in d.message]
    if not letter.broken:
        assert conversion.ok, conversion.diagnostics
    page = _page_of(letter, data)
    if page is not None:
        check_page(render(page), letter)


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])
NEWLINES = st.sampled_from(["\n", "\r\n", "\r"])


@given(st.one_of(labelled_letters(), tika_letters()), ENCODINGS, NEWLINES)
def test_encodings_and_line_ends_give_the_same_page(letter: Generated, encoding: str, newline: str) -> None:
    plain = convert_bytes(letter.text.encode(), "brief.txt")
    try:
        data = letter.text.replace("\n", newline).encode(encoding)
    except UnicodeEncodeError:  # a name cp1252 cannot write: the letter could not have come in it
        data = letter.text.replace("\n", newline).encode("utf-8")
    other = convert_bytes(data, "brief.txt")
    assert other.markdown == plain.markdown
    assert [d for d in other.diagnostics if d.severity == "error"] == []
    if encoding == "cp1252" and not data.isascii() and data != letter.text.replace("\n", newline).encode("utf-8"):
        assert any("cp1252" in d.message for d in other.diagnostics)


# Two builds of six letters each; a failure is reported as found (shrinking would rebuild for minutes).
_BUILD = settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
)
ARCHIVE = st.lists(
    st.integers(min_value=10000, max_value=99999).flatmap(lambda n: any_letter(f"2023Z{n}")),
    min_size=6,
    max_size=6,
    unique_by=lambda letter: letter.zaak,
)


@_BUILD
@given(ARCHIVE)
def test_a_real_build_of_generated_letters(tmp_path_factory: pytest.TempPathFactory, letters: list[Generated]) -> None:
    project = tmp_path_factory.mktemp("generated")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - kamervragen ", "  - kamervragen: {pagefind: false} "))
    shutil.copytree(ROOT / "theme", project / "theme")
    (project / "content" / "letters").mkdir(parents=True)
    for name in ("index.md", "over.md"):
        shutil.copy(ROOT / "content" / name, project / "content" / name)
    for letter in letters:
        (project / "content" / "letters" / f"{letter.zaak}.txt").write_text(letter.text, encoding="utf-8")
    result = build(project)  # not strict: broken letters warn, or are left out with an error
    assert result.returncode == 0, result.stderr
    scripts = _scripts(project / "site" / "over" / "index.html")
    built = 0
    for letter in letters:
        page = project / "site" / letter.zaak / "index.html"
        if not page.is_file():
            assert letter.broken or f"letters/{letter.zaak}.txt" in result.stderr
            continue
        built += 1
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article")
        assert article is not None
        for control in article.select("a.headerlink"):  # the theme's own ¶ links
            control.decompose()
        for wrapper in article.select("[data-pagefind-body]"):  # our theme's mark for the search index
            wrapper.unwrap()
        check_page(article, letter)
        assert _scripts(page) == scripts  # no script but the theme's own, as on a hand-written page
    assert built >= sum(not letter.broken for letter in letters)


def _scripts(page: Path) -> list[str]:
    """The page's scripts; a letter page's JSON-LD is data, checked to be JSON that closes no element."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for data in soup.find_all("script", type="application/ld+json"):
        assert "<" not in (data.string or "")
        assert json.loads(data.string or "")["@type"] == "WebPage"
        data.decompose()
    return sorted(str(script.get("src", "inline")) for script in soup.find_all("script"))
