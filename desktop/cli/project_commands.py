"""Commands on whole projects: init, info, check, list."""

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

FORMATS = ("table", "json", "csv")


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init", help="create a new project file")
    init.add_argument("path", help="the new file, e.g. research.quaestio")
    init.add_argument("--demo", action="store_true", help="fill it with the Khalkhin Gol demo project")
    init.add_argument("--title", help="the project's title")
    add_data_dir(init)
    init.set_defaults(run=run_init)

    info = subparsers.add_parser("info", help="title, schema revision and counts of a project")
    info.add_argument("path")
    info.add_argument("--format", choices=("table", "json"), default="table")
    add_data_dir(info)
    info.set_defaults(run=run_info)

    check = subparsers.add_parser(
        "check", help="check a project's integrity (exit 0 healthy, 1 problems found, 2 cannot open)"
    )
    check.add_argument("path")
    add_data_dir(check)
    check.set_defaults(run=run_check)

    listing = subparsers.add_parser("list", help="list the questions, archives or requests of a project")
    listing.add_argument("what", choices=("questions", "archives", "requests"))
    listing.add_argument("path")
    listing.add_argument("--format", choices=FORMATS, default="table")
    add_data_dir(listing)
    listing.set_defaults(run=run_list)


def run_init(args: argparse.Namespace) -> int:
    from desktop.demo import create_demo_project
    from desktop.store.project import PROJECT_SUFFIX, create_project

    ctx = context(args.data_dir)
    path = Path(args.path)
    if path.suffix != PROJECT_SUFFIX:
        raise CliError(f"project files end in {PROJECT_SUFFIX}; try {path.name}{PROJECT_SUFFIX}")
    if args.demo:
        project = create_demo_project(path, ctx.identity)
    else:
        project = create_project(path, ctx.identity, title=args.title or path.stem)
    with project:
        if args.demo and args.title:
            from desktop.store import repo
            from desktop.store.models import Project as ProjectTable

            (row,) = project.read(repo.list_rows, entity=ProjectTable)
            project.write(repo.update, entity=ProjectTable, id=row.id, values={"title": args.title})
        print(f"created {path} ({project.title})")
    return EXIT_OK


def run_info(args: argparse.Namespace) -> int:
    from sqlalchemy import func
    from sqlmodel import col, select

    from desktop.store import schema
    from desktop.store.models import ENTITIES

    ctx = context(args.data_dir)
    with open_for_command(args.path, ctx, readonly=True) as project, project.session() as session:
        counts = {}
        for entity in ENTITIES:
            statement = select(func.count()).select_from(entity).where(col(entity.deleted_at).is_(None))
            counts[str(entity.__tablename__)] = session.exec(statement).one()
        revision = schema.current_revision(session.connection())
        title = project.title
    info: dict[str, Any] = {
        "title": title,
        "path": project.server.text() if project.server else str(Path(args.path).absolute()),
        "schema": revision,
        **counts,
    }
    if args.format == "json":
        import json

        print(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        width = max(len(k) for k in info)
        for key, value in info.items():
            print(f"{key.replace('_', ' ').ljust(width)}  {value}")
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    from desktop.store.health import check_project

    context(args.data_dir)
    report = check_project(Path(args.path))
    for note in report.notes:
        print(f"note: {note}")
    if report.healthy:
        print(f"{args.path}: healthy (schema {report.revision})")
        return EXIT_OK
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(f"{args.path}: {len(report.problems)} problem(s) found", file=sys.stderr)
    return EXIT_PROBLEMS


def run_list(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from desktop.store import queries, repo
    from desktop.store.models import Archive

    ctx = context(args.data_dir)
    with open_for_command(args.path, ctx, readonly=True) as project:
        if args.what == "questions":
            records = [q._asdict() for q in project.read(queries.question_summaries)]
            columns = [
                "code",
                "title",
                "status",
                "priority",
                "cities",
                "requests",
                "open_requests",
                "overdue_requests",
            ]
        elif args.what == "archives":
            records = [
                a.model_dump() for a in project.read(repo.list_rows, entity=Archive, order_by="identifier")
            ]
            columns = ["identifier", "name", "name_original", "city", "country", "language", "regime_code"]
        else:
            records = [asdict(r) for r in project.read(queries.request_summaries)]
            columns = [
                "question_code",
                "archive",
                "city",
                "kind",
                "status",
                "outcome",
                "sent_on",
                "due_on",
                "tracking_number",
                "subject",
            ]
    if args.format == "json":
        columns = ["id", *columns]
    write_records(records, columns, args.format)
    return EXIT_OK
