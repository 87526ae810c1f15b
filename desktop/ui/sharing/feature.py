"""Sharing with collaborators in the window: File > Share a copy…, Merge a collaborator's copy…,
Back up now, Restore from backup…; Edit > Undo merge; View > history of a question or request;
banners for risky locations, read-only opens and sync tools' conflicted copies; automatic
hourly backups while the project is being edited.

Everything that reads or writes whole files runs on the window's task runner with progress.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QProgressDialog

from desktop.ui.progress import run_with_progress
from desktop.ui.sharing.banners import Banner
from desktop.ui.sharing.conflict_dialog import ConflictDialog
from desktop.ui.sharing.history_dialog import HistoryDialog
from desktop.ui.sharing.report_dialog import MergeReportDialog
from desktop.ui.sharing.restore_dialog import RestoreDialog
from desktop.ui.tasks import Cancelled, TaskHandle

log = logging.getLogger(__name__)

PROJECT_FILTER = "Quaestio projects (*.quaestio);;All files (*)"
AUTO_BACKUP_CHECK_MS = 10 * 60 * 1000  # look every ten minutes; back up at most hourly


def _progress_to(handle: TaskHandle) -> Callable[[int, int, str], None]:
    def report(done: int, total: int, what: str) -> None:
        handle.check()  # stops the comparison when the user cancelled
        handle.progress(done, total, what)

    return report


class SharingFeature(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("sharingFeature")
        self.window = window
        self.project_id = ""
        self.conflict_dialog: ConflictDialog | None = None
        self.report_dialog: MergeReportDialog | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self.progress: QProgressDialog | None = None
        self.last_report: Any = None
        self.last_shared: Any = None
        self._incoming: Any = None  # the collaborator's copy while its conflicts are reviewed
        self._dirty = False  # written since the last automatic backup

        self.banners = {
            "location": Banner("location", "warning", window),
            "readonly": Banner("readonly", "locked", window),
            "conflicted": Banner("conflicted", "info", window),
        }
        for banner in self.banners.values():
            window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
            window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)

        self._install_menus()
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_BACKUP_CHECK_MS)
        self.timer.timeout.connect(self.backup_if_due)
        window.project_changed.connect(self._project_changed)
        window.changes.connect(self._changed)
        self._project_changed(window.project)

    # --- menus -------------------------------------------------------------------------------------

    def _action(self, text: str, handler: Callable[[], Any], tip: str, shortcut: str = "") -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(text.replace("&", "").replace("…", "").title().replace(" ", "").replace("'", ""))
        action.setStatusTip(tip)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: handler())
        return action

    @staticmethod
    def _insert_after(menu: QMenu, name: str, actions: list[QAction]) -> None:
        """Put `actions` after the action called `name` (or at the end), in a group of their own."""
        existing = menu.actions()
        index = next((i for i, a in enumerate(existing) if a.objectName() == name), None)
        before = existing[index + 1] if index is not None and index + 1 < len(existing) else None
        if before is None:
            menu.addSeparator()
            menu.addActions(actions)
        else:
            menu.insertActions(before, actions)

    def _install_menus(self) -> None:
        w = self.window
        self.share_action = self._action(
            "S&hare a copy…", self.share_copy, "Write a checked copy of the project to send to a collaborator"
        )
        self.merge_action = self._action(
            "&Merge a collaborator's copy…",
            self.merge_copy,
            "Bring in what a collaborator changed in their copy, field by field",
            "Ctrl+Shift+M",
        )
        self.backup_action = self._action(
            "Back &up now", self.backup_now, "Take a checked backup of the project"
        )
        self.restore_action = self._action(
            "Restore from &backup…", self.restore_from_backup, "Replace the project with one of its backups"
        )
        self._insert_after(
            w.menu("&File"),
            "SaveACopy",
            [self.share_action, self.merge_action, self.backup_action, self.restore_action],
        )
        self.undo_merge_action = self._action(
            "Undo &merge", self.undo_merge, "Put the project back as it was before the last merge"
        )
        self._insert_after(w.menu("&Edit"), "Redo", [self.undo_merge_action])
        self.question_history_action = self._action(
            "Question &history…",
            self.show_question_history,
            "Who changed the selected question, and when",
            "Ctrl+Alt+H",
        )
        self.request_history_action = self._action(
            "Request h&istory…", self.show_request_history, "Who changed the selected request, and when"
        )
        self.report_action = self._action(
            "Last merge &report…", self.show_last_report, "What the last merge brought in, and from whom"
        )
        view = w.menu("&View")
        view.addSeparator()
        view.addActions([self.question_history_action, self.request_history_action, self.report_action])

    # --- the project ----------------------------------------------------------------------------------

    def _project_changed(self, project: Any) -> None:
        for banner in self.banners.values():
            banner.clear()
        self._dirty = False
        self.project_id = ""
        writable = project is not None and not project.readonly
        for action in (self.share_action, self.backup_action, self.question_history_action):
            action.setEnabled(project is not None)
        for action in (self.request_history_action, self.report_action):
            action.setEnabled(project is not None)
        for action in (self.merge_action, self.restore_action):
            action.setEnabled(writable)
        if project is None or getattr(project, "server", None) is not None:
            # no project, or a team-server one: no file to back up, share or merge
            # (desktop.ui.server disables those items with a tooltip saying why)
            self.timer.stop()
            self.undo_merge_action.setEnabled(False)
            return
        from desktop.store.merge import project_identity

        with project.engine.connect() as connection:
            self.project_id, _title = project_identity(connection)
        self._show_banners(project)
        self._update_undo()
        if writable:
            self.timer.start()

    def _changed(self, changes: Any) -> None:
        self._dirty = True
        if changes.touches("merge_record"):
            self._update_undo()

    def _update_undo(self) -> None:
        project = self.window.project
        enabled = False
        if project is not None and not project.readonly:
            from desktop.store.merge import merges

            with project.engine.connect() as connection:
                found = merges(connection)
            enabled = bool(found) and found[0].backup_exists
            self.report_action.setEnabled(bool(found))
        self.undo_merge_action.setEnabled(enabled)

    def _show_banners(self, project: Any) -> None:
        from desktop.store.locations import classify_location, find_conflicted_copies
        from desktop.store.sharing import lock_holder

        name = project.path.name
        risk = classify_location(project.path)
        if risk is not None:
            self.banners["location"].show_message(risk.message(name), [("Share a copy…", self.share_copy)])
        if project.readonly:
            holder = lock_holder(project.path)
            if holder is not None:
                since = holder.since[:16].replace("T", " ")
                text = (
                    f"{holder.user} on {holder.host} has {name} open (since {since}). Here it is open "
                    "read-only: you can read and search everything, but nothing can be changed."
                )
            else:
                text = f"{name} is open read-only ({project.readonly_reason}); nothing can be changed."
            self.banners["readonly"].show_message(text, [("Open for editing", self.reopen_writable)])
        copies = find_conflicted_copies(project.path)
        if copies:
            first = copies[0]
            more = f" ({len(copies) - 1} more beside it.)" if len(copies) > 1 else ""
            actions = [("Merge it…", lambda: self.merge_copy(first.path))] if not project.readonly else []
            self.banners["conflicted"].show_message(first.message(name) + more, actions)

    def reopen_writable(self) -> None:
        project = self.window.project
        if project is not None:
            self.window.open_project(project.path, readonly=False)

    # --- running on the task runner ------------------------------------------------------------------

    def _run(
        self,
        label: str,
        work: Callable[[TaskHandle], Any],
        done: Callable[[Any], None],
        failure: str,
        *,
        cancellable: bool = False,
        cleanup: Callable[[], None] | None = None,
        refused: Callable[[BaseException], bool] | None = None,
    ) -> None:
        def failed(error: BaseException) -> None:
            if cleanup is not None:
                cleanup()
            if isinstance(error, Cancelled):
                self.window.statusBar().showMessage("Cancelled; nothing was changed.", 8000)
            elif refused is None or not refused(error):
                self.window.report_error(failure, error)

        self.progress = run_with_progress(
            self.window,
            label,
            failure.split(" ", 2)[-1].capitalize(),
            work,
            done,
            failed,
            cancellable=cancellable,
            closed=lambda: setattr(self, "progress", None),
        )

    def _after_replacing_content(self, project: Any) -> None:
        """After a merge, restore or undo: every page re-reads, undo steps no longer apply."""
        from desktop.store.merge import ALL_CHANGES

        self.window.undo_stack.clear()
        project.announce(ALL_CHANGES)
        self._update_undo()

    # --- share ------------------------------------------------------------------------------------------

    def share_copy(self, target: Path | None = None) -> None:
        from desktop.store.sharing import SUFFIX, share_copy, suggested_name

        project = self.window.project
        if project is None:
            return
        if target is None:
            suggestion = Path.home() / suggested_name(project.path, project.identity.author)
            name, _ = QFileDialog.getSaveFileName(
                self.window, "Share a copy of the project", str(suggestion), PROJECT_FILTER
            )
            if not name:
                return
            target = Path(name)
        if target.suffix != SUFFIX:
            target = target.with_name(target.name + SUFFIX)
        self.window.flush_edits()
        source = project.path

        def done(shared: Any) -> None:
            self.last_shared = shared
            self.window.statusBar().showMessage(
                f"{shared.describe()} Send it; your collaborator merges it with "
                "File ▸ Merge a collaborator's copy.",
                20000,
            )

        self._run(
            f"Writing a copy to {target.name}…",
            lambda _h: share_copy(source, target),
            done,
            "Could not share a copy",
        )

    # --- merge --------------------------------------------------------------------------------------------

    def merge_copy(self, other: Path | None = None) -> None:
        from desktop.store import merge

        project = self.window.project
        if project is None:
            return
        if project.readonly:
            self.window.report_readonly()
            return
        if other is None:
            name, _ = QFileDialog.getOpenFileName(
                self.window, "Merge a collaborator's copy", str(project.path.parent), PROJECT_FILTER
            )
            if not name:
                return
            other = Path(name)
        self.window.flush_edits()

        def work(handle: TaskHandle) -> tuple[Any, Any]:
            with project.engine.connect() as connection:
                project_id, title = merge.project_identity(connection)
            incoming = merge.open_incoming(
                other, mine=project.path, project_id=project_id, project_title=title
            )
            try:
                with project.engine.connect() as connection:
                    plan = merge.plan_merge(connection, incoming, progress=_progress_to(handle))
            except BaseException:
                incoming.close()
                raise
            return incoming, plan

        self._run(
            f"Comparing with {other.name}…",
            work,
            self._planned,
            "Could not merge",
            cancellable=True,
            refused=self._offer_import,
        )

    def _offer_import(self, error: BaseException) -> bool:
        """A copy of another project cannot be merged, but can be imported as a new project."""
        from desktop.store.errors import QuaestioError
        from desktop.store.merge import DifferentProject
        from desktop.store.sharing import share_copy

        if not isinstance(error, DifferentProject):
            return False
        answer = QMessageBox.question(
            self.window,
            "A different project",
            f"{error}\n\nImport “{error.title or error.path.stem}” as a new project and open it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return True
        suggested = self.window.paths.projects_dir / f"{error.title or error.path.stem}.quaestio"
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Import as a new project", str(suggested), PROJECT_FILTER
        )
        if not name:
            return True
        try:
            imported = share_copy(error.path, Path(name))
        except QuaestioError as exc:
            self.window.report_error("Could not import the project", exc)
            return True
        self.window.open_project(imported.path)
        return True

    def _planned(self, result: tuple[Any, Any]) -> None:
        incoming, plan = result
        if plan.is_empty:
            incoming.close()
            self._nothing_to_merge(incoming.source)
            return
        if not plan.decisions:
            self._apply(incoming, plan, {})
            return
        self._incoming = incoming
        dialog = ConflictDialog(plan, parent=self.window)
        dialog.accepted.connect(lambda: self._apply(incoming, plan, dialog.resolutions()))
        dialog.rejected.connect(lambda: self._review_cancelled(incoming))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.conflict_dialog = dialog
        dialog.open()

    def _review_cancelled(self, incoming: Any) -> None:
        incoming.close()
        self._incoming = None
        self.conflict_dialog = None
        self.window.statusBar().showMessage("Merge cancelled; nothing was changed.", 8000)

    def _nothing_to_merge(self, source: Path) -> None:
        from desktop.store.locations import find_conflicted_copies

        project = self.window.project
        text = f"Nothing to merge: {project.path.name} already has everything in {source.name}."
        if any(c.path == source for c in find_conflicted_copies(project.path)):
            answer = QMessageBox.question(
                self.window,
                "Nothing to merge",
                f"{text}\n\nMove the conflicted copy {source.name} to the trash?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes and QFile.moveToTrash(str(source)):
                self.banners["conflicted"].dismiss()
            return
        QMessageBox.information(self.window, "Nothing to merge", text)

    def _apply(self, incoming: Any, plan: Any, resolutions: dict[str, Any]) -> None:
        from desktop.store import merge

        self.conflict_dialog = None
        self._incoming = None
        project = self.window.project
        backups = self.window.paths.backups_dir

        def work(handle: TaskHandle) -> Any:
            return merge.merge_into(
                project,
                plan,
                backups_dir=backups,
                resolutions=resolutions,
                progress=lambda d, t, s: handle.progress(d, t, s),
                announce=False,  # announced on the GUI thread, below
            )

        def done(report: Any) -> None:
            incoming.close()
            self.last_report = report
            self._after_replacing_content(project)
            if incoming.source.name.startswith(project.path.stem):
                self.banners["conflicted"].dismiss()
            self.window.statusBar().showMessage(report.summary(), 20000)
            self.show_report(report)

        self._run(f"Merging {incoming.source.name}…", work, done, "Could not merge", cleanup=incoming.close)

    def show_report(self, report: Any) -> MergeReportDialog:
        dialog = MergeReportDialog(report, on_undo=self.undo_merge, parent=self.window)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.report_dialog = dialog
        dialog.open()
        return dialog

    def show_last_report(self) -> MergeReportDialog | None:
        from desktop.store.merge import merges, stored_report

        project = self.window.project
        if project is None:
            return None
        with project.engine.connect() as connection:
            found = merges(connection)
            if not found:
                self.window.statusBar().showMessage("No merge has been made in this project.", 8000)
                return None
            report = stored_report(connection, found[0].id)
        return self.show_report(report)

    def undo_merge(self) -> None:
        from desktop.store import merge
        from desktop.store.merge_report import local_time

        project = self.window.project
        if project is None or project.readonly:
            return
        with project.engine.connect() as connection:
            found = merge.merges(connection)
            if not found:
                QMessageBox.information(self.window, "Undo merge", "No merge has been made in this project.")
                return
            last = found[0]
            since = merge.edits_since(connection, last)
        text = (
            f"Undo the merge of {last.source_name} ({local_time(last.merged_at)})? The project goes "
            "back to the checked backup taken just before it."
        )
        if since:
            text += f" The {since} change(s) made since then are undone too."
        text += " Its current state is backed up first, so nothing is lost."
        answer = QMessageBox.question(
            self.window,
            "Undo merge",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.window.flush_edits()
        backups = self.window.paths.backups_dir

        def done(info: Any) -> None:
            self._after_replacing_content(project)
            self.window.statusBar().showMessage(f"Merge of {info.source_name} undone.", 15000)

        self._run(
            "Undoing the merge…",
            lambda _h: merge.undo_last_merge(project, backups_dir=backups),
            done,
            "Could not undo the merge",
        )

    # --- backups -------------------------------------------------------------------------------------------

    def backup_now(self) -> None:
        from desktop.store.backup import backup_project, rotate_backups

        project = self.window.project
        if project is None:
            return
        self.window.flush_edits()
        path, backups = project.path, self.window.paths.backups_dir

        def work(_handle: TaskHandle) -> Path:
            made = backup_project(path, backups, "manual")
            rotate_backups(backups, keep={made})
            return made

        self._run(
            "Backing up…",
            work,
            lambda made: self.window.statusBar().showMessage(f"Backed up to {made} (checked).", 15000),
            "Could not back up",
        )

    def backup_if_due(self) -> None:
        """The periodic check: an automatic backup when edited and the last one is an hour old."""
        from desktop.store.backup import auto_backup

        project = self.window.project
        if project is None or project.readonly or not self._dirty or not self.project_id:
            return
        path, backups, project_id = project.path, self.window.paths.backups_dir, self.project_id

        def done(made: Any) -> None:
            if made is not None:
                self._dirty = False
                log.info("automatic backup %s", made)

        def failed(error: BaseException) -> None:
            log.warning("automatic backup failed", exc_info=error)
            self.window.statusBar().showMessage(f"The automatic backup failed: {error}", 15000)

        self.window.runner.run(lambda _h: auto_backup(path, backups, project_id=project_id), done, failed)

    def restore_from_backup(self) -> RestoreDialog | None:
        from desktop.store.backup import list_backups

        project = self.window.project
        if project is None:
            return None
        if project.readonly:
            self.window.report_readonly()
            return None
        folder = self.window.paths.backups_dir
        dialog = RestoreDialog(
            list_backups(folder, self.project_id),
            project_name=project.path.name,
            folder=folder,
            parent=self.window,
        )
        dialog.accepted.connect(lambda: self.restore(dialog.chosen) if dialog.chosen else None)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def restore(self, backup: Path, *, confirm: bool = True) -> None:
        from desktop.store.backup import restore_into

        project = self.window.project
        self.restore_dialog = None
        if project is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self.window,
                "Restore from backup",
                f"Replace {project.path.name} with the backup {backup.name}? Its current state is backed up "
                "first, so you can go back to it.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.window.flush_edits()
        backups = self.window.paths.backups_dir

        def done(before: Path) -> None:
            self._after_replacing_content(project)
            self.window.statusBar().showMessage(
                f"Restored from {backup.name}. The state it replaced is kept in {before.name}.", 20000
            )

        self._run(
            f"Restoring from {backup.name}…",
            lambda _h: restore_into(project, backup, backups_dir=backups),
            done,
            "Could not restore the backup",
        )

    # --- history ------------------------------------------------------------------------------------------

    def show_question_history(self, question_id: str | None = None) -> HistoryDialog | None:
        from desktop.store import history, repo
        from desktop.store.models import Question

        project = self.window.project
        question_id = question_id or self.window.selected_question_id()
        if project is None or not question_id:
            self.window.statusBar().showMessage("Select a question to see its history.", 8000)
            return None
        row = project.read(repo.get, entity=Question, id=question_id, include_deleted=True)
        entries = project.read(history.question_history, question_id=question_id)
        last = project.read(history.last_edited, row_id=question_id)
        return self._show_history(history.describe("question", row.model_dump()), entries, last)

    def show_request_history(self, request_id: str | None = None) -> HistoryDialog | None:
        from desktop.store import history, repo
        from desktop.store.models import Request

        project = self.window.project
        selected = self.window.selected_request_ids()
        request_id = request_id or (selected[0] if selected else None)
        if project is None or not request_id:
            self.window.statusBar().showMessage("Select a request to see its history.", 8000)
            return None
        row = project.read(repo.get, entity=Request, id=request_id, include_deleted=True)
        entries = project.read(history.request_history, request_id=request_id)
        last = project.read(history.last_edited, row_id=request_id)
        return self._show_history(history.describe("request", row.model_dump()), entries, last)

    def _show_history(self, title: str, entries: list[Any], last: Any) -> HistoryDialog:
        dialog = HistoryDialog(title, entries, last, parent=self.window)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.history_dialog = dialog
        dialog.open()
        return dialog


__all__ = ["SharingFeature"]
