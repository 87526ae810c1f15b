"""File > Export… and File > Import JSON…: the dialogs, then the work on the task runner with a
progress dialog that can cancel it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog

from desktop.ui.exchange.dialogs import ExportChoice, ExportDialog, ImportDialog
from desktop.ui.progress import run_with_progress
from desktop.ui.tasks import Cancelled, TaskHandle


def _progress_to(handle: TaskHandle) -> Callable[[int, int, str], None]:
    """The store's progress callback: reports, and stops the work when the user cancelled."""

    def report(done: int, total: int, what: str) -> None:
        handle.check()
        handle.progress(done, total, what)

    return report


class ExchangeActions(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.main = window
        self.dialog: ExportDialog | ImportDialog | None = None
        self.progress: QProgressDialog | None = None
        self.last_result: Any = None  # the last ExchangeSummary, for the status line (and tests)

        self.export_action = QAction("&Export…", window)
        self.export_action.setStatusTip("Export the project as spreadsheet tables (CSV) or as one JSON file")
        self.export_action.triggered.connect(self.open_export)
        self.import_action = QAction("&Import JSON…", window)
        self.import_action.setStatusTip("Build a new project file from a JSON export, and open it")
        self.import_action.triggered.connect(self.open_import)
        window.project_changed.connect(self._project_changed)
        self._project_changed(window.project)

    def _project_changed(self, project: Any) -> None:
        self.export_action.setEnabled(project is not None)

    # --- export ---------------------------------------------------------------------------------

    def open_export(self) -> ExportDialog | None:
        if self.main.project is None:
            return None
        dialog = ExportDialog(self.main, self.main.project.path)
        dialog.accepted.connect(lambda: self.start_export(dialog.choice()))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        return dialog

    def start_export(self, choice: ExportChoice) -> None:
        from desktop.store import exchange

        self.dialog = None
        flush = getattr(self.main, "flush_edits", None)
        if flush is not None:
            flush()  # a note typed a moment ago goes into the export too
        project = self.main.project
        write = exchange.export_json if choice.format == "json" else exchange.export_csv

        def work(handle: TaskHandle) -> Any:
            return project.read(write, path=choice.path, progress=_progress_to(handle))

        def done(summary: Any) -> None:
            self.last_result = summary
            if choice.format == "json":
                text = f"Exported the whole project ({summary.total} rows) to {summary.path}."
            else:
                tables = ", ".join(f"{n} {name}" for name, n in summary.counts.items())
                text = f"Exported {tables} to {summary.path}."
            self.main.statusBar().showMessage(text, 15000)

        self._run(f"Exporting to {choice.path.name}…", work, done, "Export failed")

    # --- import ---------------------------------------------------------------------------------

    def open_import(self) -> ImportDialog:
        project = self.main.project
        folder = project.path.parent if project is not None else Path(self.main.paths.projects_dir)
        dialog = ImportDialog(self.main, folder)
        dialog.accepted.connect(lambda: self.start_import(dialog.source, dialog.target))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.dialog = dialog
        dialog.open()
        return dialog

    def start_import(self, source: Path, target: Path) -> None:
        from desktop.store import exchange

        self.dialog = None

        def work(handle: TaskHandle) -> Any:
            return exchange.import_json(source, target, progress=_progress_to(handle))

        def done(summary: Any) -> None:
            self.last_result = summary
            if self.main.open_project(summary.path):
                self.main.statusBar().showMessage(
                    f"Imported {summary.total} rows from “{source.name}” into {summary.path}.", 15000
                )

        self._run(f"Importing {source.name}…", work, done, "Import failed")

    # --- running ----------------------------------------------------------------------------------

    def _run(
        self, label: str, work: Callable[[TaskHandle], Any], done: Callable[[Any], None], failure: str
    ) -> None:
        verb = failure.split()[0]

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self.main.statusBar().showMessage(f"{verb} cancelled.", 8000)
            else:
                self.main.report_error(failure, error)

        self.progress = run_with_progress(
            self.main, label, verb, work, done, failed, closed=lambda: setattr(self, "progress", None)
        )
