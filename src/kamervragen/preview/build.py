"""Preview build: the site for a pull request, built to work under a sub-path such as /pr-7/.

MkDocs writes relative links, so a site works under any path; the preview sets `site_url`, marks
every page `noindex` and shows a banner. Above a size budget (GitHub Pages allows 1 GB per site,
shared by every open preview) only the changed letters and the indexes they appear in are built.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import yaml

from ..site.archive import LEDGER, build_archive, source_files
from .changes import changes_between

ROOT = Path(__file__).resolve().parents[3]
BYTES_PER_LETTER = 70_000  # measured 68.4 kB at 10,000 letters: page, data.json, shares of indexes, feeds, search
FIXED_BYTES = 3_500_000  # theme assets and the search code
DEFAULT_BUDGET_MB = 300


def estimated_bytes(letters: int) -> int:
    return FIXED_BYTES + letters * BYTES_PER_LETTER


def build_preview(base_url: str, out: Path, project: Path = ROOT, only: set[str] | None = None) -> None:
    """Build the site of `project` into `out` for `base_url`; with `only`, just those Kamervragen."""
    with tempfile.TemporaryDirectory(prefix="kamervragen-preview-") as temporary:
        work = Path(temporary)
        content = project / "content"
        if only is not None:
            content = _partial_content(content, work / "content", only)
        config = {
            "INHERIT": str(project / "mkdocs.yml"),
            "docs_dir": str(content),
            "site_url": base_url,
            "theme": {"custom_dir": str(project / "theme")},
            "extra": {"preview": {"partial": only is not None}, "noindex": True},
        }
        config_file = work / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "--site-dir", str(out)]
        environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        subprocess.run(command, cwd=project, check=True, env=environment)


def _partial_content(content: Path, target: Path, only: set[str]) -> Path:
    """A content folder with the hand-written pages and only the letters of the given Kamervragen."""
    letters = source_files(content)
    shutil.copytree(content, target, ignore=lambda folder, names: [n for n in names if Path(folder, n) in letters])
    # The ledger lists the whole site's pages, which a partial site lacks by design: the full build
    # of the same commit (CI's `scripts/build`) checks it, the partial preview does not.
    (target / LEDGER).unlink(missing_ok=True)
    archive = build_archive({p.relative_to(content).as_posix(): p.read_bytes() for p in letters})
    for case in archive.cases:
        if case.id in only:
            for document in case.files:  # a copy of a letter too: the page offers it
                (target / document.source).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(content / document.source, target / document.source)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="preview", description=__doc__)
    parser.add_argument("--base-url", required=True, help="where the preview is published, e.g. https://…/pr-7/")
    parser.add_argument("--out", required=True, type=Path, help="folder to build the site into")
    parser.add_argument("--base", help="the revision the pull request starts from (for a partial preview)")
    parser.add_argument("--budget-mb", type=int, default=DEFAULT_BUDGET_MB, help="largest full preview")
    args = parser.parse_args(argv)
    letters = len(source_files(ROOT / "content"))
    only = None
    if estimated_bytes(letters) > args.budget_mb * 1_000_000:
        if not args.base:
            parser.error(f"{letters} letters exceed the {args.budget_mb} MB budget: give --base for a partial preview")
        only = changes_between(ROOT, args.base, "HEAD").pages
        print(
            f"preview: {letters} letters exceed {args.budget_mb} MB; building {len(only)} changed pages",
            file=sys.stderr,
        )
    build_preview(args.base_url, args.out, ROOT, only)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
