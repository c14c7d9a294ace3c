"""JSON writer: Letter → the documented JSON schema (see README, 'JSON output')."""

from __future__ import annotations

import json
from typing import Any

from ..model import Letter, NoteSeries, links_of
from .data import blocks_text, front_matter, plain_text

SCHEMA_VERSION = 1


def to_data(letter: Letter) -> dict[str, Any]:
    data = {"schema": SCHEMA_VERSION, **front_matter(letter)}
    data["preamble"] = blocks_text(letter.preamble)
    data["questions"] = [
        {
            "number": q.numbers[0] if q.numbers else None,
            "numbers": list(q.numbers),
            "anchor": q.anchors[0] if q.anchors else None,
            "anchors": list(q.anchors),
            "text": blocks_text(q.blocks),
            "explanation": blocks_text(q.explanation),
            "line": q.line,
        }
        for q in letter.questions
    ]
    data["answers"] = [
        {"covers": list(a.covers), "text": blocks_text(a.blocks), "line": a.line} for a in letter.answers
    ]
    data["closing"] = blocks_text(letter.closing)
    data["footnotes"] = [
        {"number": n.number, "text": plain_text(n.content), "line": n.line}
        for n in letter.notes
        if n.series is NoteSeries.FOOTNOTE
    ]
    data["endnotes"] = [
        {"number": n.number, "mark": n.mark, "text": plain_text(n.content), "line": n.line}
        for n in letter.notes
        if n.series is NoteSeries.ENDNOTE
    ]
    data["sources"] = [
        {"number": n.number, "text": plain_text(n.content), "line": n.line}
        for n in letter.notes
        if n.series is NoteSeries.SOURCE
    ]
    data["links"] = [{"text": link.text, "url": link.url, "kind": link.kind.value} for link in links_of(letter)]
    return data


def write_json(letter: Letter) -> str:
    return json.dumps(to_data(letter), ensure_ascii=False, indent=2) + "\n"
