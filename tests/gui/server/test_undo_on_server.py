"""Undo and Redo on a team server: they are edits too, so they never overwrite a colleague's
change silently (the same optimistic locking as a typed edit), and they work on one's own."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.store import repo
from desktop.store.models import Question
from tests.gui.server.conftest import question_id


def _commit(window: Any, text: str) -> None:
    field = window.workspace.question.title
    field.setText(text)
    field.commit()


def test_undo_does_not_overwrite_a_colleagues_later_change(
    qtbot: Any, two_on_question: Any, pg_demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warnings.append(text))
    ana, boris, q1 = two_on_question(pg_demo, "Q1")

    _commit(ana, "Ana's title")
    qtbot.waitUntil(lambda: boris.workspace.question.title.text() == "Ana's title", timeout=10000)
    _commit(boris, "Boris's title")
    qtbot.waitUntil(lambda: ana.workspace.question.title.text() == "Boris's title", timeout=10000)

    ana.undo_stack.undo()  # would put the original title back over Boris's
    assert ana.project.read(repo.get, entity=Question, id=q1).title == "Boris's title"
    assert warnings and "Boris" in warnings[-1]


def test_undo_and_redo_of_ones_own_edit(qtbot: Any, open_window: Any, pg_demo: Any, monkeypatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warnings.append(text))
    ana = open_window("Ana", pg_demo)
    q1 = question_id(ana, "Q1")
    ana.show_question(q1)
    qtbot.waitUntil(lambda: ana.workspace.question.detail is not None)
    original = ana.project.read(repo.get, entity=Question, id=q1).title

    _commit(ana, "First")
    _commit(ana, "Second")
    ana.undo_stack.undo()
    assert ana.project.read(repo.get, entity=Question, id=q1).title == "First"
    ana.undo_stack.undo()
    assert ana.project.read(repo.get, entity=Question, id=q1).title == original
    ana.undo_stack.redo()
    ana.undo_stack.redo()
    assert ana.project.read(repo.get, entity=Question, id=q1).title == "Second"
    assert warnings == []


def test_undoing_a_conflict_resolution_does_not_overwrite_a_later_change(
    qtbot: Any, two_on_question: Any, pg_demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.server.edits import StaleEditDialog

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: warnings.append(text))
    ana, boris, q1 = two_on_question(pg_demo, "Q1")
    boris_title = boris.workspace.question.title
    boris_title.setFocus()
    qtbot.waitUntil(boris_title.hasFocus)
    boris_title.setText("Boris typing")  # not committed yet
    _commit(ana, "Ana first")
    qtbot.waitUntil(lambda: boris_title._loaded == "Ana first", timeout=10000)
    boris_title.commit()
    dialogs: list[Any] = []
    qtbot.waitUntil(
        lambda: bool(
            dialogs.extend(
                w for w in QApplication.topLevelWidgets() if isinstance(w, StaleEditDialog) and w.isVisible()
            )
            or dialogs
        ),
        timeout=10000,
    )
    dialogs[0].result_text.setPlainText("Resolved by Boris")
    dialogs[0].merge_button.click()
    qtbot.waitUntil(lambda: ana.workspace.question.title.text() == "Resolved by Boris", timeout=10000)

    _commit(ana, "Ana again")
    qtbot.waitUntil(lambda: boris_title.text() == "Ana again", timeout=10000)
    boris.undo_stack.undo()  # would put "Ana first" back over "Ana again"
    assert boris.project.read(repo.get, entity=Question, id=q1).title == "Ana again"
    assert warnings and "Ana" in warnings[-1]


def test_project_properties_saved_over_a_colleagues_change_are_refused(
    qtbot: Any, open_window: Any, pg_demo: Any
) -> None:
    from desktop.store.models import Project as ProjectTable

    ana = open_window("Ana", pg_demo)
    boris = open_window("Boris", pg_demo)
    dialog = ana.show_properties()
    qtbot.waitUntil(dialog.isVisible)
    row = boris.project.read(repo.list_rows, entity=ProjectTable)[0]
    boris.project.write(
        repo.update, entity=ProjectTable, id=row.id, values={"description": "Boris's description"}
    )
    dialog.title.setText("Ana's title")  # a field Boris did not change: saved, his kept
    dialog.accept()
    stored = ana.project.read(repo.get, entity=ProjectTable, id=row.id)
    assert (stored.title, stored.description) == ("Ana's title", "Boris's description")

    dialog = ana.show_properties()
    qtbot.waitUntil(dialog.isVisible)
    boris.project.write(repo.update, entity=ProjectTable, id=row.id, values={"description": "Boris again"})
    dialog.description.setPlainText("Ana's description")  # the field Boris changed: refused
    dialog.accept()
    assert dialog.isVisible() and "Boris" in dialog.error.text()
    assert ana.project.read(repo.get, entity=ProjectTable, id=row.id).description == "Boris again"
    dialog.reject()
