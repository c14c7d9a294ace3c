"""Published sources: each letter's download is the text its page shows, never the working file.

A letter's file in `content/` is the author's working file: a Word file keeps comments, tracked
deletions and hidden text, a tika rendering the reviewers' comments, a macro-enabled package its
macros, a PDF whatever it embeds. None of it is copied to the site. In its place, at the letter's own
URL (a Word or PDF file's text beside it, `brief.docx` → `brief.docx.txt`), stands the plain text of
what the page shows.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Callable
from functools import partial

from ..writers.text import write_text
from .archive import Archive

# Files of content/ that are never published as they are: letters and every kind of Word file.
# (A PDF too: a published one may carry scripts, forms or attachments a reader never sees.)
WORKING_FILES = ("*.txt", "*.pdf", "*.docx", "*.docm", "*.dotx", "*.dotm", "*.doc", "*.dot", "*.rtf", "*.odt")
MACRO_FILES = ("*.docm", "*.dotm")


def is_working_file(path: str) -> bool:
    name = posixpath.basename(path).lower()
    return any(fnmatch.fnmatch(name, pattern) for pattern in WORKING_FILES)


def is_macro_file(path: str) -> bool:
    name = posixpath.basename(path).lower()
    return any(fnmatch.fnmatch(name, pattern) for pattern in MACRO_FILES)


def source_path(source: str) -> str:
    """Where a letter's text is published: a text letter at its own URL, a Word file's beside it."""
    return source if source.lower().endswith(".txt") else source + ".txt"


def source_makers(archive: Archive) -> dict[str, Callable[[], str]]:
    """Each published letter's download: path → how to make the text its page shows."""
    return {source_path(d.source): partial(write_text, d.letter) for case in archive.cases for d in case.files}
