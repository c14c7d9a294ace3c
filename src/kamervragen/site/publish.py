"""Publishing: MkDocs builds the site into a staging folder beside the old one, which is swapped in whole.

`mkdocs build` empties its site folder first and writes page by page, so a build that stops half-way
(an error, Ctrl-C, a killed CI job) would leave half a site. Here the old site stays in place until
the new one is complete, Pagefind index included; a staging folder left by a killed build is removed
by the next one.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from .engines import BuildFailed, staging_folder
from .generate import swap

__all__ = ["BuildFailed", "build_site", "log_to_stderr"]
log = logging.getLogger("mkdocs")


def build_site(config_file: Path, *, strict: bool = False, site_dir: Path | None = None) -> Path:
    """Build the site of `config_file` and put it in place of the old one; returns the site folder."""
    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    try:
        config = load_config(str(config_file), strict=strict, **overrides)
    except ConfigurationError as error:
        raise BuildFailed(f"{config_file}: error: {error}") from error
    target = Path(config.site_dir).resolve()
    staging = staging_folder(target)  # what killed builds left beside it is removed first
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


def log_to_stderr(verbose: bool = False) -> None:
    """What `mkdocs build` prints: 'INFO    -  …', 'WARNING -  …' on standard error."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    log.propagate = False
