"""Permanent links: the ledger of every published page URL and question anchor, declared redirects,
and alias pages, so that a link printed today still leads somewhere in ten years.

`content/permalinks.txt` lists what was ever published, one URL a line (`/2025Z04271/`,
`/2025Z04271/#vraag-3`). `content/redirects.txt` declares moves, one `OLD NEW` pair a line, page to
page; a redirect keeps the anchor. A build whose site lacks a ledger entry that no redirect covers
fails, naming each.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .addresses import absolute, case_url_path
from .archive import LEDGER, REDIRECTS, Archive
from .citation import describe

__all__ = [
    "LEDGER",
    "REDIRECTS",
    "Permalinks",
    "Preview",
    "link_previews",
    "lost",
    "read_ledger",
    "read_redirects",
    "site_permalinks",
]
HEADER = (
    "# Every page URL and question anchor this site has published; a build fails when one disappears.\n"
    "# Add new ones with `kamervragen ledger --update`; never remove a line: declare a redirect instead.\n"
)


@dataclass(frozen=True, slots=True)
class Preview:
    """What a link preview (Open Graph) shows of a page; an alias shows that of the page it leads to,
    since a preview fetcher does not follow the alias's refresh."""

    title: str
    description: str
    url: str | None  # the page's absolute URL, when the site's is known


@dataclass(frozen=True, slots=True)
class Permalinks:
    urls: frozenset[str]  # pages and anchors the site serves now
    aliases: dict[str, str]  # alias page → the page it leads to (Aanhangsel id or document number of a Zaak)


def site_permalinks(archive: Archive) -> Permalinks:
    urls: set[str] = set()
    aliases: dict[str, str] = {}
    for case in archive.cases:
        page = f"/{case.id}/"
        urls.add(page)
        urls.update(
            f"{page}#{anchor}" for question in case.main.questions for anchor in (*question.anchors, *question.aliases)
        )
        urls.update(f"{page}#{old}" for old, _ in case.moved)  # the page carries each as an extra id
        for document in case.documents:  # a "nader antwoord" has its own Aanhangsel id and number
            for alias in (document.letter.meta.aanhangsel, document.letter.meta.document):
                if alias and alias != case.id:
                    aliases.setdefault(f"/{alias}/", page)
    urls.update(aliases)
    return Permalinks(frozenset(urls), aliases)


def link_previews(archive: Archive, site_url: str | None) -> dict[str, Preview]:
    """Each Zaak page's link preview, by its URL ("/2024Z14814/"), for the aliases that lead to it."""
    return {
        f"/{case.id}/": Preview(
            case.title, describe(case), absolute(case_url_path(case.id), site_url) if site_url else None
        )
        for case in archive.cases
    }


def read_ledger(path: Path) -> list[str]:
    if not path.is_file():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line.startswith("/")]


def read_redirects(path: Path) -> dict[str, str]:
    """OLD NEW pairs, page URLs ('/2024Z00001/ /2024Z00002/'); lines starting with '#' are comments."""
    redirects: dict[str, str] = {}
    if path.is_file():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            if len(parts) == 2 and all("#" in p for p in parts):
                continue  # an anchor moved within its page: the page carries the old id (archive.anchor_moves)
            if len(parts) != 2 or not all(p.startswith("/") and p.endswith("/") for p in parts):
                raise ValueError(f"{path}:{number}: error: expected 'OLD NEW', two page URLs such as /2024Z00001/")
            redirects[parts[0]] = parts[1]
    return redirects


def lost(ledger: list[str], site: Permalinks, redirects: dict[str, str]) -> list[str]:
    """Ledger entries the site no longer serves, directly or through a redirect to a page that has
    the same anchor."""
    missing = []
    for entry in ledger:
        page, _, anchor = entry.partition("#")
        target = redirects.get(page)
        if entry in site.urls or (target and (target + (f"#{anchor}" if anchor else "")) in site.urls):
            continue
        missing.append(entry)
    return missing


def unrecorded(ledger: list[str], site: Permalinks) -> list[str]:
    """What the site serves that the ledger does not list yet."""
    return sorted(site.urls - set(ledger))


def updated_ledger(ledger: list[str], site: Permalinks) -> str:
    """The ledger with the site's new permalinks added; nothing is ever taken out."""
    return HEADER + "".join(f"{url}\n" for url in sorted(set(ledger) | site.urls))


def redirect_page(old: str, new: str, preview: Preview | None = None) -> str:
    """A static page at `old` that sends the reader to `new`, keeping the #vraag-N of the link; with
    the preview of `new` for link previews of `old`."""
    target = html.escape(posixpath.relpath(new, old) + "/", quote=True)
    canonical = html.escape(preview.url, quote=True) if preview and preview.url else target
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n<title>Doorverwijzing</title>\n'
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        f"{_preview_tags(preview) if preview else ''}"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<script>location.replace("{target}" + location.hash);</script>\n'
        f'</head>\n<body>\n<p>Deze pagina staat op <a href="{target}">{target}</a>.</p>\n</body>\n</html>\n'
    )


def _preview_tags(preview: Preview) -> str:
    """Open Graph and Twitter tags, as theme/main.html writes them on the page itself."""
    title, description = html.escape(preview.title, quote=True), html.escape(preview.description, quote=True)
    tags = [
        '<meta property="og:locale" content="nl_NL">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:description" content="{description}">',
    ]
    if preview.url:
        tags.append(f'<meta property="og:url" content="{html.escape(preview.url, quote=True)}">')
    tags += [
        '<meta name="twitter:card" content="summary">',
        f'<meta name="twitter:title" content="{title}">',
        f'<meta name="twitter:description" content="{description}">',
    ]
    return "".join(tag + "\n" for tag in tags)


def redirect_files(
    site: Permalinks, redirects: dict[str, str], previews: Mapping[str, Preview] | None = None
) -> dict[str, str]:
    """Path (relative to the site) → HTML of every alias and declared redirect; `previews` by page
    URL ("/2024Z14814/")."""
    pages = {**site.aliases, **redirects}
    previews = previews or {}
    return {old.strip("/") + "/index.html": redirect_page(old, new, previews.get(new)) for old, new in pages.items()}
