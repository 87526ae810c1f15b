"""The `quaestio` command: the GUI by default, subcommands for scripting.

`quaestio [PROJECT]` opens the window; `quaestio COMMAND ...` runs a subcommand. Exit codes:
0 success, 1 a check found problems, 2 bad input (one line on stderr), never a traceback.
Each command module has `register(subparsers)`; heavy imports (the store, Qt) happen inside the
commands, so `quaestio --help` and the window's first paint stay fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import APP_NAME, __version__
from desktop.cli import (
    data_commands,
    deadline_commands,
    letter_commands,
    project_commands,
    server_commands,
    share_commands,
)
from desktop.cli.common import EXIT_BAD_INPUT, CliError, OneLineParser, run_guarded

COMMAND_MODULES = [
    project_commands,
    data_commands,
    deadline_commands,
    letter_commands,
    share_commands,
    server_commands,
]


def _gui_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="quaestio",
        description=f"{APP_NAME}: track open questions, the archives that may answer them and your requests.",
        epilog="Commands: "
        + ", ".join(sorted(_command_names()))
        + ". Run 'quaestio COMMAND --help' for one.",
    )
    parser.add_argument(
        "project",
        nargs="?",
        help="project file, or team-server address postgresql://user@host:port/database, to open "
        "(default: the last one, or the demo)",
    )
    parser.add_argument("--data-dir", help="keep settings, backups and the demo project in this folder")
    parser.add_argument("--read-only", action="store_true", help="open the project read-only")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--quit-after-load", action="store_true", help=argparse.SUPPRESS)  # smoke tests
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="quaestio")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def _command_names() -> set[str]:
    parser = _command_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(action.choices)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] in _command_names():
        args = _command_parser().parse_args(args_list)
        return run_guarded(lambda: args.run(args))
    args = _gui_parser().parse_args(args_list)
    is_server = bool(args.project) and args.project.lower().startswith(("postgresql://", "postgres://"))
    if (
        args.project
        and not is_server
        and not args.project.endswith(".quaestio")
        and not Path(args.project).is_file()
    ):
        commands = ", ".join(sorted(_command_names()))
        print(
            f"quaestio: '{args.project}' is neither a command ({commands}), a .quaestio project file "
            "nor a team-server address (postgresql://user@host/database)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT

    def gui() -> int:
        from desktop.app import run_gui

        return run_gui(args)

    return run_guarded(gui)


__all__ = ["EXIT_BAD_INPUT", "CliError", "main"]
