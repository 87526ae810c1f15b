"""What happens to an edit on a team server that cannot simply be saved.

- **Stale edit**: someone else saved the same field since this window read the row. The store
  refuses the write (`StaleEdit`, optimistic locking on the row's `version`); here the same
  side-by-side dialog as a merge opens (mine / theirs / an edited result) and the choice is
  written against the version now stored. Nothing is ever overwritten silently.
  Only the fields both changed go to the dialog; the other fields of the edit clash with nothing
  and are saved whatever is decided there (also on Cancel).
- **Someone else's save in the way** (deadlock, lock wait): the store already tried again; the
  edit is kept and saved again a moment later, without a connection-lost banner.
- **Connection lost**: the edit is kept (`ServerLink.keep`: in memory, in the recovery file) and
  saved when the server answers again.

Edit paths pass the `version` of the row they showed (`expected_version`); `expected_version`
also follows this window's own writes (a write straight after the version it was based on), so
two quick edits of one row before the pane re-read it are not mistaken for someone else's, while
a write that merged in someone else's change never makes an older view look current.
"""

from __future__ import annotations

import contextlib
import logging
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop.ui.sharing.conflict_dialog import ConflictDialog

log = logging.getLogger(__name__)

# project -> {(table, row id): {version seen: version this window's write of it left}}
_written: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], dict[int, int]]] = weakref.WeakKeyDictionary()


def is_server(project: Any) -> bool:
    return project is not None and getattr(project, "server", None) is not None


def expected_version(project: Any, table: str, row_id: str, shown: int | None) -> int | None:
    """The version an edit is based on: the row shown, moved on past this window's own writes.

    Only a write that came straight after the version it was based on (no one else's in
    between) moves it on: then the user has seen everything in the newer version. None (no
    check) for project files: one writer at a time holds the file's lock.
    """
    if not is_server(project) or shown is None:
        return None
    chain = _written.get(project, {}).get((table, row_id), {})
    version, steps = shown, 0
    while version in chain and steps < 1000:
        version, steps = chain[version], steps + 1
    return version


def note_written(project: Any, table: str, result: Any, based_on: int | None) -> None:
    """Remember that this window's write based on `based_on` left the row at its new version."""
    row = getattr(result, "row", None)
    version = getattr(row, "version", None)
    if project is None or row is None or version is None or based_on is None:
        return
    if int(version) != based_on + 1:  # nothing written, or others' writes merged in between
        return
    with contextlib.suppress(TypeError):  # a project that cannot be weakly referenced: no memory
        _written.setdefault(project, {}).setdefault((table, row.id), {})[based_on] = int(version)


def is_busy(error: BaseException) -> bool:
    """Another person's transaction was in the way (the server itself is fine)."""
    from desktop.store.errors import ServerBusy

    return isinstance(error, ServerBusy)


def is_connection_lost(error: BaseException) -> bool:
    from desktop.store.errors import ServerUnavailable

    if isinstance(error, ServerUnavailable):
        return True
    try:
        from desktop.store.server.connection import is_connection_error
    except ImportError:
        return False
    try:
        return bool(is_connection_error(error))
    except Exception:
        return False


# --- the conflict dialog -------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldConflict:
    """One field: what I typed, what is stored now (the shape the merge dialog shows)."""

    table: str
    row_id: str
    field: str
    record: str
    mine: Any
    theirs: Any
    mine_by: str
    mine_at: datetime | None
    theirs_by: str
    theirs_at: datetime | None

    @property
    def key(self) -> str:
        return f"{self.table}:{self.row_id}:{self.field}"

    @property
    def field_label(self) -> str:
        from desktop.store.history import field_label

        return field_label(self.field)


@dataclass
class StalePlan:
    """What `ConflictDialog` reads: the conflicts and whose they are."""

    decisions: list[FieldConflict]
    source_name: str
    theirs_version: int
    table: str
    row_id: str
    text: str
    extra: dict[str, Any] = field(default_factory=dict)  # my fields that clash with nothing: saved anyway
    stored: dict[str, Any] = field(default_factory=dict)  # the row as stored now


class StaleEditDialog(ConflictDialog):
    """The merge conflict dialog, worded for a live edit: "Save" instead of "Merge"."""

    def __init__(self, plan: StalePlan, parent: QWidget | None = None) -> None:
        super().__init__(plan, parent=parent)
        self.setObjectName("staleEditDialog")
        who = plan.source_name
        n = len(plan.decisions)
        self.setWindowTitle(f"{who} changed this too: {n} field{'s' if n != 1 else ''} to decide")
        intro = self.findChild(QLabel)
        if intro is not None:
            others = ""
            if plan.extra:
                names = ", ".join(_field_label(name) for name in plan.extra)
                others = f" Your other changes ({names}) clash with nothing and are saved either way."
            intro.setText(
                f"While you were editing, <b>{who}</b> saved a different value in the same "
                f"field{'s' if n != 1 else ''} of <b>{plan.decisions[0].record}</b>. Keep yours, take "
                "theirs, or edit the result. Nothing of these is saved until you press <b>Save</b>; "
                f"Cancel keeps their version.{others}"
            )
        self.merge_button.setText("Save")
        self.resize(1000, 600)


def _field_label(name: str) -> str:
    from desktop.store.history import field_label

    return field_label(name)


def stale_plan(project: Any, error: Any, *, table: str, row_id: str, text: str, author: str) -> StalePlan:
    """The conflicts of a StaleEdit: the fields someone else changed too, to a value other than
    mine. My other changed fields (`error.clash` leaves them out) go to `extra`: nothing to decide."""
    from desktop.store.history import describe

    theirs = error.theirs
    stored = theirs.model_dump() if hasattr(theirs, "model_dump") else dict(vars(theirs))
    clash = getattr(error, "clash", None)
    now = datetime.now(UTC)
    decisions: list[FieldConflict] = []
    extra: dict[str, Any] = {}
    for name, mine in dict(error.mine).items():
        value = stored.get(name)
        if value == mine:
            continue
        if clash is not None and name not in clash:
            extra[name] = mine
            continue
        decisions.append(
            FieldConflict(
                table=table,
                row_id=row_id,
                field=name,
                record=describe(table, stored),
                mine=mine,
                theirs=value,
                mine_by=f"you ({author})",
                mine_at=now,
                theirs_by=str(stored.get("updated_by") or "someone"),
                theirs_at=stored.get("updated_at"),
            )
        )
    return StalePlan(
        decisions=decisions,
        source_name=str(stored.get("updated_by") or "someone else"),
        theirs_version=int(stored.get("version") or 0),
        table=table,
        row_id=row_id,
        text=text,
        extra=extra,
        stored=stored,
    )


class ConflictQueue:
    """One stale-edit dialog at a time per window; later conflicts wait their turn."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.waiting: list[tuple[StalePlan, Callable[[str], None] | None]] = []
        self.dialog: StaleEditDialog | None = None

    def add(self, plan: StalePlan, after: Callable[[str], None] | None) -> None:
        self.waiting.append((plan, after))
        if self.dialog is None:
            self._next()

    def _next(self) -> None:
        if not self.waiting:
            self.dialog = None
            return
        plan, after = self.waiting.pop(0)
        parent = QApplication.activeWindow() or self.window
        dialog = StaleEditDialog(plan, parent)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._decided(dialog, plan, after))
        dialog.rejected.connect(lambda: self._declined(plan, after))
        dialog.finished.connect(lambda _r: self._finished(dialog))
        dialog.open()

    def _finished(self, dialog: StaleEditDialog) -> None:
        dialog.deleteLater()
        self.dialog = None
        self._next()

    def _decided(self, dialog: StaleEditDialog, plan: StalePlan, after: Callable[[str], None] | None) -> None:
        resolutions = dialog.resolutions()
        values: dict[str, Any] = dict(plan.extra)
        before: dict[str, Any] = {}
        for conflict in plan.decisions:
            chosen = resolutions[conflict.key]
            before[conflict.field] = conflict.theirs
            if chosen.choice == "mine":
                values[conflict.field] = conflict.mine
            elif chosen.choice == "edit":
                values[conflict.field] = chosen.value
        choice = "theirs" if len(values) == len(plan.extra) else "mine"
        before.update(_stored(plan, plan.extra))
        if values:
            save_resolution(self.window, plan, values, {k: before.get(k) for k in values})
        else:
            announce_stored(self.window, plan.table, plan.row_id)
        if after is not None:
            after(choice)

    def _declined(self, plan: StalePlan, after: Callable[[str], None] | None) -> None:
        if plan.extra:  # Cancel is about the clashing fields; the others are saved all the same
            save_resolution(self.window, plan, dict(plan.extra), _stored(plan, plan.extra))
        else:
            announce_stored(self.window, plan.table, plan.row_id)  # the panes show what is stored
        if after is not None:
            after("theirs")


def _stored(plan: StalePlan, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The stored values of these fields (what Undo of a saved resolution puts back)."""
    return {name: plan.stored.get(name) for name in fields}


def queue_for(window: Any) -> ConflictQueue:
    queue = getattr(window, "_stale_edit_queue", None)
    if queue is None:
        queue = ConflictQueue(window)
        window._stale_edit_queue = queue
    return queue


def save_resolution(window: Any, plan: StalePlan, values: dict[str, Any], before: dict[str, Any]) -> None:
    """Write the decided values against the version now stored (a new conflict opens a new dialog)."""
    from desktop.store import workspace
    from desktop.ui import undo

    project = window.project
    if project is None:
        return
    version = plan.theirs_version  # what the user saw in the dialog
    base = [version]  # Undo/Redo are checked like any edit: never over a colleague's later change

    def write(p: Any, fields: dict[str, Any]) -> None:
        at = expected_version(p, plan.table, plan.row_id, base[0])
        written = p.write(
            workspace.update_fields, table=plan.table, id=plan.row_id, values=fields, expected_version=at
        )
        note_written(p, plan.table, written, at)
        base[0] = written.row.version

    def do(p: Any) -> None:
        write(p, values)

    def back(p: Any) -> None:
        write(p, before)

    try:
        undo.perform(window, plan.text, do, back, raise_errors=True)
    except Exception as exc:
        if not handle_failure(
            window,
            exc,
            table=plan.table,
            row_id=plan.row_id,
            values=values,
            shown_version=version,
            text=plan.text,
        ):
            window.report_error(f"Could not {plan.text[0].lower() + plan.text[1:]}", exc)


def announce_stored(window: Any, table: str, row_id: str) -> None:
    """Tell the panes that this row is to be re-read (they show what is stored)."""
    from desktop.store.changes import Changes

    project = window.project
    if project is not None:
        project.announce(Changes.of(table, row_id))


# --- the one entry point for edit paths ------------------------------------------------------------


def handle_failure(
    window: Any,
    error: BaseException,
    *,
    table: str,
    row_id: str,
    values: Mapping[str, Any],
    shown_version: int | None,
    text: str,
    after: Callable[[str], None] | None = None,
) -> bool:
    """Deal with a refused edit of a server project; False when it is an ordinary error.

    `after(choice)` runs once the user decided a conflict ("mine" or "theirs"), or with "kept"
    when the edit waits for the connection to come back.
    """
    from desktop.store.errors import StaleEdit

    project = window.project
    if not is_server(project):
        return False
    if isinstance(error, StaleEdit):
        plan = stale_plan(project, error, table=table, row_id=row_id, text=text, author=window.config.author)
        if not plan.decisions:  # what is stored already equals what I typed, or nothing clashes
            if plan.extra:
                save_resolution(window, plan, dict(plan.extra), _stored(plan, plan.extra))
            else:
                announce_stored(window, table, row_id)
            if after is not None:
                after("mine")
            return True
        queue_for(window).add(plan, after)
        return True
    busy = is_busy(error)
    if busy or is_connection_lost(error):
        link = getattr(window, "server_link", None)
        if link is None:
            return False
        link.keep(table, row_id, dict(values), shown_version, text, str(error), busy=busy)
        if after is not None:
            after("kept")
        return True
    return False


__all__ = [
    "ConflictQueue",
    "StaleEditDialog",
    "expected_version",
    "handle_failure",
    "is_server",
    "note_written",
    "stale_plan",
]
