"""The request window: one request, its next step, its timeline, tracking numbers and letters.

The status box offers only the steps the life cycle allows from the current status
(`lifecycle.allowed_next`), each with a date and a note; closing also asks for the outcome.
Every change is an undoable step. Letters (communications) carry attachments, stored beside
the project (`desktop.store.attachments`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.lifecycle import Outcome, RequestStatus, allowed_next
from desktop.domain.vocab import (
    LANGUAGES,
    Channel,
    CommunicationCategory,
    Direction,
    RequestKind,
    TrackingReason,
)
from desktop.ui import undo
from desktop.ui.models.labels import (
    AMBER,
    RED,
    day,
    days_left,
    kind_label,
    outcome_label,
    request_status_text,
    status_label,
)
from desktop.ui.models.request_parts import attachments_model, events_model, letters_model, tracking_model
from desktop.ui.workspace.dialogs import FormDialog
from desktop.ui.workspace.fields import ChoiceCombo, CommitLineEdit, CommitTextEdit, DateField
from desktop.ui.workspace.tables import current_id, fit_columns, keep_selection, make_table, select_id

if TYPE_CHECKING:
    from desktop.store.changes import Changes
    from desktop.store.queries import RequestDetail

RELEVANT = (
    "request",
    "request_event",
    "tracking_number",
    "communication",
    "attachment",
    "archive",
    "question",
)


class TrackingDialog(FormDialog):
    def __init__(self, parent: QWidget | None, issued_by: str, today: Any) -> None:
        super().__init__(
            parent,
            "Add a tracking number",
            "The archive's number for this request; it becomes the current one.",
        )
        self.number = QLineEdit(self)
        self.number.setPlaceholderText("e.g. 1187-к, FOIA 2026-0142, 情報公開第123号")
        self.issued_by = QLineEdit(issued_by, self)
        self.reason = ChoiceCombo([(r.value, r.value.capitalize()) for r in TrackingReason], self)
        self.issued_on = DateField(today, self)
        self.form.addRow("&Number", self.number)
        self.form.addRow("&Issued by", self.issued_by)
        self.form.addRow("&Reason", self.reason)
        self.form.addRow("&Date", self.issued_on)

    def values(self) -> dict[str, Any]:
        return {
            "number": self.number.text(),
            "issued_by": self.issued_by.text().strip(),
            "reason": self.reason.value(),
            "issued_on": self.issued_on.value(),
        }


class LetterDialog(FormDialog):
    """Log a letter sent or received: the exact text, its date, channel and category."""

    def __init__(self, parent: QWidget | None, language: str, today: Any) -> None:
        super().__init__(parent, "Log a letter", "Record the exact text sent or received.")
        self.setMinimumWidth(640)
        self.direction = ChoiceCombo(
            [(Direction.OUT.value, "Sent by me"), (Direction.IN.value, "Received")], self
        )
        self.channel = ChoiceCombo([(c.value, c.value.replace("_", " ").capitalize()) for c in Channel], self)
        self.channel.load("email")
        self.category = ChoiceCombo(
            [(c.value, c.value.replace("_", " ").capitalize()) for c in CommunicationCategory], self
        )
        self.dated_on = DateField(today, self)
        self.subject = QLineEdit(self)
        self.language = ChoiceCombo(list(LANGUAGES.items()), self)
        self.language.load(language)
        self.body = QPlainTextEdit(self)
        self.body.setMinimumHeight(180)
        self.form.addRow("&Direction", self.direction)
        self.form.addRow("&Channel", self.channel)
        self.form.addRow("C&ategory", self.category)
        self.form.addRow("Da&te", self.dated_on)
        self.form.addRow("&Subject", self.subject)
        self.form.addRow("&Language", self.language)
        self.form.addRow("&Text", self.body)

    def values(self) -> dict[str, Any]:
        received = self.direction.value() == Direction.IN.value
        return {
            "direction": self.direction.value(),
            "channel": self.channel.value(),
            "category": self.category.value(),
            "dated_on": self.dated_on.value(),
            "received_on": self.dated_on.value() if received else None,
            "subject": self.subject.text().strip(),
            "language": self.language.value(),
            "body": self.body.toPlainText(),
        }


class StatusBox(QGroupBox):
    """The next step: only the legal next statuses, with date, note and (to close) the outcome."""

    def __init__(self, parent: QWidget | None, today: Any) -> None:
        super().__init__("Next step", parent)
        self.setMinimumWidth(420)
        self._today = today
        self.next_status = ChoiceCombo([], self)
        self.next_status.setAccessibleName("Next status")
        self.on = DateField(today(), self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("What happened (kept in the timeline)")
        # no outcome chosen in advance: Apply on a refused request must not record "granted"
        self.outcome = ChoiceCombo(
            [(None, "Choose the outcome…")] + [(o.value, outcome_label(o.value)) for o in Outcome], self
        )
        self.outcome.setAccessibleName("Outcome")
        self.outcome_note = QLineEdit(self)
        self.outcome_note.setPlaceholderText("Grounds of a refusal, what was received…")
        self.registered = QCheckBox("The archive registered it on", self)
        self.registered_on = DateField(today(), self)
        self.registered_on.setEnabled(False)
        self.registered.toggled.connect(self.registered_on.setEnabled)
        self.apply_button = QPushButton("Apply", self)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828")
        self.error.hide()
        self.form = QFormLayout(self)
        self.form.addRow("Move to", self.next_status)
        self.form.addRow("On", self.on)
        self.form.addRow("Note", self.note)
        self.form.addRow("Outcome", self.outcome)
        self.form.addRow("Outcome note", self.outcome_note)
        registered_row = QHBoxLayout()
        registered_row.addWidget(self.registered)
        registered_row.addWidget(self.registered_on, 1)
        self.form.addRow(registered_row)
        self.form.addRow(self.error)
        self.form.addRow(self.apply_button)
        self.next_status.currentIndexChanged.connect(self._target_changed)

    def load(self, status: str) -> None:
        """Offer the statuses the life cycle allows after `status`."""
        options = allowed_next(status)
        self.next_status.set_choices([(s.value, status_label(s.value)) for s in options])
        self.next_status.setCurrentIndex(0)
        self.on.set_date(self._today())
        self.note.clear()
        self.outcome.setCurrentIndex(0)
        self.outcome_note.clear()
        self.registered.setChecked(False)
        self.error.hide()
        self._target_changed()

    def offered(self) -> list[str]:
        return [self.next_status.itemData(i) for i in range(self.next_status.count())]

    def _target_changed(self) -> None:
        target = self.next_status.value()
        closing = target == RequestStatus.CLOSED.value
        self.form.setRowVisible(self.outcome, closing)
        self.form.setRowVisible(self.outcome_note, closing)
        self.registered.setVisible(target == RequestStatus.ACKNOWLEDGED.value)
        self.registered_on.setVisible(target == RequestStatus.ACKNOWLEDGED.value)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()


def _cut(text: str, most: int = 300) -> str:
    """At most `most` characters, and no word longer than 60 (a label cannot wrap inside one)."""
    text = text if len(text) <= most else text[: most - 1] + "…"
    return " ".join(word if len(word) <= 60 else word[:59] + "…" for word in text.split(" "))


class RequestWindow(QWidget):
    """A top-level window for one request (several may be open; `window.show_request` raises one)."""

    def __init__(self, window: Any, request_id: str) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.window_api = window
        self.request_id = request_id
        self.detail: RequestDetail | None = None
        self.dialog: Any = None
        self.setObjectName("requestWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1100, 760)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)

        self.heading = QLabel(self)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.status_label = QLabel(self)
        status_font = QFont(self.font())
        status_font.setBold(True)
        self.status_label.setFont(status_font)
        self.due_label = QLabel(self)
        self.due_label.setWordWrap(True)
        self.edited = QLabel(self)
        self.edited.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.question_button = QPushButton("Show question", self)
        self.question_button.clicked.connect(self._show_question)
        self.letter_button = QPushButton("Letter…", self)
        self.letter_button.setToolTip("Write the letter for this request in the archive's language")
        self.letter_button.clicked.connect(self.open_letter)

        # the request's own fields
        fields = QWidget(self)
        fields_layout = QVBoxLayout(fields)
        form = QFormLayout()
        fields_layout.addLayout(form)
        fields_layout.addStretch(1)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.subject = CommitLineEdit(fields)
        self.subject.setAccessibleName("Subject")
        self.kind = ChoiceCombo([(k.value, kind_label(k.value)) for k in RequestKind], fields)
        self.language = ChoiceCombo(list(LANGUAGES.items()), fields)
        self.date_from = CommitLineEdit(fields)
        self.date_from.setPlaceholderText("YYYY-MM-DD")
        self.date_to = CommitLineEdit(fields)
        self.date_to.setPlaceholderText("YYYY-MM-DD")
        self.purpose = CommitTextEdit(fields, lines=5, grow=False)
        self.purpose.setAccessibleName("Purpose")
        self.items = QLabel(fields)
        self.items.setWordWrap(True)
        self.items.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.items.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        period = QHBoxLayout()
        period.addWidget(self.date_from)
        period.addWidget(QLabel("to", fields))
        period.addWidget(self.date_to)
        form.addRow("Subject", self.subject)
        form.addRow("Kind", self.kind)
        form.addRow("Letter language", self.language)
        form.addRow("Records dated", period)
        form.addRow("Purpose", self.purpose)
        form.addRow("Items asked for", self.items)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.subject.committed.connect(lambda v: self._commit("subject", v))
        self.kind.committed.connect(lambda v: self._commit("kind", v))
        self.language.committed.connect(lambda v: self._commit("language", v))
        self.date_from.committed.connect(lambda v: self._commit("date_from", v.strip()))
        self.date_to.committed.connect(lambda v: self._commit("date_to", v.strip()))
        self.purpose.committed.connect(lambda v: self._commit("purpose", v))

        self.status_box = StatusBox(self, window.today)
        self.status_box.apply_button.clicked.connect(self.apply_status)

        # timeline, tracking numbers, letters
        self.events = events_model(self)
        self.events_view = make_table(self, self.events, stretch=2, name="Timeline")
        fit_columns(self.events_view, {0: 11, 1: 34, 3: 12})
        self.tracking = tracking_model(self)
        self.tracking_view = make_table(self, self.tracking, stretch=1, name="Tracking numbers")
        fit_columns(self.tracking_view, {0: 18, 2: 10, 3: 11, 4: 8})
        self.add_tracking_button = QPushButton("Add tracking number…", self)
        self.add_tracking_button.clicked.connect(self.add_tracking_number)
        tracking_page = QWidget(self)
        tracking_layout = QVBoxLayout(tracking_page)
        tracking_layout.addWidget(self.tracking_view, 1)
        tracking_layout.addWidget(self.add_tracking_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.letters = letters_model(self)
        self.letters_view = make_table(self, self.letters, stretch=4, name="Letters")
        fit_columns(self.letters_view, {0: 11, 1: 11, 2: 14, 3: 14, 5: 5})
        self.letters_view.selectionModel().currentRowChanged.connect(self._letter_changed)
        self.letter_text = QPlainTextEdit(self)
        self.letter_text.setReadOnly(True)
        self.letter_text.setAccessibleName("Letter text")
        self.files = attachments_model(self)
        self.files_view = make_table(self, self.files, stretch=0, name="Attachments")
        self.files_view.setMaximumHeight(self.files_view.verticalHeader().defaultSectionSize() * 4 + 30)
        self.files_view.activated.connect(lambda _i: self.open_attachment())
        self.add_letter_button = QPushButton("Log a letter…", self)
        self.add_letter_button.clicked.connect(self.add_letter)
        self.attach_button = QPushButton("Attach file…", self)
        self.attach_button.clicked.connect(self.attach_file)
        self.open_file_button = QPushButton("Open file", self)
        self.open_file_button.clicked.connect(self.open_attachment)
        letters_page = QWidget(self)
        letters_split = QSplitter(Qt.Orientation.Vertical, letters_page)
        letters_split.addWidget(self.letters_view)
        lower = QWidget(letters_page)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.letter_text, 1)
        lower_layout.addWidget(QLabel("Files attached to this letter (kept beside the project):", lower))
        lower_layout.addWidget(self.files_view)
        letters_split.addWidget(lower)
        letters_split.setSizes([160, 300])
        letter_buttons = QHBoxLayout()
        for button in (self.add_letter_button, self.attach_button, self.open_file_button):
            letter_buttons.addWidget(button)
        letter_buttons.addStretch(1)
        letters_layout = QVBoxLayout(letters_page)
        letters_layout.addWidget(letters_split, 1)
        letters_layout.addLayout(letter_buttons)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(fields, "Request")
        self.tabs.addTab(self.events_view, "Timeline")
        self.tabs.addTab(tracking_page, "Tracking numbers")
        self.tabs.addTab(letters_page, "Letters")

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.question_button)
        top.addWidget(self.letter_button)
        summary = QVBoxLayout()
        summary.addWidget(self.status_label)
        summary.addWidget(self.due_label)
        summary.addWidget(self.edited)
        summary.addStretch(1)
        upper = QHBoxLayout()
        upper.addLayout(summary, 1)
        upper.addWidget(self.status_box)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(upper)
        layout.addWidget(self.tabs, 1)
        self.reload()

    # --- reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        from desktop.store import queries
        from desktop.store.errors import NotFound

        project = self.window_api.project
        if project is None:
            self.close()
            return
        try:
            detail = project.read(queries.request_detail, request_id=self.request_id)
        except NotFound:
            self.close()  # deleted (or the question was): nothing left to show
            return
        first = self.detail is None
        previous_status = self.detail.request.status if self.detail else None
        self.detail = detail
        r = detail.request
        archive = detail.archive
        where = f"{archive.identifier or archive.name}" + (f" ({archive.city})" if archive.city else "")
        self.setWindowTitle(f"{kind_label(r.kind)} to {where} — {detail.question_code}")
        # Cut, because a word-wrapped label cannot break one long word: a 100,000-character title
        # from a collaborator's copy made this window 1.6 million pixels wide (tests/faults).
        self.heading.setText(
            _cut(f"{kind_label(r.kind)} to {where} · {detail.question_code} {detail.question_title}")
        )
        self.status_label.setText(f"Status: {request_status_text(r.status, r.outcome)}")
        due = r.due_override or r.due_on
        text, state = days_left(r.status, due, self.window_api.today())
        lines = []
        if due:
            lines.append(f"Due {day(due)}" + (f" — {text}" if text else ""))
            if r.due_override and r.due_override_reason:
                lines.append(f"Date set by hand: {r.due_override_reason}")
            elif r.due_basis:
                lines.append(r.due_basis)
        sent = [
            f"sent {day(r.sent_on)}" if r.sent_on else "",
            f"registered {day(r.registered_on)}" if r.registered_on else "",
        ]
        if any(sent):
            lines.append("; ".join(s for s in sent if s).capitalize())
        if r.outcome_note:
            lines.append(f"Outcome: {r.outcome_note}")
        self.due_label.setText(
            "\n".join(lines) or "No due date yet: the clock starts when the request is sent."
        )
        colour = RED if state == "overdue" else AMBER if state == "soon" else None
        self.due_label.setStyleSheet(f"color: {colour.name()}" if colour is not None else "")
        self.edited.setText(f"Last edited by {r.updated_by or 'unknown'} on {day(r.updated_at)}")
        if first:
            for widget in (self.subject, self.date_from, self.date_to, self.purpose):
                widget.load("")
        self.subject.load(r.subject, r.version)
        self.kind.load(r.kind)
        self.language.load(r.language)
        self.date_from.load(day(r.date_from), r.version)
        self.date_to.load(day(r.date_to), r.version)
        self.purpose.load(r.purpose, r.version)
        self.items.setText(
            "\n".join(
                f"• {i.label}" + (f" — {i.title}" if i.title and i.label != i.title else "")
                for i in detail.items
            )
            or "—"
        )
        if r.status != previous_status:
            self.status_box.load(r.status)
        keep_selection(self.events_view, lambda: self.events.set_rows(detail.events))
        keep_selection(self.tracking_view, lambda: self.tracking.set_rows(detail.tracking_numbers))
        keep_selection(self.letters_view, lambda: self.letters.set_rows(detail.communications))
        if current_id(self.letters_view) is None and detail.communications:
            select_id(self.letters_view, detail.communications[-1].communication.id)
        self._letter_changed()
        self.tabs.setTabText(1, f"Timeline ({len(detail.events)})")
        self.tabs.setTabText(2, f"Tracking numbers ({len(detail.tracking_numbers)})")
        self.tabs.setTabText(3, f"Letters ({len(detail.communications)})")
        readonly = project.readonly
        self.status_box.setEnabled(not readonly)
        for widget in (self.subject, self.date_from, self.date_to, self.purpose):
            widget.setReadOnly(readonly)
        for widget in (
            self.kind,
            self.language,
            self.add_tracking_button,
            self.add_letter_button,
            self.attach_button,
        ):
            widget.setEnabled(not readonly)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*RELEVANT):
            self.reload()

    def _letter_changed(self, *_args: Any) -> None:
        letter_id = current_id(self.letters_view)
        view = next(
            (
                c
                for c in (self.detail.communications if self.detail else ())
                if c.communication.id == letter_id
            ),
            None,
        )
        self.letter_text.setPlainText(view.communication.body if view else "")
        self.files.set_rows(view.attachments if view else [])
        self.attach_button.setEnabled(view is not None)
        self.open_file_button.setEnabled(bool(view and view.attachments))

    # --- edits -----------------------------------------------------------------------------------

    def _commit(self, field: str, value: Any) -> None:
        if self.detail is None:
            return
        r = self.detail.request
        old = getattr(r, field)
        undo.edit(
            self.window_api,
            "request",
            r.id,
            {field: old if not field.startswith("date_") else day(old)},
            {field: value},
            f"Edit {field.replace('_', ' ')} of the request to {self.detail.archive.identifier}",
            version=_shown_version(
                {
                    "subject": self.subject,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "purpose": self.purpose,
                }.get(field),
                r.version,
            ),
        )
        self.reload()

    def apply_status(self) -> bool:
        """Apply the chosen next step (one undoable change, with its timeline event)."""
        from desktop.store.errors import QuaestioError

        if self.detail is None:
            return False
        box = self.status_box
        target = box.next_status.value()
        closing = target == RequestStatus.CLOSED.value
        try:
            ok = undo.change_status(
                self.window_api,
                self.request_id,
                target,
                box.on.value(),
                note=box.note.text().strip(),
                outcome=box.outcome.value() if closing else None,
                outcome_note=box.outcome_note.text().strip() if closing else None,
                registered_on=box.registered_on.value()
                if box.registered.isChecked() and box.registered.isVisible()
                else None,
                text=f"{status_label(target)}: request to {self.detail.archive.identifier}",
                raise_errors=True,
            )
        except QuaestioError as exc:
            box.show_error(str(exc))
            return False
        self.reload()
        return ok

    def add_tracking_number(self) -> None:
        if self.detail is None:
            return
        detail = self.detail
        dialog = TrackingDialog(
            self, detail.archive.identifier or detail.archive.name, self.window_api.today()
        )

        def submit(values: dict[str, Any]) -> None:
            from desktop.store import workspace

            undo.create(
                self.window_api,
                "tracking_number",
                f"Add tracking number {values['number']}",
                lambda p: p.write(workspace.add_tracking_number, request_id=detail.request.id, **values),
                raise_errors=True,
            )

        self._open(dialog, submit)

    def add_letter(self) -> None:
        if self.detail is None:
            return
        detail = self.detail
        dialog = LetterDialog(self, detail.request.language, self.window_api.today())

        def submit(values: dict[str, Any]) -> None:
            from desktop.store import workspace

            new_id = undo.create(
                self.window_api,
                "communication",
                "Log a letter",
                lambda p: p.write(workspace.add_communication, request_id=detail.request.id, values=values),
                raise_errors=True,
            )
            if new_id:
                self.tabs.setCurrentIndex(3)
                self.reload()
                select_id(self.letters_view, new_id)

        self._open(dialog, submit)

    def _open(self, dialog: FormDialog, submit: Any) -> None:
        dialog.on_submit = submit
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    # --- attachments -----------------------------------------------------------------------------

    def attach_file(self, path: str | None = None) -> None:
        """Copy a file beside the project (on the worker thread) and attach it to the letter."""
        letter_id = current_id(self.letters_view)
        project = self.window_api.project
        if letter_id is None or project is None:
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Attach a file to the letter", str(Path.home()))
            if not path:
                return
        from desktop.store import attachments

        source = Path(path)
        project_path = project.path
        self.attach_button.setEnabled(False)
        self.window_api.statusBar().showMessage(f"Copying {source.name}…")

        def done(stored: Any) -> None:
            self.window_api.statusBar().showMessage(f"Attached {source.name}", 4000)
            undo.create(
                self.window_api,
                "attachment",
                f"Attach {source.name}",
                lambda p: p.write(attachments.add_attachment, communication_id=letter_id, stored=stored),
            )
            self.reload()

        def failed(exc: BaseException) -> None:
            self.window_api.statusBar().clearMessage()
            self.attach_button.setEnabled(True)
            self.window_api.report_error("Could not attach the file", exc)

        self.window_api.runner.run(lambda _handle: attachments.store_file(project_path, source), done, failed)

    def selected_attachment(self) -> Any:
        attachment_id = current_id(self.files_view)
        if attachment_id is None and self.files.rowCount():
            attachment_id = self.files.id_at(0)
        row = self.files.row_of_id(attachment_id) if attachment_id else -1
        return self.files.row_at(row) if row >= 0 else None

    def open_attachment(self) -> None:
        from desktop.store import attachments

        attachment = self.selected_attachment()
        if attachment is None or self.window_api.project is None:
            return
        try:
            path = attachments.resolve(self.window_api.project.path, attachment)
        except Exception as exc:
            self.window_api.report_error("Cannot open the attachment", exc)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # --- elsewhere -------------------------------------------------------------------------------

    def open_letter(self) -> None:
        """The letter for this request, in the archive's language (the letters feature)."""
        from desktop.ui.letters import open_letter_preview

        self.commit_fields()
        open_letter_preview(self.window_api, self.request_id)

    def _show_question(self) -> None:
        if self.detail is not None:
            self.window_api.show_question(self.detail.request.question_id)
            self.window_api.raise_()
            self.window_api.activateWindow()

    def delete_selected(self) -> bool:
        return False

    def commit_fields(self) -> None:
        for widget in (self.subject, self.date_from, self.date_to, self.purpose):
            widget.commit()

    def closeEvent(self, event: Any) -> None:
        self.commit_fields()
        self.window_api.request_window_closed(self.request_id)
        super().closeEvent(event)


def _shown_version(widget: object, current: int) -> int:
    """The row version the user saw when typing into `widget` (see `fields.CommitLineEdit.load`)."""
    version = getattr(widget, "base_version", None)
    return current if version is None else min(version, current)
