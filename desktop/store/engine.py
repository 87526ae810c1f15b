"""SQLite engines for project files: pragmas on every connection, never created at import time."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from desktop.store.errors import DiskFull, ProjectBusy, QuaestioError

if TYPE_CHECKING:  # SQLAlchemy is imported by make_engine: inspecting a file must not need it
    from sqlalchemy import Engine
    from sqlalchemy.engine import ExceptionContext

# "QUES" in ASCII: `PRAGMA application_id` marks a file as a Quaestio project (sqlite3 shows it).
APPLICATION_ID = 0x51554553
BUSY_TIMEOUT_MS = 5000


def sqlite_uri(path: Path, *, readonly: bool) -> str:
    mode = "ro" if readonly else "rw"
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


def decode_text(data: bytes) -> str:
    """TEXT as str. SQLite stores whatever bytes it is given: a copy written by another program can
    hold invalid UTF-8 (a lone surrogate as CESU-8, a cut multi-byte character), which the default
    decoder refuses ("Could not decode to UTF-8 column"), failing every read of the table. Such
    bytes are shown as U+FFFD instead; valid text is unchanged. About 10% slower than the default."""
    return data.decode("utf-8", "replace")


def connect_raw(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """A plain sqlite3 connection that never creates the file (mode=ro or mode=rw)."""
    con = sqlite3.connect(sqlite_uri(path, readonly=readonly), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    con.text_factory = decode_text
    con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return con


def make_engine(path: Path, *, readonly: bool = False) -> Engine:
    """An engine on an existing project file. Read-only engines refuse every write (query_only)."""
    from sqlalchemy import create_engine, event

    def creator() -> sqlite3.Connection:
        con = sqlite3.connect(
            sqlite_uri(path, readonly=readonly),
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,  # the task runner hands connections to a worker thread
        )
        con.text_factory = decode_text
        return con

    engine = create_engine("sqlite://", creator=creator)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_con: sqlite3.Connection, _record: object) -> None:
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if readonly:
            cur.execute("PRAGMA query_only = ON")
        cur.close()

    @event.listens_for(engine, "handle_error")
    def _readable(context: ExceptionContext) -> QuaestioError | None:
        return readable_error(path, context.original_exception)

    return engine


def readable_error(path: Path, error: BaseException) -> QuaestioError | None:
    """The user's version of an SQLite failure that is not a bug: busy, disk full, bad text.

    SQLite rolls the statement's transaction back in each case, so the message can promise that the
    project is as it was. Returns None for anything else (a bug: it keeps its traceback).
    """
    text = str(error)
    if isinstance(error, sqlite3.OperationalError):
        if "database is locked" in text or "database is busy" in text:
            from desktop.store.locking import read_lock_info

            info = read_lock_info(path)
            mine = info is not None and info.pid == os.getpid()  # then someone outside Quaestio
            who = f"the Quaestio of {info.describe()}" if info and not mine else "another program"
            return ProjectBusy(
                f"{path.name} is busy: {who} kept it locked for more than "
                f"{BUSY_TIMEOUT_MS / 1000:g} seconds, so this change was not saved. Close the other "
                "program (or wait for it to finish) and try again."
            )
        if "disk is full" in text or "disk I/O error" in text:
            return DiskFull(
                f"The disk holding {path.name} is full (or failing), so this change was not saved "
                "and the project is as it was. Free some space on that disk, then try again."
            )
    if isinstance(error, UnicodeEncodeError):  # a lone surrogate (broken UTF-16 pasted from somewhere)
        return QuaestioError(
            "The text contains a broken character (an unpaired surrogate, position "
            f"{error.start}) that cannot be stored, so this change was not saved. Delete that "
            "character (it may show as a box or a question mark) and try again."
        )
    return None
