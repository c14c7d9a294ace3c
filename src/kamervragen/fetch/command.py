"""Fetch stage: the `kamervragen fetch` subcommand (its arguments, and its run as exit status)."""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from datetime import datetime
from pathlib import Path
from types import FrameType

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
API = "KAMERVRAGEN_OPENDATA_URL"  # another service root (the tests' server on 127.0.0.1)
INTERVAL = "KAMERVRAGEN_FETCH_INTERVAL"  # the pause between requests, where no --interval is given


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fetch = commands.add_parser(
        "fetch", help="fetch new Kamervragen and their records from the Tweede Kamer's open data into content/"
    )
    fetch.add_argument("--since", metavar="DATE", help="Zaken changed since this ISO date or time (default: last run)")
    fetch.add_argument("--zaak", nargs="+", action="extend", default=[], metavar="NUMMER", help="just these Zaken")
    fetch.add_argument("--content", type=Path, default=Path("content"), help="letters and pages (default: content)")
    fetch.add_argument("--state", type=Path, default=Path(".cache/fetch/state.json"), help="where a run resumes from")
    fetch.add_argument(
        "--api", default=os.environ.get(API, ""), help=f"OData service root (default: ${API}, else the Kamer's)"
    )
    fetch.add_argument(
        "--interval", type=float, help=f"seconds between requests (default ${INTERVAL}, else 0.5; 0: no pause)"
    )
    fetch.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for an answer (default 30)")


def run(args: argparse.Namespace) -> int:
    from datetime import UTC  # noqa: PLC0415

    from .state import parse_moment  # noqa: PLC0415

    numbers = [n.strip() for n in args.zaak]
    wrong = [n for n in numbers if not re.fullmatch(r"\d{4}Z\d{5}", n)]
    if wrong:
        print(f"kamervragen: error: not a Zaak number (2025Z04271): {', '.join(wrong)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        since = parse_moment(args.since).astimezone(UTC) if args.since else None
    except ValueError:
        print(f"kamervragen: error: --since {args.since!r} is no ISO date (2025-03-31) or time", file=sys.stderr)
        return EXIT_USAGE
    try:
        args.interval = float(os.environ.get(INTERVAL) or 0.5) if args.interval is None else args.interval
    except ValueError:
        print(f"kamervragen: error: ${INTERVAL} is no number of seconds", file=sys.stderr)
        return EXIT_USAGE
    if not args.content.is_dir():
        print(f"kamervragen: error: {args.content} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    previous = signal.signal(signal.SIGTERM, _interrupt)  # a cancelled CI job: clean up as for Ctrl-C
    try:
        return _fetch(args, since, numbers)
    except KeyboardInterrupt:
        print("kamervragen: interrupted; the next fetch resumes where this one stopped", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _fetch(args: argparse.Namespace, since: datetime | None, numbers: list[str]) -> int:
    from .client import Client, FetchError, Policy  # noqa: PLC0415  (httpx loads for this command only)
    from .opendata import ROOT  # noqa: PLC0415
    from .run import fetch  # noqa: PLC0415

    policy = Policy(timeout=args.timeout, interval=max(0.0, args.interval))
    with Client(args.api or ROOT, policy) as client:
        try:
            outcome = fetch(args.content, client, args.state, since, numbers)
        except FetchError as error:
            print(f"kamervragen: error: {error}; what was fetched is kept, the next fetch resumes", file=sys.stderr)
            return EXIT_ERRORS
    for message in outcome.messages:
        print(message, file=sys.stderr)
    print(
        f"kamervragen fetch: {outcome.zaken} Zaken, {outcome.documents} documents, {outcome.downloaded} downloaded"
        f" ({outcome.bytes} bytes), {outcome.records} records written",
        file=sys.stderr,
    )
    return EXIT_OK
