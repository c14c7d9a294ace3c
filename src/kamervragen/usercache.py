"""The user's cache folder: files derived once from installed packages' data, shared by every build.

Each file's name carries a digest of what it was derived from, so a new package version writes a new
file; a file is written whole or not at all, so processes that derive it at once never read half.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def cache_folder() -> Path:
    """Where derived files of installed packages go: $XDG_CACHE_HOME/kamervragen, as pip's own."""
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(home) / "kamervragen"


def derived_path(stem: str, source: bytes, suffix: str = ".txt") -> Path:
    """The file derived from `source` ("words-nl" → words-nl-<digest>.txt): a new source, a new file."""
    return cache_folder() / f"{stem}-{hashlib.sha256(source).hexdigest()[:16]}{suffix}"


def write_whole(path: Path, data: bytes) -> None:
    """Whole or not at all: processes that write the same file at once each rename a full one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as file:
        file.write(data)
    os.chmod(file.name, 0o644)  # readable as any cached file, not private as a temporary one
    Path(file.name).replace(path)
