"""Fetch stage: `kamervragen fetch`: the Zaken changed since the last run, their documents and records.

Each Zaak is finished before the next begins: its documents downloaded (whole, or not at all), its
record written beside them, then the state file notes it done. An interrupted run leaves at most a
hidden `.part` file, which the next run removes before it resumes with the Zaken not yet done.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from ..files import write_text_whole
from .client import PART, Client
from .opendata import Zaak, changed_zaken, zaak
from .record import RECORD, Record, RecordDocument, RecordError, parse_record, to_json
from .state import State, moment_text, parse_moment, read_state, write_state

LETTERS = "letters"  # content/letters/<Zaak>/
FIRST_WINDOW = timedelta(days=30)  # a first fetch, with nothing to go by, asks this far back


@dataclass(slots=True)
class Outcome:
    zaken: int = 0  # Zaken looked at
    documents: int = 0  # their documents of the four kinds
    downloaded: int = 0
    bytes: int = 0
    records: int = 0  # zaak.json files written (new or changed)
    messages: list[str] = field(default_factory=list)  # what a maintainer should know: deletions, files not read


class Progress:
    """Counts of Zaken and documents as the fetch goes: a bar on a terminal, plain lines elsewhere (CI)."""

    def __init__(self, stream: TextIO = sys.stderr, bar: bool | None = None) -> None:
        self.stream = stream
        self.bar_wanted = stream.isatty() and not os.environ.get("CI") if bar is None else bar
        self.bar: object = None
        self.total = 0

    def start(self, total: int) -> None:
        self.total = total
        if self.bar_wanted:
            from tqdm import tqdm  # noqa: PLC0415  (only where a bar is shown)

            self.bar = tqdm(total=total, unit=" Zaken", file=self.stream, desc="kamervragen fetch")
        else:
            print(f"kamervragen fetch: {total} Zaken changed", file=self.stream)

    def zaak(self, index: int, number: str, outcome: Outcome) -> None:
        counts = f"{outcome.documents} documents, {outcome.downloaded} downloaded"
        if self.bar is not None:
            self.bar.set_postfix_str(counts)  # type: ignore[attr-defined]
            self.bar.update(1)  # type: ignore[attr-defined]
        else:
            print(f"kamervragen fetch: [{index}/{self.total}] {number}: {counts}", file=self.stream)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()  # type: ignore[attr-defined]


def fetch(
    content: Path,
    client: Client,
    state_path: Path,
    since: datetime | None = None,
    numbers: Sequence[str] = (),
    progress: Progress | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Outcome:
    """Fetch the Zaken changed since `since` (else since the last run), or just `numbers`.

    A request that fails for good raises FetchError; what was done stays done and is in the state
    file, so the next run goes on from there."""
    progress = progress or Progress()
    outcome = Outcome()
    targeted = bool(numbers)
    state, problem = (State(), "") if targeted else read_state(state_path)
    if problem:
        outcome.messages.append(problem)
    if not targeted:
        state = _this_run(state, since, content, now())
        write_state(state_path, state)
        numbers = changed_zaken(client, parse_moment(state.since))
    todo = [n for n in numbers if n not in state.done]
    progress.start(len(todo))
    try:
        for index, number in enumerate(todo, 1):
            _one(content, client, number, outcome)
            progress.zaak(index, number, outcome)
            if not targeted:
                state.done.append(number)
                write_state(state_path, state)
    finally:
        progress.close()
    if not targeted:  # finished: the next run asks from this one's start
        write_state(state_path, State(since=state.started))
    return outcome


def _this_run(state: State, since: datetime | None, content: Path, moment: datetime) -> State:
    """The run to do: the interrupted one resumed (unless another `since` is asked), else a new one."""
    asked = moment_text(since) if since else ""
    if state.running and (not asked or asked == state.since):
        return state
    start = asked or state.since or newest_record(content) or moment_text(moment - FIRST_WINDOW)
    return State(since=start, started=moment_text(moment))


def newest_record(content: Path) -> str:
    """The latest change any record in content/ knows of: where a fetch without a state goes on."""
    newest = ""
    for path in sorted((content / LETTERS).glob(f"*/{RECORD}")):
        record = _read(path)
        if record is not None:
            newest = max([newest, record.changed, *(d.changed for d in record.documents)])
    return newest


def _read(path: Path) -> Record | None:
    try:
        return parse_record(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, RecordError):
        return None


def _one(content: Path, client: Client, number: str, outcome: Outcome) -> None:
    """One Zaak: its documents that are new or changed downloaded, then its record written."""
    found = zaak(client, number)
    outcome.zaken += 1
    if found is None:
        outcome.messages.append(
            f"{number}: warning: the open data has no Zaak {number} (deleted, or not yet published)"
        )
        return
    folder = content / LETTERS / number
    for stale in folder.glob(f".*{PART}"):  # left by a run that was killed mid-download
        stale.unlink(missing_ok=True)
    before = _read(folder / RECORD) if (folder / RECORD).is_file() else None
    documents = [_document(folder, client, found, d, before, outcome) for d in found.record.documents]
    record = replace(found.record, documents=tuple(documents))
    for unreadable in found.unreadable:
        outcome.messages.append(
            f"{folder / RECORD}: warning: document {unreadable} is no Word (.docx) or PDF file: not downloaded;"
            " its page shows the documents that are"
        )
    text = to_json(record)
    target = folder / RECORD
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        write_whole(target, text)
        outcome.records += 1


def _document(
    folder: Path, client: Client, found: Zaak, document: RecordDocument, before: Record | None, outcome: Outcome
) -> RecordDocument:
    outcome.documents += 1
    earlier = next((d for d in before.documents if d.number == document.number), None) if before else None
    if document.deleted:
        kept = earlier.file if earlier and earlier.file and (folder / earlier.file).is_file() else ""
        outcome.messages.append(
            f"{folder / RECORD}: warning: document {document.number} was deleted upstream (Verwijderd);"
            f" {'its file ' + kept + ' and its page are kept' if kept else 'it was never downloaded'}"
            " (the permalinks ledger holds the page's links)"
        )
        return replace(document, file=kept)
    file = found.files.get(document.number)
    if file is None:
        return document
    target = folder / file.name
    # Unchanged since the record beside it says so; without a record (a run stopped before writing
    # it), a file of exactly the stated length is the one a stopped run completed.
    if earlier is not None:
        unchanged = earlier.changed == document.changed and earlier.file == file.name
    else:
        unchanged = file.length is not None
    if unchanged and target.is_file() and (file.length is None or target.stat().st_size == file.length):
        return document
    outcome.bytes += client.download(file.url, target, file.length)
    outcome.downloaded += 1
    return document


def write_whole(target: Path, text: str) -> None:
    """Beside the target, then renamed (a leftover of a killed run ends in `PART`: removed next run)."""
    write_text_whole(target, text, suffix=PART)
