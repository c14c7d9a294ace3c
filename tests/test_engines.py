"""The site with every engine: ProperDocs builds what MkDocs builds, Zensical builds `generate`'s pages."""

from __future__ import annotations

import gzip
import re
import subprocess
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Dialog, Page

from kamervragen.cli import main
from kamervragen.site.archive import Archive, load_archive
from kamervragen.site.engines import drop_invented_ids, read_config
from kamervragen.site.pages import case_path
from kamervragen.site.permalinks import LEDGER, read_ledger

from .site_build import SITE_URL, build, make_project, serve

ENGINES = ("mkdocs", "properdocs", "zensical")
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with its ledger, built strict by each engine through `kamervragen build`
    into site-<engine>/; each build's messages in <engine>.log."""
    project = make_project(tmp_path_factory.mktemp("engines"))
    assert main(["ledger", "--update", "--content", str(project / "content")]) == 0
    for engine in ENGINES:
        result = build_with(project, engine)
        assert result.returncode == 0, result.stderr
        (project / f"{engine}.log").write_text(result.stderr, encoding="utf-8")
    return project


def build_with(project: Path, engine: str) -> subprocess.CompletedProcess[str]:
    site = str(project / f"site-{engine}")
    return build(project, "--strict", "--engine", engine, "--site-dir", site, site_url=SITE_URL)


@pytest.fixture(scope="module")
def archive(project: Path) -> Archive:
    return load_archive(project / "content")


# Pagefind 1.5.2 writes a filter's values in the order of a hash map, another order in every run (two
# builds of one site by one engine differ there too): its filter files, and the files that name them
# by their hash, are compared as data.
UNSTABLE = re.compile(r"pagefind/(?:filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)")


def stable(paths: set[str]) -> set[str]:
    return {path for path in paths if not UNSTABLE.fullmatch(path)}


def search_filters(site: Path) -> dict[str, dict[str, list[int]]]:
    """Every Pagefind filter of the site: name → value → the numbers of its pages."""
    found: dict[str, dict[str, list[int]]] = {}
    for path in sorted((site / "pagefind" / "filter").glob("*.pf_filter")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        name, values = _cbor(data, len(b"pagefind_dcd"))[0]
        found[name] = dict(values)
    return found


def _cbor(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR item (RFC 8949) of the kinds Pagefind's filter files hold: unsigned integers, text and
    arrays; the item and where the next begins."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        length = info
    else:
        size = 1 << (info - 24)  # 24: one byte, 25: two, 26: four, 27: eight
        length, at = int.from_bytes(data[at : at + size], "big"), at + size
    if major == 0:
        return length, at
    if major == 3:
        return data[at : at + length].decode(), at + length
    assert major == 4, f"CBOR major type {major} at {at}"
    items = []
    for _ in range(length):
        item, at = _cbor(data, at)
        items.append(item)
    return items, at


def files(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}


def ids(page: Path, within: str = "article") -> set[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {str(element["id"]) for element in soup.select(f"{within} [id]")}


# --- ProperDocs ----------------------------------------------------------------------------------


def test_the_plugin_is_declared_where_properdocs_looks_first() -> None:
    from properdocs.plugins import get_plugins  # noqa: PLC0415  (only here: it is not MkDocs)

    declared = [e for e in entry_points(group="properdocs.plugins") if e.name == "kamervragen"]
    assert [e.value for e in declared] == ["kamervragen.site.plugin:KamervragenPlugin"]
    assert get_plugins()["kamervragen"].group == "properdocs.plugins"  # not MkDocs' group, read second


def test_properdocs_builds_without_a_warning(project: Path) -> None:
    log = (project / "properdocs.log").read_text(encoding="utf-8")
    assert "Documentation built in" in log
    assert [line for line in log.splitlines() if "WARNING" in line or "Warning" in line] == []
    assert "properdocs.yml" not in log  # given mkdocs.yml by name, it asks for no renaming


def test_properdocs_builds_the_same_site_as_mkdocs(project: Path) -> None:
    mkdocs, properdocs = project / "site-mkdocs", project / "site-properdocs"
    assert stable(files(properdocs)) == stable(files(mkdocs))
    different = [
        path
        for path in sorted(stable(files(mkdocs)))
        if GENERATOR.sub(b"", (mkdocs / path).read_bytes()) != GENERATOR.sub(b"", (properdocs / path).read_bytes())
    ]
    assert different == []  # every page, feed, data file and search index, byte for byte
    assert search_filters(properdocs) == search_filters(mkdocs)  # the filters, as data
    assert b"ProperDocs 1.6.7" in (properdocs / "2025Z04271" / "index.html").read_bytes()  # truly another engine


# --- both ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_every_published_permalink_is_on_the_site(project: Path, engine: str) -> None:
    ledger = read_ledger(project / "content" / LEDGER)
    assert len(ledger) > 600
    site = project / f"site-{engine}"
    missing = []
    for url in ledger:
        path, _, anchor = url.partition("#")
        page = site / path.strip("/") / "index.html" if path.endswith("/") else site / path.lstrip("/")
        if not page.is_file() or (anchor and anchor not in ids(page, "body")):
            missing.append(url)
    assert missing == []
    assert (site / "ah-tk-20242025-613" / "index.html").is_file()  # an alias page: /<Aanhangsel id>/


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_a_lost_permalink_stops_the_build_and_the_old_site_stays(tmp_path: Path, engine: str) -> None:
    project = make_project(tmp_path)
    (project / "content" / LEDGER).write_text("/2099Z00001/\n", encoding="utf-8")
    old = project / f"site-{engine}"
    old.mkdir()
    (old / "index.html").write_text("de vorige site", encoding="utf-8")
    result = build_with(project, engine)
    assert result.returncode == 1
    assert "/2099Z00001/" in result.stderr
    assert "kamervragen: error:" in result.stderr
    assert [p.name for p in old.iterdir()] == ["index.html"]
    assert (old / "index.html").read_text(encoding="utf-8") == "de vorige site"
    assert [p.name for p in project.iterdir() if ".partial-" in p.name] == []  # no staging folder left


# --- Zensical ------------------------------------------------------------------------------------


def test_zensical_builds_every_zaak_page_with_the_ids_mkdocs_gives_it(project: Path, archive: Archive) -> None:
    assert len(archive.cases) > 40
    for case in archive.cases:
        folder = case_path(case).removesuffix(".md")
        ours, theirs = (
            ids(project / "site-zensical" / folder / "index.html"),
            ids(project / "site-mkdocs" / folder / "index.html"),
        )
        assert ours - {"__skip"} == theirs, folder  # Zensical's skip link target besides
        assert {f"vraag-{n}" for q in case.main.questions for n in q.numbers} <= ours, folder


def test_zensical_publishes_the_feeds_and_open_data_mkdocs_does(project: Path) -> None:
    mkdocs, zensical = project / "site-mkdocs", project / "site-zensical"
    published = {
        path
        for path in files(mkdocs)
        if not path.endswith(".html") and not path.startswith(("assets/", "pagefind/", "sitemap.xml"))
    }
    assert {"atom.xml", "open-data/kamervragen.jsonl", "open-data/vragen.csv", "2025Z04271/data.json"} <= published
    assert len([p for p in published if p.endswith("atom.xml")]) > 50  # per ministry, party, member
    assert {
        p for p in published if (zensical / p).is_file() and (zensical / p).read_bytes() == (mkdocs / p).read_bytes()
    } == published
    assert not (zensical / LEDGER).exists()  # data for the build, never published


def test_zensical_pages_keep_a_letters_markup_as_text(project: Path) -> None:
    def head(engine: str) -> BeautifulSoup:
        return BeautifulSoup((project / f"site-{engine}" / "2024Z99001" / "index.html").read_text(), "html.parser")

    zensical, mkdocs = head("zensical"), head("mkdocs")
    description = zensical.select_one('meta[name="description"]')
    expected = mkdocs.select_one('meta[name="description"]')
    assert description is not None
    assert expected is not None
    assert "<img src=x onerror=alert(1)>" in str(description["content"])  # as text, whole
    assert description["content"] == expected["content"]
    assert zensical.select("img[onerror], iframe") == []
    plain = BeautifulSoup((project / "site-zensical" / "2025Z04271" / "index.html").read_text(), "html.parser")
    assert len(zensical.select("script")) == len(plain.select("script"))  # the theme's, none from the letter


def test_an_answer_heading_loses_its_invented_id_as_in_the_plugin() -> None:
    page = (
        '<nav><h2 id="nav">x</h2></nav><article><h2 id="vraag-1">Vraag 1<a class="headerlink" href="#vraag-1">¶</a>'
        '</h2><h3 id="antwoord-op-vraag-1">Antwoord op vraag 1<a class="headerlink" href="#antwoord-op-vraag-1">¶</a>'
        "</h3></article>"
    )
    mended = drop_invented_ids(page, "## Vraag 1 {#vraag-1}\n\n### Antwoord op vraag 1\n")
    assert mended == (
        '<nav><h2 id="nav">x</h2></nav><article><h2 id="vraag-1">Vraag 1<a class="headerlink" href="#vraag-1">¶</a>'
        "</h2><h3>Antwoord op vraag 1</h3></article>"
    )


def test_the_configuration_is_read_as_mkdocs_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "base.yml").write_text("site_name: Basis\ntheme:\n  name: material\n  language: nl\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nsite_url: !ENV KV_TEST_URL\nsite_dir: !ENV [KV_TEST_DIR, uit]\ntheme:\n  custom_dir: t\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("KV_TEST_URL", "https://example.org/")
    monkeypatch.delenv("KV_TEST_DIR", raising=False)
    config = read_config(tmp_path / "mkdocs.yml")
    assert config == {
        "site_name": "Basis",
        "site_url": "https://example.org/",
        "site_dir": "uit",
        "theme": {"name": "material", "language": "nl", "custom_dir": "t"},
    }


# --- Zensical, in Chromium ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(project: Path) -> Iterator[str]:
    with serve(project / "site-zensical") as url:
        yield url.rstrip("/")


@pytest.fixture
def page(browser: Browser, base: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))

    def dialog(opened: Dialog) -> None:
        dialogs.append(opened.message)
        opened.dismiss()

    page.on("dialog", dialog)
    yield page
    context.close()
    assert [url for url in requests if not url.startswith(base)] == []  # nothing leaves 127.0.0.1
    assert errors == []  # the site's script and Zensical's run without an error
    assert dialogs == []  # no letter's text ran as script


def test_zensical_marks_the_opened_question(page: Page, base: str) -> None:
    page.goto(f"{base}/2025Z04271/#vraag-16")
    page.wait_for_function("document.getElementById('vraag-16').classList.contains('kv-gemarkeerd')")
    assert page.locator("#vraag-15.kv-gemarkeerd").count() == 0


def test_zensical_copy_puts_the_answer_url_on_the_clipboard(page: Page, base: str) -> None:
    page.goto(f"{base}/2025Z04271/")
    button = page.locator("#vraag-3 + .kv-link")
    assert button.inner_text() == "Link naar dit antwoord"
    button.click()
    page.wait_for_function("document.querySelector('#vraag-3 + .kv-link').textContent === 'Link gekopieerd'")
    assert page.evaluate("navigator.clipboard.readText()") == f"{base}/2025Z04271/#vraag-3"


def test_zensical_cite_copies_and_shows_the_citation(page: Page, base: str) -> None:
    page.goto(f"{base}/ah-tk-20242025-564/")
    assert page.locator("button.kv-citeer").count() == len(page.locator("h2[id^='vraag-']").all())
    page.locator("#vraag-6 ~ button.kv-citeer").first.click()
    page.wait_for_function("document.querySelector('#vraag-6 ~ .kv-citeer').textContent === 'Citaat gekopieerd'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Beckerman (SP), Bushoff (GroenLinks-PvdA), Kröger (GroenLinks-PvdA)")
    assert copied.endswith(f", vragen 6 en 7. {base}/ah-tk-20242025-564/#vraag-6")
    assert page.locator(".kv-citaat").inner_text() == copied


def test_zensical_search_finds_the_singular_and_opens_at_a_question(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    page.locator(".md-header #kv-zoekveld").fill("afhankelijkheden")
    result = page.locator(".kv-treffer__vragen a[href*='#vraag-']").first
    result.wait_for(timeout=10_000)
    assert "afhankelijkheid" in page.locator(".kv-zoeken__treffers").inner_text().lower()
    assert page.locator(".kv-treffer__vragen a[href*='#antwoord']").count() == 0
    result.click()
    page.wait_for_url("**/2025Z04271/#vraag-*")
    page.wait_for_selector(".kv-gemarkeerd")


def test_zensical_hostile_letter_runs_nothing(page: Page, base: str) -> None:
    page.goto(f"{base}/2024Z99001/")
    page.wait_for_load_state("load")
    assert page.locator("img[onerror], iframe").count() == 0
    assert "<script>" in page.locator("article").inner_text()  # shown as text
