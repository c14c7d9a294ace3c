"""Zaak pages rendered by the workers (site/rendering.py): what a worker hands back is what MkDocs'
own rendering gives, it is taken only for the Markdown and files it was rendered from, and what
rendering logged reaches MkDocs' log (and `--strict`). Then whole sites: built with and without
workers, byte for byte the same."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler
from mkdocs.utils.meta import get_data

from kamervragen.site.rendering import Renderer, ZaakPage, recorded

from .site_build import ROOT, SITE_URL, build, make_project

SOURCE = """---
title: Vragen over iets
kamervraag: 2025Z00001
---

## Vraag 1 {#vraag-1}

Is het waar?[^1] Zie [de andere](other.md#top), [een vraag](#vraag-2) en [niets](missing.md).

## Vraag 2 {#vraag-2}

Nee. Zie ook [de lijst](lijst/index.md#niet-hier).

[^1]: Een noot.
"""
MISSING = "contains a link 'missing.md', but the target is not found among documentation files"


def generated(config: MkDocsConfig, path: str, content: str) -> File:
    """A file as a plugin adds it (File.generated, outside a plugin's event)."""
    file = File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
    file.content_string = content
    return file


@pytest.fixture
def site(tmp_path: Path) -> tuple[MkDocsConfig, Files]:
    """The project's own Markdown configuration, and files for a Zaak page to link to."""
    docs = tmp_path / "docs"
    docs.mkdir()
    config = load_config(str(ROOT / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "site"), plugins=[])
    config.site_url = SITE_URL
    files = Files(
        [
            generated(config, "other.md", "# Ander {#top}\n"),
            generated(config, "lijst/index.md", "# Lijst\n"),
            generated(config, "2025Z00001.md", SOURCE),
        ]
    )
    return config, files


def rendered_by_mkdocs(config: MkDocsConfig, files: Files, path: str, source: str) -> Page:
    file = files.get_file_from_path(path)
    assert file is not None
    page = Page(None, file, config)
    page.markdown, page.meta = get_data(source)
    page.render(config, files)
    return page


def test_a_page_rendered_for_mkdocs_is_the_page_mkdocs_renders(
    site: tuple[MkDocsConfig, Files], caplog: pytest.LogCaptureFixture
) -> None:
    config, files = site
    file = files.get_file_from_path("2025Z00001.md")
    assert file is not None
    kept = Page(None, file, config)
    rendered = Renderer(config, files)("2025Z00001.md", SOURCE)
    assert rendered is not None
    assert file.page is kept  # MkDocs' page for the file is left as it was
    expected = rendered_by_mkdocs(config, files, "2025Z00001.md", SOURCE)
    assert rendered.content == expected.content
    assert 'id="vraag-1"' in rendered.content
    assert 'href="#fn:1"' in rendered.content
    assert str(rendered.toc) == str(expected.toc) == "Vraag 1 - #vraag-1\nVraag 2 - #vraag-2\n"
    assert rendered.title == expected._title_from_render
    assert rendered.present_anchor_ids == frozenset(expected.present_anchor_ids or ())
    assert {"vraag-1", "vraag-2", "fn:1", "fnref:1"} <= rendered.present_anchor_ids
    assert expected.links_to_anchors is not None
    assert rendered.links_to_anchors == {f.src_uri: a for f, a in expected.links_to_anchors.items()}
    assert rendered.links_to_anchors == {
        "other.md": {"top": "other.md#top"},
        "2025Z00001.md": {"vraag-1": "#vraag-1", "vraag-2": "#vraag-2", "fn:1": "#fn:1", "fnref:1": "#fnref:1"},
        "lijst/index.md": {"niet-hier": "lijst/index.md#niet-hier"},
    }
    # what rendering logged is kept with the result, not printed
    assert [(name, level) for name, level, message in rendered.records if MISSING in message] == [
        ("mkdocs.structure.pages", logging.WARNING)
    ]
    assert len([r for r in caplog.records if MISSING in r.getMessage()]) == 1  # MkDocs' own render, above
    assert Renderer(config, files)("elders.md", SOURCE) is None  # not among the files


def test_a_page_takes_the_workers_rendering_and_logs_what_it_logged(
    site: tuple[MkDocsConfig, Files], caplog: pytest.LogCaptureFixture
) -> None:
    config, files = site
    rendered = Renderer(config, files)("2025Z00001.md", SOURCE)
    file = files.get_file_from_path("2025Z00001.md")
    assert file is not None
    assert rendered is not None
    page = ZaakPage(file, config, lambda: rendered)
    page.markdown, page.meta = get_data(SOURCE)
    strict = CountHandler()
    strict.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(strict)  # as `mkdocs build --strict` counts warnings
    try:
        page.render(config, files)
    finally:
        logging.getLogger("mkdocs").removeHandler(strict)
    assert page.rendered_by_worker
    assert file.page is page
    assert page.content == rendered.content
    assert page.title == "Vragen over iets"  # the front matter's, as MkDocs says
    assert page.present_anchor_ids == set(rendered.present_anchor_ids)
    assert page.links_to_anchors is not None
    assert {f.src_uri: a for f, a in page.links_to_anchors.items()} == rendered.links_to_anchors
    assert [r.levelno for r in caplog.records if MISSING in r.getMessage()] == [logging.WARNING]
    assert strict.get_counts() == [("WARNING", 1)]
    # MkDocs' anchor validation, after every page, reads the anchors the worker found
    other = files.get_file_from_path("lijst/index.md")
    assert other is not None
    Page(None, other, config).present_anchor_ids = {"elders"}
    caplog.clear()
    page.validate_anchor_links(files=files, log_level=logging.WARNING)
    assert [r.getMessage() for r in caplog.records] == [
        "Doc file '2025Z00001.md' contains a link 'lijst/index.md#niet-hier', "
        "but the doc 'lijst/index.md' does not contain an anchor '#niet-hier'."
    ]


@pytest.mark.parametrize(
    ("markdown", "take"),
    [
        (SOURCE.replace("Is het waar?", "Is het echt waar?"), True),  # a plugin changed the Markdown
        (SOURCE, False),  # no worker rendered it
    ],
)
def test_a_page_renders_itself_when_the_worker_had_other_markdown_or_none(
    site: tuple[MkDocsConfig, Files], markdown: str, take: bool
) -> None:
    config, files = site
    rendered = Renderer(config, files)("2025Z00001.md", SOURCE)
    file = files.get_file_from_path("2025Z00001.md")
    assert file is not None
    page = ZaakPage(file, config, lambda: rendered if take else None)
    page.markdown, page.meta = get_data(markdown)
    page.render(config, files)
    assert not page.rendered_by_worker
    assert page.content == rendered_by_mkdocs(config, files, "2025Z00001.md", markdown).content


def test_the_renderer_knows_when_the_files_changed(site: tuple[MkDocsConfig, Files]) -> None:
    config, files = site
    renderer = Renderer(config, files)
    assert renderer.still_valid(files)
    assert not renderer.still_valid(Files(list(files)))  # another collection: MkDocs renders
    files.append(generated(config, "nieuw.md", "# Nieuw\n"))
    assert not renderer.still_valid(files)


def test_recorded_keeps_what_is_logged_and_puts_the_loggers_back() -> None:
    mkdocs, root = logging.getLogger("mkdocs"), logging.getLogger()
    before = (list(mkdocs.handlers), mkdocs.propagate, list(root.handlers))
    with recorded() as records:
        logging.getLogger("mkdocs.structure.pages").warning("een %s", "waarschuwing")
        logging.getLogger("MARKDOWN").error("een fout")
        logging.getLogger("mkdocs.elders").debug("niet gezien")  # below the logger's level
    assert records == [
        ("mkdocs.structure.pages", logging.WARNING, "een waarschuwing"),
        ("MARKDOWN", logging.ERROR, "een fout"),
    ]
    assert (list(mkdocs.handlers), mkdocs.propagate, list(root.handlers)) == before


def _configured(project: Path, workers: int, hooks: str = "") -> Path:
    """The project's mkdocs.yml with the plugin's `workers` set (no search index), and `hooks`."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin = f"  - kamervragen:\n      workers: {workers}\n      pagefind: false\n"
    text = re.sub(r"^  - kamervragen\b.*\n", plugin, text, count=1, flags=re.MULTILINE)
    if hooks:
        (project / "hooks.py").write_text(hooks, encoding="utf-8")
        text += "hooks:\n  - hooks.py\n"
    config.write_text(text, encoding="utf-8")
    return project


def _site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_site_rendered_by_workers_is_the_site_mkdocs_renders(tmp_path: Path) -> None:
    sites = {}
    for workers in (1, 2):
        (tmp_path / str(workers)).mkdir()
        project = _configured(make_project(tmp_path / str(workers)), workers)
        result = build(project, "--strict", site_url=SITE_URL)
        assert result.returncode == 0, result.stderr
        by_workers = re.findall(r"kamervragen: (\d+) of (\d+) Zaak pages rendered by the workers", result.stderr)
        pages = len(list((project / "site").glob("*/data.json")))  # one per Zaak
        assert by_workers == ([] if workers == 1 else [(str(pages), str(pages))])
        sites[workers] = _site_files(project / "site")
    assert len([p for p in sites[1] if p.endswith(".html")]) > 100
    assert sites[1].keys() == sites[2].keys()
    assert [p for p in sites[1] if sites[1][p] != sites[2][p]] == []


CHANGING_MARKDOWN = """
def on_page_markdown(markdown, page, config, files):
    return markdown + "\\n\\nAangevuld door een plugin.\\n" if page.meta.get("kamervraag") else markdown
"""
ADDING_A_FILE = """
from mkdocs.structure.files import File

def on_files(files, config):
    files.append(File.generated(config, "later.md", content="# Later\\n"))
    return files
"""


@pytest.mark.parametrize(
    ("hooks", "message"),
    [
        (CHANGING_MARKDOWN, "kamervragen: 0 of {pages} Zaak pages rendered by the workers"),
        (ADDING_A_FILE, "kamervragen: the files changed after ours were added: MkDocs renders the Zaak pages"),
    ],
)
def test_mkdocs_renders_the_zaak_pages_when_a_plugin_after_ours_changes_them(
    tmp_path: Path, hooks: str, message: str
) -> None:
    project = _configured(make_project(tmp_path), 2, hooks)
    result = build(project, "--strict", site_url=SITE_URL)
    assert result.returncode == 0, result.stderr
    pages = len(list((project / "site").glob("*/data.json")))  # one per Zaak
    assert message.format(pages=pages) in result.stderr
    page = (project / "site" / "2025Z04271" / "index.html").read_text(encoding="utf-8")
    assert 'id="vraag-1"' in page
    assert ("Aangevuld door een plugin." in page) == (hooks == CHANGING_MARKDOWN)
    assert (project / "site" / "later" / "index.html").is_file() == (hooks == ADDING_A_FILE)
