"""Fixtures for the workspace tests: a main window on a copy of the demo project, with a fixed
'today', and helpers that type the way a user does (Unicode included, see PLATFORM-NOTES)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.main_window import MainWindow

TODAY = date(2026, 11, 26)


def type_text(widget: QWidget, text: str) -> None:
    """Type like a keyboard, one key event per character; safe for Cyrillic, kana and kanji."""
    widget.setFocus()
    for ch in text:
        if ch == "\n":
            QTest.keyClick(widget, Qt.Key.Key_Return)
        else:
            QTest.sendKeyEvent(
                QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
            )


def press_enter(widget: QWidget) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Return)


def open_window(qtbot, paths, project_path: Path, size: tuple[int, int] = (1280, 800)) -> MainWindow:
    window = MainWindow(paths, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.update_config(replace(window.config, author_name="Ana Historian"))
    window.resize(*size)
    window.show()
    window.activateWindow()  # focus goes where a user's would: the window is the active one
    qtbot.waitUntil(window.isActiveWindow)
    assert window.open_project(project_path)
    window.show_page("Questions")
    return window


@pytest.fixture
def window(qtbot, paths, demo_path) -> Iterator[MainWindow]:
    win = open_window(qtbot, paths, demo_path)
    yield win
    win.close()


def select_question(window: MainWindow, code: str) -> str:
    model = window.workspace.questions.model
    for row in range(model.rowCount()):
        if model.row_at(row).code == code:
            window.show_question(model.id_at(row))
            return model.id_at(row)
    raise AssertionError(f"no question {code}")


def shot(widget: QWidget, artifacts: Path, name: str) -> Path:
    QApplication.processEvents()  # pending layout requests (a page just shown) are applied first
    path = artifacts / f"{name}.png"
    assert widget.grab().save(str(path))
    return path
