"""The Trash page: everything deleted, newest first, with Restore.

Deletes are soft (the row stays, marked deleted) because merging a collaborator's copy needs to
know what was deleted; so there is no "empty the Trash" here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui import undo
from desktop.ui.models.trash import trash_model
from desktop.ui.workspace.tables import context_actions, fit_columns, keep_selection, make_table, selected_ids

if TYPE_CHECKING:
    from desktop.store.changes import Changes


class TrashView(QWidget):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_api = window
        self.setObjectName("trashView")
        self._stale = True
        self.model = trash_model(self)
        self.view = make_table(self, self.model, stretch=1, sortable=True, multi=True, name="Trash")
        fit_columns(self.view, {0: 18, 2: 36, 3: 18, 4: 16})
        self.view.activated.connect(lambda _i: self.restore_selected())
        context_actions(self.view, ("Restore", self.restore_selected))
        intro = QLabel(
            "Deleted questions, notes, requests, archives and the rest stay here until you restore them. "
            "Restoring a note or request also brings back its question if that was deleted too.",
            self,
        )
        intro.setWordWrap(True)
        intro.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.count = QLabel(self)
        self.restore_button = QPushButton("Restore", self)
        self.restore_button.setToolTip("Put the selected items back where they were")
        self.restore_button.clicked.connect(self.restore_selected)
        footer = QHBoxLayout()
        footer.addWidget(self.count, 1)
        footer.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)

    def refresh(self) -> None:
        from desktop.store import trash

        project = self.window_api.project
        self._stale = False
        if project is not None and not self.isVisible():  # a hidden page is read when shown
            self._stale = True
            project = None
        items = project.read(trash.trashed_items) if project is not None else []
        keep_selection(self.view, lambda: self.model.set_rows(items))
        self.count.setText(f"{len(items)} item{'s' if len(items) != 1 else ''} in the Trash")
        self.restore_button.setEnabled(bool(items) and project is not None and not project.readonly)

    def on_changes(self, changes: Changes) -> None:
        """Every write may trash or restore something: re-read now if shown, else when next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def restore_selected(self) -> int:
        """Restore the selected items (each one undoable); returns how many were restored."""
        done = 0
        for key in selected_ids(self.view):
            row = self.model.row_at(self.model.row_of_id(key))
            if undo.restore(self.window_api, row.table, row.id, f"Restore {row.kind.lower()} '{row.label}'"):
                done += 1
        return done
