"""Undo and redo (QUndoStack) for edits, creations, deletes, restores and status changes.

Every command is a write and its inverse, both run through `window.project.write`, so an undo
is itself a logged change (history and merging see it like any other edit). The action is done
first, outside the stack, and the command pushed only when it succeeded: a refused edit (bad
date, illegal status change) never lands on the stack. Deletes move rows to the Trash, so undoing
one is a restore; undoing a creation moves the new row to the Trash.

Typing in the note editor is not on this stack (the editor has its own undo while typing, and
notes save themselves); creating and deleting notes is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtGui import QUndoCommand

log = logging.getLogger(__name__)

Step = Callable[[Any], None]  # receives the open Project


class StoreCommand(QUndoCommand):
    """One undoable write: `do` has already run when the command is pushed."""

    def __init__(self, window: Any, text: str, do: Step, undo: Step) -> None:
        super().__init__(text)
        self._window = window
        self._do = do
        self._undo = undo
        self._skip_first_redo = True  # QUndoStack.push calls redo(); the write already happened

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run(self._do, "Redo")

    def undo(self) -> None:
        self._run(self._undo, "Undo")

    def _run(self, step: Step, verb: str) -> None:
        project = self._window.project
        if project is None:
            return
        try:
            step(project)
        except Exception as exc:  # shown to the user; the stack moves on as Qt already decided
            self._window.report_error(f"{verb} {self.text()}", exc)


def perform(window: Any, text: str, do: Step, undo: Step, *, raise_errors: bool = False) -> bool:
    """Run `do` now; on success push it (with `undo`) on the window's undo stack.

    A failure is reported to the user (or re-raised with `raise_errors`, for dialogs that show
    the message themselves) and nothing is pushed.
    """
    project = window.project
    if project is None:
        return False
    try:
        do(project)
    except Exception as exc:
        if raise_errors:
            raise
        window.report_error(f"Could not {text[0].lower() + text[1:]}", exc)
        return False
    window.undo_stack.push(StoreCommand(window, text, do, undo))
    return True


def _ws() -> Any:
    from desktop.store import workspace

    return workspace


def edit(
    window: Any,
    table: str,
    row_id: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    text: str,
    *,
    raise_errors: bool = False,
    version: int | None = None,
) -> bool:
    """Change fields of one row; undo puts the old values back.

    `version` is the version of the row the user saw: on a team server the write is refused if
    someone else saved one of these fields since, and the conflict dialog opens (see
    `desktop.ui.server.edits`); an edit that cannot reach the server is kept and saved later.
    """
    from desktop.ui.server import edits

    changed = {k: v for k, v in new.items() if old.get(k) != v}
    if not changed:
        return True
    before = {k: old.get(k) for k in changed}
    expected = edits.expected_version(window.project, table, row_id, version)
    # On a team server Undo and Redo are edits too: each is checked against the version the
    # previous step left, so neither overwrites a colleague's later change silently (StaleEdit).
    base = [expected]

    def write(p: Any, values: Mapping[str, Any]) -> None:
        if base[0] is None:
            p.write(_ws().update_fields, table=table, id=row_id, values=values)
            return
        at = edits.expected_version(p, table, row_id, base[0])  # past this window's later writes
        written = p.write(_ws().update_fields, table=table, id=row_id, values=values, expected_version=at)
        edits.note_written(p, table, written, at)
        base[0] = written.row.version

    try:
        return perform(
            window, text, lambda p: write(p, changed), lambda p: write(p, before), raise_errors=True
        )
    except Exception as exc:
        if edits.handle_failure(
            window, exc, table=table, row_id=row_id, values=changed, shown_version=expected, text=text
        ):
            return False
        if raise_errors:
            raise
        window.report_error(f"Could not {text[0].lower() + text[1:]}", exc)
        return False


def delete(window: Any, table: str, row_id: str, text: str) -> bool:
    """Move a row to the Trash; undo restores it."""
    return perform(
        window,
        text,
        lambda p: p.write(_ws().delete_row, table=table, id=row_id),
        lambda p: p.write(_ws().restore_row, table=table, id=row_id),
    )


def restore(window: Any, table: str, row_id: str, text: str) -> bool:
    """Bring a row back from the Trash (its question too, if needed); undo trashes it again."""

    def do(p: Any) -> None:
        from desktop.store import trash

        p.write(trash.restore_item, table=table, id=row_id)

    return perform(window, text, do, lambda p: p.write(_ws().delete_row, table=table, id=row_id))


def create(
    window: Any, table: str, text: str, make: Callable[[Any], Any], *, raise_errors: bool = False
) -> str | None:
    """Create a row with `make(project) -> Written`; undo moves it to the Trash, redo restores it.

    Returns the new row's id, or None when the creation was refused (the user was told why).
    """
    created: dict[str, str] = {}

    def do(p: Any) -> None:
        if "id" in created:
            p.write(_ws().restore_row, table=table, id=created["id"])
        else:
            created["id"] = make(p).row.id

    ok = perform(
        window,
        text,
        do,
        lambda p: p.write(_ws().delete_row, table=table, id=created["id"]),
        raise_errors=raise_errors,
    )
    return created.get("id") if ok else None


def change_status(
    window: Any,
    request_id: str,
    to_status: str,
    on: date,
    note: str = "",
    outcome: str | None = None,
    outcome_note: str | None = None,
    registered_on: date | None = None,
    text: str = "Change status",
    raise_errors: bool = False,
) -> bool:
    """A status change through the life cycle; undo restores the request exactly as it was
    (status, dates, due date) and moves the event to the Trash."""
    state: dict[str, Any] = {}

    def do(p: Any) -> None:
        from desktop.store import requests

        state["before"] = p.read(_ws().request_snapshot, request_id=request_id)
        p.write(
            requests.change_status,
            request_id=request_id,
            to_status=to_status,
            on=on,
            note=note,
            outcome=outcome,
            outcome_note=outcome_note,
            registered_on=registered_on,
        )
        state["event"] = p.read(_ws().last_event_id, request_id=request_id)

    def undo(p: Any) -> None:
        p.write(_ws().revert_status, request_id=request_id, snapshot=state["before"], event_id=state["event"])

    return perform(window, text, do, undo, raise_errors=raise_errors)
