"""Changes between two git revisions: which Kamervraag pages a change adds, alters or removes, and
which questions' text it alters, as the body of the pull request's preview comment."""

from __future__ import annotations

import fnmatch
import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..escape import escape
from ..model import Answer, Question
from ..site.archive import LETTER_PATTERNS, Archive, Case, build_archive
from ..site.pages import case_page
from ..writers.data import plain_text

MARKER = "<!-- kamervragen-preview -->"  # lets the workflow find and update its one comment


@dataclass(frozen=True, slots=True)
class Changes:
    added: tuple[Case, ...]
    changed: tuple[tuple[Case, tuple[int, ...]], ...]  # the case and its questions whose text changed
    removed: tuple[Case, ...]

    @property
    def pages(self) -> set[str]:
        """Ids of the pages a 'changed pages' preview must contain."""
        return {c.id for c in self.added} | {c.id for c, _ in self.changed}


def letters_at(revision: str, repository: Path, folder: str = "content") -> dict[str, bytes]:
    """The source letters under `folder` at a git revision, by path relative to that folder."""
    listing = _git(repository, "ls-tree", "-r", "-z", "--name-only", revision, "--", folder)
    paths = [p for p in listing.decode().split("\0") if p and _is_letter(p)]
    if not paths:
        return {}
    request = "".join(f"{revision}:{path}\n" for path in paths).encode()
    output = _git(repository, "cat-file", "--batch", stdin=request)
    letters: dict[str, bytes] = {}
    position = 0
    for path in paths:  # each answer: "<sha> blob <size>\n<content>\n"
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        letters[path.removeprefix(folder + "/")] = output[header_end + 1 : header_end + 1 + size]
        position = header_end + 1 + size + 1
    return letters


def _is_letter(path: str) -> bool:
    return any(fnmatch.fnmatch(Path(path).name, pattern) for pattern in LETTER_PATTERNS)


def _git(repository: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=repository, input=stdin, capture_output=True, check=True).stdout


def compare(base: Archive, head: Archive) -> Changes:
    before = {case.id: case for case in base.cases}
    after = {case.id: case for case in head.cases}
    added = tuple(after[i] for i in sorted(after.keys() - before.keys()))
    removed = tuple(before[i] for i in sorted(before.keys() - after.keys()))
    changed = []
    for key in sorted(after.keys() & before.keys()):
        if case_page(after[key]) != case_page(before[key]):
            changed.append((after[key], _changed_questions(before[key], after[key])))
    return Changes(added, tuple(changed), removed)


def _question_texts(case: Case) -> dict[int, str]:
    """Per question number, the text a reader sees of the question and of its answer."""
    texts: dict[int, str] = {}
    for item in case.main.items:
        numbers = item.numbers if isinstance(item, Question) else item.covers if isinstance(item, Answer) else ()
        blocks = item.blocks + (item.explanation if isinstance(item, Question) else ())
        text = "\n".join(plain_text(b.content) for b in blocks)
        for number in numbers:
            texts[number] = texts.get(number, "") + "\n" + text
    return texts


def _changed_questions(before: Case, after: Case) -> tuple[int, ...]:
    old, new = _question_texts(before), _question_texts(after)
    return tuple(sorted(n for n in new.keys() | old.keys() if old.get(n) != new.get(n) and n in new))


def comment(changes: Changes, preview_url: str, partial: bool = False) -> str:
    """The pull request comment: the preview's home, then added, changed and removed pages."""
    root = preview_url.rstrip("/") + "/"
    lines = [MARKER, "### Voorbeeld van deze wijziging", "", f"De gebouwde site: [{root}]({root})"]
    if partial:
        lines.append("(alleen de gewijzigde pagina's: het archief is te groot voor een volledig voorbeeld)")
    if not (changes.added or changes.changed or changes.removed):
        lines += ["", "Geen Kamervraag-pagina's gewijzigd."]
    if changes.added:
        lines += ["", f"**Toegevoegd ({len(changes.added)})**", ""]
        lines += [f"- [{escape(c.title)}]({root}{c.id}/) `{c.id}`" for c in changes.added]
    if changes.changed:
        lines += ["", f"**Gewijzigd ({len(changes.changed)})**", ""]
        for case, numbers in changes.changed:
            anchors = ", ".join(f"[vraag {n}]({root}{case.id}/#vraag-{n})" for n in numbers)
            lines.append(
                f"- [{escape(case.title)}]({root}{case.id}/) `{case.id}`" + (f": {anchors}" if anchors else "")
            )
    if changes.removed:
        lines += ["", f"**Verwijderd ({len(changes.removed)})**", ""]
        lines += [f"- {escape(c.title)} `{c.id}`" for c in changes.removed]
    return "\n".join(lines) + "\n"


def as_json(changes: Changes, partial: bool = False) -> str:
    """The changes as data for the trusted deploy job, which writes the comment itself from it (it
    never posts text the pull request's code wrote): page ids, how they changed, `vraag-N` anchors."""
    pages = [{"id": c.id, "change": "added", "anchors": []} for c in changes.added]
    pages += [
        {"id": c.id, "change": "changed", "anchors": [f"vraag-{n}" for n in numbers]} for c, numbers in changes.changed
    ]
    pages += [{"id": c.id, "change": "removed", "anchors": []} for c in changes.removed]
    return json.dumps({"version": 1, "partial": partial, "pages": pages}, ensure_ascii=False, indent=1) + "\n"


def changes_between(repository: Path, base: str, head: str) -> Changes:
    return compare(build_archive(letters_at(base, repository)), build_archive(letters_at(head, repository)))


def main(argv: Sequence[str] | None = None) -> int:
    import argparse  # noqa: PLC0415  (a command of its own)

    parser = argparse.ArgumentParser(prog="changed-pages", description=__doc__)
    parser.add_argument("base", help="the revision the pull request starts from")
    parser.add_argument("head", help="the revision of the pull request")
    parser.add_argument("--preview-url", default="./", help="where the preview of HEAD is published")
    parser.add_argument("--repository", type=Path, default=Path("."))
    parser.add_argument("--partial", action="store_true", help="the preview holds only the changed pages")
    parser.add_argument("--json", action="store_true", help="the changes as data (for the preview deploy job)")
    args = parser.parse_args(argv)
    changes = changes_between(args.repository, args.base, args.head)
    print(as_json(changes, args.partial) if args.json else comment(changes, args.preview_url, args.partial), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
