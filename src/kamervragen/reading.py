"""Independent reader of the Markdown we write (markdown-it-py): ids, footnotes and visible text.

It reads our Markdown the way Python-Markdown with attr_list and footnotes does, but with another
parser, so a writer bug cannot hide behind the renderer that also builds the site.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

HEADING_ID = re.compile(r"\s*\{#([\w-]+)\}\s*$")  # attr_list's "## Vraag 1 {#vraag-1}"
HTML_ID = re.compile(r'<span id="([\w-]+)">')  # our anchor spans, the only raw HTML we write
LINK_TARGET = re.compile(r"^#([\w-]+)$")


@dataclass(frozen=True, slots=True)
class ReadPage:
    ids: tuple[str, ...]  # every element id, in document order
    headings: tuple[tuple[int, str, str], ...]  # (level, id, text)
    footnote_refs: tuple[str, ...]  # labels of [^n] marks in order
    footnote_defs: tuple[str, ...]  # labels of [^n]: definitions
    internal_links: tuple[str, ...]  # #targets of links
    text: str  # everything a reader sees, one line per block
    html_tags: tuple[str, ...]  # raw HTML in the page (only our anchor spans may occur)


@dataclass
class _Collector:
    ids: list[str] = field(default_factory=list)
    headings: list[tuple[int, str, str]] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    defs: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def raw_html(self, content: str) -> None:
        self.html.append(content)
        self.ids.extend(HTML_ID.findall(content))

    def heading(self, level: int, inline: Token) -> None:
        match = HEADING_ID.search(inline.content)
        anchor = match.group(1) if match else ""
        if anchor:
            self.ids.append(anchor)
        self.headings.append((level, anchor, HEADING_ID.sub("", inline.content)))

    def inline(self, token: Token, heading: bool) -> None:
        pieces: list[str] = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                pieces.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                pieces.append(" ")
            elif child.type == "footnote_ref":
                self.refs.append(_label(child))
            elif child.type == "html_inline":
                self.raw_html(child.content)
            elif child.type == "link_open":
                target = LINK_TARGET.match(str(child.attrs.get("href", "")))
                if target:
                    self.links.append(target.group(1))
        line = "".join(pieces)
        self.text.append(HEADING_ID.sub("", line) if heading else line)


def _label(token: Token) -> str:
    return str(token.meta.get("label", token.meta.get("id")))


@functools.cache
def _parser() -> MarkdownIt:
    """One parser for every page: it keeps no state between documents (each parse has its own env)."""
    return MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin).use(footnote_plugin).enable("table")


def read_markdown(markdown: str) -> ReadPage:
    tokens = _parser().parse(markdown)
    page = _Collector()
    for index, token in enumerate(tokens):
        previous = tokens[index - 1] if index else None
        if token.type == "heading_open":
            page.heading(int(token.tag[1]), tokens[index + 1])
        elif token.type == "footnote_open":
            page.defs.append(_label(token))
        elif token.type == "html_block":
            page.raw_html(token.content)
        elif token.type == "inline":
            page.inline(token, heading=previous is not None and previous.type == "heading_open")
    return ReadPage(
        ids=tuple(page.ids),
        headings=tuple(page.headings),
        footnote_refs=tuple(page.refs),
        footnote_defs=tuple(page.defs),
        internal_links=tuple(page.links),
        text="\n".join(page.text),
        html_tags=tuple(page.html),
    )
