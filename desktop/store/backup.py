"""Consistent, verified copies of a project file: backups, and the basis of 'Share a copy'.

A copy is written with SQLite's online backup API into a temporary file in the destination
folder, converted to a self-contained rollback-journal file, integrity-checked, and only then
renamed into place. A failed copy leaves nothing behind and never touches the source.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime
from pathlib import Path

from desktop.store.engine import connect_raw
from desktop.store.errors import QuaestioError


class BackupError(QuaestioError):
    pass


def verify_copy(path: Path) -> None:
    """Raise BackupError unless `path` passes SQLite's integrity and foreign-key checks."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = con.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"The copy {path.name} failed its integrity check: {result}")
        if con.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise BackupError(f"The copy {path.name} has broken links between records.")
    finally:
        con.close()


def copy_project(source: Path, target: Path) -> Path:
    """Write a verified snapshot of `source` to `target` atomically; return `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        src = connect_raw(source, readonly=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
        verify_copy(tmp)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise BackupError(f"Could not write a copy to {target.parent}: {reason}.") from None
    except BackupError:
        tmp.unlink(missing_ok=True)
        raise
    return target


def backup_name(project: Path, reason: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H%M%S")
    safe_reason = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-")
    return f"{project.stem} {stamp} {safe_reason}.quaestio"


def backup_project(project: Path, backups_dir: Path, reason: str) -> Path:
    """A verified backup of `project` in `backups_dir`, named after the project, time and reason."""
    return copy_project(project, backups_dir / backup_name(project, reason))
