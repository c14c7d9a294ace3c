"""The model as plain data, shared by the writers: visible text, people and the front matter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Block, Inline, Letter, Link, NoteRef, NoteSeries, Person


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


def blocks_text(blocks: Sequence[Block]) -> str:
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
        "related": list(meta.related),
        "unstructured": letter.unstructured,
        "source": letter.source.rsplit("/", 1)[-1],
        "rendering": letter.rendering,
    }
    return data
