"""Move a project between a file and a team server, losslessly: `copy_project`, `compare_projects`.

Rows are copied as stored (same UUIDs, versions, stamps, tombstones and the whole change log), in
one transaction on the target, so a failed copy leaves the target as it was: a new file is built
under a temporary name, a server database is left with its (empty) schema. The search index is
not copied: each backend's triggers rebuild it from the rows.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, func, select
from sqlmodel import SQLModel

from desktop.store import models as _models  # noqa: F401  (registers the tables)
from desktop.store.errors import QuaestioError
from desktop.store.project import Identity, Project, new_project_database, open_project
from desktop.store.server.address import ServerAddress, is_server_url

# progress(done, total, what); it may raise to cancel (the task runner's Cancelled).
Progress = Callable[[int, int, str], None]
Target = Path | str | ServerAddress
CHUNK = 500


class CopyError(QuaestioError):
    """A project cannot be copied there; nothing was changed."""


def _tables() -> list[Table]:
    return list(SQLModel.metadata.sorted_tables)  # parents before children (foreign keys)


def _as_target(value: Target) -> Path | ServerAddress:
    if isinstance(value, ServerAddress):
        return value
    if is_server_url(value):
        return ServerAddress.from_url(str(value))
    return Path(value).expanduser().absolute()


def _name(target: Path | ServerAddress) -> str:
    return target.display() if isinstance(target, ServerAddress) else target.name


def _no_progress(_done: int, _total: int, _what: str) -> None:
    pass


@contextmanager
def _open_source(source: Path | ServerAddress, identity: Identity, password: str | None) -> Iterator[Project]:
    # A file is read through a read-only open: no lock, and an older file is shown upgraded.
    if isinstance(source, ServerAddress):
        project = open_project(source, identity, password=password)
    else:
        project = open_project(source, identity, readonly=True)
    with project:
        yield project


def copy_project(
    source: Target,
    target: Target,
    *,
    identity: Identity,
    progress: Progress | None = None,
    password: str | None = None,
    passwords: tuple[str | None, str | None] | None = None,
) -> dict[str, int]:
    """Copy every row of `source` into `target` (a new file, or an empty server database).

    Returns the number of rows copied per table. `password` is used for whichever side is a
    server (None: ~/.pgpass); `passwords` (source's, target's) instead gives each side its own
    (two servers, two passwords). Raises CopyError, or ServerUnavailable / ProjectOpenError.
    """
    source_password, target_password = passwords if passwords is not None else (password, password)
    src, dst = _as_target(source), _as_target(target)
    progress = progress or _no_progress
    if src == dst:
        raise CopyError("The source and the target are the same; choose another target.")
    with _open_source(src, identity, source_password) as project:
        if isinstance(dst, ServerAddress):
            return _copy_to_server(project, dst, identity, target_password, progress)
        return _copy_to_file(project, dst, progress)


def _copy_to_server(
    project: Project, target: ServerAddress, identity: Identity, password: str | None, progress: Progress
) -> dict[str, int]:
    from desktop.store.server.project import open_server_project

    with (
        open_server_project(target, identity, password=password, create=True) as server,
        server.session() as session,
    ):
        connection = session.connection()
        count = func.count()
        filled = [t.name for t in _tables() if connection.execute(select(count).select_from(t)).scalar()]
        if filled:
            raise CopyError(
                f"The database {target.display()} already holds a project (or data in "
                f"{', '.join(filled[:3])}). Copy into an empty database, or open that project instead."
            )
        with project.session() as read:
            counts = _copy_rows(read.connection(), connection, progress)
        session.commit()
    return counts


def _copy_to_file(project: Project, target: Path, progress: Progress) -> dict[str, int]:
    if target.exists():
        raise CopyError(f"{target} already exists; choose a new file name.")
    if not target.parent.is_dir():
        raise CopyError(f"The folder {target.parent} does not exist; create it first or choose another.")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.copying")
    try:
        engine = new_project_database(tmp)
        try:
            with engine.begin() as write, project.session() as read:
                counts = _copy_rows(read.connection(), write, progress)
        finally:
            engine.dispose()
        os.replace(tmp, target)
    except OSError as exc:
        raise CopyError(f"Could not write {target.name}: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return counts


def _copy_rows(read: Connection, write: Connection, progress: Progress) -> dict[str, int]:
    tables = _tables()
    totals = {t.name: int(read.execute(select(func.count()).select_from(t)).scalar() or 0) for t in tables}
    total, done, counts = sum(totals.values()), 0, {}
    progress(0, total, "")
    for table in tables:
        rows = [dict(r._mapping) for r in read.execute(select(table))]
        if "parent_id" in table.c:  # requests refer to their parent (appeals): parents first
            rows = _parents_first(rows)
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            write.execute(table.insert(), chunk)
            done += len(chunk)
            progress(done, total, table.name)
        counts[table.name] = len(rows)
    progress(total, total, "")
    return counts


def _parents_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {r["id"]: r for r in rows}
    placed: set[str] = set()
    ordered: list[dict[str, Any]] = []

    def place(row: dict[str, Any]) -> None:
        chain = []
        while row["id"] not in placed:
            chain.append(row)
            placed.add(row["id"])
            parent = by_id.get(row.get("parent_id") or "")
            if parent is None:
                break
            row = parent
        ordered.extend(reversed(chain))

    for row in rows:
        place(row)
    return ordered


# --- comparing ------------------------------------------------------------------------------


def _normal(value: Any) -> Any:
    """A value as both backends agree on it: datetimes in UTC, JSON as sorted text."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def table_contents(connection: Connection, table: Table) -> dict[str, dict[str, Any]]:
    return {
        str(r._mapping["id"]): {k: _normal(v) for k, v in r._mapping.items()}
        for r in connection.execute(select(table))
    }


# Comparing only reads; a server connection still names someone (presence).
READER = Identity(author="Quaestio compare", replica_id="00000000-0000-4000-8000-000000000000")


def compare_projects(
    a: Target,
    b: Target,
    *,
    identity: Identity = READER,
    password: str | None = None,
    passwords: tuple[str | None, str | None] | None = None,
) -> list[str]:
    """The differences between two projects, one line each; empty when every row is equal.

    `password` is for whichever side is a server (None: ~/.pgpass); `passwords` (a's, b's)
    instead gives each side its own."""
    password_a, password_b = passwords if passwords is not None else (password, password)
    differences: list[str] = []
    names = _name(_as_target(a)), _name(_as_target(b))
    with (
        _open_source(_as_target(a), identity, password_a) as left,
        _open_source(_as_target(b), identity, password_b) as right,
        left.session() as ls,
        right.session() as rs,
    ):
        for table in _tables():
            mine, theirs = table_contents(ls.connection(), table), table_contents(rs.connection(), table)
            for row_id in sorted(mine.keys() - theirs.keys()):
                differences.append(f"{table.name} {row_id}: only in {names[0]}")
            for row_id in sorted(theirs.keys() - mine.keys()):
                differences.append(f"{table.name} {row_id}: only in {names[1]}")
            for row_id in sorted(mine.keys() & theirs.keys()):
                for column, value in mine[row_id].items():
                    other = theirs[row_id].get(column)
                    if other != value:
                        differences.append(f"{table.name} {row_id}: {column} is {value!r} / {other!r}")
    return differences
