"""Markdown escaping: letter text renders exactly as written, never as markup, in Python-Markdown
(MkDocs) and in CommonMark (markdown-it-py, our independent reader)."""

from __future__ import annotations

import re

# Backslash escapes understood by both Python-Markdown (with attr_list, tables, footnotes) and
# CommonMark: Python-Markdown shows the backslash of any other escape ("\\^", "\\~", "\\="), so
# characters that are markup in neither (~ ^ = :) stay as they are.
_ESCAPED = "`*_{}[]()#+!|"  # and the backslash itself, escaped first
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+])|^(\s*)~", re.M)
_SPACES = re.compile(r"[ \t]+")


def escape(text: str) -> str:
    """Escape one run of letter text for use inside a Markdown paragraph, list item or heading."""
    # one C scan a character (str.replace), twice as fast as a regex substitution: the backslash
    # first, so that no escape written here is escaped again
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in _ESCAPED:
        if char in text:
            text = text.replace(char, "\\" + char)
    text = text.replace("\n", " ")
    if text.endswith("^"):  # before a note mark ("^[^3]") it would open an inline footnote in
        text = text[:-1] + "&#94;"  # markdown-it-py's plugin; as an entity it is a caret in both
    return _SPACES.sub(" ", text) if "  " in text or "\t" in text else text


def link_target(url: str) -> str:
    """A URL as a Markdown link destination: characters that would end or break it percent-encoded."""
    return "".join(_URL_UNSAFE.get(c, c) for c in url)


_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C", '"': "%22", "`": "%60"}


def escape_block_start(text: str) -> str:
    """Also neutralise what would open a list or code block at the start of a line: '1. ', '- ', '~~~'.
    ('>' is written as '&gt;' and '*' and '#' are always escaped.)"""

    def _sub(match: re.Match[str]) -> str:
        if match.group(2):
            return f"{match.group(1)}{match.group(2)}\\{match.group(3)}"
        if match.group(5):
            return f"{match.group(4)}\\{match.group(5)}"
        return f"{match.group(6)}&#126;"  # '~~~' opens a code block in CommonMark; '\~' shows in MkDocs

    return _LINE_START.sub(_sub, text, count=1)
