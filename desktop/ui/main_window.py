"""The main window: pages (the questions workspace first), menus, and the open project.

Features (letters, deadlines, sharing, ...) plug in through `desktop.ui.features`, using only
the public API documented there; they never reach into this window's widgets.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from desktop import APP_NAME
from desktop.config import Config, load_config, save_config
from desktop.paths import Paths
from desktop.ui import features
from desktop.ui.models.questions import QuestionsModel
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

MENU_ORDER = ("&File", "&Edit", "&View", "&Tools", "&Help")


class MainWindow(QMainWindow):
    project_changed = Signal(object)  # the new Project, or None when closed
    changes = Signal(object)  # desktop.store.changes.Changes, after every write

    def __init__(self, paths: Paths) -> None:
        super().__init__()
        self.paths = paths
        self.config: Config = load_config(paths.config_file)
        self.project: Any = None  # desktop.store.project.Project, imported lazily for a fast first paint
        self.runner = TaskRunner(self)
        self._unsubscribe: Any = None
        self._menus: dict[str, QMenu] = {}
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 800)

        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.setCentralWidget(self.pages)
        self.questions_model = QuestionsModel(self)
        self.questions_view = QTableView(self)
        self.questions_view.setModel(self.questions_model)
        self.questions_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.questions_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.questions_view.setWordWrap(False)
        self.questions_view.verticalHeader().hide()
        header = self.questions_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.add_page("Questions", self.questions_view)

        self.status_label = QLabel("Opening…")
        self.statusBar().addWidget(self.status_label, 1)
        self._build_menus()
        self.changes.connect(lambda _changes: self.refresh())
        for install in features.installers():
            install(self)

    # --- the API features use ----------------------------------------------------------------

    def menu(self, title: str) -> QMenu:
        """The menu with this title ("&File", "&Tools", ...), created in the standard order."""
        if title not in self._menus:
            menu = QMenu(title, self)
            later = (
                [self._menus[t] for t in MENU_ORDER[MENU_ORDER.index(title) + 1 :] if t in self._menus]
                if (title in MENU_ORDER)
                else []
            )
            if later:
                self.menuBar().insertMenu(later[0].menuAction(), menu)
            else:
                self.menuBar().addMenu(menu)
            self._menus[title] = menu
        return self._menus[title]

    def add_page(self, name: str, widget: QWidget) -> None:
        self.pages.addTab(widget, name)

    def show_page(self, name: str) -> None:
        for index in range(self.pages.count()):
            if self.pages.tabText(index) == name:
                self.pages.setCurrentIndex(index)
                return

    def show_question(self, question_id: str) -> None:
        self.show_page("Questions")
        for row in range(self.questions_model.rowCount()):
            if self.questions_model.row_at(row).id == question_id:
                self.questions_view.selectRow(row)
                return

    def show_request(self, request_id: str) -> None:
        """Bring a request into view (the request window comes with the workspace)."""

    def selected_request_ids(self) -> list[str]:
        return []

    def update_config(self, config: Config) -> None:
        self.config = config
        save_config(self.paths.config_file, config)

    def report_error(self, title: str, error: BaseException) -> None:
        """Show an error the user can act on; log anything unexpected with its traceback."""
        from desktop.store.errors import QuaestioError

        if isinstance(error, QuaestioError):
            QMessageBox.warning(self, title, str(error))
        else:
            log.error("%s", title, exc_info=error)
            QMessageBox.critical(
                self, title, f"Something went wrong: {error}\n\nDetails are in {self.paths.log_file}."
            )

    # --- menus ---------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menu("&File")
        open_action = QAction("&Open…", self, shortcut=QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_and_open)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

    # --- projects ------------------------------------------------------------------------------

    @property
    def project_path(self) -> Path | None:
        return self.project.path if self.project is not None else None

    def open_initial_project(self, requested: Path | None, *, readonly: bool = False) -> bool:
        from desktop.app import choose_project

        target = choose_project(
            self.paths, str(requested) if requested else None, self.config.recent_projects
        )
        return self.open_project(target, readonly=readonly)

    def open_project(self, path: Path, *, readonly: bool = False) -> bool:
        """Open `path` (creating the demo project on first start); explain any failure."""
        from desktop.demo import create_demo_project
        from desktop.store.errors import ProjectLocked, QuaestioError
        from desktop.store.project import Identity, open_project

        identity = Identity(author=self.config.author, replica_id=self.config.replica_id)
        try:
            if path == self.paths.demo_project and not path.exists():
                project = create_demo_project(path, identity)
            else:
                try:
                    project = open_project(
                        path, identity, backups_dir=self.paths.backups_dir, readonly=readonly
                    )
                except ProjectLocked as exc:
                    answer = QMessageBox.question(
                        self,
                        "Project in use",
                        f"{exc}\n\nOpen it read-only?",
                        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                    )
                    if answer != QMessageBox.StandardButton.Open:
                        return False
                    project = open_project(path, identity, readonly=True)
        except QuaestioError as exc:
            self.status_label.setText("No project open" if self.project is None else self.status_label.text())
            QMessageBox.warning(self, "Cannot open project", str(exc))
            return False
        self.close_project()
        self.project = project
        self._unsubscribe = project.subscribe(self.changes.emit)
        self.update_config(self.config.with_recent(project.path))
        self.refresh()
        self.project_changed.emit(project)
        return True

    def choose_and_open(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open project",
            str(self.paths.projects_dir),
            "Quaestio projects (*.quaestio);;All files (*)",
        )
        if name:
            self.open_project(Path(name))

    def refresh(self) -> None:
        from desktop.store import queries

        if self.project is None:
            return
        rows = self.project.read(queries.question_summaries)
        self.questions_model.set_rows(rows)
        suffix = " [read-only]" if self.project.readonly else ""
        self.setWindowTitle(f"{self.project.title}{suffix} — {APP_NAME}")
        self.status_label.setText(f"{len(rows)} questions · {self.project.path}")

    def close_project(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.project is not None:
            self.runner.wait()
            self.project.close()
            self.project = None
            self.project_changed.emit(None)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_project()
        super().closeEvent(event)
