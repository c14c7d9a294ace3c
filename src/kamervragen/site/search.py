"""Search index: Pagefind over the letter pages, in parts of bounded size that the browser merges.

Pagefind's memory grows with the text it indexes (about 0.3 MB a letter: 3.1 GB for 10,000 letters in
one index), so a large archive is indexed in parts: the first at `pagefind/` (with the search UI), the
others at `pagefind/1/`, `pagefind/2/` …, which the theme's script merges (Pagefind's mergeIndex).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

PART_SIZE = 4000  # letters per index: about 1.2 GB for Pagefind at most
IGNORED = ".headerlink, .kv-link"  # the ¶ of heading permalinks and the copy control


def split(ids: Sequence[str], size: int = PART_SIZE) -> list[list[str]]:
    """The page ids (Zaak numbers) of each part; one empty part for a site without letters."""
    size = max(1, size)
    return [list(ids[start : start + size]) for start in range(0, len(ids), size)] or [[]]


def commands(site: str, parts: Sequence[Sequence[str]]) -> list[list[str]]:
    """One Pagefind run per part, each limited to that part's letter pages."""
    runs = []
    for number, part in enumerate(parts):
        output = "pagefind" if number == 0 else f"pagefind/{number}"
        command = [sys.executable, "-m", "pagefind", "--site", site, "--output-subdir", output]
        command += ["--exclude-selectors", IGNORED, "--silent"]
        if part:  # without letters Pagefind still writes its UI, for the theme's search box
            command += ["--glob", "{" + ",".join(part) + "}/index.html"]
        runs.append(command)
    return runs


def build_index(site: str, parts: Sequence[Sequence[str]]) -> list[str]:
    """Index the built site; returns what went wrong (empty when all went well). Pagefind's exit code
    is not enough: on a full disk it has exited 0 with empty files written, so every output is read."""
    failures = []
    for number, command in enumerate(commands(site, parts)):
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            failures.append(f"pagefind failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")
        else:
            failures.extend(check_output(Path(site) / ("pagefind" if number == 0 else f"pagefind/{number}")))
    return failures


def check_output(folder: Path) -> list[str]:
    """An index Pagefind wrote whole: its entry file reads as JSON and no file it wrote is empty."""
    entry = folder / "pagefind-entry.json"
    try:
        json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return [f"pagefind wrote no readable index in {folder} ({error}); is the disk full?"]
    empty = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.stat().st_size == 0)
    return [f"pagefind wrote empty files in {folder}: {', '.join(empty[:5])}; is the disk full?"] if empty else []
