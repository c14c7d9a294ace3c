"""Site stage: a built page's HTML mended the same way by every engine: a letter page's ids come
from numbers only, and the footnotes get a visible heading."""

from __future__ import annotations

import re
from html import escape as html_escape
from html import unescape as html_unescape

EXPLICIT_ID = re.compile(r"\{#([\w-]+)\}")
HEADING_ID = re.compile(r'(?P<open><h[1-6])(?P<attr> id="(?P<id>[^"]*)")')
PERMALINK = re.compile(r'<a class="headerlink" href="#(?P<id>[^"]*)"[^>]*>[^<]*</a>')
FOOTNOTES = re.compile(r'(<div class="footnote">\s*<hr\s*/?>)')


def footnotes_heading(html: str) -> str:
    """The footnotes under a visible heading (the footnotes extension writes a rule only)."""
    return FOOTNOTES.sub(r'\1\n<h2 class="kv-voetnoten">Voetnoten</h2>', html, count=1)


def letter_page_html(html: str, markdown: str) -> str:
    """On a letter page every id comes from a number; drop the ones the toc extension made from
    heading text (the answers' headings), so search hits in an answer lead to its question."""
    ours = set(EXPLICIT_ID.findall(markdown))
    invented = {m.group("id") for m in HEADING_ID.finditer(html)} - ours
    html = HEADING_ID.sub(lambda m: m.group(0) if m.group("id") in ours else m.group("open"), html)
    # and the heading's own ¶ permalink to it
    return PERMALINK.sub(lambda m: "" if m.group("id") in invented else m.group(0), html)


# --- a letter page's layout: the list of its questions and what a phone folds ---------------------
# Made here, in the page's HTML, not by the theme's script after the page is shown: what the script
# inserted moved the letter down as the reader looked at it (a layout shift of 0.8). The script only
# brings them to life (theme/assets/kamervragen.js); the theme's CSS folds on a phone, and only
# where scripts run, so that a reader without them has every word in sight.

TITLE = '<h1 id="titel">'
QUESTION_HEADING = re.compile(r'<h2 id="(?P<id>vraag-[^"]+)">(?P<text>.*?)</h2>', re.DOTALL)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
TAG = re.compile(r"<[^>]*>")
FACTS = re.compile(r'<div class="kv-kop">\s*<ul>(?P<rows>.*?)</ul>\s*(?=</div>)', re.DOTALL)
FIRST_BLOCK = '<section class="kv-vraag-en-antwoord">'  # writers/markdown.py GROUP_CLASS
SHOWN_FACTS = 2  # rows of the facts a phone shows before "Alle gegevens"


def letter_layout(html: str) -> str:
    """The list of the letter's questions before its title, each question's copy controls beside its
    heading, and on a phone the facts after their first rows and the introduction (cover letter,
    heading of the questions) folded behind a button."""
    return _question_list(_controls(_folds(html)))


def _controls(html: str) -> str:
    """ "Link naar dit antwoord" and "Citeer" after each question's heading; the script gives them the
    link and citation they copy (the page's address is known only where it is opened)."""

    def add(heading: re.Match[str]) -> str:
        ident, name = heading.group("id"), html_escape(_text(heading.group("text")))
        return (
            f"{heading.group(0)}"
            '<button type="button" class="kv-link md-button" data-pagefind-ignore'
            f' aria-label="Link naar dit antwoord kopiëren: {name}">Link naar dit antwoord</button>'
            f'<button type="button" class="kv-link kv-citeer md-button" data-pagefind-ignore data-for="{ident}"'
            f' aria-label="Citeer {name}">'
            "Citeer</button>"
        )

    return QUESTION_HEADING.sub(add, html)


def _question_list(html: str) -> str:
    headings = [(m.group("id"), _text(m.group("text"))) for m in QUESTION_HEADING.finditer(html)]
    if not headings:
        return html
    total = sum(len(re.findall(r"\d+", name)) for _, name in headings)  # "Vragen 6 en 7" counts two
    items = "".join(f'<li><a href="#{ident}">{html_escape(name)}</a></li>' for ident, name in headings)
    nav = (
        '<nav class="kv-vragenlijst" aria-label="Vragen in deze brief" data-pagefind-ignore="all">'
        f"<details><summary>Vragen in deze brief ({total})</summary><ol>{items}</ol></details></nav>\n"
    )
    place = html.find(TITLE)
    return html[:place] + nav + html[place:] if place >= 0 else nav + html


def _folds(html: str) -> str:
    facts, first = FACTS.search(html), html.find(FIRST_BLOCK)
    if facts is None or first < facts.end():
        return html  # no question block after the facts: nothing to fold for
    rows = facts.group("rows").count("<li>")
    end = html.index("</div>", facts.end()) + len("</div>")
    intro = html[end:first]
    if intro.strip():
        button = _fold_button("Inleiding van de brief tonen", "Inleiding verbergen", "kv-inleiding")
        intro = f'\n{button}\n<div class="kv-inleiding" id="kv-inleiding">{intro}</div>\n'
    more = ""
    if rows > SHOWN_FACTS + 1:  # one row more is no fold worth a button
        more = _fold_button(f"Alle gegevens ({rows - SHOWN_FACTS} meer)", "Minder gegevens", "") + "\n"
    return html[: facts.end()] + more + html[facts.end() : end] + intro + html[first:]


def _fold_button(more: str, less: str, controls: str) -> str:
    target = f' aria-controls="{controls}"' if controls else ""
    return (
        f'<button type="button" class="kv-uitklap" data-pagefind-ignore aria-expanded="false"{target}'
        f' data-minder="{html_escape(less)}">{html_escape(more)}</button>'
    )


def _text(heading: str) -> str:
    return " ".join(html_unescape(TAG.sub("", HEADERLINK.sub("", heading))).split())
