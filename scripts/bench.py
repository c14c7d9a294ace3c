"""Benchmarks: the converter per letter, and whole-site builds of synthetic archives.

Run `scripts/bench` (add `--sizes 100,1000,10000` for the archive builds, `--engines 1000` for the
three engines side by side, `--scaling` for conversion time against letter size, `--adversarial` for
hostile 1 MB letters; `--lighthouse` for Lighthouse's mobile scores of the fixture site's pages and
`--page-weight` for the bytes a letter page transfers, each with `--against REV` for that revision's site
beside it; these two install Lighthouse into .cache/lighthouse when it is missing, as scripts/test
does); it prints Markdown tables and writes them to docs/benchmarks.md with the machine, replacing only
the sections it ran. Converter timings are medians over repeated runs in one process; archive builds
run in rounds, ours and plain MkDocs side by side; Lighthouse runs in rounds too. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import yaml

import kamervragen
from kamervragen.cache import ParseCache
from kamervragen.convert import convert_bytes
from kamervragen.dates import DATE, MONTHS
from kamervragen.site import search
from kamervragen.site.archive import load_archive

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
sys.path.insert(0, str(ROOT))
from tests.large import TEMPLATES, large_letter  # noqa: E402  (the letters the size test converts)
from tests.site_build import serve, serve_gzip  # noqa: E402  (the site served plainly, and as a static host serves it)
from tests.test_linear_time import LETTERS  # noqa: E402  (the hostile letters the linear-time test converts)


def _median_ms(data: bytes, name: str, repeats: int, check: bool) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        convert_bytes(data, name, check=check)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def converter_table(repeats: int) -> str:
    letters = [(f, f.read_bytes()) for f in sorted(CORPUS.glob("*/*.txt"))]
    for path, data in letters:  # warm-up: imports, word lists, regex caches
        convert_bytes(data, str(path))
    # Both variants measured letter by letter, side by side, so machine noise hits them alike.
    bare: dict[Path, float] = {}
    checked: dict[Path, float] = {}
    for path, data in letters:
        bare[path] = _median_ms(data, str(path), repeats, check=False)
        checked[path] = _median_ms(data, str(path), repeats, check=True)
    rows = [
        "| letters | count | convert: median ms | + conservation check: median ms | ratio | slowest ms (checked) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for group in [*sorted({p.parent.name for p in bare}), "all"]:
        paths = [p for p in bare if group in ("all", p.parent.name)]
        plain = statistics.median(bare[p] for p in paths)
        full = statistics.median(checked[p] for p in paths)
        slowest = max(checked[p] for p in paths)
        name = f"**{group}**" if group == "all" else group
        rows.append(f"| {name} | {len(paths)} | {plain:.2f} | {full:.2f} | {full / plain:.1f}× | {slowest:.2f} |")
    return (
        "## Converter\n\n"
        "Median time to convert one letter to Markdown (reader, builder, links, writer), and the same with "
        "the conservation check that every conversion runs by default (markdown-it-py reads the page back). "
        f"Medians of {repeats} runs per letter, then the median over letters; one process, one core.\n\n"
        + "\n".join(rows)
        + "\n"
    )


# --- the converter against an earlier revision -------------------------------------------------------

# Run in a child process with one revision's src on sys.path: the median over the letters of each
# letter's median ms (CPU time of the process, less disturbed by other processes than wall time).
_TIMER = """
import statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from kamervragen.convert import convert_bytes
letters = [(Path(p).read_bytes(), Path(p).name) for p in sys.argv[3:]]
for data, name in letters:
    convert_bytes(data, name, check=False)
medians = []
for data, name in letters:
    times = []
    for _ in range(int(sys.argv[2])):
        start = time.process_time()
        convert_bytes(data, name, check=False)
        times.append(time.process_time() - start)
    medians.append(statistics.median(times))
print(statistics.median(medians) * 1000)
"""


def against_table(revision: str, rounds: int, repeats: int) -> str:
    """The converter of `revision` and of this tree, in turns (a round: one child process each, the
    first of them alternating), on the corpus letters both can read; medians and the median ratio."""
    with tempfile.TemporaryDirectory(prefix="kamervragen-against-") as temporary:
        other = Path(temporary) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(other), revision], cwd=ROOT, check=True, capture_output=True
        )
        try:
            names = {
                p.relative_to(other / "tests" / "fixtures" / "corpus")
                for p in (other / "tests" / "fixtures" / "corpus").glob("*/*.txt")
            }
            letters = [str(CORPUS / n) for n in sorted(names) if (CORPUS / n).is_file()]
            sources = {"then": str(other / "src"), "now": str(ROOT / "src")}
            times: dict[str, list[float]] = {"then": [], "now": []}
            for round_ in range(rounds):
                for name in ("then", "now") if round_ % 2 == 0 else ("now", "then"):
                    command = [sys.executable, "-c", _TIMER, sources[name], str(repeats), *letters]
                    run = subprocess.run(command, capture_output=True, text=True, check=True)
                    times[name].append(float(run.stdout))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(other)], cwd=ROOT, check=False)
    then, now = statistics.median(times["then"]), statistics.median(times["now"])
    ratio = statistics.median(n / t for n, t in zip(times["now"], times["then"], strict=True))
    return (
        f"## Converter against {revision}\n\n"
        f"The converter of revision `{revision}` and of this tree, each in its own process in turns "
        f"({rounds} rounds), on the {len(letters)} corpus letters both have: the median over the letters "
        f"of each letter's median of {repeats} conversions (CPU ms, conservation check off), the median "
        "over the rounds, and the median of each round's ratio.\n\n"
        "| converter | median ms per letter |\n| --- | ---: |\n"
        f"| {revision} | {then:.2f} |\n| this tree | {now:.2f} |\n| **ratio** | **{ratio:.2f}×** |\n"
    )


# --- letter size ---------------------------------------------------------------------------------

SCALING_MB = (1.25, 2.5, 5.0, 10.0)


def scaling_table(repeats: int) -> str:
    """Seconds to convert one letter (conservation check on) as it doubles in size, per rendering."""
    heads = " | ".join(f"{mb:g} MB s" for mb in SCALING_MB)
    rows = [
        f"| rendering | first answer as | {heads} "
        f"| s per MB at {SCALING_MB[0]:g} MB | at {SCALING_MB[-1]:g} MB | ratio |",
        "| --- | --- |" + " ---: |" * (len(SCALING_MB) + 3),
    ]
    for rendering in TEMPLATES:
        for one_paragraph in (False, True):
            letters = [large_letter(rendering, int(mb * 1_000_000), one_paragraph) for mb in SCALING_MB]
            seconds = [_median_ms(data, "groot.txt", repeats, check=True) / 1000 for data in letters]
            per_mb = [s / (len(d) / 1_000_000) for s, d in zip(seconds, letters, strict=True)]
            shape = "one paragraph" if one_paragraph else "many paragraphs"
            cells = " | ".join(f"{s:.2f}" for s in seconds)
            ratio = per_mb[-1] / per_mb[0]
            rows.append(f"| {rendering} | {shape} | {cells} | {per_mb[0]:.2f} | {per_mb[-1]:.2f} | {ratio:.2f}× |")
            print(rows[-1], flush=True)
    return (
        "## Letter size\n\n"
        "A corpus letter of each rendering with its first answer grown to the size shown (`tests/large.py`, "
        "the letters the 10 MB test converts): in many paragraphs, or in one paragraph on one line. "
        f"Median of {repeats} conversions each, conservation check on. Linear time shows as a constant "
        "time per MB (ratio near 1×).\n\n" + "\n".join(rows) + "\n"
    )


# --- hostile input -------------------------------------------------------------------------------


def adversarial_table(repeats: int = 3) -> str:
    """Seconds to convert each hostile 1 MB letter of `tests/test_linear_time.py`, conservation check on."""
    rows = [
        f"| hostile line | in | MB | convert s (median of {repeats}) | s per MB |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for name, hostile in LETTERS.items():
        data = hostile.letter()
        seconds = _median_ms(data, "hostile.txt", repeats, check=True) / 1000
        megabytes = len(data) / 1_000_000
        rows.append(f"| {name} | {hostile.where} | {megabytes:.2f} | {seconds:.2f} | {seconds / megabytes:.2f} |")
        print(rows[-1], flush=True)
    return (
        "## Hostile input\n\n"
        "A corpus letter (`2024Z14814-antwoord-docx.txt`) with one line of about 1 MB in its header or first "
        "answer, each of a shape that once made a recognizer super-linear (`tests/test_linear_time.py`): a "
        "piece a pattern alternates over repeated, a parenthesis never closed, separators or whitespace run on. "
        f"Median of {repeats} conversions each, conservation check on. Before the recognizers were made "
        "linear, the two shapes reported took 54 s (an askers line of 320 KB, the first row's shape) and 21 s "
        "(a web address and 200,000 closing parentheses) in the recognizer alone.\n\n" + "\n".join(rows) + "\n"
    )


# --- synthetic archives --------------------------------------------------------------------------

ZAAK = re.compile(r"\b20\d\dZ\s?\d{5}\b")
AANHANGSEL_ID = re.compile(r"\bah-tk-(\d{8})-(\d+)\b")


def synthetic_letter(template: str, number: int) -> str:
    """A corpus letter as another one: fresh Zaak and Aanhangsel numbers, dates moved by whole months
    (so the archive spreads over ten years), everything else (shapes, lengths, notes) as it was."""
    shift = number % 120

    def move(match: re.Match[str]) -> str:
        month = MONTHS.index(match.group(2).lower()) - shift
        year = int(match.group(3)) + month // 12
        return f"{match.group(1)} {MONTHS[month % 12]} {year}"

    text = DATE.sub(move, template)
    text = ZAAK.sub(f"2030Z{number:05d}", text)
    old = AANHANGSEL_ID.search(text)
    if old:
        text = AANHANGSEL_ID.sub(rf"ah-tk-\g<1>-{number}", text)
        text = re.sub(rf"(?m)^{old.group(2)}$", str(number), text, count=1)  # the masthead's number
    return re.sub(r"(?m)^AH \d+$", f"AH {number}", text)


def make_archive(target: Path, size: int) -> Path:
    """A project folder with `size` letters and the repository's pages and theme."""
    templates = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*.txt"))]
    content = target / "content"
    (content / "letters").mkdir(parents=True)
    for page in ("index.md", "over.md"):
        shutil.copy(ROOT / "content" / page, content / page)
    for number in range(1, size + 1):
        letter = synthetic_letter(templates[number % len(templates)], number)
        (content / "letters" / f"brief-{number:05d}.txt").write_text(letter, encoding="utf-8")
    shutil.copytree(ROOT / "theme", target / "theme")
    return target


def _config(project: Path, name: str, docs: Path, plugins: list[object]) -> Path:
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": str(docs),
        "plugins": plugins,
        "theme": {"custom_dir": str(project / "theme")},
    }
    path = project / name
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def _run(command: list[str], cwd: Path, sample: bool = False) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one command, run to completion. The time is exact (the
    command is waited for, not polled). With `sample`, the memory is the most its processes (the
    command and the workers it starts) held at once, sampled every 0.1 s as their proportional set
    size (PSS: memory shared by forked workers counted once); else, and at least, the largest
    process's own peak resident set. Sampling takes CPU from the command (~3 ms a process a sample),
    more of a build with workers than of one without: timed builds are not sampled."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def measure() -> None:
        nonlocal peak
        while not done.wait(0.1):
            peak = max(peak, _tree_pss(process.pid))

    sampler = threading.Thread(target=measure) if sample else None
    if sampler:
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    if sampler:
        sampler.join()
    process.returncode = status  # reaped here: keep Popen from waiting for it again
    if status != 0:
        raise RuntimeError(f"failed ({status}): {' '.join(command)}")
    return seconds, max(peak / 1024, usage.ru_maxrss / 1024)


def _tree_pss(root: int) -> int:
    """kB of memory held by a process and its descendants (Linux /proc; 0 where it cannot be read)."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:  # ended meanwhile
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
        pending.extend(int(child) for child in children)
    return total


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def search_bytes(site: Path, queries: tuple[str, str]) -> tuple[int, int]:
    """Bytes a browser downloads for a first search, then for a second one (Chromium, Pagefind UI)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (only for this measurement)

    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        announced = server.stdout.readline() if server.stdout else ""
        port = re.search(r"port (\d+)", announced)
        if port is None:
            raise RuntimeError(f"no port in {announced!r}")
        totals: list[int] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=["--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update"],
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port.group(1)}/over/")
            page.wait_for_load_state("networkidle")
            sizes: list[int] = []
            page.on("requestfinished", lambda request: sizes.append(request.sizes()["responseBodySize"]))
            for query in queries:
                sizes.clear()
                page.fill("#kv-zoekveld", query)
                page.wait_for_selector(".kv-treffer", timeout=60_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1000)
                totals.append(sum(sizes))
            browser.close()
        return totals[0], totals[1]
    finally:
        server.terminate()


def archive_row(size: int, repeats: int) -> str:
    with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as folder:
        project = make_archive(Path(folder), size)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f"]
        plugin = {"kamervragen": {"pagefind": False, "cache_dir": str(project / "parse-cache")}}
        ours = _config(project, "ours.yml", project / "content", [plugin])
        pages = project / "pages"
        generate = [sys.executable, "-m", "kamervragen.cli", "generate", "--content", str(project / "content")]
        subprocess.run([*generate, "-o", str(pages)], check=True, capture_output=True)
        plain = _config(project, "plain.yml", pages, [])
        outputs = {"cold": project / "site", "warm": project / "site-rebuilt", "plain": project / "plain-site"}
        configs = {"cold": ours, "warm": ours, "plain": plain}
        runs: dict[str, list[float]] = {name: [] for name in outputs}

        def build(name: str, sample: bool = False) -> tuple[float, float]:
            shutil.rmtree(outputs[name], ignore_errors=True)
            if name == "cold":
                shutil.rmtree(project / "parse-cache", ignore_errors=True)
            os.sync()
            return _run([*mkdocs, str(configs[name]), "-d", str(outputs[name])], project, sample)

        for turn in range(repeats):
            # The three side by side, each round starting one later (cold, warm, plain; then warm, plain,
            # cold; …), so neither the machine's moods nor what the previous build left the disk doing
            # favour one. Each build writes into an empty folder (emptying a full one costs seconds of
            # file system time at 10,000 letters, which is not the plugin's), after the disk has caught
            # up with the removal. A rebuild reads the parse cache the last cold build filled.
            for name in [*outputs][turn % 3 :] + [*outputs][: turn % 3]:
                runs[name].append(build(name)[0])
        # Peak memory from one more cold build and plain build each, sampled (not timed).
        plain_mb = build("plain", sample=True)[1]
        ours_mb = build("cold", sample=True)[1]  # last: Pagefind indexes this site
        ours_s, warm_s, plain_s = (statistics.median(runs[name]) for name in ("cold", "warm", "plain"))
        # each round's ratio, then their median: a ratio of builds run side by side
        cold_ratio = statistics.median(a / b for a, b in zip(runs["cold"], runs["plain"], strict=True))
        warm_ratio = statistics.median(a / b for a, b in zip(runs["warm"], runs["plain"], strict=True))
        # Pagefind as the plugin runs it: one run per part of the archive (site/search.py)
        cases = load_archive(project / "content", cache=ParseCache(project / "parse-cache")).cases
        parts = [
            _run(command, project, sample=True)
            for command in search.commands(str(project / "site"), search.split([c.id for c in cases]))
        ]
        pagefind_s, pagefind_mb = sum(s for s, _ in parts), max(mb for _, mb in parts)
        site_bytes = _size(project / "site")
        first, second = search_bytes(project / "site", ("afhankelijkheden", "woningbouw"))
    return (
        f"| {size:,} | {repeats} | {ours_s:.1f} | {ours_mb:.0f} | {plain_s:.1f} | {plain_mb:.0f} | {cold_ratio:.2f}× "
        f"| {warm_s:.1f} | {warm_ratio:.2f}× | {pagefind_s:.1f} | {pagefind_mb:.0f} "
        f"| {ours_s + pagefind_s:.1f} | {site_bytes / 1e6:.1f} "
        f"| {site_bytes / size / 1e3:.1f} | {first / 1e3:.0f} | {second / 1e3:.0f} |"
    )


def rounds(size: int, repeats: int) -> int:
    """Rounds for an archive size: at least `repeats` (single builds of 10,000 letters differ by 20 %
    within minutes on a shared machine, and a round takes ~3.5 minutes there); small archives, whose
    rounds take seconds and whose noise is a larger share of their time, up to 9."""
    return max(repeats, min(9, 30_000 // size))


def archive_table(sizes: list[int], repeats: int) -> str:
    rows = [
        "| letters | rounds | our build s | peak MB | plain MkDocs s | peak MB | ratio | rebuild s | ratio "
        "| Pagefind s | peak MB | build + search s | site MB | per letter kB | 1st search kB | 2nd search kB |",
        "|" + " ---: |" * 16,
    ]
    for size in sizes:
        rows.append(archive_row(size, rounds(size, repeats)))
        print(rows[-1], flush=True)
    return (
        "## Archive builds\n\n"
        "Synthetic archives: each letter is a corpus letter with fresh Zaak and Aanhangsel numbers and its "
        "dates moved by whole months (shapes, lengths, label styles, notes and references as in the "
        "corpus). *Our build*: `mkdocs build` with the plugin converting every letter, cold (empty parse "
        "cache), search off; *rebuild*: the same build again, every letter from the parse cache. "
        "*Plain MkDocs*: the same pages, pre-converted by `kamervragen generate`, "
        "built without any plugin, in the same run. The three builds run in rounds (*rounds*: at least "
        f"{repeats}, up to 9 for small archives), each round starting with the next of them; times are "
        "medians, ratios the median of each round's ratio. "
        "*Pagefind*: indexing the built site (letter pages' "
        f"article body only) as the plugin does, in parts of {search.PART_SIZE:,} letters (time: all parts; "
        "memory: the largest part). Peak memory: the most the build's processes (MkDocs and its workers) "
        "held at once (sampled every 0.1 s as proportional set size: memory they share counted once), in one "
        "more cold build and plain build each: sampling takes CPU, so the timed builds are not sampled, and "
        "their times are exact (waited for, not polled). Search: bytes Chromium "
        "downloads for a first query, then for a second, on the built site.\n\n" + "\n".join(rows) + "\n"
    )


def fetch_table(count: int = 1000) -> str:
    """`kamervragen fetch` against the tests' OData server on 127.0.0.1 (tests/opendata_server.py),
    the rate limit off: documents per second, then a rerun that finds nothing new."""
    from datetime import UTC, datetime  # noqa: PLC0415

    from tests.opendata_server import many, serve, three_zaken  # noqa: PLC0415

    from kamervragen.fetch.client import Client, Policy  # noqa: PLC0415
    from kamervragen.fetch.run import Progress, fetch  # noqa: PLC0415

    rows = ["| archive | documents | requests | seconds | documents/s |", "| --- | ---: | ---: | ---: | ---: |"]
    for label, store in (("the tests' three Zaken (Word and PDF, 276 kB)", three_zaken()),
                         (f"{count:,} small documents (2 kB)", many(count))):  # fmt: skip
        with tempfile.TemporaryDirectory() as folder, serve(store) as server:
            content = Path(folder) / "content"
            content.mkdir()
            for run in ("first fetch", "rerun, nothing new"):
                with Client(server.root, Policy(interval=0)) as http, open(os.devnull, "w") as quiet:
                    start = time.perf_counter()
                    since = datetime(2020, 1, 1, tzinfo=UTC) if run == "first fetch" else None
                    outcome = fetch(content, http, Path(folder) / "state.json", since, progress=Progress(quiet))
                    seconds = time.perf_counter() - start
                rate = f"{outcome.downloaded / seconds:,.0f}" if outcome.downloaded else "–"
                rows.append(f"| {label}, {run} | {outcome.downloaded:,} | {http.requests:,} | {seconds:.2f} | {rate} |")
    return (
        "## Fetch\n\n`kamervragen fetch` against the tests' OData server on 127.0.0.1 (`tests/opendata_server.py`, "
        "pages of 250), the rate limit off (`--interval 0`; by default a request starts 0.5 s after the one "
        "before, so 1,000 documents take at least ~17 minutes). Client and server share the machine's cores"
        f" (load average {os.getloadavg()[0]:.1f} when measured).\n\n" + "\n".join(rows) + "\n"
    )


def engine_table(size: int, repeats: int) -> str:
    """`kamervragen build` of one synthetic archive with each engine (README, "Engines"), side by side."""
    rows = [
        "| engine | letters | rounds | build s | ratio to MkDocs | peak MB | files |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    engines = ("mkdocs", "properdocs", "zensical")
    with tempfile.TemporaryDirectory(prefix=f"bench-engines-{size}-") as folder:
        project = make_archive(Path(folder), size)
        plugin = {"kamervragen": {"pagefind": False, "cache_dir": str(project / "parse-cache")}}
        config = _config(project, "ours.yml", project / "content", [plugin])

        def build(engine: str, sample: bool = False) -> tuple[float, float]:
            shutil.rmtree(project / "parse-cache", ignore_errors=True)  # cold, as Zensical's build always is
            os.sync()
            command = [sys.executable, "-m", "kamervragen.cli", "build", "-f", str(config), "--engine", engine]
            return _run([*command, "-d", str(project / f"site-{engine}")], project, sample)

        runs: dict[str, list[float]] = {engine: [] for engine in engines}
        for turn in range(repeats):  # each round starting one later, as the archive builds do
            for engine in engines[turn % 3 :] + engines[: turn % 3]:
                runs[engine].append(build(engine)[0])
        for engine in engines:
            peak = build(engine, sample=True)[1]
            ratio = statistics.median(a / b for a, b in zip(runs[engine], runs["mkdocs"], strict=True))
            count = sum(1 for p in (project / f"site-{engine}").rglob("*") if p.is_file())
            rows.append(
                f"| {engine} | {size:,} | {repeats} | {statistics.median(runs[engine]):.1f} | {ratio:.2f}× "
                f"| {peak:.0f} | {count:,} |"
            )
            print(rows[-1], flush=True)
    return (
        "## Engines\n\n"
        "The same synthetic archive (see *Archive builds*) built by `kamervragen build --engine …`, search off, "
        "cold (no parse cache): *mkdocs* and *properdocs* run the plugin; *zensical* is `kamervragen generate` "
        'then `zensical build` and the permalink check (README, "Engines"). The three run in rounds, each '
        "round starting with the next; times are medians, the ratio the median of each round's ratio; peak "
        "memory from one more build each, sampled as in *Archive builds*; files: what the site holds.\n\n"
        + "\n".join(rows)
        + "\n"
    )


# --- a page on a phone: Lighthouse and page weight --------------------------------------------------

# Lighthouse scores a letter page, the home page and an index page (tests/test_lighthouse.py runs the
# same Lighthouse, for accessibility); the page weight is that of the letter page.
SITE_PAGES = (("letter", "2025Z04271/"), ("home", ""), ("index", "ministeries/"))
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices")
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def build_fixture_site(target: Path, tree: Path = ROOT) -> Path:
    """The tests' fixture site (tests/site_build.py) built by the source tree `tree` (this one, or an
    earlier revision's unpacked beside it, with its own src, theme and fixtures); returns its folder."""
    script = (
        "import sys; from pathlib import Path; from tests.site_build import SITE_URL, build, make_project; "
        "project = make_project(Path(sys.argv[1])); result = build(project, '--strict', site_url=SITE_URL); "
        "sys.exit(result.returncode and result.stderr[-3000:])"
    )
    environment = {**os.environ, "PYTHONPATH": f"{tree / 'src'}{os.pathsep}{tree}"}
    subprocess.run([sys.executable, "-c", script, str(target)], cwd=tree, env=environment, check=True)
    return target / "site"


def revision_site(revision: str, target: Path) -> Path:
    """The fixture site as revision `revision` built it: its tree unpacked by `git archive` (read only:
    no worktree, nothing in the repository changes), then built by its own code."""
    tree = target / "tree"
    tree.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    (target / "project").mkdir()
    return build_fixture_site(target / "project", tree)


def _sites(args: argparse.Namespace, folder: Path) -> list[tuple[str, Path]]:
    """The sites measured: (name, folder), the earlier one first when there is one."""
    sites: list[tuple[str, Path]] = []
    if args.before_site:
        sites.append((args.before_name or "before", args.before_site))
    elif args.against:
        sites.append((args.against, revision_site(args.against, folder / "before")))
    if args.site:
        sites.append(("this tree", args.site))
    else:
        (folder / "now").mkdir()
        sites.append(("this tree", build_fixture_site(folder / "now")))
    return sites


def _lighthouse_figures(report: dict[str, Any]) -> dict[str, float]:
    figures = {c: float(report["categories"][c]["score"] or 0) for c in LIGHTHOUSE_CATEGORIES}
    for name, audit in (
        ("fcp", "first-contentful-paint"),
        ("lcp", "largest-contentful-paint"),
        ("tbt", "total-blocking-time"),
        ("cls", "cumulative-layout-shift"),
    ):
        figures[name] = float(report["audits"][audit]["numericValue"])
    return figures


def lighthouse_table(
    sites: list[tuple[str, Path]], rounds: int, pages: tuple[tuple[str, str], ...] = SITE_PAGES
) -> str:
    """Lighthouse (mobile: its default form factor and simulated throttling) on each page of each
    site, served with gzip; `rounds` rounds, each page of each site once a round, the sites in turns."""
    from tests.test_lighthouse import LIGHTHOUSE, failed_audits, lighthouse  # noqa: PLC0415

    if not LIGHTHOUSE.is_file():
        subprocess.run(
            [
                "npm",
                "install",
                "--no-save",
                "--no-audit",
                "--no-fund",
                "--silent",
                "--prefix",
                str(ROOT / ".cache" / "lighthouse"),
                LIGHTHOUSE_VERSION,
            ],
            check=True,
        )
    runs: dict[tuple[str, str], list[dict[str, float]]] = {}
    losing: dict[tuple[str, str], set[str]] = {}
    with contextlib.ExitStack() as stack, tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as reports:
        hosts = {name: stack.enter_context(serve_gzip(site)) for name, site in sites}
        for round_ in range(rounds):
            order = sites if round_ % 2 == 0 else sites[::-1]
            for page_name, page in pages:
                for name, _ in order:
                    report = lighthouse(hosts[name] + page, LIGHTHOUSE_CATEGORIES, Path(reports) / "report.json")
                    runs.setdefault((name, page_name), []).append(_lighthouse_figures(report))
                    for category in LIGHTHOUSE_CATEGORIES:
                        losing.setdefault((name, page_name), set()).update(
                            f"{category}: {audit}" for audit in failed_audits(report, category)
                        )
                    print(f"round {round_ + 1}, {name}, {page_name}: {runs[name, page_name][-1]}", flush=True)
    rows = [
        "| site | page | performance | accessibility | best practices | FCP s | LCP s | TBT ms | CLS | CLS ≥ 0.1 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    notes = []
    for page_name, page in pages:
        for name, _ in sites:
            figures = runs[name, page_name]

            def median(key: str, figures: list[dict[str, float]] = figures) -> float:
                return statistics.median(f[key] for f in figures)

            rows.append(
                f"| {name} | {page_name} (`/{page}`) | {median('performance'):.2f} | {median('accessibility'):.2f} "
                f"| {median('best-practices'):.2f} | {median('fcp') / 1000:.1f} | {median('lcp') / 1000:.1f} "
                f"| {median('tbt'):.0f} | {median('cls'):.3f} "
                f"| {sum(f['cls'] >= 0.1 for f in figures)} of {len(figures)} |"
            )
            audits = sorted(losing[name, page_name])
            notes.append(f"- {name}, {page_name}: {', '.join(audits) if audits else 'none'}.")
    return (
        "## Lighthouse\n\n"
        f"Lighthouse {LIGHTHOUSE_VERSION.split('@')[1]} in Debian's Chromium, its default mobile profile "
        "(a mid-range phone, simulated slow 4G and a 4× slower CPU), on the fixture site "
        "(`tests/site_build.py`) served on 127.0.0.1 as a static host serves it (gzip for text, "
        f"`serve_gzip`). Medians of {rounds} runs per page, each round running every page of every "
        "site once, the sites in turns; the machine is shared, so single runs vary. Performance is "
        "weighted from the first and largest contentful paint (FCP, LCP), total blocking time (TBT), "
        "cumulative layout shift (CLS) and speed index. *CLS ≥ 0.1*: the runs with a poor layout shift "
        "(a shift comes or not as a script's change of the layout lands before or after the first "
        "paint, so its median alone can hide it). `scripts/bench --lighthouse` "
        "(`--against REV` or `--before-site FOLDER` for an earlier site beside it).\n\n"
        + "\n".join(rows)
        + "\n\nAudits that cost a score in any run:\n\n"
        + "\n".join(notes)
        + "\n"
    )


LIGHTHOUSE_VERSION = "lighthouse@12.8.2"  # as scripts/test installs it (12.x: 13 needs Node 22)


def _transferred(browser: Any, url: str) -> tuple[int, int]:
    """Bytes (headers and bodies as sent) and requests of everything `url` loads, in a new context
    (nothing cached), until the network is idle."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    page = context.new_page()
    finished: list[Any] = []

    def collect(request: Any) -> None:  # a bound method would do, but Playwright cannot wrap one
        finished.append(request)

    page.on("requestfinished", collect)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    total = 0
    requests = 0
    for request in finished:
        if request.url.startswith("http"):
            sizes = request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            requests += 1
    context.close()
    return total, requests


def page_weight_table(sites: list[tuple[str, Path]]) -> str:
    """What Chromium transfers for a letter page and everything it loads, from a server that
    compresses nothing and from one that gzips text as a static host does."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (only for this measurement)

    page_name, page = SITE_PAGES[0]
    rows = [
        "| site | requests | raw kB | gzip kB |",
        "| --- | ---: | ---: | ---: |",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=BROWSER_ARGS
        )
        for name, site in sites:
            with serve(site) as plain, serve_gzip(site) as compressed:
                raw, requests = _transferred(browser, plain + page)
                packed, _ = _transferred(browser, compressed + page)
            rows.append(f"| {name} | {requests} | {raw / 1000:.1f} | {packed / 1000:.1f} |")
        browser.close()
    return (
        "## Page weight\n\n"
        f"Bytes Chromium transfers for the {page_name} page `/{page}` of the fixture site and all it "
        "loads until the network is idle (response headers and bodies, nothing cached): *raw* from a "
        "server that compresses nothing, *gzip* from one that gzips text as a static host does "
        "(`serve_gzip`, tests/site_build.py). `scripts/bench --page-weight` (`--against REV` or "
        "`--before-site FOLDER` for an earlier site beside it).\n\n" + "\n".join(rows) + "\n"
    )


SEARCH_QUERY = "afhankelijkheden"


def _first_hit(browser: Any, url: str) -> float:
    """Seconds from typing a query into a freshly loaded page's search field to its first hit shown:
    this tree's field and hits, or an earlier site's Pagefind UI."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    ours = page.locator("#kv-zoekveld").count() > 0
    field, hit = ("#kv-zoekveld", ".kv-treffer") if ours else (".pagefind-ui__search-input", ".pagefind-ui__result")
    start = time.perf_counter()
    page.fill(field, SEARCH_QUERY)
    page.wait_for_selector(hit, timeout=60_000)
    seconds = time.perf_counter() - start
    context.close()
    return seconds


def search_time_table(sites: list[tuple[str, Path]], rounds: int) -> str:
    """Time to the first search hit on the home page, each site once a round, in turns."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (only for this measurement)

    times: dict[str, list[float]] = {name: [] for name, _ in sites}
    with sync_playwright() as playwright, contextlib.ExitStack() as stack:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=BROWSER_ARGS
        )
        hosts = {name: stack.enter_context(serve_gzip(site)) for name, site in sites}
        for round_ in range(rounds):
            for name, _ in sites if round_ % 2 == 0 else sites[::-1]:
                times[name].append(_first_hit(browser, hosts[name]))
        browser.close()
    rows = ["| site | median ms | min ms | max ms |", "| --- | ---: | ---: | ---: |"]
    rows += [
        f"| {name} | {statistics.median(t) * 1000:.0f} | {min(t) * 1000:.0f} | {max(t) * 1000:.0f} |"
        for name, t in times.items()
    ]
    return (
        "## Time to the first search hit\n\n"
        f"From typing `{SEARCH_QUERY}` into the search field of the fixture site's home page, loaded "
        "and idle in a new browser context (nothing cached, served with gzip on 127.0.0.1), to its first "
        "hit on the screen: this tree loads the search (its script, Pagefind, the index and its filters) "
        "then, an earlier site had loaded Pagefind's UI with the page. "
        f"{rounds} rounds, the sites in turns. `scripts/bench --search-time`.\n\n" + "\n".join(rows) + "\n"
    )


def site_tables(args: argparse.Namespace) -> list[str]:
    """--page-weight and --lighthouse: the sections, each printed as it is measured."""
    sections = []
    with tempfile.TemporaryDirectory(prefix="bench-site-") as folder:
        sites = _sites(args, Path(folder))
        if args.page_weight:
            sections.append(page_weight_table(sites))
            print(sections[-1], flush=True)
        if args.lighthouse:
            sections.append(lighthouse_table(sites, args.lighthouse_rounds))
            print(sections[-1], flush=True)
        if args.search_time:
            sections.append(search_time_table(sites, args.search_rounds))
            print(sections[-1], flush=True)
    return sections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--sizes", default="", help="archive sizes to build, e.g. 100,1000,10000")
    parser.add_argument("--build-repeats", type=int, default=3, help="rounds of the three builds, at least")
    parser.add_argument("--scaling", action="store_true", help="conversion time of letters of 1.25 to 10 MB")
    parser.add_argument("--scaling-repeats", type=int, default=3)
    parser.add_argument("--adversarial", action="store_true", help="conversion time of hostile 1 MB letters")
    parser.add_argument("--adversarial-repeats", type=int, default=3)
    parser.add_argument("--fetch", action="store_true", help="fetch throughput against the tests' OData server")
    parser.add_argument("--no-converter", action="store_true", help="leave the converter table as it is")
    parser.add_argument("--engines", type=int, default=0, help="build N letters with each engine (e.g. 1000)")
    parser.add_argument("--against", default="", help="compare the converter with this git revision's")
    parser.add_argument("--against-rounds", type=int, default=8)
    parser.add_argument("--lighthouse", action="store_true", help="Lighthouse (mobile) on the fixture site's pages")
    parser.add_argument("--lighthouse-rounds", type=int, default=3)
    parser.add_argument("--page-weight", action="store_true", help="bytes a letter page transfers, raw and gzip")
    parser.add_argument("--search-time", action="store_true", help="time from typing a query to its first hit")
    parser.add_argument("--search-rounds", type=int, default=7)
    parser.add_argument("--site", type=Path, help="a built site to measure (else the fixture site is built)")
    parser.add_argument("--before-site", type=Path, help="an earlier built site, measured beside it")
    parser.add_argument("--before-name", default="", help="its name in the tables (e.g. its revision)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    # The package measured has its bytecode, as MkDocs and every package pip installs have theirs (an
    # editable install under PYTHONDONTWRITEBYTECODE would compile it again in every build).
    compileall.compile_dir(Path(kamervragen.__file__).parent, quiet=1)
    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}"
    )
    # --lighthouse and --page-weight measure the site (with --against, beside that revision's site), and
    # leave the converter's tables as they are.
    site_only = args.lighthouse or args.page_weight or args.search_time
    sections = [] if args.no_converter or site_only else [converter_table(args.repeats)]
    if sections:
        print(sections[-1], flush=True)
    if site_only:
        sections.extend(site_tables(args))
    elif args.against:
        sections.append(against_table(args.against, args.against_rounds, 15))
        print(sections[-1], flush=True)
    if args.fetch:
        sections.append(fetch_table())
        print(sections[-1], flush=True)
    if args.scaling:
        sections.append(scaling_table(args.scaling_repeats))
    if args.adversarial:
        sections.append(adversarial_table(args.adversarial_repeats))
    if args.sizes:
        sections.append(archive_table([int(s) for s in args.sizes.split(",")], args.build_repeats))
    if args.engines:
        sections.append(engine_table(args.engines, args.build_repeats))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    args.out.write_text(_merge_sections(old, sections, machine), encoding="utf-8")


def _merge_sections(old: str, new: list[str], machine: str) -> str:
    """The benchmark file with the sections just measured replaced (or added); the others are kept,
    each with the machine and date it was measured on."""
    stamp = f"Machine: {machine}. Measured {time.strftime('%Y-%m-%d')}.\n\n"
    sections = {part.split("\n", 1)[0]: "## " + part for part in re.split(r"^## ", old, flags=re.MULTILINE)[1:]}
    for section in new:
        heading, body = section.split("\n", 1)
        sections[heading.removeprefix("## ")] = f"{heading}\n\n{stamp}{body.lstrip()}"
    return "# Benchmarks\n\n" + "\n".join(s.rstrip() + "\n" for s in sections.values())


if __name__ == "__main__":
    main()
