"""Independent reader of the Markdown we write (markdown-it-py): ids, footnotes and visible text.

It reads our Markdown the way Python-Markdown with attr_list and footnotes does, but with another
parser, so a writer bug cannot hide behind the renderer that also builds the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

HEADING_ID = re.compile(r"\s*\{#([\w-]+)\}\s*$")
HTML_ID = re.compile(r'<span id="([\w-]+)">')
LINK_TARGET = re.compile(r"^#([\w-]+)$")


@dataclass(frozen=True, slots=True)
class ReadPage:
    ids: tuple[str, ...]  # every element id, in document order
    headings: tuple[tuple[int, str, str], ...]  # (level, id, text)
    footnote_refs: tuple[str, ...]  # labels of [^n] marks in order
    footnote_defs: tuple[str, ...]  # labels of [^n]: definitions
    internal_links: tuple[str, ...]  # #targets of links
    text: str  # everything a reader sees, in order
    html_tags: tuple[str, ...]  # raw HTML in the page (only our anchor spans may occur)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin).use(footnote_plugin).enable("table")


def read_markdown(markdown: str) -> ReadPage:
    tokens = _parser().parse(markdown)
    ids: list[str] = []
    headings: list[tuple[int, str, str]] = []
    refs: list[str] = []
    defs: list[str] = []
    links: list[str] = []
    html: list[str] = []
    text: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            match = HEADING_ID.search(inline.content)
            anchor = match.group(1) if match else ""
            if anchor:
                ids.append(anchor)
            headings.append((int(token.tag[1]), anchor, HEADING_ID.sub("", inline.content)))
        elif token.type == "footnote_open":
            defs.append(str(token.meta.get("label", token.meta.get("id"))))
        elif token.type == "html_block":
            html.append(token.content)
            ids.extend(HTML_ID.findall(token.content))
        elif token.type == "inline":
            _inline(token, ids, refs, links, html, text, tokens, index)
    return ReadPage(
        tuple(ids),
        tuple(headings),
        tuple(refs),
        tuple(defs),
        tuple(links),
        "\n".join(text),
        tuple(html),
    )


def _inline(
    token: Token,
    ids: list[str],
    refs: list[str],
    links: list[str],
    html: list[str],
    text: list[str],
    tokens: list[Token],
    index: int,
) -> None:
    heading = index > 0 and tokens[index - 1].type == "heading_open"
    pieces: list[str] = []
    for child in token.children or []:
        if child.type == "text":
            pieces.append(child.content)
        elif child.type == "footnote_ref":
            refs.append(str(child.meta.get("label", child.meta.get("id"))))
        elif child.type == "html_inline":
            html.append(child.content)
            ids.extend(HTML_ID.findall(child.content))
        elif child.type == "link_open":
            match = LINK_TARGET.match(str(child.attrs.get("href", "")))
            if match:
                links.append(match.group(1))
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif child.type == "code_inline":
            pieces.append(child.content)
    line = "".join(pieces)
    text.append(HEADING_ID.sub("", line) if heading else line)
