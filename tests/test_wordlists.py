"""Word lists searched in place: the same answers as the set they were written from."""

from __future__ import annotations

import gzip
import json
import mmap
import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamervragen import wordlists
from kamervragen.wordlists import WordList, sorted_lines, words

SAMPLE = {"aanpak": 3, "beleid": 9, "Café": 1, "één": 2, "zorg": 5, "zorgakkoord": 1, "Ölie": 1}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("aanpak", True),  # the first line
        ("ölie", True),  # the last line: a non-ASCII letter sorts after z in UTF-8
        ("zorg", True),  # a word that begins the next one
        ("zorgakkoord", True),
        ("Beleid", True),  # asked for in any case, as pyspellchecker does
        ("café", True),  # written in capitals, listed lowercased
        ("ÉÉN", True),
        ("aan", False),  # before the first line, and the start of it
        ("zorga", False),  # between two lines
        ("beleidx", False),
        ("zzz", False),
        ("", False),
        ("zorg\nzorgakkoord", False),  # never two lines at once
    ],
)
def test_membership(word: str, expected: bool) -> None:
    assert (word in WordList(sorted_lines(SAMPLE))) is expected


def test_the_file_is_searched_through_a_memory_map(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_bytes(sorted_lines(SAMPLE))
    with path.open("rb") as file:
        mapped = WordList(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    assert [w for w in ("beleid", "één", "zorga", "aanpak") if w in mapped] == ["beleid", "één", "aanpak"]


@given(
    st.sets(st.text(st.characters(codec="utf-8", exclude_characters="\n"), min_size=1, max_size=6), max_size=40),
    st.lists(st.text(st.characters(codec="utf-8"), max_size=6), max_size=20),
)
def test_same_answers_as_the_set(listed: set[str], others: list[str]) -> None:
    found = WordList(sorted_lines(dict.fromkeys(listed, 1)))
    lowered = {w.lower() for w in listed}
    for word in [*listed, *others]:
        assert (word in found) == (word.lower() in lowered and "\n" not in word)


def test_written_once_then_read(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "regelgeving" in words("nl")
    assert "integrated" in words("en")
    written = sorted((cache_home / "kamervragen").iterdir())
    assert [p.name.split("-")[1] for p in written] == ["en", "nl"]
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in written)
    words.cache_clear()  # a new process
    monkeypatch.setattr(wordlists, "sorted_lines", lambda _: pytest.fail("written again"))
    assert "regelgeving" in words("nl")
    assert "integrated" in words("en")
    assert isinstance(words("nl").lines, mmap.mmap)
    assert sorted((cache_home / "kamervragen").iterdir()) == written


def test_a_read_only_cache_folder_searches_in_memory(cache_home: Path) -> None:
    (cache_home / "kamervragen").write_text("not a folder")  # nothing can be written below it
    assert "regelgeving" in words("nl")
    assert "regelgevng" not in words("nl")
    assert isinstance(words("nl").lines, bytes)


def test_every_word_of_pyspellchecker_is_listed(cache_home: Path) -> None:
    from importlib import resources  # noqa: PLC0415

    for language in ("nl", "en"):
        packed = (resources.files("spellchecker") / "resources" / f"{language}.json.gz").read_bytes()
        listed = json.loads(gzip.decompress(packed))
        sample = random.Random(language).sample(sorted(listed), 2000)
        assert all(word in words(language) for word in sample)
        assert not any(word + "qq" in words(language) for word in sample)
