"""`kamervragen convert` on every corpus letter gives the same bytes twice, in two processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import CORPUS


def _convert_all(out: Path, to: str) -> dict[str, bytes]:
    letters = sorted(p for p in CORPUS.glob("*/*") if p.suffix in (".txt", ".docx", ".pdf"))
    for letter in letters:  # one process a letter: nothing carried over from another conversion
        command = [
            sys.executable,
            "-m",
            "kamervragen",
            "convert",
            str(letter),
            "--to",
            to,
            "-o",
            str(out / letter.stem),
        ]
        subprocess.run(command, capture_output=True, check=False)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_every_corpus_letter_converts_to_the_same_bytes_twice(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for to in ("markdown", "json"):
        first = _convert_all(tmp_path / "a", to)
        assert len(first) >= 75  # every letter of the corpus written (one Zaak has two letters)
        assert first == _convert_all(tmp_path / "b", to)
