"""Merge a collaborator's copy of the project into mine (DESIGN §6; research §6.6).

How it works
------------
1. **Pre-flight** (`open_incoming`): their file is checked like any file we open (SQLite,
   Quaestio, schema not newer, not truncated), copied with the backup API into a temporary file
   whose integrity and links are verified, and migrated there if it is older. It must be a copy
   of the same project (same project id). Their file is never written; on refusal mine is
   untouched.
2. **Plan** (`plan_merge`): rows are compared by id, field by field, against the *last common
   state*, which comes from the change logs: a change is identified by its id, and the changes
   present in both files are the history both copies share. The base value of a field is the
   value set by the latest shared change touching it. Because the comparison is between states
   (not a replay of logs), edits made outside Quaestio (e.g. with `sqlite3`) are merged too; the
   logs only add who and when.
   - same value on both sides: nothing to do;
   - mine equals the base: theirs changed it, take theirs;
   - theirs equals the base: I changed it, keep mine;
   - both differ from the base (or, with no shared history, both sides logged a change): a
     conflict, listed with mine/theirs and who/when. A conflicting note is not a question: mine
     stays and theirs is kept beside it as a "conflict copy" note.
   - rows only in their copy are added; a row deleted on one side and edited on the other is
     kept (restored), so nothing typed is lost.
3. **Apply** (`apply_merge`): a verified backup of my project is taken first; then everything is
   written in ONE transaction: added rows, changed fields, conflict copies, their change rows
   (with their authors and times, stamped with this merge's id), one change row per field the
   merge itself decided, and a `merge_record` with the report. Foreign keys are checked at
   commit. A failure or a killed process leaves the file as it was.

Merging the same copy twice changes nothing; merging B into A and then A into B converges.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Connection, func, select

from desktop.store import plain
from desktop.store.backup import backup_project, restore_into, rotate_backups
from desktop.store.changes import Changes
from desktop.store.errors import InvalidValue, QuaestioError, ReadOnlyProject
from desktop.store.merge_apply import MergeNeedsDecisions, MergeStale, apply_merge, parse_field_text
from desktop.store.merge_incoming import DifferentProject, Incoming, MergeRefused, open_incoming
from desktop.store.merge_plan import (
    MINE,
    THEIRS,
    Conflict,
    MergePlan,
    Progress,
    Resolution,
    _utc,
    plan_merge,
)
from desktop.store.merge_report import MergeReport, ReportItem, ResolvedConflict
from desktop.store.models import ENTITIES, Change, MergeRecord, utcnow

# --- the whole operation -----------------------------------------------------------------------------


def project_identity(connection: Connection) -> tuple[str, str]:
    """(project id, title) of the open project (plain SQL: the window asks at every open)."""
    row = connection.exec_driver_sql("SELECT id, title FROM project WHERE deleted_at IS NULL LIMIT 1").one()
    return str(row[0]), plain.text(row[1])


@contextlib.contextmanager
def prepared(
    project: Any, other: Path | str, *, progress: Progress | None = None
) -> Iterator[tuple[Incoming, MergePlan]]:
    """Open the incoming copy and plan the merge against `project` (a desktop.store.project.Project)."""
    project.require_file("Merging a collaborator's copy")
    with project.engine.connect() as connection:
        project_id, title = project_identity(connection)
    incoming = open_incoming(other, mine=project.path, project_id=project_id, project_title=title)
    try:
        with project.engine.connect() as connection:
            plan = plan_merge(connection, incoming, progress=progress)
        yield incoming, plan
    finally:
        incoming.close()


def merge_into(
    project: Any,
    plan: MergePlan,
    *,
    backups_dir: Path,
    resolutions: Mapping[str, Resolution] | None = None,
    prefer: Literal["mine", "theirs"] | None = None,
    progress: Progress | None = None,
    announce: bool = True,
) -> MergeReport:
    """Back up my project (verified), then apply the plan in one transaction; announce the changes
    (pass announce=False off the GUI thread and announce there)."""

    project.require_file("Merging a collaborator's copy")
    if project.readonly:
        raise ReadOnlyProject(
            f"{project.path.name} is open read-only ({project.readonly_reason}); nothing was merged."
        )
    if plan.is_empty:  # nothing new in their copy: write nothing, not even a backup
        return MergeReport("", plan.source_name, utcnow(), project.identity.author, "", 0, [], [])
    missing = [c for c in plan.decisions if c.key not in (resolutions or {}) and prefer is None]
    if missing:
        raise MergeNeedsDecisions(
            f"{len(missing)} conflict(s) need a decision (mine, theirs or an edited value); "
            "nothing was merged."
        )
    backup = backup_project(project.path, backups_dir, "before merge")
    with project.engine.connect() as connection:
        result = apply_merge(
            connection,
            plan,
            resolutions=resolutions,
            prefer=prefer,
            author=project.identity.author,
            replica_id=project.identity.replica_id,
            backup=backup,
            progress=progress,
        )
    with contextlib.suppress(OSError, QuaestioError):
        rotate_backups(backups_dir, keep={backup})
    if announce:
        project.announce(ALL_CHANGES)
    return result


def merge_file(
    project: Any,
    other: Path | str,
    *,
    backups_dir: Path,
    resolutions: Mapping[str, Resolution] | None = None,
    prefer: Literal["mine", "theirs"] | None = None,
    progress: Progress | None = None,
) -> MergeReport:
    """Plan and apply in one go (the command line, tests). Conflicts need `prefer` or resolutions."""
    with prepared(project, other, progress=progress) as (_incoming, plan):
        return merge_into(
            project, plan, backups_dir=backups_dir, resolutions=resolutions, prefer=prefer, progress=progress
        )


ALL_CHANGES = Changes(frozenset(str(e.__tablename__) for e in ENTITIES) | {"change", "merge_record"})


# --- merge records and undo ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MergeInfo:
    id: str
    merged_at: datetime
    author: str
    source_name: str
    added: int
    changed: int
    conflicts: int
    backup_path: str

    @property
    def backup_exists(self) -> bool:
        return bool(self.backup_path) and Path(self.backup_path).is_file()


def merges(connection: Connection) -> list[MergeInfo]:
    """The merges recorded in the project, newest first (plain SQL: the window asks at every open)."""
    rows = connection.exec_driver_sql(
        "SELECT id, merged_at, author, source_name, added, changed, conflicts, backup_path"
        " FROM merge_record ORDER BY merged_at DESC"
    ).fetchall()
    return [MergeInfo(i, plain.when(at), *rest) for i, at, *rest in rows]  # type: ignore[arg-type]


def stored_report(connection: Connection, merge_id: str) -> MergeReport:
    table = MergeRecord.__table__  # type: ignore[attr-defined]
    found = connection.execute(select(table.c.report).where(table.c.id == merge_id)).scalar()
    if not found:
        raise InvalidValue(f"No merge {merge_id} is recorded in this project.")
    return MergeReport.from_json(found)


def edits_since(connection: Connection, merge: MergeInfo) -> int:
    """How many changes were made after a merge (undoing the merge undoes them too)."""
    table = Change.__table__  # type: ignore[attr-defined]
    at = _utc(merge.merged_at)
    return int(
        connection.execute(
            select(func.count()).where(table.c.at > at + timedelta(seconds=1), table.c.merge_id.is_(None))
        ).scalar()
        or 0
    )


def undo_last_merge(project: Any, *, backups_dir: Path) -> MergeInfo:
    """Restore the backup taken before the latest merge (after backing up the current state)."""
    project.require_file("Undo merge")
    with project.engine.connect() as connection:
        found = merges(connection)
    if not found:
        raise InvalidValue("No merge has been made in this project, so there is nothing to undo.")
    last = found[0]
    if not last.backup_exists:
        raise InvalidValue(
            f"The backup taken before merging {last.source_name} is no longer at {last.backup_path}; "
            "the merge cannot be undone. Use File > Restore from backup to pick another backup."
        )
    restore_into(project, Path(last.backup_path), backups_dir=backups_dir, reason="before undoing merge")
    return last


__all__ = [
    "ALL_CHANGES",
    "MINE",
    "THEIRS",
    "Conflict",
    "DifferentProject",
    "Incoming",
    "MergeInfo",
    "MergeNeedsDecisions",
    "MergePlan",
    "MergeRefused",
    "MergeReport",
    "MergeStale",
    "ReportItem",
    "Resolution",
    "ResolvedConflict",
    "apply_merge",
    "edits_since",
    "merge_file",
    "merge_into",
    "merges",
    "open_incoming",
    "parse_field_text",
    "plan_merge",
    "prepared",
    "stored_report",
    "undo_last_merge",
]
