"""The deploy job of pull-request previews (scripts/preview_deploy.py) against crafted artifacts: the
pull request comes from the API, never from the artifact; a fork publishes only with the maintainers'
label; the comment is written from validated ids; the artifact is bounded and holds only plain files of
harmless types; pages on the production origin carry a policy that runs only the site's own script.

The steps run as the workflow runs them (the runner's python3 without any package, or the bash
wrapper), against a fake GitHub API on 127.0.0.1 and a temporary git repository for gh-pages."""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from kamervragen.preview.build import build_preview

from .conftest import CORPUS
from .site_build import ROOT, serve

SCRIPT = ROOT / "scripts" / "preview_deploy.py"
WRAPPER = ROOT / "scripts" / "preview-deploy"
MARKER = "<!-- kamervragen-preview -->"
REPOSITORY = "owner/kamervragen"
FORK = "mallory/kamervragen"
SHA = "a" * 40
OTHER_SHA = "b" * 40
NEW_SHA = "c" * 40
TOKEN = "test-token"
URL = "https://owner.github.io/kamervragen/"
CHANGES = {"version": 1, "partial": False, "pages": [{"id": "2025Z04271", "change": "changed", "anchors": ["vraag-4"]}]}


# A fake GitHub API: the endpoints the deploy job calls, with what was written recorded -----------------


@dataclass
class FakeGitHub:
    url: str = ""
    pulls: list[dict[str, Any]] = field(default_factory=list)
    labels: dict[int, list[str]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    writes: list[tuple[str, str, Any]] = field(default_factory=list)
    commit_list_misses_forks: bool = False  # as the API does at times for a fork's head commit
    next_id: int = 1000

    def add_pull(self, number: int, sha: str, head: str = REPOSITORY, state: str = "open") -> None:
        self.pulls.append(
            {
                "number": number,
                "state": state,
                "head": {"sha": sha, "ref": "feature", "repo": {"full_name": head}},
                "base": {"ref": "main", "repo": {"full_name": REPOSITORY}},
            }
        )

    def answer(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        prefix = f"/repos/{REPOSITORY}"
        if not path.startswith(prefix + "/"):
            return 404, {"message": "Not Found"}
        path = path.removeprefix(prefix)
        page, per_page = int(query.get("page", ["1"])[0]), int(query.get("per_page", ["30"])[0])

        def paged(items: list[Any]) -> list[Any]:
            return items[(page - 1) * per_page : page * per_page]

        if method == "GET" and (match := re.fullmatch(r"/commits/([0-9a-f]{40})/pulls", path)):
            found = [p for p in self.pulls if p["head"]["sha"] == match[1]]
            if self.commit_list_misses_forks:
                found = [p for p in found if p["head"]["repo"]["full_name"] == REPOSITORY]
            return 200, paged(found)
        if method == "GET" and path == "/pulls":
            owner, _, branch = query["head"][0].partition(":")
            found = [
                p
                for p in self.pulls
                if p["state"] == "open" and p["head"]["repo"]["full_name"].startswith(owner + "/")
                if p["head"]["ref"] == branch
            ]
            return 200, paged(found)
        if match := re.fullmatch(r"/issues/(\d+)/labels(?:/(.+))?", path):
            number = int(match[1])
            if method == "GET":
                return 200, paged([{"name": name} for name in self.labels.get(number, [])])
            if method == "DELETE" and unquote(match[2]) in self.labels.get(number, []):
                self.writes.append(("DELETE", path, None))
                self.labels[number].remove(unquote(match[2]))
                return 200, [{"name": name} for name in self.labels[number]]
        if match := re.fullmatch(r"/issues/(\d+)/comments", path):
            number = int(match[1])
            if method == "GET":
                return 200, paged(self.comments.get(number, []))
            if method == "POST":
                self.writes.append(("POST", path, body))
                self.next_id += 1
                comment = {"id": self.next_id, "body": body["body"], "user": {"login": "github-actions[bot]"}}
                self.comments.setdefault(number, []).append(comment)
                return 201, comment
        if method == "PATCH" and (match := re.fullmatch(r"/issues/comments/(\d+)", path)):
            for comment in (c for listed in self.comments.values() for c in listed):
                if comment["id"] == int(match[1]):
                    self.writes.append(("PATCH", path, body))
                    comment["body"] = body["body"]
                    return 200, comment
        return 404, {"message": "Not Found"}

    def bodies(self, number: int) -> list[str]:
        return [c["body"] for c in self.comments.get(number, [])]


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()

    class Handler(http.server.BaseHTTPRequestHandler):
        def _serve(self) -> None:
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                status, answer = 401, {"message": "Bad credentials"}
            else:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                address = urlsplit(self.path)
                status, answer = fake.answer(self.command, address.path, parse_qs(address.query), body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_DELETE = _serve

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()


# Running the steps -------------------------------------------------------------------------------


@dataclass
class Step:
    returncode: int
    stderr: str
    outputs: dict[str, str]


def step(github: FakeGitHub, tmp_path: Path, *args: str, wrapper: bool = False, **environment: str) -> Step:
    """One step of the deploy job: the runner's python3 with no package at all (-I -S), or the bash
    wrapper the workflow calls, with the trusted event's values in the environment."""
    outputs = tmp_path / "github-output"
    outputs.write_text("", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PREVIEW_", "GITHUB_", "HEAD_"))}
    env.update(
        REPOSITORY=REPOSITORY,
        HEAD_SHA=SHA,
        HEAD_REPOSITORY=REPOSITORY,
        HEAD_BRANCH="feature",
        GITHUB_TOKEN=TOKEN,
        GITHUB_API_URL=github.url,
        GITHUB_OUTPUT=str(outputs),
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
    )
    env.update(environment)
    command = [str(WRAPPER)] if wrapper else [sys.executable, "-I", "-S", str(SCRIPT)]
    result = subprocess.run([*command, *args], capture_output=True, text=True, env=env, check=False, timeout=120)
    lines = outputs.read_text(encoding="utf-8").splitlines()
    return Step(result.returncode, result.stderr, dict(line.split("=", 1) for line in lines))


def make_artifact(folder: Path, number: str = "7", changes: object = CHANGES, site: Path | None = None) -> Path:
    """An artifact as the build uploads it: number, changes.json, site/ (a one-page site by default)."""
    folder.mkdir(parents=True)
    (folder / "number").write_text(number + "\n", encoding="utf-8")
    (folder / "changes.json").write_text(json.dumps(changes), encoding="utf-8")
    if site is None:
        (folder / "site").mkdir()
        page = '<!doctype html>\n<html lang="nl"><head><meta charset="utf-8"><title>Kamervragen</title></head>'
        (folder / "site" / "index.html").write_text(page + "<body><p>Voorbeeld</p></body></html>\n", encoding="utf-8")
    else:
        shutil.copytree(site, folder / "site")
    return folder


def git(repository: Path, *args: str) -> str:
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    result = subprocess.run(
        ["git", "-C", str(repository), *args], capture_output=True, text=True, check=True, env=environment
    )
    return result.stdout


@pytest.fixture
def pages(tmp_path: Path) -> tuple[Path, Path]:
    """A gh-pages branch in a bare repository (the remote) and its checkout, as actions/checkout leaves it."""
    remote, checkout = tmp_path / "remote.git", tmp_path / "pages"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "gh-pages", str(remote)], check=True)
    subprocess.run(["git", "clone", "-q", str(remote), str(checkout)], check=True, capture_output=True)
    (checkout / "index.html").write_text("<!doctype html><title>Kamervragen</title>\n", encoding="utf-8")
    git(checkout, "add", ".")
    git(checkout, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "pages")
    git(checkout, "push", "-q", "origin", "HEAD")
    return remote, checkout


def published(remote: Path) -> set[str]:
    return set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())


# A real preview and its list of changes, as the build job makes them --------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, project: Path) -> tuple[Path, str]:
    """The preview of the fixture site built as preview-build.yml builds it, and the changes.json of a
    pull request that changes one answer (scripts/changed-pages --json, the real command)."""
    site = tmp_path_factory.mktemp("built") / "site"
    build_preview(URL + "pr-7/", site, project)
    repository = tmp_path_factory.mktemp("repository")
    letters = repository / "content" / "letters"
    letters.mkdir(parents=True)
    shutil.copy(CORPUS / "tika" / "2025Z04271.txt", letters)
    git(repository, "init", "-q", "-b", "main")
    git(repository, "add", ".")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one letter")
    reference = letters / "2025Z04271.txt"
    text = reference.read_text(encoding="utf-8")
    reference.write_text(text.replace("is afgestemd met", "is vooraf afgestemd met"), encoding="utf-8")
    shutil.copy(CORPUS / "antwoord" / "2024Z18285-antwoord-docx.txt", letters)
    git(repository, "add", ".")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "change")
    command = [sys.executable, "-m", "kamervragen.preview.changes", "HEAD~1", "HEAD", "--json"]
    changes = subprocess.run([*command, "--repository", str(repository)], capture_output=True, text=True, check=True)
    return site, changes.stdout


def test_changed_pages_json_lists_ids_and_anchors_only(built: tuple[Path, str]) -> None:
    assert json.loads(built[1]) == {
        "version": 1,
        "partial": False,
        "pages": [
            {"id": "2024Z18285", "change": "added", "anchors": []},
            {"id": "2025Z04271", "change": "changed", "anchors": ["vraag-4"]},
        ],
    }


def _policies(folder: Path) -> Iterator[tuple[Path, str, BeautifulSoup]]:
    for page in sorted(folder.rglob("*.html")):
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        yield page, str(meta["content"]) if meta else "", soup


def _script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_same_repository_pull_request_publishes_and_comments_once(
    github: FakeGitHub, tmp_path: Path, pages: tuple[Path, Path], built: tuple[Path, str]
) -> None:
    remote, checkout = pages
    github.add_pull(7, SHA)
    github.add_pull(9, OTHER_SHA)
    # Anyone can write the marker: a comment of someone else that starts with it is not the bot's.
    github.comments[7] = [{"id": 1, "body": MARKER + "\n[nep](https://evil.example/)", "user": {"login": "mallory"}}]
    artifact = make_artifact(tmp_path / "preview", changes=json.loads(built[1]), site=built[0])
    (artifact / "site" / "index.html").write_bytes(b"\xef\xbb\xbf" + (artifact / "site" / "index.html").read_bytes())

    checked = step(github, tmp_path, "check", "--artifact", str(artifact), wrapper=True)
    assert checked.returncode == 0, checked.stderr
    resolved = step(github, tmp_path, "resolve", "--artifact", str(artifact), wrapper=True)
    assert resolved.returncode == 0, resolved.stderr
    assert resolved.outputs == {"number": "7", "fork": "false", "sha": SHA, "publish": "true"}
    arguments = ["--artifact", str(artifact), "--number", "7"]
    done = step(github, tmp_path, "publish", *arguments, "--pages", str(checkout), "--fork", "false", wrapper=True)
    assert done.returncode == 0, done.stderr
    assert "with a Content-Security-Policy on every page" in done.stderr
    commented = step(github, tmp_path, "comment", *arguments, "--state", "published", wrapper=True)
    assert commented.returncode == 0, commented.stderr

    files = published(remote)
    assert {"index.html", ".nojekyll", "pr-7/index.html", "pr-7/2025Z04271/index.html", "pr-7/atom.xml"} <= files
    assert len([f for f in files if f.startswith("pr-7/")]) == len([p for p in built[0].rglob("*") if p.is_file()])
    assert git(remote, "log", "-1", "--format=%s", "gh-pages").strip() == f"Preview of pull request #7 ({SHA[:12]})"
    # Every page has the policy first, and every script the site itself runs inline is in it.
    count = 0
    for page, policy, soup in _policies(checkout / "pr-7"):
        count += 1
        head = page.read_bytes().lstrip(b"\xef\xbb\xbf")
        assert re.match(rb"(?i)\s*<!doctype html>\s*<meta http-equiv=\"Content-Security-Policy\"", head), page
        assert "default-src 'self'" in policy
        assert "connect-src 'self'" in policy
        assert "script-src 'self' 'wasm-unsafe-eval'" in policy
        for script in soup.find_all("script"):
            if script.get("src") or script.get("type") in {"application/json", "application/ld+json"}:
                continue
            assert _script_hash(script.string or "") in policy, (page, (script.string or "")[:80])
    assert count == len(list(built[0].rglob("*.html")))

    body = f"{MARKER}\n### Voorbeeld van deze wijziging\n\n"
    body += f"De gebouwde site: [{URL}pr-7/]({URL}pr-7/) (commit `{SHA[:12]}`)\n"
    body += f"\n**Toegevoegd (1)**\n\n- [2024Z18285]({URL}pr-7/2024Z18285/)\n"
    body += f"\n**Gewijzigd (1)**\n\n- [2025Z04271]({URL}pr-7/2025Z04271/): [vraag 4]({URL}pr-7/2025Z04271/#vraag-4)\n"
    assert github.bodies(7) == [MARKER + "\n[nep](https://evil.example/)", body]
    assert [(method, path) for method, path, _ in github.writes] == [("POST", "/issues/7/comments")]

    # The next push: the same comment is updated, never a second one; the pages are replaced.
    github.pulls[0]["head"]["sha"] = NEW_SHA
    (artifact / "site" / "2025Z04271" / "index.html").unlink()
    assert step(github, tmp_path, "resolve", "--artifact", str(artifact), HEAD_SHA=NEW_SHA).outputs["number"] == "7"
    assert (
        step(
            github, tmp_path, "publish", *arguments, "--pages", str(checkout), "--fork", "false", HEAD_SHA=NEW_SHA
        ).returncode
        == 0
    )
    assert step(github, tmp_path, "comment", *arguments, "--state", "published", HEAD_SHA=NEW_SHA).returncode == 0
    assert "pr-7/2025Z04271/index.html" not in published(remote)
    assert len(github.bodies(7)) == 2
    assert "commit `cccccccccccc`" in github.bodies(7)[1]
    assert [method for method, _, _ in github.writes] == ["POST", "PATCH"]


@pytest.mark.parametrize(
    ("preview_url", "policy", "address"),
    [
        ("https://kamervragen-previews.github.io/previews/", False, "https://kamervragen-previews.github.io/previews/"),
        ("https://owner.github.io/previews", True, "https://owner.github.io/previews/"),  # the same origin after all
    ],
)
def test_previews_on_an_origin_of_their_own_get_no_policy(
    github: FakeGitHub, tmp_path: Path, pages: tuple[Path, Path], preview_url: str, policy: bool, address: str
) -> None:
    checkout = pages[1]
    github.add_pull(7, SHA)
    artifact = make_artifact(tmp_path / "preview")
    arguments = ["--artifact", str(artifact), "--number", "7"]
    done = step(
        github,
        tmp_path,
        "publish",
        *arguments,
        "--pages",
        str(checkout),
        "--fork",
        "false",
        PREVIEW_REPOSITORY="kamervragen-previews/previews",
        PREVIEW_URL=preview_url,
    )
    assert done.returncode == 0, done.stderr
    assert ("production site's origin" in done.stderr) is policy
    [(_, found, _)] = list(_policies(checkout / "pr-7"))
    assert bool(found) is policy
    assert (
        step(
            github,
            tmp_path,
            "comment",
            *arguments,
            "--state",
            "published",
            PREVIEW_REPOSITORY="kamervragen-previews/previews",
            PREVIEW_URL=preview_url,
        ).returncode
        == 0
    )
    assert f"De gebouwde site: [{address}pr-7/]({address}pr-7/)" in github.bodies(7)[0]


def test_a_separate_origin_needs_its_address(github: FakeGitHub, tmp_path: Path, pages: tuple[Path, Path]) -> None:
    arguments = ["--artifact", str(make_artifact(tmp_path / "preview")), "--number", "7", "--pages", str(pages[1])]
    result = step(github, tmp_path, "publish", *arguments, "--fork", "false", PREVIEW_REPOSITORY="a/previews")
    assert result.returncode == 1
    assert "PREVIEW_URL is missing or malformed" in result.stderr


# The pull request comes from the API -------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("8", "the artifact names pull request #8, but the build ran for #7"),  # no such pull request
        ("9", "the artifact names pull request #9, but the build ran for #7"),  # another open one
        ("7; rm -rf /", "is not a pull request number"),
        ("0007", "is not a pull request number"),
    ],
)
def test_a_number_the_build_did_not_run_for_is_refused(
    github: FakeGitHub, tmp_path: Path, number: str, expected: str
) -> None:
    github.add_pull(7, SHA)
    github.add_pull(9, OTHER_SHA)
    artifact = make_artifact(tmp_path / "preview", number=number)
    result = step(github, tmp_path, "resolve", "--artifact", str(artifact))
    assert result.returncode == 1
    assert expected in result.stderr
    assert result.outputs == {}
    assert github.writes == []


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("none", "no open pull request of owner/kamervragen has the head"),
        ("closed", "no open pull request of owner/kamervragen has the head"),
        ("other head repository", "no open pull request of owner/kamervragen has the head"),
        ("two", "several open pull requests (#7, #8) have the head"),
    ],
)
def test_no_single_open_pull_request_for_the_commit_is_refused(
    github: FakeGitHub, tmp_path: Path, setup: str, expected: str
) -> None:
    if setup == "closed":
        github.add_pull(7, SHA, state="closed")
    if setup == "other head repository":  # the event says the head is the repository's own branch
        github.add_pull(7, SHA, head=FORK)
    if setup == "two":
        github.add_pull(7, SHA)
        github.add_pull(8, SHA)
    result = step(github, tmp_path, "resolve", "--artifact", str(make_artifact(tmp_path / "preview")))
    assert result.returncode == 1
    assert expected in result.stderr
    assert result.outputs == {}


def test_a_fork_without_the_label_is_not_published(github: FakeGitHub, tmp_path: Path) -> None:
    github.add_pull(7, SHA, head=FORK)
    github.commit_list_misses_forks = True  # found through the pull requests of its head branch
    artifact = make_artifact(tmp_path / "preview")
    (artifact / "site" / "index.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    result = step(github, tmp_path, "resolve", "--artifact", str(artifact), HEAD_REPOSITORY=FORK)
    assert result.returncode == 0, result.stderr
    assert "refused: pull request #7 comes from the fork mallory/kamervragen" in result.stderr
    assert "label preview-ok" in result.stderr
    assert result.outputs == {"number": "7", "fork": "true", "sha": SHA, "publish": "false"}
    waiting = step(github, tmp_path, "comment", "--artifact", str(artifact), "--number", "7", "--state", "waiting")
    assert waiting.returncode == 0, waiting.stderr
    [body] = github.bodies(7)
    assert body.startswith(MARKER)
    assert "`preview-ok`" in body
    assert "https://" not in body  # nothing of the artifact, not even the preview's address


def test_a_fork_with_the_label_publishes_once_without_its_scripts(
    github: FakeGitHub, tmp_path: Path, pages: tuple[Path, Path]
) -> None:
    remote, checkout = pages
    github.add_pull(7, SHA, head=FORK)
    github.labels[7] = ["documentatie", "preview-ok"]
    artifact = make_artifact(tmp_path / "preview")
    resolved = step(github, tmp_path, "resolve", "--artifact", str(artifact), HEAD_REPOSITORY=FORK)
    assert resolved.returncode == 0, resolved.stderr
    assert resolved.outputs["publish"] == "true"
    assert github.labels[7] == ["documentatie"]  # one approval, one commit
    assert ("DELETE", "/issues/7/labels/preview-ok", None) in github.writes
    arguments = ["--artifact", str(artifact), "--number", "7"]
    done = step(github, tmp_path, "publish", *arguments, "--pages", str(checkout), "--fork", "true")
    assert done.returncode == 0, done.stderr
    assert "pr-7/index.html" in published(remote)
    [(_, policy, _)] = list(_policies(checkout / "pr-7"))
    assert "script-src 'none'" in policy  # no inline script of the site on this page, and no 'self'
    # The next push without a new label is not published.
    again = step(github, tmp_path, "resolve", "--artifact", str(artifact), HEAD_REPOSITORY=FORK)
    assert again.outputs["publish"] == "false"


# The comment is written from validated data ----------------------------------------------------------


def test_a_comment_file_in_the_artifact_is_refused(github: FakeGitHub, tmp_path: Path) -> None:
    artifact = make_artifact(tmp_path / "preview")
    (artifact / "comment.md").write_text(f"{MARKER}\n[Voorbeeld](https://evil.example/login)\n", encoding="utf-8")
    for command in ("check", "comment"):
        extra = ["--number", "7", "--state", "published"] if command == "comment" else []
        result = step(github, tmp_path, command, "--artifact", str(artifact), *extra)
        assert result.returncode == 1
        assert "the artifact holds 'comment.md': only number, changes.json and site/ are allowed" in result.stderr
    assert github.writes == []


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"id": "2024Z12345](https://evil.example/)", "change": "added", "anchors": []}, "is not a Zaak number"),
        ({"id": "../../issues", "change": "added", "anchors": []}, "is not a Zaak number"),
        ({"id": "2025Z04271", "change": "changed", "anchors": ["vraag-1)[x](https://evil.example"]}, "is not vraag-N"),
        ({"id": "2025Z04271", "change": "changed", "anchors": ["top"]}, "the anchor 'top' is not vraag-N"),
        ({"id": "2025Z04271", "change": "changed", "anchors": [4]}, "the anchor '4' is not vraag-N"),
        ({"id": "2025Z04271", "change": "added", "anchors": ["vraag-4"]}, "given for a page that is not changed"),
        ({"id": "2025Z04271", "change": "deleted", "anchors": []}, "the change 'deleted' is not added"),
        ({"id": "2025Z04271", "change": "added", "anchors": [], "title": "<b>x</b>"}, "exactly id, change and anchors"),
        ("2025Z04271", "exactly id, change and anchors"),
    ],
)
def test_a_bad_entry_of_changes_json_is_refused(
    github: FakeGitHub, tmp_path: Path, entry: object, expected: str
) -> None:
    github.add_pull(7, SHA)
    good = {"id": "ah-tk-20242025-594", "change": "added", "anchors": []}
    artifact = make_artifact(tmp_path / "preview", changes={"version": 1, "partial": False, "pages": [good, entry]})
    for command in ("check", "comment"):
        extra = ["--number", "7", "--state", "published"] if command == "comment" else []
        result = step(github, tmp_path, command, "--artifact", str(artifact), *extra)
        assert result.returncode == 1
        assert "refused: changes.json, entry 1: " in result.stderr
        assert expected in result.stderr
    assert github.writes == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ("not json", "changes.json is not JSON"),
        ({"version": 2, "partial": False, "pages": []}, "version must be 1"),
        ({"version": 1, "partial": False, "pages": [], "comment": "hi"}, "exactly version, partial and pages"),
        (
            {"version": 1, "partial": False, "pages": [{"id": "2025Z04271", "change": "added", "anchors": []}] * 2},
            "2025Z04271 is listed twice",
        ),
    ],
)
def test_a_malformed_changes_json_is_refused(
    github: FakeGitHub, tmp_path: Path, changes: object, expected: str
) -> None:
    artifact = make_artifact(tmp_path / "preview")
    text = changes if isinstance(changes, str) else json.dumps(changes)
    (artifact / "changes.json").write_text(text, encoding="utf-8")
    result = step(github, tmp_path, "check", "--artifact", str(artifact))
    assert result.returncode == 1
    assert expected in result.stderr


# The artifact: bounded, plain files, harmless types ---------------------------------------------------


def test_an_oversized_artifact_is_refused_before_anything_is_copied(
    github: FakeGitHub, tmp_path: Path, pages: tuple[Path, Path]
) -> None:
    remote, checkout = pages
    artifact = make_artifact(tmp_path / "preview")
    (artifact / "site" / "data.json").write_bytes(b"0" * 5000)
    limit = ["--max-bytes", "4000"]
    result = step(github, tmp_path, "check", "--artifact", str(artifact), *limit)
    assert result.returncode == 1
    assert "refused: the artifact is larger than 4000 bytes" in result.stderr
    arguments = ["--artifact", str(artifact), "--number", "7", "--pages", str(checkout), "--fork", "false"]
    result = step(github, tmp_path, "publish", *arguments, *limit)
    assert result.returncode == 1
    assert "larger than 4000 bytes" in result.stderr
    assert not (checkout / "pr-7").exists()
    assert "pr-7/index.html" not in published(remote)


def test_an_artifact_of_too_many_files_is_refused(github: FakeGitHub, tmp_path: Path) -> None:
    artifact = make_artifact(tmp_path / "preview")
    for number in range(5):
        (artifact / "site" / f"{number}.txt").write_text("x", encoding="utf-8")
    result = step(github, tmp_path, "check", "--artifact", str(artifact), "--max-files", "5")
    assert result.returncode == 1
    assert "refused: the artifact holds more than 5 files" in result.stderr


@pytest.mark.parametrize("link", ["site/secret.html", "site/assets", "site", "number", "changes.json", "."])
def test_a_symbolic_link_in_the_artifact_is_refused(
    github: FakeGitHub, tmp_path: Path, pages: tuple[Path, Path], link: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "credentials").write_text("token", encoding="utf-8")
    built = make_artifact(tmp_path / "built")
    artifact = built
    if link == ".":
        artifact = tmp_path / "preview"
        artifact.symlink_to(built)
    else:
        target = outside / "credentials" if link not in {"site", "site/assets"} else outside
        if (built / link).is_dir():
            shutil.rmtree(built / link)
        elif (built / link).exists():
            (built / link).unlink()
        (built / link).symlink_to(target)
    result = step(github, tmp_path, "check", "--artifact", str(artifact))
    assert result.returncode == 1
    assert "is a symbolic link" in result.stderr
    arguments = ["--artifact", str(artifact), "--number", "7", "--pages", str(pages[1]), "--fork", "false"]
    assert step(github, tmp_path, "publish", *arguments).returncode == 1
    assert not (pages[1] / "pr-7").exists()


@pytest.mark.parametrize("kind", ["fifo", "socket", "hard link"])
def test_a_special_file_in_the_artifact_is_refused(github: FakeGitHub, tmp_path: Path, kind: str) -> None:
    artifact = make_artifact(tmp_path / "preview")
    special = artifact / "site" / "pagefind.js"
    if kind == "fifo":
        os.mkfifo(special)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as listener:
            listener.bind(str(special))
    else:
        os.link(artifact / "site" / "index.html", special)
    result = step(github, tmp_path, "check", "--artifact", str(artifact))
    assert result.returncode == 1
    expected = {
        "fifo": "is a special file (a FIFO)",
        "socket": "is a special file (a socket)",
        "hard link": "hard link",
    }
    assert expected[kind] in result.stderr


SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{}</svg>'


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("page.xhtml", "<html/>", "no file of this type is published"),
        ("run.sh", "#!/bin/sh", "no file of this type is published"),
        ("CNAME", "evil.example", "no file of this type is published"),
        (".gitattributes", "* filter=x", "a name that starts with a dot"),
        ("bad\nname.html", "<p>", "control characters"),
        ("chart.svg", SVG.format("<script>alert(1)</script>"), "can run script or hold a page: 'script'"),
        ("chart.svg", SVG.format('<rect onload="alert(1)"/>'), "an event attribute 'onload'"),
        ("chart.svg", SVG.format('<a href="java&#9;script:alert(1)"><text>x</text></a>'), "a script URL in 'href'"),
        ("chart.svg", SVG.format('<a><set attributeName="href" to="javascript:alert(1)"/></a>'), "a script URL"),
        ("chart.svg", SVG.format("<foreignObject><p>x</p></foreignObject>"), "'foreignObject'"),
        ("feed.xml", '<feed><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script></feed>', "'script'"),
        ("feed.xml", '<feed><p xmlns="http&#58;//www.w3.org/1999/xhtml">x</p></feed>', "can run script or hold a page"),
        ("feed.xml", '<!DOCTYPE f [<!ENTITY s "&#60;script">]><feed>&s;</feed>', "has a document type, an entity"),
        ("feed.xml", '<?xml-stylesheet type="text/xsl" href="x.xsl"?><feed/>', "a style sheet instruction"),
        ("feed.xml", '<?xml version="1.0" encoding="UTF-16"?><feed/>', "declares the encoding 'UTF-16'"),
        ("feed.xml", "<feed>", "is not well-formed XML"),
    ],
)
def test_a_file_that_could_script_outside_a_page_is_refused(
    github: FakeGitHub, tmp_path: Path, name: str, content: str, expected: str
) -> None:
    artifact = make_artifact(tmp_path / "preview")
    (artifact / "site" / name).write_text(content, encoding="utf-8")
    result = step(github, tmp_path, "check", "--artifact", str(artifact))
    assert result.returncode == 1
    assert "refused: " in result.stderr
    assert expected in result.stderr


def test_refusals_quote_what_the_artifact_says(github: FakeGitHub, tmp_path: Path) -> None:
    """A name or value of the artifact never starts a line of the log, where it could pass for a
    workflow command (::set-output, ::add-mask::, …)."""
    entry = {"id": "\n::set-output name=publish::true\n", "change": "added", "anchors": []}
    artifact = make_artifact(tmp_path / "preview", changes={"version": 1, "partial": False, "pages": [entry]})
    result = step(github, tmp_path, "check", "--artifact", str(artifact))
    assert result.returncode == 1
    assert all(line.startswith("preview-deploy: ") for line in result.stderr.splitlines())


# The policy in a browser: the site's own scripts run, nothing else -------------------------------------

INJECTED = b"<script>window.__pwned = 1</script><script src='evil.js'></script>"


@pytest.mark.parametrize("fork", [False, True])
def test_in_a_browser_the_policy_runs_only_the_sites_own_script(
    github: FakeGitHub,
    tmp_path: Path,
    pages: tuple[Path, Path],
    built: tuple[Path, str],
    browser: Browser,
    fork: bool,
) -> None:
    artifact = make_artifact(tmp_path / "preview", changes=json.loads(built[1]), site=built[0])
    page_file = artifact / "site" / "2025Z04271" / "index.html"
    page_file.write_bytes(page_file.read_bytes().replace(b"</head>", INJECTED + b"</head>", 1))
    (artifact / "site" / "2025Z04271" / "evil.js").write_text("window.__evil = 1", encoding="utf-8")
    arguments = ["--artifact", str(artifact), "--number", "7", "--pages", str(pages[1]), "--fork", str(fork).lower()]
    done = step(github, tmp_path, "publish", *arguments, "--no-push")
    assert done.returncode == 0, done.stderr
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.json").write_text("{}", encoding="utf-8")
    with serve(pages[1]) as base, serve(other) as elsewhere:
        context = browser.new_context()
        page = context.new_page()
        violations: list[str] = []

        def violation(directive: str) -> None:  # a builtin method cannot be exposed
            violations.append(directive)

        page.expose_function("violation", violation)
        page.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => violation(e.violatedDirective))"
        )
        page.goto(f"{base}pr-7/2025Z04271/#vraag-4")
        page.wait_for_load_state("load")
        assert page.evaluate("typeof __md_scope") == "object"  # the site's own inline script ran
        assert page.evaluate("window.__pwned") is None  # an inline script the site does not have
        # A script file runs only for the repository's own branches ('self'), never for a fork.
        assert page.evaluate("window.__evil") == (None if fork else 1)
        fetched = page.evaluate(
            f"fetch('{elsewhere}x.json', {{mode: 'no-cors'}}).then(() => 'fetched', () => 'blocked')"
        )
        assert fetched == "blocked"
        assert page.evaluate("typeof document$") == ("undefined" if fork else "object")  # Material's bundle
        page.wait_for_timeout(200)
        assert "script-src-elem" in violations
        assert "connect-src" in violations
        if not fork:  # the site as the same repository builds it: search works under the policy
            violations.clear()
            page.goto(f"{base}pr-7/")
            page.locator(".md-header #kv-zoekveld").fill("afhankelijkheden")
            page.locator(".kv-treffer").first.wait_for()
            assert violations == []
        context.close()
