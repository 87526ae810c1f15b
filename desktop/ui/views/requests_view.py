"""The Requests page: every request of the project, overdue first; sortable by any column and
filterable, with the sorting and filtering done in SQL and rows read a screenful at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.domain.lifecycle import RequestStatus
from desktop.ui import undo
from desktop.ui.models.badges import BadgeDelegate
from desktop.ui.models.labels import status_label
from desktop.ui.models.requests import DAYS_COLUMN, RequestsModel
from desktop.ui.workspace.tables import (
    context_actions,
    current_id,
    fit_columns,
    keep_selection,
    make_table,
    selected_ids,
)

if TYPE_CHECKING:
    from desktop.store.changes import Changes

RELEVANT = ("request", "request_event", "tracking_number", "archive", "question")


class RequestsView(QWidget):
    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_api = window
        self.setObjectName("requestsView")
        self._sort = ("urgency", False)
        self._stale = True
        # (project, filter, today, how many): the last count, reused when only the order changes
        self._counted: tuple[Any, Any, Any, int] | None = None

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter: subject, archive, city, question code, tracking number…")
        self.search.setClearButtonEnabled(True)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.state_filter = QComboBox(self)
        self.state_filter.addItem("All requests", None)
        self.state_filter.addItem("Open (not closed)", "open")
        self.state_filter.addItem("Overdue", "overdue")
        for status in RequestStatus:
            self.state_filter.addItem(status_label(status.value), status.value)
        self.archive_filter = QComboBox(self)
        self.city_filter = QComboBox(self)
        for combo in (self.state_filter, self.archive_filter, self.city_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            combo.activated.connect(lambda _i: self.refresh())

        self.model = RequestsModel(self._fetch, window.today, self)
        self.model.sorter = self._sorted
        self.view = make_table(self, self.model, stretch=9, sortable=True, multi=True, name="All requests")
        self.view.setItemDelegateForColumn(self.model.column_named(DAYS_COLUMN), BadgeDelegate(self))
        fit_columns(self.view, {0: 9, 1: 10, 2: 14, 3: 20, 4: 22, 5: 10, 6: 10, 7: 15, 8: 12})
        self.view.activated.connect(lambda _i: self.open_request())
        context_actions(self.view, ("Open request", self.open_request), ("Show question", self.show_question))
        self.count = QLabel(self)
        self.count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.open_button = QPushButton("Open request", self)
        self.open_button.clicked.connect(self.open_request)
        self.question_button = QPushButton("Show question", self)
        self.question_button.clicked.connect(self.show_question)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.state_filter, 1)
        filters.addWidget(self.archive_filter, 1)
        filters.addWidget(self.city_filter, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.count, 1)
        footer.addWidget(self.question_button)
        footer.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addLayout(footer)

    def _fetch(self, ids: list[str]) -> list[Any]:
        from desktop.store import queries

        project = self.window_api.project
        return project.read(queries.request_rows, ids=ids) if project is not None else []

    def _sorted(self, key: str, descending: bool) -> None:
        # Qt calls sort() twice per header click; each re-read costs ~1 s on 100,000 requests
        if (key, descending) == self._sort and not self._stale:
            return
        self._sort = (key, descending)
        if self.window_api.project is None or not self.isVisible():
            self.refresh()
        else:  # only the order changed: the filters and the counts stay as they are
            self._read_ids()

    def _fill_filters(self) -> None:
        from desktop.store import queries

        facets = self.window_api.project.read(queries.question_facets)
        for combo, empty, items in (
            (self.archive_filter, "Any archive", list(facets.archives)),
            (self.city_filter, "Any city", [(c, c) for c in facets.cities]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(empty, None)
            for value, label in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    def current_filter(self) -> Any:
        from desktop.store import queries

        state = self.state_filter.currentData()
        return queries.RequestFilter(
            status=state if state not in (None, "open", "overdue") else None,
            open_only=state == "open",
            overdue_only=state == "overdue",
            archive_id=self.archive_filter.currentData(),
            city=self.city_filter.currentData(),
            text=self.search.text(),
        )

    def set_state_filter(self, value: str | None) -> None:
        self.state_filter.setCurrentIndex(max(self.state_filter.findData(value), 0))
        self.refresh()

    def refresh(self) -> None:
        from desktop.store import queries

        project = self.window_api.project
        if project is None:
            self.model.set_ids([])
            self.count.setText("")
            return
        if not self.isVisible():  # re-read when shown: a hidden page costs nothing
            self._stale = True
            return
        self._stale = False
        self._counted = None  # something changed: count again
        self._fill_filters()
        shown = self._read_ids()
        overdue = project.read(
            queries.request_count,
            filter=queries.RequestFilter(overdue_only=True),
            today=self.window_api.today(),
        )
        self.count.setText(f"{shown} request{'s' if shown != 1 else ''} shown · {overdue} overdue in all")

    def _read_ids(self) -> int:
        """Read the list in the current order: all ids, or (when an index keeps that order) the
        count and then a page of ids per block shown. Returns how many requests are shown."""
        from desktop.store import queries

        project = self.window_api.project
        key, descending = self._sort
        arguments = {"filter": self.current_filter(), "sort": key, "descending": descending}
        today = self.window_api.today()
        if queries.pages_in_order(key, descending):
            counted = self._counted
            if counted is not None and counted[:3] == (project, arguments["filter"], today):
                count = counted[3]  # a new order of the same requests: no need to count again
            else:
                count = project.read(queries.request_count, filter=arguments["filter"], today=today)
            self._counted = (project, arguments["filter"], today, count)

            def page(offset: int, limit: int) -> list[str]:
                return project.read(
                    queries.request_id_page, **arguments, today=today, offset=offset, limit=limit
                )

            def every() -> list[str]:
                return project.read(queries.request_ids, **arguments, today=today)

            keep_selection(self.view, lambda: self.model.set_pages(count, page, every))
            return count
        ids = project.read(queries.request_ids, **arguments, today=today)
        keep_selection(self.view, lambda: self.model.set_ids(ids))
        self._counted = (project, arguments["filter"], today, len(ids))
        return len(ids)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*RELEVANT):
            self.refresh()

    def selected_request_ids(self) -> list[str]:
        return selected_ids(self.view)

    def open_request(self) -> None:
        request_id = current_id(self.view)
        if request_id:
            self.window_api.show_request(request_id)

    def show_question(self) -> None:
        request_id = current_id(self.view)
        if request_id:
            row = self.model.row_at(self.model.row_of_id(request_id))
            self.window_api.show_question(row.question_id)

    def delete_selected(self) -> bool:
        ids = selected_ids(self.view)
        if not ids:
            return False
        row = self.model.row_at(self.model.row_of_id(ids[0]))
        undo.delete(self.window_api, "request", ids[0], f"Delete request to {row.archive}")
        return True
