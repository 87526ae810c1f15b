"""The Questions page: questions on the left, the selected question in the centre, its notes
on the right (issue 3's daily workspace)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from desktop.ui.workspace.notes_pane import NotesPane
from desktop.ui.workspace.question_pane import QuestionPane
from desktop.ui.workspace.questions_pane import QuestionsPane

if TYPE_CHECKING:
    from desktop.store.changes import Changes


class Workspace(QWidget):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_api = window
        self.questions = QuestionsPane(window, self)
        self.question = QuestionPane(window, self)
        self.notes = NotesPane(window, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("workspaceSplitter")
        self.splitter.setChildrenCollapsible(False)
        for pane in (self.questions, self.question, self.notes):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 4)
        self.splitter.setSizes([330, 560, 390])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.questions.question_selected.connect(self._question_selected)
        self._sizes: list[int] = self.splitter.sizes()
        self.splitter.splitterMoved.connect(lambda _pos, _index: self._remember())

    # --- layout --------------------------------------------------------------------------------

    def _remember(self) -> None:
        sizes = self.splitter.sizes()
        if self.splitter.isVisible() and all(size > 0 for size in sizes):  # laid out, all panes shown
            self._sizes = sizes

    def set_pane_visible(self, pane: QWidget, visible: bool) -> None:
        """Hide or show the questions list or the notes pane, keeping the widths to come back to."""
        if not visible:
            self._remember()
        pane.setVisible(visible)
        if visible and not (self.questions.isHidden() or self.notes.isHidden()):
            self.splitter.setSizes(self._sizes)

    def pane_sizes(self) -> list[int]:
        """The widths of the three panes as last seen all visible (a hidden pane counts as 0 in Qt's own)."""
        self._remember()
        return list(self._sizes)

    def set_pane_sizes(self, sizes: list[int]) -> None:
        if len(sizes) == 3 and all(size > 0 for size in sizes):
            self._sizes = list(sizes)
            self.splitter.setSizes(self._sizes)

    def _question_selected(self, question_id: str | None) -> None:
        self.question.show_question(question_id)
        self.notes.set_question(question_id)

    def refresh(self) -> None:
        """After a project opened or closed: re-read everything (each pane once)."""
        before = self.questions.selected_id()
        self.questions.refresh()
        if self.questions.selected_id() == before:  # no selection signal: reload explicitly
            self.question.show_question(before)
            self.notes.set_question(before)

    def on_changes(self, changes: Changes) -> None:
        if changes.touches("question", "request", "holding", "archive", "request_event"):
            self.questions.refresh()
        self.question.on_changes(changes)
        self.notes.on_changes(changes)

    def flush(self) -> None:
        """Save whatever is typed but not yet saved (before closing a project or the window)."""
        self.question.commit_pending()
        self.notes.flush()
