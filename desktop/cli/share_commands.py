"""Commands for working with collaborators and keeping projects safe: share, merge, backup,
restore, history."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CliError,
    add_data_dir,
    context,
    open_for_command,
    write_records,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    share = subparsers.add_parser("share", help="write a checked copy of a project to send to a collaborator")
    share.add_argument("path", help="the project")
    share.add_argument("out", help="the copy to write, e.g. 'Khalkhin Gol for Bob.quaestio'")
    add_data_dir(share)
    share.set_defaults(run=run_share)

    merge = subparsers.add_parser(
        "merge",
        help="merge a collaborator's copy into a project (exit 1 when conflicts need a decision)",
        description="Merge a collaborator's copy field by field. Without --prefer, conflicting fields are "
        "listed and nothing is merged (exit code 1).",
    )
    merge.add_argument("path", help="your project")
    merge.add_argument("other", help="the copy your collaborator sent")
    merge.add_argument("--prefer", choices=("mine", "theirs"), help="settle every conflict this way")
    merge.add_argument(
        "--report", metavar="FILE", help="write the merge report (Markdown, or JSON for .json)"
    )
    add_data_dir(merge)
    merge.set_defaults(run=run_merge)

    backup = subparsers.add_parser("backup", help="take a verified backup of a project now")
    backup.add_argument("path")
    add_data_dir(backup)
    backup.set_defaults(run=run_backup)

    restore = subparsers.add_parser(
        "restore", help="replace a project with one of its backups (the current state is backed up first)"
    )
    restore.add_argument("path")
    restore.add_argument("backup", help="the backup file (see 'quaestio backups PROJECT')")
    add_data_dir(restore)
    restore.set_defaults(run=run_restore)

    backups = subparsers.add_parser("backups", help="list the backups of a project, newest first")
    backups.add_argument("path")
    add_data_dir(backups)
    backups.set_defaults(run=run_backups)

    history = subparsers.add_parser("history", help="who changed what, and when, for a question or request")
    history.add_argument("path")
    history.add_argument("row", metavar="ROW_ID", help="a question code (Q2) or any record's id")
    history.add_argument("--format", choices=("table", "json", "csv"), default="table")
    add_data_dir(history)
    history.set_defaults(run=run_history)


def run_share(args: argparse.Namespace) -> int:
    from desktop.store.sharing import share_copy

    context(args.data_dir)
    print(share_copy(Path(args.path), Path(args.out)).describe())
    return EXIT_OK


def _conflict_lines(conflicts: list[Any]) -> list[str]:
    from desktop.store.history import display_value
    from desktop.store.merge_report import local_time

    return [
        f"{c.record} · {c.field_label}: "
        f"mine “{display_value(c.mine, limit=60)}” ({c.mine_by}, {local_time(c.mine_at)})"
        f" / theirs “{display_value(c.theirs, limit=60)}” ({c.theirs_by}, {local_time(c.theirs_at)})"
        for c in conflicts
    ]


def run_merge(args: argparse.Namespace) -> int:
    from desktop.store import merge
    from desktop.store.inspection import inspect_project_file

    ctx = context(args.data_dir)
    mine = Path(args.path).expanduser().absolute()
    facts = inspect_project_file(mine)  # read-only: a refused merge never opens mine for writing
    with merge.open_incoming(
        args.other, mine=mine, project_id=facts.project_id, project_title=facts.title
    ) as incoming:
        # Compare read-only first: listing conflicts (or finding nothing new) leaves the file untouched.
        with (
            open_for_command(str(mine), ctx, readonly=True) as project,
            project.engine.connect() as connection,
        ):
            plan = merge.plan_merge(connection, incoming)
        if plan.is_empty:
            print(f"Nothing to merge: {mine.name} already has everything in {incoming.source.name}.")
            return EXIT_OK
        if plan.decisions and args.prefer is None:
            lines = _conflict_lines(plan.decisions)
            for line in lines:
                print(line)
            if args.report:
                Path(args.report).write_text(
                    f"# Conflicts merging {incoming.source.name}\n\nNothing was merged.\n\n"
                    + "".join(f"- {line}\n" for line in lines),
                    encoding="utf-8",
                )
            print(
                f"quaestio: {len(lines)} conflict(s) need a decision; nothing was merged. Run again with "
                "--prefer mine or --prefer theirs, or merge in the window to decide each one.",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        with open_for_command(str(mine), ctx) as project:  # the plan is re-checked against this state
            report = merge.merge_into(project, plan, backups_dir=ctx.paths.backups_dir, prefer=args.prefer)
    print(report.summary())
    for author, counts in sorted(report.by_author().items()):
        print(f"  {author}: " + ", ".join(f"{n} {action}" for action, n in sorted(counts.items())))
    print(f"A backup of {mine.name} as it was before the merge: {report.backup}")
    if args.report:
        target = Path(args.report)
        target.write_text(
            report.to_json() if target.suffix == ".json" else report.to_markdown(), encoding="utf-8"
        )
        print(f"Report written to {target}")
    return EXIT_OK


def run_backup(args: argparse.Namespace) -> int:
    from desktop.store.backup import backup_project, rotate_backups
    from desktop.store.inspection import inspect_project_file

    ctx = context(args.data_dir)
    path = Path(args.path).expanduser().absolute()
    inspect_project_file(path)
    made = backup_project(path, ctx.paths.backups_dir, "manual")
    rotate_backups(ctx.paths.backups_dir, keep={made})
    print(f"Backed up {path.name} to {made} (checked).")
    return EXIT_OK


def run_backups(args: argparse.Namespace) -> int:
    from desktop.store.backup import list_backups
    from desktop.store.inspection import inspect_project_file

    ctx = context(args.data_dir)
    facts = inspect_project_file(Path(args.path))
    found = list_backups(ctx.paths.backups_dir, facts.project_id)
    if not found:
        print(f"No backups of {Path(args.path).name} in {ctx.paths.backups_dir}.")
        return EXIT_OK
    print(f"Backups of {Path(args.path).name} in {ctx.paths.backups_dir}:")
    records = [
        {
            "taken": f"{b.taken_at:%Y-%m-%d %H:%M}",
            "reason": b.reason,
            "size": f"{b.size // 1024} KB",
            "file": b.path.name,
        }
        for b in found
    ]
    write_records(records, ["taken", "reason", "size", "file"], "table")
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    from desktop.store.backup import restore_into

    ctx = context(args.data_dir)
    backup = Path(args.backup).expanduser().absolute()
    if not backup.is_file():
        raise CliError(f"there is no backup file at {backup}; 'quaestio backups {args.path}' lists them")
    with open_for_command(args.path, ctx) as project:
        before = restore_into(project, backup, backups_dir=ctx.paths.backups_dir)
    print(f"Restored {Path(args.path).name} from {backup.name}. The state it replaced is kept in {before}.")
    return EXIT_OK


def run_history(args: argparse.Namespace) -> int:
    from desktop.store import history, queries, repo
    from desktop.store.models import Question, Request

    ctx = context(args.data_dir)
    with open_for_command(args.path, ctx, readonly=True) as project:
        row_id = args.row
        codes = {q.code.lower(): q.id for q in project.read(queries.question_summaries)}
        row_id = codes.get(row_id.lower(), row_id)
        if project.read(repo.list_rows, entity=Question, where={"id": row_id}) or project.read(
            repo.list_rows, entity=Question, where={"id": row_id}, deleted=True
        ):
            entries = project.read(history.question_history, question_id=row_id)
        elif project.read(repo.list_rows, entity=Request, where={"id": row_id}) or project.read(
            repo.list_rows, entity=Request, where={"id": row_id}, deleted=True
        ):
            entries = project.read(history.request_history, request_id=row_id)
        else:
            entries = project.read(history.row_history, row_id=row_id)
    records = [
        {
            "when": f"{e.local_time:%Y-%m-%d %H:%M}",
            "who": e.author + (" (merged)" if e.merged else ""),
            "record": e.record,
            "what": e.what,
            "old": history.display_value(e.old, limit=60) if e.op == "update" else "",
            "new": history.display_value(e.new, limit=60) if e.op == "update" else "",
        }
        for e in entries
    ]
    write_records(records, ["when", "who", "record", "what", "old", "new"], args.format)
    return EXIT_OK
