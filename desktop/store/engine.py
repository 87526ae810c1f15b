"""SQLite engines for project files: pragmas on every connection, never created at import time."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event

# "QUES" in ASCII: `PRAGMA application_id` marks a file as a Quaestio project (sqlite3 shows it).
APPLICATION_ID = 0x51554553
BUSY_TIMEOUT_MS = 5000


def sqlite_uri(path: Path, *, readonly: bool) -> str:
    mode = "ro" if readonly else "rw"
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


def connect_raw(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """A plain sqlite3 connection that never creates the file (mode=ro or mode=rw)."""
    con = sqlite3.connect(sqlite_uri(path, readonly=readonly), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return con


def make_engine(path: Path, *, readonly: bool = False) -> Engine:
    """An engine on an existing project file. Read-only engines refuse every write (query_only)."""

    def creator() -> sqlite3.Connection:
        return sqlite3.connect(
            sqlite_uri(path, readonly=readonly),
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,  # the task runner hands connections to a worker thread
        )

    engine = create_engine("sqlite://", creator=creator)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_con: sqlite3.Connection, _record: object) -> None:
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if readonly:
            cur.execute("PRAGMA query_only = ON")
        cur.close()

    return engine
