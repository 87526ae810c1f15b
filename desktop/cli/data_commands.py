"""Commands that move data in and out of a project: search, export, import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import EXIT_OK, CliError, add_data_dir, context, open_for_command, write_records


def register(subparsers: argparse._SubParsersAction) -> None:
    search = subparsers.add_parser(
        "search", help="full-text search over questions, notes, requests, archives, sources and letters"
    )
    search.add_argument("path", help="the project file")
    search.add_argument("query", help="words to find (all must occur); quote several words for the shell")
    search.add_argument("--format", choices=("table", "json"), default="table")
    search.add_argument("--limit", type=int, default=200, help="at most this many hits (default 200)")
    add_data_dir(search)
    search.set_defaults(run=run_search)

    export = subparsers.add_parser(
        "export",
        help="export the project: CSV tables (a folder, or a .zip) or the whole project as JSON",
    )
    export.add_argument("path", help="the project file")
    export.add_argument("--format", choices=("csv", "json"), required=True)
    export.add_argument(
        "--out",
        required=True,
        help="for csv: a folder, or a file name ending in .zip; for json: the .json file to write",
    )
    add_data_dir(export)
    export.set_defaults(run=run_export)

    importing = subparsers.add_parser(
        "import", help="build a NEW project file from a JSON export (never changes an existing project)"
    )
    importing.add_argument("json", help="the JSON file made by 'quaestio export --format json'")
    importing.add_argument("path", help="the new project file to create, e.g. copy.quaestio")
    add_data_dir(importing)
    importing.set_defaults(run=run_import)


def run_search(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from desktop.store.search import search

    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    ctx = context(args.data_dir)
    with open_for_command(args.path, ctx, readonly=True) as project:
        hits = project.read(search, query=args.query, limit=args.limit)
    if args.format == "json":
        records = [{**asdict(h), "id": h.row_id} for h in hits]
        write_records(records, ["kind", "id", "title", "snippet", "question_id", "request_id"], "json")
    else:
        records = [{"kind": h.kind_label, "title": h.title, "snippet": h.snippet} for h in hits]
        write_records(records, ["kind", "title", "snippet"], "table")
        print(f"{len(hits)} hit{'s' if len(hits) != 1 else ''}", file=sys.stderr)
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from desktop.store import exchange

    ctx = context(args.data_dir)
    out = Path(args.out)
    if args.format == "json" and out.is_dir():
        raise CliError(f"{out} is a folder; give the JSON file to write, e.g. {out / 'project.json'}")
    with open_for_command(args.path, ctx, readonly=True) as project:
        fn = exchange.export_json if args.format == "json" else exchange.export_csv
        summary = project.read(fn, path=out)
    if args.format == "json":
        print(f"exported {summary.total} rows of {len(summary.counts)} tables to {out}")
    else:
        tables = ", ".join(f"{n} {name}" for name, n in summary.counts.items())
        print(f"exported {tables} to {out}")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from desktop.store import exchange
    from desktop.store.project import PROJECT_SUFFIX

    context(args.data_dir)
    target = Path(args.path)
    if target.suffix != PROJECT_SUFFIX:
        raise CliError(f"project files end in {PROJECT_SUFFIX}; try {target.name}{PROJECT_SUFFIX}")
    summary = exchange.import_json(Path(args.json), target)
    print(f"created {target} from {args.json} ({summary.total} rows)")
    return EXIT_OK
