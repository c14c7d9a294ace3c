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
from dataclasses import dataclass
from pathlib import Path

from .archive import LEDGER, REDIRECTS, Archive

__all__ = ["LEDGER", "REDIRECTS", "Permalinks", "lost", "read_ledger", "read_redirects", "site_permalinks"]
HEADER = (
    "# Every page URL and question anchor this site has published; a build fails when one disappears.\n"
    "# Add new ones with `kamervragen ledger --update`; never remove a line: declare a redirect instead.\n"
)


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
        urls.update(f"{page}#{anchor}" for question in case.main.questions for anchor in question.anchors)
        for document in case.documents:  # a "nader antwoord" has its own Aanhangsel id and number
            for alias in (document.letter.meta.aanhangsel, document.letter.meta.document):
                if alias and alias != case.id:
                    aliases.setdefault(f"/{alias}/", page)
    urls.update(aliases)
    return Permalinks(frozenset(urls), aliases)


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


def redirect_page(old: str, new: str) -> str:
    """A static page at `old` that sends the reader to `new`, keeping the #vraag-N of the link."""
    target = html.escape(posixpath.relpath(new, old) + "/", quote=True)
    return (
        '<!doctype html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n<title>Doorverwijzing</title>\n'
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{target}">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<script>location.replace("{target}" + location.hash);</script>\n'
        f'</head>\n<body>\n<p>Deze pagina staat op <a href="{target}">{target}</a>.</p>\n</body>\n</html>\n'
    )


def redirect_files(site: Permalinks, redirects: dict[str, str]) -> dict[str, str]:
    """Path (relative to the site) → HTML of every alias and declared redirect."""
    pages = {**site.aliases, **redirects}
    return {old.strip("/") + "/index.html": redirect_page(old, new) for old, new in pages.items()}
