"""One writer at a time: a lock file beside the project names who holds it.

The file `<project>.lock` is held with an OS lock (flock on POSIX, msvcrt on Windows) for as long
as the project is open for writing. The OS drops that lock when the process dies, so a lock file
left by a crash is stale by construction and is simply taken over. Its JSON content (user, host,
process, time) exists to tell a second Quaestio who has the project.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from desktop.store.errors import ProjectLocked, ProjectOpenError


def lock_path(project: Path) -> Path:
    return project.with_name(project.name + ".lock")


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: str
    app: str = "Quaestio"

    def describe(self) -> str:
        return f"{self.user} on {self.host} (process {self.pid}, since {self.since})"


def _try_os_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def read_lock_info(project: Path) -> LockInfo | None:
    try:
        data = json.loads(lock_path(project).read_text(encoding="utf-8"))
        return LockInfo(**data)
    except (OSError, ValueError, TypeError):
        return None


class ProjectLock:
    """Held while a project is open for writing. Use `acquire`, then `release` (or close the app)."""

    def __init__(self, project: Path, handle: IO[str]) -> None:
        self.project = project
        self._handle: IO[str] | None = handle

    @classmethod
    def acquire(cls, project: Path, user: str) -> ProjectLock:
        path = lock_path(project)
        try:
            handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115  (kept open while the lock is held)
        except OSError as exc:
            raise ProjectOpenError(
                f"{project.name} cannot be opened for writing: its lock file {path.name} cannot be "
                f"created ({exc.strerror}). Free some space on that disk or make the folder writable, "
                "or open the project read-only."
            ) from None
        if not _try_os_lock(handle):
            handle.close()
            info = read_lock_info(project)
            holder = info.describe() if info else "another program"
            raise ProjectLocked(
                f"{project.name} is open in another Quaestio: {holder}. "
                "Close it there, or open the project read-only.",
                holder,
            )
        info = LockInfo(
            user=user,
            host=socket.gethostname(),
            pid=os.getpid(),
            since=datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        )
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps(info.__dict__, ensure_ascii=False))
            handle.flush()
        except OSError:  # a full disk: the OS lock holds all the same, only the holder goes unnamed
            with contextlib.suppress(OSError):
                handle.truncate(0)
        return cls(project, handle)

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            # Remove the file while still holding the lock, so nobody reads a half-released one.
            lock_path(self.project).unlink(missing_ok=True)
        except OSError:  # Windows keeps open files; the stale file is harmless (see module doc)
            pass
        finally:
            with contextlib.suppress(OSError):  # an unwritten holder line on a full disk
                self._handle.close()
            self._handle = None
