"""Zaak pages rendered to HTML by MkDocs' own `Page.render`, in the worker processes that make them.

MkDocs renders every page's Markdown in its own process, one page after another: two thirds of a
plain build of an archive. The workers that make the Zaak pages (site/production.py) are forked once
MkDocs' files are final, so each can render its pages exactly as MkDocs would: same config, same
files, MkDocs' own code. MkDocs' process then takes the result (`ZaakPage.render`) instead of
rendering the page again: HTML, table of contents, title, anchors for MkDocs' anchor validation,
and what rendering logged, logged again in MkDocs' process (so `--strict` counts its warnings).

A result is taken only when it was rendered from the very Markdown MkDocs has for the page after
every plugin's `on_page_markdown`, and the files are still those the workers were forked with;
otherwise MkDocs renders the page itself, as it would without us.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents
from mkdocs.utils.meta import get_data

Record = tuple[str, int, str]  # a log record: logger's name, level, message


@dataclass(frozen=True, slots=True)
class Rendered:
    """A page as `Page.render` leaves it, rendered in a worker."""

    source: bytes  # digest of the Markdown it was rendered from (front matter taken off)
    content: str  # the HTML
    toc: TableOfContents
    title: str | None  # of the page's first heading, when the front matter gives none
    present_anchor_ids: frozenset[str]  # ids on the page, for MkDocs' anchor validation
    links_to_anchors: dict[str, dict[str, str]] | None  # linked file's src_uri → anchor → link as written
    records: tuple[Record, ...]  # what rendering logged


def source_digest(markdown: str) -> bytes:
    return hashlib.blake2b(markdown.encode(), digest_size=16).digest()


def files_state(files: Files) -> bytes:
    """What of the files a page's links resolve against: a digest, compared before a result is taken."""
    state = hashlib.blake2b(digest_size=16)
    for file in files:
        state.update(f"{file.src_uri}\0{file.url}\0{file.inclusion.name}\n".encode())
    return state.digest()


class Renderer:
    """Renders a page as MkDocs would with these config and files; made before the workers fork,
    which call it on the pages they make."""

    def __init__(self, config: MkDocsConfig, files: Files) -> None:
        self.config, self.files = config, files
        self.state = files_state(files)

    def __call__(self, path: str, source: str) -> Rendered | None:
        file = self.files.get_file_from_path(path)
        if file is None:
            return None
        mkdocs_page = file.page
        page = Page(None, file, self.config)  # a stand-in: MkDocs' page for the file is kept
        file.page = mkdocs_page
        page.markdown, page.meta = get_data(source)
        with recorded() as records:
            page.render(self.config, self.files)
        assert page.content is not None
        links = page.links_to_anchors
        return Rendered(
            source_digest(page.markdown),
            page.content,
            page.toc,
            page._title_from_render,  # what render sets; MkDocs derives the title from it
            frozenset(page.present_anchor_ids or ()),
            None if links is None else {target.src_uri: anchors for target, anchors in links.items()},
            tuple(records),
        )

    def still_valid(self, files: Files) -> bool:
        """Whether `files` are still those the pages were rendered against (a plugin after ours may
        have added or moved some)."""
        return files is self.files and files_state(files) == self.state


class _Recorder(logging.Handler):
    def __init__(self, records: list[Record]) -> None:
        super().__init__(logging.DEBUG)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


@contextmanager
def recorded() -> Iterator[list[Record]]:
    """What is logged meanwhile, kept instead of printed: under MkDocs' logger and all others."""
    records: list[Record] = []
    recorder = _Recorder(records)
    loggers = [logging.getLogger("mkdocs"), logging.getLogger()]  # MkDocs' does not propagate to the root
    saved = [(logger.handlers, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.handlers = [recorder]
    loggers[0].propagate = False
    try:
        yield records
    finally:
        for logger, (handlers, propagate) in zip(loggers, saved, strict=True):
            logger.handlers, logger.propagate = handlers, propagate


class ZaakPage(Page):
    """A Zaak page that takes its rendering from a worker when there is one for its Markdown."""

    def __init__(self, file: File, config: MkDocsConfig, take: Callable[[], Rendered | None]) -> None:
        super().__init__(None, file, config)
        self.take = take  # the worker's result, once (None when there is none)
        self.rendered_by_worker = False

    def render(self, config: MkDocsConfig, files: Files) -> None:
        rendered = self.take()
        if rendered is None or self.markdown is None or rendered.source != source_digest(self.markdown):
            super().render(config, files)  # rendered from other Markdown than MkDocs has now
            return
        self.content = rendered.content
        self.toc = rendered.toc
        self._title_from_render = rendered.title
        self.present_anchor_ids = set(rendered.present_anchor_ids)
        if rendered.links_to_anchors is not None:
            self.links_to_anchors = {
                target: anchors
                for uri, anchors in rendered.links_to_anchors.items()
                if (target := files.get_file_from_path(uri)) is not None
            }
        for name, level, message in rendered.records:
            logging.getLogger(name).log(level, "%s", message)
        self.rendered_by_worker = True
