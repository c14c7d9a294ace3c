"""Addresses of what the site publishes: absolute when the site's address (site_url) is known.

Paths are relative to the site's root ("2025Z04271/", "ministeries/defensie/atom.xml"). Without a
site_url a feed or data file can only give such a path, which a reader resolves against the address
it fetched the file from; with one, every address is absolute, as link previews and sitemaps need.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin


def case_url_path(case_id: str) -> str:
    """The permanent page of a Zaak, relative to the site's root."""
    return f"{case_id}/"


def absolute(path: str, site_url: str | None) -> str:
    """`path` (relative to the site's root) as an absolute URL, or as it is when the address is unknown."""
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", path) if site_url else path


def from_file(path: str, file: str, site_url: str | None) -> str:
    """The address of `path` as written in the published file `file`: absolute, else relative to it."""
    if site_url:
        return absolute(path, site_url)
    path = path or "./"  # the home page
    relative = posixpath.relpath(path, posixpath.dirname(file) or ".")
    return relative + "/" if path.endswith("/") and not relative.endswith("/") else relative
