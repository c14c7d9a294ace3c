"""The CLI as a user runs it: exit codes, diagnostics on stderr, whole files or none."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kamervragen.cli import main

from .conftest import CORPUS, REFERENCE


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kamervragen.cli", *args], capture_output=True, text=True, check=False)


def test_markdown_to_stdout() -> None:
    result = run("convert", str(REFERENCE))
    assert result.returncode == 0
    assert result.stdout.startswith("---\nid: 2025Z04271\n")
    assert "## Vraag 17 {#vraag-17}" in result.stdout
    assert result.stderr == ""


def test_json_to_directory(tmp_path: Path) -> None:
    files = sorted((CORPUS / "antwoord").glob("*.txt"))
    assert main(["convert", *map(str, files), "-o", str(tmp_path), "--to", "json"]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert len(written) == len(files)
    data = json.loads((tmp_path / "ah-tk-20242025-594.json").read_text(encoding="utf-8"))
    assert data["kind"] == "antwoord"
    assert [q["number"] for q in data["questions"]] == list(range(1, 12))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_usage_errors_exit_2() -> None:
    assert run("convert").returncode == 2
    assert run("convert", str(REFERENCE), "--to", "html").returncode == 2
    assert run("convert", str(REFERENCE), str(REFERENCE), "-o", "-").returncode == 2


def test_bad_letters_exit_1_others_still_written(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "word.doc"
    binary.write_bytes(b"\xd0\xcf\x11\xe0\x00\x00binary")
    out = tmp_path / "out"
    result = run("convert", str(empty), str(binary), str(REFERENCE), "-o", str(out))
    assert result.returncode == 1
    assert f"{empty}:1: error: file is empty" in result.stderr
    assert f"{binary}:1: error: file is binary" in result.stderr
    assert [p.name for p in out.iterdir()] == ["2025Z04271.md"]


def test_strict_turns_warnings_into_errors(tmp_path: Path) -> None:
    letter = tmp_path / "gap.txt"
    letter.write_text(
        "2024Z00001\nAntwoord van minister X (Y) (ontvangen 1 mei 2024)\n"
        "Vraag 1\nA?\nAntwoord 1\nJa.\nVraag 3\nB?\nAntwoord 3\nNee.\n"
    )
    relaxed = run("convert", str(letter))
    assert relaxed.returncode == 0
    assert "warning: question numbering has a gap: 2 missing" in relaxed.stderr
    strict = run("convert", str(letter), "--strict")
    assert strict.returncode == 1
    assert "error: question numbering has a gap" in strict.stderr
    assert strict.stdout == ""


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    result = run("convert", str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert "missing.txt:0: error: cannot read file" in result.stderr


@pytest.mark.parametrize("rendering", ["tika", "docx-text", "pdf-text"])
def test_format_override(rendering: str) -> None:
    result = run("convert", str(REFERENCE), "--format", rendering, "--to", "json")
    assert result.returncode in (0, 1)
    if result.returncode == 0:
        assert json.loads(result.stdout)["rendering"] == rendering


def test_letters_converted_together_link_to_each_other(tmp_path: Path) -> None:
    citing = tmp_path / "citing.txt"
    citing.write_text(
        "2024Z99999\nAntwoord van minister X (Y) (ontvangen 1 mei 2024)\n"
        "Vraag 1\nKent u de antwoorden op de vragen 2024Z15295?\nAntwoord 1\n"
        "Ja, zie Aanhangsel Handelingen II 2024/25, nr. 612.\n",
        encoding="utf-8",
    )
    cited = CORPUS / "antwoord" / "2024Z15295-antwoord-docx.txt"  # AH 612 of vergaderjaar 2024-2025
    out = tmp_path / "out"
    assert main(["convert", str(citing), str(cited), "-o", str(out)]) == 0
    page = (out / "2024Z99999.md").read_text(encoding="utf-8")
    assert "[2024Z15295](2024Z15295.md)" in page
    assert "[Aanhangsel Handelingen II 2024/25, nr. 612](2024Z15295.md)" in page
