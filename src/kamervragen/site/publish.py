"""Publishing: MkDocs builds the site into a staging folder beside the old one, which is swapped in whole.

`mkdocs build` empties its site folder first and writes page by page, so a build that stops half-way
(an error, Ctrl-C, a killed CI job) would leave half a site. Here the old site stays in place until
the new one is complete, Pagefind index included; a staging folder left by a killed build is removed
by the next one.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from .generate import recover, swap

log = logging.getLogger("mkdocs")
PARTIAL = ".partial-"  # staging folders: .<site>.partial-<pid>-<random>


class BuildFailed(Exception):
    """The build stopped; the previous site is unchanged."""


def build_site(config_file: Path, *, strict: bool = False, site_dir: Path | None = None) -> Path:
    """Build the site of `config_file` and put it in place of the old one; returns the site folder."""
    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    try:
        config = load_config(str(config_file), strict=strict, **overrides)
    except ConfigurationError as error:
        raise BuildFailed(f"{config_file}: error: {error}") from error
    target = Path(config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)  # a build killed mid-swap (elsewhere than Linux) left the old site aside
    _remove_stale_staging(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{PARTIAL}{os.getpid()}-", dir=target.parent))
    config.site_dir = str(staging)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
        swap(staging, target)
    except Abort as error:
        raise BuildFailed(f"{error.message}; the previous site in {target} is unchanged") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        config.plugins.on_shutdown()
    return target


def _remove_stale_staging(target: Path) -> None:
    """Staging folders of builds that were killed (their process is gone)."""
    for folder in target.parent.glob(f".{target.name}{PARTIAL}*"):
        pid = folder.name.removeprefix(f".{target.name}{PARTIAL}").split("-", 1)[0]
        if not pid.isdigit() or not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def log_to_stderr(verbose: bool = False) -> None:
    """What `mkdocs build` prints: 'INFO    -  …', 'WARNING -  …' on standard error."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    log.propagate = False
