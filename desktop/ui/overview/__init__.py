"""Deadlines in the main window: the overview (home page), the start-up banner, Tools > Legal
regimes…, due dates set by hand, and the calendar export. Installed by `install(window)`.

Due dates follow every status change (desktop.store.requests.change_status). Plain edits of a
request or an archive (a registration date typed in, another regime chosen) reach the deadline
engine here: after each write, the requests it touched are recomputed; that writes only what
differs, so it settles at once.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from desktop.ui.overview.banner import DueBanner
from desktop.ui.overview.override_dialog import DueOverrideDialog
from desktop.ui.overview.page import OverviewPage
from desktop.ui.overview.regimes_dialog import LegalRegimesDialog

log = logging.getLogger(__name__)

PAGE_NAME = "Overview"


class DeadlinesFeature(QObject):
    """Owns the overview page and banner, and keeps stored due dates current."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("deadlinesFeature")
        self.window = window
        self.page = OverviewPage(window, clock=lambda: self.clock())
        self.clock: Callable[[], date] = date.today
        self.banner = DueBanner(on_open=lambda: window.show_page(PAGE_NAME), parent=window)
        self._pending: Any = None  # Changes waiting for a recompute
        self._recomputing = False
        self.dialog: QDialog | None = None

        window.add_page(PAGE_NAME, self.page, home=True)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        self.page.loaded.connect(self._update_banner)
        self.page.override_requested.connect(self.set_due_by_hand)
        window.project_changed.connect(self._project_changed)
        window.changes.connect(self._changed)
        self._install_menus()

    # --- menus ---------------------------------------------------------------------------------

    def _install_menus(self) -> None:
        window = self.window
        show = QAction("&Overview", window)
        show.setShortcut(QKeySequence("Ctrl+Shift+H"))
        show.setStatusTip("What is overdue or due soon, what needs a follow-up, and the timeline")
        show.triggered.connect(lambda: window.show_page(PAGE_NAME))
        window.menu("&View").addAction(show)

        tools = window.menu("&Tools")
        regimes = QAction("&Legal Regimes…", window)
        regimes.setStatusTip("The deadline rules of each archive's legal regime")
        regimes.triggered.connect(self.open_regimes)
        override = QAction("Set &Due Date by Hand…", window)
        override.setStatusTip("Override the selected request's due date, with the reason")
        override.triggered.connect(lambda: self.set_due_by_hand(None))
        export = QAction("Export Due Dates to &Calendar…", window)
        export.setStatusTip("An .ics file with every upcoming and overdue due date")
        export.triggered.connect(self.export_calendar)
        tools.addActions([regimes, override, export])
        self.actions = {"overview": show, "regimes": regimes, "override": override, "export": export}

    # --- project and changes -------------------------------------------------------------------

    def _project_changed(self, project: Any) -> None:
        self.banner.reset()
        self.banner.hide()
        self._pending = None
        self.page.reload()
        if project is not None:
            self.window.show_page(PAGE_NAME)

    def _update_banner(self) -> None:
        data = self.page.data
        if data is None:
            self.banner.hide()
        else:
            self.banner.show_counts(data.overdue, data.due_soon)

    def _changed(self, changes: Any) -> None:
        self.page.schedule_reload()
        project = self.window.project
        if self._recomputing or project is None or project.readonly:
            return
        if not changes.touches("request", "archive", "legal_regime"):
            return
        first = self._pending is None
        self._pending = changes if first else self._pending | changes
        if first:
            QTimer.singleShot(0, self._recompute)

    def _recompute(self) -> None:
        from desktop.store import deadlines

        pending, self._pending = self._pending, None
        project = self.window.project
        if pending is None or project is None or project.readonly:
            return
        if pending.touches("legal_regime"):
            arguments: dict[str, Any] = {}  # a rule changed behind our back: recompute everything
        else:
            arguments = {"request_ids": sorted(pending.row_ids)}
            if pending.touches("archive"):
                arguments["archive_ids"] = sorted(pending.row_ids)
        self._recomputing = True
        try:
            project.write(deadlines.recompute, **arguments)
        except Exception:  # never in the user's way: the next event recomputes again
            log.exception("recomputing due dates failed")
        finally:
            self._recomputing = False

    # --- dialogs -------------------------------------------------------------------------------

    def open_regimes(self) -> LegalRegimesDialog | None:
        if self.window.project is None:
            QMessageBox.information(self.window, "Legal regimes", "Open a project first.")
            return None
        dialog = LegalRegimesDialog(self.window, clock=self.clock)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def set_due_by_hand(self, request_id: str | None) -> DueOverrideDialog | None:
        """Open the override dialog for a request (the selected one when None)."""
        from desktop.store import repo
        from desktop.store.models import Request

        project = self.window.project
        if project is None:
            return None
        if request_id is None:
            selected = list(self.window.selected_request_ids()) or [self.page.selected_request_id()]
            request_id = selected[0]
        if not request_id:
            QMessageBox.information(
                self.window,
                "Set due date by hand",
                "Select a request first, in the Requests view or the overview.",
            )
            return None
        row = project.read(repo.get, entity=Request, id=request_id)
        dialog = DueOverrideDialog(row, self.window, today=self.clock())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._apply_override(request_id, dialog))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _apply_override(self, request_id: str, dialog: DueOverrideDialog) -> None:
        from desktop.store import deadlines

        try:
            if dialog.result_action == "set":
                self.window.project.write(
                    deadlines.set_override, request_id=request_id, due=dialog.due, reason=dialog.reason
                )
            elif dialog.result_action == "clear":
                self.window.project.write(deadlines.clear_override, request_id=request_id)
        except Exception as exc:
            self.window.report_error("Cannot set the due date", exc)

    def export_calendar(self) -> Path | None:
        """Save every upcoming and overdue due date as an .ics file for a calendar application."""
        from desktop.store import deadlines

        project = self.window.project
        if project is None:
            return None
        suggested = project.path.with_name(f"{project.path.stem} due dates.ics")
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export due dates", str(suggested), "iCalendar files (*.ics)"
        )
        if not name:
            return None
        target = Path(name) if name.endswith(".ics") else Path(name + ".ics")
        try:
            data = project.read(
                deadlines.due_calendar, today=self.clock(), within=None, now=datetime.now().astimezone()
            )
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temp, target)
            finally:
                Path(temp).unlink(missing_ok=True)
        except OSError as exc:
            QMessageBox.warning(
                self.window,
                "Export due dates",
                f"Cannot write {target}: {exc.strerror or exc}. Choose another folder.",
            )
            return None
        self.window.statusBar().showMessage(f"Due dates exported to {target}", 5000)
        return target


def install(window: Any) -> None:
    DeadlinesFeature(window)
