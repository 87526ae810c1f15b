"""Help ▸ Keyboard shortcuts: generated from the window's actions each time it opens, so the
list is never out of date (features' actions included)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)


def _menu_path(action: QAction) -> str:
    """'Edit ▸ Undo' from the menus holding the action (or the action's own data)."""
    data = action.data()
    if isinstance(data, str) and "▸" in data:
        return data.rsplit("▸", 1)[0].strip()
    for widget in action.associatedObjects():
        title = getattr(widget, "title", None)
        if callable(title) and title():
            parts = [title().replace("&", "")]
            parent = widget.parent()
            while parent is not None and callable(getattr(parent, "title", None)) and parent.title():
                parts.insert(0, parent.title().replace("&", ""))
                parent = parent.parent()
            return " ▸ ".join(parts)
    return ""


def shortcut_rows(actions: Sequence[QAction]) -> list[tuple[str, str, str]]:
    """(where, command, keys) for every action with a shortcut, in menu order."""
    rows = []
    for action in actions:
        keys = ", ".join(
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()
        )
        if not keys:
            continue
        text = action.text().replace("&", "").rstrip("…").strip() or action.toolTip()
        if isinstance(action.data(), str) and "▸" in action.data():
            text = action.data().rsplit("▸", 1)[1].strip()
        rows.append((_menu_path(action), text, keys))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, parent: Any, actions: Sequence[QAction]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 620)
        self.rows = shortcut_rows(actions)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter: a command or a key…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.table = QTableWidget(len(self.rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Menu", "Command", "Shortcut"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        for row, values in enumerate(self.rows):
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def _filter(self, text: str) -> None:
        needle = text.casefold()
        for row, values in enumerate(self.rows):
            self.table.setRowHidden(row, bool(needle) and not any(needle in v.casefold() for v in values))
