"""The team server in the window (issue 10, UI half): one installer.

File ▸ Connect to team server… (Ctrl+Alt+O), File ▸ Move project to team server…, File ▸ Save a
local copy…; server addresses in File ▸ Open recent; `quaestio postgresql://…` on the command
line (through `open_server`); the status bar names the server and who else is connected; live
refresh, the stale-edit conflict dialog and the connection-lost banner (`link`, `edits`).
Menu items that only make sense for a project file are disabled, with a tooltip saying why.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from desktop.ui.server.addresses import is_server_text

log = logging.getLogger(__name__)

CONNECT_SHORTCUT = "Ctrl+Alt+O"
# Actions (by object name) that need a project file; disabled for a server project.
FILE_ONLY = {
    "SaveACopy": "Save a local copy… makes a project file from a team-server project.",
    "ShareACopy": "A team-server project is shared by connecting to it; use Save a local copy… for a file.",
    "MergeACollaboratorSCopy": "Everyone on a team server edits the same project: there is nothing to merge.",
    "BackUpNow": "The server's administrator backs up a team-server project; Save a local copy… makes a file",
    "RestoreFromBackup": "Backups are restored on the server by its administrator.",
    "UndoMerge": "There are no merges on a team server.",
}
SERVER_ONLY_TIP = "Only for a project on a team server."
FILE_FILTER = "Quaestio projects (*.quaestio);;All files (*)"


class ServerFeature(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("serverFeature")
        self.window = window
        from desktop.ui.server.link import ServerLink

        self.link = ServerLink(window)
        window.server_link = self.link
        self._saved_tips: dict[str, tuple[str, str]] = {}
        self._install_menus()
        window.project_changed.connect(self._project_changed)
        window.recent_menu.aboutToShow.connect(self._add_recent_servers)
        self._project_changed(window.project)

    # --- menus --------------------------------------------------------------------------------------

    def _action(self, text: str, handler: Any, tip: str, name: str, shortcut: str = "") -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: handler())
        return action

    def _install_menus(self) -> None:
        self.connect_action = self._action(
            "Connect to &team server…",
            self.connect,
            "Open a project kept on your group's PostgreSQL server",
            "ConnectToTeamServer",
            CONNECT_SHORTCUT,
        )
        self.move_action = self._action(
            "Mo&ve project to team server…",
            self.move_to_server,
            "Copy this project file to an empty database on a team server, so the group can work on it",
            "MoveProjectToTeamServer",
        )
        self.local_copy_action = self._action(
            "Save a &local copy…",
            self.save_local_copy,
            "Copy the team-server project into a project file on this computer",
            "SaveALocalCopy",
        )
        file_menu: QMenu = self.window.menu("&File")
        file_menu.setToolTipsVisible(True)  # disabled file-only items say why
        actions = file_menu.actions()
        after_recent = next(
            (i for i, a in enumerate(actions) if a.menu() is self.window.recent_menu), len(actions) - 1
        )
        before = actions[after_recent + 1] if after_recent + 1 < len(actions) else None
        if before is None:
            file_menu.addActions([self.connect_action, self.move_action, self.local_copy_action])
        else:
            file_menu.insertActions(before, [self.connect_action, self.move_action, self.local_copy_action])

    def _file_actions(self) -> dict[str, QAction]:
        found: dict[str, QAction] = {}
        for action in self.window.all_actions():
            if action.objectName() in FILE_ONLY:
                found[action.objectName()] = action
        return found

    # --- the project --------------------------------------------------------------------------------

    def _project_changed(self, project: Any) -> None:
        on_server = project is not None and getattr(project, "server", None) is not None
        self.link.attach(project)
        self.move_action.setEnabled(project is not None and not on_server)
        self.move_action.setToolTip(
            "Copy this project file to an empty database on a team server"
            if not on_server
            else "This project is already on a team server."
        )
        self.local_copy_action.setEnabled(on_server)
        self.local_copy_action.setToolTip(
            "Copy the team-server project into a project file on this computer"
            if on_server
            else SERVER_ONLY_TIP + " For a file, use Save a copy…"
        )
        for name, action in self._file_actions().items():
            if on_server:
                self._saved_tips.setdefault(name, (action.toolTip(), action.statusTip()))
                action.setEnabled(False)
                action.setToolTip(FILE_ONLY[name])
                action.setStatusTip(FILE_ONLY[name])
            elif name in self._saved_tips:
                tip, status = self._saved_tips.pop(name)
                action.setToolTip(tip)
                action.setStatusTip(status)
                if name == "SaveACopy":
                    action.setEnabled(True)

    def _add_recent_servers(self) -> None:
        """Server addresses in File ▸ Open recent (the window lists the files; it runs first)."""
        menu = self.window.recent_menu
        current = self.window.project.server.text() if self._on_server() else None
        servers = [p for p in self.window.config.recent_projects if is_server_text(p) and p != current]
        if not servers:
            return
        actions = menu.actions()
        anchor = next((a for a in actions if a.isSeparator()), None)
        placeholder = next((a for a in actions if not a.isEnabled() and not a.isSeparator()), None)
        if placeholder is not None:
            menu.removeAction(placeholder)
        for text in servers:
            action = QAction(f"Team server: {_label(text)}", menu)
            action.setToolTip(text)
            action.setStatusTip(text)
            action.triggered.connect(lambda _c=False, t=text: open_server(self.window, t))
            if anchor is not None:
                menu.insertAction(anchor, action)
            else:
                menu.addAction(action)

    def _on_server(self) -> bool:
        project = self.window.project
        return project is not None and getattr(project, "server", None) is not None

    # --- connect -----------------------------------------------------------------------------------

    def connect(self, initial: Any = None, error: str = "") -> Any:
        from desktop.ui.server.connect_dialog import ask_for_server

        dialog = ask_for_server(
            self.window, work=connect_work(self.window), on_done=self.window.adopt_project, initial=initial
        )
        if error:
            dialog.show_error(error)
        return dialog

    # --- move to a server and back ------------------------------------------------------------------

    def move_to_server(self) -> Any:
        from desktop.ui.server.connect_dialog import ask_for_server

        window = self.window
        project = window.project
        if project is None or self._on_server():
            return None
        window.flush_edits()
        source, identity = Path(project.path), window.identity()
        name = project.path.name

        def work(address: Any, password: str | None, handle: Any) -> Any:
            from desktop.store.server import credentials
            from desktop.store.server.copy import copy_project

            copy_project(
                source,
                address,
                identity=identity,
                password=password or credentials.password_for(address),
                progress=_progress(handle),
            )
            return address, password

        def done(result: Any) -> None:
            address, password = result
            window.statusBar().showMessage(f"{name} copied to {address.display()}", 10000)
            if not window.interactive:
                return
            answer = QMessageBox.question(
                window,
                "Project moved to the team server",
                f"{name} was copied to {address.display()}; the file stays as it was. "
                "Open the team-server project now (and close the file)?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Open,
            )
            if answer == QMessageBox.StandardButton.Open:
                open_server(window, address, password=password)

        return ask_for_server(
            window,
            work=work,
            on_done=done,
            title="Move project to team server",
            action="Move here",
            intro=(
                f"Copy <b>{name}</b>, with its whole history and Trash, into an <b>empty</b> database on "
                "your group's PostgreSQL server. The file is not changed. Ask the server's administrator "
                "for an empty database you may write to."
            ),
        )

    def save_local_copy(self, target: Path | None = None) -> None:
        window = self.window
        project = window.project
        if project is None or not self._on_server():
            return
        if target is None:
            suggestion = window.paths.projects_dir / f"{project.server.database}.quaestio"
            chosen, _ = QFileDialog.getSaveFileName(window, "Save a local copy", str(suggestion), FILE_FILTER)
            if not chosen:
                return
            target = Path(chosen)
            if target.suffix != ".quaestio":
                target = target.with_name(target.name + ".quaestio")
        window.flush_edits()
        address, password, identity = project.server, getattr(project, "password", None), window.identity()

        def work(handle: Any) -> Path:
            from desktop.store.server.copy import copy_project

            copy_project(address, target, identity=identity, password=password, progress=_progress(handle))
            return target

        window.statusBar().showMessage(f"Saving a local copy to {target}…")
        window.runner.run(
            work,
            lambda path: window.statusBar().showMessage(f"Saved a local copy: {path}", 10000),
            lambda exc: (
                window.statusBar().clearMessage(),
                window.report_error("Could not save a local copy", exc),
            ),
            lambda done, total, text: window.statusBar().showMessage(text or f"Copying… {done}/{total}"),
        )


def _progress(handle: Any) -> Any:
    """The copy's progress callback: to the task handle (and its cancel flag)."""

    def report(*args: Any) -> None:
        handle.check()
        if len(args) >= 2 and isinstance(args[0], int) and isinstance(args[1], int):
            done, total = args[0], args[1]
            what = str(args[2]).replace("_", " ") if len(args) > 2 and args[2] else ""
            text = f"Copying: {done:,} of {total:,} rows" + (f" ({what})" if what else "")
            handle.progress(done, total, text)
        elif args:
            handle.progress(0, 0, str(args[-1]))

    return report


def _label(text: str) -> str:
    try:
        from desktop.ui.server.addresses import parse_server_text, server_label

        return server_label(parse_server_text(text))
    except Exception:
        return text


def connect_work(window: Any) -> Any:
    """Opening a server project on the task runner (password: typed, else keyring/.pgpass)."""
    identity = window.identity()

    def work(address: Any, password: str | None, _handle: Any) -> Any:
        from desktop.store.project import open_project
        from desktop.store.server import credentials

        return open_project(address, identity, password=password or credentials.password_for(address))

    return work


def open_server(window: Any, target: Any, *, password: str | None = None) -> bool:
    """Open a team-server project given as an address or `postgresql://` text.

    Interactive windows connect on the task runner and, if that fails (no or wrong password,
    server down), show the Connect dialog with the message and the address filled in.
    Without a user (`--quit-after-load`) it connects right here and reports on stderr.
    """
    import sys

    from desktop.store.errors import QuaestioError

    try:
        address = target if not isinstance(target, str) else _parse(target)
    except QuaestioError as exc:
        if window.interactive:
            QMessageBox.warning(window, "Cannot open the team-server project", str(exc))
        else:
            print(f"quaestio: {exc}", file=sys.stderr)
        return False
    project = window.project
    if project is not None and getattr(project, "server", None) == address:
        return True
    work = connect_work(window)
    if not window.interactive:
        try:
            opened = work(address, password, None)
        except QuaestioError as exc:
            print(f"quaestio: {exc}", file=sys.stderr)
            return False
        window.adopt_project(opened)
        return True
    feature: ServerFeature | None = window.findChild(ServerFeature, "serverFeature")
    window.status_label.setText(f"Connecting to {address.display()}…")

    def failed(error: BaseException) -> None:
        window._update_title_and_status()
        if feature is not None and isinstance(error, QuaestioError):
            feature.connect(initial=address, error=str(error))
        else:
            window.report_error("Cannot open the team-server project", error)

    window.runner.run(lambda handle: work(address, password, handle), window.adopt_project, failed)
    return True


def _parse(text: str) -> Any:
    from desktop.ui.server.addresses import parse_server_text

    return parse_server_text(text)


def install(window: Any) -> None:
    ServerFeature(window)


__all__ = ["ServerFeature", "install", "open_server"]
