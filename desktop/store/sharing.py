"""Share a copy: a consistent, verified snapshot of the project for a collaborator (DESIGN §6).

A live SQLite file must never travel by a sync folder while it is open, so sharing is done with
copies: the SQLite backup API reads the project's last committed state (even while it is open
in the window), the copy is made self-contained (rollback journal, no -wal beside it), local
bookkeeping is dropped (merge records name this computer's backup folder), it is compacted,
integrity-checked, and only then renamed into place. A failure leaves nothing behind.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop.store.backup import copy_project
from desktop.store.errors import QuaestioError
from desktop.store.inspection import inspect_project_file

SUFFIX = ".quaestio"


class ShareError(QuaestioError):
    pass


@dataclass(frozen=True)
class SharedCopy:
    path: Path
    size: int
    title: str

    def describe(self) -> str:
        return f"Shared a checked copy of '{self.title}' as {self.path} ({max(1, self.size // 1024)} KB)."


def suggested_name(project: Path, author: str, today: date | None = None) -> str:
    """'Khalkhin Gol (from Ana Historian, 2026-11-26).quaestio': says who sent it, and when."""
    day = (today or date.today()).isoformat()
    who = " ".join(re.sub(r'[\\/:*?"<>|]+', " ", author).split())
    return f"{project.stem} (from {who}, {day}){SUFFIX}" if who else f"{project.stem} ({day}){SUFFIX}"


def _local_bookkeeping_out(connection: sqlite3.Connection) -> None:
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "merge_record" in tables:
        connection.execute("DELETE FROM merge_record")
    connection.commit()
    connection.execute("VACUUM")  # a smaller file to mail


def share_copy(source: Path, target: Path) -> SharedCopy:
    """Write a checked snapshot of the project `source` to `target`; return what was written."""
    source, target = Path(source).expanduser().absolute(), Path(target).expanduser().absolute()
    if target.suffix == "":
        target = target.with_name(target.name + SUFFIX)
    if target.suffix != SUFFIX:
        raise ShareError(f"Name the copy …{SUFFIX} so Quaestio opens it (e.g. {target.stem}{SUFFIX}).")
    if target.exists() and target.resolve() == source.resolve():
        raise ShareError("That is the project file itself; choose another name or folder for the copy.")
    if target.is_dir():
        raise ShareError(f"{target} is a folder; choose a file name for the copy.")
    facts = inspect_project_file(source)
    copy_project(source, target, prepare=_local_bookkeeping_out)
    return SharedCopy(target, target.stat().st_size, facts.title)


def lock_holder(project: Path) -> Any:
    """Who holds the project open for writing (a desktop.store.locking.LockInfo), or None.

    A lock file left by a process that no longer runs on this computer does not count (the next
    opener takes it over).
    """
    import os
    import socket

    from desktop.store.locking import read_lock_info

    info = read_lock_info(Path(project))
    if info is None:
        return None
    if info.host == socket.gethostname() and os.name == "posix":
        try:
            os.kill(info.pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass  # another user's process: alive
    return info
