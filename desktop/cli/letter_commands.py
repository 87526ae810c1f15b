"""`quaestio export-letter`: write request letters to files from the command line.

    quaestio export-letter PROJECT (--request ID | --all-drafts) --format pdf|docx|eml|txt --out DIR

Letters are signed with the researcher profile of the settings (Preferences in the window, or
`config.json` in the data folder). Exported letters are recorded with their requests, as in the
window, so the project is opened for writing.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from desktop.cli.common import EXIT_OK, EXIT_PROBLEMS, CliError, add_data_dir, context, open_for_command

FORMATS = ("pdf", "docx", "eml", "txt")
KINDS = ("reading_room", "copies", "archival_query", "declassification", "foia", "mdr", "follow_up", "appeal")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export-letter",
        help="write request letters in the archive's language as PDF, DOCX, e-mail or text",
        description="Write the letter of one request, or of every draft, into a folder. Each letter "
        "is recorded with its request, and a draft becomes ready to send.",
    )
    parser.add_argument("path", metavar="PROJECT", help="the project file")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--request", metavar="ID", help="the request's id (or its first characters)")
    which.add_argument("--all-drafts", action="store_true", help="every request still in draft")
    parser.add_argument("--format", choices=FORMATS, required=True, help="file format")
    parser.add_argument(
        "--out", metavar="DIR", required=True, help="folder for the letters (created if needed)"
    )
    parser.add_argument(
        "--kind", choices=KINDS, help="the kind of letter (default: the request's own kind; e.g. follow_up)"
    )
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="date the letters (default: today)")
    add_data_dir(parser)
    parser.set_defaults(run=run_export_letter)


def _letter_date(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-26") from None


def run_export_letter(args: argparse.Namespace) -> int:
    from desktop.letters.data import draft_request_ids, resolve_request_id
    from desktop.letters.export import check_profile, export_many

    ctx = context(args.data_dir)
    researcher = ctx.config.researcher
    try:
        check_profile(researcher)
    except Exception as exc:
        raise CliError(f"{exc} (the profile is kept in {ctx.paths.config_file})") from None
    on = _letter_date(args.date)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"{out} is a file, not a folder; give a folder for --out")
    with open_for_command(args.path, ctx) as project:
        if args.all_drafts:
            ids = project.read(draft_request_ids)
            if not ids:
                print("no draft requests: nothing to write")
                return EXIT_OK
        else:
            ids = [project.read(resolve_request_id, text=args.request)]
        report = export_many(project, ids, args.format, out, researcher, on, kind=args.kind)
    for _request_id, path in report.written:
        print(f"wrote {path}")
    if len(ids) == 1 and report.failed:
        raise CliError(report.failed[0][2])
    for _request_id, label, reason in report.failed:
        print(f"quaestio: {label}: {reason}", file=sys.stderr)
    return EXIT_PROBLEMS if report.failed else EXIT_OK
