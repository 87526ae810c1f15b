"""The right pane: the question's notes and the note editor.

Notes save themselves (DESIGN §10): within AUTOSAVE_MS of the last keystroke, when the editor
loses focus, when another note or question is chosen, and when the project or window closes
(`flush`). The saves are not undo steps; creating and deleting notes are.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import undo
from desktop.ui.models.labels import day
from desktop.ui.models.notes import NotesModel
from desktop.ui.workspace.markdown import MarkdownEditor, NoteView, formatting_toolbar
from desktop.ui.workspace.tables import context_actions, fit_columns, make_table, select_id

if TYPE_CHECKING:
    from desktop.store.changes import Changes


class NotesPane(QWidget):
    AUTOSAVE_MS = 700
    saved = Signal(str)  # the note id, after each save

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_api = window
        self.setObjectName("notesPane")
        self.question_id: str | None = None
        self.note_id: str | None = None
        self.dirty = False
        self._loading = False
        self._note: Any = None

        title = QLabel("<b>Notes</b>", self)
        self.new_button = QToolButton(self)
        self.new_button.setText("New note")
        self.new_button.setToolTip("A new note for this question (Ctrl+Shift+N)")
        self.new_button.clicked.connect(self.new_note)
        self.delete_button = QToolButton(self)
        self.delete_button.setText("Delete")
        self.delete_button.setToolTip("Move the note to the Trash (undo with Ctrl+Z)")
        self.delete_button.clicked.connect(self.delete_note)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.new_button)
        header.addWidget(self.delete_button)

        self.model = NotesModel(self)
        self.list = make_table(self, self.model, stretch=0, sortable=True, name="Notes")
        fit_columns(self.list, {1: 10, 2: 10})
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        context_actions(self.list, ("New note", self.new_note), ("Delete note", self.delete_note))

        editor_box = QWidget(self)
        self.title = QLineEdit(editor_box)
        self.title.setPlaceholderText("Title of the note")
        self.title.setAccessibleName("Note title")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.meta = QLabel(editor_box)
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.meta.setWordWrap(True)
        self.editor = MarkdownEditor(editor_box)
        self.view = NoteView(editor_box)
        self.toolbar = formatting_toolbar(self.editor, editor_box)
        self.modes = QTabWidget(editor_box)
        self.modes.setDocumentMode(True)
        self.modes.addTab(self.editor, "Write")
        self.modes.addTab(self.view, "Preview")
        self.modes.currentChanged.connect(self._mode_changed)
        self.state = QLabel(editor_box)
        self.state.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        tools = QHBoxLayout()
        tools.addWidget(self.toolbar)
        tools.addStretch(1)
        tools.addWidget(self.state)
        box = QVBoxLayout(editor_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addWidget(self.meta)
        box.addLayout(tools)
        box.addWidget(self.modes, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("notesSplitter")
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(editor_box)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([160, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3, 6, 6, 6)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)

        self.timer = QTimer(self, singleShot=True, interval=self.AUTOSAVE_MS)
        self.timer.timeout.connect(self.flush)
        self.editor.textChanged.connect(self._edited)
        self.title.textEdited.connect(lambda _t: self._edited())
        self.title.editingFinished.connect(self.flush)
        # Enter after the title goes on to the text, as in a mail client (keyboard-only writing)
        self.title.returnPressed.connect(lambda: self.editor.setFocus(Qt.FocusReason.TabFocusReason))
        self.editor.focus_lost.connect(self.flush)
        self._show_note(None)

    # --- switching ---------------------------------------------------------------------------------

    def set_question(self, question_id: str | None) -> None:
        self.flush()
        if question_id != self.question_id:
            self.question_id = question_id
            self.note_id = None
            self.reload(select_first=True)
        else:  # the same question (e.g. selected at start-up before its project was open)
            self.reload(select_first=self.note_id is None)

    def reload(self, *, select_first: bool = False) -> None:
        """Re-read the list; keep (or pick) the open note without disturbing the editor."""
        project = self.window_api.project
        rows = []
        if project is not None and self.question_id:  # no store import without a project (start-up)
            from desktop.store import queries

            rows = project.read(queries.note_summaries, question_id=self.question_id)
        self._loading = True
        try:
            self.model.set_rows(rows)
            target = self.note_id if self.note_id and self.model.row_of_id(self.note_id) >= 0 else None
            if target is None and select_first and rows:
                target = rows[-1].id  # the newest note
            select_id(self.list, target)
        finally:
            self._loading = False
        self.new_button.setEnabled(bool(self.question_id) and not self._readonly())
        if target != self.note_id or self.note_id is None:
            self._show_note(target)

    def _readonly(self) -> bool:
        project = self.window_api.project
        return project is None or project.readonly

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        note_id = self.model.id_at(current.row()) if current.isValid() else None
        if note_id != self.note_id:
            self.flush()
            self._show_note(note_id)

    def _show_note(self, note_id: str | None) -> None:
        project = self.window_api.project
        note = None
        if note_id and project is not None:
            from desktop.store import queries
            from desktop.store.errors import NotFound

            try:
                note = project.read(queries.note_row, note_id=note_id)
            except NotFound:
                note = None
        self._note = note
        self.note_id = note.id if note else None
        self._loading = True
        try:
            self.title.setText(note.title if note else "")
            self.title.setCursorPosition(0)
            self.editor.setPlainText(note.body if note else "")
        finally:
            self._loading = False
        self.dirty = False
        editable = note is not None and not self._readonly()
        for widget in (self.title, self.editor):
            widget.setReadOnly(not editable)
        self.toolbar.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        self.title.setEnabled(note is not None)
        self.editor.setEnabled(note is not None)
        self._update_meta()
        self.state.setText("")
        self._render()

    def _update_meta(self) -> None:
        note = self._note
        if note is None:
            if not self.question_id:
                self.meta.setText("")
            elif self.window_api.project is None:  # selected in the start-up's first look
                self.meta.setText("Opening the project…")
            else:
                self.meta.setText("No note yet: create one with New note.")
            return
        self.meta.setText(
            f"By {note.created_by or 'unknown'}, {day(note.created_at)} · "
            f"last change by {note.updated_by or 'unknown'}, {day(note.updated_at)}"
        )

    def _mode_changed(self, _index: int) -> None:
        self._render()

    def _render(self) -> None:
        if self.modes.currentWidget() is self.view:
            self.view.setMarkdown(self.editor.toPlainText())

    # --- saving ------------------------------------------------------------------------------------

    def _edited(self) -> None:
        if self._loading or self.note_id is None:
            return
        self.dirty = True
        self.state.setText("Editing…")
        self.timer.start()

    def flush(self) -> bool:
        """Save the open note now if it has unsaved changes; True when nothing is left unsaved."""
        self.timer.stop()
        if not self.dirty or self.note_id is None:
            return True
        from desktop.store import workspace

        project = self.window_api.project
        if project is None:
            return False
        from desktop.ui.server import edits

        note_id = self.note_id
        values = {"title": self.title.text(), "body": self.editor.toPlainText()}
        shown = (
            getattr(self._note, "version", None)
            if self._note is not None and self._note.id == note_id
            else None
        )
        expected = edits.expected_version(project, "note", note_id, shown)
        # a team server gets only what changed, so someone's edit of the other field is no conflict
        changed = {k: v for k, v in values.items() if getattr(self._note, k, None) != v}
        try:
            if expected is None:
                written = project.write(workspace.save_note, note_id=note_id, **values)
            else:
                written = project.write(
                    workspace.update_fields,
                    table="note",
                    id=note_id,
                    values=changed,
                    expected_version=expected,
                )
        except Exception as exc:
            self.state.setText("Not saved")
            if edits.handle_failure(
                self.window_api,
                exc,
                table="note",
                row_id=note_id,
                values=changed,
                shown_version=expected,
                text=f"Save note '{values['title'] or 'untitled'}'",
                after=lambda choice, n=note_id: self._after_conflict(n, choice),
            ):
                return False
            self.window_api.report_error("Could not save the note", exc)
            return False
        edits.note_written(project, "note", written, expected)
        self.dirty = False
        self._note = written.row
        self._update_meta()
        self.state.setText(f"Saved {datetime.now().strftime('%H:%M:%S')}")
        self.saved.emit(note_id)
        return True

    def _after_conflict(self, note_id: str, choice: str) -> None:
        """A team-server save was decided in the conflict dialog (or kept for later): show the result."""
        if choice == "kept":
            self.state.setText("Kept until the server is back")
            return
        if note_id == self.note_id:
            self.dirty = False
            self._refresh_open_note()

    def on_changes(self, changes: Changes) -> None:
        if not changes.touches("note", "question"):
            return
        self.reload()
        if self.note_id and self.note_id in changes.row_ids and not self.dirty:
            self._refresh_open_note()

    def _refresh_open_note(self) -> None:
        """The open note changed elsewhere (undo, merge): show the stored text if it differs."""
        from desktop.store import repo
        from desktop.store.errors import NotFound
        from desktop.store.models import Note

        try:
            note = self.window_api.project.read(repo.get, entity=Note, id=self.note_id)
        except NotFound:
            self._show_note(None)
            return
        self._note = note
        if note.body != self.editor.toPlainText() or note.title != self.title.text():
            self._show_note(note.id)
        else:
            self._update_meta()

    # --- new and delete ------------------------------------------------------------------------

    def new_note(self) -> None:
        if not self.question_id:
            return
        from desktop.store import workspace

        self.flush()
        question_id = self.question_id
        new_id = undo.create(
            self.window_api,
            "note",
            "New note",
            lambda p: p.write(workspace.new_note, question_id=question_id, title="New note"),
        )
        if new_id:
            self.note_id = None
            self.reload()
            select_id(self.list, new_id)
            self._show_note(new_id)
            self.title.setFocus()
            self.title.selectAll()

    def delete_note(self) -> None:
        if self.note_id is None:
            return
        self.flush()
        title = self.title.text() or "untitled note"
        undo.delete(self.window_api, "note", self.note_id, f"Delete note '{title}'")

    def delete_selected(self) -> bool:
        if self.note_id is None:
            return False
        self.delete_note()
        return True
