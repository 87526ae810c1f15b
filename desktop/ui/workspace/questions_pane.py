"""The left pane: the questions, as two-line cards, with a search box, filters and sorting.

Filtering and sorting happen in SQL (`queries.question_summaries`); the pane only keeps the
current choice and re-reads when it or the project changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QFocusEvent, QFont, QKeyEvent, QPainter, QPalette, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.vocab import QuestionStatus
from desktop.ui.models.labels import GREY, PRIORITY_LABELS, QUESTION_STATUS_COLOURS, RED
from desktop.ui.models.questions import STATUS_LABELS, QuestionsModel
from desktop.ui.models.table import ROW_ROLE, RowsProxy

if TYPE_CHECKING:
    from desktop.store.queries import QuestionFilter, QuestionSummary

Index = QModelIndex | QPersistentModelIndex

# From this many live requests, the list shows before its counts (see refresh()).
COUNT_LATER_FROM = 20_000
SORTS = (
    ("code", "Code"),
    ("title", "Title"),
    ("status", "Status"),
    ("priority", "Priority"),
    ("overdue", "Overdue requests"),
    ("open", "Open requests"),
    ("updated", "Last edited"),
)


_log = logging.getLogger(__name__)


class QuestionCardDelegate(QStyledItemDelegate):
    """Line 1: code and title. Line 2: status and priority, open/overdue counts on the right.
    Line 3: the cities of its archives."""

    PAD = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(200, 3 * line + 3 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        q: QuestionSummary | None = index.data(ROW_ROLE)
        if q is None:
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None  # type: ignore[union-attr]
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        painter.save()
        rect = option.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD - 2, -self.PAD)
        metrics = option.fontMetrics
        line = metrics.lineSpacing()

        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        code_width = painter.fontMetrics().horizontalAdvance(q.code + "  ")
        painter.drawText(QRect(rect.x(), rect.y(), code_width, line), Qt.AlignmentFlag.AlignLeft, q.code)
        painter.setFont(option.font)
        title_rect = QRect(rect.x() + code_width, rect.y(), rect.width() - code_width, line)
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(q.title, Qt.TextElideMode.ElideRight, title_rect.width()),
        )

        second = QRect(rect.x(), rect.y() + line + self.PAD // 2, rect.width(), line)
        counts = f"{q.open_requests} open" if q.requests else "no requests"
        if not q.counted:  # not read yet (start-up, or a large project): say nothing rather than "none"
            counts = "…"
        if q.overdue_requests:
            counts += f" · {q.overdue_requests} overdue"
        counts_width = metrics.horizontalAdvance(counts) + 4
        painter.setPen(text_colour if selected else (RED if q.overdue_requests else GREY))
        painter.drawText(second, Qt.AlignmentFlag.AlignRight, counts)

        status = STATUS_LABELS.get(q.status, q.status)
        painter.setPen(text_colour if selected else QUESTION_STATUS_COLOURS.get(q.status, GREY))
        status_width = metrics.horizontalAdvance(status)
        painter.drawText(second, Qt.AlignmentFlag.AlignLeft, status)
        painter.setPen(text_colour if selected else GREY)
        if q.priority != 2:
            room = max(second.width() - status_width - counts_width - 8, 0)
            painter.drawText(
                QRect(second.x() + status_width, second.y(), room, line),
                Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(
                    f"  ·  {PRIORITY_LABELS.get(q.priority, '')} priority", Qt.TextElideMode.ElideRight, room
                ),
            )
        third = QRect(rect.x(), second.y() + line, rect.width(), line)
        cities = " · ".join(q.cities) if q.cities else ("no archives yet" if q.counted else "…")
        painter.drawText(
            third,
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(cities, Qt.TextElideMode.ElideRight, third.width()),
        )
        painter.restore()


class FacetCombo(QComboBox):
    """A filter whose choices (every tag, archive or city) are read when it is first used: opened,
    focused, scrolled or typed into. Reading them at each open cost ~4 ms on a large project for
    combos most opens never touch (issue 8)."""

    def __init__(self, ensure_choices: Callable[[], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._ensure_choices = ensure_choices

    def showPopup(self) -> None:
        self._ensure_choices()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._ensure_choices()
        super().focusInEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self._ensure_choices()
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._ensure_choices()
        super().keyPressEvent(event)


class QuestionsPane(QWidget):
    """Search, filters, sort and the list; `question_selected(id or None)` when the choice changes."""

    question_selected = Signal(object)
    new_question_requested = Signal()

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_api = window
        self.setObjectName("questionsPane")
        self._selected: str | None = None
        self._refreshing = False
        self._counting = 0  # the refresh whose counts may still be filled in
        self._facets_stale = False  # the project changed since the filter choices were read

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter questions (code, title, text, tags)…")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())

        self.status_filter = QComboBox(self)
        self.status_filter.addItem("Any status", None)
        for status in QuestionStatus:
            self.status_filter.addItem(STATUS_LABELS[status.value], status.value)
        self.tag_filter = FacetCombo(self.ensure_facets, self)
        self.archive_filter = FacetCombo(self.ensure_facets, self)
        self.city_filter = FacetCombo(self.ensure_facets, self)
        for combo, tip in (
            (self.status_filter, "Show questions with this status"),
            (self.tag_filter, "Show questions with this tag"),
            (self.archive_filter, "Show questions that look or asked at this archive"),
            (self.city_filter, "Show questions with an archive in this city"),
        ):
            combo.setToolTip(tip)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.activated.connect(lambda _i: self.refresh())

        self.sort_combo = QComboBox(self)
        for key, label in SORTS:
            self.sort_combo.addItem(f"Sort: {label}", key)
        self.sort_combo.activated.connect(lambda _i: self.refresh())
        self.order_button = QToolButton(self)
        self.order_button.setCheckable(True)
        self.order_button.setText("↑")
        self.order_button.setToolTip("Ascending / descending")
        self.order_button.toggled.connect(self._order_toggled)
        self.new_button = QToolButton(self)
        self.new_button.setText("New question")
        self.new_button.setToolTip("Create a question (Ctrl+N)")
        self.new_button.clicked.connect(self.new_question_requested)

        self.model = RowsProxy(QuestionsModel(self), self)  # the list's layout without 8,000 calls
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(QuestionCardDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setUniformItemSizes(True)
        self.view.setAlternatingRowColors(True)
        self.view.setAccessibleName("Questions")
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, handler in (
            ("New question", self.new_question_requested.emit),
            ("Delete question", self.delete_selected),
        ):
            action = QAction(text, self.view)
            action.triggered.connect(lambda _c=False, h=handler: h())
            self.view.addAction(action)
        self.count_label = QLabel(self)
        self.count_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("Clear filters")
        self.clear_button.clicked.connect(self.clear_filters)

        filters = QGridLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.status_filter, 0, 0)
        filters.addWidget(self.tag_filter, 0, 1)
        filters.addWidget(self.archive_filter, 1, 0)
        filters.addWidget(self.city_filter, 1, 1)
        sort_row = QHBoxLayout()
        sort_row.addWidget(self.sort_combo, 1)
        sort_row.addWidget(self.order_button)
        sort_row.addWidget(self.new_button)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 3, 6)
        title = QLabel("<b>Questions</b>", self)
        layout.addWidget(title)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addLayout(sort_row)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)
        self._fill_facets(None)

    # --- state -----------------------------------------------------------------------------------

    def current_filter(self) -> QuestionFilter:
        from desktop.store.queries import QuestionFilter

        return QuestionFilter(
            text=self.search.text(),
            status=self.status_filter.currentData(),
            tag=self.tag_filter.currentData(),
            archive_id=self.archive_filter.currentData(),
            city=self.city_filter.currentData(),
        )

    def selected_id(self) -> str | None:
        return self._selected

    def _order_toggled(self, descending: bool) -> None:
        self.order_button.setText("↓" if descending else "↑")
        self.refresh()

    def set_filter(self, combo: QComboBox, value: Any) -> None:
        """Pick a filter value (the View menu and tests use this)."""
        self.ensure_facets()
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))
        self.refresh()

    def clear_filters(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        for combo in (self.status_filter, self.tag_filter, self.archive_filter, self.city_filter):
            combo.setCurrentIndex(0)
        self.refresh()

    # --- reading -----------------------------------------------------------------------------

    def ensure_facets(self) -> None:
        """Read the filter choices if the project changed since they were read (`FacetCombo`)."""
        if not self._facets_stale:
            return
        from desktop.store import queries

        project = self.window_api.project
        self._fill_facets(project.read(queries.question_facets) if project is not None else None)

    def _fill_facets(self, facets: Any) -> None:
        self._facets_stale = False

        def fill(combo: QComboBox, empty: str, items: list[tuple[str, str]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(empty, None)
            for value, label in items:
                combo.addItem(label, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

        fill(self.tag_filter, "Any tag", [(t, t) for t in facets.tags] if facets else [])
        fill(self.archive_filter, "Any archive", list(facets.archives) if facets else [])
        fill(self.city_filter, "Any city", [(c, c) for c in facets.cities] if facets else [])

    def refresh(self) -> None:
        """Re-read the list (and the filter choices), keeping the selected question."""
        if self.window_api.project is None and getattr(self.window_api, "store_loading", False):
            return  # start-up: the first look stays listed; the open re-reads it, filtered and sorted
        from desktop.store import queries

        project = self.window_api.project
        if project is None:
            self._fill_facets(None)
            self.model.set_rows([])
            self.count_label.setText("")
            self._set_selected(None)
            return
        self._facets_stale = True  # read when the filter row is used, not at every open
        if any(combo.currentData() for combo in (self.tag_filter, self.archive_filter, self.city_filter)):
            self.ensure_facets()  # now: a chosen tag, archive or city the project lacks goes back to Any
        flt = self.current_filter()
        # On a large project the per-question counts (every request, every linked archive) are
        # read after the list shows, off the GUI thread: ~0.5 s on 100,000 requests.
        later = project.read(queries.request_count, at_most=COUNT_LATER_FROM) >= COUNT_LATER_FROM
        rows = project.read(
            queries.question_summaries,
            today=self.window_api.today(),
            filter=flt,
            sort=self.sort_combo.currentData(),
            descending=self.order_button.isChecked(),
            counts=not later,
        )
        self._counting += 1
        if rows and not rows[0].counted:
            self._count_later(project, self._counting)
        keep = self._selected
        self._refreshing = True
        try:
            self.model.set_rows(rows)
        finally:
            self._refreshing = False
        shown = len(rows)
        if flt.active:
            total = len(project.read(queries.question_summaries, today=self.window_api.today(), counts=False))
            self.count_label.setText(f"{shown} of {total} questions")
        else:
            self.count_label.setText(f"{shown} question{'s' if shown != 1 else ''}")
        self.clear_button.setVisible(flt.active)
        row = self.model.row_of_id(keep) if keep else -1
        if row < 0 and rows and keep is None:
            row = 0
        if row >= 0:
            self._select_row(row)
        else:
            self._set_selected(None)

    def first_look_sort(self) -> tuple[str, bool] | None:
        """The list's order as (sort, descending) if a start-up first look can read it: no filter
        set and a sort without request counts (`desktop.store.question_list.PLAIN_SORTS`)."""
        combos = (self.status_filter, self.tag_filter, self.archive_filter, self.city_filter)
        if self.search.text().strip() or any(combo.currentData() for combo in combos):
            return None
        sort = self.sort_combo.currentData()
        return (sort, self.order_button.isChecked()) if sort not in ("open", "overdue") else None

    def show_first_look(self, rows: list[QuestionSummary]) -> None:
        """Start-up, before the project is open (`desktop.store.first_look`): the questions as the
        file holds them, the first selected. `refresh` replaces them when the project opens,
        keeping the selection, so a question clicked meanwhile stays selected."""
        self._refreshing = True
        try:
            self.model.set_rows(rows)
        finally:
            self._refreshing = False
        self.count_label.setText(f"{len(rows)} question{'s' if len(rows) != 1 else ''}")
        self.clear_button.setVisible(False)  # first_look_sort(): no filter is set
        if rows and self._selected is None:
            self._select_row(0)

    def _count_later(self, project: Any, generation: int) -> None:
        from desktop.store import cancel, queries
        from desktop.ui.tasks import Cancelled

        today = self.window_api.today()

        def done(counts: dict[str, Any]) -> None:
            if generation == self._counting and self.window_api.project is project:
                self.model.fill_counts(counts)

        def failed(error: BaseException) -> None:
            if not isinstance(error, (cancel.ReadCancelled, Cancelled)):  # cancelled: the project was closed
                _log.error("counting the questions' requests failed", exc_info=error)

        self.window_api.runner.run(
            lambda task: project.read(
                cancel.cancellable, fn=queries.question_counts, cancelled=lambda: task.cancelled, today=today
            ),
            done,
            failed,
            cancel_on_close=True,
        )

    def select(self, question_id: str) -> bool:
        """Select a question, clearing the filters if they hide it."""
        row = self.model.row_of_id(question_id)
        if row < 0:
            self.clear_filters()
            row = self.model.row_of_id(question_id)
        if row < 0:
            return False
        self._select_row(row)
        return True

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.view.scrollTo(index)
        self._set_selected(self.model.id_at(row))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._refreshing:
            return
        self._set_selected(self.model.id_at(current.row()) if current.isValid() else None)

    def delete_selected(self) -> bool:
        """Edit ▸ Delete on the list: the question goes to the Trash (undo brings it back)."""
        from desktop.ui import undo

        row = self.model.row_of_id(self._selected) if self._selected else -1
        if row < 0:
            return False
        q = self.model.row_at(row)
        return undo.delete(self.window_api, "question", q.id, f"Delete question {q.code}")

    def _set_selected(self, question_id: str | None) -> None:
        if question_id != self._selected:
            self._selected = question_id
            self.question_selected.emit(question_id)
