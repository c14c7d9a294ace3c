"""PDF libraries side by side: pypdfium2 (what readers/pdf.py uses) and pdfminer.six, on the corpus PDFs.

Both feed the same reader (`kamervragen.readers.pdf.read_glyphs`) with each glyph's character,
advance box, baseline and font size, so what differs is the library alone. For each library:

- fidelity: letters whose structure is exactly as hand-labelled (`tests/fixtures/corpus/labels.yaml`:
  kind, Zaak, Aanhangsel id, every question and answer with its numbers), note marks found by font
  (references placed / note bodies), the reader's and builder's warnings, and the words of the
  source blocks and notes against `pdftotext` (poppler; when installed): words it has that the
  reader lost, and words the reader has that it lacks, furniture and marks left out on both sides;
- speed: CPU milliseconds per page, median of the letters' medians over `--repeats` runs, for
  reading the glyphs, and for glyphs plus the reader (PDF → source blocks); the whole conversion
  (`convert_bytes`, conservation check included) for pypdfium2, which the converter uses; and the
  time to import the library (a new process pays it once).

CPU time rather than wall time: a shared machine's other processes then stretch the numbers less.
Run `.venv/bin/python scripts/bench_pdf.py` (pdfminer.six: `.venv/bin/pip install pdfminer.six`, it
is no dependency); `--write` puts the section "PDF libraries" into docs/benchmarks.md, replacing only
that section. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import io
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from kamervragen.conservation import words
from kamervragen.convert import convert_bytes
from kamervragen.diagnostics import Reporter
from kamervragen.model import Question
from kamervragen.readers import pdf
from kamervragen.readers.blocks import RawRef, SourceDoc
from kamervragen.structure.builder import build
from kamervragen.structure.labels import is_label

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
SECTION = "## PDF libraries"
ITEM = re.compile(r"^(?P<role>[QA])(?P<numbers>[\d,]+)")

Glyphs = Callable[[bytes], list[list[pdf.Glyph]]]


def pdfium_glyphs(data: bytes) -> list[list[pdf.Glyph]]:
    return pdf.glyphs(data, Reporter("bench"))


def pdfminer_glyphs(data: bytes) -> list[list[pdf.Glyph]]:
    """pdfminer.six's characters as the reader's glyphs (its layout analysis off: the reader does that)."""
    from pdfminer.converter import PDFPageAggregator  # noqa: PLC0415
    from pdfminer.layout import LTChar, LTContainer  # noqa: PLC0415
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager  # noqa: PLC0415
    from pdfminer.pdfpage import PDFPage  # noqa: PLC0415

    class Collector(PDFPageAggregator):
        """Keeps each character's baseline: its matrix's origin raised by the text rise."""

        def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float, *rest: Any) -> Any:
            advance = super().render_char(matrix, font, fontsize, scaling, rise, *rest)
            setattr(self.cur_item._objs[-1], "base", matrix[5] + rise * matrix[3])  # noqa: B010
            return advance

    def chars(item: Any) -> Iterator[Any]:
        for child in item:
            if isinstance(child, LTChar):
                yield child
            elif isinstance(child, LTContainer):
                yield from chars(child)

    manager = PDFResourceManager()
    device = Collector(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    pages = []
    for page in PDFPage.get_pages(io.BytesIO(data)):
        interpreter.process_page(page)
        found = []
        for char in chars(device.get_result()):
            text = char.get_text()
            if not text or text in pdf.BLANK:
                continue
            glyph = pdf.HYPHENS.get(text, text)
            found.append(pdf.Glyph(glyph, char.x0, char.x1, char.base, round(char.size, 1)))
        pages.append(found)
    return pages


def libraries() -> dict[str, Glyphs]:
    found: dict[str, Glyphs] = {"pypdfium2": pdfium_glyphs}
    try:
        import pdfminer  # noqa: F401, PLC0415
    except ImportError:
        print("pdfminer.six is not installed (.venv/bin/pip install pdfminer.six): measuring pypdfium2 only")
    else:
        found["pdfminer.six"] = pdfminer_glyphs
    return found


def _version(name: str) -> str:
    from importlib.metadata import version  # noqa: PLC0415

    return version(name)


def _import_ms(module: str) -> float:
    """Milliseconds to import a library in a new process (median of 5)."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(5)
    ]
    return statistics.median(runs) * 1000


def _cpu_ms(action: Callable[[], object], repeats: int, wall: list[float] | None = None) -> float:
    """Median CPU milliseconds of `action`; its median wall-clock milliseconds go to `wall`."""
    times = []
    clock = []
    for _ in range(repeats):
        start, started = time.process_time(), time.perf_counter()
        action()
        times.append((time.process_time() - start) * 1000)
        clock.append((time.perf_counter() - started) * 1000)
    if wall is not None:
        wall.append(statistics.median(clock))
    return statistics.median(times)


def _items(doc: SourceDoc) -> tuple[str, str, str, list[tuple[str, tuple[int, ...]]], int]:
    report = Reporter("bench")
    letter, _ = build(doc, report)
    items = [("Q", i.numbers) if isinstance(i, Question) else ("A", i.covers) for i in letter.items]
    return letter.kind.value, letter.meta.zaak, letter.meta.aanhangsel, items, len(report.items)


def _expected(label: dict[str, Any]) -> tuple[str, str, str, list[tuple[str, tuple[int, ...]]]]:
    items = []
    for text in label.get("items") or []:
        match = ITEM.match(str(text))
        assert match, text
        items.append((match.group("role"), tuple(int(n) for n in match.group("numbers").split(","))))
    return str(label["kind"]), str(label.get("zaak") or ""), str(label.get("aanhangsel") or ""), items


def _text(doc: SourceDoc) -> str:
    parts = [p for b in doc.blocks for p in (b.marker, *b.content, "\n")]
    parts += [p for n in doc.notes for p in (*n.content, "\n")]
    return "".join(p if isinstance(p, str) else " " if isinstance(p, RawRef) else p.text for p in parts)


def _pdftotext(path: Path) -> str | None:
    if not shutil.which("pdftotext"):
        return None
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def measure(name: str, read_glyphs: Glyphs, repeats: int) -> dict[str, Any]:
    labels = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
    result: dict[str, Any] = {"exact": 0, "letters": 0, "marks": 0, "notes": 0, "warnings": 0}
    result.update(missing=0, extra=0, reference=0, glyph_ms=[], read_ms=[], convert_ms=[], pages=0)
    result.update(lost=Counter(), added=Counter(), convert_wall=[])
    for path in sorted((CORPUS / "pdf").glob("*.pdf")):
        data = path.read_bytes()
        pages = read_glyphs(data)  # warm-up, and the pages for the fidelity figures
        report = Reporter(path.name)
        doc, _ = pdf.read_glyphs(pages, report, is_label)
        kind, zaak, aanhangsel, items, warnings = _items(doc)
        result["letters"] += 1
        result["exact"] += (kind, zaak, aanhangsel, items) == _expected(labels[f"pdf/{path.name}"])
        result["marks"] += sum(isinstance(p, RawRef) for b in doc.blocks for p in b.content)
        result["notes"] += len(doc.notes)
        result["warnings"] += warnings + len(report.items)
        reference = _pdftotext(path)
        if reference is not None:
            expected = words(reference) - words("\0".join(doc.removed))
            got = words(_text(doc))
            result["lost"] += expected - got
            result["added"] += got - expected
            result["missing"] += sum((expected - got).values())
            result["extra"] += sum((got - expected).values())
            result["reference"] += sum(expected.values())
        count = len(pages)
        result["pages"] += count
        result["glyph_ms"].append(_cpu_ms(lambda d=data: read_glyphs(d), repeats) / count)  # type: ignore[misc]
        result["read_ms"].append(
            _cpu_ms(lambda d=data: pdf.read_glyphs(read_glyphs(d), Reporter("bench"), is_label), repeats) / count  # type: ignore[misc]
        )
        if name == "pypdfium2":
            convert_bytes(data, path.name)
            wall: list[float] = []
            result["convert_ms"].append(_cpu_ms(lambda d=data, n=path.name: convert_bytes(d, n), repeats, wall) / count)  # type: ignore[misc]
            result["convert_wall"].append(wall[0] / count)
    return result


def table(results: dict[str, dict[str, Any]], imports: dict[str, float], repeats: int) -> str:
    letters = next(iter(results.values()))["letters"]
    pages = next(iter(results.values()))["pages"]
    lines = [
        SECTION,
        "",
        f"Machine: CPython {platform.python_version()}, {platform.machine()}. Measured {time.strftime('%Y-%m-%d')}"
        f" with `scripts/bench_pdf.py`.",
        "",
        f"The {letters} published Aanhangsel PDFs of the corpus ({pages} pages), read by each library and fed to the "
        "same reader (`readers/pdf.py`: each glyph's character, advance box, baseline and font size), so the "
        "figures differ by the library alone. *Exact*: letters whose kind, Zaak, Aanhangsel id and every question "
        "and answer with its numbers are as hand-labelled. *Marks*: note references placed by font (raised, smaller "
        "digits) against note bodies found. *Against pdftotext*: words of the source blocks and notes that poppler's "
        "text has and the reader lost, and the reverse (furniture and note marks left out on both sides). Times: CPU "
        f"milliseconds per page, median over the letters of each letter's median of {repeats} runs; *glyphs*: "
        "opening the PDF and reading every glyph; *+ reader*: to source blocks; *convert*: the whole conversion "
        "(`convert_bytes`, conservation check included), with its wall-clock time beside it; *import*: a new "
        "process's import of the library (wall clock).",
        "",
        "| library | version | licence | exact | marks / notes | warnings | against pdftotext: lost / added"
        " | glyphs ms/page | + reader ms/page | convert ms/page (wall) | import ms |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    licences = {"pypdfium2": "Apache-2.0 / BSD-3 (PDFium)", "pdfminer.six": "MIT"}
    for name, r in results.items():
        against = f"{r['missing']} / {r['extra']} of {r['reference']:,}" if r["reference"] else "–"
        convert = "–"
        if r["convert_ms"]:
            convert = f"{statistics.median(r['convert_ms']):.1f} ({statistics.median(r['convert_wall']):.1f})"
        lines.append(
            f"| {name} | {_version(name)} | {licences.get(name, '')} | {r['exact']} of {r['letters']} "
            f"| {r['marks']} / {r['notes']} | {r['warnings']} | {against} | {statistics.median(r['glyph_ms']):.1f} "
            f"| {statistics.median(r['read_ms']):.1f} | {convert} | {imports[name]:.0f} |"
        )
    lines.append("")
    for name, r in results.items():
        if r["lost"] or r["added"]:
            lost = ", ".join(f"{w} ×{n}" if n > 1 else w for w, n in r["lost"].most_common(8)) or "none"
            added = ", ".join(f"{w} ×{n}" if n > 1 else w for w, n in r["added"].most_common(8)) or "none"
            lines.append(f"- {name} against pdftotext: lost {lost}; added {added}.")
    lines += [
        "",
        "pypdfium2 is the converter's library: as exact as pdfminer.six on every letter's structure, with no glyph "
        "it cannot name (pdfminer.six writes one letter's bullets as `(cid:129)`), and some three times faster at "
        "reading the glyphs (PDFium is C++; pdfminer.six interprets the PDF in Python): a page converts within 20 ms "
        "(median). The words both differ from pdftotext in are pdftotext's: it glues the year 2022 to its raised "
        "note 4 (`20224`) and breaks `zorgaanbieder` at a hyphen it drops. Its import is deferred to the first PDF "
        "a process reads. PyMuPDF was not measured: its AGPL licence does not fit the project.",
    ]
    return "\n".join(lines) + "\n"


def write(section: str) -> None:
    text = BENCHMARKS.read_text(encoding="utf-8")
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[end + 1 :] if end >= 0 else "")
    BENCHMARKS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=15, help="runs per letter (default 15)")
    parser.add_argument("--write", action="store_true", help="write the section into docs/benchmarks.md")
    args = parser.parse_args(argv)
    found = libraries()
    modules = {"pypdfium2": "pypdfium2", "pdfminer.six": "pdfminer.pdfinterp"}
    imports = {name: _import_ms(modules[name]) for name in found}
    results = {name: measure(name, glyphs, args.repeats) for name, glyphs in found.items()}
    section = table(results, imports, args.repeats)
    print(section)
    if args.write:
        write(section)
        print(f"written to {BENCHMARKS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
