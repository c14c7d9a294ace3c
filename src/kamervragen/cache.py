"""Parse cache: letters read and structured once per content, in memory and optionally on disk.

A rebuild after changing one letter parses one letter (`mkdocs serve` keeps the memory; a folder
keeps it between builds). The key covers the letter's name and bytes and the converter's own source,
so a change to either is never served from the cache. What is made from parsed letters (a Zaak's
page and data, site/production.py) can be kept in memory by a key of everything it is made from.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import cache, partial
from pathlib import Path

from .convert import Conversion, Source, checked, parse_bytes, parse_unchecked
from .diagnostics import Diagnostic
from .processes import die_with_parent


@cache
def converter_fingerprint() -> str:
    """A hash of every source file of the converter: a new version never reads an old entry."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


PARALLEL_FROM = 50  # letters to parse before it pays to start worker processes (2 cores: 100 letters 0.12 → 0.10 s)


class ParseCache:
    def __init__(self, folder: Path | None = None) -> None:
        self.memory: dict[str, Conversion] = {}
        self.derived: dict[str, object] = {}  # what is made of letters (a Zaak's page), by its inputs' key
        self.keys: dict[str, str] = {}  # letter name → the key of its bytes, as last parsed
        # Letters parsed without their conservation check, which runs later (`check`), by name: what
        # the check needs. Neither in the folder nor final in memory until checked.
        self.unchecked: dict[str, Source] = {}
        self.folder = folder
        self.parsed = 0  # letters actually parsed, not served from the cache
        self.made = 0  # Zaak pages actually made (site/production.py), not taken from `derived`

    def parse(self, data: bytes, name: str) -> Conversion:
        return self.parse_all({name: data})[name]

    def parse_all(self, letters: Mapping[str, bytes], defer_checks: bool = False) -> dict[str, Conversion]:
        """Every letter parsed, from the cache where it can be; the others on all cores.

        With `defer_checks` a new letter is parsed without the conservation check (the larger part of
        parsing); `check` runs it later, in the MkDocs plugin while MkDocs renders."""
        keys = {name: _key(name, data) for name, data in letters.items()}
        self.keys.update(keys)
        for key in keys.values():
            stored = self._stored(key)
            if key not in self.memory and stored is not None and stored.is_file():
                self.memory[key] = pickle.loads(stored.read_bytes())  # our own cache folder
        missing = [name for name in letters if keys[name] not in self.memory]
        parsed = _parse_many([(letters[n], n) for n in missing], check=not defer_checks)
        for name, (conversion, source) in zip(missing, parsed, strict=True):
            self.memory[keys[name]] = conversion
            self.parsed += 1
            if source is not None:
                self.unchecked[name] = source
            else:
                self._store(keys[name], conversion)
        return {name: self.memory[keys[name]] for name in letters}

    def check(self, name: str) -> tuple[Diagnostic, ...]:
        """The conservation check of an unchecked letter: its warnings. The letter, checked, is stored
        in the folder. Runs in a worker process as well as here: what it changes in memory is
        `checked`'s work, in the process that keeps the cache."""
        key = self.keys[name]
        unchecked = self.memory[key]
        full = checked(unchecked, self.unchecked[name])
        self._store(key, full)
        return full.diagnostics[len(unchecked.diagnostics) :]

    def checked(self, name: str, warnings: tuple[Diagnostic, ...]) -> None:
        """Record the outcome of `check`: the letter in memory gets its warnings."""
        del self.unchecked[name]
        key = self.keys[name]
        unchecked = self.memory[key]
        self.memory[key] = replace(unchecked, diagnostics=unchecked.diagnostics + warnings)

    def forget_unchecked(self) -> None:
        """Drop the letters still unchecked (a build that stopped): the next build parses them again."""
        for name in self.unchecked:
            self.memory.pop(self.keys[name], None)
        self.unchecked.clear()

    def _stored(self, key: str) -> Path | None:
        return self.folder / f"{key}.pickle" if self.folder else None

    def _store(self, key: str, conversion: Conversion) -> None:
        stored = self._stored(key)
        if stored is None:
            return
        stored.parent.mkdir(parents=True, exist_ok=True)
        temporary = stored.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps(conversion, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(stored)


def digest(*parts: str) -> str:
    """A cache key for a value made from these parts (keys of letters, pages, the site map)."""
    return hashlib.sha256("\0".join((converter_fingerprint(), *parts)).encode()).hexdigest()


def _key(name: str, data: bytes) -> str:
    return hashlib.sha256(converter_fingerprint().encode() + name.encode() + b"\0" + data).hexdigest()


def _parse_one(item: tuple[bytes, str], check: bool = True) -> tuple[Conversion, Source | None]:
    """A parsed letter, and without `check` what its conservation check needs later."""
    if check:
        return parse_bytes(*item), None
    return parse_unchecked(*item)


def _parse_many(items: list[tuple[bytes, str]], check: bool) -> list[tuple[Conversion, Source | None]]:
    """Parse letters, in worker processes (one per core) when there are enough to pay for them."""
    workers = min(os.cpu_count() or 1, 8)
    if len(items) < PARALLEL_FROM or workers < 2:
        return [_parse_one(item, check) for item in items]
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent) as pool:
        return list(
            pool.map(partial(_parse_one, check=check), items, chunksize=max(1, min(16, len(items) // (workers * 4))))
        )
