"""The document model: a small, typed, frozen description of one letter, shared by all writers."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    ANTWOORD = "antwoord"  # the answers to the questions
    MEDEDELING = "mededeling"  # postponement notice: the answers come later
    VRAGEN = "vragen"  # the questions as submitted, not answered yet


class NoteSeries(StrEnum):
    FOOTNOTE = "footnote"  # notes of the answering letter (Word footnotes, PDF notes)
    ENDNOTE = "endnote"  # Word endnotes: numbered apart, shown as Word shows them ("i", "ii", …)
    SOURCE = "source"  # the questioners' own source notes, "[1]" or "1)" in the question text


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A note mark in running text; `number` is the reader-visible number within its series."""

    series: NoteSeries
    number: int
    mark: str = ""  # a source mark as written ("[1]", "1)"), shown as is; footnotes are renumbered


class LinkKind(StrEnum):
    PARLIAMENT = "parliament"  # a Kamerstuk, Aanhangsel, Handelingen, Staatscourant, Zaak or document
    SITE = "site"  # a cited Zaak or Aanhangsel that this site publishes itself
    WEB = "web"  # an http(s) address written in the letter
    QUESTION = "question"  # a reference to another question of this letter ("zie het antwoord op vraag 7")


@dataclass(frozen=True, slots=True)
class Link:
    """Letter text that links somewhere; `text` is shown exactly as written."""

    text: str
    url: str
    kind: LinkKind


Inline = str | NoteRef | Link
"""Running text: plain strings (as written, never markup), note marks and links."""


class BlockStyle(StrEnum):
    PARAGRAPH = "paragraph"
    BULLET = "bullet"  # an item of a bulleted list
    NUMBERED = "numbered"  # an item of a numbered list; `marker` holds "1." or "a)"
    FIGURE = "figure"  # an image; the text is its alternative text
    TABLE = "table"  # `rows` holds the cells


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-level unit of text with the source line it starts on."""

    line: int
    style: BlockStyle
    content: tuple[Inline, ...] = ()
    marker: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A question with the numbers it carries: one, or several for a joint label ("Vraag 6 en 7")."""

    numbers: tuple[int, ...]
    line: int
    blocks: tuple[Block, ...]
    explanation: tuple[Block, ...] = ()  # a "Toelichting" that follows the question
    aliases: tuple[str, ...] = ()  # extra ids: anchors an earlier reading published ("vraag-7-2")
    part: str = ""  # a part of a question asked again per part ("Vraag 2" … "Antwoord 2m"): "m"

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(f"vraag-{n}{self.part}" for n in self.numbers)


@dataclass(frozen=True, slots=True)
class Answer:
    """An answer and the question numbers it covers."""

    covers: tuple[int, ...]
    line: int
    blocks: tuple[Block, ...]
    part: str = ""  # the part of the question it answers ("Antwoord 2l": "l")


@dataclass(frozen=True, slots=True)
class Note:
    """A note body; `number` is its reader-visible number, renumbered 1..n in reading order."""

    series: NoteSeries
    number: int
    line: int
    content: tuple[Inline, ...]
    mark: str = ""  # a listed source's label as written: "[1]", "1)"


@dataclass(frozen=True, slots=True)
class Person:
    """A member, minister or state secretary as the letter names them."""

    name: str
    party: str = ""  # for members of parliament
    role: str = ""  # "minister", "staatssecretaris"
    portfolio: str = ""  # "Justitie en Veiligheid"


@dataclass(frozen=True, slots=True)
class Metadata:
    zaak: str = ""  # Tweede Kamer Zaak number, e.g. 2025Z04271
    aanhangsel: str = ""  # Aanhangsel id, e.g. ah-tk-20242025-594
    aanhangsel_number: str = ""  # "AH 613" of the docx rendering gives "613"
    document: str = ""  # the Tweede Kamer's document number of this letter, e.g. 2024D45678
    supplement: bool = False  # a "nader antwoord": a later answer that completes or corrects the first
    see_also: tuple[str, ...] = ()  # "Zie ook Aanhangsel Handelingen ..." as written
    related: tuple[str, ...] = ()  # Zaken these questions follow up ("ter aanvulling op … 2024Z18284")
    subject: str = ""  # what the questions are about, as written
    submitted: str = ""  # ISO date the questions were sent in
    date: str = ""  # ISO date of the answer, notice or letter
    askers: tuple[Person, ...] = ()
    addressees: tuple[str, ...] = ()  # the ministers the questions are put to, as written
    answered_by: tuple[Person, ...] = ()
    on_behalf_of: tuple[str, ...] = ()  # "mede namens ..."
    ministry: str = ""
    reference: str = ""  # the ministry's own reference (Onze referentie / Kenmerk)
    oral: bool = False  # "Mondelinge vragen"


_TITLE_LENGTH = 110


def _shorten(text: str) -> str:
    """A first question as a title: up to its first question mark, cut at a word near 110 characters."""
    text = " ".join(text.split())
    end = text.find("?")
    if 0 < end < _TITLE_LENGTH:
        return text[: end + 1]
    if len(text) <= _TITLE_LENGTH:
        return text
    return text[: text.rfind(" ", 0, _TITLE_LENGTH)].rstrip(",;:") + " …"


@dataclass(frozen=True, slots=True)
class Letter:
    """One document of a Zaak: questions, answers, notes and metadata, in reading order."""

    source: str
    rendering: str
    kind: Kind
    meta: Metadata
    preamble: tuple[Block, ...] = ()  # cover letter and introductory text before the questions
    items: tuple[Question | Answer, ...] = ()
    closing: tuple[Block, ...] = ()  # text after the last answer (a Mededeling's notice, say)
    notes: tuple[Note, ...] = field(default=())
    unstructured: bool = False  # no questions recognised: the whole text is in `preamble`, shown as such

    @property
    def id(self) -> str:
        return self.meta.zaak or self.meta.aanhangsel or ""

    @property
    def title(self) -> str:
        """The subject ("over …"), capitalised; a letter that states none is named by its first question."""
        subject = self.meta.subject.strip()
        if subject:
            return subject[0].upper() + subject[1:]
        first = next((q for q in self.questions if q.blocks), None)
        if first is not None:
            return _shorten(
                "".join(p if isinstance(p, str) else getattr(p, "text", "") for p in first.blocks[0].content)
            )
        return f"Kamervragen {self.id}".strip()

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(i for i in self.items if isinstance(i, Question))

    @property
    def answers(self) -> tuple[Answer, ...]:
        return tuple(i for i in self.items if isinstance(i, Answer))


def links_of(letter: Letter) -> list[Link]:
    """Every link in reading order: introduction, questions and answers, closing, notes."""
    blocks: list[Block] = list(letter.preamble)
    for item in letter.items:
        blocks.extend(item.blocks)
        if isinstance(item, Question):
            blocks.extend(item.explanation)
    blocks.extend(letter.closing)
    contents = [b.content for b in blocks] + [n.content for n in letter.notes]
    return [part for content in contents for part in content if isinstance(part, Link)]
