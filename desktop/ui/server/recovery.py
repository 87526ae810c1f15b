"""Edits that could not reach the team server, kept in a local recovery file (no Qt).

When the connection drops while someone edits, each refused edit is kept in memory, retried when
the server answers again, and written at once to the window's own recovery file
`<data dir>/recovery/<server>-<db>.<session>.json`, so even a crash or a closed window loses
nothing. Every window connected to a server has its own file (two windows on one database never
overwrite or delete each other's edits) and holds a lock on `<same name>.lock` while it is open;
the next connection to that database takes over the files whose lock is free (their window is
closed or crashed) and offers their edits back. The file holds the row, the fields typed, the
version the edit was based on (so a replay still detects an edit made by someone else meanwhile)
and when it was typed.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

try:  # POSIX; elsewhere no lock is taken (one window at a time is then the user's business)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

FORMAT = "quaestio-recovery"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class PendingEdit:
    """One edit the server has not got yet."""

    table: str
    row_id: str
    values: dict[str, Any]
    expected_version: int | None = None
    label: str = ""  # "Edit title of Q2", shown when offering the edits back
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


def recovery_folder(data_dir: Path) -> Path:
    return data_dir / "recovery"


def _safe(text: str) -> str:
    return re.sub(r"[^\w.@-]+", "_", text).strip("_") or "server"


def recovery_file(data_dir: Path, address: Any) -> Path:
    """`<data dir>/recovery/<user>@<host>_<port>-<database>.json` (a socket folder made safe).

    The name all files of this server share; a window writes `session_file`, this exact name is
    only read (files of earlier Quaestio versions)."""
    server = _safe(f"{address.user}@{address.host}_{address.port}")
    return recovery_folder(data_dir) / f"{server}-{_safe(address.database)}.json"


def session_file(data_dir: Path, address: Any) -> Path:
    """A new file for one window's session: `<server>-<database>.<12 hex digits>.json`."""
    base = recovery_file(data_dir, address)
    return base.with_name(f"{base.stem}.{uuid.uuid4().hex[:12]}.json")


def server_files(data_dir: Path, address: Any) -> list[Path]:
    """Every recovery file of this server and database (any window's), oldest first."""
    base = recovery_file(data_dir, address)
    own = re.compile(re.escape(base.stem) + r"(\.[0-9a-f]{12})?\.json")
    try:
        found = [p for p in base.parent.iterdir() if own.fullmatch(p.name) and p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


class FileLock:
    """An exclusive lock on `<recovery file>.lock`: held, the file belongs to a window still open.

    `flock` locks belong to an open file, so two windows in one process exclude each other too,
    and the system releases the lock of a crashed process.
    """

    def __init__(self, path: Path) -> None:
        self.path = path.with_suffix(".lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        """Take the lock if it is free (never waits)."""
        if self._handle is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115  (held until release)
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                return False
        self._handle = handle
        return True

    def release(self, *, remove: bool) -> None:
        """Let go; `remove` deletes the lock file too (when its recovery file is gone)."""
        handle, self._handle = self._handle, None
        if handle is None:
            return
        if remove:
            self.path.unlink(missing_ok=True)
        handle.close()


def _plain(value: Any) -> Any:
    """Dates survive the round trip as tagged text."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$date"}:
            return date.fromisoformat(value["$date"])
        if set(value) == {"$datetime"}:
            return datetime.fromisoformat(value["$datetime"])
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


def save_pending(path: Path, address_text: str, edits: list[PendingEdit]) -> None:
    """Write (atomically) or, with no edits left, remove the recovery file."""
    if not edits:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "server": address_text,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "edits": [{**asdict(e), "values": _plain(e.values)} for e in edits],
    }
    fd, tmp = tempfile.mkstemp(prefix=".recovery.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_pending(path: Path) -> list[PendingEdit]:
    """The edits in a recovery file; an unreadable file gives none (and is left for a person)."""
    return read_pending(path) or []


def read_pending(path: Path) -> list[PendingEdit] | None:
    """The edits in a recovery file, or None when it is missing or not a recovery file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    found: list[PendingEdit] = []
    for item in data.get("edits") or []:
        try:
            found.append(
                PendingEdit(
                    table=str(item["table"]),
                    row_id=str(item["row_id"]),
                    values=_typed(dict(item["values"])),
                    expected_version=item.get("expected_version"),
                    label=str(item.get("label") or ""),
                    at=str(item.get("at") or ""),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return found


def merge_pending(edits: list[PendingEdit], edit: PendingEdit) -> list[PendingEdit]:
    """Add an edit; a later edit of the same fields of a row replaces the earlier value but keeps
    the version the first one was based on (that is what the user last saw from the server)."""
    result: list[PendingEdit] = []
    base = edit.expected_version
    for old in edits:
        if (old.table, old.row_id) == (edit.table, edit.row_id) and set(old.values) <= set(edit.values):
            base = old.expected_version if old.expected_version is not None else base
            continue
        result.append(old)
    result.append(PendingEdit(edit.table, edit.row_id, dict(edit.values), base, edit.label, edit.at))
    return result


def take_over(own: Path, address_text: str, data_dir: Path, address: Any) -> list[PendingEdit]:
    """The edits of this server's files no open window holds, moved into `own` (locked by the caller).

    They are written to `own` before their old files are removed, so a crash in between leaves
    them twice (a replay of an edit already saved changes nothing), never not at all.
    """
    edits: list[PendingEdit] = []
    taken: list[tuple[Path, FileLock]] = []
    for path in server_files(data_dir, address):
        if path == own:
            continue
        lock = FileLock(path)
        if not lock.acquire():
            continue  # another window's, still open
        found = read_pending(path)
        if found is None:  # gone meanwhile, or unreadable: left for a person
            lock.release(remove=not path.exists())
            continue
        edits.extend(found)
        taken.append((path, lock))
    if edits:
        save_pending(own, address_text, edits)
    for path, lock in taken:
        path.unlink(missing_ok=True)
        lock.release(remove=True)
    return edits


__all__ = [
    "FileLock",
    "PendingEdit",
    "load_pending",
    "merge_pending",
    "read_pending",
    "recovery_file",
    "save_pending",
    "server_files",
    "session_file",
    "take_over",
]
