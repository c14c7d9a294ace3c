"""MkDocs plugin `kamervragen`: an adapter that adds the generated pages and files to the build.

Source letters under docs_dir are converted during the build; a letter with an error is reported as
`file:line: error: …` (a warning to MkDocs, so `--strict` stops) and left out, the rest is built.
The Zaak pages are made, and rendered as MkDocs would, by worker processes while MkDocs renders the
rest (site/production.py, site/rendering.py). After the build Pagefind indexes the letter pages.
"""

from __future__ import annotations

import functools
import gc
import logging
import os
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import cast

import markupsafe
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..cache import ParseCache
from ..diagnostics import STRICT_CODES, Diagnostic
from ..fetch.record import RECORD
from . import search
from .archive import CORRECTIONS, Archive, is_error, load_archive, source_files
from .extras import archive_makers, data_path
from .feeds import feed_makers
from .opendata import OPEN_DATA_PATHS, Published, open_data_files
from .pagehtml import footnotes_heading, letter_layout, letter_page_html
from .pages import case_path, listing_makers, one_of
from .permalinks import (
    CHANGES,
    LEDGER,
    REDIRECTS,
    carried_files,
    check_permanence,
    link_previews,
    redirect_files,
    site_permalinks,
    unrecorded,
)
from .production import Production, parallel
from .rendering import Renderer, ZaakPage
from .sources import is_macro_file, is_working_file, source_makers
from .summary import Summary, summary_lines

log = logging.getLogger("mkdocs.plugins.kamervragen")


# MkDocs declares __init_subclass__ without types, hence the ignores on the two classes.
class KamervragenConfig(Config):  # type: ignore[no-untyped-call]
    pagefind = c.Type(bool, default=True)  # build the search index after the site
    search_part_size = c.Type(int, default=search.PART_SIZE)  # letters per search index (site/search.py)
    cache_dir = c.Type(str, default=".cache/letters")  # parsed letters between builds; "" for none
    # Processes that make and render Zaak pages while MkDocs renders the rest (site/production.py,
    # site/rendering.py): 0 for one per core
    # (`mkdocs serve` makes them in its own process), 1 for none.
    workers = c.Type(int, default=0)


class KamervragenPlugin(BasePlugin[KamervragenConfig]):  # type: ignore[no-untyped-call]
    command = "build"  # MkDocs' command, when it says (`on_startup`); a build when called from Python
    cache: ParseCache

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Parsed letters, by content: kept in memory across `mkdocs serve` rebuilds, and on disk
        # beside mkdocs.yml between builds.
        # (MkDocs keeps a plugin with `on_startup` for the whole `mkdocs serve`, and with it the cache.)
        folder = Path(config.config_file_path).parent / self.config.cache_dir if self.config.cache_dir else None
        if getattr(self, "cache", None) is None or self.cache.folder != folder:
            self.cache = ParseCache(folder)
        # Forking beside the development server's threads is not worth its risk: a rebuild makes little.
        automatic = 1 if self.command == "serve" else os.cpu_count() or 1
        self.workers = self.config.workers or automatic
        self.production: Production | None = None
        self.renderer: Renderer | None = None  # the Zaak pages, by the workers (site/rendering.py)
        self.zaak_pages: list[ZaakPage] = []
        self.made_at: dict[str, int] = {}  # a Zaak page's path → its place in the archive
        # For the summary that ends the build (site/summary.py)
        self.problems: list[Diagnostic] = []
        self.letters = 0
        self.new_permalinks: int | None = None
        if "footnotes" in config.markdown_extensions:  # Dutch back-links (theme/assets shows them)
            footnotes = config.mdx_configs.setdefault("footnotes", {})
            footnotes.setdefault("BACKLINK_TEXT", "terug")
            footnotes.setdefault("BACKLINK_TITLE", "Terug naar voetnoot %d in de tekst")
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        # Reading the archive makes many objects and few cycles: no collection while it grows
        gc.disable()
        try:
            return self._files(files, config)
        finally:
            gc.enable()

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        docs = Path(config.docs_dir)
        parsed_before = self.cache.parsed
        archive = load_archive(docs, source_files(docs), self.cache, linked=False, defer_checks=parallel(self.workers))
        report(archive.problems, docs)
        self.problems.extend(archive.problems)
        for file in [f for f in files if f.generated_by is None and Path(f.abs_src_path or "").is_symlink()]:
            files.remove(file)  # it may lead anywhere: never copied (a letter among them is reported by the archive)
            if not is_working_file(file.src_uri):
                where = os.path.relpath(docs / file.src_uri)
                log.warning(f"{where}:0: error: a symbolic link is never published; put the file itself here")
        for file in [f for f in files if f.generated_by is None and _is_data(f.src_uri)]:
            files.remove(file)  # data for reading the letters (corrections, Zaak records), not pages of the site
        for file in [f for f in files if f.generated_by is None and is_working_file(f.src_uri)]:
            # The author's working files are never copied; a letter's text takes its place (sources.py)
            if file.src_uri not in (LEDGER, REDIRECTS, CHANGES):
                files.remove(file)
            if is_macro_file(file.src_uri):
                where = os.path.relpath(docs / file.src_uri)
                log.warning(f"{where}:0: error: a macro-enabled Word file is never published; save it as .docx")
        self._permanence(archive, docs, files, config)
        home = files.get_file_from_path("index.md")
        site_url = config.site_url or None
        # The archive lives until the build ends: keep the garbage collector from walking it again and
        # again while MkDocs renders every page (unfrozen after the build, for `mkdocs serve`), and
        # the workers forked now from walking their copy of it.
        gc.freeze()
        keep = self.command == "serve"  # for the next rebuild
        public = not config.extra.get("noindex")
        extras = listing_makers(archive.cases, home.content_string if home else None)
        extras.update(archive_makers(archive.cases, config.site_name, site_url, public))
        extras.update(source_makers(archive))
        self.made_at = {case_path(case): i for i, case in enumerate(archive.cases)}
        generated = self._generated(archive, list(extras))
        replaced = {f.src_uri for f in files} & set(generated)  # e.g. the home page, its lists added
        for path in replaced:
            files.remove(files.src_uris[path])
        for path, make in generated.items():
            files.append(LazyFile.of(config, path, make))
        # The files are now as MkDocs will have them (it sets the new files' inclusion next, the same
        # way): the workers, forked from here, render the Zaak pages against them.
        set_exclusions(files, config)
        self.renderer = Renderer(config, files) if parallel(self.workers) else None
        self.production = Production(
            archive, config.site_name, site_url, self.cache, self.workers, keep, extras, self.renderer
        )
        self.search_parts = search.split([case.id for case in archive.cases], self.config.search_part_size)
        config.extra["kamervragen_search_parts"] = len(self.search_parts)  # read by the theme
        config.extra["kamervragen_count"] = len(archive.cases)  # the theme's search: "the archive holds …"
        letters = self.letters = sum(len(x.documents) for x in archive.cases)
        parsed = self.cache.parsed - parsed_before
        log.info("kamervragen: %d files from %d letters (%d parsed, the rest cached)", len(generated), letters, parsed)
        if not site_url:
            log.info(
                "kamervragen: no site_url (KAMERVRAGEN_SITE_URL): no canonical URLs; feeds and data use relative links"
            )
        return files

    def _generated(self, archive: Archive, extras: list[str]) -> dict[str, Callable[[], str | bytes]]:
        """Every file the plugin adds, by path: how to make it when MkDocs reads it.

        All are made by `self.production` while MkDocs renders: each Zaak's page and data, the
        indexes, feeds and statistics (`extras`), and the open data of all. The Zaak pages come
        first, in the archive's order: the order MkDocs renders them in and the workers make them in."""
        files: dict[str, Callable[[], str | bytes]] = {path: partial(self._page, i) for path, i in self.made_at.items()}
        files.update({path: partial(self._extra, path) for path in extras})
        for i, case in enumerate(archive.cases):
            files[data_path(case)] = partial(self._data, i)
        every = functools.cache(lambda: open_data_files([made.published for made in self._production().all()]))
        files.update({path: partial(one_of, every, path) for path in OPEN_DATA_PATHS})
        return files

    def _production(self) -> Production:
        assert self.production is not None, "made during the build"
        return self.production

    def _page(self, index: int) -> str:
        return self._production().page(index)

    def _extra(self, path: str) -> str:
        return self._production().extra(path)

    def _data(self, index: int) -> bytes:
        return self._production().get(index).published.data

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The Zaak pages take their HTML from the workers that made them, when they rendered them
        against these very files (MkDocs made a plain Page for each; a page in the nav is left so)."""
        production, renderer = self.production, self.renderer
        if production is None or renderer is None:
            return nav
        if not renderer.still_valid(files):
            log.info("kamervragen: the files changed after ours were added: MkDocs renders the Zaak pages itself")
            production.stop_rendering()
            return nav
        in_nav = {id(page) for page in nav.pages}
        for path, index in self.made_at.items():
            file = files.get_file_from_path(path)
            if file is not None and id(file.page) not in in_nav:
                self.zaak_pages.append(ZaakPage(file, config, partial(production.take_rendered, index)))
        return nav

    def _published(self, page: Page) -> Published | None:
        index = self.made_at.get(page.file.src_uri)
        return None if index is None or self.production is None else self.production.get(index).published

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Before the sitemap is written: a Zaak page's date is its newest letter's, not the build's."""
        if isinstance(page.meta.get("description"), str):
            # Material writes the description into its <meta> tag unescaped: a letter's first question
            # must not become markup (Markup is left as it is by templates that do escape).
            page.meta["description"] = markupsafe.escape(page.meta["description"])
        item = self._published(page)
        if item is not None and item.newest:
            page.update_date = item.newest
        return markdown

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """A Zaak page's schema.org description, for theme/main.html to put in its head."""
        item = self._published(page)
        if item is not None:
            context["kamervragen_jsonld"] = item.jsonld.decode()  # type: ignore[typeddict-unknown-key]
        return context

    def _permanence(self, archive: Archive, docs: Path, files: Files, config: MkDocsConfig) -> None:
        """Fail when a published permalink is gone without a redirect; add the redirect pages."""
        site = site_permalinks(archive)
        check = check_permanence(docs, site)
        for warning in check.warnings:
            log.warning(warning)
        if check.errors:
            raise PluginError("\n".join(check.errors))
        recorded, redirects = check.recorded, check.redirects
        self.new_permalinks = len(unrecorded(recorded, site)) if recorded else None  # in the summary
        for name in (LEDGER, REDIRECTS, CHANGES):  # data for the build, not pages of the site
            existing = files.get_file_from_path(name)
            if existing is not None:
                files.remove(existing)
        for path, page in redirect_files(site, redirects, link_previews(archive, config.site_url or None)).items():
            files.append(File.generated(config, path, content=page))
        # a renamed letter's download, a moved index page's feed: the same file at the old URL too
        makers = {**source_makers(archive), **feed_makers(archive.cases, config.site_name, config.site_url or None)}
        for old, target in carried_files(site, redirects).items():
            if target in makers:
                files.append(LazyFile.of(config, old, makers[target]))

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        html = letter_layout(letter_page_html(html, page.markdown or "")) if page.meta.get("kamervraag") else html
        return footnotes_heading(html)

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()
        if self.production is not None:
            self.production.close()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if self.production is not None:  # linking's and the conservation check's findings
            found = self.production.finish()
            report(found, Path(config.docs_dir))
            self.problems.extend(found)
        if self.zaak_pages:
            by_workers = sum(page.rendered_by_worker for page in self.zaak_pages)
            log.info("kamervragen: %d of %d Zaak pages rendered by the workers", by_workers, len(self.zaak_pages))
        self.zaak_pages = []
        if self.config.pagefind:
            failures = search.build_index(config.site_dir, self.search_parts)
            if failures:  # the build fails, so that the previous site (and its index) stays in place
                raise PluginError("; ".join(failures))
        self._summarise(Path(config.docs_dir))

    def _summarise(self, docs: Path) -> None:
        """End the build with what the maintainer must act on (site/summary.py); the letters
        published whole once more as a warning, as `--strict` fails on them."""
        lines, whole = summary_lines(Summary(self.letters, tuple(self.problems), self.new_permalinks), docs)
        log.info("\n".join(lines))
        if whole:
            log.warning(whole)
        self.problems = []


def report(problems: Iterable[Diagnostic], docs: Path) -> None:
    """Each problem as `file:line: severity: message`: an error leaves its letter out and is a
    warning to MkDocs (so `--strict` stops), as are numbering and structure warnings (the letter is
    published); a letter's other warnings are information. The build's summary names each letter
    once more at the end, for the maintainer (site/summary.py)."""
    for problem in problems:
        where = os.path.relpath(docs / problem.file)
        message = f"{where}:{problem.line}: {problem.severity}: {problem.message}"
        if is_error(problem):
            log.warning(message + " (letter left out)")
        elif problem.code in STRICT_CODES:
            log.warning(message)
        else:
            log.info(message)


class LazyFile(File):
    """A generated file whose content is made when MkDocs reads it. MkDocs reads a generated file's
    content through `_content` (in content_string, content_bytes and copy_file): it is made there,
    and not kept (MkDocs keeps what it needs of a page; `Production` keeps what is worth keeping)."""

    make: Callable[[], str | bytes]

    @classmethod
    def of(cls, config: MkDocsConfig, path: str, make: Callable[[], str | bytes]) -> LazyFile:
        # A generated page is reached through the indexes and search, not the nav: MkDocs leaves it
        # out of its list of pages missing from the nav, which then names only hand-written ones.
        quiet = InclusionLevel.NOT_IN_NAV if path.endswith(".md") else InclusionLevel.UNDEFINED
        file = cast("LazyFile", cls.generated(config, path, content="", inclusion=quiet))  # made by cls
        file.make = make
        return file

    @property  # type: ignore[override]
    def _content(self) -> str | bytes:
        return self.make()

    @_content.setter
    def _content(self, value: str | bytes) -> None:
        self.make = lambda: value

    def is_modified(self) -> bool:
        return True  # as any generated file, without making it to say so


def _is_data(path: str) -> bool:
    return path.startswith(f"{CORRECTIONS}/") or path.rsplit("/", 1)[-1] == RECORD
