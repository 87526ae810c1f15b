"""The overview, Quaestio's home page: what is overdue and why, what is due this week, what needs
a follow-up, counts of requests by status per archive and per city, and the timeline.

Data comes from `desktop.store.overview.overview`, read on the task runner; the page keeps
showing what it has until the new data arrives. "Today" comes from `clock`, which tests set.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.deadlines import describe_urgency
from desktop.domain.lifecycle import STATUS_LABELS, RequestStatus
from desktop.ui.overview.timeline import OVERDUE_COLOUR, STATUS_COLOURS, TimelineView

WITHIN_DAYS = 7
# Rows each table of the page shows: a large project has tens of thousands of overdue requests,
# and a table row with a button each cost ~2 GB and a minute on 50,000 (issue 8). The Requests
# page lists them all (filter "Overdue").
ROWS_SHOWN = 200
# The timeline draws the requests running in the last TIMELINE_MONTHS months, the first
# TIMELINE_BARS of them in question order: 66,000 bars cost 2 s and 100 MB to read (issue 8).
TIMELINE_MONTHS = 24
TIMELINE_BARS = 1000
ID_ROLE = Qt.ItemDataRole.UserRole


def _item(text: str, *, request_id: str | None = None, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if request_id is not None:
        item.setData(ID_ROLE, request_id)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.setAlternatingRowColors(True)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.horizontalHeader().setHighlightSections(False)
    return table


class OverviewPage(QWidget):
    """The home page. `loaded` fires each time new data has been shown."""

    loaded = Signal()

    def __init__(self, window: Any, clock: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.setObjectName("overviewPage")
        self.window_ = window
        self.clock = clock
        self.data: Any = None  # desktop.store.overview.Overview
        self._data_of: Any = None  # the project `data` was read from
        self._token = 0
        self._task: Any = None  # the running read's TaskHandle
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(150)  # a burst of writes makes one reload
        self._reload_timer.timeout.connect(self.reload)

        self.heading = QLabel()
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.35)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)

        self.due_table = _table(
            ["Due", "When", "Archive", "Q", "Tracking no.", "Request", "Why this date", ""]
        )
        self.follow_table = _table(["Archive", "Q", "What to do", "Since", ""])
        for table in (self.due_table, self.follow_table):
            table.itemDoubleClicked.connect(self._open_item)
            table.customContextMenuRequested.connect(lambda pos, t=table: self._context_menu(t, pos))
        header = self.due_table.horizontalHeader()
        for column in range(self.due_table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.due_table.setColumnWidth(5, 220)
        follow_header = self.follow_table.horizontalHeader()
        for column in range(self.follow_table.columnCount()):
            follow_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        follow_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.count_choice = QComboBox()
        self.count_choice.addItem("per archive", "archive")
        self.count_choice.addItem("per city", "city")
        self.count_choice.currentIndexChanged.connect(self._fill_counts)
        self.count_table = _table(["", "Total"])
        self.count_table.setWordWrap(False)

        self.timeline = TimelineView()
        self.timeline.canvas.request_activated.connect(self._open_request)
        self.group_choice = QComboBox()
        self.group_choice.addItem("by question", "question")
        self.group_choice.addItem("by archive", "archive")
        self.group_choice.currentIndexChanged.connect(
            lambda: self.timeline.canvas.set_group_by(self.group_choice.currentData())
        )
        self.legend = QLabel(self._legend_html())
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)  # on one line it made the page wider than a 1024-pixel window

        self._build_layout()

    # --- layout ------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        due_box = QGroupBox(f"Overdue and due within {WITHIN_DAYS} days")
        QVBoxLayout(due_box).addWidget(self.due_table)
        follow_box = QGroupBox("Needs a follow-up")
        QVBoxLayout(follow_box).addWidget(self.follow_table)
        counts_box = QGroupBox("Requests by status")
        counts_layout = QVBoxLayout(counts_box)
        counts_layout.addWidget(self.count_choice)
        counts_layout.addWidget(self.count_table)
        middle = QSplitter(Qt.Orientation.Horizontal)
        middle.addWidget(follow_box)
        middle.addWidget(counts_box)
        middle.setSizes([640, 560])

        timeline_box = QGroupBox("Timeline")
        self.timeline_box = timeline_box
        timeline_layout = QVBoxLayout(timeline_box)
        tools = QHBoxLayout()
        tools.addWidget(QLabel("Group"))
        tools.addWidget(self.group_choice)
        for text, tip, slot in (
            ("−", "Zoom out (Ctrl+wheel, −)", lambda: self.timeline.zoom_by(0.8)),
            ("+", "Zoom in (Ctrl+wheel, +)", lambda: self.timeline.zoom_by(1.25)),
            ("Fit", "Show the whole period", self.timeline.fit),
            ("Today", "Scroll to today", self.timeline.show_today),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addSpacing(12)
        tools.addWidget(self.legend, 1)
        timeline_layout.addLayout(tools)
        timeline_layout.addWidget(self.timeline)

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(due_box)
        body.addWidget(middle)
        body.addWidget(timeline_box)
        body.setSizes([280, 210, 340])
        body.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addSpacing(16)
        header.addWidget(self.summary, 1)
        layout.addLayout(header)
        layout.addWidget(body, 1)

    @staticmethod
    def _legend_html() -> str:
        swatch = '<span style="color:{c}">&#9632;</span>&nbsp;{t}'
        parts = [
            swatch.format(c=colour, t=STATUS_LABELS[RequestStatus(status)].lower().replace(" ", "&nbsp;"))
            for status, colour in STATUS_COLOURS.items()
        ]
        parts.append(swatch.format(c=OVERDUE_COLOUR, t="overdue"))
        parts.append('<span style="color:#222222">┆</span>&nbsp;today')
        return " &nbsp; ".join(parts)

    # --- data ----------------------------------------------------------------------------------

    def schedule_reload(self) -> None:
        self._reload_timer.start()

    def reload(self) -> None:
        """Read the overview on the task runner; show it when it arrives."""
        from desktop.store import overview

        project = self.window_.project
        self._token += 1
        if self._task is not None:
            self._task.cancel()  # its result would be dropped anyway
            self._task = None
        if project is None:
            self.show_data(None)
            return
        if project is not self._data_of:  # another project: nothing of the last one stays shown
            self.show_data(None, reading=True)
        token, today = self._token, self.clock()
        self._task = self.window_.runner.run(
            lambda handle: project.read(
                overview.overview_in_worker,
                cancelled=lambda: handle.cancelled,
                today=today,
                within=WITHIN_DAYS,
                limit=ROWS_SHOWN,
                bars_limit=TIMELINE_BARS,
                months=TIMELINE_MONTHS,
            ),
            lambda data: self._arrived(token, data),
            lambda error: self._failed(token, error),
            cancel_on_close=True,
        )

    def _arrived(self, token: int, data: Any) -> None:
        if token == self._token:
            self._task = None
            self._data_of = self.window_.project
            self.show_data(data)

    def _failed(self, token: int, error: BaseException) -> None:
        if token == self._token and not (self._task is not None and self._task.cancelled):
            self._task = None
            self.window_.report_error("Cannot show the overview", error)

    def show_data(self, data: Any, *, reading: bool = False) -> None:
        """Show an Overview, or (None) an empty page: "reading…" while a read runs."""
        self.data = data
        if data is None:
            if not reading:
                self._data_of = None
            self.heading.setText("Overview")
            self.summary.setText("Reading the deadlines…" if reading else "No project is open.")
            for table in (self.due_table, self.follow_table, self.count_table):
                table.setRowCount(0)
            self.timeline.set_bars([], self.clock())
            self.timeline_box.setTitle("Timeline")
            if not reading:  # `loaded` means: what is shown is final
                self.loaded.emit()
            return
        self.heading.setText(f"Overview · {data.today.day} {data.today:%B %Y}")
        self.summary.setText(summary_html(data))
        self._fill_due(data)
        self._fill_follow_ups(data)
        self._fill_counts()
        self.timeline.set_bars(data.bars, data.today)
        self.timeline_box.setTitle(timeline_title(data))
        self.timeline.canvas.set_group_by(self.group_choice.currentData())
        self.loaded.emit()

    def _fill_due(self, data: Any) -> None:
        table = self.due_table
        table.setRowCount(0)
        shown = data.due[:ROWS_SHOWN]
        table.setRowCount(len(shown))
        for row, item in enumerate(shown):
            when = (
                "appeal window closes"
                if item.urgency == "appeal window"
                else describe_urgency(item.due, data.today)
            )
            cells = [
                item.due.isoformat(),
                when,
                f"{item.archive} · {item.city}" if item.city else item.archive,
                item.question_code,
                item.tracking_number,
                item.subject,
                item.basis,
            ]
            for column, text in enumerate(cells):
                cell = _item(text, request_id=item.request_id, tooltip=item.basis if column >= 5 else "")
                if "overdue" in item.urgency and column in (0, 1):
                    cell.setForeground(QColor(OVERDUE_COLOUR))
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                table.setItem(row, column, cell)
            if "overdue" in item.urgency:
                table.setCellWidget(row, 7, _centred(self._follow_up_button(item.request_id)))
        _more_row(table, data.due_total - len(shown), "the Requests page lists them all, by due date")
        table.resizeRowsToContents()

    def _fill_follow_ups(self, data: Any) -> None:
        table = self.follow_table
        table.setRowCount(0)
        shown = data.follow_ups[:ROWS_SHOWN]
        table.setRowCount(len(shown))
        for row, item in enumerate(shown):
            cells = [item.archive, item.question_code, item.reason, item.since.isoformat()]
            for column, text in enumerate(cells):
                table.setItem(row, column, _item(text, request_id=item.request_id, tooltip=item.subject))
            if item.action == "follow_up":
                table.setCellWidget(row, 4, _centred(self._follow_up_button(item.request_id)))
            else:
                button = QPushButton("Open request")
                button.setToolTip("The archive is waiting for your answer")
                button.clicked.connect(lambda _=False, rid=item.request_id: self._open_request(rid))
                table.setCellWidget(row, 4, _centred(button))
        _more_row(table, data.follow_ups_total - len(shown), "the Requests page lists them all, by due date")
        table.resizeRowsToContents()

    def _fill_counts(self) -> None:
        data = self.data
        table = self.count_table
        table.setRowCount(0)
        if data is None:
            return
        counts = data.by_archive if self.count_choice.currentData() == "archive" else data.by_city
        statuses = [s.value for s in RequestStatus if any(c.status == s.value for c in counts)]
        groups: dict[str, dict[str, int]] = {}
        for count in counts:
            groups.setdefault(count.group, {})[count.status] = count.count
        headers = ["Archive" if self.count_choice.currentData() == "archive" else "City"]
        headers += [STATUS_LABELS[RequestStatus(s)] for s in statuses] + ["Total"]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(groups))
        for row, (group, by_status) in enumerate(sorted(groups.items())):
            table.setItem(row, 0, _item(group))
            for column, status in enumerate(statuses, start=1):
                number = by_status.get(status, 0)
                cell = _item(str(number) if number else "")
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, cell)
            total = _item(str(sum(by_status.values())))
            total.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            table.setItem(row, len(headers) - 1, total)
        table.resizeColumnsToContents()

    # --- actions -------------------------------------------------------------------------------

    def _follow_up_button(self, request_id: str) -> QPushButton:
        button = QPushButton("Draft follow-up…")
        button.setToolTip("Draft the follow-up letter, quoting the tracking number and the date sent")
        button.clicked.connect(lambda _=False, rid=request_id: self.draft_follow_up(rid))
        return button

    def draft_follow_up(self, request_id: str) -> None:
        """One click: the follow-up letter for this request, in the letters feature's preview."""
        try:
            from desktop.ui.letters import open_letter_preview
        except ImportError:
            QMessageBox.information(
                self, "Follow-up letter", "Letters are not available in this version of Quaestio."
            )
            return
        try:
            open_letter_preview(self.window_, request_id, kind="follow_up")
        except Exception as exc:
            self.window_.report_error("Cannot draft the follow-up letter", exc)

    def _open_item(self, item: QTableWidgetItem) -> None:
        request_id = item.data(ID_ROLE)
        if request_id:
            self._open_request(request_id)

    def _open_request(self, request_id: str) -> None:
        self.window_.show_request(request_id)

    def selected_request_id(self) -> str | None:
        for table in (self.due_table, self.follow_table):
            items = table.selectedItems()
            if items and items[0].data(ID_ROLE):
                return str(items[0].data(ID_ROLE))
        return self.timeline.canvas.selected

    def _context_menu(self, table: QTableWidget, pos: QPoint) -> None:
        item = table.itemAt(pos)
        if item is None or not item.data(ID_ROLE):
            return
        request_id = str(item.data(ID_ROLE))
        menu = QMenu(self)
        open_action = QAction("Open request", menu)
        open_action.triggered.connect(lambda: self._open_request(request_id))
        letter = QAction("Draft follow-up letter…", menu)
        letter.triggered.connect(lambda: self.draft_follow_up(request_id))
        override = QAction("Set due date by hand…", menu)
        override.triggered.connect(lambda: self.override_requested.emit(request_id))
        menu.addActions([open_action, letter, override])
        menu.popup(table.viewport().mapToGlobal(pos))

    override_requested = Signal(str)


def _centred(widget: QWidget) -> QWidget:
    """A cell widget that keeps its natural height in a tall (wrapped) row."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(4, 2, 4, 2)
    layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
    return holder


def _more_row(table: Any, more: int, where: str) -> None:
    """A last row saying how many are not listed, and where to find them."""
    if more <= 0:
        return
    row = table.rowCount()
    table.setRowCount(row + 1)
    table.setItem(row, 0, _item(f"… and {more:,} more ({where})"))
    table.setSpan(row, 0, 1, table.columnCount())


def summary_html(data: Any) -> str:
    """ "<b>4 overdue</b> · 3 due within 7 days · 2 waiting for your answer · 5 drafts"."""
    if not data.by_archive:  # no live request at all: say so, and how one gets here
        return (
            "No requests yet: draft one from a question (File ▸ New request…, Ctrl+Shift+R); "
            "its deadlines show here once it is sent."
        )
    parts = []
    overdue, soon = data.overdue, data.due_soon
    answers = data.answers
    parts.append(f'<b style="color:{OVERDUE_COLOUR}">{overdue} overdue</b>' if overdue else "nothing overdue")
    parts.append(f"{soon} due within {WITHIN_DAYS} days")
    if answers:
        parts.append(f"{answers} waiting for your answer")
    if data.drafts:
        parts.append(f"{data.drafts} not sent yet")
    return " · ".join(parts)


def timeline_title(data: Any) -> str:
    """ "Timeline: requests running since 1 November 2024 (the first 1,000 of 55,126)"."""
    title = "Timeline"
    if not data.bars_total:
        return f"{title}: no request has been sent yet"
    if data.since is not None:
        title += f": requests running since {data.since.day} {data.since:%B %Y}"
    if data.bars_total > len(data.bars):
        title += f" (the first {len(data.bars):,} of {data.bars_total:,}; the Requests page lists them all)"
    return title
