"""Linking stage: Letter → Letter whose text runs carry links (official papers, web, other answers).

Web addresses are found first and win over anything inside them; then the parliamentary references;
then, in answers only, references to other questions of the same letter. Overlaps go to the longest.
Linking never changes the text: every Link keeps its text as written (the JSON shows it so); the
page shows a web address without the tracking its link drops (writers/markdown.py, urls.split_tracking).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..diagnostics import Reporter
from ..model import Answer, Block, Inline, Letter, Link, LinkKind, Question
from ..urls import publishable
from .crossrefs import find_question_numbers
from .references import REFERENCE_KINDS, TRIGGER
from .weblinks import find_urls

Span = tuple[int, int, Link]
MENTIONS_QUESTION = re.compile(r"vra(?:ag|gen)\s|antwoord", re.IGNORECASE)


class _Linker:
    def __init__(self, letter: Letter, site: Mapping[str, str], report: Reporter) -> None:
        self.report = report
        self.questions = {n for q in letter.questions for n in q.numbers}
        # A letter's own Zaak links to the official questions, not to the page the reader is on.
        # (The site's map is shared, never copied: a letter's linking must not grow with the archive.)
        self.own = set(site_keys(letter))
        self.site = site

    def blocks(self, blocks: Sequence[Block], answers: bool) -> tuple[Block, ...]:
        linked = []
        for block in blocks:
            content = self.content(block.content, block.line, answers)
            linked.append(block if content is block.content else replace(block, content=content))
        return tuple(linked)

    def content(self, content: tuple[Inline, ...], line: int, answers: bool) -> tuple[Inline, ...]:
        """The content with its links; the very same tuple when there is nothing to link."""
        linked: list[Inline] = []
        found = False
        for part in content:
            parts = self.text(part, line, answers) if isinstance(part, str) else [part]
            found = found or any(isinstance(p, Link) for p in parts)
            linked.extend(parts)
        return tuple(linked) if found else content

    def text(self, text: str, line: int, answers: bool) -> list[Inline]:
        # Cheap tests first: most text runs hold no address, no number, no reference to a question.
        urls = self._urls(text) if "://" in text or "www." in text else []
        references = self._references(text) if TRIGGER.search(text) else []
        questions = self._questions(text, line) if answers and MENTIONS_QUESTION.search(text) else []
        spans = _choose(urls, [*references, *questions])
        parts: list[Inline] = []
        position = 0
        for start, end, link in spans:
            parts.extend((text[position:start], link))
            position = end
        parts.append(text[position:])
        return [p for p in parts if p != ""]

    def _urls(self, text: str) -> list[Span]:
        spans = []
        for start, end, address in find_urls(text):
            url = publishable(address)
            if url:
                spans.append((start, end, Link(address, url, LinkKind.WEB)))
        return spans

    def _references(self, text: str) -> list[Span]:
        spans = []
        for kind in REFERENCE_KINDS:
            for match in kind.pattern.finditer(text):
                key = kind.local_key(match) if kind.local_key else ""
                if key in self.site and key not in self.own:
                    link = Link(match.group(0), self.site[key], LinkKind.SITE)
                else:
                    link = Link(match.group(0), kind.url(match), LinkKind.PARLIAMENT)
                spans.append((match.start(), match.end(), link))
        return spans

    def _questions(self, text: str, line: int) -> list[Span]:
        spans = []
        for start, end, number in find_question_numbers(text):
            if number in self.questions:
                spans.append((start, end, Link(text[start:end], f"#vraag-{number}", LinkKind.QUESTION)))
            else:
                self.report.warn(line, f"refers to question {number}, which this letter does not have; not linked")
        return spans


def _choose(first: list[Span], rest: list[Span]) -> list[Span]:
    """Non-overlapping spans: all of `first` (web addresses), then the longest of the rest.

    The chosen spans are kept sorted and never overlap, so a candidate need only be compared with
    its two neighbours: linear-logarithmic, however many references a long paragraph holds."""
    chosen = sorted(first, key=lambda s: s[0])
    starts = [s[0] for s in chosen]
    for span in sorted(rest, key=lambda s: (-(s[1] - s[0]), s[0])):
        index = bisect.bisect_right(starts, span[0])
        if index and chosen[index - 1][1] > span[0]:
            continue
        if index < len(chosen) and chosen[index][0] < span[1]:
            continue
        starts.insert(index, span[0])
        chosen.insert(index, span)
    return chosen


def site_keys(letter: Letter) -> list[str]:
    """The keys under which other letters cite this one: its Zaak, Aanhangsel and document number."""
    meta = letter.meta
    keys = {"zaak": meta.zaak, "aanhangsel": meta.aanhangsel, "document": meta.document}
    return [f"{kind}:{value}" for kind, value in keys.items() if value]


def link_letter(letter: Letter, site: Mapping[str, str], report: Reporter) -> Letter:
    """Link every text run of the letter; `site` maps site_keys() to our pages."""
    linker = _Linker(letter, site, report)
    items: list[Question | Answer] = []
    for item in letter.items:
        if isinstance(item, Question):
            items.append(
                replace(
                    item, blocks=linker.blocks(item.blocks, False), explanation=linker.blocks(item.explanation, False)
                )
            )
        else:
            items.append(replace(item, blocks=linker.blocks(item.blocks, True)))
    notes = tuple(replace(n, content=linker.content(n.content, n.line, False)) for n in letter.notes)
    return replace(
        letter,
        preamble=linker.blocks(letter.preamble, False),
        items=tuple(items),
        closing=linker.blocks(letter.closing, False),
        notes=notes,
    )
