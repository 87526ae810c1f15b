"""The letter preview for one request: the letter in the archive's language, as it will be
printed, with what is still missing listed; export to PDF, Word, e-mail or text, or print.

Exporting records the letter with the request (the exact text, its language and date) and moves
a draft to "ready"; "Mark as sent" moves it on when the user confirms the letter went out.
The preview re-renders when the project changes (a template saved in the editor, an address
added to the archive), so fixing what is missing shows at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.letters.context import LetterSource
from desktop.letters.data import default_kind, letter_source, mark_sent
from desktop.letters.errors import LetterRefused
from desktop.letters.export import FORMAT_LABELS, export_letter, suggested_filename
from desktop.letters.render import Letter, describe_missing, profile_gaps, render_letter
from desktop.ui.letters.common import (
    FILE_FILTERS,
    KIND_LABELS,
    SCOPE_LABELS,
    PaperView,
    language_name,
    last_folder,
    remember_folder,
    researcher_of,
    today_of,
)
from desktop.ui.signals import disconnect

# The tables whose changes can alter a letter.
WATCHED = ("letter_template", "request", "archive", "archival_reference", "request_item", "tracking_number")


class LetterPreviewDialog(QDialog):
    exported = Signal(object)  # the Path written

    def __init__(self, window: Any, request_id: str, kind: str | None = None) -> None:
        super().__init__(window)
        self.setObjectName("letterPreview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.request_id = request_id
        self.source: LetterSource | None = None
        self.letter: Letter | None = None
        self.problems: list[str] = []
        self.setWindowTitle("Letter")
        self.resize(860, 900)

        self.kind = QComboBox(self)
        self.kind.setAccessibleName("Kind of letter")
        for value, label in KIND_LABELS.items():
            self.kind.addItem(label, value)
        self.date = QDateEdit(self)
        self.date.setAccessibleName("Date of the letter")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        today = today_of(window)
        self.date.setDate(QDate(today.year, today.month, today.day))
        self.about = QLabel(self)
        self.about.setWordWrap(True)
        self.about.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top = QHBoxLayout()
        top.addWidget(QLabel("&Letter:", self, buddy=self.kind))
        top.addWidget(self.kind, 1)
        top.addSpacing(12)
        top.addWidget(QLabel("&Date:", self, buddy=self.date))
        top.addWidget(self.date)

        self.paper = PaperView(self)
        self.paper.setAccessibleName("Letter preview")

        # what stops the export, and what only deserves a look
        self.problem_box = QFrame(self)
        self.problem_box.setObjectName("letterProblems")
        self.problem_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.problem_title = QLabel(self.problem_box)
        self.problem_title.setWordWrap(True)
        self.problem_title.setStyleSheet("font-weight: bold; color: #8b0000;")
        self.problem_list = QListWidget(self.problem_box)
        self.problem_list.setAccessibleName("What is missing")
        self.problem_list.setMaximumHeight(110)
        self.preferences_button = QPushButton("&Preferences…", self.problem_box)
        self.preferences_button.clicked.connect(self._open_preferences)
        self.template_button = QPushButton("Edit &template…", self.problem_box)
        self.template_button.clicked.connect(self._open_template)
        fix = QHBoxLayout()
        fix.addStretch(1)
        fix.addWidget(self.preferences_button)
        fix.addWidget(self.template_button)
        box = QVBoxLayout(self.problem_box)
        box.addWidget(self.problem_title)
        box.addWidget(self.problem_list)
        box.addLayout(fix)
        self.warnings = QLabel(self)
        self.warnings.setObjectName("letterWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #7a5a00;")

        # export
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for fmt, text in (("pdf", "&PDF…"), ("docx", "&Word…"), ("eml", "&E-mail…"), ("txt", "Te&xt…")):
            button = QPushButton(text, self)
            button.setToolTip(f"Save the letter as {FORMAT_LABELS[fmt]} and record it with the request")
            button.clicked.connect(lambda _=False, f=fmt: self.export(f))
            self.buttons[fmt] = button
            row.addWidget(button)
        self.print_button = QPushButton("P&rint…", self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip("Print the letter (Ctrl+P) and record it with the request")
        self.print_button.clicked.connect(self.print_letter)
        self.buttons["print"] = self.print_button
        row.addWidget(self.print_button)
        row.addStretch(1)
        self.sent_button = QPushButton("Mark as &sent", self)
        self.sent_button.setToolTip("Confirm the letter went out today: the archive's clock starts")
        self.sent_button.clicked.connect(self.mark_sent)
        row.addWidget(self.sent_button)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        row.addWidget(close)
        self.status = QLabel(self)
        self.status.setObjectName("letterStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.about)
        layout.addWidget(self.paper, 1)
        layout.addWidget(self.problem_box)
        layout.addWidget(self.warnings)
        layout.addLayout(row)
        layout.addWidget(self.status)

        self._first_kind(kind)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.date.dateChanged.connect(lambda _d: self.refresh())
        window.changes.connect(self._changed)
        self.refresh()

    # --- state ---------------------------------------------------------------------------------

    @property
    def project(self) -> Any:
        return self.window_.project

    def _first_kind(self, kind: str | None) -> None:
        if kind is None and self.project is not None:
            from desktop.store import repo
            from desktop.store.models import Request

            try:
                kind = default_kind(self.project.read(repo.get, entity=Request, id=self.request_id).kind)
            except Exception:
                kind = None
        index = self.kind.findData(kind or "archival_query")
        self.kind.setCurrentIndex(max(index, 0))

    def letter_date(self) -> date:
        value = self.date.date()
        return date(value.year(), value.month(), value.day())

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def _changed(self, changes: Any) -> None:
        if self.isVisible() and changes.touches(*WATCHED):
            self.refresh()

    def refresh(self) -> None:
        """Render the letter again from the project (template, request, archive, profile)."""
        from desktop.store.errors import QuaestioError

        if self.project is None:
            self._show_failure("No project is open.")
            return
        try:
            self.source = self.project.read(
                letter_source, request_id=self.request_id, kind=self.current_kind()
            )
            self.letter = render_letter(
                self.source, researcher_of(self.window_), self.letter_date(), strict=False
            )
        except QuaestioError as exc:
            self.source, self.letter = None, None
            self._show_failure(str(exc))
            return
        self._show(self.letter, self.source)

    def _show(self, letter: Letter, source: LetterSource) -> None:
        archive = source.archive
        self.setWindowTitle(f"Letter to {archive.identifier or archive.name} — {letter.subject}")
        scope = SCOPE_LABELS.get(source.template.scope, source.template.scope)
        self.about.setText(
            f"To <b>{_esc(letter.archive_name)}</b> · in {language_name(letter.language)} "
            f"(the archive's language) · template “{_esc(source.template.name)}” ({scope})<br>"
            f"Subject: {_esc(letter.subject)}"
        )
        self.paper.show_letter(letter)
        gaps = profile_gaps(researcher_of(self.window_))
        self.problems = []
        if gaps:
            self.problems.append(f"Your researcher profile lacks: {', '.join(gaps)} (Preferences)")
        self.problems += [describe_missing(path, source) for path in letter.missing]
        self.problems += [
            f"Unedited placeholder {text} (replace it in the template)" for text in letter.placeholders
        ]
        self.problem_list.clear()
        self.problem_list.addItems(self.problems)
        self.problem_box.setVisible(bool(self.problems))
        self.preferences_button.setVisible(
            bool(gaps) or any(p.startswith("researcher.") for p in letter.missing)
        )
        if self.problems:
            self.problem_title.setText(
                "Fill in your researcher profile in Preferences before writing letters."
                if gaps
                else f"This letter cannot be exported yet: {len(self.problems)} "
                f"{'thing is' if len(self.problems) == 1 else 'things are'} missing."
            )
        self.warnings.setText("\n".join(f"Check: {w}" for w in letter.warnings[:4]))
        self.warnings.setVisible(bool(letter.warnings))
        self._enable()

    def _show_failure(self, message: str) -> None:
        self.problems = [message]
        self.paper.show_message(message)
        self.about.setText("")
        self.problem_title.setText(message)
        self.problem_list.clear()
        self.problem_box.setVisible(True)
        self.preferences_button.setVisible(False)
        self.warnings.setVisible(False)
        self._enable()

    def _enable(self) -> None:
        readonly = self.project is None or self.project.readonly
        ready = self.letter is not None and not self.problems and not readonly
        for button in self.buttons.values():
            button.setEnabled(ready)
            if readonly:
                button.setToolTip("The project is open read-only: exported letters could not be recorded")
        status = self.source.request.status if self.source is not None else ""
        self.sent_button.setEnabled(not readonly and status in ("draft", "ready") and self.letter is not None)

    # --- actions -------------------------------------------------------------------------------

    def _strict_letter(self) -> Letter | None:
        """The letter, rendered strictly; None (with the reasons shown) if anything is missing."""
        if self.source is None:
            return None
        try:
            return render_letter(self.source, researcher_of(self.window_), self.letter_date())
        except LetterRefused as exc:
            QMessageBox.warning(self, "Letter not ready", str(exc))
            return None

    def export(self, fmt: str, path: Path | None = None) -> Path | None:
        """Save the letter (asking where unless `path` is given) and record it with the request."""
        letter = self._strict_letter()
        if letter is None:
            return None
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                f"Save the letter as {FORMAT_LABELS[fmt]}",
                str(last_folder() / suggested_filename(letter, fmt)),
                FILE_FILTERS[fmt],
            )
            if not chosen:
                return None
            path = Path(chosen)
            if path.suffix.lower() != f".{fmt}":
                path = path.with_name(path.name + f".{fmt}")
        try:
            written = export_letter(self.project, letter, fmt, path)
        except Exception as exc:
            self.window_.report_error("Cannot export the letter", exc)
            return None
        remember_folder(written.parent)
        self._after_export(f"Saved {written.name} in {written.parent}", fmt)
        self.exported.emit(written)
        return written

    def print_letter(self) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from desktop.letters.export import record
        from desktop.letters.pdf import print_letter

        letter = self._strict_letter()
        if letter is None:
            return False
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        from PySide6.QtGui import QPageSize

        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setDocName(letter.subject)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print letter")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            print_letter(letter, printer)
            record(self.project, letter, "print")
        except Exception as exc:
            self.window_.report_error("Cannot print the letter", exc)
            return False
        self._after_export("Sent to the printer", "print")
        return True

    def _after_export(self, what: str, fmt: str) -> None:
        status = self.source.request.status if self.source is not None else ""
        note = " The letter is recorded with the request."
        if status in ("draft", "ready"):
            note += " Press “Mark as sent” once it has gone out."
        if fmt == "eml":
            note += " Open the .eml file in your mail program to send it."
        self.status.setText(what + "." + note)
        self.refresh()

    def mark_sent(self) -> bool:
        if self.source is None:
            return False
        on = self.letter_date()
        answer = QMessageBox.question(
            self,
            "Mark as sent",
            f"Did the letter to {self.source.archive.identifier or self.source.archive.name} go out on "
            f"{on.isoformat()}? The archive's time limit is counted from this date.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.project.write(mark_sent, request_id=self.request_id, on=on, note="Letter sent")
        except Exception as exc:
            self.window_.report_error("Cannot mark the request as sent", exc)
            return False
        self.status.setText(f"The request is marked as sent on {on.isoformat()}.")
        self.refresh()
        return True

    def closeEvent(self, event: Any) -> None:
        _disconnect(self.window_.changes, self._changed)
        super().closeEvent(event)

    def _open_preferences(self) -> None:
        show = getattr(self.window_, "show_preferences", None)
        if callable(show):
            dialog = show()
            finished = getattr(dialog, "finished", None)
            if finished is not None:  # the profile is read again once Preferences close
                finished.connect(lambda _result: self.refresh())

    def _open_template(self) -> None:
        from desktop.ui.letters.editor import open_template_editor

        template_id = self.source.template.id if self.source is not None else None
        request_id = self.request_id
        open_template_editor(self.window_, template_id=template_id, request_id=request_id)


def _disconnect(signal: Any, slot: Any) -> None:
    """Stop listening before the dialog is deleted (WA_DeleteOnClose)."""
    disconnect(signal, slot)


def _esc(text: str) -> str:
    import html

    return html.escape(text)


def find_open_preview(window: QWidget, request_id: str) -> LetterPreviewDialog | None:
    for dialog in window.findChildren(LetterPreviewDialog):
        if dialog.request_id == request_id and dialog.isVisible():
            return dialog
    return None
