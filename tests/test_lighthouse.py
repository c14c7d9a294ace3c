"""Fast on a phone: what of a page's load does not depend on the machine's speed. The built fixture site
served as a static host serves it (gzip, tests/site_build.py): no script or search stylesheet of ours
blocks the first paint, no console error and no failed request, and Lighthouse's accessibility score
1.0. Lighthouse's performance scores are a benchmark (scripts/bench --lighthouse, docs/benchmarks.md)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Request, Response, Route, ViewportSize

from .site_build import ROOT, serve_gzip

LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium's own connections are refused on a closed network.
LIGHTHOUSE_CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
    "--disable-sync --no-first-run"
)

# A letter page, the home page, an index page, a ministry's index page and a statistics page.
PAGES = ("2025Z04271/", "", "ministeries/", "ministeries/financien/", "statistieken/over-termijn/")
LIGHTHOUSE_PAGES = PAGES[:3]  # the pages the issue scores (each run takes some seconds)


def lighthouse(url: str, categories: tuple[str, ...], output: Path) -> dict[str, Any]:
    """Lighthouse's report (its JSON) on `url`: the default mobile profile, with its simulated
    throttling, in Debian's Chromium; only `categories`."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        f"--only-categories={','.join(categories)}",
        f"--chrome-flags={LIGHTHOUSE_CHROME_FLAGS}",
    ]
    run = subprocess.run(
        command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300, check=False
    )
    if run.returncode != 0 or not output.is_file():
        raise RuntimeError(f"lighthouse failed on {url} ({run.returncode}): {run.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse on {url}: {report['runtimeError']}")
    return report


def failed_audits(report: dict[str, Any], category: str) -> list[str]:
    """The ids of the audits that cost `category` its score (weighted, scored under 1)."""
    audits = report["audits"]
    return [
        ref["id"]
        for ref in report["categories"][category]["auditRefs"]
        if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
    ]


@pytest.fixture(scope="module")
def host(project: Path) -> Iterator[str]:
    with serve_gzip(project / "site") as url:
        yield url


class _Loads(HTMLParser):
    """Scripts with a src and stylesheets, with where they stand (head or body) and their attributes;
    every link element's attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.scripts: list[tuple[str, dict[str, str | None]]] = []
        self.stylesheets: list[tuple[str, dict[str, str | None]]] = []
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "script" and attributes.get("src"):
            self.scripts.append(("head" if self.in_head else "body", attributes))
        elif tag == "link":
            self.links.append(attributes)
            if "stylesheet" in (attributes.get("rel") or "").split():
                self.stylesheets.append(("head" if self.in_head else "body", attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def _loads(project: Path, page: str) -> _Loads:
    parser = _Loads()
    parser.feed((project / "site" / page / "index.html").read_text(encoding="utf-8"))
    return parser


# Material's bundle is Material's: the last element of the body, after all the content, so the page is
# parsed and can be painted before it (Lighthouse does not count it as render-blocking there).
MATERIAL_BUNDLE = re.compile(r"(?:^|/)assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")


@pytest.mark.parametrize("page", PAGES)
def test_no_script_of_ours_blocks_rendering(project: Path, page: str) -> None:
    """Every script of ours with a src, in the head or the body, is deferred (or async, or a module):
    a classic script without them stops the parser, and the first paint, until it is fetched and run."""
    loads = _loads(project, page)
    ours = [(where, a) for where, a in loads.scripts if not MATERIAL_BUNDLE.search(a["src"] or "")]
    assert any("kamervragen.js" in (a["src"] or "") for _, a in ours), page
    blocking = [
        f"{where}: {attributes['src']}"
        for where, attributes in ours
        if attributes.get("type") != "module" and "defer" not in attributes and "async" not in attributes
    ]
    assert blocking == [], page
    bundles = [where for where, a in loads.scripts if MATERIAL_BUNDLE.search(a["src"] or "")]
    assert bundles == ["body"], page


@pytest.mark.parametrize("page", PAGES)
def test_the_search_stylesheet_waits_for_the_search(project: Path, page: str) -> None:
    """Pagefind's stylesheet is not loaded with the page (the search UI brings it on first use); the
    page's own stylesheets stay in the head, where they belong (no flash of unstyled content)."""
    stylesheets = _loads(project, page).stylesheets
    assert [a["href"] for _, a in stylesheets if "pagefind" in (a.get("href") or "")] == [], page
    assert all(where == "head" for where, _ in stylesheets), page


@pytest.mark.parametrize("page", PAGES)
def test_feeds_are_discoverable_without_a_sitemap_request(project: Path, page: str) -> None:
    """A feed reader finds a feed by the token "alternate" in rel; Material's bundle fetches sitemap.xml
    beside every link whose rel is exactly "alternate" (theme/main.html), so none is."""
    links = _loads(project, page).links
    feeds = [a for a in links if a.get("type") == "application/atom+xml"]
    assert feeds, page
    assert all("alternate" in (a.get("rel") or "").split() for a in feeds), page
    assert [a["href"] for a in links if (a.get("rel") or "").strip().lower() == "alternate"] == [], page


@pytest.mark.parametrize("mobile", [True, False], ids=["phone", "desktop"])
@pytest.mark.parametrize("page", PAGES)
def test_a_page_loads_without_console_errors_or_failed_requests(
    browser: Browser, host: str, page: str, mobile: bool
) -> None:
    viewport: ViewportSize = {"width": 412, "height": 823} if mobile else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: _console(message, errors))
    tab.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    tab.on("requestfailed", lambda request: _failed(request, errors))
    tab.on("response", lambda response: _status(response, errors))
    try:
        tab.goto(host + page, wait_until="load")
        tab.wait_for_load_state("networkidle")
        tab.wait_for_timeout(300)  # what the scripts fetch after load (Material fetches sitemaps then)
    finally:
        context.close()
    assert errors == [], page


def _console(message: ConsoleMessage, errors: list[str]) -> None:
    if message.type == "error":
        errors.append(f"console: {message.text} ({message.location.get('url')})")


def _failed(request: Request, errors: list[str]) -> None:
    errors.append(f"failed: {request.url} ({request.failure})")


def _status(response: Response, errors: list[str]) -> None:
    if response.status >= 400:
        errors.append(f"{response.status}: {response.url}")


@pytest.mark.parametrize("page", LIGHTHOUSE_PAGES)
def test_lighthouse_accessibility_is_full(host: str, page: str, tmp_path: Path) -> None:
    if not LIGHTHOUSE.is_file():
        pytest.skip(f"Lighthouse is not installed in {LIGHTHOUSE.parents[2]} (scripts/test installs it)")
    report = lighthouse(host + page, ("accessibility",), tmp_path / "report.json")
    score = report["categories"]["accessibility"]["score"]
    assert score == 1, f"{page or 'home'}: accessibility {score}, failing: {failed_audits(report, 'accessibility')}"


# Every layout shift the page makes while it loads, summed (the "cumulative layout shift" without
# Lighthouse's session windows: stricter), read from the browser's own layout-shift entries.
LAYOUT_SHIFTS = """
window.__kvShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) {
      const nodes = entry.sources.map((s) => s.node && s.node.nodeName + "." + (s.node.className || ""));
      window.__kvShifts.push({ value: entry.value, nodes: nodes });
    }
  }
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("mobile", [True, False], ids=["phone", "desktop"])
@pytest.mark.parametrize("page", ["2025Z04271/", "ah-tk-20242025-564/", "", "ministeries/"])
def test_nothing_moves_while_a_page_loads(browser: Browser, host: str, page: str, mobile: bool) -> None:
    """What the script makes of a page (the list of questions, the phone's folds, the search field in
    the header) is in the page from its first paint: the letter does not move as the reader looks at it
    (it moved by 0.8 when the script inserted them; Lighthouse counts a shift of 0.1 as poor)."""
    viewport: ViewportSize = {"width": 412, "height": 823} if mobile else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile)
    tab = context.new_page()
    tab.add_init_script(LAYOUT_SHIFTS)
    # our script late, as on a slow phone: the page is painted before it runs (Lighthouse saw that)
    tab.route("**/assets/kamervragen.js", _late)
    try:
        tab.goto(host + page, wait_until="load")
        tab.wait_for_load_state("networkidle")
        tab.wait_for_timeout(500)
        shifts = tab.evaluate("window.__kvShifts")
    finally:
        context.close()
    assert sum(s["value"] for s in shifts) < 0.02, shifts


def _late(route: Route) -> None:
    time.sleep(0.6)
    route.continue_()
