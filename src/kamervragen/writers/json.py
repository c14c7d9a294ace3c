"""JSON writer: Letter → the documented JSON schema (see README, 'JSON output')."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..linking.linker import links_of
from ..model import Block, Inline, Letter, Link, NoteRef, NoteSeries, Person

SCHEMA_VERSION = 1


def plain_text(content: Sequence[Inline]) -> str:
    """Text as a reader sees it: footnote marks as [n], the questioners' source marks as written."""
    out = []
    for part in content:
        if isinstance(part, NoteRef):
            if part.series is NoteSeries.FOOTNOTE:
                out.append(f"[{part.number}]")
            elif part.series is NoteSeries.ENDNOTE:
                out.append(f"[{part.mark}]")
            else:
                out.append(part.mark or f"[{part.number}]")
        elif isinstance(part, Link):
            out.append(part.text)
        else:
            out.append(part)
    return "".join(out).strip()


def _blocks_text(blocks: Sequence[Block]) -> str:
    lines = []
    for block in blocks:
        text = plain_text(block.content)
        if block.marker:
            text = f"{block.marker} {text}"
        elif block.rows:
            text = "\n".join("\t".join(row) for row in block.rows)
        lines.append(text)
    return "\n\n".join(lines)


def person_data(person: Person) -> dict[str, str]:
    return {
        k: v
        for k, v in (
            ("name", person.name),
            ("party", person.party),
            ("role", person.role),
            ("portfolio", person.portfolio),
        )
        if v
    }


def front_matter(letter: Letter) -> dict[str, Any]:
    """The metadata both writers share (the Markdown front matter is exactly this)."""
    meta = letter.meta
    data: dict[str, Any] = {
        "id": letter.id,
        "kind": letter.kind.value,
        "title": letter.title,
        "zaak": meta.zaak,
        "aanhangsel": meta.aanhangsel,
        "document": meta.document,
        "supplement": meta.supplement,
        "date": meta.date,
        "submitted": meta.submitted,
        "askers": [person_data(p) for p in meta.askers],
        "addressees": list(meta.addressees),
        "answered_by": [person_data(p) for p in meta.answered_by],
        "on_behalf_of": list(meta.on_behalf_of),
        "ministry": meta.ministry,
        "reference": meta.reference,
        "oral": meta.oral,
        "see_also": list(meta.see_also),
        "source": letter.source.rsplit("/", 1)[-1],
        "rendering": letter.rendering,
    }
    return data


def to_data(letter: Letter) -> dict[str, Any]:
    data = {"schema": SCHEMA_VERSION, **front_matter(letter)}
    data["preamble"] = _blocks_text(letter.preamble)
    data["questions"] = [
        {
            "number": q.numbers[0] if q.numbers else None,
            "numbers": list(q.numbers),
            "anchor": q.anchors[0] if q.anchors else None,
            "anchors": list(q.anchors),
            "text": _blocks_text(q.blocks),
            "explanation": _blocks_text(q.explanation),
            "line": q.line,
        }
        for q in letter.questions
    ]
    data["answers"] = [
        {"covers": list(a.covers), "text": _blocks_text(a.blocks), "line": a.line} for a in letter.answers
    ]
    data["closing"] = _blocks_text(letter.closing)
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
