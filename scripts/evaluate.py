"""Fidelity of the structure stage: the converter against hand labels of every corpus letter.

The labels (`tests/fixtures/corpus/labels.yaml`) were written by reading each letter, never by running
the converter: its kind, own Zaak and Aanhangsel id, and every question and answer in reading order
with the numbers it carries or covers. A letter is exact when all of these agree. Run
`scripts/evaluate` (add `--corpus DIR` for another copy of the corpus, `--check` to exit 1 unless
every letter is exact and none is left out); the tests run it too. Nothing here changes the letters.
"""

from __future__ import annotations

import argparse
import functools
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kamervragen.convert import Conversion, convert_file
from kamervragen.model import Question

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "corpus"
LABELS = FIXTURES / "labels.yaml"
ITEM = re.compile(r"^(?P<role>[QA])(?P<numbers>\d+(?:,\d+)*)?(?:\s+@(?P<line>\d+))?(?:\s+(?P<words>.*))?$")
SUFFIXES = (".txt", ".docx", ".pdf")


@dataclass(frozen=True, slots=True)
class Item:
    """One question or answer: its role, numbers and the line it starts on (0: not known)."""

    role: str
    numbers: tuple[int, ...]
    line: int = 0

    def __str__(self) -> str:
        return f"{self.role}{','.join(map(str, self.numbers))}"


@dataclass
class Result:
    """One letter's outcome: exact or the first difference, and its warnings."""

    name: str
    group: str
    exact: bool = False
    left_out: bool = False
    difference: str = ""
    warnings: int = 0
    errors: list[str] = field(default_factory=list)
    repairs: int = 0  # words run together that the reader split
    pdf_text: str = ""  # the page's text, for letters that came from a PDF


def parse_item(text: str) -> Item:
    match = ITEM.match(text.strip())
    if not match:
        raise ValueError(f"label item {text!r} is not 'Q1 @12 words' or 'A2,3 @20 words'")
    numbers = tuple(int(n) for n in (match.group("numbers") or "").split(",") if n)
    return Item(match.group("role"), numbers, int(match.group("line") or 0))


def group_of(name: str) -> str:
    """The collection and rendering a letter belongs to, from its folder and file name."""
    folder, file = name.split("/", 1)
    if file.endswith(".pdf"):
        return f"{folder} · pdf"
    if file.endswith(".docx"):
        return f"{folder} · docx"
    if folder == "tika":
        return "tika · tika"
    if file.endswith("-docx.txt"):
        return f"{folder} · docx-text"
    # the pypdf collection (vergaderjaar 2022–2024) came from another source than the 2024–2025 texts
    year = re.search(r"ah-tk-(\d{8})", file)
    pypdf = year is not None and year.group(1) < "20242025"
    return f"{folder} · pdf-text" + (" (pypdf)" if pypdf else "")


def items_of(conversion: Conversion) -> list[Item]:
    letter = conversion.letter
    assert letter is not None
    return [
        Item("Q", i.numbers, i.line) if isinstance(i, Question) else Item("A", i.covers, i.line) for i in letter.items
    ]


def evaluate_one(name: str, label: dict[str, object], path: Path) -> Result:
    result = Result(name, group_of(name))
    conversion = convert_file(path)
    result.warnings = sum(1 for d in conversion.diagnostics if d.severity == "warning")
    result.errors = [str(d) for d in conversion.diagnostics if d.severity == "error"]
    if conversion.letter is None or result.errors:
        result.left_out = True
        result.difference = (result.errors or ["not read"])[0].split(": ", 1)[-1]
        return result
    letter = conversion.letter
    result.repairs = len(conversion.repairs)
    if letter.rendering in ("pdf-text", "pdf"):
        result.pdf_text = page_text(conversion)
    expected_items = [parse_item(str(i)) for i in label.get("items") or []]  # type: ignore[attr-defined]
    for field_name, got in (
        ("kind", letter.kind.value),
        ("zaak", letter.meta.zaak),
        ("aanhangsel", letter.meta.aanhangsel),
    ):
        want = str(label.get(field_name) or "")
        if got != want:
            result.difference = f"{field_name}: expected {want!r}, got {got!r}"
            return result
    result.difference = _first_difference(expected_items, items_of(conversion))
    result.exact = not result.difference
    return result


def _first_difference(expected: Sequence[Item], got: Sequence[Item]) -> str:
    for index, (want, have) in enumerate(zip(expected, got, strict=False)):
        if (want.role, want.numbers) != (have.role, have.numbers):
            where = f"line {want.line}" if want.line else f"item {index + 1}"
            return f"{where}: expected {want}, got {have} (line {have.line})"
    if len(expected) > len(got):
        missing = expected[len(got)]
        where = f"line {missing.line}" if missing.line else f"item {len(got) + 1}"
        return f"{where}: expected {missing}, got nothing ({len(expected) - len(got)} items missing)"
    if len(got) > len(expected):
        extra = got[len(expected)]
        return f"line {extra.line}: expected nothing more, got {extra} ({len(got) - len(expected)} items too many)"
    return ""


def evaluate(corpus: Path, labels: Path = LABELS) -> tuple[list[Result], list[str]]:
    """Every labelled letter's result, and the corpus letters that have no label."""
    table = yaml.safe_load(labels.read_text(encoding="utf-8"))
    results = []
    for name, label in table.items():
        path = corpus / name
        if path.is_file():
            results.append(evaluate_one(name, label, path))
    on_disk = {str(p.relative_to(corpus)) for p in corpus.glob("*/*") if p.suffix in SUFFIXES}
    return results, sorted(on_disk - set(table))


def report(results: Sequence[Result], unlabelled: Sequence[str]) -> str:
    groups: dict[str, list[Result]] = {}
    for result in results:
        groups.setdefault(result.group, []).append(result)
    lines = [
        "| collection · rendering | letters | exact | left out | warnings |",
        "|---|---:|---:|---:|---:|",
    ]
    for group in sorted(groups):
        rows = groups[group]
        lines.append(
            f"| {group} | {len(rows)} | {sum(r.exact for r in rows)} | {sum(r.left_out for r in rows)} "
            f"| {sum(r.warnings for r in rows)} |"
        )
    lines.append(
        f"| **all** | {len(results)} | {sum(r.exact for r in results)} | {sum(r.left_out for r in results)} "
        f"| {sum(r.warnings for r in results)} |"
    )
    wrong = [r for r in results if not r.exact]
    if wrong:
        lines.append("")
        lines.append("Not exact (first difference):")
        lines.extend(f"- {r.name}: {'left out: ' if r.left_out else ''}{r.difference}" for r in wrong)
    warned = [r for r in results if r.warnings]
    if warned:
        lines.append("")
        lines.append("Warnings per letter: " + ", ".join(f"{r.name.split('/')[-1]} {r.warnings}" for r in warned))
    if unlabelled:
        lines.append("")
        lines.append("No labels for: " + ", ".join(unlabelled))
    return "\n".join(lines)


# --- words run together: an independent count, not the repairer (readers/glue.py) ------------------

GLUED_SENTENCE = re.compile(r"[a-zà-ÿ][.?!][A-ZÀ-Ý][a-zà-ÿ]")
GLUED_CASE = re.compile(r"^[a-zà-ÿ]{1,4}[A-ZÀ-Ý][a-zà-ÿ]")
SKIPPED = re.compile(r"://|www\.|@|\d")
TOKENS = re.compile(r"\S+")


@functools.cache
def _frequent() -> frozenset[str]:
    """The 150 most frequent Dutch words of pyspellchecker's list (by frequency, not chosen by hand)."""
    from spellchecker import SpellChecker  # noqa: PLC0415

    counts = SpellChecker(language="nl").word_frequency.dictionary
    return frozenset(w for w, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:150] if len(w) > 1)


def glued(text: str) -> tuple[int, int]:
    """(tokens that look run together, all tokens): a sentence end or a short word before a capital
    inside a token, or a token no dictionary knows that is a frequent word plus a known word."""
    from kamervragen.wordlists import words  # noqa: PLC0415

    nl, en, frequent = words("nl"), words("en"), _frequent()
    count = total = 0
    for token in TOKENS.findall(text):
        total += 1
        if SKIPPED.search(token):
            continue
        bare = token.strip(".,;:?!()«»“”\"'‘’[]*")
        if GLUED_SENTENCE.search(bare) or (GLUED_CASE.match(bare) and bare.lower() not in nl):
            count += 1
        elif bare.isalpha() and bare[1:].islower() and len(bare) >= 6:  # at a sentence's start too
            lower = bare.lower()
            if lower not in nl and lower not in en:
                count += any(lower[:i] in frequent and lower[i:] in nl for i in range(2, len(lower) - 2))
    return count, total


def glue_report(results_texts: Sequence[str], reference: Sequence[str]) -> str:
    ours = [glued(t) for t in results_texts]
    line = f"Words run together (independent count): {_rate(ours)} per 1,000 words in {len(ours)} PDF-derived letters"
    if reference:
        line += f"; pdftotext on the PDFs: {_rate([glued(t) for t in reference])} per 1,000"
    return line


def _rate(counts: Sequence[tuple[int, int]]) -> str:
    found, total = sum(c for c, _ in counts), sum(t for _, t in counts)
    return f"{1000 * found / max(total, 1):.1f} ({found} of {total:,})"


def pdftotext(corpus: Path) -> list[str]:
    """The reference: Debian's pdftotext (poppler-utils) on the corpus PDFs, when it is installed."""
    if not shutil.which("pdftotext"):
        return []
    run = (
        subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=False)
        for p in sorted(corpus.glob("pdf/*.pdf"))
    )
    return [r.stdout for r in run if r.returncode == 0]


def page_text(conversion: Conversion) -> str:
    from kamervragen.reading import read_markdown  # noqa: PLC0415

    return read_markdown(conversion.markdown).text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    shared = ROOT.parent / "shared" / "corpus"
    parser.add_argument("--corpus", type=Path, default=shared if shared.is_dir() else FIXTURES)
    parser.add_argument("--check", action="store_true", help="exit 1 unless every letter is exact")
    args = parser.parse_args(argv)
    results, unlabelled = evaluate(args.corpus)
    print(f"scripts/evaluate: {args.corpus}")
    print(report(results, unlabelled))
    pdf_derived = [r for r in results if r.pdf_text]
    print()
    print(glue_report([r.pdf_text for r in pdf_derived], pdftotext(args.corpus)))
    print(
        f"Repairs of words run together: {sum(r.repairs for r in results)} in {len(pdf_derived)} letters (per letter: "
        + ", ".join(f"{r.name.split('/')[-1].split('-antwoord')[0]} {r.repairs}" for r in results if r.repairs)
        + ")"
    )
    perfect = all(r.exact for r in results) and not unlabelled
    return 0 if perfect or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
