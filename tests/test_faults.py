"""Builds under faults: a swap that is never without a site, workers that die with a killed build,
and a search index that is checked, not trusted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kamervragen.site import generate, search
from kamervragen.site.generate import recover, swap
from kamervragen.site.publish import BuildFailed, build_site

from .site_build import make_project
from .test_publish import BROKEN, _snapshot, built  # noqa: F401  (the fixture)


def _folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "index.html").write_text(text)
    return path


@pytest.mark.parametrize("atomic", [True, False], ids=["exchange", "two-renames"])
def test_a_swap_replaces_the_site_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atomic: bool) -> None:
    if not atomic:
        monkeypatch.setattr(generate, "_exchange", lambda first, second: False)
    target = _folder(tmp_path / "site", "oud")
    new = _folder(tmp_path / ".site.partial-1-x", "nieuw")
    swap(new, target)
    assert (target / "index.html").read_text() == "nieuw"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_exchange_is_one_step_on_this_system(tmp_path: Path) -> None:
    """No moment without a site: the kernel exchanges the folders (Linux renameat2)."""
    first, second = _folder(tmp_path / "a", "a"), _folder(tmp_path / "b", "b")
    assert generate._exchange(first, second)
    assert (first / "index.html").read_text() == "b"
    assert (second / "index.html").read_text() == "a"


def test_a_swap_killed_between_its_renames_is_mended_by_the_next_build(built: Path) -> None:  # noqa: F811
    site = built / "site"
    before = _snapshot(site)
    site.rename(built / ".site.old")  # killed after the first rename: no site/ in place
    recover(site)
    assert _snapshot(site) == before
    site.rename(built / ".site.old")
    (built / "content" / "letters" / "broken.txt").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(BuildFailed):  # even a build that fails puts the old site back first
        build_site(built / "mkdocs.yml", strict=True, site_dir=site)
    assert _snapshot(site) == before


def test_an_index_pagefind_wrote_empty_is_a_failed_build(
    built: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    site = built / "site"
    before = _snapshot(site)
    (built / "content" / "letters" / "2025Z04271.txt").unlink()  # the next site would differ
    real = search.commands

    def full_disk(folder: str, parts: object) -> list[list[str]]:
        # Pagefind on a full disk: exit 0, the files there but empty
        script = "import pathlib,sys; p=pathlib.Path(sys.argv[1])/'pagefind'; p.mkdir(exist_ok=True); "
        script += "(p/'pagefind-entry.json').write_text(''); (p/'pagefind.js').write_text('')"
        return [[sys.executable, "-c", script, folder] for _ in real(folder, parts)]  # type: ignore[arg-type]

    monkeypatch.setattr(search, "commands", full_disk)
    with pytest.raises(BuildFailed, match=r"the previous site .* is unchanged"):
        build_site(built / "mkdocs.yml", site_dir=site)
    assert "pagefind wrote no readable index" in caplog.text
    assert _snapshot(site) == before


def test_check_output_reads_every_file(tmp_path: Path) -> None:
    folder = tmp_path / "pagefind"
    folder.mkdir()
    (folder / "pagefind-entry.json").write_text(json.dumps({"version": "1", "languages": {}}))
    (folder / "fragment").mkdir()
    (folder / "fragment" / "a.pf_fragment").write_bytes(b"x")
    assert search.check_output(folder) == []
    (folder / "fragment" / "b.pf_fragment").write_bytes(b"")
    assert search.check_output(folder) == [
        f"pagefind wrote empty files in {folder}: fragment/b.pf_fragment; is the disk full?"
    ]


WORKERS = """
import os, signal, sys, time
from concurrent.futures import ProcessPoolExecutor
from kamervragen.processes import die_with_parent
pool = ProcessPoolExecutor(2, initializer=die_with_parent)
pids = {pool.submit(os.getpid).result() for _ in range(8)}
print(" ".join(map(str, sorted(pids))), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # the build is killed: no shutdown, no closed pipes
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


def _killed_build(script: str, folder: Path) -> list[int]:
    """Run a parent that forks workers and is killed; the worker pids. Output goes to a file: a
    worker left alive would hold a pipe open, and waiting for the pipe's end would hang the test."""
    out = folder / "pids"
    with out.open("w") as handle:
        process = subprocess.run([sys.executable, "-c", script], stdout=handle, stderr=subprocess.DEVNULL, check=False)
    assert process.returncode == -signal.SIGKILL
    return [int(p) for p in out.read_text().split()]


def test_workers_die_with_a_killed_build(tmp_path: Path) -> None:
    pids = _killed_build(WORKERS, tmp_path)
    assert pids
    for _ in range(100):  # the kernel signals them at once; allow the scheduler a moment (at most 10 s)
        if not any(_alive(pid) for pid in pids):
            break
        time.sleep(0.1)
    assert not [pid for pid in pids if _alive(pid)]


def test_workers_without_the_signal_would_have_lived(tmp_path: Path) -> None:
    """The test above can fail: without die_with_parent a killed parent's worker lives on."""
    pids = _killed_build(WORKERS.replace("initializer=die_with_parent", "initializer=None"), tmp_path)
    time.sleep(0.5)
    alive = [pid for pid in pids if _alive(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive


def test_generate_copies_no_letter_file_and_no_link(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    content = project / "content"
    (content / "letters" / "woord.docm").write_bytes(b"PK macros")
    (content / "omgeving.png").symlink_to("/proc/self/environ")
    out = tmp_path / "docs"
    generate.generate(content, out)
    assert not list(out.rglob("*.docm"))
    assert not (out / "omgeving.png").exists()
    assert not [p for p in out.rglob("*") if p.is_symlink()]
    text = (out / "letters" / "hostile-docx.txt").read_text(encoding="utf-8")
    assert text.startswith("Wat doet <script>")
