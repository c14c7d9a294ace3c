"""Permanent links: the ledger of every published page URL and question anchor, declared redirects,
and alias pages, so that a link printed today still leads somewhere in ten years.

`content/permalinks.txt` lists what was ever published, one URL a line: Zaak pages and their anchors
(`/2025Z04271/`, `/2025Z04271/#vraag-3`), the letters' downloads, and the index pages with their
feeds (`/kamerleden/`, `/kamerleden/kathmann-groenlinks-pvda/`, `…/atom.xml`, `/atom.xml`).
`content/redirects.txt` declares moves, one `OLD NEW` pair a line, page to page; a redirect keeps
the anchor and the files beside the page (its feed). A build whose site lacks a ledger entry that no
redirect covers fails, naming each. An alias page (`/ah-tk-20242025-613/`, `/2025D01234/`: the
Aanhangsel id or document number a letter states, leading to its Zaak page) is recorded with the page
it leads to (`/ah-tk-20242025-613/ /2024Z14814/`): a build in which a letter states it for another
page fails, naming both letters, unless changes.txt declares the change.
"""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path

from ..model import NoteRef, Question
from .addresses import absolute, case_url_path
from .archive import CHANGES, LEDGER, REDIRECTS, Archive, Case
from .citation import describe
from .feeds import feed_makers
from .pages import listing_makers
from .sources import source_path

__all__ = [
    "CHANGES",
    "LEDGER",
    "REDIRECTS",
    "Permalinks",
    "Permanence",
    "Preview",
    "alias_conflicts",
    "carried_files",
    "changed",
    "check_permanence",
    "index_urls",
    "link_previews",
    "lost",
    "meaning",
    "moved_aliases",
    "read_changes",
    "read_ledger",
    "read_meanings",
    "read_redirects",
    "site_permalinks",
]
HEADER = (
    "# Every URL this site has published (Zaak pages and their question anchors, downloads, index pages\n"
    "# and feeds); a build fails when one disappears, or when an anchor shows another question than the\n"
    "# one recorded beside it (number:fingerprint), or an alias (/ah-tk-…/, /<document number>/) leads to\n"
    "# another page than the one recorded beside it.\n"
    "# Add new ones with `kamervragen ledger --update`; never remove a line: declare a redirect instead,\n"
    "# and a deliberate change of what an anchor shows in changes.txt.\n"
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
    # What each question anchor shows: "3:9f86d081884c", its question's number and a fingerprint of
    # its text, so that a link that still exists but now leads to another question is found.
    meanings: dict[str, str] = field(default_factory=dict)
    # Every letter that states an alias, with the page it is on: alias → ((letter's source, page), …),
    # in the archive's order (the first leads), so that an alias claimed for another page is found.
    claims: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


def meaning(question: Question) -> str:
    """A question's number and a digest of its text reduced to letters and digits, lower case (a
    repaired space, hyphen or note mark leaves it as it was; another question does not)."""
    text = "".join(
        part if isinstance(part, str) else part.text
        for block in question.blocks
        for part in block.content
        if not isinstance(part, NoteRef)
    )
    reduced = "".join(c for c in text.casefold() if c.isalnum())
    number = question.numbers[0] if question.numbers else 0
    return f"{number}:{hashlib.sha256(reduced.encode()).hexdigest()[:12]}"


def site_permalinks(archive: Archive) -> Permalinks:
    urls: set[str] = set()
    aliases: dict[str, str] = {}
    meanings: dict[str, str] = {}
    claims: dict[str, list[tuple[str, str]]] = {}
    pages = {f"/{case.id}/" for case in archive.cases}  # never replaced by an alias
    for case in archive.cases:
        page = f"/{case.id}/"
        urls.add(page)
        urls.update(f"/{source_path(d.source)}" for d in case.files)  # each letter's download
        for question in case.main.questions:
            for anchor in (*question.anchors, *question.aliases):
                meanings[f"{page}#{anchor}"] = meaning(question)
        urls.update(meanings)
        urls.update(f"{page}#{old}" for old, _ in case.moved)  # the page carries each as an extra id
        for document in case.documents:  # a "nader antwoord" has its own Aanhangsel id and number
            for alias in (document.letter.meta.aanhangsel, document.letter.meta.document):
                if alias and f"/{alias}/" not in pages:
                    aliases.setdefault(f"/{alias}/", page)
                    claims.setdefault(f"/{alias}/", []).append((document.source, page))
    urls.update(aliases)
    urls.update(index_urls(archive.cases))
    return Permalinks(frozenset(urls), aliases, meanings, {alias: tuple(c) for alias, c in claims.items()})


def index_urls(cases: Sequence[Case]) -> set[str]:
    """The index pages and feeds the site publishes, by URL ("/kamerleden/", "/kamerleden/x/",
    "/kamerleden/x/atom.xml", "/atom.xml"): named as pages.py and feeds.py name their files, so a
    member, party, ministry or month page renamed (a repaired name) is a lost link."""
    pages = {_page_url(path) for path in listing_makers(cases)}
    return pages | {f"/{path}" for path in feed_makers(cases, "", None)}


def _page_url(path: str) -> str:
    """A page's URL from its Markdown file: "kamerleden/index.md" → "/kamerleden/", "maanden/2025-03.md"
    → "/maanden/2025-03/" (directory URLs, as mkdocs.yml has them)."""
    stem = path.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return f"/{stem}/" if stem else "/"


def link_previews(archive: Archive, site_url: str | None) -> dict[str, Preview]:
    """Each Zaak page's link preview, by its URL ("/2024Z14814/"), for the aliases that lead to it."""
    return {
        f"/{case.id}/": Preview(
            case.title, describe(case), absolute(case_url_path(case.id), site_url) if site_url else None
        )
        for case in archive.cases
    }


def read_ledger(path: Path) -> list[str]:
    return list(read_meanings(path))


def read_meanings(path: Path) -> dict[str, str]:
    """Each URL of the ledger with what it showed when recorded ("" for a page, or a line recorded
    before meanings were: such a line records its meaning at the next --update)."""
    if not path.is_file():
        return {}
    entries = (line.split() for line in path.read_text(encoding="utf-8").splitlines())
    return {parts[0]: parts[1] if len(parts) > 1 else "" for parts in entries if parts and parts[0].startswith("/")}


def read_changes(path: Path) -> set[str]:
    """Anchors declared to show another question now (changes.txt: "URL reason"): a correction."""
    if not path.is_file():
        return set()
    entries = (line.split(maxsplit=1) for line in path.read_text(encoding="utf-8").splitlines())
    return {parts[0] for parts in entries if parts and parts[0].startswith("/")}


def changed(
    recorded: Mapping[str, str], site: Permalinks, declared: Set[str], redirects: Mapping[str, str] | None = None
) -> list[str]:
    """Anchors the ledger recorded with another meaning than the one they show now, and aliases that
    a letter states for another page than the recorded one (`moved_aliases`), undeclared."""
    anchors = sorted(
        f"{url} showed question {was.split(':')[0]} ({was}), now {site.meanings[url]}"
        for url, was in recorded.items()
        if was and url in site.meanings and site.meanings[url] != was and url not in declared
    )
    return anchors + moved_aliases(recorded, site, declared, redirects)


def moved_aliases(
    recorded: Mapping[str, str], site: Permalinks, declared: Set[str], redirects: Mapping[str, str] | None = None
) -> list[str]:
    """Aliases the ledger recorded as leading to one page that a letter now states for another page,
    undeclared in changes.txt, each naming the letter it led to and the letter that claims it now.
    (A page moved by a redirect takes its aliases along.)"""
    moves = in_force(site, redirects or {})
    problems = []
    for alias, claims in sorted(site.claims.items()):
        was = recorded.get(alias, "")
        if not was or alias in declared:
            continue
        led = moves.get(was, was)
        stating = sorted({source for source, page in claims if page == led})
        before = f"{was} ({', '.join(stating)})" if stating else f"{was} (which no letter states now)"
        problems += [
            f"{alias} led to {before}; {source} states it too, for {page}" for source, page in claims if page != led
        ]
    return problems


def alias_conflicts(recorded: Mapping[str, str], site: Permalinks) -> list[str]:
    """Aliases not recorded yet that letters of two pages state: the first leads, named with the rest."""
    problems = []
    for alias, claims in sorted(site.claims.items()):
        if recorded.get(alias) or len({page for _, page in claims}) < 2:
            continue
        first_source, first_page = claims[0]
        others = ", ".join(f"{source} (for {page})" for source, page in claims if page != first_page)
        problems.append(f"{alias} is stated by {first_source} (for {first_page}) and by {others}: the first leads")
    return problems


@dataclass(frozen=True)
class Permanence:
    """What the permalink check of a build found (`check_permanence`): errors stop every engine's build."""

    recorded: Mapping[str, str]  # the ledger: URL → meaning ("" for a page or download)
    redirects: Mapping[str, str]  # redirects.txt: old page → new page
    errors: tuple[str, ...]  # each "file: error: …" with its URLs, one a line
    warnings: tuple[str, ...]


def check_permanence(content: Path, site: Permalinks) -> Permanence:
    """The one permalink check of the MkDocs plugin, the other engines' build and `ledger --check`'s
    companion: a published link gone without a redirect, an alias stated for another page, or an
    anchor that now shows another question undeclared is an error; a new alias two pages claim warns."""
    where = os.path.relpath(content / LEDGER)
    redirects_file, changes_file = os.path.relpath(content / REDIRECTS), os.path.relpath(content / CHANGES)
    try:
        redirects = read_redirects(content / REDIRECTS)
    except ValueError as error:
        return Permanence({}, {}, (str(error),), ())
    recorded = read_meanings(content / LEDGER)
    declared = read_changes(content / CHANGES)
    errors = []
    missing = lost(list(recorded), site, redirects)
    if missing:
        errors.append(
            f"{where}: error: {len(missing)} published links are gone from the site; restore them or declare"
            f" a redirect in {redirects_file}:" + "".join(f"\n  {url}" for url in missing)
        )
    taken = moved_aliases(recorded, site, declared, redirects)
    if taken:
        errors.append(
            f"{where}: error: {len(taken)} published aliases would lead to another page; correct the letter's"
            f" number or declare each change in {changes_file}:" + "".join(f"\n  {line}" for line in taken)
        )
    moved = [line for line in changed(recorded, site, declared, redirects) if line not in taken]
    if moved:
        errors.append(
            f"{where}: error: {len(moved)} published anchors now show another question; restore the reading"
            f" or declare each change in {changes_file}:" + "".join(f"\n  {line}" for line in moved)
        )
    warnings = tuple(f"{where}: warning: {conflict}" for conflict in alias_conflicts(recorded, site))
    return Permanence(recorded, redirects, tuple(errors), warnings)


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
            files = all(p.startswith("/") and p.endswith(".txt") for p in parts)  # a letter's download renamed
            if len(parts) != 2 or not (files or all(p.startswith("/") and p.endswith("/") for p in parts)):
                raise ValueError(
                    f"{path}:{number}: error: expected 'OLD NEW', two page URLs such as /2024Z00001/"
                    " (or two downloads such as /letters/oud.txt /letters/nieuw.txt)"
                )
            redirects[parts[0]] = parts[1]
    return redirects


def lost(ledger: list[str], site: Permalinks, redirects: dict[str, str]) -> list[str]:
    """Ledger entries the site no longer serves, directly or through a redirect to a page that has
    the same anchor, or the same file beside it (its feed)."""
    redirects = in_force(site, redirects)
    return [entry for entry in ledger if entry not in site.urls and redirected(entry, redirects) not in site.urls]


def in_force(site: Permalinks, redirects: Mapping[str, str]) -> dict[str, str]:
    """The declared moves whose old address the site does not serve itself: a redirect declared
    before its rename (or after a rename undone) never replaces the page, nor covers its anchors."""
    served = site.urls - site.aliases.keys()
    return {old: new for old, new in redirects.items() if old not in served}


def redirected(entry: str, redirects: Mapping[str, str]) -> str | None:
    """Where the redirects take a ledger entry: a page or download declared itself, an anchor with
    its page ("/a/#vraag-3" → "/b/#vraag-3"), a file beside a page with it ("/a/atom.xml" →
    "/b/atom.xml"); None when no redirect covers it."""
    if entry in redirects:
        return redirects[entry]
    page, hash_sign, anchor = entry.partition("#")
    if not hash_sign:
        page, anchor = entry[: entry.rfind("/") + 1], entry[entry.rfind("/") + 1 :]
    target = redirects.get(page) if page.endswith("/") else None
    return f"{target}{hash_sign}{anchor}" if target and anchor else None


def unrecorded(recorded: Mapping[str, str], site: Permalinks) -> list[str]:
    """What the site serves that the ledger does not list yet, or lists without its meaning."""
    unmeant = {url for url in (*site.meanings, *site.aliases) if url in recorded and not recorded[url]}
    return sorted((site.urls - set(recorded)) | unmeant)


def updated_ledger(recorded: Mapping[str, str], site: Permalinks, declared: Set[str] = frozenset()) -> str:
    """The ledger with the site's new permalinks and their meanings added; nothing is ever taken out,
    and a recorded meaning changes only where changes.txt declares it."""
    lines = []
    for url in sorted(set(recorded) | site.urls):
        now = site.meanings.get(url) or site.aliases.get(url, "")
        was = recorded.get(url, "")
        kept = now if (url in declared or not was) else was
        lines.append(f"{url} {kept}\n" if kept else f"{url}\n")
    return HEADER + "".join(lines)


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
    site: Permalinks, redirects: Mapping[str, str], previews: Mapping[str, Preview] | None = None
) -> dict[str, str]:
    """Path (relative to the site) → HTML of every alias and declared redirect; `previews` by page
    URL ("/2024Z14814/")."""
    moves = in_force(site, redirects)
    pages = {**site.aliases, **{old: new for old, new in moves.items() if old.endswith("/")}}
    previews = previews or {}
    return {old.strip("/") + "/index.html": redirect_page(old, new, previews.get(new)) for old, new in pages.items()}


def carried_files(site: Permalinks, redirects: Mapping[str, str]) -> dict[str, str]:
    """Files to publish at an old address too, as the same file (path → path, relative to the site):
    a renamed download, and each file beside a moved page (its feed: a feed reader follows no
    redirect page). Never over a file the site serves."""
    moves = in_force(site, redirects)
    files = {old: new for old, new in moves.items() if not old.endswith("/")}
    moved: dict[str, list[str]] = {}  # a page's new URL → the old ones that lead to it
    for old, new in moves.items():
        if old.endswith("/"):
            moved.setdefault(new, []).append(old)
    for url in site.urls if moved else ():  # one pass, however many redirects
        folder, name = url[: url.rfind("/") + 1], url[url.rfind("/") + 1 :]
        if name and "#" not in url:
            files.update((old + name, url) for old in moved.get(folder, ()))
    return {old.lstrip("/"): new.lstrip("/") for old, new in files.items() if old not in site.urls}
