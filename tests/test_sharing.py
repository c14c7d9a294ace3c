"""Sharing and reuse on the built site: feeds, open data, link previews, sitemap, statistics, citations."""

from __future__ import annotations

import csv
import io
import json
import shutil
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag
from jsonschema import Draft202012Validator
from playwright.sync_api import Browser
from referencing import Registry, Resource

from kamervragen.convert import convert_file
from kamervragen.model import Kind
from kamervragen.site.archive import Archive, Status, load_archive, slugs
from kamervragen.site.citation import aanhangsel_label, cite
from kamervragen.site.feeds import ENTRIES, feed_entries, feed_files
from kamervragen.site.opendata import SCHEMAS, schema
from kamervragen.site.pages import INDEXES, feed_path
from kamervragen.site.permalinks import site_permalinks
from kamervragen.writers.json import to_data

from .conftest import CORPUS, CORPUS_FILES
from .site_build import SITE_URL, build, make_project, serve

SITE = "Kamervragen"


def html(project: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((project / "site" / path).read_text(encoding="utf-8"), "html.parser")


def site_file(project: Path, url: str) -> Path:
    """The file an absolute URL of the published site is served from."""
    assert url.startswith(SITE_URL), url
    path = urlparse(url).path.lstrip("/")
    return project / "site" / (path + "index.html" if path.endswith("/") or not path else path)


def validator(name: str) -> Draft202012Validator:
    registry: Registry[Any] = Registry().with_resources(
        (json.loads(schema(s))["$id"], Resource.from_contents(json.loads(schema(s)))) for s in SCHEMAS
    )
    return Draft202012Validator(json.loads(schema(name)), registry=registry)


# --- feeds -----------------------------------------------------------------------------------------


def expected_entries(archive: Archive, keep: Any = lambda case: True) -> list[tuple[str, str]]:
    """(Zaak, date) of every answer and postponement notice with a date, newest first."""
    found = [
        (case.id, d.letter.meta.date)
        for case in archive.cases
        if keep(case)
        for d in case.documents
        if d.letter.kind in (Kind.ANTWOORD, Kind.MEDEDELING) and d.letter.meta.date
    ]
    return sorted(found, key=lambda e: (e[1], e[0]), reverse=True)[:ENTRIES]


def parsed_feed(project: Path, path: str) -> Any:
    headers = {"content-location": SITE_URL + path, "content-type": "application/atom+xml"}
    feed = feedparser.parse((project / "site" / path).read_bytes(), response_headers=headers)
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    assert feed.version == "atom10"
    return feed


def test_the_site_feed_lists_the_newest_answers_and_postponements(project: Path, archive: Archive) -> None:
    feed = parsed_feed(project, "atom.xml")
    expected = expected_entries(archive)
    assert [(urlparse(e.link).path.strip("/"), e.published[:10]) for e in feed.entries] == expected
    assert len(expected) == 26  # every answer and notice of the fixtures (fewer than ENTRIES)
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert all(e.id.startswith("urn:uuid:") for e in feed.entries)
    titles = {e.title.split(":")[0] for e in feed.entries}
    assert titles == {"Antwoord", "Uitstel"}
    for entry in feed.entries:
        assert site_file(project, entry.link).is_file()
    assert feed.feed.updated[:10] == expected[0][1]
    home = html(project, "index.html")
    alternate = home.find("link", rel="alternate", type="application/atom+xml")
    assert isinstance(alternate, Tag)
    assert alternate["href"] == "atom.xml"
    assert home.find("a", href="atom.xml") is not None  # visible on the home page too


def test_every_followed_index_page_has_its_feed_with_the_right_entries(project: Path, archive: Archive) -> None:
    checked = 0
    for index in INDEXES:
        groups: dict[str, list[str]] = {}
        for case in archive.cases:
            for key in index.keys(case):
                groups.setdefault(key, []).append(case.id)
        names = slugs(groups)
        for key, ids in groups.items():
            path = feed_path(index, names[key])
            if not index.feed:
                assert not (project / "site" / path).exists()
                continue
            page = html(project, path.replace("atom.xml", "index.html"))
            links = page.find_all("link", rel="alternate", type="application/atom+xml")
            assert [link["href"] for link in links] == ["../../atom.xml", "atom.xml"]  # site's, then its own
            assert page.select_one("article a[href='atom.xml']") is not None
            feed = parsed_feed(project, path)
            expected = expected_entries(archive, lambda case, ids=ids: case.id in ids)
            assert [(urlparse(e.link).path.strip("/"), e.published[:10]) for e in feed.entries] == expected, path
            assert feed.feed.title.startswith(index.page_title(key))
            checked += 1
    assert checked == 69 - 1  # every feed of the site but the site's own
    assert len(list((project / "site").rglob("atom.xml"))) == 69 + 1  # and that of questions past their term


def test_an_entry_keeps_its_id_when_the_answer_follows_the_postponement(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "letters").mkdir(parents=True)
    notice = CORPUS / "mededeling" / "2024Z17538-mededeling-docx.txt"
    shutil.copy(notice, content / "letters" / notice.name)
    before = {e.id: e.heading for c in load_archive(content).cases for e in feed_entries(c)}
    answer = (
        "2024Z17538\nAntwoord van staatssecretaris Rummenie (Landbouw, Visserij, Voedselzekerheid en Natuur) "
        "(ontvangen 4 december 2024)\n\nVraag 1\nKrijgen Zeeuwse buffels te veel PFAS binnen?\n\n"
        "Antwoord 1\nDat wordt onderzocht.\n"
    )
    (content / "letters" / "antwoord.txt").write_text(answer, encoding="utf-8")
    (case,) = load_archive(content).cases
    after = {e.id: e.heading for e in feed_entries(case)}
    assert before.items() <= after.items()
    assert sorted(after.values()) == ["Antwoord", "Uitstel"]
    feeds = feed_files((case,), SITE, None)
    site = feedparser.parse(feeds["atom.xml"])
    assert [e.title.split(":")[0] for e in site.entries] == ["Antwoord", "Uitstel"]  # newest first
    assert [e.link for e in site.entries] == ["2024Z17538/", "2024Z17538/"]  # relative without site_url
    assert feed_files((case,), SITE, None) == feeds  # same bytes twice: no clock in a feed


def test_a_feed_holds_what_xml_cannot_and_markup_as_text(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "letters").mkdir(parents=True)
    hostile = Path(__file__).parent / "fixtures" / "site" / "hostile-docx.txt"
    text = hostile.read_text(encoding="utf-8").replace("Wat doet", "Wat\x0b doet", 1)
    (content / "letters" / "hostile.txt").write_text(text, encoding="utf-8")
    archive = load_archive(content)
    feed = feedparser.parse(feed_files(archive.cases, SITE, None)["atom.xml"])
    assert not feed.bozo
    (entry,) = feed.entries
    assert '<script>alert("vraag")</script>' in entry.title  # text, as written
    assert "Wat doet" in entry.summary


# --- open data -------------------------------------------------------------------------------------


def records(project: Path) -> list[dict[str, Any]]:
    lines = (project / "site" / "open-data" / "kamervragen.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_each_page_has_its_json_valid_against_the_documented_schema(project: Path, archive: Archive) -> None:
    check = validator("kamervraag.schema.json")
    for case in archive.cases:
        data = json.loads((project / "site" / case.id / "data.json").read_text(encoding="utf-8"))
        check.validate(data)
        assert data["zaak"] == case.id
        assert data["url"] == f"{SITE_URL}{case.id}/"
        assert [d["kind"] for d in data["documents"]] == [d.letter.kind.value for d in case.documents]
        assert data["documents"][0]["questions"] == to_data(case.main)["questions"]
        page = html(project, f"{case.id}/index.html")
        alternate = page.find("link", rel="alternate", type="application/json")
        assert isinstance(alternate, Tag)
        assert alternate["href"] == "data.json"
    # a field the schema does not know fails it: the schema is not a formality
    broken = json.loads((project / "site" / "2025Z04271" / "data.json").read_text(encoding="utf-8"))
    broken["documents"][0]["questions"][0]["vraag"] = 1
    assert not check.is_valid(broken)


def test_the_cli_json_of_every_letter_is_valid_against_the_letter_schema() -> None:
    check = validator("letter.schema.json")
    for path in CORPUS_FILES:
        letter = convert_file(path).letter
        assert letter is not None
        check.validate(to_data(letter))


def test_the_archive_as_json_lines_holds_each_page_once(project: Path, archive: Archive) -> None:
    lines = records(project)
    assert [r["zaak"] for r in lines] == [case.id for case in archive.cases]  # newest first
    text = (project / "site" / "open-data" / "kamervragen.jsonl").read_text(encoding="utf-8")
    for record, line in zip(lines, text.splitlines(keepends=True), strict=True):
        assert (project / "site" / record["zaak"] / "data.json").read_text(encoding="utf-8") == line


def test_the_csv_has_one_row_per_question_with_its_answer(project: Path, archive: Archive) -> None:
    text = (project / "site" / "open-data" / "vragen.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    expected: dict[str, int] = {}
    for case in archive.cases:  # the answer's questions, else those of the first letter listing them
        listing = [d.letter for d in case.documents if d.letter.questions]
        letter = case.of_kind(Kind.ANTWOORD) if case.status is Status.ANSWERED else listing[0] if listing else None
        if letter and letter.questions:
            expected[case.id] = len(letter.questions)
    assert len(rows) == sum(expected.values()) == 396  # 2024Z18892: its source list is no question 10
    assert {r["zaak"] for r in rows} == set(expected)
    assert len(expected) == len(archive.cases) - 3  # a notice, two oral questions: none numbered
    reference = [r for r in rows if r["zaak"] == "2025Z04271"]
    assert [r["number"] for r in reference] == [str(n) for n in range(1, 18)]
    third = reference[2]
    assert third["question"].startswith("Heeft u op dit werkbezoek concrete toezeggingen gedaan")
    assert third["askers"] == "Kathmann; Nordkamp"
    assert third["parties"] == "GroenLinks-PvdA"
    assert third["ministry"] == "Defensie"
    assert third["submitted"] == "2025-03-10"
    assert third["answered"] == "2025-03-31"
    assert third["days_to_answer"] == "21"
    assert third["url"] == f"{SITE_URL}2025Z04271/#vraag-3"
    # every row's link leads to an anchor that exists
    for row in rows:
        page, _, anchor = row["url"].partition("#")
        assert html(project, site_file(project, page).relative_to(project / "site").as_posix()).find(id=anchor)
    joint = [r for r in rows if r["zaak"] == "ah-tk-20242025-564" and r["number"] == "6"]
    assert joint[0]["numbers"] == "6; 7"  # the joint question is one row carrying both numbers
    answered = [r for r in rows if r["status"] == "beantwoord"]
    assert all(r["answer"] for r in answered if r["zaak"] not in ("ah-tk-20242025-999",)), [
        (r["zaak"], r["number"]) for r in answered if not r["answer"]
    ]


def test_the_open_data_page_documents_every_field_and_links_every_file(project: Path) -> None:
    page = html(project, "open-data/index.html")
    text = page.get_text(" ")
    for name in SCHEMAS:
        for field in json.loads(schema(name))["properties"]:
            assert page.find("code", string=field), (name, field)
    header = (project / "site" / "open-data" / "vragen.csv").read_text(encoding="utf-8").splitlines()[0]
    for column in header.split(","):
        assert page.find("code", string=column), column
    for link in page.select("article a[href]"):
        href = str(link["href"])
        if not href.startswith(("http", "#")):
            target = urljoin(f"{SITE_URL}open-data/", href)
            assert site_file(project, target).is_file(), href
    assert "46 regels" in text
    assert "396 rijen" in text


# --- link previews, linked data, sitemap --------------------------------------------------------


def content_pages(project: Path) -> list[Path]:
    """Every page the theme made (not the small redirect pages of aliases and moved Zaken)."""
    return [p for p in (project / "site").rglob("index.html") if "md-header" in p.read_text(encoding="utf-8")]


def meta(page: BeautifulSoup, key: str) -> str:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    assert isinstance(tag, Tag), key
    return str(tag["content"])


def test_every_page_has_link_preview_tags_and_its_canonical_url(project: Path) -> None:
    pages = content_pages(project)
    assert len(pages) > 120
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        canonical = page.find("link", rel="canonical")
        assert isinstance(canonical, Tag)
        assert meta(page, "og:url") == canonical["href"]
        assert site_file(project, str(canonical["href"])) == path
        for key in ("og:title", "og:description", "og:type", "og:site_name", "twitter:card", "twitter:title"):
            assert meta(page, key), (path, key)
    letter = html(project, "2025Z04271/index.html")
    assert meta(letter, "og:type") == "article"
    assert meta(letter, "og:title") == "Het werkbezoek van de staatssecretaris van Defensie aan Microsoft en Amazon"
    description = meta(letter, "og:description")
    assert description.startswith("Vragen van Kathmann (GroenLinks-PvdA) en Nordkamp (GroenLinks-PvdA) aan Defensie")
    assert "Kunt u uitleggen wat het doel was van uw werkbezoek" in description  # the first question
    assert meta(letter, "description") == description
    assert meta(letter, "article:published_time") == "2025-03-31"


def test_an_alias_shows_the_link_preview_of_its_zaak_page(project: Path, archive: Archive) -> None:
    # a preview fetcher reads the alias's own head: it does not follow the refresh to the Zaak page
    aliases = site_permalinks(archive).aliases
    assert len(aliases) == 10  # Aanhangsel ids of the fixture letters that differ from their Zaak number
    for alias, target in aliases.items():
        stub = html(project, f"{alias.strip('/')}/index.html")
        page = html(project, f"{target.strip('/')}/index.html")
        assert "md-header" not in str(stub)  # the small redirect page, not a theme page
        for key in ("og:title", "og:description", "og:url", "og:type", "twitter:card", "twitter:title"):
            assert meta(stub, key) == meta(page, key), (alias, key)
        canonical = stub.find("link", rel="canonical")
        assert isinstance(canonical, Tag)
        assert canonical["href"] == f"{SITE_URL}{target.strip('/')}/"


def test_json_ld_describes_the_questions_and_their_answers(project: Path, archive: Archive) -> None:
    for case in archive.cases:
        page = html(project, f"{case.id}/index.html")
        scripts = page.find_all("script", type="application/ld+json")
        assert len(scripts) == 1, case.id
        data = json.loads(scripts[0].string or "")
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "WebPage"
        assert data["url"] == f"{SITE_URL}{case.id}/"
        questions = data["mainEntity"]
        letter = case.of_kind(Kind.ANTWOORD) or case.main
        assert len(questions) == len(letter.questions)
        for question in questions:
            assert question["@type"] == "Question"
            assert page.find(id=question["url"].partition("#")[2]), question["url"]
            if case.status is Status.ANSWERED and question["answerCount"]:
                assert question["acceptedAnswer"]["@type"] == "Answer"
                assert question["acceptedAnswer"]["text"]
    script = html(project, "2025Z04271/index.html").find("script", type="application/ld+json")
    assert isinstance(script, Tag)
    reference = json.loads(script.string or "")
    third = reference["mainEntity"][2]
    assert third["name"] == "Vraag 3"
    assert third["text"].startswith("Heeft u op dit werkbezoek concrete toezeggingen gedaan")
    assert [a["name"] for a in third["author"]] == ["Kathmann", "Nordkamp"]
    assert third["acceptedAnswer"]["dateCreated"] == "2025-03-31"


def test_a_letter_cannot_close_the_json_ld_script(project: Path) -> None:
    raw = (project / "site" / "2024Z99001" / "index.html").read_text(encoding="utf-8")
    script = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script
    data = json.loads(script)
    assert '<script>alert("vraag")</script>' in data["name"]  # the text itself is kept


def test_the_sitemap_lists_every_zaak_with_the_date_of_its_newest_letter(project: Path, archive: Archive) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(project / "site" / "sitemap.xml").getroot()
    dates = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns)
    }
    for case in archive.cases:
        newest = max(day for d in case.documents for day in (d.letter.meta.date, d.letter.meta.submitted))
        assert newest, case.id
        assert dates[f"{SITE_URL}{case.id}/"] == newest, case.id
    assert f"{SITE_URL}statistieken/" in dates
    assert f"{SITE_URL}open-data/" in dates
    robots = (project / "site" / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()


def test_without_a_site_url_the_site_builds_with_relative_links(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    page = html(project, "2025Z04271/index.html")
    assert page.find("link", rel="canonical") is None
    assert page.find("meta", attrs={"property": "og:url"}) is None
    assert not (project / "site" / "robots.txt").exists()
    feed = feedparser.parse((project / "site" / "ministeries" / "defensie" / "atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].link == "../../2025Z04271/"
    assert json.loads((project / "site" / "2025Z04271" / "data.json").read_text())["url"] == "2025Z04271/"
    assert "Citeren:" in page.get_text()
    citation = page.select_one(".kv-kop li:last-child")
    assert citation is not None
    assert "https://" not in citation.get_text()  # the browser adds the page's address


# --- statistics --------------------------------------------------------------------------------------


def table_rows(page: BeautifulSoup, heading: str) -> list[list[str]]:
    anchor = page.find(id=heading)
    assert isinstance(anchor, Tag), heading
    table = anchor.find_next("table")
    assert isinstance(table, Tag)
    return [[cell.get_text(strip=True) for cell in row.find_all(["td", "th"])] for row in table.find_all("tr")]


def test_statistics_agree_with_the_open_data(project: Path) -> None:
    """The page's figures, recomputed from the published JSON Lines."""
    data = records(project)
    answered = [r for r in data if r["status"] == "beantwoord"]
    days = [r["days_to_answer"] for r in answered if r["days_to_answer"] is not None]
    page = html(project, "statistieken/index.html")
    totals = page.find("table")
    assert isinstance(totals, Tag)
    cells = [td.get_text(strip=True) for td in totals.find_all("td")]
    assert cells == [
        "alle",
        str(len(answered)),
        f"{statistics.median(days):g}".replace(".", ","),
        f"{round(100 * sum(d <= 21 for d in days) / len(days))} %",
        str(sum(r["postponed"] for r in data)),
    ]
    ministries = {row[0]: row for row in table_rows(page, "per-ministerie")[1:]}
    defence = [r for r in answered if r["ministry"] == "Defensie"]
    assert ministries["Defensie"][1] == str(len(defence))
    months = table_rows(page, "per-maand")
    assert months[1][0] == "maart 2025"
    cross = table_rows(page, "per-ministerie-en-maand")
    assert sum(int(c) for row in cross[1:] for c in row[1:] if c.isdigit()) == len(answered)


def test_the_charts_are_images_with_a_title_and_a_bar_per_row(project: Path) -> None:
    page = html(project, "statistieken/index.html")
    images = page.select("article img")
    assert len(images) == 2
    months = len(table_rows(page, "per-maand")) - 1
    for image in images:
        assert image["alt"]
        svg = ET.parse(project / "site" / "statistieken" / str(image["src"])).getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert svg.findtext("{http://www.w3.org/2000/svg}title")
        assert not svg.findall(".//{http://www.w3.org/2000/svg}script")
    per_month = ET.parse(project / "site" / "statistieken" / "antwoorden-per-maand.svg").getroot()
    bars = [
        r
        for r in per_month.iter("{http://www.w3.org/2000/svg}rect")
        if r.find("{http://www.w3.org/2000/svg}title") is not None
    ]
    assert len(bars) == months


# --- navigation and citations ---------------------------------------------------------------------


def test_statistics_and_open_data_are_in_the_navigation(project: Path) -> None:
    home = html(project, "index.html")
    navigation = {a.get_text(strip=True): a["href"] for a in home.select("nav.md-nav--primary a.md-nav__link[href]")}
    assert navigation["Statistieken"] == "statistieken/"
    assert navigation["Open data"] == "open-data/"


@pytest.mark.parametrize(
    ("aanhangsel", "label"),
    [
        ("ah-tk-20242025-613", "Aanhangsel Handelingen II 2024/25, nr. 613"),
        ("ah-tk-20232024-1999", "Aanhangsel Handelingen II 2023/24, nr. 1999"),
        ("", ""),
        ("ah-ek-20242025-12", ""),  # an Eerste Kamer id is not cited as the Tweede Kamer's
    ],
)
def test_aanhangsel_labels(aanhangsel: str, label: str) -> None:
    assert aanhangsel_label(aanhangsel) == label


def test_the_page_citation_names_askers_zaak_aanhangsel_and_date(project: Path, archive: Archive) -> None:
    cases = {c.id: c for c in archive.cases}
    postponed = cite(cases["2024Z17538"], f"{SITE_URL}2024Z17538/", "vraag 2")
    assert postponed == (
        "Gabriëls (GroenLinks-PvdA) en Bromet (GroenLinks-PvdA), “De berichten dat Zeeuwse buffels te veel PFAS "
        "binnenkrijgen”, Kamervragen 2024Z17538, Aanhangsel Handelingen II 2024/25, nr. 615, uitstel gemeld "
        f"op 20 november 2024, vraag 2. {SITE_URL}2024Z17538/"
    )
    # a letter that does not name its askers: the citation starts with the subject
    answered = cite(cases["2024Z14814"], f"{SITE_URL}2024Z14814/")
    assert answered.startswith("“Kent u de aflevering van Kassa")
    assert answered.endswith(
        ", Aanhangsel Handelingen II 2024/25, nr. 613, antwoord van 20 november 2024. " + f"{SITE_URL}2024Z14814/"
    )
    facts = html(project, "2024Z14814/index.html").select_one(".kv-kop")
    assert facts is not None
    assert answered in facts.get_text(" ")


def test_cite_copies_the_citation_and_shows_it_in_the_page(browser: Browser, project: Path) -> None:
    with serve(project / "site") as root:
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=root.rstrip("/"))
        page = context.new_page()
        page.goto(f"{root}ah-tk-20242025-564/")
        assert page.locator("button.kv-citeer").count() == len(page.locator("h2[id^='vraag-']").all())
        page.locator("#vraag-6 ~ button.kv-citeer").first.click()
        page.wait_for_function("document.querySelector('#vraag-6 ~ .kv-citeer').textContent === 'Citaat gekopieerd'")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("Beckerman (SP), Bushoff (GroenLinks-PvdA), Kröger (GroenLinks-PvdA)")
        assert "Aanhangsel Handelingen II 2024/25, nr. 564, antwoord van 18 november 2024" in copied
        assert copied.endswith(f", vragen 6 en 7. {root}ah-tk-20242025-564/#vraag-6")
        shown = page.locator(".kv-citaat")
        assert shown.count() == 1
        assert shown.inner_text() == copied
        assert page.evaluate("window.getSelection().toString()") == copied  # selected, to copy by hand
        context.close()
