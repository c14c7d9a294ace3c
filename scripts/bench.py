"""Benchmark: median time to convert one letter of the corpus, per rendering and overall.

Run `scripts/bench`; it prints a Markdown table and writes it to docs/benchmarks.md with the machine.
Timings are medians over repeated runs in one process; nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from kamervragen.convert import convert_bytes

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def _median_ms(data: bytes, name: str, repeats: int, check: bool) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        convert_bytes(data, name, check=check)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    files = sorted(CORPUS.glob("*/*.txt"))
    letters = [(f, f.read_bytes()) for f in files]
    for path, data in letters:  # warm-up: imports, word lists, regex caches
        convert_bytes(data, str(path))
    # Both variants measured letter by letter, side by side, so machine noise hits them alike.
    bare: dict[Path, float] = {}
    checked: dict[Path, float] = {}
    for path, data in letters:
        bare[path] = _median_ms(data, str(path), args.repeats, check=False)
        checked[path] = _median_ms(data, str(path), args.repeats, check=True)
    rows = [
        "| letters | count | convert: median ms | + conservation check: median ms | ratio | slowest ms (checked) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    groups = [*sorted({p.parent.name for p in bare}), "all"]
    for group in groups:
        paths = [p for p in bare if group in ("all", p.parent.name)]
        plain = statistics.median(bare[p] for p in paths)
        full = statistics.median(checked[p] for p in paths)
        slowest = max(checked[p] for p in paths)
        name = f"**{group}**" if group == "all" else group
        rows.append(f"| {name} | {len(paths)} | {plain:.2f} | {full:.2f} | {full / plain:.1f}× | {slowest:.2f} |")
    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"
    )
    table = "\n".join(rows)
    report = (
        "# Benchmarks\n\n"
        "Converter: median time to convert one letter to Markdown (reader, builder, writer), and the same "
        "with the conservation check that every conversion runs by default (markdown-it-py reads the page "
        f"back). Medians of {args.repeats} runs per letter, then the median over letters; one process, one "
        f"core. Machine: {machine}. "
        f"Measured {time.strftime('%Y-%m-%d')}.\n\n{table}\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
