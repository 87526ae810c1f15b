"""Help > About Quaestio: versions, paths, and the text copied for a bug report."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import PySide6
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

import desktop
from desktop import APP_NAME, __version__
from desktop.ui.about import AboutDialog
from desktop.ui.main_window import MainWindow


def open_about(qtbot, window: MainWindow) -> AboutDialog:
    """Open the dialog the way a user does: through the Help menu."""
    help_menu = window.menu("&Help")
    action = next(a for a in help_menu.actions() if a.text() == f"&About {APP_NAME}")
    action.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def shown_values(dialog: AboutDialog) -> dict[str, str]:
    """What each row says; a value too long for the dialog is elided, whole in its tooltip."""
    values = {}
    for label, field in dialog.value_labels.items():
        if field.toolTip():
            assert "…" in field.text() and len(field.text()) < len(field.toolTip())
        values[label] = field.toolTip() or field.text()
    return values


def close_about(qtbot, window: MainWindow, dialog: AboutDialog) -> None:
    dialog.reject()
    qtbot.waitUntil(lambda: window.findChild(AboutDialog) is None)  # deleted on close


def test_about_shows_versions_and_paths_and_copies_them(qtbot, paths, demo_path, artifacts):
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(demo_path)
    assert window.menuBar().actions()[-1].text() == "&Help"

    dialog = open_about(qtbot, window)
    shown = shown_values(dialog)
    assert shown["Installed as"] == f"source checkout in {Path(desktop.__file__).resolve().parent.parent}"
    assert shown["Qt"].startswith(f"{qVersion()} (PySide6 {PySide6.__version__}")
    assert shown["SQLite"] == sqlite3.sqlite_version
    assert shown["Project"] == str(demo_path)
    assert shown["Data folder"] == str(paths.data_dir)
    dialog.grab().save(str(artifacts / "about-dialog.png"))

    QApplication.clipboard().clear()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text().splitlines()
    assert copied[0] == f"{APP_NAME} {__version__}"
    assert f"Project: {demo_path}" in copied
    assert f"Data folder: {paths.data_dir}" in copied
    assert f"Log file: {paths.log_file}" in copied
    assert f"SQLite: {sqlite3.sqlite_version}" in copied
    assert any(line.startswith(f"Qt: {qVersion()}") for line in copied)
    assert any(line.startswith("Python: 3.") for line in copied)
    assert "Copied" in dialog.feedback.text()

    close_about(qtbot, window, dialog)
    window.close_project()


def test_about_without_a_project_and_read_only(qtbot, paths, demo_path):
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.show()
    dialog = open_about(qtbot, window)
    assert shown_values(dialog)["Project"] == "none open"
    close_about(qtbot, window, dialog)

    assert window.open_project(demo_path, readonly=True)
    dialog = open_about(qtbot, window)
    assert shown_values(dialog)["Project"] == f"{demo_path} (read-only)"
    close_about(qtbot, window, dialog)
    window.close_project()


def test_open_data_folder_asks_the_desktop_for_that_folder(qtbot, paths, monkeypatch):
    opened: list[QUrl] = []
    # The real call would start a file manager; record the request instead.
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = MainWindow(paths)
    qtbot.addWidget(window)
    dialog = open_about(qtbot, window)
    dialog.folder_button.click()
    assert [url.toLocalFile() for url in opened] == [str(paths.data_dir)]
    assert dialog.feedback.text() == ""

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    dialog.folder_button.click()
    assert str(paths.data_dir) in dialog.feedback.text()
    close_about(qtbot, window, dialog)
