"""File ▸ Connect to team server…: fields or a pasted address, clear messages for every way a
connection fails (the dialog stays open with everything typed), passwords never in the settings."""

from __future__ import annotations

import socket
import stat
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.ui.server.connect_dialog import ConnectDialog
from tests.pg import PASSWORD, PgCluster


def connect_dialog(qtbot: Any, window: Any) -> ConnectDialog:
    action = next(a for a in window.all_actions() if a.objectName() == "ConnectToTeamServer")
    assert action.shortcut().toString() == "Ctrl+Alt+O"
    action.trigger()
    dialog = next((d for d in window.findChildren(ConnectDialog) if d.isVisible()), None)
    assert dialog is not None
    return dialog


def type_text(widget: Any, text: str) -> None:
    """Type like a user (key by key; Unicode through sendKeyEvent, see PLATFORM-NOTES)."""
    widget.setFocus()
    widget.selectAll()
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def attempt(qtbot: Any, dialog: ConnectDialog) -> None:
    dialog.go.click()
    qtbot.waitUntil(lambda: not dialog._busy, timeout=20000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_pasted_address_fills_the_fields_and_bad_input_is_explained(
    qtbot: Any, open_window: Any, artifacts: Path
) -> None:
    window = open_window("Ana")
    dialog = connect_dialog(qtbot, window)
    type_text(dialog.url, "postgresql://ana@db.example.org:5433/khalkhin_gol?sslmode=require")
    assert dialog.host.text() == "db.example.org"
    assert dialog.port.value() == 5433
    assert dialog.database.text() == "khalkhin_gol"
    assert dialog.user.text() == "ana"
    assert dialog.tls.currentData() == "require"
    assert "~/.pgpass" in dialog.remember.text()  # no keyring here: the 0600 file is offered
    dialog.grab().save(str(artifacts / "server-connect-dialog.png"))

    type_text(dialog.url, "postgresql://ana:secret@db.example.org/khalkhin_gol")
    assert dialog.error.isVisible() and "password" in dialog.error.text() and "keyring" in dialog.error.text()

    dialog.url.clear()
    dialog.database.clear()
    dialog.go.click()
    assert dialog.isVisible()
    assert "database" in dialog.error.text()
    dialog.host.clear()
    dialog.go.click()
    assert "host" in dialog.error.text()
    dialog.reject()


def test_wrong_password_server_down_and_tls_refused_keep_the_dialog(
    qtbot: Any,
    open_window: Any,
    pg_demo: Any,
    pg_server: PgCluster,
    isolated_home: Path,
    artifacts: Path,
) -> None:
    window = open_window("Ana")
    before = window.project
    dialog = connect_dialog(qtbot, window)
    tcp = pg_server.address(pg_demo.database, tcp=True)
    dialog.set_address(tcp)

    type_text(dialog.password, "not the password")
    attempt(qtbot, dialog)
    assert dialog.isVisible()
    assert "refused the password" in dialog.error.text()
    assert dialog.password.text() == "not the password"  # nothing typed is lost
    dialog.grab().save(str(artifacts / "server-connect-wrong-password.png"))

    dialog.port.setValue(free_port())
    attempt(qtbot, dialog)
    assert "Cannot reach the team server" in dialog.error.text() and "running" in dialog.error.text()

    dialog.port.setValue(tcp.port)
    dialog.tls.setCurrentIndex(dialog.tls.findData("require"))
    type_text(dialog.password, PASSWORD)
    attempt(qtbot, dialog)
    assert "TLS" in dialog.error.text(), dialog.error.text()
    assert window.project is before  # still the project it had

    # the right password and TLS mode: connected, and the password remembered in ~/.pgpass (0600)
    dialog.tls.setCurrentIndex(dialog.tls.findData("disable"))
    dialog.remember.setChecked(True)
    attempt(qtbot, dialog)
    qtbot.waitUntil(lambda: window.project is not None and window.project.server is not None, timeout=20000)
    pgpass = isolated_home / ".pgpass"
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert f":{PASSWORD}" in pgpass.read_text()
    config = window.paths.config_file.read_text(encoding="utf-8")
    assert PASSWORD not in config and tcp.text() in config  # the address is recent, the password is not

    # next time nothing needs typing: the recent entry connects with the remembered password
    window.close_project()
    window.recent_menu.aboutToShow.emit()
    entry = next(a for a in window.recent_menu.actions() if a.text().startswith("Team server:"))
    entry.trigger()
    qtbot.waitUntil(lambda: window.project is not None, timeout=20000)
    assert window.project.server == tcp
    assert not any(isinstance(w, ConnectDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_with_a_keyring_the_password_goes_there_not_to_pgpass(
    qtbot: Any, open_window: Any, pg_demo: Any, pg_server: PgCluster, isolated_home: Path
) -> None:
    import keyring

    from desktop.store.server import credentials
    from tests.gui.server.keyrings import MemoryKeyring

    backend = MemoryKeyring()
    keyring.set_keyring(backend)  # the autouse fixture puts the "fail" backend back afterwards
    window = open_window("Ana")
    dialog = connect_dialog(qtbot, window)
    tcp = pg_server.address(pg_demo.database, tcp=True)
    dialog.set_address(tcp)
    assert dialog.remember.text() == "Remember the password in the system keyring"
    type_text(dialog.password, PASSWORD)
    dialog.remember.setChecked(True)
    attempt(qtbot, dialog)
    qtbot.waitUntil(lambda: window.project is not None, timeout=20000)
    assert backend.passwords == {(credentials.KEYRING_SERVICE, credentials.keyring_user(tcp)): PASSWORD}
    assert not (isolated_home / ".pgpass").exists()
    assert PASSWORD not in window.paths.config_file.read_text(encoding="utf-8")

    # the next dialog for this server says a password is remembered, and connects without one
    window.close_project()
    again = connect_dialog(qtbot, window)
    again.set_address(tcp)
    assert again.password_source.isVisible() and "remembered" in again.password_source.text()
    attempt(qtbot, again)
    qtbot.waitUntil(lambda: window.project is not None, timeout=20000)


def test_clearing_the_recent_list_keeps_the_open_server(qtbot: Any, open_window: Any, pg_demo: Any) -> None:
    window = open_window("Ana", pg_demo)
    window.recent_menu.aboutToShow.emit()
    clear = next(a for a in window.recent_menu.actions() if a.text() == "Clear the list")
    clear.trigger()
    assert window.config.recent_projects == (pg_demo.text(),)
