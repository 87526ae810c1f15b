"""What every command shares: one-line errors, the user's context, opening projects, output."""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import sys
import traceback
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NoReturn

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70


class CliError(Exception):
    """Bad input: printed as one line, exit code 2."""


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (and exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def run_guarded(fn: Callable[[], int]) -> int:
    """Run a command; turn every error into one line on stderr and an exit code."""
    from desktop.store.errors import QuaestioError

    try:
        return fn()
    except (CliError, QuaestioError) as exc:
        print(f"quaestio: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `quaestio list ... | head` closed the pipe: not an error
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("quaestio: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: keep the traceback in the log, not on the terminal
        log_file = _log_internal_error()
        print(
            f"quaestio: internal error ({type(exc).__name__}: {exc}); details in {log_file}", file=sys.stderr
        )
        return EXIT_INTERNAL


def _log_internal_error() -> Path:
    from desktop.paths import resolve_paths

    log_file = resolve_paths().ensure().log_file
    with open(log_file, "a", encoding="utf-8") as handle:
        handle.write(f"--- {datetime.now().isoformat()} ---\n{traceback.format_exc()}\n")
    return log_file


@dataclass(frozen=True)
class Context:
    paths: Any  # desktop.paths.Paths
    config: Any  # desktop.config.Config
    identity: Any  # desktop.store.project.Identity


def context(data_dir: str | None = None) -> Context:
    from desktop.config import load_config
    from desktop.paths import resolve_paths
    from desktop.store.project import Identity

    paths = resolve_paths(data_dir).ensure()
    config = load_config(paths.config_file)
    logging.basicConfig(
        filename=paths.log_file, level=logging.INFO, format="%(asctime)s %(name)s %(message)s"
    )
    return Context(paths, config, Identity(author=config.author, replica_id=config.replica_id))


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="settings and backups folder (default: the user's data folder)")


def open_for_command(path: str, ctx: Context, *, readonly: bool = False) -> Any:
    """Open a project for a command; a project held by the GUI is opened read-only for reading."""
    from desktop.store.project import open_project
    from desktop.store.server.address import is_server_url

    if is_server_url(path):  # a team-server project: the password from the keyring or ~/.pgpass
        from desktop.cli.server_commands import _password

        return open_project(path, ctx.identity, password=_password(path))
    return open_project(Path(path), ctx.identity, backups_dir=ctx.paths.backups_dir, readonly=readonly)


# --- output --------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | list):
        return " · ".join(str(v) for v in value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def write_records(records: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str) -> None:
    """Print records as an aligned table, JSON or CSV (UTF-8)."""
    out = sys.stdout
    if fmt == "json":
        out.write(
            json.dumps([{c: _plain(r[c]) for c in columns} for r in records], ensure_ascii=False, indent=2)
        )
        out.write("\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for record in records:
            writer.writerow([_cell(record[c]) for c in columns])
        out.write(buffer.getvalue())
    else:
        rows = [[_cell(r[c]) for c in columns] for r in records]
        widths = [min(48, max([_width(c)] + [_width(row[i]) for row in rows])) for i, c in enumerate(columns)]
        out.write("  ".join(_pad(c.upper(), w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
        for row in rows:
            out.write("  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")


def _width(text: str) -> int:
    """Terminal columns: Japanese and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """Cut to `width` columns (with an ellipsis) and pad to it."""
    if _width(text) > width:
        while _width(text) > width - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (width - _width(text))
