"""Tools > Legal regimes…: the project's deadline rules, edited in place (they travel with the file).

Saving goes through `desktop.store.deadlines.update_regime` (repo.update, then the due dates of
every request at an archive under that regime are recomputed). A preview shows what the rule as
typed would give for a request registered today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.deadlines import DeadlineError, Rule, count, default_rules, explain, holiday_countries
from desktop.domain.regimes import DEFAULT_REGIMES

UNIT_CHOICES = (("calendar days", "calendar"), ("working days", "working"))
CLARIFICATION_CHOICES = (
    ("pauses the clock (days left are kept)", "pause"),
    ("restarts the clock in full", "reset"),
)


class LegalRegimesDialog(QDialog):
    def __init__(self, window: Any, clock: Callable[[], date] = date.today) -> None:
        super().__init__(window)
        self.window_ = window
        self.clock = clock
        self.setWindowTitle("Legal regimes")
        self.resize(980, 620)
        self.regimes: list[Any] = []
        self.current: Any = None
        self._loading = False
        self.dirty = False

        self.list = QListWidget()
        self.list.setSpacing(3)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._select)
        self.add_button = QPushButton("Add…")
        self.add_button.clicked.connect(self.add_regime)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_regime)

        self.code = QLabel()
        self.name = QLineEdit()
        self.law = QLineEdit()
        self.unit = QComboBox()
        for text, value in UNIT_CHOICES:
            self.unit.addItem(text, value)
        self.initial = QSpinBox()
        self.initial.setRange(1, 3660)
        self.extension = QSpinBox()
        self.extension.setRange(0, 3660)
        self.extension.setSpecialValueText("none")
        self.extension.setSuffix(" days")
        self.appeal = QSpinBox()
        self.appeal.setRange(0, 3660)
        self.appeal.setSpecialValueText("none")
        self.appeal.setSuffix(" calendar days")
        for spin in (self.initial, self.extension, self.appeal):
            spin.setMinimumWidth(150)
            spin.setMaximumWidth(180)
        self.country = QComboBox()
        self.country.addItem("weekends only (no holiday calendar)", "")
        for code, name in holiday_countries():
            self.country.addItem(f"{name} ({code})", code)
        self.roll = QCheckBox(
            "A calendar period ending on a weekend or holiday moves to the next working day"
        )
        self.clarification = QComboBox()
        for text, value in CLARIFICATION_CHOICES:
            self.clarification.addItem(text, value)
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(80)
        self.used_by = QLabel()
        self.used_by.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setStyleSheet("QLabel { background: #f4f7fb; padding: 6px; border-radius: 4px; }")

        for widget in (self.name, self.law):
            widget.textEdited.connect(self._changed)
        for spin in (self.initial, self.extension, self.appeal):
            spin.valueChanged.connect(self._changed)
        for combo in (self.unit, self.country, self.clarification):
            combo.currentIndexChanged.connect(self._changed)
        self.roll.toggled.connect(self._changed)
        self.notes.textChanged.connect(self._changed)

        form = QFormLayout()
        form.addRow("Code", self.code)
        form.addRow("Name", self.name)
        form.addRow("Law", self.law)
        period = QHBoxLayout()
        period.addWidget(self.initial)
        period.addWidget(self.unit)
        period.addStretch(1)
        form.addRow("Period", period)
        form.addRow("Extension", self.extension)
        form.addRow("Appeal window", self.appeal)
        form.addRow("Holidays of", self.country)
        form.addRow("", self.roll)
        form.addRow("A clarification", self.clarification)
        form.addRow("Notes", self.notes)
        form.addRow("Used by", self.used_by)
        form.addRow("Example", self.preview)

        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.restore_button = QPushButton("Restore default")
        self.restore_button.setToolTip("Put back the rule Quaestio ships for this regime")
        self.restore_button.clicked.connect(self.restore_default)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        left_layout.addLayout(row)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(form)
        right_layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([300, 680])
        layout = QVBoxLayout(self)
        note = QLabel(
            "Each archive follows one regime. Due dates of its requests are recomputed when you save. "
            "These rules are defaults: check them against the archive's own notices."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.reload()

    # --- data ----------------------------------------------------------------------------------

    def reload(self, select_code: str | None = None) -> None:
        from desktop.store import repo
        from desktop.store.models import Archive, LegalRegime

        project = self.window_.project
        self.regimes = project.read(repo.list_rows, entity=LegalRegime, order_by="code")
        archives = project.read(repo.list_rows, entity=Archive)
        self.users: dict[str, list[str]] = {}
        for archive in archives:
            self.users.setdefault(archive.regime_code, []).append(archive.identifier or archive.name)
        readonly = project.readonly
        for widget in (self.add_button, self.delete_button, self.save_button, self.restore_button):
            widget.setEnabled(not readonly)
        self.list.blockSignals(True)
        self.list.clear()
        for regime in self.regimes:
            item = QListWidgetItem(f"{regime.name or regime.code}\n{regime.code}")
            item.setToolTip(regime.law)
            self.list.addItem(item)
        self.list.blockSignals(False)
        codes = [r.code for r in self.regimes]
        index = codes.index(select_code) if select_code in codes else 0
        if self.regimes:
            self.list.setCurrentRow(index)
            self._select(index)

    def _select(self, index: int) -> None:
        if index < 0 or index >= len(self.regimes):
            return
        if self.dirty and self.current is not None and self.current.code != self.regimes[index].code:
            answer = QMessageBox.question(
                self,
                "Unsaved changes",
                f"Save the changes to {self.current.code}?",
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard,
            )
            if answer == QMessageBox.StandardButton.Save and not self.save():
                return
        self.current = self.regimes[index]
        self._show(self.current)

    def _show(self, regime: Any) -> None:
        self._loading = True
        self.code.setText(regime.code)
        self.name.setText(regime.name)
        self.law.setText(regime.law)
        self.unit.setCurrentIndex(max(self.unit.findData(regime.unit), 0))
        self.initial.setValue(regime.initial_days)
        self.extension.setValue(regime.extension_days)
        self.appeal.setValue(regime.appeal_days or 0)
        self.country.setCurrentIndex(max(self.country.findData(regime.holiday_country), 0))
        self.roll.setChecked(regime.roll_forward)
        self.clarification.setCurrentIndex(max(self.clarification.findData(regime.clarification), 0))
        self.notes.setPlainText(regime.notes)
        users = sorted(self.users.get(regime.code, []))
        self.used_by.setText(", ".join(users) if users else "no archive yet")
        self.restore_button.setVisible(regime.code in default_rules())
        self._loading = False
        self.dirty = False
        self._update_preview()

    def values(self) -> dict[str, Any]:
        """The form as regime fields."""
        return {
            "name": self.name.text().strip(),
            "law": self.law.text().strip(),
            "unit": self.unit.currentData(),
            "initial_days": self.initial.value(),
            "extension_days": self.extension.value(),
            "appeal_days": self.appeal.value() or None,
            "holiday_country": self.country.currentData(),
            "roll_forward": self.roll.isChecked(),
            "clarification": self.clarification.currentData(),
            "notes": self.notes.toPlainText().strip(),
        }

    def _changed(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self._update_preview()

    def _update_preview(self) -> None:
        if self.current is None:
            return
        rule = Rule.of({"code": self.current.code, **self.values()})
        today = self.clock()
        try:
            rule.check()
            text = explain(count(today, rule.initial_days, rule), rule, start_label="registered today")
            if rule.extension_days:
                extended = count(today, rule.initial_days + rule.extension_days, rule)
                text += f". Extended: due {extended.end.isoformat()}."
        except DeadlineError as exc:
            text = str(exc)
        self.preview.setText(text)

    # --- actions -------------------------------------------------------------------------------

    def save(self) -> bool:
        from desktop.store import deadlines

        if self.current is None:
            return False
        code = self.current.code
        try:
            self.window_.project.write(deadlines.update_regime, id=self.current.id, values=self.values())
        except Exception as exc:
            self.window_.report_error("Cannot save the regime", exc)
            return False
        self.dirty = False
        self.reload(select_code=code)
        return True

    def restore_default(self) -> None:
        """Fill the form with the shipped rule; Save keeps it."""
        default = next((r for r in DEFAULT_REGIMES if self.current and r["code"] == self.current.code), None)
        if default is None:
            return
        self._show(SimpleNamespace(**{**self.current.model_dump(), **default}))
        self.dirty = True

    def add_regime(self) -> None:
        from desktop.store import deadlines

        code, ok = QInputDialog.getText(
            self, "New regime", "Short code for the regime (e.g. kz-archive-query):"
        )
        if not ok or not code.strip():
            return
        values = {**self.values(), "code": code.strip(), "name": code.strip()}
        try:
            self.window_.project.write(deadlines.create_regime, values=values)
        except Exception as exc:
            self.window_.report_error("Cannot add the regime", exc)
            return
        self.dirty = False
        self.reload(select_code=code.strip())

    def delete_regime(self) -> None:
        from desktop.store import deadlines

        if self.current is None:
            return
        try:
            self.window_.project.write(deadlines.delete_regime, id=self.current.id)
        except Exception as exc:
            self.window_.report_error("Cannot delete the regime", exc)
            return
        self.dirty = False
        self.reload()
