"""Tools ▸ Letter templates…: the project's templates, an editor with the list of variables, and
a live preview against a request of the user's choice.

Edits are saved into the project (so they travel with a shared file) and clear `builtin`;
"Revert to built-in" brings back the shipped text. A template for one archive or one legal
regime is made with "Copy for…", and is then used for that archive's letters instead of the
language's default. Nothing typed is lost: switching templates or closing asks to save.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
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
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.vocab import LANGUAGES
from desktop.letters.context import VARIABLES
from desktop.letters.data import letter_source
from desktop.letters.errors import TemplateRejected
from desktop.letters.render import describe_missing, render_letter
from desktop.letters.sandbox import check_source
from desktop.ui.letters.common import (
    KIND_LABELS,
    SCOPE_LABELS,
    PaperView,
    language_name,
    researcher_of,
    today_of,
)
from desktop.ui.signals import disconnect

ID_ROLE = Qt.ItemDataRole.UserRole
LOOP_SNIPPET = (
    "{% for item in request.items %}\n"
    "{{ loop.index }}. {% if item.reference %}{{ item.reference }} — {% endif %}{{ item.title }}\n"
    "{% endfor %}\n"
)


class TemplateEditorDialog(QDialog):
    def __init__(self, window: Any, template_id: str | None = None, request_id: str | None = None) -> None:
        super().__init__(window)
        self.setObjectName("templateEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.rows: dict[str, Any] = {}
        self.current_id: str | None = None
        self._loading = False
        self.dirty = False
        self.setWindowTitle("Letter templates")
        self.resize(1280, 860)

        # left: the templates
        self.language_filter = QComboBox(self)
        self.language_filter.setAccessibleName("Show templates in")
        self.language_filter.addItem("All languages", "")
        for code, name in LANGUAGES.items():
            self.language_filter.addItem(name, code)
        self.language_filter.currentIndexChanged.connect(lambda _i: self._fill_list())
        self.template_list = QListWidget(self)
        self.template_list.setAccessibleName("Templates")
        self.template_list.currentItemChanged.connect(self._selection_changed)
        self.copy_button = QPushButton("&Copy for…", self)
        self.copy_button.setToolTip("A copy of this template for one archive or one legal regime")
        self.copy_button.clicked.connect(self.copy_template)
        self.delete_button = QPushButton("&Delete", self)
        self.delete_button.setToolTip("Move this template to the Trash")
        self.delete_button.clicked.connect(self.delete_template)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.language_filter)
        left_layout.addWidget(self.template_list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.delete_button)
        left_layout.addLayout(buttons)

        # middle: the template itself
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Template name")
        self.scope_label = QLabel(self)
        self.subject = QLineEdit(self)
        self.subject.setAccessibleName("Subject line")
        self.body = QPlainTextEdit(self)
        self.body.setAccessibleName("Template text")
        self.body.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(9.5)
        self.body.setFont(mono)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("Used for", self.scope_label)
        form.addRow("&Subject", self.subject)
        self.save_button = QPushButton("&Save", self)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip("Save the template in the project (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("&Revert to built-in", self)
        self.revert_button.setToolTip("Bring back the text that ships with Quaestio")
        self.revert_button.clicked.connect(self.revert)
        edit_buttons = QHBoxLayout()
        edit_buttons.addWidget(self.save_button)
        edit_buttons.addWidget(self.revert_button)
        edit_buttons.addStretch(1)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(form)
        middle_layout.addWidget(self.body, 1)
        middle_layout.addLayout(edit_buttons)

        # right: variables and the live preview
        self.variables = QListWidget(self)
        self.variables.setAccessibleName("Variables")
        for name, description in VARIABLES:
            item = QListWidgetItem(f"{name}  —  {description}")
            item.setData(ID_ROLE, name)
            item.setToolTip(f"Double-click to insert {{{{ {name} }}}}")
            self.variables.addItem(item)
        self.variables.itemDoubleClicked.connect(self.insert_variable)
        self.preview_request = QComboBox(self)
        self.preview_request.setAccessibleName("Preview with the request")
        self.preview_request.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.paper = PaperView(self)
        self.paper.setMinimumSize(420, 320)
        self.preview_status = QLabel(self)
        self.preview_status.setObjectName("previewStatus")
        self.preview_status.setWordWrap(True)
        self.preview_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        preview = QWidget(self)
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        request_row = QHBoxLayout()
        request_row.addWidget(QLabel("Preview with", self))
        request_row.addWidget(self.preview_request, 1)
        preview_layout.addLayout(request_row)
        preview_layout.addWidget(self.paper, 1)
        preview_layout.addWidget(self.preview_status)
        help_label = QLabel(
            "Double-click a variable to insert it. An empty value refuses the letter; make a line "
            "optional with {% if archive.address %}…{% endif %}. Mark text the user must replace "
            "with [[…]]. The parts of a letter are the blocks recipient, sender, date, heading, "
            "body and signature.",
            self,
        )
        help_label.setWordWrap(True)
        variables_page = QWidget(self)
        variables_layout = QVBoxLayout(variables_page)
        variables_layout.addWidget(self.variables, 1)
        variables_layout.addWidget(help_label)
        self.side = QTabWidget(self)
        self.side.addTab(preview, "Pre&view")
        self.side.addTab(variables_page, "&Variables")

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(middle)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setStretchFactor(2, 5)
        splitter.setSizes([340, 470, 470])
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        self.status = QLabel(self)
        self.status.setObjectName("editorStatus")
        bottom.addWidget(self.status, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)  # re-render after a pause in typing, not on every key
        self._timer.timeout.connect(self.update_preview)
        for widget in (self.name, self.subject):
            widget.textEdited.connect(self._edited)
        self.body.textChanged.connect(self._edited)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.update_preview)

        self._fill_requests(request_id)
        self.reload(select=template_id)
        window.changes.connect(self._changed)

    # --- reading ------------------------------------------------------------------------------

    @property
    def project(self) -> Any:
        return self.window_.project

    def reload(self, select: str | None = None) -> None:
        from desktop.store import templates

        self.rows = {r.id: r for r in self.project.read(templates.list_templates)} if self.project else {}
        self._fill_list(select or self.current_id)

    def _label(self, row: Any) -> str:
        from desktop.store import templates

        scope = ""
        if row.scope == "archive":
            scope = f" · for {self._archive_names().get(row.scope_key, 'an archive')}"
        elif row.scope == "regime":
            scope = f" · for {row.scope_key}"
        state = " · built-in" if row.builtin and not templates.differs_from_builtin(row) else ""
        if row.scope == "default" and not row.builtin:
            state = " · edited"
        return f"{KIND_LABELS.get(row.kind, row.kind)} — {language_name(row.language)}{scope}{state}"

    def _archive_names(self) -> dict[str, str]:
        if not hasattr(self, "_archives"):
            from desktop.store import queries

            self._archives = {
                a.id: a.identifier or a.name for a in self.project.read(queries.archive_summaries)
            }
        return self._archives

    def _fill_list(self, select: str | None = None) -> None:
        language = self.language_filter.currentData()
        self._loading = True
        self.template_list.clear()
        chosen = None
        for row in self.rows.values():
            if language and row.language != language:
                continue
            item = QListWidgetItem(self._label(row))
            item.setData(ID_ROLE, row.id)
            item.setToolTip(row.name)
            self.template_list.addItem(item)
            if row.id == (select or self.current_id):
                chosen = item
        self._loading = False
        if chosen is None and self.template_list.count():
            chosen = self.template_list.item(0)
        if chosen is not None:
            self.template_list.setCurrentItem(chosen)
        elif not self.template_list.count():
            self._show(None)

    def _fill_requests(self, request_id: str | None) -> None:
        from desktop.store import queries

        if self.project is None:
            return
        archives = {a.id: a for a in self.project.read(queries.archive_summaries)}
        self.preview_request.blockSignals(True)
        for summary in self.project.read(queries.request_summaries):
            archive = archives.get(summary.archive_id)
            language = archive.language if archive is not None else summary.language
            label = f"{summary.question_code} · {summary.archive} · {summary.subject or '(no subject)'}"
            self.preview_request.addItem(label, (summary.id, language))
            if summary.id == request_id:
                self.preview_request.setCurrentIndex(self.preview_request.count() - 1)
        self.preview_request.blockSignals(False)

    def _request_for_language(self, language: str) -> None:
        """Preview with a request whose archive writes in the template's language."""
        current = self.preview_request.currentData()
        if current and current[1] == language:
            return
        for index in range(self.preview_request.count()):
            if self.preview_request.itemData(index)[1] == language:
                self.preview_request.blockSignals(True)
                self.preview_request.setCurrentIndex(index)
                self.preview_request.blockSignals(False)
                return

    def _selection_changed(self, current: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if self._loading or current is None:
            return
        if self.dirty and not self._settle_unsaved():
            self.template_list.blockSignals(True)
            self.template_list.setCurrentItem(previous)
            self.template_list.blockSignals(False)
            return
        self._show(self.rows.get(current.data(ID_ROLE)))

    def _show(self, row: Any) -> None:
        from desktop.store import templates

        self._loading = True
        self.current_id = row.id if row is not None else None
        self.name.setText(row.name if row else "")
        self.subject.setText(row.subject if row else "")
        self.body.setPlainText(row.body if row else "")
        if row is not None:
            scope = SCOPE_LABELS.get(row.scope, row.scope)
            if row.scope == "archive":
                scope = f"letters to {self._archive_names().get(row.scope_key, 'one archive')}"
            elif row.scope == "regime":
                scope = f"archives under the regime {row.scope_key}"
            self.scope_label.setText(
                f"{KIND_LABELS.get(row.kind, row.kind)} letters in {language_name(row.language)}, {scope}"
            )
            self.revert_button.setEnabled(row.scope == "default" and templates.differs_from_builtin(row))
            self._request_for_language(row.language)
        for widget in (
            self.name,
            self.subject,
            self.body,
            self.save_button,
            self.copy_button,
            self.delete_button,
        ):
            widget.setEnabled(row is not None and not self.project.readonly)
        self._loading = False
        self.dirty = False
        self.save_button.setEnabled(False)
        self.update_preview()

    # --- editing ------------------------------------------------------------------------------

    def _edited(self) -> None:
        if self._loading or self.current_id is None:
            return
        self.dirty = True
        self.save_button.setEnabled(not self.project.readonly)
        self.status.setText("Unsaved changes")
        self._timer.start()

    def insert_variable(self, item: QListWidgetItem) -> None:
        name = str(item.data(ID_ROLE))
        if name == "request.items":
            text = LOOP_SNIPPET
        elif name.startswith("item."):
            text = f"{{{{ {name} }}}}"
        else:
            text = f"{{{{ {name} }}}}"
        cursor = self.body.textCursor()
        cursor.insertText(text)
        self.body.setTextCursor(cursor)
        self.body.setFocus()

    def update_preview(self) -> None:
        """Render the text being edited (saved or not) for the chosen request."""
        from desktop.store.errors import QuaestioError

        row = self.rows.get(self.current_id or "")
        data = self.preview_request.currentData()
        if row is None or not data:
            self.paper.show_message("Choose a template, and a request to preview it with.")
            self.preview_status.setText("")
            return
        try:
            source = self.project.read(letter_source, request_id=data[0], kind=row.kind, template_id=row.id)
            edited = source.template.model_copy(
                update={"body": self.body.toPlainText(), "subject": self.subject.text()}
            )
            letter = render_letter(
                replace(source, template=edited),
                researcher_of(self.window_),
                today_of(self.window_),
                strict=False,
            )
        except TemplateRejected as exc:
            self.paper.show_message(str(exc))
            self._status(str(exc), error=True)
            return
        except QuaestioError as exc:
            self.paper.show_message(str(exc))
            self._status(str(exc), error=True)
            return
        self.paper.show_letter(letter)
        problems = [describe_missing(p, source) for p in letter.missing]
        problems += [f"unedited placeholder {p}" for p in letter.placeholders]
        if problems:
            self._status(f"Missing ({len(problems)}): " + "; ".join(problems), error=True)
        else:
            warning = f" Check: {letter.warnings[0]}" if letter.warnings else ""
            self._status(f"Nothing missing. Subject: {letter.subject}.{warning}", error=False)

    def _status(self, text: str, *, error: bool) -> None:
        self.preview_status.setText(text)
        self.preview_status.setStyleSheet("color: #8b0000;" if error else "color: #1b5e20;")

    def save(self) -> bool:
        from desktop.store import templates

        if self.current_id is None or not self.dirty:
            return True
        body, subject = self.body.toPlainText(), self.subject.text()
        try:
            check_source(body)
            check_source(subject, what="subject line")
            self.project.write(
                templates.save_template,
                id=self.current_id,
                values={"name": self.name.text().strip(), "subject": subject, "body": body},
            )
        except Exception as exc:
            self.window_.report_error("Cannot save the template", exc)
            return False
        self.dirty = False
        self.save_button.setEnabled(False)
        self.status.setText("Saved in the project.")
        self.reload(select=self.current_id)
        return True

    def revert(self) -> None:
        from desktop.store import templates

        if self.current_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Revert to built-in",
            "Replace this template's text with the one that ships with Quaestio? "
            "Your changes to it will be lost.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.project.write(templates.revert_template, id=self.current_id)
        except Exception as exc:
            self.window_.report_error("Cannot revert the template", exc)
            return
        self.dirty = False
        self.status.setText("The built-in text is back.")
        self.reload(select=self.current_id)

    def copy_template(self) -> str | None:
        """A copy of the current template for one archive or one legal regime."""
        from desktop.store import queries, repo
        from desktop.store.models import LegalRegime, LetterTemplate

        row = self.rows.get(self.current_id or "")
        if row is None or not self._settle_unsaved():
            return None
        archives = self.project.read(queries.archive_summaries)
        regimes = self.project.read(repo.list_rows, entity=LegalRegime)
        choices = [f"Archive: {a.identifier or a.name} — {a.name}" for a in archives]
        choices += [f"Legal regime: {r.code} — {r.name}" for r in regimes]
        choice, ok = QInputDialog.getItem(
            self, "Copy template for…", "Use the copy for letters to:", choices, 0, False
        )
        if not ok:
            return None
        index = choices.index(choice)
        if index < len(archives):
            scope, key, label = (
                "archive",
                archives[index].id,
                archives[index].identifier or archives[index].name,
            )
        else:
            regime = regimes[index - len(archives)]
            scope, key, label = "regime", regime.code, regime.code
        try:
            written = self.project.write(
                repo.create,
                entity=LetterTemplate,
                values={
                    "kind": row.kind,
                    "language": row.language,
                    "scope": scope,
                    "scope_key": key,
                    "name": f"{row.name} ({label})",
                    "subject": row.subject,
                    "body": row.body,
                    "builtin": False,
                },
            )
        except Exception as exc:
            self.window_.report_error("Cannot copy the template", exc)
            return None
        if hasattr(self, "_archives"):
            del self._archives
        self.language_filter.setCurrentIndex(0)
        self.reload(select=written.row.id)
        self.status.setText(f"Copied: letters to {label} now use this template.")
        return str(written.row.id)

    def delete_template(self) -> None:
        from desktop.store import repo
        from desktop.store.models import LetterTemplate

        row = self.rows.get(self.current_id or "")
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete template",
            f"Move “{row.name}” to the Trash? Letters of this kind in {language_name(row.language)} will "
            "then use the next less specific template.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.project.write(repo.soft_delete, entity=LetterTemplate, id=row.id)
        except Exception as exc:
            self.window_.report_error("Cannot delete the template", exc)
            return
        self.dirty = False
        self.current_id = None
        self.reload()

    def _settle_unsaved(self) -> bool:
        """Save, discard or stay: True when it is fine to move on."""
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved template",
            "Save the changes to this template?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.dirty = False
            return True
        return False

    def _changed(self, changes: Any) -> None:
        if changes.touches("letter_template") and not self.dirty and self.isVisible():
            self.reload(select=self.current_id)

    def closeEvent(self, event: Any) -> None:
        if not self._settle_unsaved():
            event.ignore()
            return
        disconnect(self.window_.changes, self._changed)  # stop listening before deletion
        super().closeEvent(event)

    def reject(self) -> None:  # Escape goes through the same question
        if self._settle_unsaved():
            super().reject()


def open_template_editor(window: Any, template_id: str | None = None, request_id: str | None = None) -> Any:
    """Show the editor (one per window), on `template_id` when given."""
    for dialog in window.findChildren(TemplateEditorDialog):
        if dialog.isVisible():
            if template_id:
                dialog.reload(select=template_id)
            dialog.raise_()
            dialog.activateWindow()
            return dialog
    if window.project is None:
        QMessageBox.information(
            window, "Letter templates", "Open a project first: templates live in the project."
        )
        return None
    dialog = TemplateEditorDialog(window, template_id=template_id, request_id=request_id)
    dialog.show()
    return dialog
