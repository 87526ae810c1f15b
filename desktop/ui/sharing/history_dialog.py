"""The history of a question or a request: who changed which field, when, from the change log."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


class HistoryDialog(QDialog):
    def __init__(self, title: str, entries: list[Any], last: Any, parent: QWidget | None = None) -> None:
        from desktop.store.history import display_value

        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowTitle(f"History: {title}")
        self.resize(1000, 560)
        heading = QLabel(f"<b>{title}</b>")
        heading.setWordWrap(True)
        self.last_label = QLabel(last.describe() if last is not None else "No recorded changes.")
        self.last_label.setObjectName("lastEdited")
        self.tree = QTreeWidget()
        self.tree.setObjectName("historyList")
        self.tree.setHeaderLabels(["When", "Who", "Record", "What", "Before", "After"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setWordWrap(True)
        merged_color = QColor("#0b5394")
        for entry in reversed(entries):  # newest first
            before = display_value(entry.old, limit=120) if entry.op == "update" else ""
            after = display_value(entry.new, limit=120) if entry.op == "update" else ""
            item = QTreeWidgetItem(
                [
                    f"{entry.local_time:%Y-%m-%d %H:%M}",
                    entry.author + (" (merged)" if entry.merged else ""),
                    entry.record,
                    entry.what,
                    before,
                    after,
                ]
            )
            item.setToolTip(2, entry.record)
            if entry.merged:
                item.setForeground(1, merged_color)
                item.setToolTip(1, "Came in, or was decided, when a collaborator's copy was merged")
            for column, full in ((4, entry.old), (5, entry.new)):
                if entry.op == "update":
                    item.setToolTip(column, display_value(full, limit=2000))
            self.tree.addTopLevelItem(item)
        header = self.tree.header()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(2, 330)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.last_label)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)


__all__ = ["HistoryDialog"]
