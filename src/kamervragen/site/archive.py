"""The archive: every source letter under a folder, converted and grouped per Zaak into cases."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

from ..cache import ParseCache, digest
from ..convert import Conversion, link
from ..corrections import FOLDER, apply, read_corrections
from ..dates import days_between
from ..diagnostics import Diagnostic, Severity
from ..fetch.record import Record
from ..linking.linker import site_keys
from ..model import Kind, Letter, Person, Question
from ..writers.text import write_text
from .record import read_records, record_key, with_record

# Source letters among the site's files; everything else is a page or asset.
LETTER_PATTERNS = ("*.txt", "*.docx", "*.pdf")
LEDGER = "permalinks.txt"  # the site's own data at the top of the content folder: never letters
REDIRECTS = "redirects.txt"
CHANGES = "changes.txt"  # anchors declared to show another question now: corrections, as data
CORRECTIONS = FOLDER  # content/corrections/<letter file name>.yaml: a wrong source mended, as data


class Status(StrEnum):
    ANSWERED = "beantwoord"
    POSTPONED = "uitgesteld"
    OPEN = "nog niet beantwoord"


@dataclass(frozen=True, slots=True)
class Document:
    letter: Letter
    source: str  # path of the source file relative to the content folder, with "/"
    key: str = ""  # cache key of the linked letter: its bytes, the converter and the site's pages


@dataclass(frozen=True, slots=True)
class Case:
    """One Kamervraag (Zaak): the questions as submitted, any postponement notice, the answer."""

    id: str
    documents: tuple[Document, ...]  # main document first: first answer, later answers, notice, questions
    # Anchors a corrected reading no longer makes, kept as extra ids: (old id, the id it now leads to),
    # declared in redirects.txt ("/2024Z18892/#vraag-10 /2024Z18892/#slot").
    moved: tuple[tuple[str, str], ...] = ()
    # Second copies of a document (the same letter in another file): downloads beside the page, not
    # shown again (`_drop_copies`).
    copies: tuple[Document, ...] = ()

    @property
    def files(self) -> tuple[Document, ...]:
        """Every document with a download on the page: those it shows and their copies."""
        return self.documents + self.copies

    @property
    def main(self) -> Letter:
        return self.documents[0].letter

    def of_kind(self, kind: Kind) -> Letter | None:
        return next((d.letter for d in self.documents if d.letter.kind is kind), None)

    @property
    def status(self) -> Status:
        kinds = {d.letter.kind for d in self.documents}
        if Kind.ANTWOORD in kinds:
            return Status.ANSWERED
        return Status.POSTPONED if Kind.MEDEDELING in kinds else Status.OPEN

    @property
    def postponed(self) -> bool:
        """A postponement notice was sent (whether or not the answer has come since)."""
        return any(d.letter.kind is Kind.MEDEDELING for d in self.documents)

    @property
    def title(self) -> str:
        titled = next((d.letter for d in self.documents if d.letter.meta.subject), self.main)
        return titled.title

    @property
    def submitted(self) -> str:
        return next((d.letter.meta.submitted for d in self.documents if d.letter.meta.submitted), "")

    @property
    def answered(self) -> str:
        answer = self.of_kind(Kind.ANTWOORD)
        return answer.meta.date if answer else ""

    @property
    def date(self) -> str:
        """The date the case is listed under: its answer, else its notice, else its submission."""
        notice = self.of_kind(Kind.MEDEDELING)
        return self.answered or (notice.meta.date if notice else "") or self.submitted

    @property
    def days_to_answer(self) -> int | None:
        return days_between(self.submitted, self.answered)

    @property
    def askers(self) -> tuple[Person, ...]:
        return next((d.letter.meta.askers for d in self.documents if d.letter.meta.askers), ())

    @property
    def ministry(self) -> str:
        return next((d.letter.meta.ministry for d in self.documents if d.letter.meta.ministry), "")

    @property
    def document(self) -> str:
        """The Tweede Kamer document number of the answer (else of any document that states one)."""
        return next((d.letter.meta.document for d in self.documents if d.letter.meta.document), "")

    @property
    def aanhangsel(self) -> str:
        return next((d.letter.meta.aanhangsel for d in self.documents if d.letter.meta.aanhangsel), "")


@dataclass(frozen=True, slots=True)
class Archive:
    cases: tuple[Case, ...]  # newest first
    problems: tuple[Diagnostic, ...]  # errors of letters left out, warnings of letters kept
    # Each letter's Zaak and Aanhangsel keys → its page ('zaak:2024Z17165' → '2024Z17165.md'): what
    # links between letters lead to.
    site: Mapping[str, str] = field(default_factory=dict)
    linked: bool = True  # False: the letters as parsed, to be linked with `link_case` (site/production.py)


def source_files(root: Path) -> list[Path]:
    """Every letter file, unreadable ones included (a link to nothing): they are reported, not skipped."""
    data = {root / LEDGER, root / REDIRECTS, root / CHANGES}
    found = (p for pattern in LETTER_PATTERNS for p in root.rglob(pattern))
    return sorted(p for p in found if (p.is_file() or p.is_symlink()) and p not in data)


_ORDER = {Kind.ANTWOORD: 0, Kind.MEDEDELING: 1, Kind.VRAGEN: 2}


def load_archive(
    root: Path,
    files: Iterable[Path] | None = None,
    cache: ParseCache | None = None,
    linked: bool = True,
    defer_checks: bool = False,
) -> Archive:
    """Convert every source letter under `root` (or the given files) and group them per Zaak."""
    paths = sorted(files) if files is not None else source_files(root)
    letters: dict[str, bytes] = {}
    unreadable: list[Diagnostic] = []
    for path in paths:
        if path.is_symlink():  # it may lead anywhere: /proc/self/environ, a file outside the repository
            message = (
                "is a symbolic link: letters are read only as regular files inside content/; put the file itself here"
            )
            unreadable.append(Diagnostic(_name(root, path), 0, Severity.ERROR, message))
            continue
        try:
            data = path.read_bytes()
        except OSError as error:  # the other letters are built all the same
            message = f"cannot read file: {error.strerror or error}; fix or remove it"
            unreadable.append(Diagnostic(_name(root, path), 0, Severity.ERROR, message))
            continue
        # a source wrong in a way no rule should guess is mended by data (corrections.py)
        declared = root / CORRECTIONS / f"{path.name}.yaml"
        if declared.is_file() and not declared.is_symlink():
            corrections, problems = read_corrections(declared)
            data, more = apply(data, _name(root, path), corrections)
            unreadable.extend((*problems, *more))
        letters[_name(root, path)] = data
    taken = (
        RESERVED | {p.stem.lower() for p in root.glob("*.md")} | {p.name.lower() for p in root.iterdir() if p.is_dir()}
    )
    records, unusable = read_records(root)  # the official records fetched beside the letters (site/record.py)
    unreadable.extend(unusable)
    archive = build_archive(letters, cache, linked, defer_checks, taken - {"letters"}, records)
    moves = anchor_moves(root / REDIRECTS)
    cases = tuple(replace(c, moved=tuple(moves[c.id])) if c.id in moves else c for c in archive.cases)
    return replace(archive, cases=cases, problems=(*unreadable, *archive.problems))


def anchor_moves(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Per Zaak, the anchors redirects.txt moves within its page: ("vraag-10", "slot")."""
    moves: dict[str, list[tuple[str, str]]] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 2 and not parts[0].startswith("#") and all("#" in p for p in parts):
                (old_page, old), (new_page, new) = (p.split("#", 1) for p in parts)
                if old_page == new_page and ANCHOR_ID.fullmatch(old) and ANCHOR_ID.fullmatch(new):
                    moves.setdefault(old_page.strip("/"), []).append((old, new))
    return moves


ANCHOR_ID = re.compile(r"[a-z][a-z0-9-]*")


# The site's own top-level pages and folders: a letter's page may never take their place.
RESERVED = frozenset(
    {
        "index", "404", "over", "statistieken", "open-data", "ministeries", "partijen", "kamerleden", "maanden",
        "letters", "assets", "pagefind", "search", "atom.xml", "sitemap.xml", "robots.txt",
    }
)  # fmt: skip


def build_archive(
    letters: Mapping[str, bytes],
    cache: ParseCache | None = None,
    linked: bool = True,
    defer_checks: bool = False,
    taken: frozenset[str] = RESERVED,
    records: Mapping[str, Record] | None = None,
) -> Archive:
    """Group letters (name relative to the content folder → bytes) per Zaak.

    Each letter is parsed once (from the cache when it is unchanged); then, knowing every letter's
    page, each is linked, so that letters citing each other link to each other's page. A letter with
    an error is left out; the others are kept. Without `linked` the letters are grouped as parsed,
    with the key their linked form is cached by (`defer_checks`: see ParseCache.parse_all). A letter
    with a Zaak record beside it (`records`, by folder) is read as its record has it (site/record.py).
    """
    cache = cache or ParseCache()
    records = records or {}
    parsed = {n: with_record(n, c, records) for n, c in sorted(cache.parse_all(letters, defer_checks).items())}
    site: dict[str, str] = {}
    for conversion in parsed.values():
        if conversion.letter is not None:
            site.update(dict.fromkeys(site_keys(conversion.letter), f"{case_id(conversion.letter)}.md"))
    # Links depend on the letter and on which pages the site has: while neither changes, what is made
    # of the linked letter can be taken from the cache.
    site_key = digest("site", repr(sorted(site.items())))
    grouped: dict[str, list[Document]] = {}
    problems: list[Diagnostic] = []
    for name, conversion in parsed.items():
        problems.extend(conversion.diagnostics)
        if conversion.letter is None or not conversion.ok:
            continue
        refusal = _refusal(conversion.letter, taken)
        if refusal:
            problems.append(Diagnostic(name, 0, Severity.ERROR, refusal))
            continue
        key = digest("linked", cache.keys[name], site_key, *record_key(name, records))
        document = Document(conversion.letter, name, key)
        if linked:
            document, diagnostics = link_document(document, site)
            problems.extend(diagnostics)
        grouped.setdefault(case_id(document.letter), []).append(document)
    cases = []
    for key, documents in grouped.items():
        shown, copies, found = _drop_copies(documents)
        problems.extend(found)
        cases.append(Case(key, tuple(sorted(shown, key=_document_order)), copies=tuple(copies)))
    cases.sort(key=lambda c: (c.date, c.id), reverse=True)
    return Archive(tuple(cases), tuple(problems), site, linked)


def _drop_copies(documents: list[Document]) -> tuple[list[Document], list[Document], list[Diagnostic]]:
    """A Zaak's documents without second copies of one letter (a hand-placed file and the same letter
    fetched): the same kind, date and question numbers and the very same words in the same order. The page shows the
    letter once and offers each copy as a download, reported with the file it repeats. A letter that
    differs in a word (another rendering, or a corrected answer on the same day) is shown too, never
    hidden; when nearly all its words are another's, a warning says it may be a copy."""
    shown: list[Document] = []
    copies: list[Document] = []
    problems = []
    for document in sorted(documents, key=lambda d: d.source):
        likeness = max(((_likeness(k.letter, document.letter), k) for k in shown), default=(0.0, None), key=_first)
        share, original = likeness
        if original is not None and share == 1 and _reading(original.letter) == _reading(document.letter):
            copies.append(document)
            problems.append(
                _copy_warning(
                    document,
                    f"the same letter as {original.source} (same kind, date, questions and words): shown once,"
                    f" from {original.source}, this file a download beside it; remove one of the two files",
                )
            )
            continue
        shown.append(document)
        if original is not None and share >= COPY_OVERLAP:
            problems.append(
                _copy_warning(
                    document,
                    f"nearly the same letter as {original.source} ({share:.0%} of its words; same kind, date and"
                    " questions): both shown; if one is a copy of the other in another rendering, remove it",
                )
            )
    return shown, copies, problems


COPY_OVERLAP = 0.9  # share of distinct words two renderings of one letter have in common, at least


def _first(pair: tuple[float, Document | None]) -> float:
    return pair[0]


def _copy_warning(document: Document, message: str) -> Diagnostic:
    return Diagnostic(document.source, 0, Severity.WARNING, message, "copy")


def _likeness(one: Letter, other: Letter) -> float:
    """The share of distinct words two letters have in common (1: the very same words), 0 unless they
    are of one kind and date and number their questions and answers alike."""
    if (one.kind, one.meta.date, one.meta.supplement) != (other.kind, other.meta.date, other.meta.supplement):
        return 0.0
    if [item.numbers if isinstance(item, Question) else item.covers for item in one.items] != [
        item.numbers if isinstance(item, Question) else item.covers for item in other.items
    ]:
        return 0.0
    words, others = _words(one), _words(other)
    return len(words & others) / len(words | others) if words else 0.0


def _reading(letter: Letter) -> list[str]:
    """Every word of the letter's text download, in order (tables, links and figures included): two
    files are one letter only when these are the same, a corrected figure or a "niet" makes two."""
    return write_text(letter).split()


def _words(letter: Letter) -> set[str]:
    """The distinct words of everything a letter's page shows of it (introduction, questions, answers,
    closing, notes), lower case."""
    blocks = [*letter.preamble, *(block for item in letter.items for block in item.blocks), *letter.closing]
    contents = [*(block.content for block in blocks), *(note.content for note in letter.notes)]
    return {w for content in contents for inline in content if isinstance(inline, str) for w in inline.lower().split()}


def link_document(document: Document, site: Mapping[str, str]) -> tuple[Document, tuple[Diagnostic, ...]]:
    """The document with its letter linked to the site's pages, and what linking reported."""
    parsed = Conversion(document.letter, ())
    linked = link(parsed, site, page=False)
    assert linked.letter is not None
    return replace(document, letter=linked.letter), linked.diagnostics


def link_case(case: Case, site: Mapping[str, str]) -> tuple[Case, tuple[Diagnostic, ...]]:
    """A Zaak of an unlinked archive with its letters linked, and what linking reported."""
    done = [link_document(document, site) for document in case.documents]
    return replace(case, documents=tuple(d for d, _ in done)), tuple(x for _, found in done for x in found)


def _document_order(document: Document) -> tuple[int, bool, str, str]:
    """Answer, notice, questions; a first answer before a "nader antwoord" (which keeps it the main
    document and owner of the #vraag-N anchors), later answers by date, then by file name."""
    letter = document.letter
    return (_ORDER[letter.kind], letter.meta.supplement, letter.meta.date, document.source)


def _refusal(letter: Letter, taken: frozenset[str]) -> str:
    """Why a file is not published as a letter ("" when it is): a file named like no letter (no Zaak
    or Aanhangsel number) must at least have questions, and its page may not take a page's place."""
    if letter.meta.zaak or letter.id:
        return ""
    if not letter.questions:
        return (
            "not recognised as a letter: no Zaak number (2024Z12345), no Aanhangsel number and no questions;"
            " it is not published (add its Zaak number, or move the file out of content/)"
        )
    page = case_id(letter)
    if not SAFE_PAGE.fullmatch(page):
        return (
            f"its page would be named after the file ({page!r}: the letter states no Zaak number), which is"
            " no safe URL: rename the file to letters, digits, '-' and '.' only, or add the Zaak number"
        )
    if page.lower() in taken:
        return (
            f"its page /{page}/ (named after the file, the letter states no Zaak number) collides with the"
            f" site's own page or folder /{page}/: rename the file or add the letter's Zaak number"
        )
    return ""


SAFE_PAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def case_id(letter: Letter) -> str:
    """The page a letter belongs to: its Zaak number, else its own id (an Aanhangsel id)."""
    return letter.meta.zaak or letter.id or Path(letter.source).stem


def _name(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


SLUG_LENGTH = 80  # a file name stays far below the 255 bytes a file system allows


def slug(text: str) -> str:
    """A URL segment for an index page: 'GroenLinks-PvdA' → 'groenlinks-pvda', 'Kröger' → 'kroger';
    a long one is cut at a word and ends in a digest of the whole text, so it stays apart."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "onbekend"
    if len(name) <= SLUG_LENGTH:
        return name
    cut = name[: SLUG_LENGTH - 9].rsplit("-", 1)[0] or name[: SLUG_LENGTH - 9]
    return f"{cut}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def slugs(keys: Iterable[str]) -> dict[str, str]:
    """A distinct URL segment for each key: two that slug alike ('Jansen (D66)', 'Jänsen (D66)') get
    '-2', '-3' in the order of the keys as written, so each has its own page and feed."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for key in sorted(set(keys)):
        base = slug(key)
        name, number = base, 2
        while name in used:
            name, number = f"{base}-{number}", number + 1
        used.add(name)
        names[key] = name
    return names


def is_error(diagnostic: Diagnostic) -> bool:
    return diagnostic.severity is Severity.ERROR
