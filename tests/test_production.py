"""Zaak pages made while MkDocs renders (site/production.py): the same pages and data as made in one
go from the linked archive, in worker processes or not; conservation checks done later, yet reported
and stored; `mkdocs serve` rebuilds make only what changed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.structure.toc import TableOfContents

from kamervragen import convert
from kamervragen.cache import ParseCache
from kamervragen.site import production
from kamervragen.site.archive import build_archive
from kamervragen.site.extras import archive_files, archive_makers
from kamervragen.site.opendata import OPEN_DATA_PATHS, open_data_files, published
from kamervragen.site.pages import HOME_PLACEHOLDER, case_page, case_path, listing_makers, listing_pages
from kamervragen.site.plugin import KamervragenPlugin
from kamervragen.site.production import Production, parallel
from kamervragen.site.rendering import Rendered
from kamervragen.site.statistics import statistics_files, statistics_makers

from .conftest import CORPUS_FILES
from .site_build import make_project

SITE = "https://kamervragen.test/"


@pytest.fixture(autouse=True)
def _workers_stopped(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every Production's workers stopped after its test, passed or failed: forked workers left alive
    hold the pipes of the session's browser driver, and the suite would hang at its end."""
    started: list[Production] = []
    start = Production.__init__

    def recorded(self: Production, *args: Any, **kwargs: Any) -> None:
        started.append(self)
        start(self, *args, **kwargs)

    monkeypatch.setattr(Production, "__init__", recorded)
    yield
    for made in started:
        made.close()


def letters() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in CORPUS_FILES}


@pytest.mark.parametrize("workers", [1, 2])
def test_made_pages_and_data_are_those_of_the_linked_archive(workers: int) -> None:
    linked = build_archive(letters())
    cache = ParseCache()
    archive = build_archive(letters(), cache, linked=False, defer_checks=parallel(workers))
    production = Production(archive, "Kamervragen", SITE, cache, workers)
    assert (production.pool is not None) == (workers > 1)
    made = production.all()
    assert [c.id for c in archive.cases] == [c.id for c in linked.cases]
    for case, item in zip(linked.cases, made, strict=True):
        assert item.page == case_page(case, SITE), case.id
        assert item.published == published(case, "Kamervragen", SITE), case.id
    linking = [d for item in made for d in item.diagnostics]
    checks = production.finish()
    assert sorted(map(str, checks)) == sorted(map(str, set(linked.problems) - set(archive.problems) - set(linking)))
    assert sorted(map(str, [*archive.problems, *checks])) == sorted(map(str, linked.problems))


@pytest.mark.parametrize("workers", [1, 2])
def test_extras_are_those_made_in_one_go(workers: int) -> None:
    """Index pages, home page, feeds and statistics: made ahead by workers (or here), each the file
    made at once from the archive, whatever order MkDocs asks for them in, and asked for again."""
    cache = ParseCache()
    archive = build_archive(letters(), cache, linked=False, defer_checks=parallel(workers))
    extras = listing_makers(archive.cases, f"# Welkom\n\n{HOME_PLACEHOLDER}\n")
    extras.update(archive_makers(archive.cases, "Kamervragen", SITE, public=True))
    expected = {**listing_pages(archive.cases, f"# Welkom\n\n{HOME_PLACEHOLDER}\n")}
    expected.update(archive_files(archive.cases, "Kamervragen", SITE, public=True))
    assert {"index.md", "statistieken.md", "atom.xml", "robots.txt", "ministeries/index.md"} <= set(expected)
    assert set(statistics_makers(archive.cases)) == set(statistics_files(archive.cases))  # no chart left out
    maker = Production(archive, "Kamervragen", SITE, cache, workers, keep=False, extras=extras)
    try:
        chunks = -(-len(extras) // production.CHUNK)
        assert len(maker.extras_pending) == (chunks if workers > 1 else 0)  # all made ahead by workers
        asked = sorted(expected, reverse=True)  # not the order they were made in
        assert {path: maker.extra(path) for path in asked} == expected
        assert maker.extra("index.md") == expected["index.md"]  # forgotten once given: made again
    finally:
        maker.finish()


def _rendering(path: str, markdown: str) -> Rendered:
    """A stand-in for MkDocs' rendering (tests/test_rendering.py has the real one): what it was given,
    and in which process."""
    return Rendered(b"", f"{os.getpid()} {path} {len(markdown)}", TableOfContents([]), None, frozenset(), None, ())


@pytest.mark.parametrize("workers", [1, 2])
def test_the_workers_render_each_page_they_make(workers: int) -> None:
    cache = ParseCache()
    archive = build_archive(letters(), cache, linked=False, defer_checks=parallel(workers))
    maker = Production(archive, "Kamervragen", SITE, cache, workers, keep=False, render=_rendering)
    try:
        for index, case in enumerate(archive.cases):
            markdown = maker.page(index)
            rendered = maker.take_rendered(index)
            if workers == 1:
                assert rendered is None  # MkDocs renders it
                continue
            assert rendered is not None
            pid, path, length = rendered.content.split()
            assert (path, int(length)) == (case_path(case), len(markdown))
            assert int(pid) != os.getpid()
            assert maker.take_rendered(index) is None  # taken once: MkDocs keeps it
        assert not maker.rendered
    finally:
        maker.finish()


def test_pages_rendered_for_other_files_are_not_taken() -> None:
    cache = ParseCache()
    archive = build_archive(letters(), cache, linked=False, defer_checks=True)
    maker = Production(archive, "Kamervragen", SITE, cache, 2, keep=False, render=_rendering)
    try:
        assert maker.take_rendered(0) is not None
        maker.get(3)  # more arrive meanwhile
        maker.stop_rendering()
        assert not maker.rendered
        assert all(maker.take_rendered(i) is None for i in range(1, len(archive.cases)))
    finally:
        maker.finish()


def test_the_open_data_files_are_the_paths_the_plugin_announces() -> None:
    archive = build_archive(letters())
    items = [published(case, "Kamervragen", None) for case in archive.cases]
    assert list(open_data_files(items)) == list(OPEN_DATA_PATHS)


def _losing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A converter whose conservation check finds a lost word in every letter."""
    monkeypatch.setattr(convert, "missing_words", lambda *_: ["verloren"])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_deferred_check_is_reported_and_stored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    _losing(monkeypatch)
    some = dict(list(letters().items())[:6])
    cache = ParseCache(tmp_path / "cache")
    archive = build_archive(some, cache, linked=False, defer_checks=True)
    assert not any("verloren" in d.message for d in archive.problems)  # not checked yet
    assert sorted(cache.unchecked) == sorted(some)
    assert not list((tmp_path / "cache").glob("*.pickle"))  # nothing unchecked is stored
    warnings = Production(archive, "Kamervragen", None, cache, workers).finish()
    lost = [d for d in warnings if "'verloren'" in d.message]
    assert sorted(d.file for d in lost) == sorted(some)  # each letter's warning, once
    assert not cache.unchecked
    assert all(any("'verloren'" in d.message for d in c.diagnostics) for c in cache.memory.values())
    later = ParseCache(tmp_path / "cache")  # the next build reads the checked letters
    again = build_archive(some, later)
    assert later.parsed == 0
    assert sorted(d.file for d in again.problems if "'verloren'" in d.message) == sorted(some)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failed_build_leaves_no_letter_unchecked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    _losing(monkeypatch)
    some = dict(list(letters().items())[:4])
    cache = ParseCache(tmp_path / "cache")
    archive = build_archive(some, cache, linked=False, defer_checks=True)
    production = Production(archive, "Kamervragen", None, cache, workers)
    production.get(0)
    production.close()  # the build stopped before its end: what is being checked is stored, the rest not
    assert not cache.unchecked
    parsed = cache.parsed
    stored = len(list((tmp_path / "cache").glob("*.pickle")))  # checked by a worker before it stopped
    assert stored == 0 if workers == 1 else stored <= len(some)
    again = build_archive(some, cache)  # the others parsed again, checked this time
    assert cache.parsed == parsed + len(some) - stored
    assert len([d for d in again.problems if "'verloren'" in d.message]) == len(some)


def test_a_rebuild_in_the_same_process_makes_only_what_changed() -> None:
    # as `mkdocs serve` rebuilds: every Zaak's page and data are kept in memory
    texts = letters()
    cache = ParseCache()

    def pages() -> dict[str, str]:
        archive = build_archive(texts, cache, linked=False)
        made = Production(archive, "Kamervragen", None, cache, 1).all()
        return {case.id: item.page for case, item in zip(archive.cases, made, strict=True)}

    first = pages()
    assert cache.made == len(first)
    texts["2025Z04271.txt"] = texts["2025Z04271.txt"].replace(b"Ja.", b"Ja, zeker.")
    again = pages()
    assert cache.made == len(first) + 1  # that Zaak made again
    assert again["2025Z04271"] != first["2025Z04271"]
    assert {k: v for k, v in again.items() if k != "2025Z04271"} == {
        k: v for k, v in first.items() if k != "2025Z04271"
    }
    made = cache.made
    texts["nieuw.txt"] = texts["2025Z04271.txt"].replace(b"2025Z04271", b"2025Z09999")
    pages()  # a new page: links may now lead to it, so every Zaak is made again
    assert cache.made == made + len(first) + 1


def test_a_worker_that_dies_fails_the_build_instead_of_hanging(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(production, "make", lambda *_: os._exit(1))  # in the workers, forked with it
    cache = ParseCache()
    archive = build_archive(dict(list(letters().items())[:3]), cache, linked=False)
    made = Production(archive, "Kamervragen", None, cache, 2)
    with pytest.raises(BrokenProcessPool):
        made.get(0)
    made.close()


def test_mkdocs_serve_rebuilds_parse_and_make_only_the_edited_letter(tmp_path: Path) -> None:
    # as `mkdocs serve` does: one plugin for the session, the configuration loaded again per rebuild
    project = make_project(tmp_path)
    letter = project / "content" / "letters" / "2025Z04271.txt"

    def rebuild() -> KamervragenPlugin:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
        config.plugins.on_startup(command="serve", dirty=False)
        config.plugins["kamervragen"].config.pagefind = False
        mkdocs_build(config)
        plugin = config.plugins["kamervragen"]
        assert isinstance(plugin, KamervragenPlugin)
        return plugin

    first = rebuild()
    assert first.workers == 1  # beside the development server's threads, no forking
    parsed, made = first.cache.parsed, first.cache.made
    assert made == len(list((project / "site").glob("*/data.json")))  # every Zaak, once
    letter.write_text(letter.read_text(encoding="utf-8").replace("Ja.", "Ja, zeker."), encoding="utf-8")
    again = rebuild()
    assert again is first
    assert (again.cache.parsed, again.cache.made) == (parsed + 1, made + 1)
    assert "Ja, zeker." in (project / "site" / "2025Z04271" / "index.html").read_text(encoding="utf-8")


NAMESAKE = """AH 6{n}
2025Z9901{n}
Vragen van het lid {name} (D66) aan de minister van Defensie over drones (ingezonden 1 november 2024).
Antwoord van minister Brekelmans (Defensie) (ontvangen 2{n} november 2024)

Vraag 1
Kent u het bericht over drones?

Antwoord 1
Ja.
"""


@pytest.mark.parametrize("workers", [1, 2])
def test_a_zaak_page_links_its_askers_own_page_among_namesakes(workers: int) -> None:
    """Two members whose names slug alike have pages of their own ("jansen-d66", "jansen-d66-2"): the
    facts of each Zaak page lead to its asker's, as the index pages are named over the whole archive."""
    texts = {f"{n}.txt": NAMESAKE.format(n=n, name=name).encode() for n, name in ((1, "Jansen"), (2, "Jänsen"))}
    cache = ParseCache()
    archive = build_archive(texts, cache, linked=False, defer_checks=parallel(workers))
    made = {
        case.id: item.page
        for case, item in zip(archive.cases, Production(archive, "K", SITE, cache, workers).all(), strict=True)
    }
    assert "(kamerleden/jansen-d66.md)" in made["2025Z99011"]
    assert "(kamerleden/jansen-d66-2.md)" in made["2025Z99012"]
    assert "(kamerleden/jansen-d66.md)" not in made["2025Z99012"]
