"""Command line: `kamervragen convert FILE… [-o DIR|-] [--to markdown|json|summary] [--format …] [--strict]`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .convert import FORMATS, Conversion, link, parse_bytes, render
from .diagnostics import Reporter, Severity
from .fetch import command as fetch_command
from .files import write_text_whole
from .linking.linker import site_keys
from .site.archive import is_error, load_archive
from .site.generate import generate
from .site.permalinks import (
    CHANGES,
    LEDGER,
    REDIRECTS,
    changed,
    lost,
    moved_aliases,
    read_changes,
    read_meanings,
    read_redirects,
    site_permalinks,
    unrecorded,
    updated_ledger,
)

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kamervragen", description="Publish answered Kamervragen.")
    commands = parser.add_subparsers(dest="command", required=True)
    convert = commands.add_parser("convert", help="convert letters to Markdown or JSON")
    convert.add_argument("files", nargs="+", type=Path, metavar="FILE")
    convert.add_argument("-o", "--output", default="-", help="directory, or - for standard output (default)")
    convert.add_argument(
        "--to", choices=("markdown", "json", "summary"), default="markdown", help="summary: the structure, briefly"
    )
    convert.add_argument("--format", choices=FORMATS, default="auto", help="input rendering (default: detect)")
    convert.add_argument("--strict", action="store_true", help="treat warnings as errors")
    generate = commands.add_parser("generate", help="write the site's pages as Markdown (a docs folder)")
    generate.add_argument("-o", "--output", required=True, type=Path, help="the docs folder to write")
    generate.add_argument("--content", type=Path, default=Path("content"), help="letters and pages (default: content)")
    generate.add_argument("--site-name", default="Kamervragen", help="the name feeds give the site")
    generate.add_argument(
        "--site-url",
        default=os.environ.get("KAMERVRAGEN_SITE_URL"),
        help="the published address, for absolute links in feeds and data (default: $KAMERVRAGEN_SITE_URL)",
    )
    site = commands.add_parser(
        "build", help="build the site with MkDocs; the old site stays until the new one is whole"
    )
    site.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")
    site.add_argument("-d", "--site-dir", type=Path, help="where the site goes (default: from mkdocs.yml)")
    site.add_argument("-s", "--strict", action="store_true", help="stop on warnings, as mkdocs build --strict")
    site.add_argument("-v", "--verbose", action="store_true")
    site.add_argument(
        "--engine",
        choices=("mkdocs", "properdocs", "zensical"),
        default="mkdocs",
        help="what builds the site (default: mkdocs; README, Engines)",
    )
    ledger = commands.add_parser("ledger", help="check or update the ledger of permanent links")
    ledger.add_argument("--content", type=Path, default=Path("content"), help="letters and pages (default: content)")
    action = ledger.add_mutually_exclusive_group(required=True)
    action.add_argument("--check", action="store_true", help="exit 1 unless the ledger is current and whole")
    action.add_argument("--update", action="store_true", help="add the site's new permalinks to the ledger")
    fetch_command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    commands = {"generate": _generate, "ledger": _ledger, "convert": _convert, "build": _build}
    commands["fetch"] = fetch_command.run
    return commands[args.command](args)


def _convert(args: argparse.Namespace) -> int:
    to_stdout = args.output == "-"
    if to_stdout and len(args.files) > 1:
        print("kamervragen: error: -o - writes one letter; give -o DIR for several", file=sys.stderr)
        return EXIT_USAGE
    failed = False
    suffix = {"markdown": ".md", "json": ".json", "summary": ".txt"}[args.to]
    parsed = {path: _parse(path, args.format) for path in args.files}
    site = {} if to_stdout else _site(parsed, suffix)
    for path in args.files:
        conversion = link(parsed[path], site)
        for diagnostic in conversion.diagnostics:
            severity = Severity.ERROR if args.strict else diagnostic.severity
            print(
                f"{diagnostic.file}:{diagnostic.line}: {severity}: {diagnostic.message}",
                file=sys.stderr,
            )
        has_problem = not conversion.ok or (args.strict and conversion.diagnostics)
        if conversion.letter is None or has_problem:
            failed = True
            continue
        text = render(conversion, args.to)
        if to_stdout:
            sys.stdout.write(text)
        else:
            write_text_whole(Path(args.output) / ((conversion.letter.id or path.stem) + suffix), text)
    return EXIT_ERRORS if failed else EXIT_OK


def _ledger(args: argparse.Namespace) -> int:
    site = site_permalinks(load_archive(args.content))
    path = args.content / LEDGER
    recorded = read_meanings(path)
    declared = read_changes(args.content / CHANGES)
    if args.update:
        write_text_whole(path, updated_ledger(recorded, site, declared))
        print(f"{path}: {len(unrecorded(recorded, site))} permalinks added", file=sys.stderr)
        return EXIT_OK
    redirects = read_redirects(args.content / REDIRECTS)
    problems = [
        f"{path}: error: not on the site and not redirected: {url}" for url in lost(list(recorded), site, redirects)
    ]
    aliases = moved_aliases(recorded, site, declared, redirects)
    problems += [
        f"{path}: error: shows another question, undeclared in {CHANGES}: {line}"
        for line in changed(recorded, site, declared, redirects)
        if line not in aliases
    ]
    problems += [
        f"{path}: error: an alias would lead to another page, undeclared in {CHANGES}: {line}" for line in aliases
    ]
    problems += [
        f"{path}: error: published but not in the ledger (run kamervragen ledger --update): {url}"
        for url in unrecorded(recorded, site)
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_ERRORS if problems else EXIT_OK


def _build(args: argparse.Namespace) -> int:
    # MkDocs and its plugins load only for this command: `convert` stays quick to start. The other
    # engines run in processes of their own, and this one never loads MkDocs for them.
    from .site.engines import BuildFailed, build_elsewhere  # noqa: PLC0415

    try:
        if args.engine == "mkdocs":
            from .site.publish import build_site, log_to_stderr  # noqa: PLC0415

            log_to_stderr(args.verbose)
            site = build_site(args.config_file, strict=args.strict, site_dir=args.site_dir)
        else:
            site = build_elsewhere(args.engine, args.config_file, strict=args.strict, site_dir=args.site_dir)
    except BuildFailed as failure:
        print(f"kamervragen: error: {failure}", file=sys.stderr)
        return EXIT_ERRORS
    print(f"kamervragen: the site is in {site}", file=sys.stderr)
    return EXIT_OK


def _generate(args: argparse.Namespace) -> int:
    if not args.content.is_dir():
        print(f"kamervragen: error: {args.content} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    archive = generate(args.content, args.output, args.site_name, args.site_url)
    for problem in archive.problems:
        print(f"{args.content / problem.file}:{problem.line}: {problem.severity}: {problem.message}", file=sys.stderr)
    return EXIT_ERRORS if any(is_error(p) for p in archive.problems) else EXIT_OK


def _parse(path: Path, rendering: str) -> Conversion:
    try:
        return parse_bytes(path.read_bytes(), str(path), rendering)
    except OSError as exc:
        report = Reporter(str(path))
        report.error(0, f"cannot read file: {exc.strerror or exc}")
        return Conversion(None, tuple(report.items))


def _site(parsed: dict[Path, Conversion], suffix: str) -> dict[str, str]:
    """Where each letter of this run will be written, keyed by Zaak and Aanhangsel, so that letters
    citing each other link to each other's file."""
    site: dict[str, str] = {}
    for path, conversion in parsed.items():
        if conversion.letter is not None:
            name = (conversion.letter.id or path.stem) + suffix
            site.update(dict.fromkeys(site_keys(conversion.letter), name))
    return site


if __name__ == "__main__":
    raise SystemExit(main())
