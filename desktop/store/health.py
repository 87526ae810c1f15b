"""`quaestio check`: is a project file healthy? Reads only; never modifies the file."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.lifecycle import RequestStatus
from desktop.store import schema
from desktop.store.engine import connect_raw
from desktop.store.inspection import inspect_project_file
from desktop.store.models import ENTITIES


@dataclass
class Report:
    path: Path
    revision: str | None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


def check_project(path: Path) -> Report:
    """Integrity, foreign keys, schema revision and the app's own invariants.

    Raises ProjectOpenError when the file cannot be opened at all.
    """
    facts = inspect_project_file(path)
    report = Report(path, facts.revision)
    head = schema.head_revision()
    if facts.revision != head:
        report.notes.append(f"schema {facts.revision} will be upgraded to {head} when opened for writing")
    con = connect_raw(path, readonly=True)
    try:
        for (message,) in con.execute("PRAGMA integrity_check"):
            if message != "ok":
                report.problems.append(f"integrity: {message}")
        for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check"):
            report.problems.append(f"broken link: {table} row {rowid} refers to a missing {parent}")
        if facts.revision == head:
            _check_invariants(con, report)
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"the file cannot be read: {exc}")
    finally:
        con.close()
    return report


def _check_invariants(con: sqlite3.Connection, report: Report) -> None:
    projects = con.execute("SELECT count(*) FROM project WHERE deleted_at IS NULL").fetchone()[0]
    if projects != 1:
        report.problems.append(f"expected one project record, found {projects}")
    statuses = tuple(s.value for s in RequestStatus)
    marks = ",".join("?" * len(statuses))
    for (status,) in con.execute(
        f"SELECT DISTINCT status FROM request WHERE status NOT IN ({marks})", statuses
    ):
        report.problems.append(f"requests with an unknown status: {status!r}")
    closed_without = con.execute(
        "SELECT count(*) FROM request WHERE status = 'closed' AND outcome IS NULL AND deleted_at IS NULL"
    ).fetchone()[0]
    if closed_without:
        report.problems.append(f"{closed_without} closed request(s) without an outcome")
    live = 0
    for entity in ENTITIES:
        table = entity.__tablename__
        if table in {"question", "note", "request", "archive", "source", "communication", "person"}:
            live += con.execute(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL").fetchone()[0]
    indexed = con.execute("SELECT count(*) FROM search_index").fetchone()[0]
    if indexed != live:
        report.problems.append(
            f"the search index holds {indexed} entries for {live} records; open the project to rebuild it"
        )
