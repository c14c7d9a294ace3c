"""Golden files: the whole Markdown and JSON of every corpus letter, read line by line when accepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_regressions.file_regression import FileRegressionFixture

from kamervragen.convert import convert_file, render
from kamervragen.diagnostics import Severity

from .conftest import CORPUS, CORPUS_FILES


def _name(path: Path) -> str:
    return f"{path.parent.name}-{path.stem}"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=_name)
def test_markdown_golden(path: Path, file_regression: FileRegressionFixture) -> None:
    conversion = convert_file(path)
    assert conversion.letter is not None
    file_regression.check(render(conversion, "markdown"), basename=_name(path), extension=".md")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=_name)
def test_json_golden(path: Path, file_regression: FileRegressionFixture) -> None:
    conversion = convert_file(path)
    assert conversion.letter is not None
    file_regression.check(render(conversion, "json"), basename=_name(path), extension=".json")


@pytest.mark.parametrize("path", CORPUS_FILES, ids=_name)
def test_corpus_converts_without_errors_or_lost_words(path: Path) -> None:
    conversion = convert_file(path)
    assert conversion.ok
    assert not [d for d in conversion.diagnostics if "missing from the output" in d.message]
    assert not [d for d in conversion.diagnostics if d.severity is Severity.ERROR]


def test_every_corpus_folder_is_tested() -> None:
    assert {p.parent.name for p in CORPUS_FILES} == {"tika", "antwoord", "mededeling", "vragen"}
    assert len(CORPUS_FILES) == len(list(CORPUS.rglob("*.txt")))
