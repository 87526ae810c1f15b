"""The window's side of a team-server connection: live changes, who else is here, and what
happens when the connection drops.

- **Live changes.** `LiveFeed` (store, its own connection doing LISTEN) calls back on its own
  thread; a queued Qt signal brings the `Changes` to the GUI thread, where
  `project.announce(changes)` makes every pane re-read what it shows, as after a local write.
- **Presence.** Every few seconds `presence.connected_people` runs on the window's task runner
  (never on the GUI thread: a slow server must not freeze typing); the status bar shows
  "also here: …".
- **Connection lost.** A banner says so and offers "Try now"; a timer keeps trying. Edits typed
  meanwhile are kept (`keep`), written at once to this window's own recovery file, and saved in
  order when the server answers (with their original row versions, so a conflict still opens the
  dialog; an edit in conflict stays in the file until the dialog is answered). Recovery files
  left by closed or crashed windows are offered back at the next connection to that database.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox

from desktop.ui.server import recovery
from desktop.ui.server.recovery import PendingEdit
from desktop.ui.sharing.banners import Banner

log = logging.getLogger(__name__)

PRESENCE_MS = 5000
RETRY_MS = 3000
BUSY_RETRY_MS = 1000


class _Bridge(QObject):
    """Feed-thread callbacks → GUI thread (queued signals)."""

    changes = Signal(object)
    lost = Signal(str)
    back = Signal()


class ServerLink(QObject):
    """One per window; active while the window's project is on a team server."""

    presence_changed = Signal(list)  # [Presence], others only
    state_changed = Signal(str)  # "connected" | "lost"

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.project: Any = None
        self.feed: Any = None
        self.pending: list[PendingEdit] = []
        self.deciding: list[PendingEdit] = []  # kept edits whose conflict dialog is open
        self._recovery: Any = None  # this window's own recovery file (see recovery.py)
        self._recovery_lock: recovery.FileLock | None = None
        self.others: list[Any] = []
        self.lost_reason = ""
        self._presence_busy = False
        self._retry_busy = False
        self._generation = 0  # bumps on every project change: late answers for an old one are dropped

        self.bridge = _Bridge(self)
        self.bridge.changes.connect(self._feed_changes, Qt.ConnectionType.QueuedConnection)
        self.bridge.lost.connect(self.connection_lost, Qt.ConnectionType.QueuedConnection)
        self.bridge.back.connect(self._feed_back, Qt.ConnectionType.QueuedConnection)

        self.banner = Banner("connection", "locked", window)
        window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)

        self.server_label = QLabel()
        self.server_label.setObjectName("serverStatus")
        self.server_label.setTextFormat(Qt.TextFormat.PlainText)
        self.server_label.hide()
        window.statusBar().addPermanentWidget(self.server_label)

        self.presence_timer = QTimer(self)
        self.presence_timer.setInterval(PRESENCE_MS)
        self.presence_timer.timeout.connect(self.refresh_presence)
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_MS)
        self.retry_timer.timeout.connect(self.try_reconnect)

    # --- the project --------------------------------------------------------------------------------

    def attach(self, project: Any) -> None:
        """The window opened `project` (None, or a file: stop everything)."""
        self.detach()
        self._generation += 1
        if project is None or getattr(project, "server", None) is None:
            return
        self.project = project
        self.lost_reason = ""
        data_dir = self.window.paths.data_dir
        self._recovery = recovery.session_file(data_dir, project.server)
        self._recovery_lock = recovery.FileLock(self._recovery)
        self._recovery_lock.acquire()
        try:  # edits of windows closed (or crashed) before they could be saved
            self.pending = recovery.take_over(self._recovery, project.server.text(), data_dir, project.server)
        except OSError as exc:
            log.error("could not read the recovery files", exc_info=True)
            self.window.statusBar().showMessage(f"Could not read the recovery files: {exc}", 10000)
        self.start_feed()
        self.presence_timer.start()
        self.refresh_presence()
        self._show_status()
        if self.pending:
            QTimer.singleShot(0, self.offer_recovered)

    def detach(self) -> None:
        self.stop_feed()
        self.presence_timer.stop()
        self.retry_timer.stop()
        self.banner.clear()
        self.project = None
        self.others = []
        self.pending = []  # still in the recovery file, for the next connection
        self.deciding = []
        lock, self._recovery_lock = self._recovery_lock, None
        if lock is not None:
            lock.release(remove=self._recovery is None or not self._recovery.exists())
        self.server_label.hide()

    def recovery_path(self) -> Any:
        """This window's own recovery file."""
        return self._recovery

    # --- live changes -------------------------------------------------------------------------------

    def start_feed(self) -> None:
        from desktop.store.server.live import LiveFeed

        self.stop_feed()
        bridge = self.bridge
        # the feed keeps its own connection, ignores this project's own writes (the project
        # announces those) and reconnects by itself after a drop
        self.feed = LiveFeed.for_project(
            self.project,
            on_changes=lambda changes: bridge.changes.emit(changes),
            on_lost=lambda reason: bridge.lost.emit(str(reason)),
            on_back=lambda: bridge.back.emit(),
        )
        try:
            self.feed.start()
        except Exception as exc:  # the server went away between opening and listening
            self.feed = None
            self.connection_lost(str(exc))

    def stop_feed(self) -> None:
        feed, self.feed = self.feed, None
        if feed is not None:
            try:
                feed.stop()
            except Exception:
                log.info("stopping the live feed failed", exc_info=True)

    def _feed_back(self) -> None:
        if self.project is not None and self.lost_reason:
            self.reconnected()

    def _feed_changes(self, changes: Any) -> None:
        if self.project is not None and self.project is self.window.project and changes:
            self.project.announce(changes)

    # --- presence ----------------------------------------------------------------------------------

    def refresh_presence(self) -> None:
        if self.project is None or self._presence_busy or self.lost_reason:
            return
        from desktop.store.server.presence import connected_people

        project, generation = self.project, self._generation
        self._presence_busy = True

        def done(people: list[Any]) -> None:
            self._presence_busy = False
            if generation == self._generation:
                self.others = [p for p in people if p.author != project.identity.author]
                self.presence_changed.emit(self.others)
                self._show_status()

        def failed(error: BaseException) -> None:
            self._presence_busy = False
            if generation == self._generation and _is_lost(error):
                self.connection_lost(str(error))

        self.window.runner.run(lambda _h: project.read(connected_people), done, failed)

    def _show_status(self) -> None:
        if self.project is None:
            self.server_label.hide()
            return
        text = "Team server connected"  # the address is on the left of the status bar
        if self.lost_reason:
            text = "Team server: connection lost"
        elif self.others:
            names: list[str] = []
            for person in self.others:
                if person.author not in names:
                    names.append(person.author)
            text += " · also here: " + ", ".join(names)
        else:
            text += " · nobody else connected"
        if self.pending:
            text += f" · {len(self.pending)} edit{'s' if len(self.pending) != 1 else ''} waiting"
        self.server_label.setText(text)
        tips = [f"{p.author} since {_clock(p.since)} ({p.client})" for p in self.others]
        self.server_label.setToolTip(
            "\n".join(
                [self.project.server.display(), *tips]
                if tips
                else [self.project.server.display(), "Nobody else has this project open."]
            )
        )
        self.server_label.show()

    # --- losing and finding the server ---------------------------------------------------------------

    def connection_lost(self, reason: str) -> None:
        if self.project is None:
            return
        first = not self.lost_reason
        self.lost_reason = reason or "the connection to the server was lost"
        self._show_banner()
        self._show_status()
        if first:
            self.retry_timer.start()

    def _show_banner(self) -> None:
        n = len(self.pending)
        waiting = (
            f"{n} edit{'s are' if n != 1 else ' is'} kept on this computer and will be saved when it is back."
            if n
            else "Nothing you type is lost: edits are kept and saved when it is back."
        )
        self.banner.show_message(
            f"No connection to the team server ({self.project.server.display()}). {waiting} "
            f"Retrying every {RETRY_MS // 1000} seconds.",
            [("Try now", self.try_reconnect)],
        )
        # shown for the first time, the toolbar row takes the word-wrapped label's narrow-width
        # height; once the banner has fitted its text, lay the window out again at the real one
        self.banner.setMaximumHeight(self.banner.sizeHint().height())
        self.window.layout().invalidate()
        self.window.layout().activate()
        where = f"\nKept in {self.recovery_path()}" if n else ""
        self.banner.label.setToolTip(f"{self.lost_reason}{where}")

    def keep(
        self,
        table: str,
        row_id: str,
        values: dict[str, Any],
        expected_version: int | None,
        text: str,
        reason: str,
        *,
        busy: bool = False,
    ) -> None:
        """An edit the server did not get: keep it (memory + recovery file) and save it again
        later. `busy`: refused because someone else's save held the row (a deadlock, a lock
        wait); the server is fine, so it is retried shortly instead of at the reconnection."""
        if self.project is None:
            return
        self.pending = recovery.merge_pending(
            self.pending, PendingEdit(table, row_id, dict(values), expected_version, text)
        )
        self._save_pending()
        if not busy:
            self.connection_lost(reason)
            self._show_banner()
            return
        self._show_status()
        self.window.statusBar().showMessage(f"{reason} It is kept and saved again in a moment.", 10000)
        generation = self._generation
        QTimer.singleShot(BUSY_RETRY_MS, lambda: self._retry_busy_edits(generation))

    def _retry_busy_edits(self, generation: int) -> None:
        if generation != self._generation or self.project is None or self.lost_reason:
            return  # the connection is lost: reconnecting replays them
        saved = self.replay()
        if saved:
            self.window.statusBar().showMessage(f"{saved} kept edit{'s' if saved != 1 else ''} saved.", 8000)
        self._show_status()

    def _save_pending(self) -> None:
        try:
            recovery.save_pending(self.recovery_path(), self.project.server.text(), self.pending)
        except OSError as exc:
            log.error("could not write the recovery file", exc_info=True)
            self.window.statusBar().showMessage(f"Could not write the recovery file: {exc}", 10000)

    def try_reconnect(self) -> None:
        """Ask the server for the project title on the runner; when it answers, catch up."""
        if self.project is None or self._retry_busy:
            return
        project, generation = self.project, self._generation
        self._retry_busy = True

        def ping(_handle: Any) -> str:
            from desktop.store import repo
            from desktop.store.models import Project as ProjectTable

            rows = project.read(repo.list_rows, entity=ProjectTable)
            return rows[0].title if rows else ""

        def back(_title: str) -> None:
            self._retry_busy = False
            if generation == self._generation:
                self.reconnected()

        def still_down(error: BaseException) -> None:
            self._retry_busy = False
            if generation == self._generation:
                self.lost_reason = str(error) if _is_lost(error) else self.lost_reason
                self._show_banner()

        self.window.runner.run(ping, back, still_down)

    def reconnected(self) -> None:
        self.retry_timer.stop()
        self.lost_reason = ""
        self.banner.clear()
        if self.feed is None:
            self.start_feed()
        saved = self.replay()
        self.window.refresh()  # what others changed meanwhile was not announced to us
        self._show_status()
        if saved:
            self.window.statusBar().showMessage(
                f"Connection back: {saved} kept edit{'s' if saved != 1 else ''} saved.", 8000
            )
        else:
            self.window.statusBar().showMessage("Connection to the team server is back.", 5000)
        self.refresh_presence()

    def replay(self) -> int:
        """Save the kept edits in order; a conflict opens the dialog. Returns how many were saved."""
        from desktop.store import workspace
        from desktop.ui.server import edits

        saved = 0
        for edit in list(self.pending):
            if self.project is None or self.lost_reason:
                break
            if _among(edit, self.deciding) or not _among(edit, self.pending):
                continue  # its dialog is open (it stays in the file until answered)
            expected = edits.expected_version(self.project, edit.table, edit.row_id, edit.expected_version)
            try:
                if expected is None:
                    written = self.project.write(
                        workspace.update_fields, table=edit.table, id=edit.row_id, values=edit.values
                    )
                else:
                    written = self.project.write(
                        workspace.update_fields,
                        table=edit.table,
                        id=edit.row_id,
                        values=edit.values,
                        expected_version=expected,
                    )
                edits.note_written(self.project, edit.table, written, expected)
                saved += 1
                self._forget(edit)
            except Exception as exc:
                if edits.is_connection_lost(exc):
                    self.connection_lost(str(exc))
                    break
                if edits.is_busy(exc):
                    self.window.statusBar().showMessage(f"{exc} Kept; it is saved again in a moment.", 10000)
                    QTimer.singleShot(BUSY_RETRY_MS, lambda g=self._generation: self._retry_busy_edits(g))
                    break
                self.deciding.append(edit)
                if not edits.handle_failure(
                    self.window,
                    exc,
                    table=edit.table,
                    row_id=edit.row_id,
                    values=edit.values,
                    shown_version=expected,
                    text=edit.label or "Save a kept edit",
                    after=lambda _choice, edit=edit: self._decided(edit),
                ):
                    self._decided(edit)  # can never be saved (the record was deleted...): said so
                    self.window.report_error(f"Could not save a kept edit ({edit.label})", exc)
        self._save_pending()
        return saved

    def _forget(self, edit: PendingEdit) -> None:
        """A kept edit is saved or decided: off the list and out of the recovery file."""
        self.pending = [e for e in self.pending if e is not edit]
        self.deciding = [e for e in self.deciding if e is not edit]
        self._save_pending()

    def _decided(self, edit: PendingEdit) -> None:
        if self.project is None:
            return
        self._forget(edit)
        self._show_status()

    def offer_recovered(self) -> None:
        """Edits left in the recovery file by an earlier session: save them now, or discard them."""
        if not self.pending or self.project is None:
            return
        lines = "\n".join(f"• {e.label or e.table} ({_clock(e.at)})" for e in self.pending[:10])
        more = f"\n… and {len(self.pending) - 10} more" if len(self.pending) > 10 else ""
        if not getattr(self.window, "interactive", True):
            return
        answer = QMessageBox.question(
            self.window,
            "Unsaved edits from last time",
            f"{len(self.pending)} edit{'s' if len(self.pending) != 1 else ''} typed while the "
            f"connection to {self.project.server.display()} was down could not be saved then:\n\n"
            f"{lines}{more}\n\nSave them now? (If someone changed the same field meanwhile, you "
            "will be asked which to keep.) Discard throws them away.",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self.pending = []
            self._save_pending()
        else:
            saved = self.replay()
            self.window.statusBar().showMessage(
                f"{saved} recovered edit{'s' if saved != 1 else ''} saved.", 8000
            )
        self._show_status()


def _among(edit: PendingEdit, edits: list[PendingEdit]) -> bool:
    return any(e is edit for e in edits)


def _is_lost(error: BaseException) -> bool:
    from desktop.ui.server.edits import is_connection_lost

    return is_connection_lost(error)


def _clock(moment: Any) -> str:
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    if isinstance(moment, datetime):
        local = moment.astimezone() if moment.tzinfo else moment
        return f"{local:%Y-%m-%d %H:%M}"
    return str(moment)


__all__ = ["ServerLink"]
