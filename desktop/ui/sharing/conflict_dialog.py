"""Review the conflicts of a merge: each field changed differently on both sides, shown side by
side (mine / theirs / the result, which can be edited), with who changed it and when."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

CHOICE_LABELS = {"mine": "Mine", "theirs": "Theirs", "edit": "Edited"}


def field_text(value: Any) -> str:
    """A conflict value as editable text: lists comma-separated, mappings 'key value; ...'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def _when(moment: Any) -> str:
    from desktop.store.merge_report import local_time

    return local_time(moment)


class ConflictDialog(QDialog):
    """Decide every conflicting field; `resolutions()` gives the decisions when accepted."""

    def __init__(self, plan: Any, *, mine_label: str = "Mine", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.plan = plan
        self.conflicts = list(plan.decisions)
        self.choices: dict[str, str] = {c.key: "mine" for c in self.conflicts}
        self.edited: dict[str, str] = {}
        n = len(self.conflicts)
        self.setWindowTitle(f"Merge {plan.source_name}: {n} conflict{'s' if n != 1 else ''} to decide")
        self.resize(1100, 720)

        intro = QLabel(
            f"These fields were changed in your project and, differently, in <b>{plan.source_name}</b> "
            "since the two copies last met. For each one, keep yours, take theirs, or edit the result. "
            "Nothing is merged until you press <b>Merge</b>; a backup of your project is taken first."
        )
        intro.setWordWrap(True)

        self.table = QTableWidget(n, 5)
        self.table.setObjectName("conflictTable")
        self.table.setHorizontalHeaderLabels(["Record", "Field", "Mine", "Theirs", "Keep"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, 220)
        for row, conflict in enumerate(self.conflicts):
            self._set_row(row, conflict)

        self.mine_box, self.mine_text, self.use_mine = self._side("Mine", "Use mine")
        self.theirs_box, self.theirs_text, self.use_theirs = self._side("Theirs", "Use theirs")
        self.result_box = QGroupBox("Result (you can edit it)")
        self.result_text = QPlainTextEdit()
        self.result_text.setObjectName("resultText")
        result_layout = QVBoxLayout(self.result_box)
        result_layout.addWidget(self.result_text)
        self.hint = QLabel("Lists: separate with commas. Dates: YYYY-MM-DD.")
        self.hint.setWordWrap(True)
        result_layout.addWidget(self.hint)
        self.use_mine.clicked.connect(lambda: self.choose("mine"))
        self.use_theirs.clicked.connect(lambda: self.choose("theirs"))
        self.result_text.textChanged.connect(self._result_edited)

        sides = QWidget()
        grid = QGridLayout(sides)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.mine_box, 0, 0)
        grid.addWidget(self.theirs_box, 0, 1)
        grid.addWidget(self.result_box, 0, 2)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(sides)
        splitter.setSizes([300, 360])

        self.error = QLabel()
        self.error.setObjectName("conflictError")
        self.error.setStyleSheet("color: #a4161a;")
        self.error.setWordWrap(True)
        self.error.hide()

        all_mine = QPushButton("Keep mine for all")
        all_mine.clicked.connect(lambda: self.choose_all("mine"))
        all_theirs = QPushButton("Take theirs for all")
        all_theirs.clicked.connect(lambda: self.choose_all("theirs"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(all_mine)
        bottom.addWidget(all_theirs)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addLayout(bottom)

        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        self._showing = -1
        if n:
            self.table.selectRow(0)
            self._show(0)

    # --- building ----------------------------------------------------------------------------

    def _side(self, title: str, button: str) -> tuple[QGroupBox, QPlainTextEdit, QPushButton]:
        box = QGroupBox(title)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        use = QPushButton(button)
        layout = QVBoxLayout(box)
        layout.addWidget(text)
        layout.addWidget(use)
        return box, text, use

    def _set_row(self, row: int, conflict: Any) -> None:
        from desktop.store.history import display_value

        cells = [
            conflict.record,
            conflict.field_label,
            f"{display_value(conflict.mine, limit=80)}\n{conflict.mine_by}, {_when(conflict.mine_at)}",
            f"{display_value(conflict.theirs, limit=80)}\n{conflict.theirs_by}, {_when(conflict.theirs_at)}",
            CHOICE_LABELS[self.choices[conflict.key]],
        ]
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setItem(row, column, item)
        self.table.resizeRowToContents(row)

    # --- choosing -------------------------------------------------------------------------------

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            return
        self._showing = row
        conflict = self.conflicts[row]
        self.mine_box.setTitle(f"Mine — {conflict.mine_by}, {_when(conflict.mine_at)}")
        self.theirs_box.setTitle(f"Theirs — {conflict.theirs_by}, {_when(conflict.theirs_at)}")
        self.mine_text.setPlainText(field_text(conflict.mine))
        self.theirs_text.setPlainText(field_text(conflict.theirs))
        self.result_box.setTitle(f"Result: {conflict.field_label} (you can edit it)")
        self._fill_result(conflict)

    def _fill_result(self, conflict: Any) -> None:
        choice = self.choices[conflict.key]
        if choice == "edit":
            text = self.edited[conflict.key]
        else:
            text = field_text(conflict.mine if choice == "mine" else conflict.theirs)
        self.result_text.blockSignals(True)
        self.result_text.setPlainText(text)
        self.result_text.blockSignals(False)

    def _result_edited(self) -> None:
        if self._showing < 0:
            return
        conflict = self.conflicts[self._showing]
        text = self.result_text.toPlainText()
        if text == field_text(conflict.mine):
            self._set_choice(self._showing, "mine")
        elif text == field_text(conflict.theirs):
            self._set_choice(self._showing, "theirs")
        else:
            self.edited[conflict.key] = text
            self._set_choice(self._showing, "edit")

    def _set_choice(self, row: int, choice: str) -> None:
        conflict = self.conflicts[row]
        self.choices[conflict.key] = choice
        self.table.item(row, 4).setText(CHOICE_LABELS[choice])
        self.error.hide()

    def choose(self, choice: str, row: int | None = None) -> None:
        """Keep mine or take theirs for one conflict (the one shown, by default)."""
        row = self._showing if row is None else row
        if row < 0:
            return
        self._set_choice(row, choice)
        if row == self._showing:
            self._fill_result(self.conflicts[row])

    def choose_all(self, choice: str) -> None:
        for row in range(len(self.conflicts)):
            self._set_choice(row, choice)
        if self._showing >= 0:
            self._fill_result(self.conflicts[self._showing])

    # --- the decisions ----------------------------------------------------------------------------

    def resolutions(self) -> dict[str, Any]:
        """{conflict key: Resolution}; raises InvalidValue for an edited value that does not fit."""
        from desktop.store.merge import Resolution, parse_field_text

        decided: dict[str, Any] = {}
        for conflict in self.conflicts:
            choice = self.choices[conflict.key]
            if choice == "edit":
                value = parse_field_text(conflict.table, conflict.field, self.edited[conflict.key])
                decided[conflict.key] = Resolution("edit", value)
            else:
                decided[conflict.key] = Resolution(choice)  # type: ignore[arg-type]
        return decided

    def accept(self) -> None:
        from desktop.store.errors import QuaestioError

        for row, conflict in enumerate(self.conflicts):
            if self.choices[conflict.key] != "edit":
                continue
            try:
                from desktop.store.merge import parse_field_text

                parse_field_text(conflict.table, conflict.field, self.edited[conflict.key])
            except QuaestioError as exc:
                self.table.selectRow(row)
                self._show(row)
                self.error.setText(f"{conflict.record}, {conflict.field_label}: {exc}")
                self.error.show()
                return
        super().accept()


__all__ = ["ConflictDialog", "field_text"]
