"""Files published beside the pages: open data, feeds, statistics and robots.txt, by path.

One function for both routes to a site, the MkDocs plugin and `kamervragen generate`, so both
publish the same files and every link a page makes to them resolves.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from .addresses import absolute
from .archive import Archive, Case
from .feeds import feed_makers
from .opendata import PAGE_DATA, Published, open_data_files, published
from .pages import Makers, made
from .statistics import statistics_makers


def extra_files(
    archive: Archive,
    site_name: str,
    site_url: str | None,
    items: Sequence[Published] | None = None,
    public: bool = True,
) -> dict[str, str | bytes]:
    """`items` are what each Zaak publishes when already made (the plugin makes them beside its
    page); `public` is False for a preview, which search engines must not index."""
    if items is None:
        items = [published(case, site_name, site_url) for case in archive.cases]
    files: dict[str, str | bytes] = {
        data_path(case): item.data for case, item in zip(archive.cases, items, strict=True)
    }
    files.update(open_data_files(items))
    files.update(archive_files(archive.cases, site_name, site_url, public))
    return files


def data_path(case: Case) -> str:
    return f"{case.id}/{PAGE_DATA}"


def archive_files(cases: Sequence[Case], site_name: str, site_url: str | None, public: bool) -> dict[str, str]:
    return made(archive_makers(cases, site_name, site_url, public))


def archive_makers(cases: Sequence[Case], site_name: str, site_url: str | None, public: bool) -> Makers:
    """Feeds, statistics and robots.txt, each made when asked for: made of what the letters say of
    themselves (dates, titles, ministries, askers), so linked or not makes no difference."""
    makers = feed_makers(cases, site_name, site_url)
    makers.update(statistics_makers(cases))
    if site_url and public:
        robots = f"User-agent: *\nAllow: /\nSitemap: {absolute('sitemap.xml', site_url)}\n"
        makers["robots.txt"] = partial(str, robots)
    return makers
