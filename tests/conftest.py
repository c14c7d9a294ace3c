"""Shared fixtures: the corpus copied from ../shared/corpus, so a fresh clone tests without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamervragen.convert import Conversion, convert_file

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
REFERENCE = CORPUS / "tika" / "2025Z04271.txt"
CORPUS_FILES = sorted(CORPUS.glob("*/*.txt"))


@pytest.fixture(scope="session")
def reference() -> Conversion:
    return convert_file(REFERENCE)
