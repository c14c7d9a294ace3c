"""Source corrections as data: a wrong source is mended by a file beside the letters, never in code."""

from __future__ import annotations

from pathlib import Path

from kamervragen.site.archive import load_archive

from .site_build import build, make_project

# Two questions both labelled 3, each with its own "Antwoord 3": no rule can tell which was meant.
LETTER = """2024Z99060
Antwoord van minister X (Justitie en Veiligheid) (ontvangen 1 mei 2024)
Vraag 1
Eerste?
Antwoord 1
Ja.
Vraag 2
Tweede?
Antwoord 2
Ja.
Vraag 3
Derde?
Antwoord 3
Ja.
Vraag 3
Vierde?
Antwoord 3
Nee.
"""
CORRECTION = """# The questions as submitted (2024Z99060) number the fourth question 4.
- line: 15
  was: "Vraag 3"
  now: "Vraag 4"
  why: "the questions as submitted number it 4"
- line: 17
  was: "Antwoord 3"
  now: "Antwoord 4"
  why: "the answer to question 4"
"""


def _content(tmp_path: Path, correction: str | None) -> Path:
    content = tmp_path / "content"
    (content / "letters").mkdir(parents=True)
    (content / "letters" / "brief.txt").write_text(LETTER, encoding="utf-8")
    if correction is not None:
        (content / "corrections").mkdir()
        (content / "corrections" / "brief.txt.yaml").write_text(correction, encoding="utf-8")
    return content


def test_without_a_correction_the_wrong_numbering_is_reported(tmp_path: Path) -> None:
    archive = load_archive(_content(tmp_path, None))
    (case,) = archive.cases
    assert [q.numbers for q in case.main.questions] == [(1,), (2,), (3,), (3,)]
    assert any(p.code == "numbering" and "appears twice" in p.message for p in archive.problems)


def test_a_correction_file_mends_the_source_without_a_warning(tmp_path: Path) -> None:
    archive = load_archive(_content(tmp_path, CORRECTION))
    (case,) = archive.cases
    assert [q.numbers for q in case.main.questions] == [(1,), (2,), (3,), (4,)]
    assert [a.covers for a in case.main.answers][-1] == (4,)
    assert not [p for p in archive.problems if p.code == "numbering"]


def test_a_correction_that_no_longer_applies_is_reported_and_not_made(tmp_path: Path) -> None:
    content = _content(tmp_path, CORRECTION.replace('was: "Vraag 3"', 'was: "Vraag 9"'))
    archive = load_archive(content)
    problems = [str(p) for p in archive.problems if "correction no longer applies" in p.message]
    assert problems == [
        "letters/brief.txt:15: warning: correction no longer applies: the line reads 'Vraag 3', not 'Vraag 9';"
        " update or remove it in corrections/"
    ]
    (case,) = archive.cases
    # the other correction alone (its answer now labelled 4) lets the repair rule read the label as 4, reported
    assert [q.numbers for q in case.main.questions][-1] == (4,)
    assert any("question labelled 3 read as 4" in p.message for p in archive.problems)


def test_a_malformed_correction_file_is_an_error_naming_it(tmp_path: Path) -> None:
    archive = load_archive(_content(tmp_path, "- line: vijftien\n"))
    assert any("expected line (a number), was, now and why" in p.message for p in archive.problems)


def test_correction_files_are_read_by_the_build_and_never_published(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"brief.txt": LETTER})
    (project / "content" / "corrections").mkdir()
    (project / "content" / "corrections" / "brief.txt.yaml").write_text(CORRECTION, encoding="utf-8")
    result = build(project, "--strict")  # corrected: no numbering warning stops it
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "2024Z99060" / "index.html").is_file()
    assert 'id="vraag-4"' in (project / "site" / "2024Z99060" / "index.html").read_text(encoding="utf-8")
    assert not (project / "site" / "corrections").exists()
