"""Shared fixtures: the corpus copied from ../shared/corpus, so a fresh clone tests without it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from playwright.sync_api import Browser, sync_playwright

from kamervragen.convert import Conversion, convert_file
from kamervragen.hyphenpatterns import patterns
from kamervragen.site.archive import Archive, load_archive
from kamervragen.wordlists import words

from .site_build import SITE_URL, build, make_project

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
REFERENCE = CORPUS / "tika" / "2025Z04271.txt"
CORPUS_FILES = sorted(CORPUS.glob("*/*.txt"))


@pytest.fixture(scope="session")
def reference() -> Conversion:
    return convert_file(REFERENCE)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty user cache folder (XDG_CACHE_HOME), as a new process finds it: the word lists and
    hyphenation patterns this process has read are forgotten, before and after."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    words.cache_clear()
    patterns.cache_clear()
    yield tmp_path
    words.cache_clear()
    patterns.cache_clear()


# Hypothesis profiles: "ci" is derandomized (the same examples on every run, so CI is repeatable);
# "thorough" is for a long run by hand: HYPOTHESIS_PROFILE=thorough scripts/test tests/test_properties.py
_COMMON = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", _COMMON, max_examples=60, derandomize=True)
settings.register_profile("dev", _COMMON, max_examples=60)
settings.register_profile("thorough", _COMMON, max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project built once per session: the real MkDocs build, strict, with Pagefind, published at
    SITE_URL."""
    project = make_project(tmp_path_factory.mktemp("project"))
    result = build(project, "--strict", site_url=SITE_URL)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="session")
def archive(project: Path) -> Archive:
    return load_archive(project / "content")


CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# As the probe of this machine runs it: no background traffic to a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright (skipped only outside CI when it is not installed)."""
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
