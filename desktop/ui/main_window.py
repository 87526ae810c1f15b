"""The main window: the historian's workspace (questions, the selected question, its notes), the
Requests, Archives and Trash pages, the menus, undo/redo, and the open project.

Features (letters, deadlines, sharing, ...) plug in through `desktop.ui.features`, using only
the public API documented there; they never reach into this window's widgets.

Nothing from the store is imported at module level: the window paints first and the store
(SQLAlchemy, Alembic) is imported when the project opens (see `desktop.app`).
"""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QFileDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from desktop import APP_NAME
from desktop.config import Config, load_config, save_config
from desktop.paths import Paths
from desktop.ui import features
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

MENU_ORDER = ("&File", "&Edit", "&View", "&Tools", "&Help")
PROJECT_FILTER = "Quaestio projects (*.quaestio);;All files (*)"


_frozen = False


def _freeze_what_lasts() -> None:
    """Once per process, when the first window is ready: what exists then (the modules, classes
    and the window) lasts as long as the process, so `gc.freeze()` takes it out of the cyclic
    collector's way. Every full collection afterwards scans only what was made since: on the large
    project one fell into about every fourth re-open and added ~55 ms to it (issue 8). Objects
    frozen here are still freed by reference counting; only cycles among them would stay."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


class MainWindow(QMainWindow):
    project_changed = Signal(object)  # the new Project, or None when closed
    changes = Signal(object)  # desktop.store.changes.Changes, after every write
    _changes_from_worker = Signal(object)  # writes made on the task runner's thread

    def __init__(
        self, paths: Paths, *, today: Callable[[], date] | None = None, deferred: bool = False
    ) -> None:
        """The window. `deferred` (the application's start-up, issue 8): only the menus and an
        empty page area are built now; the pages after the first paint, the features after the
        next one (or whenever `ensure_pages()` / `ensure_ready()` is called). Without it,
        everything is built here, as tests expect."""
        super().__init__()
        self.paths = paths
        # False when nobody is there to answer dialogs (--quit-after-load, smoke tests): errors go
        # to stderr instead of message boxes.
        self.interactive = True
        self.config: Config = load_config(paths.config_file)
        self.project: Any = None  # desktop.store.project.Project, imported lazily for a fast first paint
        self.runner = TaskRunner(self)
        self.undo_stack = QUndoStack(self)
        self.settings = QSettings(str(paths.config_dir / "window.ini"), QSettings.Format.IniFormat)
        self._today = today or date.today
        self._unsubscribe: Any = None
        self._menus: dict[str, QMenu] = {}
        self._request_windows: dict[str, Any] = {}
        self._page_actions: list[QAction] = []
        self._find_handler: Callable[[], None] | None = None
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.resize(1280, 800)
        self._changes_from_worker.connect(self.changes.emit, Qt.ConnectionType.QueuedConnection)

        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.setCentralWidget(self.pages)
        self._pages_built = False
        self._features_installed = False
        self._painted = False
        self._opening_at_start = False  # the store loading off the GUI thread (open_at_start)
        self._stay_on_page: str | None = None  # see _keep_start_page
        self._loader: Any = None  # desktop.ui.store_loader.StoreLoader of open_at_start
        self._when_pages: list[Callable[[], None]] = []
        self._build_menus()
        self.status_label = QLabel("Opening…")
        self.statusBar().addWidget(self.status_label, 1)
        self.changes.connect(self._on_changes)
        if deferred:
            geometry = self.settings.value("window/geometry")
            if isinstance(geometry, QByteArray | bytes):
                self.restoreGeometry(QByteArray(geometry))
            # in case no paint ever comes (a platform that sends none to a minimised window)
            QTimer.singleShot(2000, self, self.ensure_ready)
        else:
            self.ensure_ready()

    # --- building in stages (issue 8: the first paint comes from the menus and an empty window) -----

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._features_installed:
            if not self._painted:
                self._painted = True
                QTimer.singleShot(0, self, self._build_pages_then_open)
            elif self._pages_built and not self._opening_at_start:
                QTimer.singleShot(0, self, self.ensure_ready)
        return handled

    def _build_pages_then_open(self) -> None:
        self.ensure_pages()
        if not self._features_installed:
            self.update()  # one more frame (the pages, the opened project), then the features

    def when_pages_built(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the pages exist (at once if they do): e.g. open the first project."""
        if self._pages_built:
            callback()
        else:
            self._when_pages.append(callback)

    def ensure_pages(self) -> None:
        """Build the Questions, Requests, Archives and Trash pages if not yet built."""
        if self._pages_built:
            return
        self._pages_built = True
        from desktop.ui.views.archives_view import ArchivesView
        from desktop.ui.views.requests_view import RequestsView
        from desktop.ui.views.trash_view import TrashView
        from desktop.ui.workspace import Workspace

        self.workspace = Workspace(self, self.pages)
        self.requests_view = RequestsView(self, self.pages)
        self.archives_view = ArchivesView(self, self.pages)
        self.trash_view = TrashView(self, self.pages)
        for name, widget in (
            ("Questions", self.workspace),
            ("Requests", self.requests_view),
            ("Archives", self.archives_view),
            ("Trash", self.trash_view),
        ):
            self.add_page(name, widget)
        # the names the first version of the window had; features and tests use them
        self.questions_model = self.workspace.questions.model
        self.questions_view = self.workspace.questions.view
        self.workspace.questions.new_question_requested.connect(self.new_question)
        self.restore_layout()
        callbacks, self._when_pages = self._when_pages, []
        for callback in callbacks:
            callback()

    def ensure_ready(self) -> None:
        """Build whatever is not built yet: the pages, then every feature (`desktop.ui.features`).
        Features installed after a project was opened are told about it (`project_changed`)."""
        self.ensure_pages()
        if self._features_installed:
            return
        self._features_installed = True
        for install in features.installers():
            install(self)
        self._settle_shortcuts()
        state = self.settings.value("window/state")  # the features' toolbars
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        page = self.settings.value("window/page")
        if isinstance(page, str) and self.project is None and not self._opening_at_start:
            self.show_page(page)  # (a start still loading the store stays on its first look's list)
        if self.project is not None:
            self.project_changed.emit(self.project)
            self._keep_start_page()
        _freeze_what_lasts()

    # --- the API features use ----------------------------------------------------------------

    def menu(self, title: str) -> QMenu:
        """The menu with this title ("&File", "&Tools", ...), created in the standard order."""
        if title not in self._menus:
            menu = QMenu(title, self)
            menu.setObjectName(title.replace("&", "").lower() + "Menu")
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

    def add_page(self, name: str, widget: QWidget, *, home: bool = False) -> None:
        """Add a page (tab) and a View menu entry for it. Pages from features come before the Trash,
        inside a scroll area, so a wide page never forces the whole window wider than the screen.
        The `home` page (the overview) goes first."""
        page: QWidget = widget
        if widget not in (self.workspace, self.requests_view, self.archives_view, self.trash_view):
            scroll = QScrollArea(self.pages)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(widget)
            page = scroll
        trash = self.page_index("Trash")
        if home:
            self.pages.insertTab(0, page, name)
        elif trash >= 0 and name != "Trash":
            self.pages.insertTab(trash, page, name)
        else:
            self.pages.addTab(page, name)
        action = QAction(name, self)
        action.setObjectName(f"page{name.replace(' ', '')}")
        action.setCheckable(True)
        action.triggered.connect(lambda _checked=False, n=name: self.show_page(n))
        self._page_actions.append(action)
        self._view_pages.addAction(action)
        self._renumber_pages()

    def page_index(self, name: str) -> int:
        for index in range(self.pages.count()):
            if self.pages.tabText(index) == name:
                return index
        return -1

    def show_page(self, name: str) -> None:
        index = self.page_index(name)
        if index >= 0:
            self.pages.setCurrentIndex(index)

    def current_page(self) -> str:
        return self.pages.tabText(self.pages.currentIndex())

    def today(self) -> date:
        """Today's date, for days left and overdue (tests pass a fixed one to the constructor)."""
        return self._today()

    def show_question(self, question_id: str) -> None:
        self.show_page("Questions")
        self.workspace.questions.select(question_id)

    def selected_question_id(self) -> str | None:
        return self.workspace.questions.selected_id()

    def show_request(self, request_id: str) -> Any:
        """Open the request window (or raise it when already open); returns it."""
        from desktop.ui.request_window import RequestWindow

        window = self._request_windows.get(request_id)
        if window is None:
            window = RequestWindow(self, request_id)
            if window.detail is None:  # the request is gone
                return None
            self._request_windows[request_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def request_window_closed(self, request_id: str) -> None:
        self._request_windows.pop(request_id, None)

    def request_windows(self) -> list[Any]:
        return list(self._request_windows.values())

    def selected_request_ids(self) -> list[str]:
        """The requests the user is looking at: the active request window, else the selection."""
        active = QApplication.activeWindow()
        for request_id, window in self._request_windows.items():
            if window is active:
                return [request_id]
        if self.current_page() == "Requests":
            return self.requests_view.selected_request_ids()
        if self.current_page() == "Questions":
            return self.workspace.question.selected_request_ids()
        return []

    def set_find_handler(self, handler: Callable[[], None]) -> None:
        """Edit ▸ Find (Ctrl+F) calls `handler` instead of focusing the page's filter box."""
        self._find_handler = handler

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

    def report_readonly(self) -> None:
        if self.project is not None:
            QMessageBox.information(
                self,
                "Read-only project",
                f"{self.project.path.name} is open read-only ({self.project.readonly_reason}); "
                "nothing can be changed. Open a copy you can write to, "
                "or close the other Quaestio that has it.",
            )

    # --- menus ---------------------------------------------------------------------------------

    def _action(
        self,
        menu: QMenu,
        text: str,
        handler: Callable[[], Any],
        shortcut: QKeySequence.StandardKey | str | None = None,
        tip: str = "",
        name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setObjectName(name or text.replace("&", "").replace("…", "").title().replace(" ", ""))
        action.triggered.connect(lambda _checked=False: handler())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menu("&File")
        self.new_question_action = self._action(
            file_menu, "New &question", self.new_question, QKeySequence.StandardKey.New, "Create a question"
        )
        self.new_note_action = self._action(
            file_menu, "New no&te", self.new_note, "Ctrl+Alt+N", "A new note for the selected question"
        )
        self.new_request_action = self._action(
            file_menu,
            "New &request…",
            self.new_request,
            "Ctrl+Shift+R",
            "A new request for the selected question",
        )
        file_menu.addSeparator()
        self._action(
            file_menu, "&New project…", self.new_project_dialog, "Ctrl+Shift+N", "Create a project file"
        )
        self._action(
            file_menu, "&Open…", self.choose_and_open, QKeySequence.StandardKey.Open, "Open a project file"
        )
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(
            file_menu,
            "Save a &copy…",
            self.save_copy,
            QKeySequence.StandardKey.SaveAs,
            "Write a consistent copy of the project (and its attachments) elsewhere",
        )
        self._action(
            file_menu, "Project &properties…", self.show_properties, None, "Title, description, file facts"
        )
        file_menu.addSeparator()
        self._action(
            file_menu, "&Close project", self.close_project, None, "Close the project, keep the window"
        )
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        edit = self.menu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setObjectName("Undo")
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.setObjectName("Redo")
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self._action(edit, "Cu&t", lambda: self._edit_call("cut"), QKeySequence.StandardKey.Cut)
        self._action(edit, "&Copy", lambda: self._edit_call("copy"), QKeySequence.StandardKey.Copy)
        self._action(edit, "&Paste", lambda: self._edit_call("paste"), QKeySequence.StandardKey.Paste)
        self.delete_action = self._action(
            edit,
            "&Delete",
            self.delete_selected,
            QKeySequence.StandardKey.Delete,
            "Move the selected question, note, request… to the Trash",
        )
        edit.addSeparator()
        self.find_action = self._action(
            edit, "&Find…", self.find, QKeySequence.StandardKey.Find, "Find in the project"
        )
        edit.addSeparator()
        self.preferences_action = self._action(
            edit,
            "Pre&ferences…",
            self.show_preferences,
            "Ctrl+,",
            "Your name, researcher profile, letter language",
        )

        view = self.menu("&View")
        self._view_pages = view
        view.addSeparator()
        self.toggle_questions_action = QAction("&Questions list", self, checkable=True, checked=True)
        self.toggle_questions_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.toggle_questions_action.setObjectName("ToggleQuestionsList")
        self.toggle_questions_action.toggled.connect(
            lambda on: self.workspace.set_pane_visible(self.workspace.questions, on)
        )
        self.toggle_notes_action = QAction("&Notes pane", self, checkable=True, checked=True)
        self.toggle_notes_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.toggle_notes_action.setObjectName("ToggleNotesPane")
        self.toggle_notes_action.toggled.connect(
            lambda on: self.workspace.set_pane_visible(self.workspace.notes, on)
        )
        self._pane_separator = view.actions()[-1]
        view.addAction(self.toggle_questions_action)
        view.addAction(self.toggle_notes_action)
        view.addSeparator()
        self._action(
            view, "&Overdue requests", self.show_overdue, "Ctrl+Shift+O", "Requests past their due date"
        )
        self._action(
            view, "Re&load", self.refresh, QKeySequence.StandardKey.Refresh, "Read the project again"
        )

        help_menu = self.menu("&Help")
        self._action(
            help_menu, "&Keyboard shortcuts", self.show_shortcuts, "Ctrl+/", "Every shortcut of every menu"
        )
        self.pages.currentChanged.connect(self._page_changed)

    def _renumber_pages(self) -> None:
        """View menu: pages in tab order, Ctrl+1 … Ctrl+9, above the pane toggles."""
        view = self._view_pages
        ordered = [self.pages.tabText(i) for i in range(self.pages.count())]
        by_name = {a.text(): a for a in self._page_actions}
        for action in self._page_actions:
            view.removeAction(action)
        anchor = self._pane_separator if hasattr(self, "_pane_separator") else None
        for number, name in enumerate(ordered, start=1):
            action = by_name.get(name)
            if action is None:
                continue
            action.setShortcut(QKeySequence(f"Ctrl+{number}") if number <= 9 else QKeySequence())
            if anchor is not None:
                view.insertAction(anchor, action)
            else:
                view.addAction(action)
        self._page_changed(self.pages.currentIndex())

    def _page_changed(self, index: int) -> None:
        name = self.pages.tabText(index)
        for action in self._page_actions:
            action.setChecked(action.text() == name)
        on_questions = name == "Questions"
        for action in (self.toggle_questions_action, self.toggle_notes_action):
            action.setEnabled(on_questions)

    def _settle_shortcuts(self) -> None:
        """A feature's action wins a shortcut over a built-in one (two owners would make Qt ignore it)."""
        mine = {
            id(a)
            for menu in self._menus.values()
            for a in self._all_actions(menu)
            if a.parent() is self and a.objectName()
        }
        owners: dict[str, list[QAction]] = {}
        for action in self.all_actions():
            for key in action.shortcuts():
                owners.setdefault(key.toString(), []).append(action)
        for key, actions in owners.items():
            if len(actions) > 1:
                builtin = [a for a in actions if id(a) in mine]
                others = [a for a in actions if id(a) not in mine]
                for action in builtin if others else builtin[1:]:
                    log.info(
                        "shortcut %s of %s given to %s",
                        key,
                        action.text(),
                        others[0].text() if others else "",
                    )
                    action.setShortcuts([s for s in action.shortcuts() if s.toString() != key])
                    if action is self.find_action and others:
                        action.setVisible(False)  # the feature's own Find replaces it

    @staticmethod
    def _all_actions(menu: QMenu) -> list[QAction]:
        found: list[QAction] = []
        for action in menu.actions():
            if action.menu() is not None:
                found.extend(MainWindow._all_actions(action.menu()))  # type: ignore[arg-type]
            elif not action.isSeparator():
                found.append(action)
        return found

    def all_actions(self) -> list[QAction]:
        """Every action of the menu bar, and the window's other shortcuts (note formatting)."""
        found: list[QAction] = []
        for menu_action in self.menuBar().actions():
            if menu_action.menu() is not None:
                found.extend(self._all_actions(menu_action.menu()))  # type: ignore[arg-type]
        found.extend(self.workspace.notes.toolbar.actions())
        return found

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = str(self.project_path) if self.project_path else None
        recent = [p for p in self.config.recent_projects if p != current and Path(p).is_file()]
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_project(Path(p)))
        if not recent:
            empty = self.recent_menu.addAction("No other recent projects")
            empty.setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction("Clear the list", self._clear_recent)

    def _clear_recent(self) -> None:
        from dataclasses import replace

        server = getattr(self.project, "server", None)
        keep = (server.text(),) if server else (str(self.project_path),) if self.project_path else ()
        self.update_config(replace(self.config, recent_projects=keep))

    # --- edit commands ---------------------------------------------------------------------------

    def _edit_call(self, name: str) -> None:
        widget = QApplication.focusWidget()
        method = getattr(widget, name, None)
        if callable(method):
            method()

    def delete_selected(self) -> None:
        """Edit ▸ Delete: in a text field, the next character; elsewhere, the selected item."""
        widget = QApplication.focusWidget()
        if isinstance(widget, QLineEdit):
            widget.del_()
            return
        if isinstance(widget, QPlainTextEdit | QTextEdit) and not widget.isReadOnly():
            widget.textCursor().deleteChar()
            return
        if isinstance(widget, QAbstractSpinBox):
            return
        while widget is not None:
            handler = getattr(widget, "delete_selected", None)
            if callable(handler) and widget is not self and handler():
                return
            widget = widget.parentWidget()
        page = self.pages.currentWidget()
        if page is self.workspace:
            self.workspace.questions.delete_selected()
        elif page is not None and callable(getattr(page, "delete_selected", None)):
            page.delete_selected()  # type: ignore[attr-defined]

    def find(self) -> None:
        if self._find_handler is not None:
            self._find_handler()
            return
        page = self.pages.currentWidget()
        box = self.workspace.questions.search if page is self.workspace else getattr(page, "search", None)
        if isinstance(box, QLineEdit):
            box.setFocus()
            box.selectAll()

    def show_overdue(self) -> None:
        self.show_page("Requests")
        self.requests_view.set_state_filter("overdue")

    def new_question(self) -> None:
        if not self._can_write():
            return
        from desktop.store import workspace
        from desktop.ui import undo

        new_id = undo.create(
            self,
            "question",
            "New question",
            lambda p: p.write(workspace.new_question, title="New question"),
        )
        if new_id:
            self.show_question(new_id)
            self.workspace.question.title.setFocus()
            self.workspace.question.title.selectAll()

    def new_note(self) -> None:
        if self._can_write() and self.selected_question_id():
            self.show_page("Questions")
            self.workspace.notes.new_note()

    def new_request(self) -> None:
        if self._can_write() and self.selected_question_id():
            self.show_page("Questions")
            self.workspace.question.new_request()

    def _can_write(self) -> bool:
        if self.project is None:
            if self._opening_at_start:  # a start's first look: say why nothing happens
                self.status_label.setText("The project is still opening… try again in a moment.")
            return False
        if self.project.readonly:
            self.report_readonly()
            return False
        return True

    # --- dialogs ---------------------------------------------------------------------------------

    def show_preferences(self) -> Any:
        from desktop.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self)
        dialog.open()
        return dialog

    def show_shortcuts(self) -> Any:
        from desktop.ui.dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self, self.all_actions())
        dialog.open()
        return dialog

    def show_properties(self) -> Any:
        from desktop.ui.dialogs.project_properties import ProjectPropertiesDialog

        if self.project is None:
            return None
        dialog = ProjectPropertiesDialog(self)
        dialog.open()
        return dialog

    def new_project_dialog(self) -> Any:
        from desktop.ui.dialogs.new_project import NewProjectDialog

        dialog = NewProjectDialog(self)
        dialog.open()
        return dialog

    def save_copy(self, target: Path | None = None) -> None:
        """Write a verified copy of the project (and its attachments folder) on the worker thread."""
        if self.project is None:
            return
        if target is None:
            suggestion = self.project.path.with_name(f"{self.project.path.stem} copy.quaestio")
            name, _ = QFileDialog.getSaveFileName(
                self, "Save a copy of the project", str(suggestion), PROJECT_FILTER
            )
            if not name:
                return
            target = Path(name)
            if target.suffix != ".quaestio":
                target = target.with_name(target.name + ".quaestio")
        if target.resolve() == self.project.path.resolve():
            QMessageBox.warning(self, "Save a copy", "Choose another name: that is the open project itself.")
            return
        self.flush_edits()
        source = self.project.path

        def work(handle: Any) -> Path:
            import shutil

            from desktop.store.attachments import files_folder
            from desktop.store.backup import copy_project

            handle.progress(0, 2, "Copying the project")
            copy_project(source, target)
            if files_folder(source).is_dir():
                handle.progress(1, 2, "Copying the attachments")
                shutil.copytree(files_folder(source), files_folder(target), dirs_exist_ok=True)
            return target

        self.statusBar().showMessage(f"Saving a copy to {target}…")
        self.runner.run(
            work,
            lambda path: self.statusBar().showMessage(f"Saved a copy: {path}", 8000),
            lambda exc: (self.statusBar().clearMessage(), self.report_error("Could not save a copy", exc)),
        )

    # --- projects ------------------------------------------------------------------------------

    @property
    def project_path(self) -> Path | None:
        return self.project.path if self.project is not None else None

    def open_initial_project(self, requested: Path | str | None, *, readonly: bool = False) -> bool:
        from desktop.app import choose_project

        target = choose_project(
            self.paths, str(requested) if requested else None, self.config.recent_projects
        )
        return self.open_project(target, readonly=readonly)

    def open_at_start(self, requested: Path | str | None, *, readonly: bool = False) -> None:
        """How the application opens its first project (issue 8). The questions are listed from a
        first look at the file (`desktop.store.first_look`, plain sqlite3) while the store imports
        on a thread (`desktop.ui.store_loader`); then the project opens as with `open_project`,
        which reports any problem, and the features are installed after that frame. The window
        stays on the list it showed (the Overview's banner says what is due) rather than jumping
        to the home page under the historian's hand. A team server, or a demo project still to
        be built, is opened the ordinary way."""
        from desktop.app import choose_project, is_file

        target = choose_project(
            self.paths, str(requested) if requested else None, self.config.recent_projects
        )
        self.ensure_pages()
        order = self.workspace.questions.first_look_sort()
        if not isinstance(target, Path) or not is_file(target) or order is None:
            self.open_project(target, readonly=readonly)
            return
        from desktop.store.first_look import first_look
        from desktop.ui.store_loader import StoreLoader

        look = first_look(target, sort=order[0], descending=order[1])
        if look is not None:
            suffix = " [read-only]" if readonly else ""  # as _update_title_and_status will say
            self.setWindowTitle(f"{look.title or target.stem}{suffix} — {APP_NAME}")
            self.workspace.questions.show_first_look(look.questions)
            self.show_page("Questions")
        self.status_label.setText(f"Opening {target}…")
        self._opening_at_start = True

        def loaded(_error: object) -> None:  # an import error repeats, and is reported, in open_project
            if not self._opening_at_start:  # the window was closed meanwhile: open nothing behind it
                return
            self._opening_at_start = False
            if self.project is not None:  # the historian opened another project meanwhile
                return
            page = self.current_page()
            if not self.open_project(target, readonly=readonly):
                self.refresh()  # the first look's list goes: that project is not open
            elif look is not None:  # the list has been on screen: no jump to the home page now
                self._stay_on_page = page
                self._keep_start_page()
            self.update()  # the next frame installs the features

        self._loader = StoreLoader(self)
        self._loader.finished.connect(loaded)
        self._loader.start()

    @property
    def store_loading(self) -> bool:
        """True while `open_at_start` waits for the store: the questions listed are the first look's."""
        return self._opening_at_start

    def _keep_start_page(self) -> None:
        """After open_at_start: back to the page the first look showed, which opening the project
        (the Overview, the home page, shows itself then) or installing the features left."""
        if self._stay_on_page and self._features_installed:
            self.show_page(self._stay_on_page)
            self._stay_on_page = None

    def identity(self) -> Any:
        from desktop.store.project import Identity

        return Identity(author=self.config.author, replica_id=self.config.replica_id)

    def open_project(self, path: Path | str, *, readonly: bool = False) -> bool:
        """Open `path` (creating the demo project on first start); explain any failure.

        A `postgresql://` address opens a team-server project (`desktop.ui.server.open_server`).
        """
        if self._loader is not None:  # a start's store import still running: never import beside it
            self._loader.wait()
        from desktop.store.errors import ProjectLocked, QuaestioError
        from desktop.store.project import open_project

        if isinstance(path, str) and path.strip().lower().startswith(("postgresql://", "postgres://")):
            from desktop.ui.server import open_server

            self.ensure_ready()
            return open_server(self, str(path))
        self.ensure_pages()
        path = Path(path)
        identity = self.identity()
        if (
            self.project is not None
            and path.absolute() == self.project.path
            and readonly == self.project.readonly
        ):
            return True
        try:
            if path == self.paths.demo_project and not path.exists():
                from desktop.demo import create_demo_project  # heavy: only to build it the first time

                project = create_demo_project(path, identity)
            else:
                try:
                    project = open_project(
                        path, identity, backups_dir=self.paths.backups_dir, readonly=readonly
                    )
                except ProjectLocked as exc:
                    if not self.interactive:  # nobody to ask: report it like any other failure
                        raise
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
            if self.interactive:
                QMessageBox.warning(self, "Cannot open project", str(exc))
            else:
                print(f"quaestio: {exc}", file=sys.stderr)
            return False
        self.adopt_project(project)
        return True

    def adopt_project(self, project: Any) -> None:
        """Make an already open Project the window's project (after open, create or import)."""
        self.ensure_pages()
        self.close_project()
        self.project = project
        self._unsubscribe = project.subscribe(self._from_store)
        server = getattr(project, "server", None)  # a team server is remembered by its address
        self.update_config(self.config.with_recent(server.text() if server else project.path))
        self.refresh()
        self.project_changed.emit(project)

    def _from_store(self, changes: Any) -> None:
        """Store listeners run on the writing thread; widgets are updated on the GUI thread only."""
        if QThread.currentThread() is self.thread():
            self.changes.emit(changes)
        else:
            self._changes_from_worker.emit(changes)

    def choose_and_open(self) -> None:
        start = str(self.project_path.parent if self.project_path else self.paths.projects_dir)
        name, _ = QFileDialog.getOpenFileName(self, "Open project", start, PROJECT_FILTER)
        if name:
            self.open_project(Path(name))

    def refresh(self) -> None:
        """Re-read every page from the project."""
        self.ensure_pages()
        self.workspace.refresh()
        self.requests_view.refresh()
        self.archives_view.refresh()
        self.trash_view.refresh()
        self._update_title_and_status()

    def _on_changes(self, changes: Any) -> None:
        self.workspace.on_changes(changes)
        self.requests_view.on_changes(changes)
        self.archives_view.on_changes(changes)
        self.trash_view.on_changes(changes)
        for window in list(self._request_windows.values()):
            window.on_changes(changes)
        self._update_title_and_status()

    def _update_title_and_status(self) -> None:
        if self.project is None:
            self.setWindowTitle(APP_NAME)
            self.status_label.setText("No project open: File ▸ Open… or File ▸ New project…")
            return
        suffix = " [read-only]" if self.project.readonly else ""
        server = getattr(self.project, "server", None)
        where = f" [{server.host}]" if server else ""
        self.setWindowTitle(f"{self.project.title}{suffix}{where} — {APP_NAME}")
        shown = self.workspace.questions.model.rowCount()
        place = self.project.display_name if server else self.project.path
        self.status_label.setText(f"{shown} question{'s' if shown != 1 else ''} shown · {place}")

    def flush_edits(self) -> None:
        """Save what is typed but not yet saved: notes, fields being edited, open request windows."""
        if self.project is None or not self._pages_built:
            return
        self.workspace.flush()
        self.archives_view.commit_pending()

    def close_project(self) -> None:
        if self._opening_at_start:  # closed (or replaced) before the start's store loaded: it opens nothing
            self._opening_at_start = False
            self.refresh()  # the first look's list goes with it
        if self.project is not None:
            self.flush_edits()
        for window in list(self._request_windows.values()):
            window.close()
        self._request_windows.clear()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.project is not None:
            self.runner.cancel_reads()  # the Overview's read: nobody needs it now (issue 8)
            self.runner.wait()
            self.project.close()
            self.project = None
            self.undo_stack.clear()
            self.refresh()
            self.project_changed.emit(None)

    # --- window state ----------------------------------------------------------------------------

    def _splitters(self) -> dict[str, QSplitter]:
        return {  # the workspace's three panes are kept as widths (see Workspace.pane_sizes)
            "notes": self.workspace.notes.splitter,
            "archives": self.archives_view.splitter,
        }

    def save_layout(self) -> None:
        """Window geometry, splitter positions, pane toggles and the current page (window.ini)."""
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/page", self.current_page())
        s.setValue("window/questions_list", self.toggle_questions_action.isChecked())
        s.setValue("window/notes_pane", self.toggle_notes_action.isChecked())
        for name, splitter in self._splitters().items():
            s.setValue(f"splitters/{name}", splitter.saveState())
        s.setValue("splitters/workspace_widths", ",".join(str(n) for n in self.workspace.pane_sizes()))
        s.sync()

    def restore_layout(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        state = s.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        for name, splitter in self._splitters().items():
            saved = s.value(f"splitters/{name}")
            if isinstance(saved, QByteArray | bytes):
                splitter.restoreState(QByteArray(saved))
        widths = str(s.value("splitters/workspace_widths") or "")
        if widths:
            try:
                self.workspace.set_pane_sizes([int(n) for n in widths.split(",")])
            except ValueError:
                log.warning("ignoring unreadable pane widths %r in %s", widths, s.fileName())
        for key, action in (
            ("window/questions_list", self.toggle_questions_action),
            ("window/notes_pane", self.toggle_notes_action),
        ):
            value = s.value(key)
            if value is not None:
                action.setChecked(str(value).lower() == "true")
        page = s.value("window/page")
        if isinstance(page, str):
            self.show_page(page)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._opening_at_start = False  # a start still loading the store opens nothing now
        if self._pages_built:
            self.save_layout()
        self.close_project()
        super().closeEvent(event)
