"""A hostile letter puts markup in every field the site derives a title, name or slug from: no page
of any kind may carry it as markup, after every filter the theme applies (built HTML and Chromium)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from .site_build import build, make_project, serve

ATTACK = "</title><script>window.__pwned={n}</script><img src=x onerror=window.__pwned={n}>"
HOSTILE = "\n".join(
    [
        "AH 998",
        "2024Z99009",
        f"Vragen van het lid Kwaad{ATTACK.format(n=1)} (Partij{ATTACK.format(n=2)}) aan de minister van"
        f" Financiën{ATTACK.format(n=3)} over belasting{ATTACK.format(n=4)} (ingezonden 1 november 2024).",
        f"Antwoord van minister Jansen{ATTACK.format(n=5)} (Financiën{ATTACK.format(n=6)})"
        " (ontvangen 20 november 2024)",
        "",
        "Vraag 1",
        f"Wat doet {ATTACK.format(n=7)} hier?",
        "",
        "Antwoord 1",
        f"Niets {ATTACK.format(n=8)}.",
        "",
    ]
)
OURS = re.compile(r"^(?:\.\./)*(?:assets/|pagefind/|search/)|/assets/|/pagefind/")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("hostile"), {"kwaad.txt": HOSTILE})
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_kind_is_built_from_the_hostile_letter(hostile_site: Path) -> None:
    names = {str(p.relative_to(hostile_site)) for p in _pages(hostile_site)}
    assert "2024Z99009/index.html" in names
    kinds = {n.split("/")[0] for n in names}
    assert {"ministeries", "partijen", "kamerleden", "maanden", "statistieken", "open-data", "404.html"} <= kinds
    assert any(n.startswith("ah-tk-") for n in names)  # the alias page of the Aanhangsel


def test_no_page_carries_a_letters_markup(hostile_site: Path) -> None:
    for path in _pages(hostile_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = path.relative_to(hostile_site)
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":  # data: the letter's text, never closing it
                assert "<" not in script.get_text(), where
            else:
                assert "__pwned" not in script.get_text(), where
        for element in soup.find_all(True):
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert not handlers, (where, element.name, handlers)
        title = soup.find("title")
        assert title is None or "<" not in "".join(str(c) for c in title.contents if not isinstance(c, str)), where
    for path in hostile_site.rglob("*.xml"):
        assert "<script" not in path.read_text(encoding="utf-8"), path


@pytest.fixture(scope="module")
def hostile_base(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url.rstrip("/")


def test_no_script_of_a_letter_runs_on_any_page(browser: Browser, hostile_site: Path, hostile_base: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    wanted = ("2024Z99009/", "ministeries/", "partijen/", "kamerleden/", "maanden/", "statistieken/", "open-data/")
    urls = [
        str(p.relative_to(hostile_site)).removesuffix("index.html")
        for p in _pages(hostile_site)
        if str(p.relative_to(hostile_site)).startswith(wanted) or p.name == "404.html"
    ]
    assert len(urls) > 10
    for url in urls:
        page.goto(f"{hostile_base}/{url}")
        assert page.evaluate("window.__pwned") is None, url
    context.close()
