"""Builds a real site (MkDocs with the plugin, Pagefind) from fixture letters into a temporary folder."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def site_letters() -> list[Path]:
    """The corpus letters the fixture site is built from: all text letters but the older pypdf
    collection (vergaderjaar 2022–2024), which serves the evaluation (scripts/evaluate) and the
    golden structure summaries, so that the site's feeds, statistics and ledger stay as checked."""
    return [p for p in sorted((FIXTURES / "corpus").glob("*/*.txt")) if not OLDER_COLLECTION.match(p.name)]


OLDER_COLLECTION = re.compile(r"ah-tk-(?:20222023|20232024)-")


def make_project(target: Path, extra_letters: dict[str, str] | None = None) -> Path:
    """A project folder: the repository's mkdocs.yml and theme, content from the fixtures."""
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", target / "theme")
    content = target / "content"
    (content / "letters").mkdir(parents=True)
    for page in ("index.md", "over.md"):
        shutil.copy(ROOT / "content" / page, content / page)
    for letter in site_letters():
        shutil.copy(letter, content / "letters" / letter.name)
    shutil.copy(FIXTURES / "site" / "hostile-docx.txt", content / "letters" / "hostile-docx.txt")
    for name, text in (extra_letters or {}).items():
        (content / "letters" / name).write_text(text, encoding="utf-8")
    return target


SITE_URL = "https://kamervragen.test/"  # the published address of the session's site (tests/conftest.py)


def build(
    project: Path, *args: str, tool: str = "kamervragen", site_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`kamervragen build` (what scripts/build runs), or `mkdocs build` itself with tool="mkdocs";
    `site_url` is given as mkdocs.yml reads it, from KAMERVRAGEN_SITE_URL (else the site has none)."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("KAMERVRAGEN_SITE_URL", None)
    if site_url:
        environment["KAMERVRAGEN_SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", tool, "build", "--site-dir", str(project / "site"), *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A real HTTP server for `folder` on 127.0.0.1; yields its root URL (ending in /)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
