"""Set a request's due date by hand, with the reason (DESIGN §4), or go back to the rule's date."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class DueOverrideDialog(QDialog):
    """`result_action` is "set" (with `due` and `reason`), "clear" or None (cancelled)."""

    def __init__(self, request: Any, parent: QWidget | None = None, *, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle("Due date set by hand")
        self.result_action: str | None = None
        intro = QLabel(f"<b>{request.subject or 'Request'}</b><br>{request.due_basis or 'No due date yet.'}")
        intro.setWordWrap(True)
        intro.setMinimumWidth(460)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        start = request.due_override or request.due_on or today
        self.date_edit.setDate(QDate(start.year, start.month, start.day))
        self.reason_edit = QLineEdit(request.due_override_reason)
        self.reason_edit.setPlaceholderText("e.g. new date in the archive's letter of 2 October")
        self.reason_edit.textChanged.connect(self._update_buttons)
        form = QFormLayout()
        form.addRow("Due on", self.date_edit)
        form.addRow("Why", self.reason_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.clear_button = QPushButton("Use the rule's date")
        self.clear_button.setEnabled(request.due_override is not None)
        self.buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.clicked.connect(self._clear)
        self.buttons.accepted.connect(self._set)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update_buttons()

    def _update_buttons(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason_edit.text().strip()))
        ok.setToolTip("" if ok.isEnabled() else "Say why the date is set by hand")

    @property
    def due(self) -> date:
        value = self.date_edit.date()
        return date(value.year(), value.month(), value.day())

    @property
    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def _set(self) -> None:
        self.result_action = "set"
        self.accept()

    def _clear(self) -> None:
        self.result_action = "clear"
        self.accept()
