"""Zaak pages and their published data, made while MkDocs renders: each Zaak's letters linked,
its page written and rendered by worker processes just ahead of MkDocs asking for it, or in this
process.

MkDocs renders pages one after another on one core; linking a Zaak's letters, writing its page and
its data, rendering the page (site/rendering.py) and checking newly parsed letters (the
conservation check) take the other cores meanwhile. Workers are forked once MkDocs' files are
final, so they share the archive and the files instead of receiving them; what comes back is text.
Under `mkdocs serve` (no workers there) everything made is kept in the parse cache's memory by the
key of its inputs, so a rebuild makes again only what changed.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from typing import TypeVar

from ..cache import ParseCache, digest
from ..diagnostics import Diagnostic
from ..processes import die_with_parent
from .archive import Archive, Case, link_case
from .opendata import Published, published
from .pages import IndexNames, case_page, case_path, index_names, linked_names
from .rendering import Rendered

CHUNK = 8  # Zaken per task: a task's round trip stays small beside its work
# Workers yield to MkDocs' own process, which waits for their pages, then renders the other pages
# and writes the site while they check letters: a niced worker takes what MkDocs leaves of the cores.
NICE = 10


@dataclass(frozen=True, slots=True)
class Made:
    """What one Zaak publishes: its page, its data, and what linking its letters reported."""

    page: str  # Markdown
    published: Published
    diagnostics: tuple[Diagnostic, ...]


def make(case: Case, site: Mapping[str, str], site_name: str, site_url: str | None, names: IndexNames) -> Made:
    """One Zaak of an unlinked archive: its letters linked, its page (its facts linking the index
    pages `names` gives) and its data written."""
    linked, diagnostics = link_case(case, site)
    return Made(case_page(linked, site_url, names), published(linked, site_name, site_url), diagnostics)


@dataclass(frozen=True, slots=True)
class _Job:
    """What the workers work on: set before they are forked, so it is inherited, never sent."""

    cases: Sequence[Case]
    site: Mapping[str, str]
    site_name: str
    site_url: str | None
    names: IndexNames
    cache: ParseCache
    extras: Mapping[str, Callable[[], str]]
    render: Render | None


Render = Callable[[str, str], Rendered | None]  # a page's path and Markdown → it rendered, by MkDocs
_job: _Job | None = None
T = TypeVar("T")


def _worker_start() -> None:
    die_with_parent()  # a killed build takes its workers with it
    os.nice(NICE)
    # Forked while the plugin reads the archive with the garbage collector off; what the archive holds
    # is frozen (never walked), what a worker makes is collected as usual.
    gc.enable()


def _make_chunk(indices: list[int]) -> list[tuple[Made, Rendered | None]]:
    assert _job is not None
    job = _job
    made = [(i, make(job.cases[i], job.site, job.site_name, job.site_url, job.names)) for i in indices]
    return [(m, job.render(case_path(job.cases[i]), m.page) if job.render else None) for i, m in made]


def _extras_chunk(paths: list[str]) -> list[str]:
    assert _job is not None
    return [_job.extras[path]() for path in paths]


def _check_chunk(names: list[str]) -> list[tuple[str, tuple[Diagnostic, ...]]]:
    assert _job is not None
    return [(name, _job.cache.check(name)) for name in names]


def parallel(workers: int) -> bool:
    """Whether `workers` processes can be used: forking shares the archive with them."""
    return workers > 1 and "fork" in multiprocessing.get_all_start_methods()


def _chunks(items: Sequence[T]) -> list[list[T]]:
    return [list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]


class Production:
    """Every Zaak's `Made`, by its place in the archive (asked for in that order, as MkDocs renders):
    made ahead by workers, else here when asked for. With `render` the workers render each page they
    make too (`take_rendered`). Then the `extras` (index pages, feeds: files made of the whole
    archive, which MkDocs reads after the Zaak pages), the same way. Letters the cache holds
    unchecked are checked by the workers last (`finish`). With `keep` (for `mkdocs serve`) each
    Zaak's `Made` is kept in the cache's memory, and a rebuild takes from it every Zaak whose inputs
    have not changed."""

    def __init__(
        self,
        archive: Archive,
        site_name: str,
        site_url: str | None,
        cache: ParseCache,
        workers: int,
        keep: bool = True,
        extras: Mapping[str, Callable[[], str]] | None = None,
        render: Render | None = None,
    ) -> None:
        assert not archive.linked, "the Zaken are linked as they are made"
        self.archive, self.site_name, self.site_url, self.cache, self.keep = archive, site_name, site_url, cache, keep
        # the index pages a Zaak page links to are named over the whole archive ("jansen-2"): made once
        self.names = index_names(archive.cases)
        self.keys = [
            digest(
                "made",
                c.id,
                site_name,
                site_url or "",
                *(f"{d.source} {d.key}" for d in c.files),  # a copy's download is listed on the page
                *linked_names(c, self.names),
            )
            for c in archive.cases
        ]
        self.made: dict[int, Made] = {}
        self.given: set[int] = set()  # pages handed to MkDocs and, without `keep`, forgotten here
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[tuple[list[int], Future[list[tuple[Made, Rendered | None]]]]] = deque()  # in order
        self.render = render
        self.rendered: dict[int, Rendered] = {}  # pages rendered by the workers, until taken
        self.checks: list[Future[list[tuple[str, tuple[Diagnostic, ...]]]]] = []
        self.extras = dict(extras or {})
        self.extras_made: dict[str, str] = {}  # made ahead, until given
        self.extras_pending: deque[tuple[list[str], Future[list[str]]]] = deque()
        missing = [i for i, key in enumerate(self.keys) if key not in cache.derived]
        if parallel(workers) and (missing or cache.unchecked or self.extras):
            self._start(workers, missing)

    def _start(self, workers: int, missing: list[int]) -> None:
        global _job  # noqa: PLW0603  (inherited by the workers, forked at the first task)
        cases, site = self.archive.cases, self.archive.site
        _job = _Job(cases, site, self.site_name, self.site_url, self.names, self.cache, self.extras, self.render)
        try:
            context = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(workers, context, initializer=_worker_start)
            self.pending.extend((chunk, self.pool.submit(_make_chunk, chunk)) for chunk in _chunks(missing))
            self.extras_pending.extend((c, self.pool.submit(_extras_chunk, c)) for c in _chunks(list(self.extras)))
            self.checks = [self.pool.submit(_check_chunk, names) for names in _chunks(sorted(self.cache.unchecked))]
        finally:
            _job = None

    def get(self, index: int) -> Made:
        if index in self.made:
            return self.made[index]
        kept = self.cache.derived.get(self.keys[index])
        if isinstance(kept, Made):
            self.made[index] = kept
            return kept
        while index not in self.made and self.pending:
            chunk, future = self.pending.popleft()  # a worker that died fails the build here, loudly
            for i, (item, rendered) in zip(chunk, future.result(), strict=True):
                self._add(i, item)
                if rendered is not None and self.render is not None:
                    self.rendered[i] = rendered
        if index not in self.made:
            self._add(index, self._make(index))
        return self.made[index]

    def page(self, index: int) -> str:
        """A Zaak's page, for MkDocs, which reads it once and keeps its own copy: without `keep` it
        is forgotten here once given (asked for again, it is made again)."""
        if index in self.given and not self.keep:
            return self._make(index).page
        made = self.get(index)
        self.given.add(index)
        if not self.keep:
            self.made[index] = replace(made, page="")
        return made.page

    def take_rendered(self, index: int) -> Rendered | None:
        """A Zaak page as a worker rendered it, once (MkDocs keeps it); None when no worker did."""
        self.get(index)
        return self.rendered.pop(index, None)

    def stop_rendering(self) -> None:
        """Pages rendered by the workers will not be taken (the files changed after they forked)."""
        self.render = None
        self.rendered.clear()

    def extra(self, path: str) -> str:
        """One of the `extras`, made ahead or now. Given once (MkDocs keeps what it reads), so not kept."""
        while path not in self.extras_made and self.extras_pending:
            paths, future = self.extras_pending.popleft()
            self.extras_made.update(zip(paths, future.result(), strict=True))
        made = self.extras_made.pop(path, None)
        return self.extras[path]() if made is None else made

    def _make(self, index: int) -> Made:
        return make(self.archive.cases[index], self.archive.site, self.site_name, self.site_url, self.names)

    def _add(self, index: int, made: Made) -> None:
        self.made[index] = made
        self.cache.made += 1
        if self.keep:
            self.cache.derived[self.keys[index]] = made

    def all(self) -> list[Made]:
        return [self.get(i) for i in range(len(self.keys))]

    def finish(self) -> tuple[Diagnostic, ...]:
        """Wait for the workers: every Zaak made, every new letter checked. The diagnostics of
        linking every Zaak, then the warnings of the checks (each letter's in its cached form now)."""
        diagnostics = [d for made in self.all() for d in made.diagnostics]
        checked = dict(item for future in self.checks for item in future.result())
        for name in sorted(set(self.cache.unchecked) - set(checked)):  # without workers, here
            checked[name] = self.cache.check(name)
        for name, warnings in sorted(checked.items()):
            self.cache.checked(name, warnings)
            diagnostics.extend(warnings)
        self.close()
        return tuple(diagnostics)

    def close(self) -> None:
        """Stop the workers (after `finish`, or when the build failed: then letters left unchecked
        are forgotten, to be parsed again by the next build)."""
        self.cache.forget_unchecked()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.pending.clear()
        self.extras_pending.clear()
        self.rendered.clear()
