"""Deadline commands: `deadline` (a due date and why) and `due` (what is overdue or due soon)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.cli.common import EXIT_OK, CliError, add_data_dir, context, open_for_command, write_records


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-26"
        ) from None


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the number of days cannot be negative")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    deadline = subparsers.add_parser(
        "deadline",
        help="the due date a legal regime gives for a start date, and why",
        description="Print the due date of a request started on DATE under REGIME, with its explanation "
        "(the rule, the start date, the holidays skipped).",
    )
    deadline.add_argument("--regime", required=True, help="us-foia, ru-archive-query, jp-disclosure, ...")
    deadline.add_argument("--start", required=True, type=_date, help="date sent or registered (YYYY-MM-DD)")
    deadline.add_argument("--extended", action="store_true", help="add the regime's extension")
    deadline.add_argument("--project", help="use this project's (edited) regimes instead of the defaults")
    deadline.add_argument("--format", choices=("text", "json"), default="text")
    add_data_dir(deadline)
    deadline.set_defaults(run=run_deadline)

    due = subparsers.add_parser(
        "due",
        help="list the requests of a project that are overdue or due soon",
        description="List overdue requests, those due within DAYS, and open appeal windows, each with "
        "the explanation of its due date. The ics format writes a calendar file (all upcoming due "
        "dates unless --within is given).",
    )
    due.add_argument("path", help="the project file")
    due.add_argument("--within", type=_days, help="days ahead to include (default 7; ics: all)")
    due.add_argument("--format", choices=("table", "json", "ics"), default="table")
    due.add_argument("--today", type=_date, help="count from this date instead of today (YYYY-MM-DD)")
    due.add_argument("--output", "-o", help="write to this file instead of standard output")
    add_data_dir(due)
    due.set_defaults(run=run_due)


def run_deadline(args: argparse.Namespace) -> int:
    from desktop.domain.deadlines import DeadlineError, count, default_rules, explain

    rules = default_rules()
    if args.project:
        from desktop.store import deadlines

        ctx = context(args.data_dir)
        with open_for_command(args.project, ctx, readonly=True) as project:
            rules = project.read(lambda session: deadlines.project_rules(session))
    rule = rules.get(args.regime)
    if rule is None:
        raise CliError(f"unknown regime {args.regime!r}; choose one of: {', '.join(sorted(rules))}")
    try:
        rule.check()
    except DeadlineError as exc:
        raise CliError(f"the regime {rule.code} cannot be used: {exc}") from None
    days = rule.initial_days + (rule.extension_days if args.extended else 0)
    period = count(args.start, days, rule)
    label = f"{days} {rule.unit} days"
    if args.extended:
        label += f" ({rule.initial_days} + {rule.extension_days} extension)"
    text = explain(period, rule, start_label="the start date", days_label=label)
    if args.extended and not rule.extension_days:
        text += f"; {rule.title} sets no extension length"
    if args.format == "json":
        record = {
            "regime": rule.code,
            "start": args.start.isoformat(),
            "days": days,
            "unit": rule.unit,
            "due": period.end.isoformat(),
            "explanation": text,
            "holidays_skipped": [{"date": d.isoformat(), "name": n} for d, n in period.skipped],
            "days_off_moved_past": [{"date": d.isoformat(), "name": n} for d, n in period.moved_past],
        }
        print(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        print(text)
    return EXIT_OK


def run_due(args: argparse.Namespace) -> int:
    from desktop.domain.deadlines import describe_urgency
    from desktop.store import deadlines

    ctx = context(args.data_dir)
    today = args.today or date.today()
    within = args.within if args.within is not None or args.format == "ics" else 7
    with open_for_command(args.path, ctx, readonly=True) as project:
        if args.format == "ics":
            data = project.read(
                deadlines.due_calendar, today=today, within=within, now=datetime.now().astimezone()
            )
            _emit(data, args.output)
            return EXIT_OK
        items = project.read(deadlines.due_items, today=today, within=within)
    if args.format == "json":
        records: list[dict[str, Any]] = [
            {
                "request_id": i.request_id,
                "question": i.question_code,
                "archive": i.archive,
                "city": i.city,
                "subject": i.subject,
                "status": i.status,
                "urgency": i.urgency,
                "due": i.due,
                "days": i.days,
                "overridden": i.overridden,
                "tracking_number": i.tracking_number,
                "sent_on": i.sent_on,
                "explanation": i.basis,
            }
            for i in items
        ]
        columns = list(records[0]) if records else ["request_id"]
        _capture_to(args.output, lambda: write_records(records, columns, "json"))
        return EXIT_OK
    lines = []
    if not items:
        lines.append(f"Nothing overdue or due within {within} days of {today.isoformat()}.")
    for i in items:
        when = "appeal window closes" if i.urgency == "appeal window" else describe_urgency(i.due, today)
        tag = f" [{i.urgency}]" if i.urgency in ("overdue", "long overdue") else ""
        number = f"  No. {i.tracking_number}" if i.tracking_number else ""
        lines.append(
            f"{i.due.isoformat()}  {when}{tag}  {i.archive} ({i.question_code}){number}  {i.subject}"
        )
        lines.append(f"    {i.basis}")
    _emit(("\n".join(lines) + "\n").encode("utf-8"), args.output)
    return EXIT_OK


def _capture_to(output: str | None, write: Any) -> None:
    if output is None:
        write()
        return
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        write()
    _emit(buffer.getvalue().encode("utf-8"), output)


def _emit(data: bytes, output: str | None) -> None:
    """Write bytes as they are (the .ics CRLFs survive), to a file atomically or to stdout."""
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    if not target.parent.is_dir():
        raise CliError(f"cannot write {output}: the folder {target.parent} does not exist")
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise CliError(f"cannot write {output}: {exc.strerror or exc}") from None
