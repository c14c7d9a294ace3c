"""scripts/evaluate: the converter against the hand labels of every corpus letter."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from .conftest import CORPUS

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "evaluate.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("evaluate", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["evaluate"] = module
    spec.loader.exec_module(module)
    return module


evaluate = _load()

# Letters not exact today, each with why: none. The set may only shrink, so a letter that stops being
# exact fails this test.
NOT_EXACT: dict[str, str] = {}


@pytest.fixture(scope="module")
def results() -> dict[str, object]:
    found, unlabelled = evaluate.evaluate(CORPUS)
    assert unlabelled == []  # every fixture letter has its hand labels
    return {r.name: r for r in found}


def test_every_corpus_letter_is_labelled_and_evaluated(results: dict[str, object]) -> None:
    letters = {str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*") if p.suffix in (".txt", ".pdf", ".docx")}
    assert set(results) == letters
    assert len(letters) == 76


def test_every_letter_is_exact_but_the_known_ones(results: dict[str, object]) -> None:
    wrong = {name: r.difference for name, r in results.items() if not r.exact}  # type: ignore[attr-defined]
    assert set(wrong) == set(NOT_EXACT), wrong


def test_no_letter_is_left_out(results: dict[str, object]) -> None:
    left_out = [name for name, r in results.items() if r.left_out]  # type: ignore[attr-defined]
    assert left_out == []


def test_a_wrong_label_is_reported_with_its_line(tmp_path: Path) -> None:
    table = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
    name = "antwoord/2024Z18294-antwoord-docx.txt"
    items = table[name]["items"]
    table = {name: {**table[name], "items": [*items[:5], "A3 @99 wrong", *items[6:]]}}
    labels = tmp_path / "labels.yaml"
    labels.write_text(yaml.safe_dump(table), encoding="utf-8")
    found, _ = evaluate.evaluate(CORPUS, labels)
    assert not found[0].exact
    assert found[0].difference.startswith("line 99: expected A3, got")
    assert "| **all** | 1 | 0 | 0 |" in evaluate.report(found, [])


def test_the_report_has_a_row_per_collection_and_rendering(results: dict[str, object]) -> None:
    table = evaluate.report(list(results.values()), [])
    for row in ("antwoord · docx-text", "antwoord · pdf-text (pypdf)", "tika · tika", "docx · docx", "pdf · pdf"):
        assert f"| {row} |" in table


def test_the_run_together_count_finds_each_kind_and_spares_words() -> None:
    assert evaluate.glued("af.Om zag inNederland ommobiele zijngemeld") == (4, 5)
    assert evaluate.glued("Het is af. Om de GroenLinks-PvdA https://x.nl/a.B o.a. 2024Z14814") == (0, 9)


def test_words_run_together_in_pdf_text_stay_below_two_per_thousand(results: dict[str, object]) -> None:
    counts = [evaluate.glued(r.pdf_text) for name, r in results.items() if name.endswith("-pdf.txt")]  # type: ignore[attr-defined]
    found, total = sum(c for c, _ in counts), sum(t for _, t in counts)
    assert total > 40_000
    assert 1000 * found / total < 2.0  # 30 per 1,000 before the repairs (glue.py)
    repairs = sum(r.repairs for r in results.values())  # type: ignore[attr-defined]
    assert repairs > 500
