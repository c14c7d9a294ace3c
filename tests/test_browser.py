"""What a reader does in a browser: Debian's Chromium driven by Playwright, the site on 127.0.0.1."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from kamervragen.preview.build import build_preview
from kamervragen.site.archive import Case, load_archive
from kamervragen.site.pages import case_page
from kamervragen.writers.json import to_data

from .site_build import FIXTURES, ROOT, build, make_project, serve

AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def base(project: Path) -> Iterator[str]:
    with serve(project / "site") as url:
        yield url.rstrip("/")


@pytest.fixture
def page(browser: Browser, base: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield page
    context.close()
    assert [url for url in requests if not url.startswith(base)] == []  # nothing leaves 127.0.0.1


def test_question_link_scrolls_to_the_question_and_marks_it(page: Page, base: str) -> None:
    page.goto(f"{base}/2025Z04271/#vraag-16")
    heading = page.locator("#vraag-16")
    heading.wait_for()
    page.wait_for_function("document.getElementById('vraag-16').classList.contains('kv-gemarkeerd')")
    box = heading.bounding_box()
    assert box is not None
    assert 0 <= box["y"] < 900
    assert page.locator("#vraag-15.kv-gemarkeerd").count() == 0


def test_joint_question_opens_at_its_heading(page: Page, base: str) -> None:
    page.goto(f"{base}/ah-tk-20242025-564/#vraag-7")
    page.wait_for_function("document.getElementById('vraag-6').classList.contains('kv-gemarkeerd')")


def test_search_finds_the_singular_and_opens_at_a_question(page: Page, base: str) -> None:
    page.goto(f"{base}/")
    search = page.locator(".md-header #kv-zoekveld")  # in the header bar
    search.fill("afhankelijkheden")
    result = page.locator(".kv-treffer__vragen a[href*='#vraag-']").first
    result.wait_for(timeout=10_000)
    assert "afhankelijkheid" in page.locator(".kv-zoeken__treffers").inner_text().lower()
    result.click()
    page.wait_for_url("**/2025Z04271/#vraag-*")
    page.wait_for_selector(".kv-gemarkeerd")


# An answer whose PDF text runs words together ("derisicoklassen"): only the converter's repair
# (readers/glue.py) makes its words, and so the phrase, searchable.
GLUED = FIXTURES / "corpus" / "antwoord" / "ah-tk-20242025-564-antwoord-pdf.txt"


def test_search_finds_a_phrase_the_pdf_text_ran_together(page: Page, base: str) -> None:
    source = GLUED.read_text(encoding="utf-8")
    assert "indelen in derisicoklassen van de SRA" in source
    assert "de risicoklassen" not in source
    page.goto(f"{base}/")
    page.locator(".md-header #kv-zoekveld").fill('"de risicoklassen"')  # an exact phrase
    result = page.locator(".kv-treffer__vragen a[href$='/ah-tk-20242025-564/#vraag-17']")
    result.wait_for(timeout=10_000)
    assert page.locator(".kv-zoeken__melding").inner_text() == '1 Kamervraag gevonden voor: "de risicoklassen"'
    result.click()
    page.wait_for_url("**/ah-tk-20242025-564/#vraag-17")
    page.wait_for_function("document.getElementById('vraag-17').classList.contains('kv-gemarkeerd')")
    assert "indelen in de risicoklassen van de SRA" in page.locator("article").inner_text()


def test_copy_control_puts_the_absolute_answer_url_on_the_clipboard(page: Page, base: str) -> None:
    page.goto(f"{base}/2025Z04271/")
    button = page.locator("#vraag-3 + .kv-link")
    assert button.inner_text() == "Link naar dit antwoord"
    button.click()
    page.wait_for_function("document.querySelector('#vraag-3 + .kv-link').textContent === 'Link gekopieerd'")
    assert page.evaluate("navigator.clipboard.readText()") == f"{base}/2025Z04271/#vraag-3"


@pytest.mark.parametrize(
    "path",
    ["", "partijen/groenlinks-pvda/", "2025Z04271/", "statistieken/", "open-data/", "404.html"],
    ids=["home", "index", "letter", "statistics", "open-data", "not-found"],
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(page: Page, base: str, path: str, scheme: str) -> None:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run scripts/test, which installs it from the npm registry")
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(f"{base}/{path}")
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_title_is_in_the_text_colour_under_a_header_at_the_top(page: Page, base: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(f"{base}/2025Z04271/")
    title, text = page.evaluate(
        "['article h1', 'article .kv-kop li'].map(s => getComputedStyle(document.querySelector(s)).color)"
    )
    assert title == text  # not Material's 54% grey
    assert title == ("rgba(0, 0, 0, 0.87)" if scheme == "light" else text)
    announce = page.locator('[data-md-component="announce"]').bounding_box()
    assert announce is not None
    assert announce["height"] == 0  # no empty bar: the header is the top of the page
    header = page.locator(".md-header").bounding_box()
    assert header is not None
    assert header["y"] == 0


def test_footnotes_have_a_heading_and_visible_dutch_back_links(page: Page, base: str) -> None:
    page.goto(f"{base}/2025Z04271/")
    heading = page.locator("article .footnote h2")
    assert heading.inner_text() == "Voetnoten"
    assert heading.is_visible()
    back = page.locator("article .footnote a.footnote-backref").first
    back.scroll_into_view_if_needed()
    page.mouse.move(0, 0)  # not hovering the note: the link shows all the same
    assert back.inner_text() == "terug"
    assert back.get_attribute("title") == "Terug naar voetnoot 1 in de tekst"
    assert back.evaluate("e => getComputedStyle(e).opacity") == "1"
    box = back.bounding_box()
    assert box is not None
    assert box["width"] > 20
    assert box["height"] > 10
    back.click()
    page.wait_for_url(re.compile(r"#fnref:1$"))


def test_the_404_page_is_dutch(page: Page, base: str) -> None:
    page.goto(f"{base}/404.html")
    assert page.locator("article h1").inner_text() == "Pagina niet gevonden"
    assert "Op dit adres staat geen pagina." in page.locator("article").inner_text()


@pytest.fixture(scope="module")
def preview(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The preview of the project, served under /pr-7/ like GitHub Pages serves it."""
    root = tmp_path_factory.mktemp("pages")
    with serve(root) as url:
        build_preview(url + "pr-7/", root / "pr-7", project)
        yield url + "pr-7/"


def test_preview_letter_and_search_work_under_the_sub_path(browser: Browser, preview: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(preview) else outside.append(request.url))
    page.goto(f"{preview}2025Z04271/#vraag-5")
    page.wait_for_function("document.getElementById('vraag-5').classList.contains('kv-gemarkeerd')")
    assert "Voorbeeld van een wijziging" in page.locator(".md-banner").inner_text()
    page.locator(".md-header #kv-zoekveld").fill("afhankelijkheden")
    result = page.locator(".kv-treffer__vragen a[href*='#vraag-']").first
    result.wait_for(timeout=10_000)
    assert str(result.get_attribute("href")).startswith("/pr-7/")
    context.close()
    assert outside == []


@pytest.fixture(scope="module")
def split_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with its search index in parts of 20 letters (a large archive's layout)."""
    project = make_project(tmp_path_factory.mktemp("split"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - kamervragen ", "  - kamervragen: {search_part_size: 20} "))
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project


def _page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def _unique_word(case: Case, others: list[Case]) -> str:
    """The longest word of a case's questions that no other case's page has."""
    elsewhere = " ".join(case_page(other) for other in others if other is not case).casefold()
    questions = " ".join(q["text"] for q in to_data(case.main)["questions"])
    words = re.findall(r"[^\W\d_]{6,}", questions)
    return str(max((w for w in words if w.casefold() not in elsewhere), key=len))


def test_a_search_index_in_parts_finds_letters_of_every_part(browser: Browser, split_site: Path) -> None:
    cases = list(load_archive(split_site / "content").cases)
    site = split_site / "site"
    counts = [
        _page_count(site / "pagefind"),
        _page_count(site / "pagefind" / "1"),
        _page_count(site / "pagefind" / "2"),
    ]
    assert counts == [20, 20, len(cases) - 40]
    assert not (site / "pagefind" / "3").exists()
    with serve(site) as root:
        page = browser.new_page()
        for case in (cases[0], cases[-1]):  # the newest letter is in the first part, the oldest in the last
            page.goto(root)
            page.locator(".md-header #kv-zoekveld").fill(_unique_word(case, cases))
            page.locator(f".kv-treffer__titel[href*='/{case.id}/']").first.wait_for(timeout=10_000)
        page.close()


# --- a question with its answer as one block; a way through a long letter (issue 21) -----------------

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280px", "390px"])
def screen(request: pytest.FixtureRequest, browser: Browser, base: str) -> Iterator[Page]:
    context = browser.new_context(viewport=request.param)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


MARKED_BLOCK = ".kv-vraag-en-antwoord.kv-gemarkeerd"


def _marked_block(page: Page) -> dict[str, Any]:
    page.wait_for_selector(MARKED_BLOCK)
    return dict(
        page.evaluate(
            """s => { const b = document.querySelectorAll(s); const r = b[0].getBoundingClientRect();
            return {count: b.length, top: r.top, height: innerHeight,
              ids: [...b[0].querySelectorAll('[id]')].map(e => e.id).filter(i => /^vraag-/.test(i)),
              answers: [...b[0].querySelectorAll('.kv-antwoord h3')].map(h => h.textContent.replace('¶', '').trim()),
              controls: [...b[0].querySelectorAll('.kv-link')].map(c => c.textContent)} }""",
            MARKED_BLOCK,
        )
    )


def test_an_opened_question_marks_its_block_with_question_and_answer(screen: Page, base: str) -> None:
    screen.goto(f"{base}/2025Z04271/#vraag-16")
    block = _marked_block(screen)
    assert block["count"] == 1
    assert block["ids"] == ["vraag-16"]
    assert block["answers"] == ["Antwoord op vraag 16"]  # the answer is in the marked block
    assert block["controls"] == ["Link naar dit antwoord", "Citeer"]
    assert 0 <= block["top"] < block["height"] / 2
    header = screen.locator(".kv-vragenlijst").bounding_box()
    assert header is not None
    assert block["top"] >= header["y"] + header["height"] - 1  # not under the list
    outline = screen.locator(MARKED_BLOCK).evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"  # marked by more than colour
    # The controls are on the heading's row, not between heading and question.
    heading = screen.locator("#vraag-16").bounding_box()
    link = screen.locator("#vraag-16 + .kv-link").bounding_box()
    question = screen.locator(".kv-vraag-en-antwoord:has(#vraag-16) > p").first.bounding_box()
    assert heading is not None
    assert link is not None
    assert question is not None
    assert link["y"] < heading["y"] + heading["height"]
    assert question["y"] > link["y"] + link["height"]
    # another question opened: only its block is marked
    screen.evaluate("location.hash = '#vraag-2'")
    screen.wait_for_function("document.querySelector('.kv-vraag-en-antwoord.kv-gemarkeerd #vraag-2') !== null")
    assert _marked_block(screen)["count"] == 1


@pytest.mark.parametrize(
    ("path", "anchor", "ids", "answer"),
    [
        ("2024Z18294", "vraag-3", ["vraag-3", "vraag-4"], "Antwoord op vragen 3 en 4"),
        ("2024Z18294", "vraag-4", ["vraag-3", "vraag-4"], "Antwoord op vragen 3 en 4"),
        ("ah-tk-20242025-564", "vraag-7", ["vraag-7", "vraag-6"], "Antwoord op vragen 6 en 7"),
    ],
    ids=["first-of-two", "second-of-two", "joint-label"],
)
def test_a_joint_answer_is_marked_with_each_question_it_answers(
    page: Page, base: str, path: str, anchor: str, ids: list[str], answer: str
) -> None:
    page.goto(f"{base}/{path}/#{anchor}")
    block = _marked_block(page)
    assert block["count"] == 1
    assert block["ids"] == ids
    assert block["answers"] == [answer]
    target = page.locator(f"[id='{anchor}']")
    if page.evaluate(f"document.getElementById('{anchor}').tagName") == "H2":
        box = target.bounding_box()
        assert box is not None
        assert 0 <= box["y"] < 900  # the heading opened is in view, also the second of a block


def _question_list(page: Page) -> list[tuple[str, str]]:
    return [
        (str(a.get_attribute("href")), str(a.text_content())) for a in page.locator("nav.kv-vragenlijst ol a").all()
    ]


def test_every_letter_page_lists_its_questions_on_phone_and_desktop(screen: Page, base: str) -> None:
    screen.goto(f"{base}/2025Z04271/")
    nav = screen.locator("nav.kv-vragenlijst")
    assert nav.get_attribute("aria-label") == "Vragen in deze brief"
    assert _question_list(screen) == [(f"#vraag-{n}", f"Vraag {n}") for n in range(1, 18)]
    summary = nav.locator("summary")
    assert summary.inner_text() == "Vragen in deze brief (17)"
    # Reachable far down the letter: it stays on screen, opens, and leads to the question.
    screen.locator("#vraag-14").scroll_into_view_if_needed()
    screen.mouse.wheel(0, 200)
    screen.wait_for_function("document.querySelector('nav.kv-vragenlijst summary').textContent.startsWith('Vraag ')")
    box = summary.bounding_box()
    assert box is not None
    assert 0 <= box["y"] < 120  # at the top, under the header
    assert box["height"] >= 24  # a target to tap
    summary.click()
    link = nav.locator("a[href='#vraag-12']")
    assert link.is_visible()
    link.click()
    screen.wait_for_function("document.querySelector('.kv-vraag-en-antwoord.kv-gemarkeerd #vraag-12') !== null")
    assert not link.is_visible()  # the list closes when a question is chosen
    screen.wait_for_function("document.querySelector('nav.kv-vragenlijst summary').textContent === 'Vraag 12 van 17'")
    assert nav.locator("a[aria-current='location']").text_content() == "Vraag 12"


def test_the_list_names_joint_questions_together(page: Page, base: str) -> None:
    page.goto(f"{base}/ah-tk-20242025-564/")
    listed = _question_list(page)
    assert ("#vraag-6", "Vragen 6 en 7") in listed
    assert all(href != "#vraag-7" for href, _ in listed)
    anchors = page.evaluate(
        "[...document.querySelectorAll('[data-pagefind-body] h2[id^=\"vraag-\"]')].map(h => '#' + h.id)"
    )
    assert [href for href, _ in listed] == anchors
    page.goto(f"{base}/ah-tk-20242025-564/#vraag-7")
    page.wait_for_function(
        "document.querySelector('nav.kv-vragenlijst summary').textContent.startsWith('Vragen 6 en 7 van ')"
    )


def test_a_page_without_questions_has_no_list(page: Page, base: str) -> None:
    page.goto(f"{base}/2024Z99001/")
    page.wait_for_load_state("load")
    if page.locator("[data-pagefind-body] h2[id^='vraag-']").count() == 0:
        assert page.locator("nav.kv-vragenlijst").count() == 0
    page.goto(f"{base}/statistieken/")
    page.wait_for_load_state("load")
    assert page.locator("nav.kv-vragenlijst").count() == 0


def test_the_first_question_is_on_the_first_screen_of_a_phone(browser: Browser, base: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base}/2025Z04271/")
    page.wait_for_load_state("load")
    first = page.locator("#vraag-1").bounding_box()
    assert first is not None
    assert first["y"] > 0
    assert first["y"] + first["height"] <= PHONE["height"]
    # what was folded to get there is a button away: the introduction and every fact
    article = page.locator("article")
    assert "Geachte voorzitter" not in article.inner_text()
    page.get_by_role("button", name="Inleiding van de brief tonen").click()
    assert page.get_by_text("Geachte voorzitter,").is_visible()
    facts = page.locator(".kv-kop li")
    hidden = [item.is_visible() for item in facts.all()].count(False)
    assert hidden > 0
    more = page.locator(".kv-kop button.kv-uitklap")
    assert more.get_attribute("aria-expanded") == "false"
    more.click()
    assert more.get_attribute("aria-expanded") == "true"
    assert all(item.is_visible() for item in facts.all())
    context.close()
    # on a desktop nothing is folded
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/2025Z04271/")
    page.wait_for_load_state("load")
    assert not any(toggle.is_visible() for toggle in page.locator(".kv-uitklap").all())
    assert page.get_by_text("Geachte voorzitter,").is_visible()
    assert all(row.is_visible() for row in page.locator(".kv-kop li").all())
    context.close()
    # without scripts the buttons could not open anything: nothing is folded, no button shown
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/2025Z04271/")
    assert page.get_by_text("Geachte voorzitter,").is_visible()
    assert all(row.is_visible() for row in page.locator(".kv-kop li").all())
    assert not any(toggle.is_visible() for toggle in page.locator(".kv-uitklap").all())
    context.close()


def test_what_a_phone_folds_opens_even_where_the_theme_script_cannot_run(browser: Browser, base: str) -> None:
    """kamervragen.js blocked (a fork's preview admits only the site's inline scripts): the folds still
    open, by the page's own inline script, and no text is out of reach."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.route("**/assets/kamervragen.js", lambda route: route.abort())
    page.goto(f"{base}/2025Z04271/")
    page.wait_for_load_state("load")
    assert not page.get_by_text("Geachte voorzitter,").is_visible()
    page.get_by_role("button", name="Inleiding van de brief tonen").click()
    assert page.get_by_text("Geachte voorzitter,").is_visible()
    page.get_by_role("button", name="Inleiding verbergen").click()
    assert not page.get_by_text("Geachte voorzitter,").is_visible()
    page.locator(".kv-kop button.kv-uitklap").click()
    assert all(row.is_visible() for row in page.locator(".kv-kop li").all())
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_marked_block_and_the_list_pass_axe_on_a_phone(browser: Browser, base: str, scheme: str) -> None:
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing at {AXE}: run scripts/test, which installs it from the npm registry")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto(f"{base}/2025Z04271/#vraag-16")
    page.wait_for_selector(MARKED_BLOCK)
    page.locator("nav.kv-vragenlijst summary").click()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})")
    context.close()
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
