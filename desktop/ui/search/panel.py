"""Edit > Find: full-text search over the project, results as you type, Enter to go to one.

The query runs on the task runner a quarter of a second after the last keystroke (a
two-character Japanese word falls back to a scan, which can take a while on a large project);
answers to queries the user has since changed are dropped. Whatever is typed is safe: the store
quotes every word, so `"`, `*` or `AND (` just find nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence, QPainter, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.search.model import HitsModel

if TYPE_CHECKING:
    from desktop.store.search import SearchHit

DEBOUNCE_MS = 250
LIMIT = 200


def match_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the query's words occur in `text` (case-insensitive), merged, in order."""
    folded = text.lower()  # lower() keeps positions aligned with `text`
    spans: list[tuple[int, int]] = []
    for term in {t.lower() for t in terms if t}:
        start = folded.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + len(term))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def query_terms(query: str) -> list[str]:
    return [w.strip('"*') for w in query.split() if w.strip('"*')]


class HighlightDelegate(QStyledItemDelegate):
    """Draws the words of the query in bold, so the eye finds them in the snippet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.terms: list[str] = []

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text  # type: ignore[attr-defined]
        spans = match_spans(text, self.terms)
        if not spans:
            super().paint(painter, option, index)
            return
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        opt.text = ""  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget).adjusted(3, 0, -3, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        plain = QFont(opt.font)  # type: ignore[attr-defined]
        bold = QFont(plain)
        bold.setBold(True)
        pieces, at = [], 0
        for start, end in spans:
            pieces += [(text[at:start], plain), (text[start:end], bold)]
            at = end
        pieces.append((text[at:], plain))
        painter.save()
        painter.setPen(opt.palette.color(role))  # type: ignore[attr-defined]
        x = rect.left()
        for piece, font in pieces:
            if not piece:
                continue
            metrics = QFontMetrics(font)
            width = metrics.horizontalAdvance(piece)
            if x + width > rect.right():
                piece = metrics.elidedText(piece, Qt.TextElideMode.ElideRight, rect.right() - x)
                width = metrics.horizontalAdvance(piece)
            painter.setFont(font)
            painter.drawText(QRect(x, rect.top(), width, rect.height()), Qt.AlignmentFlag.AlignVCenter, piece)
            x += width
            if x >= rect.right():
                break
        painter.restore()


class QueryEdit(QLineEdit):
    """The query box; Up/Down move through the results without leaving it."""

    def __init__(self, results: QTableView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._results = results

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            model = self._results.model()
            if model.rowCount():
                row = self._results.currentIndex().row()
                step = {
                    Qt.Key.Key_Down: 1,
                    Qt.Key.Key_Up: -1,
                    Qt.Key.Key_PageDown: 10,
                    Qt.Key.Key_PageUp: -10,
                }
                row = max(0, min(model.rowCount() - 1, (row if row >= 0 else -1) + step[Qt.Key(event.key())]))
                self._results.setCurrentIndex(model.index(row, 0))
            return
        super().keyPressEvent(event)


class SearchPanel(QDialog):
    """A tool window beside the main window; it stays open while the user visits hits."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Find")
        self.setModal(False)
        self.resize(760, 460)
        self._generation = 0
        self._last_query: str | None = None
        self._open_first_when_done = False  # Enter pressed before the results arrived

        self.model = HitsModel(self)
        self.results = QTableView(self)
        self.results.setModel(self.model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setWordWrap(False)
        self.results.setAlternatingRowColors(True)
        self.results.verticalHeader().hide()
        self.results.setShowGrid(False)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.results.setColumnWidth(1, 300)
        self.results.activated.connect(self._open_index)  # Enter or double-click
        self.highlight = HighlightDelegate(self.results)
        for column in (1, 2):
            self.results.setItemDelegateForColumn(column, self.highlight)

        self.query = QueryEdit(self.results, self)
        self.query.setPlaceholderText("Search questions, notes, requests, archives, sources and letters…")
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self._schedule)
        self.query.returnPressed.connect(self.open_current)

        self.status = QLabel(self)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QDialogButtonBox(self)
        self.go_button = buttons.addButton("&Go to", QDialogButtonBox.ButtonRole.ActionRole)
        self.go_button.setEnabled(False)
        self.go_button.clicked.connect(self.open_current)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.close)
        self.go_button.setAutoDefault(False)
        for button in buttons.buttons():
            button.setAutoDefault(False)  # Enter in the query box goes to the hit, not a button

        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run_query)
        self.results.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.go_button.setEnabled(current.isValid())
        )
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_query)

        window.project_changed.connect(self._project_changed)
        window.changes.connect(self._refresh_after_write)
        self._show_idle()

    # --- querying ------------------------------------------------------------------------------

    def focus_query(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def _schedule(self, _text: str = "") -> None:
        self._timer.start()

    def _show_idle(self) -> None:
        if self.window_.project is None:
            self.status.setText("Open a project to search it.")
        else:
            self.status.setText("Type a word or two; every word must occur. Short Japanese words work too.")

    def run_query(self) -> None:
        """Search now (the debounce timer calls this); the answer arrives through the runner."""
        self._timer.stop()
        query = self.query.text().strip()
        self._generation += 1
        generation = self._generation
        project = self.window_.project
        if project is None or not query:
            self._last_query = None
            self.model.set_hits([])
            self._show_idle()
            return
        self._last_query = query
        self.status.setText("Searching…")

        def work(_handle: Any) -> list[SearchHit]:
            from desktop.store.search import search

            return project.read(search, query=query, limit=LIMIT)

        def done(hits: list[SearchHit]) -> None:
            if generation == self._generation:
                self._show_hits(query, hits)
                if self._open_first_when_done and hits:
                    self._open_index(self.model.index(0, 0))
                self._open_first_when_done = False

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.model.set_hits([])
                self.status.setText(f"The search failed: {error}")

        self.window_.runner.run(work, done, failed)

    def _show_hits(self, query: str, hits: list[SearchHit]) -> None:
        self.highlight.terms = query_terms(query)
        current = self.results.currentIndex()
        keep = self.model.hit_at(current.row()).row_id if current.isValid() else None
        self.model.set_hits(hits)
        rows = [i for i, h in enumerate(hits) if h.row_id == keep]
        if hits:
            self.results.setCurrentIndex(self.model.index(rows[0] if rows else 0, 0))
        if not hits:
            self.status.setText(f"No hits for “{query}”.")
        elif len(hits) >= LIMIT:
            self.status.setText(
                f"{LIMIT} hits shown for “{query}”, and there are more: add a word to narrow the search."
            )
        else:
            self.status.setText(
                f"{len(hits)} hit{'s' if len(hits) != 1 else ''} for “{query}”. "
                "Enter or double-click goes to one."
            )

    def _project_changed(self, _project: Any) -> None:
        self.model.set_hits([])
        if self.isVisible():
            self.run_query()
        else:
            self._show_idle()

    def _refresh_after_write(self, _changes: Any) -> None:
        if self.isVisible() and self._last_query:
            self._schedule()

    # --- going to a hit -------------------------------------------------------------------------

    def open_current(self) -> None:
        if self._timer.isActive():
            self._open_first_when_done = True  # Enter before the debounce fired: search, then go
            self.run_query()
            return
        index = self.results.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0, 0)
        if index.isValid():
            self._open_index(index)

    def _open_index(self, index: QModelIndex) -> None:
        hit = self.model.hit_at(index.row())
        self.status.setText(open_hit(self.window_, hit))


def open_hit(window: Any, hit: SearchHit) -> str:
    """Show `hit` in the main window through its public API; returns what happened, for the status line."""
    if hit.kind in {"request", "communication"} and hit.request_id:
        window.show_request(hit.request_id)
        return (
            f"Showing the request “{hit.title}”."
            if hit.kind == "request"
            else "Showing the letter's request."
        )
    if hit.kind == "archive":
        window.show_page("Archives")
        return f"Showing the Archives page: look for {hit.title}."
    if hit.question_id:
        window.show_question(hit.question_id)
        what = {
            "note": "the note's question",
            "source": "a question citing it",
            "person": "a question about them",
        }
        return f"Showing {what.get(hit.kind, 'the question')}."
    return f"{hit.kind_label} “{hit.title}” belongs to no question yet."
