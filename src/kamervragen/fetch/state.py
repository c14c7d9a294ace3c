"""Fetch stage: the state file, so that a fetch resumes where an interrupted one stopped.

It holds the moment the changes are asked from (`since`), the moment the running fetch started and
the Zaken it finished. A finished fetch leaves `since` at its own start and nothing else; an
interrupted one leaves its `since` and the Zaken done, and the next run asks the same and skips them.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

VERSION = 1


@dataclass(slots=True)
class State:
    since: str = ""  # ISO time, UTC: Zaken changed since then are asked for
    started: str = ""  # the running fetch's start ("" when none is running)
    done: list[str] = field(default_factory=list)  # Zaken the running fetch finished

    @property
    def running(self) -> bool:
        return bool(self.started)


def read_state(path: Path) -> tuple[State, str]:
    """The state, and a problem with the file ("" when none): an unreadable state starts afresh."""
    if not path.is_file():
        return State(), ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}")
        state = State(str(data.get("since", "")), str(data.get("started", "")), [str(z) for z in data.get("done", [])])
        for moment in (state.since, state.started):
            if moment:
                parse_moment(moment)
    except (OSError, ValueError, AttributeError, TypeError) as error:
        return State(), f"{path}: warning: the state file cannot be read ({error}); this fetch starts afresh"
    return state, ""


def write_state(path: Path, state: State) -> None:
    """Whole or not at all: beside the file, then renamed."""
    data = {"version": VERSION, "since": state.since, "started": state.started, "done": sorted(state.done)}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2, sort_keys=True)
            stream.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def parse_moment(text: str) -> datetime:
    """An ISO date or time; a date is its midnight, a time without zone is UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def moment_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
