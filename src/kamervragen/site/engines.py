"""Publishing with another engine: ProperDocs or Zensical builds the site into a staging folder, swapped in whole.

MkDocs 1.6 is its last 1.x and Material for MkDocs has an announced end of life, so the site must build
without them (README, "Engines"). ProperDocs continues MkDocs 1.x and runs our plugin itself; Zensical
runs no MkDocs plugin, so `generate` writes the pages first, and what the plugin does after a build
(the permalink check, alias pages, Pagefind) is done here. Nothing here imports MkDocs: this module
must keep working once it is gone. Each engine runs as its own process, into a staging folder beside
the site, which takes the old site's place only when all of it is written (as site/publish.py does).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import STRICT_CODES, Diagnostic
from ..processes import die_with_parent
from . import search
from .archive import Archive, is_error
from .generate import generate, recover, swap
from .pagehtml import letter_layout, letter_page_html
from .permalinks import (
    CHANGES,
    LEDGER,
    REDIRECTS,
    check_permanence,
    link_previews,
    redirect_files,
    site_permalinks,
)

ENGINES = ("mkdocs", "properdocs", "zensical")
PARTIAL = ".partial-"  # staging folders: .<site>.partial-<pid>-<random>


class BuildFailed(Exception):
    """The build stopped; the previous site is unchanged."""


def build_elsewhere(engine: str, config_file: Path, *, strict: bool = False, site_dir: Path | None = None) -> Path:
    """Build the site of `config_file` with ProperDocs or Zensical and put it in place of the old one."""
    config = read_config(config_file)
    root = config_file.resolve().parent
    target = (site_dir or root / str(config.get("site_dir", "site"))).resolve()
    staging = staging_folder(target)
    try:
        site = staging / "site"
        if engine == "properdocs":
            _run([sys.executable, "-m", "properdocs", "build", "-f", str(config_file), "-d", str(site)], strict)
        elif engine == "zensical":
            _zensical(config, root, staging, strict)
        else:
            raise BuildFailed(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
        swap(site, target)
    except BuildFailed as failure:
        raise BuildFailed(f"{failure}; the previous site in {target} is unchanged") from failure
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def staging_folder(target: Path) -> Path:
    """A new, empty staging folder beside `target`; first what killed builds left is tidied away."""
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)  # a build killed mid-swap (elsewhere than Linux) left the old site aside
    for folder in target.parent.glob(f".{target.name}{PARTIAL}*"):
        pid = folder.name.removeprefix(f".{target.name}{PARTIAL}").split("-", 1)[0]
        if not pid.isdigit() or not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}{PARTIAL}{os.getpid()}-", dir=target.parent))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _run(command: list[str], strict: bool, cwd: Path | None = None) -> None:
    """The engine's own command line, its messages on our standard error; it dies with us (a
    killed build leaves no engine writing on)."""
    command += ["--strict"] if strict else []
    # preexec_fn is unsafe beside threads; the command line has started none when it builds
    result = subprocess.run(command, cwd=cwd, check=False, preexec_fn=die_with_parent)
    if result.returncode != 0:
        raise BuildFailed(f"{command[2]} build failed (exit {result.returncode})")


# --- the configuration, read without MkDocs ------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as MkDocs reads it, as far as this module needs: `!ENV NAME` or `!ENV [NAME, …,
    default]` is the first variable that is set, else the default (else nothing)."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        *names, default = loader.construct_sequence(node)  # type: ignore[arg-type]
    return next((os.environ[str(n)] for n in names if str(n) in os.environ), default)


_Loader.add_constructor("!ENV", _env)


def read_config(config_file: Path) -> dict[str, Any]:
    """The configuration with its INHERIT chain merged (the child's keys win, dictionaries merged)."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader) or {}  # a SafeLoader
    except (OSError, yaml.YAMLError) as error:
        raise BuildFailed(f"{config_file}: error: cannot read the configuration: {error}") from error
    parent = config.pop("INHERIT", None)
    if not parent:
        return dict(config)
    return _merged(read_config(config_file.parent / str(parent)), config)


def _merged(base: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in child.items():
        old = merged.get(key)
        merged[key] = _merged(old, value) if isinstance(old, Mapping) and isinstance(value, Mapping) else value
    return merged


def plugin_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """Our plugin's options as the configuration gives them (`- kamervragen` or `- kamervragen: {…}`)."""
    for entry in config.get("plugins") or []:
        if isinstance(entry, Mapping) and "kamervragen" in entry:
            return dict(entry["kamervragen"] or {})
    return {}


# --- Zensical ------------------------------------------------------------------------------------


def _zensical(config: dict[str, Any], root: Path, staging: Path, strict: bool) -> None:
    """`generate` into staging/docs, what the plugin adds to a build, `zensical build`, then search."""
    content = root / str(config.get("docs_dir", "docs"))
    site_url = config.get("site_url") or None
    docs = staging / "docs"
    archive = generate(content, docs, str(config.get("site_name", "Kamervragen")), site_url)
    _report(archive.problems, content, strict)
    for name in (LEDGER, REDIRECTS, CHANGES):  # data for the build, never published (as by the plugin)
        (docs / name).unlink(missing_ok=True)
    for path, page in _permanence(archive, content, site_url).items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(page, encoding="utf-8")
    options = plugin_options(config)
    parts = search.split([case.id for case in archive.cases], int(options.get("search_part_size", search.PART_SIZE)))
    theme = config.get("theme")
    extra = {"kamervragen_search_parts": len(parts), "kamervragen_count": len(archive.cases)}  # read by the theme
    overrides: dict[str, Any] = {"extra": extra}
    if isinstance(theme, Mapping) and theme.get("custom_dir"):
        overrides["theme"] = {"custom_dir": str(root / str(theme["custom_dir"]))}
    merged = _merged(config, {"docs_dir": "docs", "site_dir": "site", "plugins": [], **overrides})
    # Zensical takes the folder of its configuration as the project's (docs and its cache inside)
    (staging / "zensical.yml").write_text(yaml.safe_dump(merged, allow_unicode=True), encoding="utf-8")
    _run([sys.executable, "-m", "zensical", "build", "-f", str(staging / "zensical.yml")], strict, cwd=staging)
    mend_pages(docs, staging / "site")
    if options.get("pagefind", True):
        failures = search.build_index(str(staging / "site"), parts)
        if failures:
            raise BuildFailed("; ".join(failures))


def _report(problems: Iterable[Diagnostic], content: Path, strict: bool) -> None:
    """Each problem as the plugin reports it; a strict build stops where the plugin's would."""
    stopping = []
    for problem in problems:
        line = f"{os.path.relpath(content / problem.file)}:{problem.line}: {problem.severity}: {problem.message}"
        print(line + (" (letter left out)" if is_error(problem) else ""), file=sys.stderr)
        if is_error(problem) or problem.code in STRICT_CODES:
            stopping.append(line)
    if strict and stopping:
        raise BuildFailed(f"{len(stopping)} problems in the letters (strict)")


def _permanence(archive: Archive, content: Path, site_url: str | None) -> dict[str, str]:
    """The plugin's permalink check (`check_permanence`, as site/plugin.py runs it) stops the build on
    an error; returns the alias and redirect pages to publish. The ledger files are never published."""
    site = site_permalinks(archive)
    check = check_permanence(content, site)
    for warning in check.warnings:
        print(warning, file=sys.stderr)
    if check.errors:
        raise BuildFailed("\n".join(check.errors))
    return redirect_files(site, check.redirects, link_previews(archive, site_url))


def mend_pages(docs: Path, site: Path) -> None:
    """What the plugin does to a page while MkDocs renders it, done to Zensical's pages after."""
    for source in docs.rglob("*.md"):
        meta = _front_matter(source)
        description = meta.get("description")
        unsafe = isinstance(description, str) and description != html.escape(description)
        if not unsafe and not meta.get("kamervraag"):
            continue
        built = site / _html_path(source.relative_to(docs))
        text = built.read_text(encoding="utf-8") if built.is_file() else ""
        if unsafe:
            text = escape_description(text, str(description), built)
        if meta.get("kamervraag"):
            text = lay_out_letter(drop_invented_ids(text, source.read_text(encoding="utf-8")))
        built.write_text(text, encoding="utf-8")


def escape_description(page: str, description: str, where: Path) -> str:
    """Material's template (which Zensical's copies) prints a page's `description` unescaped: the
    plugin escapes it before MkDocs renders, which Zensical cannot be asked to do. A letter's first
    question is in it, so the tag is written again, escaped; one not found as written fails."""
    raw = f'<meta name="description" content="{description}">'
    if raw not in page:
        raise BuildFailed(f"{where}: error: its description is not where Zensical writes it; not published")
    return page.replace(raw, f'<meta name="description" content="{html.escape(description)}">', 1)


ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)


def drop_invented_ids(page: str, markdown: str) -> str:
    """A letter page's article as the plugin makes it while MkDocs renders (site/pagehtml.py): every
    id from a number, so that a search hit in an answer leads to its question."""
    return ARTICLE.sub(lambda article: letter_page_html(article.group(0), markdown), page, count=1)


def lay_out_letter(page: str) -> str:
    """A letter page's list of questions and phone folds, as the plugin makes them (site/pagehtml.py)."""
    return ARTICLE.sub(lambda article: letter_layout(article.group(0)), page, count=1)


def _front_matter(page: Path) -> dict[str, Any]:
    text = page.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    head = text[4 : text.find("\n---", 4)]
    data = yaml.safe_load(head)
    return data if isinstance(data, dict) else {}


def _html_path(source: Path) -> Path:
    """Where a page is built, with directory URLs: `a/b.md` → `a/b/index.html`, `a/index.md` → `a/index.html`."""
    return source.with_suffix("") / "index.html" if source.stem != "index" else source.with_suffix(".html")
