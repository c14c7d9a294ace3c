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


def _median_ms(data: bytes, name: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        convert_bytes(data, name)
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
    per_letter = {path: _median_ms(data, str(path), args.repeats) for path, data in letters}
    by_folder: dict[str, list[float]] = {}
    for path, ms in per_letter.items():
        by_folder.setdefault(path.parent.name, []).append(ms)
    rows = [
        "| letters | count | median ms per letter | slowest letter ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for folder, values in sorted(by_folder.items()):
        rows.append(f"| {folder} | {len(values)} | {statistics.median(values):.2f} | {max(values):.2f} |")
    everything = list(per_letter.values())
    rows.append(f"| **all** | {len(everything)} | **{statistics.median(everything):.2f}** | {max(everything):.2f} |")
    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"
    )
    table = "\n".join(rows)
    report = (
        "# Benchmarks\n\n"
        f"Converter: median time to convert one letter (Markdown, with the conservation check), "
        f"{args.repeats} runs each, one process, one core. Machine: {machine}. "
        f"Measured {time.strftime('%Y-%m-%d')}.\n\n{table}\n"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
