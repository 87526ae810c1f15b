"""Commands for team servers: copy a project between a file and a PostgreSQL database, compare two."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import EXIT_OK, EXIT_PROBLEMS, add_data_dir, context

URL_HELP = "a .quaestio file or a team-server address postgresql://user@host:5432/database"


def register(subparsers: argparse._SubParsersAction) -> None:
    copy = subparsers.add_parser(
        "copy",
        help="copy a project to an empty team-server database, or a server project to a new file",
        description="Copy every record, tombstone and the change log, unchanged. The target must be a new "
        "file or an empty database. The password comes from the system keyring, ~/.pgpass or PGPASSWORD.",
    )
    copy.add_argument("source", help=URL_HELP)
    copy.add_argument("target", help=URL_HELP)
    add_data_dir(copy)
    copy.set_defaults(run=run_copy)

    compare = subparsers.add_parser(
        "compare", help="compare two projects record by record (exit 1 when they differ)"
    )
    compare.add_argument("a", help=URL_HELP)
    compare.add_argument("b", help=URL_HELP)
    add_data_dir(compare)
    compare.set_defaults(run=run_compare)


def _password(target: str) -> str | None:
    """The stored password of this server address (keyring or ~/.pgpass); None for a file, or
    when none is stored (libpq then looks itself). Each address is looked up on its own."""
    from desktop.store.server.address import ServerAddress, is_server_url

    if not is_server_url(target):
        return None
    try:
        from desktop.store.server.credentials import password_for
    except ImportError:
        return None
    return password_for(ServerAddress.from_url(target))


def run_copy(args: argparse.Namespace) -> int:
    from desktop.store.server.copy import copy_project

    ctx = context(args.data_dir)

    def progress(done: int, total: int, _what: str) -> None:
        if sys.stderr.isatty() and total:
            print(f"\rcopying… {100 * done // total:3d}%", end="", file=sys.stderr, flush=True)

    counts = copy_project(
        args.source,
        args.target,
        identity=ctx.identity,
        progress=progress,
        passwords=(_password(args.source), _password(args.target)),
    )
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(
        f"Copied {sum(counts.values())} records ({counts.get('change', 0)} in the change log) "
        f"to {args.target}."
    )
    return EXIT_OK


def run_compare(args: argparse.Namespace) -> int:
    from desktop.store.server.copy import compare_projects

    ctx = context(args.data_dir)
    differences = compare_projects(
        args.a, args.b, identity=ctx.identity, passwords=(_password(args.a), _password(args.b))
    )
    for line in differences:
        print(line)
    if differences:
        print(f"{len(differences)} differences.", file=sys.stderr)
        return EXIT_PROBLEMS
    print("The two projects hold the same records.")
    return EXIT_OK
