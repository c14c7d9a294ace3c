"""Generator: content folder → a complete docs folder of Markdown pages, independent of any builder.

It copies the hand-written pages, the source letters (for download) and assets, and writes every
generated page and published file (feeds, open data, statistics) beside them; another builder that
reads mkdocs.yml (Zensical) can build the result. The new folder is written beside the old one and
swapped in whole.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .archive import Archive, load_archive
from .extras import extra_files
from .pages import site_pages

HOME = "index.md"


def home_text(content: Path) -> str | None:
    home = content / HOME
    return home.read_text(encoding="utf-8") if home.is_file() else None


def generate(content: Path, out: Path, site_name: str = "Kamervragen", site_url: str | None = None) -> Archive:
    archive = load_archive(content)
    pages: dict[str, str | bytes] = {**site_pages(archive, home_text(content), site_url=site_url)}
    pages.update(extra_files(archive, site_name, site_url))
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        shutil.copytree(content, staging, dirs_exist_ok=True)
        for path, markdown in pages.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(markdown.encode() if isinstance(markdown, str) else markdown)
        swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return archive


def swap(new: Path, target: Path) -> None:
    """Replace `target` by `new`; the old folder is removed only once the new one is in place."""
    if not target.exists():
        new.rename(target)
        return
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
