"""File ▸ New project: a title, a description and where to save the file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from desktop.ui.workspace.dialogs import FormDialog


def file_name_for(title: str) -> str:
    """A file name from the title; Cyrillic and Japanese are kept, unsafe characters dropped."""
    cleaned = re.sub(r'[\x00-\x1f/\\:*?"<>|]+', " ", title).strip(" .") or "New project"
    return " ".join(cleaned.split())[:80] + ".quaestio"


class NewProjectDialog(FormDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(
            window,
            "New project",
            "A project is one file holding your questions, archives, requests and notes.",
        )
        self.window_api = window
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("e.g. Khalkhin Gol: the Soviet side")
        self.description = QPlainTextEdit(self)
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(self.description.fontMetrics().lineSpacing() * 4 + 12)
        self.folder = QLineEdit(str(window.paths.projects_dir), self)
        browse = QPushButton("Choose…", self)
        browse.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        holder = QWidget(self)
        holder.setLayout(row)
        self.path = QLineEdit(self)
        self.path.setReadOnly(True)
        self.form.addRow("&Title", self.title)
        self.form.addRow("&Description", self.description)
        self.form.addRow("&Folder", holder)
        self.form.addRow("File", self.path)
        self.title.textChanged.connect(self._update_path)
        self.folder.textChanged.connect(self._update_path)
        self._update_path()
        self.on_submit = self._create

    def _update_path(self) -> None:
        self.path.setText(str(Path(self.folder.text()).expanduser() / file_name_for(self.title.text())))

    def choose_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the new project as", self.path.text(), "Quaestio projects (*.quaestio)"
        )
        if name:
            chosen = Path(name)
            if chosen.suffix != ".quaestio":
                chosen = chosen.with_name(chosen.name + ".quaestio")
            self.folder.setText(str(chosen.parent))
            if not self.title.text().strip():
                self.title.setText(chosen.stem)
            self.path.setText(str(chosen))

    def values(self) -> dict[str, Any]:
        return {
            "path": Path(self.path.text()),
            "title": self.title.text().strip(),
            "description": self.description.toPlainText().strip(),
        }

    def _create(self, values: dict[str, Any]) -> None:
        from desktop.store.errors import QuaestioError
        from desktop.store.project import create_project

        if not values["title"]:
            raise QuaestioError("Give the project a title.")
        window = self.window_api
        project = create_project(
            values["path"], window.identity(), title=values["title"], description=values["description"]
        )
        window.adopt_project(project)
