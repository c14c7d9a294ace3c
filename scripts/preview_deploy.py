#!/usr/bin/env python3
"""The trusted half of pull-request previews (preview-deploy.yml): what the unprivileged build of a
pull request uploaded is data, all of it, and this program decides what of it is published.

    preview-deploy check   --artifact DIR                   bounds, no links or special files, file types, changes.json
    preview-deploy resolve --artifact DIR                   the pull request from the trusted event, the fork approval
    preview-deploy publish --artifact DIR --pages DIR --number N --fork true|false
    preview-deploy comment --artifact DIR --number N --state published|waiting

It runs with the runner's python3 from a checkout of the default branch (standard library only, never
code from the artifact). The GitHub API is reached at GITHUB_API_URL with GITHUB_TOKEN; the trusted
event's values come from the environment: REPOSITORY, HEAD_SHA, HEAD_REPOSITORY, HEAD_BRANCH; the
optional separate origin from PREVIEW_REPOSITORY and PREVIEW_URL. Anything refused stops with a message
on stderr and exit status 1; text from the artifact is only ever shown quoted (ascii()), never as a line
of its own, so it cannot pass for a workflow command.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

LABEL = "preview-ok"  # set by a maintainer (triage permission or more) to publish a fork's preview
MARKER = "<!-- kamervragen-preview -->"  # the start of the one preview comment
BOT_LOGIN = "github-actions[bot]"  # whose comment with the marker is ours (anyone can write the marker)

MAX_BYTES = 400_000_000  # the site's budget is 300 MB (preview/build.py); GitHub Pages allows 1 GB in all
MAX_FILES = 60_000
MAX_DEPTH = 16
MAX_NAME_BYTES = 200
MAX_CHANGES_BYTES = 2_000_000
MAX_PAGES = 20_000
MAX_ANCHORS = 1_000
MAX_API_BYTES = 20_000_000
COMMENT_BUDGET = 60_000  # characters; GitHub refuses a comment above 65,536

ZAAK = re.compile(r"\d{4}Z\d{5}")
AANHANGSEL = re.compile(r"ah-tk-\d{8}-\d{1,6}")
ANCHOR = re.compile(r"vraag-[1-9]\d{0,3}[a-z]?")  # a part of a question: vraag-2l
NUMBER = re.compile(r"[1-9]\d{0,8}")
SHA = re.compile(r"[0-9a-f]{40}")
REPOSITORY = re.compile(r"[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}")
PREVIEW_URL = re.compile(r"https://[a-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~-]+)*/?")

TOP_LEVEL = {"number", "changes.json", "site"}
# What a built site holds. Browsers run script only in documents: HTML gets the policy below, SVG and
# XML are read and refused if they could script; the rest is served as data (style, script files that
# only a page can load, search index, images).
HTML = {".html", ".htm"}
XML = {".xml", ".svg"}
DATA = {".css", ".js", ".json", ".jsonl", ".map", ".txt", ".csv", ".gz", ".webmanifest", ".wasm"}
DATA |= {".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2"}
DATA |= {".pagefind", ".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"}  # Pagefind's index
EXTENSIONS = HTML | XML | DATA

# The inline scripts the site itself has, as its trusted code writes them: Material for MkDocs
# (templates/partials/javascripts/base.html, palette.html, content.html, with the theme's features of
# mkdocs.yml), the theme's fold script (theme/main.html) and the redirect pages of
# src/kamervragen/site/permalinks.py. Each has at most one slot, a relative path, which is matched
# before the script is hashed into a page's policy; any other inline script is left out of the policy,
# so the browser does not run it. tests/test_preview_deploy.py builds a real preview and checks that
# every script of it is in this list.
_PATH = r"[A-Za-z0-9._~/-]{0,300}"
_SITE_SCRIPTS = (
    (
        '__md_scope=new URL("',
        _PATH,
        '",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,'
        't=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>'
        '{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}',
    ),
    (
        'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"==='
        'palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector('
        'media.matches?"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media='
        '\'(prefers-color-scheme: dark)\']");palette.color.media=input.getAttribute("data-md-color-media"),'
        'palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute('
        '"data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,'
        'value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}',
    ),
    (
        "var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked="
        'target.name.startsWith("__tabbed_"))',
    ),
    ('location.replace("', r"(?:\.\./)+(?:[A-Za-z0-9._-]+/)+", '" + location.hash);'),
    # theme/main.html: a letter page's phone folds
    (
        'document.documentElement.classList.add("kv-uitklapbaar");document.addEventListener("click",function('
        'e){var b=e.target.closest&&e.target.closest("button.kv-uitklap"),c=b&&b.getAttribute("aria-controls"'
        '),p=b&&(c?document.getElementById(c):b.closest(".kv-kop"));if(!p)return;var o=!p.classList.contains('
        '"kv-open"),l=b.getAttribute("data-minder");p.classList.toggle("kv-open",o);b.setAttribute("aria-expa'
        'nded",o?"true":"false");b.setAttribute("data-minder",b.textContent);b.textContent=l})',
    ),
)
SITE_SCRIPT = re.compile(
    "|".join("".join(part if i % 2 else re.escape(part) for i, part in enumerate(parts)) for parts in _SITE_SCRIPTS)
)
INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
DOCUMENT_START = re.compile(rb"\A(?:\xef\xbb\xbf)?[\t\n\f\r ]*(?:<!doctype[^>]*>)?", re.IGNORECASE)

XHTML = "http://www.w3.org/1999/xhtml"
XML_FORBIDDEN = re.compile(rb"<!DOCTYPE|<!ENTITY|<\?xml-stylesheet", re.IGNORECASE)
XML_ENCODING = re.compile(r"""\A(?:\ufeff)?<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)["']""")
SCRIPTING_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}


class Stop(Exception):
    """The deploy stops here, with this message (nothing is published or posted after it)."""


def _quote(value: object, limit: int = 80) -> str:
    text = value if isinstance(value, str) else repr(value)
    return ascii(text[:limit] + ("…" if len(text) > limit else ""))


def _say(message: str) -> None:
    print(f"preview-deploy: {message}", file=sys.stderr)


# The artifact ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Inventory:
    files: tuple[tuple[str, int], ...]  # regular files under site/, by path relative to it, with size
    total: int


def inspect(artifact: Path, max_bytes: int = MAX_BYTES, max_files: int = MAX_FILES) -> Inventory:
    """Walk the artifact without following anything: every entry a directory or a regular file of one
    link, names plain, at most `max_files` files and `max_bytes` bytes (counted as the walk goes, so an
    enormous artifact stops early), the layout number, changes.json, site/; nothing is read or copied
    before the whole walk passed."""
    _layout(artifact)
    count, folders, total = 0, 0, 0
    files: list[tuple[str, int]] = []
    stack: list[tuple[Path, str, int]] = [(artifact, "", 0)]
    while stack:
        folder, prefix, depth = stack.pop()
        with os.scandir(folder) as entries:
            listing = sorted(entries, key=lambda e: e.name)
        for entry in listing:
            relative = prefix + entry.name
            _check_name(entry.name, relative)
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                raise Stop(f"refused: {_quote(relative)} in the artifact is a symbolic link")
            if stat.S_ISDIR(info.st_mode):
                folders += 1
                if depth + 1 > MAX_DEPTH:
                    raise Stop(f"refused: {_quote(relative)} is nested more than {MAX_DEPTH} folders deep")
                if folders > max_files:
                    raise Stop(f"refused: the artifact holds more than {max_files} folders")
                stack.append((Path(entry.path), relative + "/", depth + 1))
                continue
            if not stat.S_ISREG(info.st_mode):
                raise Stop(f"refused: {_quote(relative)} in the artifact is a special file ({_kind(info.st_mode)})")
            if info.st_nlink > 1:
                raise Stop(f"refused: {_quote(relative)} in the artifact is a hard link")
            count += 1
            total += info.st_size
            if count > max_files:
                raise Stop(f"refused: the artifact holds more than {max_files} files")
            if total > max_bytes:
                raise Stop(f"refused: the artifact is larger than {max_bytes} bytes")
            if relative.startswith("site/"):
                files.append((relative.removeprefix("site/"), info.st_size))
            elif relative not in TOP_LEVEL:
                raise Stop(f"refused: {_quote(relative)}: site/ is the only folder of the artifact")
    _contents(artifact, files)
    return Inventory(tuple(sorted(files)), total)


def _layout(artifact: Path) -> None:
    _directory(artifact, "the artifact")
    with os.scandir(artifact) as entries:
        top = {entry.name for entry in entries}
    unexpected = sorted(top - TOP_LEVEL)
    if unexpected:
        raise Stop(
            f"refused: the artifact holds {', '.join(map(_quote, unexpected))}: only number, changes.json and site/ "
            "are allowed (the comment is written by the deploy job; merge the default branch into the pull request)"
        )
    missing = sorted(TOP_LEVEL - top)
    if missing:
        raise Stop(f"refused: the artifact has no {missing[0]} (merge the default branch into the pull request)")


def _contents(artifact: Path, files: list[tuple[str, int]]) -> None:
    for relative in ("number", "changes.json"):
        if not stat.S_ISREG(os.lstat(artifact / relative).st_mode):
            raise Stop(f"refused: {relative} in the artifact is not a file")
    _directory(artifact / "site", "site/ of the artifact")
    if "index.html" not in {name for name, _ in files}:
        raise Stop("refused: site/ of the artifact has no index.html")
    for name, _ in files:
        if Path(name).suffix.lower() not in EXTENSIONS:
            raise Stop(f"refused: {_quote(name)}: no file of this type is published (allowed: {_extensions()})")


def check_artifact(artifact: Path, max_bytes: int = MAX_BYTES, max_files: int = MAX_FILES) -> Inventory:
    """Everything `check` does, before `publish` copies anything: the walk, the SVG and XML files, the
    number and changes.json."""
    inventory = inspect(artifact, max_bytes, max_files)
    for name, size in inventory.files:
        if Path(name).suffix.lower() in XML:
            check_document(name, _read(artifact / "site" / name, size))
    read_number(artifact)
    load_changes(artifact)
    return inventory


def _directory(path: Path, what: str) -> None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise Stop(f"refused: {what} is missing") from None
    if stat.S_ISLNK(info.st_mode):
        raise Stop(f"refused: {what} is a symbolic link")
    if not stat.S_ISDIR(info.st_mode):
        raise Stop(f"refused: {what} is not a folder")


def _check_name(name: str, relative: str) -> None:
    try:
        encoded = name.encode("utf-8")
    except UnicodeEncodeError:
        raise Stop(f"refused: {_quote(relative)}: a file name that is not UTF-8") from None
    if name.startswith(".") or len(encoded) > MAX_NAME_BYTES or re.search(r"[\x00-\x1f\x7f\\]", name):
        raise Stop(f"refused: {_quote(relative)}: a name that starts with a dot, has control characters or is too long")


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"))
    return next((name for test, name in (*kinds, (stat.S_ISBLK, "a block device")) if test(mode)), "unknown")


def _extensions() -> str:
    return " ".join(sorted(EXTENSIONS))


def _read(path: Path, limit: int) -> bytes:
    """A regular file of the artifact, opened without following a link, at most `limit` bytes."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise Stop(f"refused: {_quote(path.name)} is not a regular file")
        data = file.read(limit + 1)
    if len(data) > limit:
        raise Stop(f"refused: {_quote(path.name)} is larger than {limit} bytes")
    return data


def check_document(name: str, data: bytes) -> None:
    """An SVG or XML file is published only when no browser could run script from it: UTF-8, no
    document type (entities could build markup), no style sheet (XSLT), no XHTML, no script element,
    no event attribute and no javascript: in any attribute."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Stop(f"refused: {_quote(name)} is not UTF-8") from None
    declared = XML_ENCODING.match(text)
    if declared and declared.group(1).lower().replace("_", "-") not in {"utf-8", "utf8"}:
        raise Stop(f"refused: {_quote(name)} declares the encoding {_quote(declared.group(1))}")
    if XML_FORBIDDEN.search(data):
        raise Stop(f"refused: {_quote(name)} has a document type, an entity or a style sheet instruction")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise Stop(f"refused: {_quote(name)} is not well-formed XML ({error})") from None
    for element in root.iter():
        namespace, _, local = str(element.tag).rpartition("}")
        if namespace.lstrip("{") == XHTML or local.lower() in SCRIPTING_ELEMENTS:
            raise Stop(f"refused: {_quote(name)} has an element that can run script or hold a page: {_quote(local)}")
        for attribute, value in element.attrib.items():
            if attribute.rpartition("}")[2].lower().startswith("on"):
                raise Stop(f"refused: {_quote(name)} has an event attribute {_quote(attribute)}")
            plain = re.sub(r"[\x00-\x20]", "", value).lower()
            if "javascript:" in plain or "vbscript:" in plain:
                raise Stop(f"refused: {_quote(name)} has a script URL in {_quote(attribute)}")


# changes.json: the only text of the build that reaches the comment, and only as validated ids ------


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    change: str  # added, changed, removed
    anchors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Changes:
    partial: bool
    pages: tuple[Page, ...]


def load_changes(artifact: Path) -> Changes:
    raw = _read(artifact / "changes.json", MAX_CHANGES_BYTES)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Stop("refused: changes.json is not JSON (UTF-8)") from None
    if not isinstance(data, dict) or set(data) != {"version", "partial", "pages"}:
        raise Stop("refused: changes.json must be an object of exactly version, partial and pages")
    if data["version"] != 1 or not isinstance(data["partial"], bool) or not isinstance(data["pages"], list):
        raise Stop("refused: changes.json: version must be 1, partial true or false, pages a list")
    if len(data["pages"]) > MAX_PAGES:
        raise Stop(f"refused: changes.json lists more than {MAX_PAGES} pages")
    pages: list[Page] = []
    seen: set[str] = set()
    for index, entry in enumerate(data["pages"]):
        pages.append(_page(index, entry, seen))
    return Changes(data["partial"], tuple(pages))


def _page(index: int, entry: object, seen: set[str]) -> Page:
    where = f"changes.json, entry {index}"
    if not isinstance(entry, dict) or set(entry) != {"id", "change", "anchors"}:
        raise Stop(f"refused: {where}: must be an object of exactly id, change and anchors")
    page, change, anchors = entry["id"], entry["change"], entry["anchors"]
    if not isinstance(page, str) or not (ZAAK.fullmatch(page) or AANHANGSEL.fullmatch(page)):
        raise Stop(
            f"refused: {where}: the id {_quote(page)} is not a Zaak number (2024Z12345) "
            "or an Aanhangsel id (ah-tk-20242025-594)"
        )
    if page in seen:
        raise Stop(f"refused: {where}: {page} is listed twice")
    seen.add(page)
    if change not in {"added", "changed", "removed"}:
        raise Stop(f"refused: {where}: the change {_quote(change)} is not added, changed or removed")
    if not isinstance(anchors, list) or len(anchors) > MAX_ANCHORS:
        raise Stop(f"refused: {where}: anchors must be a list of at most {MAX_ANCHORS}")
    for anchor in anchors:
        if not isinstance(anchor, str) or not ANCHOR.fullmatch(anchor):
            raise Stop(f"refused: {where}: the anchor {_quote(anchor)} is not vraag-N")
    if len(set(anchors)) != len(anchors) or (anchors and change != "changed"):
        raise Stop(f"refused: {where}: anchors repeat, or are given for a page that is not changed")
    return Page(page, change, tuple(anchors))


def read_number(artifact: Path) -> int:
    text = _read(artifact / "number", 32).decode("ascii", "replace").strip()
    if not NUMBER.fullmatch(text):
        raise Stop(f"refused: the artifact's number {_quote(text)} is not a pull request number")
    return int(text)


# The GitHub API -------------------------------------------------------------------------------------


def api(method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    base = os.environ.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    token = os.environ.get("GITHUB_TOKEN", "")
    if not token:
        raise Stop("GITHUB_TOKEN is not set")
    request = urllib.request.Request(
        base + path,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "kamervragen-preview-deploy",
            **({"Content-Type": "application/json"} if body is not None else {}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            raw = response.read(MAX_API_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise Stop(f"the GitHub API answered {method} {path.partition('?')[0]} with HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError) as error:
        raise Stop(f"the GitHub API could not be reached for {method} {path.partition('?')[0]} ({error})") from None
    if len(raw) > MAX_API_BYTES:
        raise Stop(f"the GitHub API's answer to {method} {path.partition('?')[0]} is too large")
    return json.loads(raw) if raw.strip() else None


def _pages_of(path: str, limit: int = 30) -> Iterator[dict[str, Any]]:
    """Every item of a paginated list (100 a page, at most `limit` pages)."""
    separator = "&" if "?" in path else "?"
    for number in range(1, limit + 1):
        items = api("GET", f"{path}{separator}per_page=100&page={number}")
        if not isinstance(items, list):
            raise Stop(f"the GitHub API's answer to GET {path.partition('?')[0]} is not a list")
        yield from (item for item in items if isinstance(item, dict))
        if len(items) < 100:
            return


def _environment(name: str, pattern: re.Pattern[str], required: bool = True) -> str:
    value = os.environ.get(name, "")
    if not value and not required:
        return ""
    if not pattern.fullmatch(value):
        raise Stop(f"{name} is missing or malformed: {_quote(value)}")
    return value


@dataclass(frozen=True, slots=True)
class Pull:
    number: int
    fork: bool
    head_repository: str


def _full_name(repository: object) -> str:
    name = repository.get("full_name") if isinstance(repository, dict) else None
    return name.lower() if isinstance(name, str) else ""


def find_pull(repository: str, sha: str, head_repository: str, head_branch: str) -> Pull:
    """The one open pull request of `repository` whose head is commit `sha` of `head_repository`,
    as the API tells it (the build's own claims play no part)."""

    def matches(pull: dict[str, Any]) -> bool:
        head, base = pull.get("head") or {}, pull.get("base") or {}
        return (
            pull.get("state") == "open"
            and head.get("sha") == sha
            and _full_name(head.get("repo")) == head_repository.lower()
            and _full_name(base.get("repo")) == repository.lower()
            and isinstance(pull.get("number"), int)
        )

    found = {p["number"]: p for p in _pages_of(f"/repos/{repository}/commits/{sha}/pulls", 3) if matches(p)}
    if not found and head_branch:  # the commit's list can miss a fork's pull request: ask by its head
        owner = head_repository.partition("/")[0]
        head = urllib.parse.quote(f"{owner}:{head_branch}", safe="")
        found = {
            p["number"]: p for p in _pages_of(f"/repos/{repository}/pulls?state=open&head={head}", 3) if matches(p)
        }
    if not found:
        raise Stop(
            f"refused: no open pull request of {repository} has the head {sha} of {head_repository} "
            "(closed or pushed again since this build, or not a pull request's build): nothing is published"
        )
    if len(found) > 1:
        numbers = ", ".join(f"#{n}" for n in sorted(found))
        raise Stop(f"refused: several open pull requests ({numbers}) have the head {sha}: cannot tell which one")
    number, pull = next(iter(found.items()))
    return Pull(number, _full_name(pull["head"].get("repo")) != repository.lower(), head_repository)


def labels(repository: str, number: int) -> set[str]:
    return {str(item.get("name")) for item in _pages_of(f"/repos/{repository}/issues/{number}/labels", 3)}


# resolve ---------------------------------------------------------------------------------------------


def resolve(artifact: Path) -> dict[str, str]:
    repository = _environment("REPOSITORY", REPOSITORY)
    sha = _environment("HEAD_SHA", SHA)
    head_repository = _environment("HEAD_REPOSITORY", REPOSITORY)
    head_branch = os.environ.get("HEAD_BRANCH", "")
    claimed = read_number(artifact)
    pull = find_pull(repository, sha, head_repository, head_branch)
    if claimed != pull.number:
        raise Stop(
            f"refused: the artifact names pull request #{claimed}, but the build ran for #{pull.number} "
            f"(head {sha}): nothing is published or posted"
        )
    outputs = {"number": str(pull.number), "fork": str(pull.fork).lower(), "sha": sha, "publish": "true"}
    if pull.fork:
        approval = next((name for name in labels(repository, pull.number) if name.lower() == LABEL), None)
        if approval is None:
            _say(
                f"refused: pull request #{pull.number} comes from the fork {pull.head_repository}; its preview is "
                f"published only once a maintainer adds the label {LABEL} (the comment says so)"
            )
            outputs["publish"] = "false"
        else:  # one approval, one commit: the next push needs the label again
            api("DELETE", f"/repos/{repository}/issues/{pull.number}/labels/{urllib.parse.quote(approval, safe='')}")
            _say(f"pull request #{pull.number} from the fork {pull.head_repository}: approved by {LABEL} (now removed)")
    else:
        _say(f"pull request #{pull.number}, a branch of {repository}: publishing")
    return outputs


def _write_outputs(outputs: dict[str, str]) -> None:
    target = os.environ.get("GITHUB_OUTPUT")
    lines = "".join(f"{key}={value}\n" for key, value in outputs.items())
    if target:
        with open(target, "a", encoding="utf-8") as file:
            file.write(lines)
    print(lines, end="")


# Where previews live --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Site:
    url: str  # ends in /; pr-<N>/ is below it
    separate: bool  # on an origin of its own, away from the production site


def site() -> Site:
    repository = _environment("REPOSITORY", REPOSITORY)
    owner, name = repository.split("/")
    shared = f"{owner.lower()}.github.io"
    if os.environ.get("PREVIEW_REPOSITORY"):
        _environment("PREVIEW_REPOSITORY", REPOSITORY)
        url = _environment("PREVIEW_URL", PREVIEW_URL).rstrip("/") + "/"
        if urllib.parse.urlsplit(url).hostname == shared:
            _say(f"PREVIEW_URL is on {shared}, the production site's origin: the preview gets the policy")
            return Site(url, False)
        return Site(url, True)
    return Site(f"https://{shared}/{name}/", False)


# publish ---------------------------------------------------------------------------------------------


def policy(html: bytes, fork: bool) -> str:
    """The Content-Security-Policy of a page on the production site's origin: the site's own inline
    scripts by hash, no other inline script, nothing fetched from or sent to another origin. A fork's
    preview runs no script file either ('self' would admit the fork's own .js)."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
            for script in INLINE_SCRIPT.findall(html)
            if SITE_SCRIPT.fullmatch(script.decode("utf-8", "replace"))
        }
    )
    scripts = hashes if fork else ["'self'", "'wasm-unsafe-eval'", *hashes]  # Pagefind runs WebAssembly
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + (" ".join(scripts) or "'none'"),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_policy(html: bytes, fork: bool) -> bytes:
    """The page with its policy as the first element after the document type, before anything the
    page itself has (a meta policy holds only for what follows it)."""
    start = DOCUMENT_START.match(html)
    position = start.end() if start else 0
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, fork)}">'
    return html[:position] + meta.encode() + html[position:]


def publish(artifact: Path, pages: Path, number: int, fork: bool, push: bool, max_bytes: int, max_files: int) -> Path:
    inventory = check_artifact(artifact, max_bytes, max_files)
    where = site()
    if not (pages / ".git").exists():
        raise Stop(f"{pages} is not a checkout of the pages branch")
    target = pages / f"pr-{number}"
    if target.is_symlink() or target.is_file():
        target.unlink()
    elif target.exists():
        shutil.rmtree(target)
    source = artifact / "site"
    copied = 0
    for name, size in inventory.files:
        suffix = Path(name).suffix.lower()
        data = _read(source / name, size)
        copied += len(data)
        if copied > max_bytes:
            raise Stop(f"refused: the artifact grew beyond {max_bytes} bytes while it was copied")
        if suffix in XML:
            check_document(name, data)  # checked before, and again as copied
        if suffix in HTML and not where.separate:
            data = with_policy(data, fork)
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
    (pages / ".nojekyll").touch()
    sha = os.environ.get("HEAD_SHA", "")
    _git(pages, "add", "add", "-A", "--", target.name, ".nojekyll")
    if subprocess.run(["git", "-C", str(pages), "diff", "--cached", "--quiet"], check=False).returncode == 0:
        _say(f"pr-{number}/ is unchanged: nothing to commit")
        return target
    message = f"Preview of pull request #{number}" + (f" ({sha[:12]})" if SHA.fullmatch(sha) else "")
    _git(pages, "commit", *BOT_IDENTITY, "commit", "-q", "-m", message)
    if push:
        _git(pages, "push", "push", "-q", "origin", "HEAD")
    _say(
        f"published {len(inventory.files)} files ({inventory.total} bytes) under pr-{number}/: {where.url}pr-{number}/"
        + ("" if where.separate else " with a Content-Security-Policy on every page")
    )
    return target


BOT_IDENTITY = (
    "-c",
    "user.name=github-actions[bot]",
    "-c",
    "user.email=41898282+github-actions[bot]@users.noreply.github.com",
)


def _git(repository: Path, what: str, *args: str) -> None:
    result = subprocess.run(["git", "-C", str(repository), *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise Stop(f"git {what} failed: {_quote(result.stderr.strip(), 500)}")


# comment ---------------------------------------------------------------------------------------------


def comment_body(number: int, sha: str, changes: Changes | None) -> str:
    """The comment, written here from validated ids only; `changes` None: the preview waits for a
    maintainer's approval."""
    root = f"{site().url}pr-{number}/"
    commit = f" (commit `{sha[:12]}`)" if SHA.fullmatch(sha) else ""
    lines = [MARKER, "### Voorbeeld van deze wijziging", ""]
    if changes is None:
        lines.append(
            f"Het voorbeeld{commit} komt uit een fork en wordt pas gepubliceerd als een maintainer het label "
            f"`{LABEL}` zet (na het nakijken van de wijziging; elke nieuwe push vraagt het label opnieuw)."
        )
        return "\n".join(lines) + "\n"
    lines.append(f"De gebouwde site: [{root}]({root}){commit}")
    if changes.partial:
        lines.append("(alleen de gewijzigde pagina's: het archief is te groot voor een volledig voorbeeld)")
    if not changes.pages:
        lines += ["", "Geen Kamervraag-pagina's gewijzigd."]
    size = sum(len(line) + 1 for line in lines)
    left_out = 0
    for change, heading in (("added", "Toegevoegd"), ("changed", "Gewijzigd"), ("removed", "Verwijderd")):
        listed = [p for p in changes.pages if p.change == change]
        if not listed:
            continue
        section = ["", f"**{heading} ({len(listed)})**", ""]
        for page in listed:
            if change == "removed":
                line = f"- `{page.id}`"
            else:
                anchors = ", ".join(f"[vraag {a.removeprefix('vraag-')}]({root}{page.id}/#{a})" for a in page.anchors)
                line = f"- [{page.id}]({root}{page.id}/)" + (f": {anchors}" if anchors else "")
            if size + sum(len(s) + 1 for s in section) + len(line) + 1 > COMMENT_BUDGET:
                left_out += 1
                continue
            section.append(line)
        size += sum(len(s) + 1 for s in section)
        lines += section
    if left_out:
        lines += ["", f"… en {left_out} pagina's meer (de lijst is te lang voor één reactie)."]
    return "\n".join(lines) + "\n"


def post_comment(repository: str, number: int, body: str) -> str:
    """Update the bot's one preview comment on the pull request, or post it if there is none."""
    bot = os.environ.get("BOT_LOGIN", BOT_LOGIN)
    for item in _pages_of(f"/repos/{repository}/issues/{number}/comments", 30):
        user = item.get("user") or {}
        text = item.get("body") or ""
        if user.get("login") == bot and isinstance(text, str) and text.startswith(MARKER):
            api("PATCH", f"/repos/{repository}/issues/comments/{int(item['id'])}", {"body": body})
            return f"updated comment {int(item['id'])}"
    api("POST", f"/repos/{repository}/issues/{number}/comments", {"body": body})
    return "posted the comment"


# The command ----------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="preview-deploy", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check_command = commands.add_parser("check", help="bounds, links, special files, types, changes.json")
    resolve_command = commands.add_parser("resolve", help="the pull request from the trusted event; fork approval")
    publish_command = commands.add_parser("publish", help="copy into pr-<N>/ of the pages checkout, commit, push")
    comment_command = commands.add_parser("comment", help="post or update the one preview comment")
    for command in (check_command, resolve_command, publish_command, comment_command):
        command.add_argument("--artifact", type=Path, required=True, help="the downloaded artifact")
    for command in (check_command, publish_command):
        command.add_argument("--max-bytes", type=int, default=MAX_BYTES)
        command.add_argument("--max-files", type=int, default=MAX_FILES)
    for command in (publish_command, comment_command):
        command.add_argument("--number", required=True, help="the pull request, as resolve found it")
    publish_command.add_argument("--pages", type=Path, required=True, help="a checkout of the pages branch")
    publish_command.add_argument("--fork", choices=["true", "false"], required=True)
    publish_command.add_argument("--no-push", action="store_true", help="commit only")
    comment_command.add_argument("--state", choices=["published", "waiting"], required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            inventory = check_artifact(args.artifact, args.max_bytes, args.max_files)
            changes = load_changes(args.artifact)
            _say(f"checked: {len(inventory.files)} files, {inventory.total} bytes, {len(changes.pages)} pages listed")
        elif args.command == "resolve":
            _write_outputs(resolve(args.artifact))
        else:
            if not NUMBER.fullmatch(args.number):
                raise Stop(f"--number {_quote(args.number)} is not a pull request number")
            number = int(args.number)
            if args.command == "publish":
                publish(
                    args.artifact,
                    args.pages,
                    number,
                    args.fork == "true",
                    not args.no_push,
                    args.max_bytes,
                    args.max_files,
                )
            else:
                repository = _environment("REPOSITORY", REPOSITORY)
                # Published: the artifact as check and publish saw it. Waiting: nothing of it is read.
                listed = None
                if args.state == "published":
                    check_artifact(args.artifact, MAX_BYTES, MAX_FILES)
                    listed = load_changes(args.artifact)
                body = comment_body(number, os.environ.get("HEAD_SHA", ""), listed)
                _say(post_comment(repository, number, body) + f" on #{number}")
    except Stop as stop:
        _say(str(stop))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
