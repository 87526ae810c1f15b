"""Look at a file before opening it as a project, without modifying it in any way.

Everything here reads through a read-only connection (or plain reads of the header), so a file
that turns out not to be a healthy Quaestio project is left exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop import __version__
from desktop.store.engine import APPLICATION_ID, connect_raw
from desktop.store.errors import NewerSchema, NotAProject, ProjectOpenError
from desktop.store.schema import known_revisions

SQLITE_HEADER = b"SQLite format 3\x00"
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")  # the header of a rollback journal still in force


@dataclass(frozen=True)
class FileFacts:
    path: Path
    revision: str | None
    title: str
    project_id: str
    writable: bool
    why_readonly: str  # empty when writable


def _version_tuple(text: str) -> tuple[int, ...]:
    parts = []
    for piece in text.split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def _check_header(path: Path) -> None:
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        pass  # said below
    except OSError as exc:  # a folder one may not enter, a name too long: Path.exists() raises
        raise ProjectOpenError(
            f"{path.name} cannot be reached ({exc.strerror}). Check the path and the folder's "
            "permissions, or choose another project."
        ) from None
    if not path.exists():
        raise ProjectOpenError(
            f"There is no file at {path}. Check the path, or create a project "
            "(File > New project, or 'quaestio init')."
        )
    if path.is_dir():
        raise ProjectOpenError(f"{path} is a folder, not a project file. Choose a .quaestio file inside it.")
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise ProjectOpenError(
            f"{path.name} cannot be read ({exc.strerror}). Check its permissions."
        ) from None
    if not header:
        raise NotAProject(f"{path.name} is empty (0 bytes), so it holds no project. Choose another file.")
    if not header.startswith(SQLITE_HEADER):
        raise NotAProject(
            f"{path.name} is not a Quaestio project (it is not an SQLite database). "
            "If it is a JSON export, use File > Import JSON."
        )
    if len(header) < 100:
        raise ProjectOpenError(
            f"{path.name} is damaged: it ends inside its own header. Restore it from a backup."
        )
    # The header records the database size in pages; a shorter file was cut off (copy interrupted,
    # disk full). Skip the check when a -wal file exists: then the header may lag behind.
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    change_counter = int.from_bytes(header[24:28], "big")
    wal = path.with_name(path.name + "-wal")
    size, expected = path.stat().st_size, pages * page_size
    if pages and valid_for == change_counter and not wal.exists() and size < expected:
        raise ProjectOpenError(
            f"{path.name} is truncated: {size} bytes of the {expected} it should have. "
            "Restore it from a backup, or ask whoever sent it for a complete copy."
        )


def _recover_interrupted_write(path: Path) -> None:
    """Roll back a write that was cut off (process killed, power lost) in rollback-journal mode.

    Such a write leaves a "hot" `-journal` beside the file, holding the pages as they were. Only a
    connection that may write can put them back, and until then every read-only connection fails
    ("attempt to write a readonly database"); so the first reader of the file, this one, does what
    SQLite does on any ordinary open: the file returns to its last committed state, the unfinished
    change is dropped, nothing committed is touched. (A leftover `-wal` needs nothing of the sort:
    read-only connections read it, and the next open for writing checkpoints it.)
    """
    journal = path.with_name(path.name + "-journal")
    try:
        with open(journal, "rb") as handle:
            if handle.read(8) != JOURNAL_MAGIC:  # absent, empty or zeroed: nothing to roll back
                return
    except OSError:
        return
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise ProjectOpenError(
            f"{path.name} was being changed when Quaestio (or the computer) stopped, and the "
            f"unfinished change must be rolled back from {journal.name}, but the file or its folder "
            "is read-only. Copy the project together with that file to a folder you can write to, "
            "or make this one writable, then open it again."
        )
    try:
        con = connect_raw(path, readonly=False)
    except sqlite3.Error as exc:
        raise ProjectOpenError(f"{path.name} cannot be opened: {exc}.") from None
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reading rolls the journal back
    except sqlite3.DatabaseError as exc:
        raise ProjectOpenError(
            f"{path.name} is damaged and cannot be read ({exc}). Restore it from a backup."
        ) from None
    finally:
        con.close()


def _check_wal_readable(path: Path) -> None:
    """A file left in WAL mode (by a Quaestio that was killed, or copied while open) needs its `-shm`
    index to be read; SQLite creates one if it may, so only a read-only folder without it fails, and
    with SQLite's bare "unable to open database file". Say what it is and what to do instead."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(20)
    except OSError:
        return
    in_wal_mode = header[18:20] == b"\x02\x02"
    shm = path.with_name(path.name + "-shm")
    if in_wal_mode and not shm.exists() and not os.access(path.parent, os.W_OK):
        wal = path.with_name(path.name + "-wal")
        extra = f" together with {wal.name} beside it" if wal.exists() else ""
        raise ProjectOpenError(
            f"{path.name} was not closed properly (Quaestio was stopped while it was open, or it was "
            "copied while open), and its folder is read-only, so SQLite cannot open it here. Copy "
            f"{path.name}{extra} to a folder you can write to and open the copy. "
            "The file has not been changed."
        )


def _writable(path: Path) -> tuple[bool, str]:
    if not os.access(path, os.W_OK):
        return False, "the file is read-only"
    if not os.access(path.parent, os.W_OK):
        return False, "its folder is read-only"
    return True, ""


def inspect_project_file(path: Path) -> FileFacts:
    """Check that `path` is a Quaestio project this version can open; raise ProjectOpenError if not."""
    path = Path(path)
    _check_header(path)
    _recover_interrupted_write(path)
    _check_wal_readable(path)
    try:
        con = connect_raw(path, readonly=True)
    except sqlite3.Error as exc:
        raise ProjectOpenError(f"{path.name} cannot be opened: {exc}.") from None
    try:
        (app_id,) = con.execute("PRAGMA application_id").fetchone()
        if app_id != APPLICATION_ID:
            raise NotAProject(
                f"{path.name} is an SQLite database, but not a Quaestio project. Choose a .quaestio file."
            )
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in tables:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        if revision not in known_revisions():
            raise NewerSchema(
                f"{path.name} was saved by a newer version of Quaestio (schema {revision}); this is "
                f"Quaestio {__version__}. Update Quaestio to open it. The file has not been changed."
            )
        title, project_id, min_version = "", "", "0"
        if "project" in tables:
            row = con.execute(
                "SELECT title, id, min_app_version FROM project WHERE deleted_at IS NULL LIMIT 1"
            ).fetchone()
            if row:
                title, project_id, min_version = row
        if _version_tuple(min_version) > _version_tuple(__version__):
            raise NewerSchema(
                f"{path.name} needs Quaestio {min_version} or newer; this is Quaestio {__version__}. "
                "Update Quaestio to open it. The file has not been changed."
            )
    except sqlite3.DatabaseError as exc:
        raise ProjectOpenError(
            f"{path.name} is damaged and cannot be read ({exc}). Restore it from a backup."
        ) from None
    finally:
        con.close()
    writable, why = _writable(path)
    return FileFacts(path, revision, title, project_id, writable, why)
