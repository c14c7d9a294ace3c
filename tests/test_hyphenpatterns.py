"""Hyphenation patterns read from their derived file: the same breaks as pyphen finds."""

from __future__ import annotations

import random
from pathlib import Path

import pyphen
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kamervragen import hyphenpatterns
from kamervragen.hyphenpatterns import Patterns, from_lines, lines, patterns
from kamervragen.wordlists import words


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("regelgeving", [2, 5, 7]),  # re-gel-ge-ving
        ("Regelgeving", [2, 5, 7]),  # any case
        ("verschillende", [3, 8, 11]),  # ver-schil-len-de
        ("de", []),  # too short: two letters stay together at each end
        ("", []),
    ],
)
def test_breaks(cache_home: Path, word: str, expected: list[int]) -> None:
    assert patterns().breaks(word) == expected


def test_the_same_breaks_as_pyphen_for_dutch_words(cache_home: Path) -> None:
    reference = pyphen.Pyphen(lang="nl_NL")
    listed = bytes(words("nl").lines).decode().split("\n")
    sample = random.Random(7).sample(listed[:-1], 5000)
    assert [patterns().breaks(w) for w in sample] == [list(map(int, reference.positions(w))) for w in sample]


@given(st.text(st.characters(whitelist_categories=("Ll", "Lu")), max_size=20))
def test_the_same_breaks_as_pyphen_for_any_letters(word: str) -> None:
    reference = pyphen.Pyphen(lang="nl_NL")
    assert patterns().breaks(word) == list(map(int, reference.positions(word)))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"bc": "01"}, [2]),  # ab|cd: the digit between b and c is odd
        ({"bc": "01", "abc": "002"}, []),  # the highest digit at a point counts: 2 is even
        ({"bc": "01", "abc": "003"}, [2]),
        ({"ab": "01"}, []),  # a|bcd: one letter alone at the start is too few
        ({".ab": "001"}, []),  # "." is the word's edge: a|b again
        ({".ab": "0001"}, [2]),  # ab|cd
        ({"cd.": "001"}, []),  # abc|d: too near the end
    ],
)
def test_liangs_rule(values: dict[str, str], expected: list[int]) -> None:
    assert Patterns(values).breaks("abcd") == expected


@given(st.dictionaries(st.text("abc.é", min_size=1, max_size=5), st.text("0123456789", min_size=1, max_size=6)))
def test_the_file_reads_back_what_was_written(values: dict[str, str]) -> None:
    assert from_lines(lines(values)).values == values


def test_written_once_then_read(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = patterns().breaks("regelgeving")
    written = sorted((cache_home / "kamervragen").iterdir())
    assert [p.name.split("-")[:2] for p in written] == [["hyphenation", "nl_NL"]]
    assert written[0].stat().st_mode & 0o777 == 0o644
    patterns.cache_clear()  # a new process
    monkeypatch.setattr(hyphenpatterns, "parsed_by_pyphen", lambda _: pytest.fail("parsed again"))
    assert patterns().breaks("regelgeving") == first
    assert sorted((cache_home / "kamervragen").iterdir()) == written


def test_a_read_only_cache_folder_parses_in_memory(cache_home: Path) -> None:
    (cache_home / "kamervragen").write_text("not a folder")  # nothing can be written below it
    assert patterns().breaks("regelgeving") == [2, 5, 7]
