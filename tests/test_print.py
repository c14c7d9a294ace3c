"""A letter on paper: printed to PDF (A4) by Debian's Chromium, its text read back with PDFium.

The print style sheet (theme/assets/print.css) is judged by what lands on the pages: no arrows of the
footnotes' back-links, the absolute address of a local link, none for a link within the page, no screen
controls, black text, and pages that are filled, the first as much as any other."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import Browser, Page

from .site_build import SITE_URL, serve

A4_HEIGHT = 841.89  # points


@pytest.fixture(scope="module")
def base(project: Path) -> Iterator[str]:
    with serve(project / "site") as url:
        yield url.rstrip("/")


def open_page(browser: Browser, url: str, *, width: int = 1280, scheme: str = "light") -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    # the colour transitions the switch to print starts (Material's), run to their end
    page.evaluate("document.getAnimations().forEach(animation => animation.finish())")
    return page


@dataclass(frozen=True)
class Sheet:
    """One printed page: its text, and how far down it reaches (points from the page's top edge)."""

    text: str
    top: float
    bottom: float


def sheets(pdf: bytes) -> list[Sheet]:
    document = pdfium.PdfDocument(pdf)
    try:
        result = []
        for index in range(len(document)):
            page = document[index]
            height = page.get_height()
            textpage = page.get_textpage()
            boxes = [textpage.get_rect(i) for i in range(textpage.count_rects())]  # (left, bottom, right, top)
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            if not boxes:
                result.append(Sheet(text, height, height))
                continue
            result.append(Sheet(text, height - max(b[3] for b in boxes), height - min(b[1] for b in boxes)))
        return result
    finally:
        document.close()


def print_a4(page: Page) -> list[Sheet]:
    return sheets(page.pdf(format="A4"))


def flat(printed: list[Sheet]) -> str:
    """All the text, its lines joined without a space: an address broken over two lines is whole again
    (PDFium reads a hyphen that ends a line as U+FFFE)."""
    return "".join(re.sub(r"[\r\n]+", "", sheet.text).replace("\ufffe", "-") for sheet in printed)


def words(printed: list[Sheet]) -> str:
    return " ".join(" ".join(sheet.text.split()) for sheet in printed)


def is_arrow(character: str) -> bool:
    name = unicodedata.name(character, "")
    return any(part in name for part in ("ARROW", "POINTER", "TRIANGLE")) or character == "\u23ce"  # ⏎


# --- what is printed, and what not ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/2025Z04271/#vraag-3", "/ah-tk-20242025-564/"])
def test_print_has_no_arrows_no_controls_and_no_back_links(browser: Browser, base: str, path: str) -> None:
    page = open_page(browser, base + path)  # /#vraag-3: opened at a question, which is marked (►)
    try:
        back_links = page.locator("article a.footnote-backref")
        assert back_links.count() > 0
        assert set(back_links.evaluate_all("links => links.map(l => getComputedStyle(l).display)")) == {"none"}
        # "terug", the back-links' text, is printed as often as the letter itself says it, no more
        said = page.evaluate(
            """() => { const a = document.querySelector('article').cloneNode(true);
                       a.querySelectorAll('.footnote-backref').forEach(l => l.remove());
                       return a.textContent; }"""
        )
        printed = print_a4(page)
        text = words(printed)
        assert [c for c in text if is_arrow(c)] == []
        assert "↩" not in text
        assert len(re.findall(r"\bterug\b", text)) == len(re.findall(r"\bterug\b", said))
        for control in ("Link naar dit antwoord", "Citeer ", "Vragen in deze brief", "Zoek in Kamervragen", "¶"):
            assert control not in text
        assert page.evaluate("getComputedStyle(document.querySelector('.kv-vragenlijst')).display") == "none"
        if "#" in path:
            marked = page.locator("section.kv-gemarkeerd")
            assert marked.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).boxShadow") == (
                "none none"
            )
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("letter", "downloads"),
    [
        ("2025Z04271", ["letters/2025Z04271.txt", "2025Z04271/data.json"]),
        ("ah-tk-20242025-564", ["letters/ah-tk-20242025-564-antwoord-pdf.txt", "ah-tk-20242025-564/data.json"]),
    ],
)
def test_local_links_print_their_absolute_address_in_page_links_none(
    browser: Browser, base: str, letter: str, downloads: list[str]
) -> None:
    page = open_page(browser, f"{base}/{letter}/")
    try:
        anchors = page.locator("article a[href^='#']:not(.headerlink):not(.footnote-backref)")
        assert anchors.count() > 0  # footnote references and links to other questions of the letter
        printed = print_a4(page)
    finally:
        page.context.close()
    text = flat(printed)
    for download in downloads:  # the published address (the page's canonical one), not the one it was opened at
        assert f"({SITE_URL}{download})" in text
    assert f"({SITE_URL}open-data/)" in text  # another page of the site
    assert "127.0.0.1" not in text
    assert re.findall(r"#(?:vraag|fn|fnref|bron)\b", text) == []  # no address for a link within the page
    assert "(https://zoek.officielebekendmakingen.nl/" in text  # external links kept theirs


def test_what_a_phone_folded_is_printed(browser: Browser, base: str) -> None:
    page = open_page(browser, f"{base}/2025Z04271/", width=390)
    try:
        page.emulate_media(media="screen")
        assert not page.locator(".kv-inleiding").is_visible()  # folded on the phone
        assert not all(row.is_visible() for row in page.locator(".kv-kop li").all())
        page.emulate_media(media="print")
        text = words(print_a4(page))
    finally:
        page.context.close()
    assert "Geachte voorzitter" in text
    assert "Citeren:" in text  # the last row of the facts
    assert "Inleiding van de brief tonen" not in text
    assert "Alle gegevens" not in text


def test_dark_scheme_prints_black_on_white(browser: Browser, base: str) -> None:
    page = open_page(browser, f"{base}/2025Z04271/", scheme="dark")
    try:
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        colours = page.evaluate(
            """() => ['article h1', '.kv-kop li', 'article p', 'article a', '.kv-antwoord p', '.footnote li']
                 .map(s => getComputedStyle(document.querySelector(s)).color)"""
        )
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    finally:
        page.context.close()
    assert set(colours) == {"rgb(0, 0, 0)"}
    assert background == "rgb(255, 255, 255)"


# --- filled pages ------------------------------------------------------------------------------------------

# How a page is judged filled. The lowest text of all the pages marks the bottom of the page's text area,
# the highest its top (so a letter of three pages or more: two full pages at least). A page may end above
# that bottom only where the style keeps a heading with what follows, or a paragraph's first or last two
# lines together: at most a question's heading, an "Antwoord op vraag" heading and two lines, under 15% of
# the text area. A block that may not break and goes whole to the next page (a question with a long answer)
# leaves far more: a quarter, a third, half of the page empty.
GAP = 0.15

# The letters printed, each as it is and ah-tk-20242025-564 also without its introduction, as a letter
# whose first question follows the facts directly: a long first answer must begin on the first page.
FILLED = [("2025Z04271", False), ("ah-tk-20242025-564", False), ("ah-tk-20242025-564", True)]
WITHOUT_INTRODUCTION = """() => {
    const facts = document.querySelector('.kv-kop');
    while (!facts.nextElementSibling.matches('.kv-vraag-en-antwoord')) facts.nextElementSibling.remove();
}"""


def print_letter(browser: Browser, base: str, letter: str, without_introduction: bool) -> tuple[list[Sheet], Page]:
    """The letter printed on A4, and its page, still open (its context is the caller's to close)."""
    page = open_page(browser, f"{base}/{letter}/")
    try:
        if without_introduction:
            page.evaluate(WITHOUT_INTRODUCTION)
        printed = print_a4(page)
        assert [sheet for sheet in printed if not sheet.text.strip()] == []  # no blank page
    except BaseException:
        page.context.close()
        raise
    return printed, page


def text_area(printed: list[Sheet]) -> tuple[float, float]:
    return min(sheet.top for sheet in printed), max(sheet.bottom for sheet in printed)


@pytest.mark.parametrize(("letter", "without_introduction"), FILLED)
def test_every_page_is_filled_the_first_too(
    browser: Browser, base: str, letter: str, without_introduction: bool
) -> None:
    printed, page = print_letter(browser, base, letter, without_introduction)
    page.context.close()
    assert len(printed) >= 3
    top, bottom = text_area(printed)
    gaps = [round((bottom - sheet.bottom) / (bottom - top), 3) for sheet in printed[:-1]]
    assert [gap for gap in gaps if gap > GAP] == [], f"the empty part of each page but the last: {gaps}"
    assert top < 0.1 * A4_HEIGHT  # no big top margin: the text starts within the top tenth
    assert bottom > 0.9 * A4_HEIGHT  # and runs into the bottom tenth


# The page count the content needs: the same page printed on one sheet as long as all its A4 pages
# together (the same width and margins, so the same lines), where nothing breaks at all. Its text's height
# divided by the text area of an A4 page is what the text fills when every page is full; the breaks may
# lose a tenth of a page on average (a heading moved down with its text, see GAP), no more.
@pytest.mark.parametrize(("letter", "without_introduction"), FILLED)
def test_the_page_count_is_what_the_content_needs(
    browser: Browser, base: str, letter: str, without_introduction: bool
) -> None:
    printed, page = print_letter(browser, base, letter, without_introduction)
    try:
        length = min(297 * (len(printed) + 1), 5000)  # mm; a PDF page is at most 200 inches long
        page.add_style_tag(content=f"@page {{ size: 210mm {length}mm; }}")
        unbroken = [sheet for sheet in sheets(page.pdf(width="210mm", height=f"{length}mm")) if sheet.text.strip()]
    finally:
        page.context.close()
    assert len(unbroken) == 1
    assert flat(unbroken).replace(" ", "") == flat(printed).replace(" ", "")  # the same text
    top, bottom = text_area(printed)
    fills = (unbroken[0].bottom - unbroken[0].top) / (bottom - top)
    assert len(printed) <= math.ceil(fills / 0.9), f"{len(printed)} pages for text that fills {fills:.2f}"


def test_a_short_letter_prints_on_one_page(browser: Browser, base: str) -> None:
    """A letter of the questions alone (not yet answered): one page, and no blank one after it."""
    printed, page = print_letter(browser, base, "2024Z18776", False)
    page.context.close()
    assert len(printed) == 1
