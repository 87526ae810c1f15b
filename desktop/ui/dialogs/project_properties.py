"""File ▸ Project properties: the title and description (editable), and facts about the file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

from desktop.ui.workspace.dialogs import FormDialog


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class ProjectPropertiesDialog(FormDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window, "Project properties")
        from desktop.store import repo
        from desktop.store.attachments import files_folder
        from desktop.store.models import Archive, Note, Question, Request
        from desktop.store.models import Project as ProjectTable

        self.window_api = window
        project = window.project
        (self.row,) = project.read(repo.list_rows, entity=ProjectTable)
        self.title = QLineEdit(self.row.title, self)
        self.description = QPlainTextEdit(self.row.description, self)
        self.description.setTabChangesFocus(True)
        self.description.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.description.setMaximumHeight(self.description.fontMetrics().lineSpacing() * 5 + 12)
        readonly = project.readonly
        self.title.setReadOnly(readonly)
        self.description.setReadOnly(readonly)
        self.form.addRow("&Title", self.title)
        self.form.addRow("&Description", self.description)
        counts = ", ".join(
            f"{len(project.read(repo.list_rows, entity=entity))} {label}"
            for entity, label in (
                (Question, "questions"),
                (Archive, "archives"),
                (Request, "requests"),
                (Note, "notes"),
            )
        )
        folder = files_folder(project.path)
        server = getattr(project, "server", None)
        where = (
            [("Team server", server.display()), ("Address", server.text())]
            if server is not None  # a database, not a file: no size, no lock
            else [("File", str(project.path)), ("Size", _size(project.path.stat().st_size))]
        )
        facts = [
            *where,
            ("Contents", counts),
            (
                "Attachments",
                str(folder)
                if folder.is_dir()
                else "none yet (kept on this computer only, not on the team server)"
                if server is not None
                else "none yet (they are kept in a folder beside the file)",
            ),
            ("Created", f"{self.row.created_at:%Y-%m-%d} by {self.row.created_by or 'unknown'}"),
            (
                "Opened",
                f"read-only: {project.readonly_reason}"
                if readonly
                else "on the team server: others can edit it at the same time"
                if server is not None
                else "for writing (other copies see it locked)",
            ),
        ]
        self.facts = dict(facts)
        for label, value in facts:
            text = QLabel(value, self)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(label, text)
        self.on_submit = self._save

    def values(self) -> dict[str, Any]:
        return {"title": self.title.text().strip(), "description": self.description.toPlainText().strip()}

    def _save(self, values: dict[str, Any]) -> None:
        from desktop.store import repo
        from desktop.store.errors import QuaestioError
        from desktop.store.models import Project as ProjectTable

        if self.window_api.project.readonly:
            return
        if not values["title"]:
            raise QuaestioError("A project needs a title.")
        project = self.window_api.project
        if getattr(project, "server", None) is not None:
            # others may have saved the properties since the dialog opened: write only what was
            # changed here, refused (StaleEdit, shown in the dialog) over a colleague's change
            changed = {k: v for k, v in values.items() if getattr(self.row, k) != v}
            project.write(
                repo.update,
                entity=ProjectTable,
                id=self.row.id,
                values=changed,
                expected_version=self.row.version,
            )
            return
        project.write(repo.update, entity=ProjectTable, id=self.row.id, values=values)
