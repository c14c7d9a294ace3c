"""Permanent links: the ledger is current, a lost link fails the build by name, a redirect saves it."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Browser

from kamervragen.cli import main
from kamervragen.convert import convert_bytes
from kamervragen.reading import read_markdown
from kamervragen.site.archive import load_archive
from kamervragen.site.pages import case_page
from kamervragen.site.permalinks import (
    CHANGES,
    LEDGER,
    REDIRECTS,
    Permalinks,
    alias_conflicts,
    carried_files,
    changed,
    index_urls,
    lost,
    meaning,
    moved_aliases,
    read_changes,
    read_ledger,
    read_meanings,
    redirect_files,
    site_permalinks,
    updated_ledger,
)

from .conftest import CORPUS
from .site_build import ROOT, build, make_project, serve


def test_the_repository_ledger_is_current_and_whole() -> None:
    assert main(["ledger", "--check", "--content", str(ROOT / "content")]) == 0
    ledger = read_ledger(ROOT / "content" / LEDGER)
    assert "/2025Z04271/#vraag-17" in ledger
    assert "/ah-tk-20242025-613/" in ledger  # the alias of 2024Z14814
    # the index pages and feeds that journalists link, as much as the Zaak pages
    for url in [
        "/kamerleden/",
        "/kamerleden/kathmann-groenlinks-pvda/",
        "/kamerleden/kathmann-groenlinks-pvda/atom.xml",
    ]:
        assert url in ledger
    assert {"/partijen/d66/atom.xml", "/ministeries/defensie/", "/maanden/2025-03/", "/atom.xml"} <= set(ledger)


def _project_with_ledger(folder: Path) -> Path:
    project = make_project(folder)
    content = project / "content"
    site = site_permalinks(load_archive(content))
    (content / LEDGER).write_text(updated_ledger({}, site), encoding="utf-8")
    return project


def test_a_lost_page_fails_the_build_naming_each_link(tmp_path: Path) -> None:
    project = _project_with_ledger(tmp_path)
    (project / "content" / "letters" / "2025Z04271.txt").unlink()
    result = build(project)  # not even --strict: a lost permalink always fails
    assert result.returncode != 0
    # the page, its 17 anchors and its download, and the index pages only it was listed on: the
    # pages of its two askers (each with its feed), of its ministry (with its feed) and of its month
    assert "25 published links" not in result.stderr
    assert "26 published links are gone from the site" in result.stderr
    for url in ["/2025Z04271/", "/2025Z04271/#vraag-1", "/2025Z04271/#vraag-16", "/letters/2025Z04271.txt"]:
        assert f"  {url}\n" in result.stderr + "\n"
    for url in ["/kamerleden/kathmann-groenlinks-pvda/atom.xml", "/ministeries/defensie/", "/maanden/2025-03/"]:
        assert f"  {url}\n" in result.stderr + "\n"
    assert main(["ledger", "--check", "--content", str(project / "content")]) == 1


def test_a_declared_redirect_keeps_the_link_working(tmp_path: Path, browser: Browser) -> None:
    project = _project_with_ledger(tmp_path)
    letters = project / "content" / "letters"
    text = (letters / "2025Z04271.txt").read_text(encoding="utf-8")
    (letters / "2025Z04271.txt").write_text(text.replace("2025Z04271", "2025Z04299"), encoding="utf-8")
    (project / "content" / REDIRECTS).write_text("/2025Z04271/ /2025Z04299/\n", encoding="utf-8")
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "2025Z04271" / "index.html").is_file()  # the redirect page
    with serve(project / "site") as root:
        page = browser.new_page()
        page.goto(f"{root}2025Z04271/#vraag-16")
        page.wait_for_url(f"{root}2025Z04299/#vraag-16")
        page.wait_for_function("document.getElementById('vraag-16').classList.contains('kv-gemarkeerd')")
        page.goto(f"{root}ah-tk-20242025-613/#vraag-2")  # an alias: the Aanhangsel id of 2024Z14814
        page.wait_for_url(f"{root}2024Z14814/#vraag-2")
        page.close()


def test_update_adds_and_never_removes(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "letters", content / "letters")
    (content / LEDGER).write_text("/1999Z00001/\n", encoding="utf-8")
    assert main(["ledger", "--update", "--content", str(content)]) == 0
    ledger = read_ledger(content / LEDGER)
    assert "/1999Z00001/" in ledger
    assert "/2025Z04271/#vraag-3" in ledger


ORIGINAL = CORPUS / "antwoord" / "2024Z14814-antwoord-docx.txt"
# A "nader antwoord" to the same Zaak: it corrects the answer to question 2 only. Its file name sorts
# before the first answer's, so only the document order keeps the first answer the page's main text.
SUPPLEMENT = """AH 702
2024Z14814/2025D01234
Nader antwoord van staatssecretaris Karremans (Volksgezondheid, Welzijn en Sport) (ontvangen 9 januari 2025)
Zie ook Aanhangsel Handelingen, vergaderjaar 2024-2025, nr. 613

Vraag 2
Bent u op de hoogte dat de doelen uit het nationaal preventieakkoord niet gehaald worden?

Antwoord 2
In mijn eerdere antwoord stond een onjuiste verwijzing naar het RIVM-onderzoek; die is hier hersteld.
"""


def test_a_nader_antwoord_keeps_every_anchor_and_adds_its_own(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "letters").mkdir(parents=True)
    shutil.copy(ORIGINAL, content / "letters" / ORIGINAL.name)
    before = site_permalinks(load_archive(content))
    (content / "letters" / "0-nader-antwoord.txt").write_text(SUPPLEMENT, encoding="utf-8")
    archive = load_archive(content)
    after = site_permalinks(archive)

    assert before.urls <= after.urls  # no published link is lost
    (case,) = archive.cases
    assert [d.source for d in case.documents] == ["letters/" + ORIGINAL.name, "letters/0-nader-antwoord.txt"]
    assert case.answered == "2024-11-20"  # the first answer's date
    # Both Aanhangsel ids and the stated document number lead to the Zaak page.
    assert {a: after.aliases[a] for a in ("/ah-tk-20242025-613/", "/ah-tk-20242025-702/", "/2025D01234/")} == (
        dict.fromkeys(("/ah-tk-20242025-613/", "/ah-tk-20242025-702/", "/2025D01234/"), "/2024Z14814/")
    )
    page = case_page(case)
    read = read_markdown(page)
    assert {"vraag-2", "nader-vraag-2", "nader"} <= set(read.ids)
    assert read.ids.count("vraag-2") == 1
    assert (2, "nader", "Nader antwoord van 9 januari 2025") in read.headings
    assert "Nader antwoord: 9 januari 2025" in read.text
    assert "onjuiste verwijzing naar het RIVM-onderzoek" in read.text
    assert "Tweede Kamer 2025D01234" in read.text


def test_a_second_document_of_the_same_kind_gets_ids_of_its_own(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "letters").mkdir(parents=True)
    for day in (9, 10, 11):  # three answers to one Zaak: the first is the main text, two follow it
        (content / "letters" / f"{day}.txt").write_text(SUPPLEMENT.replace("9 januari", f"{day} januari"))
    (case,) = load_archive(content).cases
    ids = read_markdown(case_page(case)).ids
    assert len(ids) == len(set(ids))
    assert {"vraag-2", "nader-vraag-2", "nader-2-vraag-2"} <= set(ids)


EARLIER = """AH 700
2024Z14814
Antwoord van staatssecretaris Karremans (Volksgezondheid, Welzijn en Sport) (ontvangen 1 oktober 2024)

Vraag 1
Is dit een heel andere eerste vraag, die het oude anker overneemt?

Antwoord 1
Ja.
"""


def test_an_anchor_that_now_shows_another_question_fails_unless_declared(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "letters").mkdir(parents=True)
    shutil.copy(ORIGINAL, content / "letters" / ORIGINAL.name)
    assert main(["ledger", "--update", "--content", str(content)]) == 0
    recorded = read_meanings(content / LEDGER)
    assert recorded["/2024Z14814/#vraag-1"].startswith("1:")
    assert main(["ledger", "--check", "--content", str(content)]) == 0
    # An earlier-dated answer to the same Zaak takes over #vraag-1 with its own question
    (content / "letters" / ORIGINAL.name).unlink()
    (content / "letters" / "eerder.txt").write_text(EARLIER, encoding="utf-8")
    archive = load_archive(content)
    moved = changed(recorded, site_permalinks(archive), set())
    assert moved[0].startswith("/2024Z14814/#vraag-1 showed question 1 (")
    assert main(["ledger", "--check", "--content", str(content)]) == 1
    (content / CHANGES).write_text("/2024Z14814/#vraag-1 the first letter was withdrawn\n", encoding="utf-8")
    assert changed(recorded, site_permalinks(archive), read_changes(content / CHANGES)) == []


def test_a_repaired_space_or_hyphen_keeps_an_anchors_meaning(tmp_path: Path) -> None:
    head = "2024Z99050\nAntwoord van minister X (Y) (ontvangen 1 mei 2024)\n"
    before = convert_bytes(
        (head + "Vraag 1\nIs dit wense-lijk en technischeaspecten?\nAntwoord 1\nJa.\n").encode(), "a"
    )
    after = convert_bytes((head + "Vraag 1\nIs dit wenselijk en technische aspecten?\nAntwoord 1\nJa.\n").encode(), "a")
    other = convert_bytes((head + "Vraag 1\nIs dit onwenselijk?\nAntwoord 1\nJa.\n").encode(), "a")
    assert before.letter is not None
    assert after.letter is not None
    assert other.letter is not None
    assert meaning(before.letter.questions[0]) == meaning(after.letter.questions[0])
    assert meaning(before.letter.questions[0]) != meaning(other.letter.questions[0])


def test_a_renamed_letters_download_is_kept_by_a_redirect(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    content = project / "content"
    assert main(["ledger", "--update", "--content", str(content)]) == 0
    assert "/letters/2025Z04271.txt" in read_ledger(content / LEDGER)
    (content / "letters" / "2025Z04271.txt").rename(content / "letters" / "defensie-2025Z04271.txt")
    assert build(project).returncode != 0  # the published download is gone
    (content / REDIRECTS).write_text("/letters/2025Z04271.txt /letters/defensie-2025Z04271.txt\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.stderr
    old = (project / "site" / "letters" / "2025Z04271.txt").read_text(encoding="utf-8")
    assert old == (project / "site" / "letters" / "defensie-2025Z04271.txt").read_text(encoding="utf-8")


# The member's name as the PDF text of ah-tk-20242025-594 has it (read as "Daniëlle Jansen"), and
# corrected: a corrected name renames her index page and its feed, which journalists may have linked.
GLUED_NAME, REPAIRED_NAME = "DaniëlleJansen", "Daniëlle Janssen"
OLD_MEMBER, NEW_MEMBER = (
    "/kamerleden/danielle-jansen-nieuw-sociaal-contract/",
    "/kamerleden/danielle-janssen-nieuw-sociaal-contract/",
)


def test_a_renamed_index_page_fails_unless_redirected_and_then_leads_to_the_new_one(
    tmp_path: Path, browser: Browser
) -> None:
    project = _project_with_ledger(tmp_path)
    content = project / "content"
    assert {OLD_MEMBER, OLD_MEMBER + "atom.xml"} <= set(read_ledger(content / LEDGER))
    letter = content / "letters" / "ah-tk-20242025-594-antwoord-pdf.txt"
    text = letter.read_text(encoding="utf-8")
    assert text.count(GLUED_NAME) == 1
    letter.write_text(text.replace(GLUED_NAME, REPAIRED_NAME), encoding="utf-8")

    result = build(project)  # not even --strict: a lost index page always fails
    assert result.returncode != 0
    assert "2 published links are gone from the site" in result.stderr
    assert f"  {OLD_MEMBER}\n  {OLD_MEMBER}atom.xml\n" in result.stderr + "\n"
    assert main(["ledger", "--check", "--content", str(content)]) == 1

    (content / REDIRECTS).write_text(f"{OLD_MEMBER} {NEW_MEMBER}\n", encoding="utf-8")
    assert main(["ledger", "--update", "--content", str(content)]) == 0  # records the new page
    assert main(["ledger", "--check", "--content", str(content)]) == 0
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    old, new = site / OLD_MEMBER.strip("/"), site / NEW_MEMBER.strip("/")
    assert "Doorverwijzing" in (old / "index.html").read_text(encoding="utf-8")
    # a feed reader follows no redirect page: the old feed is the new one, byte for byte
    assert (old / "atom.xml").read_bytes() == (new / "atom.xml").read_bytes()
    assert "Daniëlle Janssen" in (new / "atom.xml").read_text(encoding="utf-8")
    with serve(site) as root:
        page = browser.new_page()
        page.goto(root + OLD_MEMBER.lstrip("/"))
        page.wait_for_url(root + NEW_MEMBER.lstrip("/"))
        heading = page.locator("h1").inner_text()  # and its ¶ permalink
        assert heading.startswith("Kamervragen van Daniëlle Janssen (Nieuw Sociaal Contract)")
        page.close()


def test_a_redirect_declared_before_its_rename_leaves_the_page_in_place() -> None:
    site = Permalinks(frozenset({"/a/", "/a/atom.xml", "/b/", "/b/atom.xml", "/b/#vraag-9"}), {})
    redirects = {"/a/": "/b/"}
    assert redirect_files(site, redirects) == {}  # never a redirect page over the page itself
    assert carried_files(site, redirects) == {}  # nor the new feed over the old one
    assert lost(["/a/", "/a/atom.xml", "/a/#vraag-9"], site, redirects) == ["/a/#vraag-9"]  # /a/ has no vraag-9
    renamed = Permalinks(frozenset({"/b/", "/b/atom.xml", "/b/#vraag-9"}), {})
    assert lost(["/a/", "/a/atom.xml", "/a/#vraag-9"], renamed, redirects) == []
    assert list(redirect_files(renamed, redirects)) == ["a/index.html"]
    assert carried_files(renamed, redirects) == {"a/atom.xml": "b/atom.xml"}
    assert lost(["/a/atom.xml", "/a/other.xml"], renamed, redirects) == ["/a/other.xml"]  # the new page has none


def test_index_pages_and_feeds_are_named_as_the_site_writes_them(project: Path) -> None:
    site = project / "site"
    written = {
        "/" + path.relative_to(site).as_posix().removesuffix("index.html")
        for folder in ("kamerleden", "partijen", "ministeries", "maanden", "statistieken/over-termijn")
        for path in (site / folder).rglob("*")
        if path.name in ("index.html", "atom.xml")
    }
    assert len(written) > 100
    assert index_urls(load_archive(project / "content").cases) == written | {"/atom.xml"}


# A new letter of another Zaak that states an Aanhangsel number already published for 2024Z18285
# (letters/2024Z18285-antwoord-docx.txt, AH 599): its alias page must not move to the new Zaak.
TAKER = """AH 599
2025Z99001
Antwoord van staatssecretaris Struycken (Justitie en Veiligheid) (ontvangen 20 november 2024)

Vraag 1
Bent u bekend met een heel andere kwestie?

Antwoord 1
Ja.
"""


def test_an_alias_is_recorded_and_never_moves_to_another_letter(tmp_path: Path) -> None:
    project = _project_with_ledger(tmp_path)
    content = project / "content"
    recorded = read_meanings(content / LEDGER)
    assert recorded["/ah-tk-20242025-599/"] == "/2024Z18285/"  # each alias with where it leads
    assert recorded["/ah-tk-20242025-613/"] == "/2024Z14814/"
    # newer than the old letter, the new one comes first in the archive and would take the alias over
    (content / "letters" / "0-nieuw.txt").write_text(TAKER, encoding="utf-8")
    assert site_permalinks(load_archive(content)).aliases["/ah-tk-20242025-599/"] == "/2025Z99001/"

    result = build(project)  # not even --strict: a moved alias always fails
    assert result.returncode != 0
    assert "1 published aliases would lead to another page" in result.stderr
    assert (
        "  /ah-tk-20242025-599/ led to /2024Z18285/ (letters/2024Z18285-antwoord-docx.txt);"
        " letters/0-nieuw.txt states it too, for /2025Z99001/\n"
    ) in result.stderr
    assert main(["ledger", "--check", "--content", str(content)]) == 1

    # Older, it comes after the old letter and leaves the alias where it was, and still fails the build
    older = TAKER.replace("20 november 2024", "1 oktober 2024")
    (content / "letters" / "0-nieuw.txt").write_text(older, encoding="utf-8")
    assert site_permalinks(load_archive(content)).aliases["/ah-tk-20242025-599/"] == "/2024Z18285/"
    result = build(project)
    assert result.returncode != 0
    assert "letters/0-nieuw.txt states it too, for /2025Z99001/" in result.stderr

    # A declared change lets it through; the next --update records where the alias leads now
    (content / "letters" / "0-nieuw.txt").write_text(TAKER, encoding="utf-8")
    (content / CHANGES).write_text("/ah-tk-20242025-599/ the old letter stated the wrong number\n", encoding="utf-8")
    assert main(["ledger", "--check", "--content", str(content)]) == 1  # not recorded yet
    assert main(["ledger", "--update", "--content", str(content)]) == 0
    assert read_meanings(content / LEDGER)["/ah-tk-20242025-599/"] == "/2025Z99001/"
    (content / CHANGES).unlink()
    assert main(["ledger", "--check", "--content", str(content)]) == 1  # the old letter claims it too


def test_a_new_alias_that_two_letters_state_is_a_warning_naming_both(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "letters").mkdir(parents=True)
    shutil.copy(ORIGINAL, content / "letters" / ORIGINAL.name)
    older = TAKER.replace("AH 599", "AH 613").replace("20 november", "1 oktober")
    (content / "letters" / "zz.txt").write_text(older, encoding="utf-8")
    site = site_permalinks(load_archive(content))
    assert alias_conflicts({}, site) == [
        f"/ah-tk-20242025-613/ is stated by letters/{ORIGINAL.name} (for /2024Z14814/) and by"
        " letters/zz.txt (for /2025Z99001/): the first leads"
    ]
    assert moved_aliases({}, site, set()) == []  # nothing recorded yet
    assert alias_conflicts({"/ah-tk-20242025-613/": "/2024Z14814/"}, site) == []  # recorded: moved_aliases'
    assert moved_aliases({"/ah-tk-20242025-613/": "/2024Z14814/"}, site, set()) != []
