"""MkDocs plugin `kamervragen`: a thin adapter that adds the generated pages to the build.

Source letters under docs_dir are converted during the build; a letter with an error is reported as
`file:line: error: …` (a warning to MkDocs, so `--strict` stops) and left out, the rest is built.
After the build Pagefind indexes the letter pages for search.
"""

from __future__ import annotations

import gc
import logging
import os
import re
from pathlib import Path

import markupsafe
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..cache import ParseCache, digest
from . import search
from .archive import Archive, Case, is_error, load_archive, source_files
from .extras import extra_files
from .opendata import Published, published
from .pages import case_path, site_pages
from .permalinks import (
    LEDGER,
    REDIRECTS,
    lost,
    read_ledger,
    read_redirects,
    redirect_files,
    site_permalinks,
    unrecorded,
)

log = logging.getLogger("mkdocs.plugins.kamervragen")
EXPLICIT_ID = re.compile(r"\{#([\w-]+)\}")
HEADING_ID = re.compile(r'(?P<open><h[1-6])(?P<attr> id="(?P<id>[^"]*)")')
PERMALINK = re.compile(r'<a class="headerlink" href="#(?P<id>[^"]*)"[^>]*>[^<]*</a>')


# MkDocs declares __init_subclass__ without types, hence the ignores on the two classes.
class KamervragenConfig(Config):  # type: ignore[no-untyped-call]
    pagefind = c.Type(bool, default=True)  # build the search index after the site
    search_part_size = c.Type(int, default=search.PART_SIZE)  # letters per search index (site/search.py)
    cache_dir = c.Type(str, default=".cache/letters")  # parsed letters between builds; "" for none


class KamervragenPlugin(BasePlugin[KamervragenConfig]):  # type: ignore[no-untyped-call]
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Parsed letters, by content: kept in memory across `mkdocs serve` rebuilds, and on disk
        # beside mkdocs.yml between builds.
        folder = Path(config.config_file_path).parent / self.config.cache_dir if self.config.cache_dir else None
        self.cache = ParseCache(folder)
        self.published: dict[str, Published] = {}  # what each Zaak page publishes besides, by its path
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
        archive = load_archive(docs, source_files(docs), self.cache)
        for problem in archive.problems:
            where = os.path.relpath(docs / problem.file)
            message = f"{where}:{problem.line}: {problem.severity}: {problem.message}"
            if is_error(problem):
                log.warning(message + " (letter left out)")
            else:
                log.info(message)
        for letter in source_files(docs):  # a file MkDocs cannot copy either (a link to nothing)
            unreadable = files.get_file_from_path(letter.relative_to(docs).as_posix())
            if unreadable is not None and not letter.exists():
                files.remove(unreadable)
        self._permanence(archive, docs, files, config)
        home = files.get_file_from_path("index.md")
        site_url = config.site_url or None
        pages = site_pages(archive, home.content_string if home else None, self.cache, site_url)
        pages.update(self._published_data(archive, config, site_url))
        for path, markdown in pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, path, content=markdown))
        self.search_parts = search.split([case.id for case in archive.cases], self.config.search_part_size)
        config.extra["kamervragen_search_parts"] = len(self.search_parts)  # read by the theme
        letters = sum(len(x.documents) for x in archive.cases)
        parsed = self.cache.parsed - parsed_before
        log.info("kamervragen: %d files from %d letters (%d parsed, the rest cached)", len(pages), letters, parsed)
        if not site_url:
            log.info(
                "kamervragen: no site_url (KAMERVRAGEN_SITE_URL): no canonical URLs; feeds and data use relative links"
            )
        # The archive lives until the build ends: keep the garbage collector from walking it again and
        # again while MkDocs renders every page (unfrozen after the build, for `mkdocs serve`).
        gc.freeze()
        return files

    def _published_data(self, archive: Archive, config: MkDocsConfig, site_url: str | None) -> dict[str, str]:
        """Open data, feeds, statistics and, for a public site, robots.txt: files beside the pages."""
        items = [self._published(case, config.site_name, site_url) for case in archive.cases]
        self.published = {case_path(case): item for case, item in zip(archive.cases, items, strict=True)}
        return extra_files(archive, config.site_name, site_url, items, public=not config.extra.get("noindex"))

    def _published(self, case: Case, site_name: str, site_url: str | None) -> Published:
        if not all(d.key for d in case.documents):
            return published(case, site_name, site_url)
        parts = (f"{d.source} {d.key}" for d in case.documents)
        key = digest("published", case.id, site_name, site_url or "", *parts)
        return self.cache.derive(key, lambda: published(case, site_name, site_url))

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Before the sitemap is written: a Zaak page's date is its newest letter's, not the build's."""
        if isinstance(page.meta.get("description"), str):
            # Material writes the description into its <meta> tag unescaped: a letter's first question
            # must not become markup (Markup is left as it is by templates that do escape).
            page.meta["description"] = markupsafe.escape(page.meta["description"])
        item = self.published.get(page.file.src_uri)
        if item is not None and item.newest:
            page.update_date = item.newest
        return markdown

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """A Zaak page's schema.org description, for theme/main.html to put in its head."""
        item = self.published.get(page.file.src_uri)
        if item is not None:
            context["kamervragen_jsonld"] = item.jsonld  # type: ignore[typeddict-unknown-key]
        return context

    def _permanence(self, archive: Archive, docs: Path, files: Files, config: MkDocsConfig) -> None:
        """Fail when a published permalink is gone without a redirect; add the redirect pages."""
        site = site_permalinks(archive)
        try:
            redirects = read_redirects(docs / REDIRECTS)
        except ValueError as error:
            raise PluginError(str(error)) from error
        ledger = read_ledger(docs / LEDGER)
        missing = lost(ledger, site, redirects)
        if missing:
            where = os.path.relpath(docs / LEDGER)
            listed = "\n".join(f"  {url}" for url in missing)
            raise PluginError(
                f"{where}: error: {len(missing)} published links are gone from the site; restore them or "
                f"declare a redirect in {os.path.relpath(docs / REDIRECTS)}:\n{listed}"
            )
        new = unrecorded(ledger, site)
        if ledger and new:
            log.info("kamervragen: %d new permalinks; record them with `kamervragen ledger --update`", len(new))
        for name in (LEDGER, REDIRECTS):  # data for the build, not pages of the site
            existing = files.get_file_from_path(name)
            if existing is not None:
                files.remove(existing)
        for path, page in redirect_files(site, redirects).items():
            files.append(File.generated(config, path, content=page))

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return letter_page_html(html, page.markdown or "") if page.meta.get("kamervraag") else html

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        gc.unfreeze()
        if self.config.pagefind:
            for failure in search.build_index(config.site_dir, self.search_parts):
                log.error(failure)


def letter_page_html(html: str, markdown: str) -> str:
    """On a letter page every id comes from a number; drop the ones the toc extension made from
    heading text (the answers' headings), so search hits in an answer lead to its question."""
    ours = set(EXPLICIT_ID.findall(markdown))
    invented = {m.group("id") for m in HEADING_ID.finditer(html)} - ours
    html = HEADING_ID.sub(lambda m: m.group(0) if m.group("id") in ours else m.group("open"), html)
    # and the heading's own ¶ permalink to it
    return PERMALINK.sub(lambda m: "" if m.group("id") in invented else m.group(0), html)
