"""The built site, checked with beautifulsoup4: pages, anchors, indexes, search index, no injected markup."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import pytest
from bs4 import BeautifulSoup, Tag

from kamervragen.cache import ParseCache
from kamervragen.cli import main
from kamervragen.model import Answer, Block, BlockStyle, Kind, Letter, Metadata, Question
from kamervragen.site.archive import Archive, Status, build_archive, load_archive
from kamervragen.site.extras import extra_files
from kamervragen.site.pages import INDEXES, case_path, relative, site_pages
from kamervragen.site.permalinks import LEDGER, read_meanings, site_permalinks, unrecorded
from kamervragen.writers.markdown import write_body

from .conftest import CORPUS_FILES
from .site_build import SITE_URL, build, make_project, site_letters


def page(project: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((project / "site" / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_case_has_its_page_and_every_question_its_anchor(project: Path, archive: Archive) -> None:
    assert len(archive.cases) >= 40
    for case in archive.cases:
        soup = page(project, case.id)
        ids = {tag["id"] for tag in soup.find_all(id=True)}
        numbers = [n for q in case.main.questions for n in q.numbers]
        assert {f"vraag-{n}" for n in numbers} <= ids, case.id
        assert not [i for i in ids if re.match(r"^antwoord-op", str(i))]  # no id from prose


def test_joint_question_answers_to_each_number(project: Path) -> None:
    soup = page(project, "ah-tk-20242025-564")
    span = soup.find(id="vraag-7")
    assert isinstance(span, Tag)
    assert span.name == "span"
    heading = span.find_next("h2")
    assert heading is not None
    assert heading.get("id") == "vraag-6"


def test_indexes_list_every_case(project: Path, archive: Archive) -> None:
    for index in INDEXES:
        if index.folder != "maanden":
            continue
        linked: set[str] = set()
        for html in (project / "site" / index.folder).rglob("index.html"):
            soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
            linked.update(str(a["href"]).strip("./").split("/")[-1] for a in soup.select("article a[href]"))
        assert {case.id for case in archive.cases} <= linked
    home = page(project, "")
    assert home.find(id="nieuwste-antwoorden") is not None


def test_header_facts_and_official_links(project: Path) -> None:
    soup = page(project, "2025Z04271")
    facts = soup.select_one(".kv-kop")
    assert facts is not None
    text = facts.get_text(" ", strip=True)
    assert "beantwoord, 21 dagen na indiening" in text
    assert "Kathmann (GroenLinks-PvdA)" in text
    assert "mede namens de Staatssecretaris van Digitalisering en Koninkrijksrelaties" in text
    hrefs = [str(a["href"]) for a in facts.select("a[href]")]
    assert "https://zoek.officielebekendmakingen.nl/kv-tk-2025Z04271" in hrefs
    source = next(h for h in hrefs if h.endswith(".txt"))
    assert (project / "site" / "2025Z04271" / source).resolve().is_file()  # the download works


def test_letter_text_never_becomes_markup(project: Path) -> None:
    soup = page(project, "2024Z99001")
    article = soup.select_one("article")
    assert article is not None
    text = article.get_text()
    assert '<script>alert("vraag")</script>' in text
    assert "<img src=x onerror=alert(1)>" in text
    assert '<iframe src="https://evil.example"></iframe>' in text
    for element in soup.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element.name
        for attribute in ("href", "src", "action", "formaction"):
            value = str(element.get(attribute, ""))
            assert not value.lower().startswith(("javascript:", "data:", "vbscript:")), value
    assert not article.find(["script", "img", "iframe", "em", "code"])
    scripts = [str(s.get("src", "")) for s in soup.find_all("script")]
    assert all(src == "" or src.endswith(".js") for src in scripts)
    links = {str(a["href"]) for a in article.select("a[href]")}
    assert "https://example.org/pagina?id=7" in links  # tracking removed, content parameter kept
    assert "#vraag-1" in links


def test_no_request_to_a_third_party(project: Path) -> None:
    for html in (project / "site").rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(["script", "link", "img", "iframe"]):
            url = str(element.get("src") or element.get("href") or "")
            own = url.startswith(SITE_URL)  # the canonical address is the site's own
            assert own or not url.startswith(("http://", "https://", "//")), (html, url)


def test_search_index_built(project: Path) -> None:
    assert (project / "site" / "pagefind" / "pagefind-entry.json").is_file()
    soup = page(project, "2025Z04271")
    assert soup.select_one("[data-pagefind-body]") is not None
    assert page(project, "ministeries").select_one("[data-pagefind-body]") is None
    assert soup.html is not None
    assert soup.html.get("lang") == "nl"


def test_a_letter_without_recognisable_structure_is_published_whole_and_stops_strict(tmp_path: Path) -> None:
    text = (
        "2024Z99002\nAntwoord van minister X (Y) (ontvangen 1 mei 2024)\nGeen vragen.\nVraag twee is al beantwoord.\n"
    )
    project = make_project(tmp_path, {"broken.txt": text})
    (project / "content" / "los.md").write_text("# Los\n\nEen pagina buiten de navigatie.\n", encoding="utf-8")
    strict = build(project, "--strict")
    assert strict.returncode != 0
    assert "content/letters/broken.txt:1: warning: structure not recognised" in strict.stderr
    relaxed = build(project, tool="mkdocs")  # the plugin under plain `mkdocs build` too
    assert relaxed.returncode == 0
    assert "content/letters/broken.txt:1: warning: structure not recognised" in relaxed.stderr
    # The build ends with its summary: every letter built, the one with a warning named with it
    letters = len(site_letters()) + 2  # and the hostile letter, and this one
    summary = relaxed.stderr[
        relaxed.stderr.index(f"kamervragen: {letters} letters built, 0 left out, 1 with warnings") :
    ]
    assert "\n  content/letters/broken.txt:1: warning: structure not recognised" in summary
    assert "1 letters published whole, their structure not recognised: content/letters/broken.txt" in summary
    assert summary.count("\n") <= 5  # only MkDocs' own last line after it
    # MkDocs' list of pages outside the nav names the hand-written page only, not the generated ones
    listed = relaxed.stderr.split('not included in the "nav" configuration:\n', 1)[1].split("\n")
    assert listed[0] == "  - los.md"
    assert not listed[1].startswith("  - ")
    page = BeautifulSoup((project / "site" / "2024Z99002" / "index.html").read_text(), "html.parser")
    body = page.select_one("article")
    assert body is not None
    article = body.get_text(" ")
    assert "Structuur niet herkend" in article
    assert "Geen vragen." in article  # every word of it
    assert "Vraag twee is al beantwoord." in article
    assert not page.select('[id^="vraag-"]')
    assert (project / "site" / "2025Z04271" / "index.html").is_file()


def test_a_numbering_warning_stops_a_strict_build(tmp_path: Path) -> None:
    head = "2024Z99003\nAntwoord van minister X (Y) (ontvangen 1 mei 2024)\n"
    text = head + "Vraag 1\nA?\nAntwoord 1\nJa.\nVraag 3\nB?\nAntwoord 3\nNee.\n"
    project = make_project(tmp_path, {"gap.txt": text})
    strict = build(project, "--strict")
    assert strict.returncode != 0
    assert "content/letters/gap.txt:3: warning: question numbering has a gap: 2 missing" in strict.stderr


def test_a_letter_that_cannot_be_read_never_takes_the_others_down(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    content = project / "content"
    assert main(["ledger", "--update", "--content", str(content)]) == 0
    (content / "letters" / "kwijt.txt").symlink_to(tmp_path / "elders" / "kwijt.txt")  # to nothing
    head = "2024Z99004\nAntwoord van minister X (Y) (ontvangen 1 mei 2024)\n"
    (content / "letters" / "nieuw.txt").write_text(head + "Vraag 1\nA?\nAntwoord 1\nJa.\n", encoding="utf-8")
    new = unrecorded(read_meanings(content / LEDGER), site_permalinks(load_archive(content)))
    assert {"/2024Z99004/", "/2024Z99004/#vraag-1", "/letters/nieuw.txt"} <= set(new)
    relaxed = build(project)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "content/letters/kwijt.txt:0: error: is a symbolic link" in relaxed.stderr  # never followed
    # and again at the end, in the summary, with the new permalinks to record
    letters = len(site_letters()) + 2
    summary = relaxed.stderr[
        relaxed.stderr.index(f"kamervragen: {letters} letters built, 1 left out, 0 with warnings") :
    ]
    assert summary.startswith(
        f"kamervragen: {letters} letters built, 1 left out, 0 with warnings, {len(new)} new permalinks"
        " (record them with `kamervragen ledger --update`)\n  content/letters/kwijt.txt:0: error: is a symbolic link"
    )
    assert (project / "site" / "2025Z04271" / "index.html").is_file()
    strict = build(project, "--strict")
    assert strict.returncode == 1
    assert "content/letters/kwijt.txt:0: error: is a symbolic link" in strict.stderr


def test_generate_writes_the_pages_the_plugin_builds(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert main(["generate", "--content", str(project / "content"), "-o", str(out)]) == 0
    archive = load_archive(project / "content")
    home = (project / "content" / "index.md").read_text(encoding="utf-8")
    pages = site_pages(archive, home)
    for path, markdown in pages.items():
        assert (out / path).read_text(encoding="utf-8") == markdown
    extras = extra_files(archive, "Kamervragen", None)  # feeds, open data, statistics: what pages link to
    assert {"atom.xml", "open-data.md", "statistieken.md", "2025Z04271/data.json"} <= set(extras)
    for path, text in extras.items():
        assert (out / path).read_bytes() == (text.encode() if isinstance(text, str) else text), path  # CSV: CRLF
    assert (out / "letters" / "2025Z04271.txt").is_file()
    assert (out / "over.md").is_file()
    assert all((out / case_path(c)).is_file() for c in archive.cases)


def test_a_rebuild_parses_only_the_changed_letter(tmp_path: Path) -> None:
    letters = {path.name: path.read_bytes() for path in CORPUS_FILES}
    cache = ParseCache(tmp_path / "cache")
    first = build_archive(letters, cache)
    assert cache.parsed == len(letters)
    letters["2025Z04271.txt"] = letters["2025Z04271.txt"].replace(b"Ja.", b"Ja, zeker.")
    again = build_archive(letters, cache)
    assert cache.parsed == len(letters) + 1
    assert len(again.cases) == len(first.cases)
    on_disk = ParseCache(tmp_path / "cache")  # a later build: the folder remembers
    build_archive(letters, on_disk)
    assert on_disk.parsed == 0


@pytest.mark.parametrize(
    ("target", "page", "link"),
    [
        ("2025Z04271.md", "index.md", "2025Z04271.md"),
        ("2025Z04271.md", "ministeries/defensie.md", "../2025Z04271.md"),
        ("ministeries/defensie.md", "ministeries/index.md", "defensie.md"),
        ("ministeries/defensie/atom.xml", "ministeries/defensie.md", "defensie/atom.xml"),
        ("atom.xml", "ministeries/defensie/atom.xml", "../../atom.xml"),
        ("a/b/c.md", "a/x/y.md", "../b/c.md"),
    ],
)
def test_relative_links_between_generated_files(target: str, page: str, link: str) -> None:
    assert relative(target, page) == link


def test_the_404_page_is_dutch_and_no_page_has_an_empty_banner(project: Path) -> None:
    missing = BeautifulSoup((project / "site" / "404.html").read_text(encoding="utf-8"), "html.parser")
    article = missing.select_one("article")
    assert article is not None
    assert article.get_text(" ", strip=True).startswith("Pagina niet gevonden Op dit adres staat geen pagina.")
    assert "Not found" not in missing.get_text()
    for url in ("", "2025Z04271", "kamerleden", "statistieken"):
        soup = page(project, url)
        announce = soup.select_one('[data-md-component="announce"]')
        assert announce is not None
        assert announce.find(True) is None, url  # no bar without an announcement (a preview has one)
        assert not announce.get_text(strip=True)


def test_footnotes_have_a_heading_and_dutch_back_links(project: Path) -> None:
    soup = page(project, "2025Z04271")
    notes = soup.select_one("article .footnote")
    assert notes is not None
    heading = notes.find(["h2", "h3"])
    assert isinstance(heading, Tag)
    assert heading.get_text(strip=True) == "Voetnoten"
    back = notes.select("a.footnote-backref")
    assert back
    for number, link in enumerate(back, start=1):
        assert link.get_text(strip=True) == "terug"
        assert link["title"] == f"Terug naar voetnoot {number} in de tekst"
    assert "Jump back" not in str(soup)


# --- the term, late answers and the facts' links (issue 21) ---------------------------------------


def facts_text(project: Path, url: str) -> str:
    facts = page(project, url).select_one(".kv-kop")
    assert facts is not None, url
    return facts.get_text(" ", strip=True)


def test_an_answer_says_whether_it_came_within_its_term(project: Path) -> None:
    late = facts_text(project, "ah-tk-20242025-564")  # ingezonden 11 oktober, beantwoord 18 november 2024
    assert "beantwoord, 38 dagen na indiening: te laat, 17 dagen over de termijn van drie weken" in late
    assert "Termijn: drie weken na indiening: uiterlijk 1 november 2024" in late
    on_time = facts_text(project, "2025Z04271")  # 21 dagen: the last day of the term
    assert "beantwoord, 21 dagen na indiening: binnen de termijn van drie weken" in on_time
    assert "te laat" not in on_time
    assert "Termijn: drie weken na indiening: uiterlijk 31 maart 2025" in on_time


def test_a_postponed_zaak_shows_when_the_questions_came_and_its_six_week_term(project: Path) -> None:
    postponed = facts_text(project, "2024Z16988")
    assert "Ingezonden: 25 oktober 2024" in postponed
    assert "Uitstel gemeld: 15 november 2024" in postponed
    assert (
        "Status: uitgesteld: antwoord verwacht uiterlijk 6 december 2024 (zes weken na indiening, na uitstelbericht)"
        in postponed
    )
    assert "Termijn:" not in postponed  # said once, in the status
    # A notice that only recalls the day of the questions ("Op 6 november jl. hebben de leden …")
    recalled = facts_text(project, "2024Z17538")
    assert "Ingezonden: 6 november 2024 (volgens het uitstelbericht)" in recalled
    assert "Status: uitgesteld: antwoord verwacht uiterlijk 18 december 2024" in recalled


@pytest.mark.parametrize(
    ("received", "status"),
    [
        ("4 december 2024", "beantwoord, 28 dagen na indiening: binnen de termijn van zes weken (na uitstelbericht)"),
        ("20 december 2024", "beantwoord, 44 dagen na indiening: te laat, 2 dagen over de termijn van zes weken"),
    ],
)
def test_an_answer_after_a_postponement_has_six_weeks(tmp_path: Path, received: str, status: str) -> None:
    content = tmp_path / "content"
    (content / "letters").mkdir(parents=True)
    notice = CORPUS_FILES[0].parent.parent / "mededeling" / "2024Z17538-mededeling-docx.txt"
    (content / "letters" / notice.name).write_bytes(notice.read_bytes())
    answer = (
        "2024Z17538/2025D01234\nAntwoord van staatssecretaris Rummenie (Landbouw, Visserij, Voedselzekerheid en "
        f"Natuur) (ontvangen {received})\n\nVraag 1\nKrijgen Zeeuwse buffels te veel PFAS binnen?\n\n"
        "Antwoord 1\nDat wordt onderzocht.\n"
    )
    (content / "letters" / "antwoord.txt").write_text(answer, encoding="utf-8")
    (case,) = load_archive(content).cases
    markdown = site_pages(load_archive(content))[case_path(case)]
    facts = markdown.split('<div class="kv-kop" markdown>', 1)[1].split("</div>", 1)[0]
    assert f"**Status:** {status}" in facts
    assert "**Termijn:** zes weken na indiening, na uitstelbericht: uiterlijk 18 december 2024" in facts
    # the Kamervraag on tweedekamer.nl beside officielebekendmakingen, once the document number is known
    assert "[Kamervragen 2024Z17538](https://zoek.officielebekendmakingen.nl/kv-tk-2024Z17538)" in facts
    tweede_kamer = "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2024Z17538&did=2025D01234"
    assert f"[Tweede Kamer 2025D01234]({tweede_kamer})" in facts


def test_the_facts_link_askers_parties_and_ministry_to_their_pages(project: Path, archive: Archive) -> None:
    soup = page(project, "2025Z04271")
    facts = soup.select_one(".kv-kop")
    assert facts is not None
    links = {a.get_text(strip=True): str(a["href"]) for a in facts.select("a[href]")}
    expected = {
        "Kathmann": "Kamervragen van Kathmann (GroenLinks-PvdA)",
        "Nordkamp": "Kamervragen van Nordkamp (GroenLinks-PvdA)",
        "GroenLinks-PvdA": "Kamervragen van GroenLinks-PvdA",
        "Defensie": "Kamervragen aan Defensie",
    }
    for text, title in expected.items():
        target = (project / "site" / "2025Z04271" / links[text] / "index.html").resolve()
        assert target.is_file(), (text, links[text])
        heading = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").select_one("article h1")
        assert heading is not None
        assert heading.get_text(strip=True).removesuffix("¶") == title
    # every Zaak page's facts lead to index pages that exist, one for each asker, party and ministry
    for case in archive.cases:
        facts = page(project, case.id).select_one(".kv-kop")
        assert facts is not None
        index_links = [
            str(a["href"])
            for a in facts.select("a[href]")
            if str(a["href"]).startswith(("../ministeries/", "../partijen/", "../kamerleden/"))
        ]
        wanted = len(case.askers) + sum(bool(p.party) for p in case.askers) + bool(case.ministry)
        assert len(index_links) == wanted, case.id
        for href in index_links:
            assert (project / "site" / case.id / href / "index.html").resolve().is_file(), (case.id, href)


def test_unanswered_questions_past_their_term_newest_first_with_a_feed(project: Path, archive: Archive) -> None:
    soup = page(project, "statistieken/over-termijn")
    article = soup.select_one("article")
    assert article is not None
    text = article.get_text(" ", strip=True)
    assert "Stand op 31 maart 2025, de datum van de nieuwste brief in dit archief" in text  # not the clock
    listed = [str(a["href"]).strip("./").split("/")[-1] for a in article.select("li a[href]")]
    unanswered = {c.id for c in archive.cases if c.status is not Status.ANSWERED}
    assert set(listed) <= unanswered
    assert {"2024Z17538", "2024Z16988", "2024Z18892", "2024Z18435"} <= set(listed)  # postponed ones too
    assert len(listed) == len(set(listed)) == 22  # every unanswered Zaak of the fixtures is past its term
    by_id = {c.id: c for c in archive.cases}
    dates = [by_id[i].submitted or "2024-11-06" for i in listed]  # 2024Z17538: the day its notice recalls
    assert dates == sorted(dates, reverse=True)  # newest first
    assert "ingezonden 25 oktober 2024 · termijn tot en met 6 december 2024 (na uitstelbericht)" in text
    figures = [item.select_one("strong") for item in article.select("li")]
    assert all(f is not None and re.fullmatch(r"\d+ dagen over de termijn:", f.get_text()) for f in figures)
    assert "22 vragen over de termijn." in text
    assert "\\(" not in text
    # its feed: linked from the page, in its head and visibly, valid Atom, the same Zaken
    alternates = [str(link["href"]) for link in soup.find_all("link", rel="alternate", type="application/atom+xml")]
    assert alternates == ["../../atom.xml", "atom.xml"]
    assert article.select_one("a[href='atom.xml']") is not None
    path = project / "site" / "statistieken" / "over-termijn" / "atom.xml"
    headers = {
        "content-location": SITE_URL + "statistieken/over-termijn/atom.xml",
        "content-type": "application/atom+xml",
    }
    feed = feedparser.parse(path.read_bytes(), response_headers=headers)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Onbeantwoord na de termijn · Kamervragen"
    assert feed.feed.link == SITE_URL + "statistieken/over-termijn/"
    linked = [urlparse(e.link).path.strip("/") for e in feed.entries]
    assert sorted(linked) == sorted(listed)
    since = [e.published[:10] for e in feed.entries]
    assert since == sorted(since, reverse=True)
    assert since[0] == "2024-12-19"  # 2024Z17538: the day after its six weeks ended
    assert feed.feed.updated[:10] == since[0]
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    assert all(e.id.startswith("urn:uuid:") and e.title.startswith("Over de termijn: ") for e in feed.entries)
    assert all(e.summary for e in feed.entries)
    # reachable from the statistics and the home page
    assert page(project, "statistieken").select_one("article a[href='over-termijn/']") is not None
    assert page(project, "").select_one("article a[href='statistieken/over-termijn/']") is not None


# --- a question and its answer, one block (issue 21) -----------------------------------------------


def _block_of(soup: BeautifulSoup, anchor: str) -> Tag:
    target = soup.find(id=anchor)
    assert isinstance(target, Tag), anchor
    block = target.find_parent("section", class_="kv-vraag-en-antwoord")
    assert isinstance(block, Tag), f"#{anchor} is in no question block"
    return block


def _answer_headings(block: Tag) -> list[str]:
    return [h.get_text(strip=True).rstrip("¶") for h in block.select(".kv-antwoord > h3")]


def test_every_question_is_one_block_with_its_answer(project: Path, archive: Archive) -> None:
    for case in archive.cases:
        soup = page(project, case.id)
        answered = {n for item in case.main.items if isinstance(item, Answer) for n in item.covers}
        for question in case.main.questions:
            if not question.numbers:
                continue
            blocks = [_block_of(soup, anchor) for anchor in question.anchors]
            assert all(b is blocks[0] for b in blocks), (case.id, question.anchors)  # "Vragen 6 en 7": one block
            heading = blocks[0].find(id=question.anchors[0])
            assert heading is not None
            assert heading.name == "h2"
            answers = _answer_headings(blocks[0])
            if case.main.kind is Kind.ANTWOORD and set(question.numbers) & answered:
                assert answers, (case.id, question.anchors)  # the answer is inside the question's block
                assert all(a.startswith("Antwoord") for a in answers)
            # the answer follows its question inside the block, and the block holds no other question's answer
            for h3 in blocks[0].select(".kv-antwoord > h3"):
                assert heading in h3.find_all_previous("h2")
        # nothing of the letter is lost or moved out of order by the grouping: the headings read as before
        headings = [h.get("id") for h in soup.select("[data-pagefind-body] h2[id^='vraag-']")]
        assert headings == [q.anchors[0] for q in case.main.questions if q.numbers], case.id


def test_a_joint_answer_shares_the_block_of_the_questions_it_answers(project: Path) -> None:
    # "Vraag 3", "Vraag 4", "Antwoord op vragen 3 en 4": one block for both, the answer once
    soup = page(project, "2024Z18294")
    block = _block_of(soup, "vraag-3")
    assert _block_of(soup, "vraag-4") is block
    assert _answer_headings(block) == ["Antwoord op vragen 3 en 4"]
    assert [h["id"] for h in block.select("h2")] == ["vraag-3", "vraag-4"]
    assert _block_of(soup, "vraag-5") is not block
    # "Vragen 6 en 7" with one answer: the span of 7 in the block of the heading of 6
    soup = page(project, "ah-tk-20242025-564")
    block = _block_of(soup, "vraag-7")
    assert block.select_one("h2")["id"] == "vraag-6"  # type: ignore[index]
    assert _answer_headings(block) == ["Antwoord op vragen 6 en 7"]


def test_grouping_keeps_reading_order_when_the_answers_follow_all_questions() -> None:
    def text(words: str) -> tuple[Block, ...]:
        return (Block(1, BlockStyle.PARAGRAPH, (words,)),)

    items = (
        Question((1,), 1, text("Eerste vraag?")),
        Question((2,), 2, text("Tweede vraag?")),
        Answer((1,), 3, text("Eerste antwoord.")),
        Answer((2,), 4, text("Tweede antwoord.")),
    )
    body = write_body(Letter("x.txt", "tika", Kind.ANTWOORD, Metadata(), items=items))
    order = [body.index(w) for w in ("Eerste vraag", "Tweede vraag", "Eerste antwoord", "Tweede antwoord")]
    assert order == sorted(order)  # nothing moved to join its question
    assert body.count('<section class="kv-vraag-en-antwoord"') == 2  # each question its block
    assert body.count("<section") == body.count("</section>")
    assert body.count("<div") == body.count("</div>")


REFERENCE_LETTER = next(path for path in CORPUS_FILES if path.name == "2025Z04271.txt")


def test_a_second_copy_of_a_letter_is_shown_once_and_offered_as_a_download() -> None:
    """A fetched letter that repeats a hand-placed one (its lines wrapped elsewhere) is not shown twice."""
    text = REFERENCE_LETTER.read_text(encoding="utf-8")
    rewrapped = text.replace(" de ", "\nde ", 5)
    assert rewrapped != text
    archive = build_archive(
        {"letters/2025Z04271.txt": text.encode(), "letters/2025Z04271/antwoord.txt": rewrapped.encode()}
    )
    [case] = archive.cases
    assert [d.source for d in case.documents] == ["letters/2025Z04271.txt"]
    assert [d.source for d in case.copies] == ["letters/2025Z04271/antwoord.txt"]
    [warning] = [p for p in archive.problems if p.code == "copy"]
    assert warning.file == "letters/2025Z04271/antwoord.txt"
    assert "the same letter as letters/2025Z04271.txt" in warning.message
    page = site_pages(archive)["2025Z04271.md"]
    assert page.count("## Vraag 1 ") == 1  # shown once
    assert "antwoord.txt" in page
    assert "2025Z04271.txt" in page  # both files offered
    assert "/letters/2025Z04271/antwoord.txt" in site_permalinks(archive).urls


def test_a_letter_a_word_apart_is_shown_too_never_hidden() -> None:
    """A corrected answer of the same day differs in a word: both are shown, with a warning."""
    text = REFERENCE_LETTER.read_text(encoding="utf-8")
    assert "Ja." in text
    corrected = text.replace("Ja.", "Ja, zeker.", 1)
    archive = build_archive({"letters/a.txt": text.encode(), "letters/b.txt": corrected.encode()})
    [case] = archive.cases
    assert [d.source for d in case.documents] == ["letters/a.txt", "letters/b.txt"]
    assert case.copies == ()
    [warning] = [p for p in archive.problems if p.code == "copy"]
    assert warning.file == "letters/b.txt"
    assert warning.message.startswith("nearly the same letter as letters/a.txt (")
    assert "zeker" in site_pages(archive)["2025Z04271.md"]  # the corrected word is on the page


def test_two_different_letters_of_one_zaak_are_both_shown() -> None:
    """A copy must match in kind, date, questions and words: a letter with another date stays."""
    text = REFERENCE_LETTER.read_text(encoding="utf-8")
    other = re.sub(r"\b20(2\d)\b", lambda m: f"20{int(m.group(1)) + 1}", text)  # every year one later
    archive = build_archive({"letters/a.txt": text.encode(), "letters/b.txt": other.encode()})
    [case] = archive.cases
    assert len(case.documents) == 2
    assert case.copies == ()
    assert not [p for p in archive.problems if p.code == "copy"]


def test_the_same_words_in_another_order_are_another_letter() -> None:
    """ "kost 5 miljoen, niet 50" and "kost 50 miljoen, niet 5" have one set of words: both are shown."""
    text = REFERENCE_LETTER.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "Het doel van het werkbezoek" in line)  # an answer
    swapped = text.replace(line, " ".join(reversed(line.split())), 1)
    archive = build_archive({"letters/a.txt": text.encode(), "letters/b.txt": swapped.encode()})
    [case] = archive.cases
    assert [d.source for d in case.documents] == ["letters/a.txt", "letters/b.txt"]
    assert case.copies == ()
    [warning] = [p for p in archive.problems if p.code == "copy"]
    assert warning.message.startswith("nearly the same letter as letters/a.txt (100% of its words")


def test_the_page_controls_are_not_searched(project: Path) -> None:
    """The buttons a letter page has from its first paint (site/pagehtml.py) are no text of the letter:
    Pagefind leaves them out, or every page would match "citeer" and each excerpt start with them."""
    soup = page(project, "2025Z04271")
    buttons = soup.select("[data-pagefind-body] button")
    assert len(buttons) >= 2 * 17 + 2  # two per question, two folds
    assert all(b.has_attr("data-pagefind-ignore") for b in buttons)
    nav = soup.select_one("[data-pagefind-body] nav.kv-vragenlijst")
    assert nav is not None
    assert nav.get("data-pagefind-ignore") == "all"
