"""The search in a browser (Debian's Chromium, Playwright, the fixture site on 127.0.0.1): loaded on
first use, hits with their facts, Dutch filters and messages, letter text shown as text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, Route

from kamervragen.site.archive import Archive

from .site_build import ROOT, serve

AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
FIELD = "#kv-zoekveld"
PANEL = "#kv-zoekresultaten"
HIT = ".kv-treffer"
SEARCH_FILES = re.compile(r"/pagefind/|/assets/search\.(?:js|css)")
ENGLISH = re.compile(r"\b(?:Reset|Clear|Filters?|Load more|results?|Search|No results|All)\b", re.I)


@pytest.fixture(scope="module")
def base(project: Path) -> Iterator[str]:
    with serve(project / "site") as url:
        yield url.rstrip("/")


@pytest.fixture
def requests() -> list[str]:
    return []


@pytest.fixture
def page(browser: Browser, base: str, requests: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert [url for url in requests if not url.startswith(base)] == []  # nothing leaves 127.0.0.1
    assert errors == []


def search(page: Page, term: str) -> None:
    """Type `term` into the header's field as a reader does, and wait for the search's answer."""
    page.locator(FIELD).click()
    page.keyboard.type(term)
    page.wait_for_function(
        "t => { const m = document.querySelector('.kv-zoeken__melding'); return m && m.textContent.includes(t) }",
        arg=term,
        timeout=10_000,
    )


def hit_of(page: Page, zaak: str) -> dict[str, str]:
    """A hit's title and facts, by the class of each fact."""
    hit = page.locator(HIT).filter(has=page.locator(f".kv-treffer__titel[href='/{zaak}/']"))
    facts: dict[str, str] = hit.evaluate(
        "h => Object.fromEntries([...h.querySelectorAll('.kv-treffer__titel, .kv-treffer__gegevens > span')]"
        ".map(e => [e.className.replace('kv-treffer__', ''), e.textContent]))"
    )
    return facts


@pytest.mark.parametrize("path", ["", "2025Z04271/", "partijen/"])
def test_a_page_load_fetches_nothing_of_the_search(page: Page, base: str, requests: list[str], path: str) -> None:
    page.goto(f"{base}/{path}")
    page.wait_for_load_state("networkidle")
    assert requests
    assert [url for url in requests if SEARCH_FILES.search(url)] == []
    # our scripts wait for the page (defer); no stylesheet of the search holds up the first paint
    assert page.locator("script[src*='kamervragen']:not([defer])").count() == 0
    assert page.locator("script[src*='kamervragen'][defer]").count() == 1
    assert page.locator("link[href*='pagefind']").count() == 0
    field = page.get_by_role("searchbox", name="Zoek in Kamervragen")
    assert field.count() == 1
    assert page.locator(f".md-header {FIELD}").is_visible()  # placed in the header bar


def test_typing_loads_the_search_and_shows_hits_with_their_facts(page: Page, base: str, requests: list[str]) -> None:
    page.goto(f"{base}/")
    page.wait_for_load_state("networkidle")
    search(page, "afhankelijkheden")  # the first key loads the search, the rest is typed meanwhile
    assert page.locator(FIELD).input_value() == "afhankelijkheden"
    assert page.evaluate("document.activeElement.id") == "kv-zoekveld"  # focus stayed in the field
    loaded = [url for url in requests if SEARCH_FILES.search(url)]
    assert any(url.endswith("/pagefind/pagefind.js") for url in loaded)
    assert any(url.endswith("/assets/search.js") for url in loaded)
    assert hit_of(page, "2025Z04271") == {
        "titel": "Het werkbezoek van de staatssecretaris van Defensie aan Microsoft en Amazon",
        "status": "beantwoord",
        "datum": "31 maart 2025",  # of the answer
        "vragenstellers": "Kathmann (GroenLinks-PvdA), Nordkamp (GroenLinks-PvdA)",
        "ministerie": "Defensie",
    }
    assert hit_of(page, "2024Z18884")["datum"] == "ingezonden 20 november 2024"  # not answered: submitted
    assert page.locator(".kv-treffer mark").first.inner_text().lower().startswith("afhankelijk")
    # the excerpt in the body text's size, not Pagefind's 11 px
    sizes = page.evaluate(
        "['.kv-treffer__uittreksel', '.md-typeset']"
        ".map(s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"
    )
    assert sizes[0] >= sizes[1] >= 15


def test_what_is_typed_while_the_search_loads_is_searched(page: Page, base: str) -> None:
    held: list[Route] = []

    def hold(route: Route) -> None:  # the search's code arrives when the test lets it
        held.append(route)

    page.route("**/assets/search.js", hold)
    page.goto(f"{base}/")
    page.wait_for_load_state("networkidle")
    page.locator(FIELD).click()
    page.keyboard.type("afhank")
    while not held:
        page.wait_for_timeout(20)
    page.keyboard.type("elijkheden")
    assert page.locator(HIT).count() == 0
    held[0].continue_()
    page.locator(HIT).first.wait_for(timeout=10_000)
    assert page.locator(".kv-zoeken__melding").inner_text().endswith("gevonden voor: afhankelijkheden")
    assert page.evaluate("document.activeElement.id") == "kv-zoekveld"


def test_a_hit_opens_at_its_question(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    search(page, "afhankelijkheden")
    question = page.locator(f"{HIT} a[href='/2025Z04271/#vraag-6']")
    question.click()
    page.wait_for_url("**/2025Z04271/#vraag-6")
    page.wait_for_function("document.getElementById('vraag-6').classList.contains('kv-gemarkeerd')")


def test_a_filter_narrows_the_hits_and_speaks_dutch(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    search(page, "afhankelijkheden")
    before = page.locator(HIT).count()
    assert before > 1
    labels = page.locator(".kv-zoeken__filter > span").all_inner_texts()
    assert labels == ["Ministerie", "Partij", "Jaar", "Status"]
    ministry = page.locator(".kv-zoeken__filter select[name='ministerie']")
    assert ministry.locator("option").first.inner_text() == "Alle ministeries"
    assert "Defensie (1)" in ministry.locator("option").all_inner_texts()
    ministry.select_option("Defensie")
    page.wait_for_function(f"document.querySelectorAll('{HIT}').length === 1")
    assert hit_of(page, "2025Z04271")["ministerie"] == "Defensie"
    message = "1 Kamervraag gevonden voor: afhankelijkheden, met ministerie Defensie"
    assert page.locator(".kv-zoeken__melding").inner_text() == message
    ministry.select_option("")  # all ministries again
    page.wait_for_function(f"document.querySelectorAll('{HIT}').length === {before}")
    page.locator(".kv-zoeken__filter select[name='partij']").select_option("SP")
    page.wait_for_function(f"document.querySelectorAll('{HIT}').length < {before}")
    askers = page.locator(".kv-treffer__vragenstellers").all_inner_texts()
    assert askers
    assert all("(SP)" in names for names in askers)


def test_no_hits_say_how_many_kamervragen_the_archive_holds(page: Page, base: str, archive: Archive) -> None:
    term = "qwzxv & blørp"
    page.goto(f"{base}/")
    search(page, term)
    assert page.locator(HIT).count() == 0
    message = page.locator(".kv-zoeken__melding")
    assert f"Geen Kamervragen gevonden voor: {term}." in message.inner_text()
    assert f"Dit archief bevat {len(archive.cases)} Kamervragen." in message.inner_text()
    kamer = message.get_by_role("link")
    assert kamer.inner_text() == f"Zoek \u201c{term}\u201d op tweedekamer.nl"
    assert kamer.get_attribute("href") == "https://www.tweedekamer.nl/zoeken?qry=qwzxv%20%26%20bl%C3%B8rp"
    assert quote(term, safe="") == "qwzxv%20%26%20bl%C3%B8rp"


def test_no_hit_has_the_title_as_a_sub_result(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    search(page, "Microsoft")
    # the index has the title's anchor: Pagefind itself offers it as a sub-result
    offered = page.evaluate(
        "import(location.origin + '/pagefind/pagefind.js').then(p => p.search('Microsoft'))"
        ".then(s => Promise.all(s.results.map(r => r.data())))"
        ".then(hits => hits.flatMap(h => h.sub_results.map(s => s.url)))"
    )
    assert "/2025Z04271/#titel" in offered
    links = [str(a.get_attribute("href")) for a in page.locator(f"{PANEL} a").all()]
    assert "/2025Z04271/" in links
    assert any(link.startswith("/2025Z04271/#vraag-") for link in links)
    assert not [link for link in links if "#titel" in link]


def test_the_search_has_no_english_words(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    search(page, "de")  # many hits: the button for more shows
    more = page.get_by_role("button", name="Meer resultaten tonen")
    assert more.is_visible()
    assert page.locator(HIT).count() == 10
    more.click()
    page.wait_for_function(f"document.querySelectorAll('{HIT}').length > 10")
    # the UI's own words: the panel without its hits (a letter may quote English), the field's
    ui = page.evaluate(
        f"""() => {{
          const panel = document.querySelector('{PANEL}').cloneNode(true);
          panel.querySelectorAll('{HIT}').forEach(h => h.remove());
          const labels = [...document.querySelectorAll('#kv-zoeken [aria-label], #kv-zoeken [placeholder]')]
            .map(e => (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('placeholder') || ''));
          return [panel.textContent, ...labels, document.querySelector('label[for=kv-zoekveld]').textContent].join(' ');
        }}"""
    )
    assert "Meer resultaten tonen" in ui
    assert "Alle ministeries" in ui
    assert ENGLISH.findall(ui) == []


def test_the_hostile_letter_shows_as_text_in_a_hit(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    search(page, "onerror")
    hit = page.locator(HIT).filter(has=page.locator(".kv-treffer__titel[href='/2024Z99001/']"))
    assert hit.locator(".kv-treffer__titel").inner_text().startswith('Wat doet <script>alert("vraag")</script>')
    assert "<img src=x onerror=alert(1)>" in hit.inner_text()
    assert page.locator(f"{PANEL} :is(script, img, iframe, [onerror], [onclick])").count() == 0
    assert page.locator(f"{PANEL} mark").count() > 0  # Pagefind's marks alone became elements
    assert page.locator(f"{PANEL} *:not(div, p, ol, ul, li, a, span, mark, label, select, option, button)").count() == 0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_search_has_no_serious_accessibility_violations(page: Page, base: str, scheme: str) -> None:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run scripts/test, which installs it from the npm registry")
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(f"{base}/")
    search(page, "afhankelijkheden")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run({include: ['#kv-zoeken']}, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
