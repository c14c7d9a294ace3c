"""Parse cache: letters read and structured once per content, in memory and optionally on disk.

A rebuild after changing one letter parses one letter (`mkdocs serve` keeps the memory; a folder
keeps it between builds). The key covers the letter's name and bytes and the converter's own source,
so a change to either is never served from the cache.
"""

from __future__ import annotations

import hashlib
import pickle
from functools import cache
from pathlib import Path

from .convert import Conversion, parse_bytes


@cache
def converter_fingerprint() -> str:
    """A hash of every source file of the converter: a new version never reads an old entry."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


class ParseCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.memory: dict[str, Conversion] = {}
        self.folder = folder
        self.parsed = 0  # letters actually parsed, not served from the cache

    def parse(self, data: bytes, name: str) -> Conversion:
        key = hashlib.sha256(converter_fingerprint().encode() + name.encode() + b"\0" + data).hexdigest()
        if key in self.memory:
            return self.memory[key]
        stored = self.folder / f"{key}.pickle" if self.folder else None
        if stored is not None and stored.is_file():
            conversion: Conversion = pickle.loads(stored.read_bytes())  # our own cache folder
        else:
            conversion = parse_bytes(data, name)
            self.parsed += 1
            if stored is not None:
                stored.parent.mkdir(parents=True, exist_ok=True)
                temporary = stored.with_suffix(".tmp")
                temporary.write_bytes(pickle.dumps(conversion, protocol=pickle.HIGHEST_PROTOCOL))
                temporary.replace(stored)
        self.memory[key] = conversion
        return conversion
