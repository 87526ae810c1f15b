"""Edit > Repair text…: finds the text field the user was in and repairs its selection."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from desktop.ui.repair.dialog import RepairDialog, Selection, apply_repair, repair_dialog_for, selection_of
from desktop.ui.search.panel import SearchPanel


def _is_text_field(widget: QWidget | None) -> bool:
    if not isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return False
    # Our own dialogs' fields are tools, not the user's text.
    return not isinstance(widget.window(), RepairDialog | SearchPanel)


class RepairActions(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.main = window
        self._last_field: QWidget | None = None
        self.dialog: RepairDialog | None = None
        self.action = QAction("&Repair text…", window)
        self.action.setStatusTip(
            "Repair Cyrillic mis-decoded as Latin letters (Ýòî → Это) in the selection or in pasted text"
        )
        self.action.triggered.connect(self.open_dialog)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # Remembered so that a menu or toolbar click, which may move the focus, still finds the field.
        if _is_text_field(new):
            self._last_field = new

    def target_field(self) -> QWidget | None:
        focused = QApplication.focusWidget()
        if _is_text_field(focused):
            return focused
        last = self._last_field
        if last is not None and shiboken6.isValid(last) and last.isVisible():
            return last
        return None

    def open_dialog(self) -> RepairDialog:
        """Open the dialog (window-modal, not blocking); confirming repairs the field."""
        selection = selection_of(self.target_field())
        dialog = repair_dialog_for(self.main, selection)
        dialog.finished.connect(lambda result: self._finished(dialog, selection, result))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _finished(self, dialog: RepairDialog, selection: Selection | None, result: int) -> None:
        self.dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        status = self.main.statusBar()
        if selection is None or not selection.writable:
            status.showMessage("The repaired text is on the clipboard.", 8000)
            return
        count = apply_repair(selection)
        selection.widget.setFocus()  # its own saving (on focus change) and undo take over
        if count:
            status.showMessage(
                f"Repaired {count} passage{'s' if count != 1 else ''}; Undo brings them back.", 8000
            )
        else:
            status.showMessage("The text changed while the dialog was open; nothing was repaired.", 8000)
