"""Writing files whole: every stage that writes a file (convert, ledger, fetch) does it this way."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_whole(target: Path, text: str, suffix: str = ".tmp") -> None:
    """Beside the target (a hidden name ending in `suffix`), then renamed: a reader sees the old file
    or the new one, never half; a failed write leaves nothing behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
