"""File > Restore from backup…: this project's backups, newest first, or any backup file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


class RestoreDialog(QDialog):
    """Choose a backup; `chosen` is its path when accepted."""

    def __init__(
        self, backups: list[Any], *, project_name: str, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle(f"Restore {project_name} from a backup")
        self.resize(720, 460)
        self.folder = folder
        self.chosen: Path | None = None
        intro = QLabel(
            f"Backups of <b>{project_name}</b> kept in {folder}. Restoring replaces the project with the "
            "backup you choose; its current state is backed up first, so you can go back to it."
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("backupList")
        self.tree.setHeaderLabels(["Taken", "Why", "Size", "File"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for info in backups:
            item = QTreeWidgetItem(
                [
                    f"{info.taken_at:%Y-%m-%d %H:%M}",
                    info.reason or "backup",
                    f"{info.size // 1024} KB",
                    info.path.name,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(3, str(info.path))
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.empty = QLabel("There are no backups of this project yet (File ▸ Back up now makes one).")
        self.empty.setVisible(not backups)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setEnabled(False)
        other = self.buttons.addButton("Other file…", QDialogButtonBox.ButtonRole.ActionRole)
        other.clicked.connect(self.choose_file)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.tree.itemSelectionChanged.connect(self._selected)
        self.tree.itemDoubleClicked.connect(lambda *_: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        if backups:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def _selected(self) -> None:
        items = self.tree.selectedItems()
        self.chosen = Path(items[0].data(0, Qt.ItemDataRole.UserRole)) if items else None
        self.restore_button.setEnabled(self.chosen is not None)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Restore from a backup file", str(self.folder), "Quaestio projects (*.quaestio)"
        )
        if name:
            self.chosen = Path(name)
            self.accept()


__all__ = ["RestoreDialog"]
