"""Builds a real site (MkDocs with the plugin, Pagefind) from fixture letters into a temporary folder."""

from __future__ import annotations

import contextlib
import functools
import gzip
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


# --- served as a static host serves it ------------------------------------------------------------

# What a static host (GitHub Pages, Netlify, nginx's gzip_types) compresses: text, scripts, JSON, XML
# and SVG. Pagefind's index files (.pf_meta, .pf_fragment, .pf_index, .pagefind) are gzip already.
_COMPRESSED_TYPES = re.compile(r"text/|application/(?:javascript|json|xml|atom\+xml|manifest\+json)|image/svg\+xml")
_CHARSET_TYPES = re.compile(r"text/|application/(?:javascript|json|xml|atom\+xml)|image/svg\+xml")


_EXTENSIONS = {
    **http.server.SimpleHTTPRequestHandler.extensions_map,
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
}
_GZIPPED: dict[tuple[str, int], bytes] = {}  # (path, mtime_ns): its compressed body, for every server


class _StaticHost(_Quiet):
    """GET and HEAD as a static host answers them: HTTP/1.1 with keep-alive, Content-Type with the
    charset of text, gzip for text types when the client accepts it (Vary: Accept-Encoding), a short
    Cache-Control as GitHub Pages sends, and the site's 404.html with status 404 for a missing file."""

    protocol_version = "HTTP/1.1"
    extensions_map = _EXTENSIONS

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        path = Path(self.translate_path(self.path))
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        data = path.read_bytes() if path.is_file() else b"Not found"
        content_type = self.guess_type(str(path)) if path.is_file() else "text/plain"
        if _CHARSET_TYPES.match(content_type):
            content_type += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if _COMPRESSED_TYPES.match(content_type):
            self.send_header("Vary", "Accept-Encoding")
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                key = (str(path), path.stat().st_mtime_ns if path.is_file() else 0)
                if key not in _GZIPPED:
                    _GZIPPED[key] = gzip.compress(data, compresslevel=6, mtime=0)
                data = _GZIPPED[key]
                self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        if body:
            self.wfile.write(data)


@contextlib.contextmanager
def serve_gzip(folder: Path) -> Iterator[str]:
    """`folder` served on 127.0.0.1 as a static host serves a site (see _StaticHost: gzip for text,
    404.html for a missing page); yields its root URL (ending in /). For measuring what a reader's
    browser transfers and how fast a page loads (tests/test_lighthouse.py, scripts/bench --lighthouse)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_StaticHost, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
