"""Finding the stale-edit (conflict) dialog a window opened, shared by the team-server tests."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from desktop.ui.server.edits import StaleEditDialog


def open_stale_dialog() -> StaleEditDialog | None:
    """The visible conflict dialog, if one is open."""
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, StaleEditDialog) and w.isVisible()),
        None,
    )


def wait_for_stale_dialog(qtbot: Any, timeout: int = 10000) -> StaleEditDialog:
    """Wait until a conflict dialog is open and return it."""
    qtbot.waitUntil(lambda: open_stale_dialog() is not None, timeout=timeout)
    dialog = open_stale_dialog()
    assert dialog is not None
    return dialog
