"""Consistent, verified copies of a project file: backups, restores, and the basis of 'Share a copy'.

A copy is written with SQLite's online backup API into a temporary file in the destination
folder, converted to a self-contained rollback-journal file, integrity-checked, and only then
renamed into place. A failed copy leaves nothing behind and never touches the source.

Backups live in the data folder (never in a synced folder), one file each, named
"<project> <YYYY-MM-DD HHMMSS> <reason>.quaestio"; each file says which project it is a backup of
(its project id), so rotation and the restore list never mix two projects of the same name.
Rotation keeps every backup of the last day, the newest of each day for a month, and always the
newest of all. Forced backups come before migrations, merges, restores and undoing a merge;
automatic ones at most hourly while the project is being edited.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.store.engine import connect_raw
from desktop.store.errors import ProjectOpenError, QuaestioError


class BackupError(QuaestioError):
    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail or message  # what exactly is wrong, without the file name


def verify_copy(path: Path) -> None:
    """Raise BackupError unless `path` passes SQLite's integrity and foreign-key checks."""
    con = connect_raw(path, readonly=True)  # quoted URI: names may hold '#' or '?'
    try:
        problems = [r[0] for r in con.execute("PRAGMA integrity_check(20)") if not r[0].startswith("***")]
        if problems != ["ok"]:
            first = problems[0].splitlines()[0] if problems else "unknown damage"
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            detail = f"SQLite's integrity check reports: {first}{more}"
            raise BackupError(f"The copy {path.name} failed its integrity check. {detail}", detail)
        if con.execute("PRAGMA foreign_key_check").fetchone() is not None:
            detail = "some records refer to records that do not exist"
            raise BackupError(f"The copy {path.name} has broken links between records.", detail)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"The copy {path.name} cannot be read ({exc}).", str(exc)) from None
    finally:
        con.close()


def copy_project(
    source: Path, target: Path, *, prepare: Callable[[sqlite3.Connection], None] | None = None
) -> Path:
    """Write a verified snapshot of `source` to `target` atomically; return `target`.

    `prepare(connection)` may change the copy (e.g. drop local bookkeeping) before it is verified.
    """
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        open(tmp, "xb").close()  # a folder that cannot be written fails here, with the OS's reason
        src = connect_raw(source, readonly=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
                if prepare is not None:
                    prepare(dst)
                dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
        verify_copy(tmp)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or str(exc)
        raise BackupError(
            f"Could not write a copy of {source.name} to {target.parent}: {reason}. {_what_to_do(exc)}",
            reason,
        ) from None
    except BackupError:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _what_to_do(exc: BaseException) -> str:
    """The user's next step for a copy that could not be written (found by tests/faults)."""
    text = str(exc).lower()
    if getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in text:
        return "The disk is full: free some space on it (or choose a folder on another disk), then try again."
    if getattr(exc, "errno", None) in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text:
        return "That folder cannot be written to: make it writable, or choose another folder."
    return "Check that the folder exists, can be written to and has free space, then try again."


STAMP_FORMAT = "%Y-%m-%d %H%M%S"
_NAME = re.compile(r"^(?P<stem>.*) (?P<stamp>\d{4}-\d{2}-\d{2} \d{6})(?: (?P<reason>[a-z0-9-]*))?$")

KEEP_ALL_FOR = timedelta(days=1)  # every backup of the last day (hourly while editing)
KEEP_DAILY_FOR = timedelta(days=30)  # then the newest of each day, for a month
AUTO_INTERVAL = timedelta(hours=1)


def backup_name(project: Path, reason: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now()).strftime(STAMP_FORMAT)
    safe_reason = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-")
    return f"{project.stem} {stamp} {safe_reason}.quaestio"


def backup_project(project: Path, backups_dir: Path, reason: str, *, now: datetime | None = None) -> Path:
    """A verified backup of `project` in `backups_dir`, named after the project, time and reason."""
    target = backups_dir / backup_name(project, reason, now)
    n = 2
    while target.exists():  # two backups in the same second keep both
        target = backups_dir / f"{backup_name(project, reason, now)[: -len('.quaestio')]} ({n}).quaestio"
        n += 1
    return copy_project(project, target)


# --- what a backup holds -------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime  # local time, from the name (or the file's time)
    reason: str  # "before merge", "hourly", ...
    project_id: str
    title: str
    revision: str | None
    size: int

    @property
    def label(self) -> str:
        return f"{self.taken_at:%Y-%m-%d %H:%M} · {self.reason or 'backup'} · {self.size // 1024} KB"


def read_backup(path: Path) -> BackupInfo | None:
    """What a backup file is, or None if it is not a readable Quaestio project."""
    try:
        con = connect_raw(path, readonly=True)
    except sqlite3.Error:
        return None
    try:
        project_id, title = con.execute(
            "SELECT id, title FROM project WHERE deleted_at IS NULL LIMIT 1"
        ).fetchone() or ("", "")
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    except sqlite3.Error:
        return None
    finally:
        con.close()
    match = _NAME.match(re.sub(r" \(\d+\)$", "", path.stem))
    taken, reason = None, ""
    if match:
        with contextlib.suppress(ValueError):
            taken = datetime.strptime(match["stamp"], STAMP_FORMAT)
        reason = (match["reason"] or "").replace("-", " ")
    if taken is None:
        taken = datetime.fromtimestamp(path.stat().st_mtime)
    return BackupInfo(path, taken, reason, str(project_id), str(title), revision, path.stat().st_size)


def list_backups(backups_dir: Path, project_id: str | None = None) -> list[BackupInfo]:
    """Backups in `backups_dir` (of one project, if given), newest first."""
    if not backups_dir.is_dir():
        return []
    found = []
    for path in backups_dir.glob("*.quaestio"):
        if path.name.startswith("."):
            continue
        info = read_backup(path)
        if info is not None and (project_id is None or info.project_id == project_id):
            found.append(info)
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def project_id_of(path: Path) -> str:
    info = read_backup(path)
    if info is None:
        raise BackupError(f"{path.name} is not a readable Quaestio project.")
    return info.project_id


# --- rotation ----------------------------------------------------------------------------------------


def backups_to_prune(backups: list[BackupInfo], now: datetime) -> list[BackupInfo]:
    """Which backups rotation removes: older than a day and not the newest of their day, or older
    than a month; the newest backup is always kept."""
    ordered = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    prune: list[BackupInfo] = []
    days_seen: set[Any] = set()
    for index, info in enumerate(ordered):
        age = now - info.taken_at
        if index == 0 or age <= KEEP_ALL_FOR:
            days_seen.add(info.taken_at.date())
            continue
        if age <= KEEP_DAILY_FOR and info.taken_at.date() not in days_seen:
            days_seen.add(info.taken_at.date())
            continue
        prune.append(info)
    return prune


def rotate_backups(
    backups_dir: Path, *, now: datetime | None = None, keep: Iterable[Path] = ()
) -> list[Path]:
    """Apply the rotation to every project's backups; return the files removed."""
    now = now or datetime.now()
    kept = {Path(p).resolve() for p in keep}
    by_project: dict[str, list[BackupInfo]] = {}
    for info in list_backups(backups_dir):
        by_project.setdefault(info.project_id, []).append(info)
    removed = []
    for infos in by_project.values():
        for info in backups_to_prune(infos, now):
            if info.path.resolve() in kept:
                continue
            with contextlib.suppress(OSError):
                info.path.unlink()
                removed.append(info.path)
    return removed


def auto_backup(
    project: Path, backups_dir: Path, *, project_id: str, now: datetime | None = None
) -> Path | None:
    """The periodic backup while editing: at most one an hour; then rotate. None when not due."""
    now = now or datetime.now()
    newest = next(iter(list_backups(backups_dir, project_id)), None)
    if newest is not None and now - newest.taken_at < AUTO_INTERVAL:
        return None
    path = backup_project(project, backups_dir, "hourly", now=now)
    rotate_backups(backups_dir, now=now, keep={path})
    return path


# --- restoring -----------------------------------------------------------------------------------------


def restore_into(project: Any, backup: Path, *, backups_dir: Path, reason: str = "before restore") -> Path:
    """Replace the open project's content with a backup; return the backup of what it replaced.

    The current state is backed up (verified) first. The backup must be of the same project and
    pass its checks; an older one is upgraded in a temporary copy. The content is copied into the
    open file with SQLite's backup API, which writes it in one transaction while this process keeps
    the project's lock, so a failure or a crash leaves the project as it was.
    """
    from desktop.store import schema
    from desktop.store.engine import make_engine
    from desktop.store.errors import ReadOnlyProject
    from desktop.store.inspection import inspect_project_file

    if project.readonly:
        raise ReadOnlyProject(f"{project.path.name} is open read-only; it cannot be restored.")
    backup = Path(backup)
    try:
        facts = inspect_project_file(backup)
    except ProjectOpenError as exc:
        raise BackupError(f"That backup cannot be restored: {exc}") from None
    current = inspect_project_file(project.path).project_id
    if facts.project_id != current:
        raise BackupError(
            f"{backup.name} is a backup of another project ('{facts.title}'); choose a backup of this one."
        )
    folder = Path(tempfile.mkdtemp(prefix="quaestio-restore-"))
    try:
        staged = copy_project(backup, folder / "restore.quaestio")  # verified
        if facts.revision != schema.head_revision():
            schema.upgrade(make_engine(staged))
        before = backup_project(project.path, backups_dir, reason)
        source = connect_raw(staged, readonly=True)
        try:
            raw = project.engine.raw_connection()
            try:
                source.backup(raw.driver_connection)
            finally:
                raw.close()
        finally:
            source.close()
        project.engine.dispose()  # no pooled connection keeps a view of the replaced file
    except sqlite3.Error as exc:
        raise BackupError(f"The backup could not be restored ({exc}); the project is unchanged.") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with contextlib.suppress(OSError, QuaestioError):
        rotate_backups(backups_dir, keep={before, backup})
    return before
