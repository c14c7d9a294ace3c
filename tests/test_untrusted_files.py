"""Every file in content/ is untrusted: nothing private is published, no link is followed, no file
takes another page's place, and open data cannot attack a spreadsheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kamervragen.convert import convert_bytes
from kamervragen.site.archive import slug, slugs
from kamervragen.site.opendata import spreadsheet_safe

from .docx_fixtures import Letter
from .site_build import build, make_project

HEAD = "AH 997\n{zaak}\nAntwoord van minister Proef (Justitie en Veiligheid) (ontvangen 20 november 2024)\n\n"


def _word_letter() -> bytes:
    """A Word letter with a reviewer's comment, a tracked deletion and hidden text: none is published."""
    letter = Letter()
    letter.paragraph("AH 996")
    letter.paragraph("2024Z99020")
    letter.paragraph("Antwoord van minister Proef (Justitie en Veiligheid) (ontvangen 20 november 2024)")
    letter.paragraph("Vraag 1")
    question = letter.paragraph("Kunt u dit toelichten?")
    letter.comment(question, 1, "GEHEIM-commentaar van de jurist")
    letter.paragraph("Antwoord 1")
    answer = letter.paragraph("Ja.")
    letter.raw(answer, '<w:del w:id="9" w:author="A"><w:r><w:delText>GESCHRAPT-zin</w:delText></w:r></w:del>')
    letter.raw(answer, "<w:r><w:rPr><w:vanish/></w:rPr><w:t>VERBORGEN-tekst</w:t></w:r>")
    return letter.bytes()


def _with_macros(data: bytes) -> bytes:
    return Letter().bytes(lambda parts: parts.update({"word/vbaProject.bin": b"Attribute VB_Name = 1"})) or data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("untrusted")
    outside = root / "geheim.txt"
    outside.write_text(HEAD.format(zaak="2024Z99021") + "Vraag 1\nBUITEN-de-repository?\nAntwoord 1\nJa.\n")
    project = make_project(
        root,
        {
            "notitie.txt": "notitie voor intern gebruik, niet publiceren\n",
            "over.txt": "Vraag 1\nWie zijn wij?\nAntwoord 1\nNiemand.\n",
            "index.txt": "Vraag 1\nWat is dit?\nAntwoord 1\nNiets.\n",
        },
    )
    letters = project / "content" / "letters"
    (letters / "woord.docx").write_bytes(_word_letter())
    (letters / "macro.docm").write_bytes(_word_letter())
    (letters / "macro.docx").write_bytes(_with_macros(b""))
    (letters / "link.txt").symlink_to(outside)
    (project / "content" / "omgeving.png").symlink_to("/proc/self/environ")
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "site", result.stderr


def _published(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file())


def test_a_word_letters_private_text_is_published_in_no_form(site: tuple[Path, str]) -> None:
    folder, _ = site
    assert (folder / "2024Z99020" / "index.html").is_file()
    assert not list(folder.rglob("*.docx"))
    assert not list(folder.rglob("*.docm"))
    text = (folder / "letters" / "woord.docx.txt").read_text(encoding="utf-8")
    assert "Kunt u dit toelichten?" in text
    everything = _published(folder)
    for secret in ("GEHEIM-commentaar", "GESCHRAPT-zin", "VERBORGEN-tekst"):
        assert secret not in everything


def test_a_text_letters_download_is_the_text_its_page_shows(site: tuple[Path, str]) -> None:
    folder, _ = site
    text = (folder / "letters" / "hostile-docx.txt").read_text(encoding="utf-8")
    assert text.startswith("Wat doet <script>")  # as the page shows it, as plain text
    assert "Vraag 1" in text
    assert "Antwoord op vraag 1" in text


def test_macro_enabled_packages_are_refused(site: tuple[Path, str]) -> None:
    folder, stderr = site
    assert "content/letters/macro.docm:0: error: a macro-enabled Word file is never published" in stderr
    assert "content/letters/macro.docx:0: error: a macro-enabled Word package (vbaProject.bin) is refused" in stderr
    assert "Attribute VB_Name" not in _published(folder)


def test_symbolic_links_are_never_followed(site: tuple[Path, str]) -> None:
    folder, stderr = site
    assert "content/letters/link.txt:0: error: is a symbolic link" in stderr
    assert "content/omgeving.png:0: error: a symbolic link is never published" in stderr
    assert not (folder / "2024Z99021").exists()
    assert not (folder / "omgeving.png").exists()
    assert "BUITEN-de-repository" not in _published(folder)


def test_a_file_that_is_no_letter_is_not_published(site: tuple[Path, str]) -> None:
    folder, stderr = site
    assert "content/letters/notitie.txt:0: error: not recognised as a letter" in stderr
    assert not (folder / "notitie").exists()
    assert "niet publiceren" not in _published(folder)


@pytest.mark.parametrize("name", ["over", "index"])
def test_a_letter_named_like_a_page_is_an_error_naming_both(site: tuple[Path, str], name: str) -> None:
    folder, stderr = site
    assert f"content/letters/{name}.txt:0: error: its page /{name}/" in stderr
    assert f"collides with the site's own page or folder /{name}/" in stderr
    if name == "over":
        assert "Over deze site" in (folder / "over" / "index.html").read_text(encoding="utf-8")


FORMULAS = ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)")


@pytest.mark.parametrize("cell", [*FORMULAS, "\tx", "\rx"])
def test_a_formula_cell_gets_an_apostrophe(cell: str) -> None:
    assert spreadsheet_safe(cell) == "'" + cell


def test_a_cell_that_only_contains_a_sign_is_left_alone() -> None:
    assert spreadsheet_safe("Kunt u = uitleggen?") == "Kunt u = uitleggen?"
    assert spreadsheet_safe(3) == 3


def test_no_formula_in_a_letter_reaches_a_spreadsheet_as_one(tmp_path: Path) -> None:
    letters = {
        f"formule-{i}.txt": HEAD.format(zaak=f"2024Z9903{i}") + f"Vraag 1\n{cell} ?\nAntwoord 1\n{cell}\n"
        for i, cell in enumerate(FORMULAS)
    }
    project = make_project(tmp_path, letters)
    assert build(project).returncode == 0
    text = (project / "site" / "open-data" / "vragen.csv").read_text(encoding="utf-8")
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["zaak"].startswith("2024Z9903")]
    assert len(rows) == len(FORMULAS)
    for row in rows:
        assert all(not value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values()), row
        assert row["question"].startswith("'")
        assert row["answer"].startswith("'")
    page = (project / "site" / "open-data" / "index.html").read_text(encoding="utf-8")
    assert "CSV-injectie" in page


def test_a_macro_docx_is_refused_by_the_converter() -> None:
    conversion = convert_bytes(_with_macros(b""), "brief.docx")
    assert conversion.letter is None
    assert "vbaProject.bin" in str(conversion.diagnostics[0])


def test_slugs_are_bounded_and_distinct() -> None:
    long_name = "Jan " * 100 + "(SP)"
    names = slugs(["Jansen (D66)", "Jänsen (D66)", long_name, "Jansen-D66"])
    assert len(set(names.values())) == 4
    assert names["Jansen (D66)"] == "jansen-d66"
    assert {names["Jänsen (D66)"], names["Jansen-D66"]} == {"jansen-d66-2", "jansen-d66-3"}
    assert len(names[long_name]) <= 80
    assert slug(long_name) != slug("Jan " * 99 + "(SP)")  # the digest keeps two long names apart


def test_names_that_slug_alike_get_a_page_each(tmp_path: Path) -> None:
    def letter(zaak: str, name: str) -> str:
        return (
            f"{zaak}\nVragen van het lid {name} (D66) aan de minister van Financiën over belasting"
            " (ingezonden 1 november 2024).\nVraag 1\nKunt u dit toelichten?\n"
        )

    long_name = "Van " * 90 + "Dijk"
    letters = {
        "a.txt": letter("2024Z99041", "Jansen"),
        "b.txt": letter("2024Z99042", "Jänsen"),
        "c.txt": letter("2024Z99043", long_name),
    }
    project = make_project(tmp_path, letters)
    result = build(project)
    assert result.returncode == 0, result.stderr
    members = project / "site" / "kamerleden"
    first = (members / "jansen-d66" / "index.html").read_text(encoding="utf-8")
    second = (members / "jansen-d66-2" / "index.html").read_text(encoding="utf-8")
    assert "2024Z99041" in first
    assert "2024Z99042" not in first
    assert "2024Z99042" in second
    assert "Jänsen (D66)" in (members / "jansen-d66-2" / "atom.xml").read_text(encoding="utf-8")  # its own feed
    assert any("2024Z99043" in p.read_text(encoding="utf-8") for p in members.glob("van-van-*/index.html"))


def test_a_published_pdf_in_content_becomes_its_page_and_is_never_copied(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    pdf = Path(__file__).parent / "fixtures" / "corpus" / "pdf" / "ah-tk-20232024-1076.pdf"
    (project / "content" / "letters" / pdf.name).write_bytes(pdf.read_bytes())
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "ah-tk-20232024-1076" / "index.html").read_text(encoding="utf-8")
    assert 'id="vraag-5"' in page
    assert "ah-tk-20232024-1076.pdf.txt" in page  # its download: the text the page shows
    assert (project / "site" / "letters" / "ah-tk-20232024-1076.pdf.txt").is_file()
    assert not list((project / "site").rglob("*.pdf"))
