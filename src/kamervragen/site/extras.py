"""Files published beside the pages: open data, feeds, statistics and robots.txt, by path.

One function for both routes to a site, the MkDocs plugin and `kamervragen generate`, so both
publish the same files and every link a page makes to them resolves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .addresses import absolute
from .archive import Archive
from .feeds import feed_files
from .opendata import PAGE_DATA, case_data, open_data_files, page_json
from .statistics import statistics_files


def extra_files(
    archive: Archive,
    site_name: str,
    site_url: str | None,
    records: Sequence[dict[str, Any]] | None = None,
    public: bool = True,
) -> dict[str, str]:
    """`records` are the Zaken's open-data records when already made (the plugin caches them);
    `public` is False for a preview, which search engines must not index."""
    if records is None:
        records = [case_data(case, site_url) for case in archive.cases]
    lines = [page_json(record) for record in records]  # each page's data.json, and its line of the archive's
    files = {f"{case.id}/{PAGE_DATA}": line for case, line in zip(archive.cases, lines, strict=True)}
    files.update(open_data_files(records, lines))
    files.update(feed_files(archive.cases, site_name, site_url))
    files.update(statistics_files(archive.cases))
    if site_url and public:
        files["robots.txt"] = f"User-agent: *\nAllow: /\nSitemap: {absolute('sitemap.xml', site_url)}\n"
    return files
