"""Edit > Repair text: Cyrillic mis-decoded as Latin-1, shown before and after, repaired on confirm.

The dialog works on the selection of the text field that had the focus (or its whole text when
nothing is selected), or on text pasted into it. Confirming replaces only the mis-decoded
passages inside that field, as one edit, so the field's own undo and saving apply. Other parts
of the application call `offer_repair(parent, text)` when mojibake is pasted.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.textrepair import Run, find_runs, repair

TextWidget = QLineEdit | QTextEdit | QPlainTextEdit
BEFORE_COLOUR = QColor("#f9d6d5")  # soft red: what will change
AFTER_COLOUR = QColor("#d3efd5")  # soft green: what it becomes
PARAGRAPH_SEPARATOR = "\u2029"  # QTextCursor.selectedText() ends paragraphs with it


class RepairDialog(QDialog):
    """Before and after side by side. With `editable=True` the user pastes or types the text."""

    def __init__(
        self, parent: QWidget | None, text: str = "", *, editable: bool = False, target: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Repair text")
        self.resize(900, 460)
        self._runs: list[Run] = []
        self._editable = editable

        explanation = QLabel(
            "Russian or Mongolian text from old PDFs is often shown as Latin letters with accents "
            "(“Ýòî ïðîòèâîðå÷èò” instead of “Это противоречит”). The passages marked on the left "
            "are read again as Cyrillic; everything else is kept as it is."
        )
        explanation.setWordWrap(True)
        self.target_label = QLabel(target)
        self.target_label.setVisible(bool(target))

        self.before = QPlainTextEdit(self)
        self.before.setPlainText(text)
        self.before.setReadOnly(not editable)
        if editable:
            self.before.setPlaceholderText("Paste the text to repair here.")
        self.after = QPlainTextEdit(self)
        self.after.setReadOnly(True)
        for edit in (self.before, self.after):
            edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
            edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        before_box = QGroupBox("Before", self)
        before_layout = QVBoxLayout(before_box)
        before_layout.addWidget(self.before)
        after_box = QGroupBox("After", self)
        QVBoxLayout(after_box).addWidget(self.after)
        panes = QHBoxLayout()
        panes.addWidget(before_box, 1)
        panes.addWidget(after_box, 1)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)

        self.buttons = QDialogButtonBox(self)
        self.paste_button: QPushButton | None = None
        if editable:
            self.paste_button = QPushButton("&Paste from the clipboard", before_box)
            self.paste_button.clicked.connect(self._paste)
            before_layout.addWidget(self.paste_button, 0, Qt.AlignmentFlag.AlignLeft)
            self.repair_button = self.buttons.addButton(
                "&Copy repaired text", QDialogButtonBox.ButtonRole.AcceptRole
            )
        else:
            self.repair_button = self.buttons.addButton("&Repair", QDialogButtonBox.ButtonRole.AcceptRole)
        self.repair_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.target_label)
        layout.addLayout(panes, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

        self.before.textChanged.connect(self._update)
        self._update()

    # --- what the dialog shows -----------------------------------------------------------------

    @property
    def source_text(self) -> str:
        return self.before.toPlainText()

    @property
    def runs(self) -> list[Run]:
        return list(self._runs)

    def repaired_text(self) -> str:
        return repair(self.source_text)

    def _update(self) -> None:
        text = self.source_text
        self._runs = find_runs(text)
        self.after.setPlainText(repair(text))
        _mark(self.before, self._runs, BEFORE_COLOUR)
        _mark(self.after, self._runs, AFTER_COLOUR)
        count = len(self._runs)
        if count:
            outcome = (
                "“Copy repaired text” puts the text on the clipboard, repaired."
                if self._editable
                else f"{'It' if count == 1 else 'They'} will be repaired."
            )
            found = f"{count} passage{'s' if count != 1 else ''} of mis-decoded Cyrillic found (marked)."
            self.summary.setText(f"{found} {outcome}")
        elif text.strip():
            self.summary.setText("No mis-decoded Cyrillic found: there is nothing to repair.")
        else:
            self.summary.setText("Paste the text to repair into the left pane.")
        self.repair_button.setEnabled(bool(count))

    def _paste(self) -> None:
        self.before.setPlainText(QGuiApplication.clipboard().text())

    def _accept(self) -> None:
        if self._editable:
            QGuiApplication.clipboard().setText(self.repaired_text())
        self.accept()


def _mark(edit: QPlainTextEdit, runs: list[Run], colour: QColor) -> None:
    """Highlight the runs (their length is the same before and after: repair is letter for letter)."""
    selections = []
    for run in runs:
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(edit.document())
        cursor.setPosition(run.start)
        cursor.setPosition(run.end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor  # type: ignore[attr-defined]
        fmt = QTextCharFormat()
        fmt.setBackground(colour)
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
        selection.format = fmt  # type: ignore[attr-defined]
        selections.append(selection)
    edit.setExtraSelections(selections)


def offer_repair(parent: QWidget | None, text: str) -> str | None:
    """Show before and after for `text`; the repaired text if the user confirms, else None.

    Returns None at once, showing nothing, when `text` holds no mis-decoded Cyrillic.
    """
    if not find_runs(text):
        return None
    dialog = RepairDialog(parent, text, target="The pasted text looks mis-decoded. Repair it?")
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.repaired_text()
        return None
    finally:
        dialog.deleteLater()


# --- working on a text field --------------------------------------------------------------------


@dataclass
class Selection:
    """What Repair text works on: a span of a text field (the selection, or all its text)."""

    widget: TextWidget
    start: int
    end: int
    text: str
    whole: bool  # nothing was selected: the field's whole text

    @property
    def writable(self) -> bool:
        return not self.widget.isReadOnly()

    def unchanged(self) -> bool:
        """Whether the field still holds this text where it was (it may have been reloaded)."""
        current = self.widget.text() if isinstance(self.widget, QLineEdit) else self.widget.toPlainText()
        return current[self.start : self.end] == self.text

    def describe(self) -> str:
        name = self.widget.accessibleName() or self.widget.placeholderText() or self.widget.objectName()
        where = f" of “{name}”" if name else ""
        return f"{'The whole text' if self.whole else 'The selected text'}{where}:"


def selection_of(widget: QWidget | None) -> Selection | None:
    """The selection of a text field, or its whole text when nothing is selected."""
    if isinstance(widget, QLineEdit):
        if widget.hasSelectedText():
            start = widget.selectionStart()
            return Selection(widget, start, start + len(widget.selectedText()), widget.selectedText(), False)
        return Selection(widget, 0, len(widget.text()), widget.text(), True)
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        cursor = widget.textCursor()
        if cursor.hasSelection():
            text = cursor.selectedText().replace(PARAGRAPH_SEPARATOR, "\n")
            return Selection(widget, cursor.selectionStart(), cursor.selectionEnd(), text, False)
        text = widget.toPlainText()
        return Selection(widget, 0, len(text), text, True)
    return None


def apply_repair(selection: Selection) -> int:
    """Replace the mis-decoded runs inside the field as one undoable edit; returns how many.

    Only the runs are replaced, so formatting elsewhere in a rich-text field is kept.
    """
    runs = find_runs(selection.text)
    widget = selection.widget
    if not runs or not selection.unchanged():
        return 0
    if isinstance(widget, QLineEdit):
        fixed = repair(selection.text)
        widget.setSelection(selection.start, selection.end - selection.start)
        widget.insert(fixed)  # one step on the field's undo stack
        widget.setSelection(selection.start, len(fixed))
        return len(runs)
    cursor = QTextCursor(widget.document())
    cursor.beginEditBlock()
    for run in reversed(runs):
        cursor.setPosition(selection.start + run.start)
        cursor.setPosition(selection.start + run.end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(run.repaired)
    cursor.endEditBlock()
    keep = widget.textCursor()
    keep.setPosition(selection.start)
    if not selection.whole:
        keep.setPosition(selection.end, QTextCursor.MoveMode.KeepAnchor)
    widget.setTextCursor(keep)
    return len(runs)


def repair_dialog_for(parent: QWidget, selection: Selection | None) -> RepairDialog:
    """The dialog for a field's text, or for pasted text when there is no field (or it is read-only:
    then the repaired text is copied to the clipboard instead)."""
    if selection is None:
        clipboard = QGuiApplication.clipboard().text()
        return RepairDialog(parent, clipboard if find_runs(clipboard) else "", editable=True)
    if not selection.writable:
        return RepairDialog(parent, selection.text, editable=True, target="This field is read-only:")
    dialog = RepairDialog(parent, selection.text, target=selection.describe())
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    return dialog
