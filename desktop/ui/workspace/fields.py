"""Editing widgets that commit a value when the user is done with it (Enter, focus change, a
choice made), never on every keystroke, and that survive reloads while the user is typing.

`load(value)` is called whenever the stored value may have changed; a widget the user has
edited but not yet committed keeps the user's text (nothing typed is lost), everything else
shows the stored value. `load(value, version)` also records the row version the shown text
came from (`base_version`): kept while the user types over a newer stored value, so a team-server
edit is checked against what the user actually saw, not against the row re-read meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QMimeData, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QPlainTextEdit, QWidget


def repaired_paste(parent: QWidget, text: str) -> str:
    """Pasted text that looks like mis-decoded Cyrillic is offered for repair (before/after)."""
    from desktop.domain.textrepair import looks_mojibake
    from desktop.ui.repair.dialog import offer_repair

    if looks_mojibake(text):
        fixed = offer_repair(parent, text)
        if fixed is not None:
            return fixed
    return text


class CommitLineEdit(QLineEdit):
    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded = ""
        self.base_version: int | None = None
        self.editingFinished.connect(self.commit)

    @property
    def dirty(self) -> bool:
        return self.text() != self._loaded

    def load(self, value: str, version: int | None = None) -> None:
        if not self.dirty or not self.hasFocus():
            self.setText(value)
            self.setCursorPosition(0)
            self.base_version = version
        self._loaded = value

    def commit(self) -> None:
        if self.dirty:
            value = self.text()
            self._loaded = value
            self.committed.emit(value)


class CommitTextEdit(QPlainTextEdit):
    """Multi-line plain text, committed on focus change (and by `commit()` on switch or close)."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, lines: int = 4, grow: bool = True) -> None:
        super().__init__(parent)
        self._loaded = ""
        self.base_version: int | None = None
        self.setTabChangesFocus(True)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 12)
        if not grow:  # in a form: keep to its lines and scroll, rather than push the form apart
            self.setMaximumHeight(self.fontMetrics().lineSpacing() * (lines + 1) + 12)

    @property
    def dirty(self) -> bool:
        return self.toPlainText() != self._loaded

    def load(self, value: str, version: int | None = None) -> None:
        if not self.dirty or not self.hasFocus():
            self.setPlainText(value)
            self.base_version = version
        self._loaded = value

    def commit(self) -> None:
        if self.dirty:
            value = self.toPlainText()
            self._loaded = value
            self.committed.emit(value)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.commit()
        super().focusOutEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText() and not self.isReadOnly():
            self.insertPlainText(repaired_paste(self, source.text()))
            return
        super().insertFromMimeData(source)


class ChoiceCombo(QComboBox):
    """A fixed list of (value, label); `committed(value)` only when the user picks one."""

    committed = Signal(object)

    def __init__(self, choices: Sequence[tuple[Any, str]] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_choices(choices)
        self.activated.connect(lambda index: self.committed.emit(self.itemData(index)))

    def set_choices(self, choices: Sequence[tuple[Any, str]]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        for value, label in choices:
            self.addItem(label, value)
        index = self.findData(current) if current is not None else -1
        self.setCurrentIndex(max(index, 0) if self.count() else -1)
        self.blockSignals(False)

    def value(self) -> Any:
        return self.currentData() if self.currentIndex() >= 0 else None

    def load(self, value: Any) -> None:
        index = self.findData(value)
        if index < 0 and value not in (None, ""):
            self.addItem(str(value), value)  # a value outside the list stays visible
            index = self.count() - 1
        self.blockSignals(True)
        self.setCurrentIndex(max(index, 0) if self.count() else -1)
        self.blockSignals(False)

    def choose(self, value: Any) -> None:
        """Select `value` as if the user had (tests and keyboard helpers)."""
        index = self.findData(value)
        if index < 0:
            raise ValueError(f"{value!r} is not offered")
        self.setCurrentIndex(index)
        self.activated.emit(index)


class DateField(QDateEdit):
    """A date with a calendar; ISO display so dates read the same in every country."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.set_date(value or date.today())

    def set_date(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))

    def value(self) -> date:
        d = self.date()
        return date(d.year(), d.month(), d.day())
