"""Generator: content folder → a complete docs folder of Markdown pages, independent of any builder.

It copies the hand-written pages and assets (never a letter's own file, nor a link: see sources.py),
and writes every generated page and published file (feeds, open data, statistics, each letter's
text for download) beside them; another builder that
reads mkdocs.yml (Zensical) can build the result. The new folder is written beside the old one and
swapped in whole.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path

from ..fetch.record import RECORD
from .archive import CORRECTIONS, LEDGER, REDIRECTS, Archive, load_archive
from .extras import extra_files
from .pages import site_pages
from .sources import is_working_file, source_makers

HOME = "index.md"


def home_text(content: Path) -> str | None:
    home = content / HOME
    return home.read_text(encoding="utf-8") if home.is_file() else None


def generate(content: Path, out: Path, site_name: str = "Kamervragen", site_url: str | None = None) -> Archive:
    archive = load_archive(content)
    pages: dict[str, str | bytes] = {**site_pages(archive, home_text(content), site_url=site_url)}
    pages.update(extra_files(archive, site_name, site_url))
    pages.update({path: make() for path, make in source_makers(archive).items()})
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        shutil.copytree(content, staging, dirs_exist_ok=True, ignore=_unpublished)
        for path, markdown in pages.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(markdown.encode() if isinstance(markdown, str) else markdown)
        swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return archive


def _unpublished(folder: str, names: list[str]) -> set[str]:
    """What of a content folder is never copied: the letters' own files and symbolic links."""
    skipped = {n for n in names if is_working_file(n) or os.path.islink(os.path.join(folder, n))} - {LEDGER, REDIRECTS}
    return skipped | ({CORRECTIONS, RECORD} & set(names))  # data for reading the letters


def swap(new: Path, target: Path) -> None:
    """Replace `target` by `new` in one step, so that no moment is without either: the kernel
    exchanges the two folders (Linux renameat2, RENAME_EXCHANGE); elsewhere by two renames, and a
    kill between them is mended by the next build (`recover`). The old folder is removed last."""
    recover(target)
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):  # `target` is the new folder now, `new` the old one
        shutil.rmtree(new, ignore_errors=True)
        return
    old = _old(target)
    shutil.rmtree(old, ignore_errors=True)
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _old(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def recover(target: Path) -> None:
    """A swap killed between its two renames left the old folder aside and none in place: put it back."""
    old = _old(target)
    if not target.exists() and old.is_dir():
        old.rename(target)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system cannot (then nothing was changed)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return int(result) == 0
