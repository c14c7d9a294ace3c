"""Publishing: a build that stops half-way (Ctrl-C, an error, a killed job) leaves the old site as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import mkdocs.commands.build
import pytest

from kamervragen.site.publish import BuildFailed, build_site

from .site_build import build, make_project

BROKEN = "2024Z99002\nAntwoord van minister X (Y) (ontvangen 1 mei 2024)\nGeen vragen.\n"


def _snapshot(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def built(tmp_path: Path) -> Path:
    project = make_project(tmp_path)
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    return project


def test_a_build_interrupted_half_way_leaves_the_previous_site_intact(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(built / "site")
    assert len(before) > 100
    (built / "content" / "letters" / "2025Z04271.txt").unlink()  # the next site would differ
    written: list[str] = []
    real_build_page = mkdocs.commands.build._build_page

    def build_page_then_stop(page: Any, *args: Any, **kwargs: Any) -> None:
        if len(written) == 20:
            raise KeyboardInterrupt  # Ctrl-C half-way through writing the pages
        written.append(str(page))
        real_build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs.commands.build, "_build_page", build_page_then_stop)
    with pytest.raises(KeyboardInterrupt):
        build_site(built / "mkdocs.yml", site_dir=built / "site")
    assert len(written) == 20
    assert _snapshot(built / "site") == before
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(".site")) == []  # no staging left


def test_a_failed_strict_build_leaves_the_previous_site_intact(built: Path) -> None:
    before = _snapshot(built / "site")
    (built / "content" / "letters" / "broken.txt").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"previous site .* is unchanged"):
        build_site(built / "mkdocs.yml", strict=True, site_dir=built / "site")
    assert _snapshot(built / "site") == before
    result = build(built, "--strict")  # the command names the letter and exits non-zero
    assert result.returncode == 1
    assert "content/letters/broken.txt:1: warning: structure not recognised" in result.stderr
    assert _snapshot(built / "site") == before


def test_a_good_build_replaces_the_site_and_clears_what_a_killed_build_left(built: Path) -> None:
    stale = built / ".site.partial-999999999-x"  # no such process: a build that was killed
    (stale / "2025Z04271").mkdir(parents=True)
    (built / "content" / "letters" / "2025Z04271.txt").unlink()
    (built / "content" / "permalinks.txt").unlink(missing_ok=True)
    build_site(built / "mkdocs.yml", strict=True, site_dir=built / "site")
    assert not stale.exists()
    assert not (built / "site" / "2025Z04271").exists()
    assert (built / "site" / "2024Z14814" / "index.html").is_file()
    assert (built / "site" / "pagefind" / "pagefind-entry.json").is_file()
