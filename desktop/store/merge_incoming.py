"""The collaborator's copy, before a merge: checked, copied, verified and brought up to date.

Their file is never written. It is inspected like any file we open (SQLite, Quaestio, schema not
newer, not truncated), copied with SQLite's backup API into a temporary folder, the copy's
integrity and links verified, and migrated there when it is older. It must be a copy of the
same project (same project id). A refusal says what is wrong and what to do.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from desktop.store import schema
from desktop.store.backup import BackupError, copy_project
from desktop.store.engine import make_engine
from desktop.store.errors import ProjectOpenError, QuaestioError
from desktop.store.inspection import inspect_project_file


class MergeRefused(QuaestioError):
    """The collaborator's copy cannot be merged; nothing was changed."""


class DifferentProject(MergeRefused):
    """The file is a healthy project, but another one: it can be imported as a new project."""

    def __init__(self, message: str, path: Path, title: str) -> None:
        super().__init__(message)
        self.path = path
        self.title = title


@dataclass
class Incoming:
    """A verified, migrated temporary copy of the collaborator's file. Close it when done."""

    source: Path
    copy: Path
    title: str
    project_id: str
    revision: str | None  # the revision their file had (it was migrated to head in the copy)
    engine: Engine

    def close(self) -> None:
        self.engine.dispose()
        shutil.rmtree(self.copy.parent, ignore_errors=True)

    def __enter__(self) -> Incoming:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


_ASK_AGAIN = "Ask whoever sent it for a fresh copy (File > Share a copy)."


def _refuse(name: str, reason: str) -> MergeRefused:
    return MergeRefused(f"{name} cannot be merged: {reason} Your project has not been changed.")


def open_incoming(other: Path | str, *, mine: Path, project_id: str, project_title: str = "") -> Incoming:
    """Check the collaborator's file and make a verified, up-to-date temporary copy of it."""
    other = Path(other).expanduser().absolute()
    name = other.name
    if other.exists() and mine.exists() and other.resolve() == mine.resolve():
        raise MergeRefused(f"{name} is this project itself; choose the copy your collaborator sent.")
    try:
        facts = inspect_project_file(other)
    except ProjectOpenError as exc:  # it is their file: they can send another copy
        raise _refuse(name, str(exc).replace("Restore it from a backup.", _ASK_AGAIN)) from None
    if facts.project_id != project_id:
        theirs = f"'{facts.title}'" if facts.title else "another project"
        ours = f" '{project_title}'" if project_title else ""
        raise DifferentProject(
            f"{name} is a copy of a different project ({theirs}), not of this project{ours}. "
            "Only copies of the same project can be merged: open it separately with File > Open, "
            "or import it as a new project. Your project has not been changed.",
            other,
            facts.title,
        )
    folder = Path(tempfile.mkdtemp(prefix="quaestio-merge-"))
    copy = folder / "incoming.quaestio"
    try:
        try:
            copy_project(other, copy)
        except BackupError as exc:
            raise _refuse(name, f"it is damaged ({exc.detail}). {_ASK_AGAIN}") from None
        if facts.revision != schema.head_revision():
            schema.upgrade(make_engine(copy))
        engine = make_engine(copy, readonly=True)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Incoming(other, copy, facts.title, facts.project_id, facts.revision, engine)
