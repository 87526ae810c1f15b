"""The timeline picture: each request a bar from the day it was sent to its due date (or to the
day it was closed), coloured by status, a line for today, grouped by question or by archive.

Drawn with QPainter on a canvas inside a scroll area; only the rows in view are painted, so a
project with thousands of requests scrolls smoothly. Ctrl+wheel (or +/-) zooms around the mouse.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QScrollArea, QToolTip, QWidget

from desktop.domain.lifecycle import OUTCOME_LABELS, STATUS_LABELS, Outcome, RequestStatus

# Colours by status (Tableau 10, readable on white and distinguishable in grey print).
STATUS_COLOURS: dict[str, str] = {
    "sent": "#4e79a7",
    "acknowledged": "#59a14f",
    "clarification_requested": "#edc948",
    "payment_requested": "#f28e2b",
    "extended": "#76b7b2",
    "referred": "#b07aa1",
    "appealing": "#ff9da7",
    "closed": "#bab0ac",
}
OVERDUE_COLOUR = "#e15759"
TODAY_COLOUR = "#222222"
OVERDUE_FILL = "#f6d3d4"
LABEL_WIDTH = 250
AXIS_HEIGHT = 34
ROW_HEIGHT = 24
GROUP_HEIGHT = 26
RIGHT_MARGIN = 200  # room for the note after the last bar
MIN_ZOOM, MAX_ZOOM = 0.4, 40.0  # pixels per day


@dataclass(frozen=True)
class _Row:
    kind: str  # "group" or "bar"
    label: str
    bar: Any = None  # desktop.store.overview.TimelineBar


def _end_of(bar: Any, today: date) -> date:
    if bar.closed_on is not None and bar.status == RequestStatus.CLOSED:
        return bar.closed_on
    if bar.paused_on is not None:
        return max(bar.paused_on, today)
    return bar.due or today


class TimelineCanvas(QWidget):
    """The drawing; sized to the whole timeline, painted only where visible."""

    request_activated = Signal(str)
    request_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_Row] = []
        self.tops: list[int] = []
        self.today = date.today()
        self.first = self.today - timedelta(days=30)
        self.last = self.today + timedelta(days=30)
        self.zoom = 3.0
        self.group_by = "question"
        self.selected: str | None = None
        self._bars: Sequence[Any] = ()
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

    # --- data ----------------------------------------------------------------------------------

    def set_bars(self, bars: Sequence[Any], today: date) -> None:
        self._bars, self.today = bars, today
        starts = [b.sent_on for b in bars]
        ends = [_end_of(b, today) for b in bars] + [b.due for b in bars if b.due]
        self.first = (min(starts, default=today) - timedelta(days=14)).replace(day=1)
        self.last = max([*ends, today]) + timedelta(days=21)
        self._layout_rows()

    def set_group_by(self, group_by: str) -> None:
        self.group_by = group_by
        self._layout_rows()

    def _layout_rows(self) -> None:
        groups: dict[str, list[Any]] = {}
        for bar in self._bars:
            if self.group_by == "archive":
                key = f"{bar.archive} · {bar.city}" if bar.city else bar.archive
            else:
                key = f"{bar.question_code} · {bar.question_title}"
            groups.setdefault(key, []).append(bar)
        self.rows, self.tops = [], []
        y = AXIS_HEIGHT
        for key in sorted(groups):
            self.rows.append(_Row("group", key))
            self.tops.append(y)
            y += GROUP_HEIGHT
            for bar in sorted(groups[key], key=lambda b: b.sent_on):
                label = bar.question_code if self.group_by == "archive" else bar.archive
                self.rows.append(_Row("bar", label, bar))
                self.tops.append(y)
                y += ROW_HEIGHT
        self._height = y + 8
        self._resize()

    def _resize(self) -> None:
        width = LABEL_WIDTH + int((self.last - self.first).days * self.zoom) + RIGHT_MARGIN
        self.setFixedSize(width, max(self._height, AXIS_HEIGHT + 40))
        self.update()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._resize()

    # --- geometry ------------------------------------------------------------------------------

    def x_of(self, day: date) -> float:
        return LABEL_WIDTH + (day - self.first).days * self.zoom

    def day_at(self, x: float) -> date:
        return self.first + timedelta(days=round((x - LABEL_WIDTH) / self.zoom))

    def _index_at(self, y: int) -> int | None:
        index = bisect_right(self.tops, y) - 1
        if index < 0:
            return None
        height = GROUP_HEIGHT if self.rows[index].kind == "group" else ROW_HEIGHT
        return index if y < self.tops[index] + height else None

    def _visible_rows(self, visible: QRect) -> range:
        """Indexes of the rows that can be in view (found by bisection: thousands of rows stay fast)."""
        first = max(bisect_right(self.tops, visible.top() + AXIS_HEIGHT - GROUP_HEIGHT) - 1, 0)
        last = bisect_right(self.tops, visible.bottom())
        return range(first, last)

    def bar_rect(self, index: int) -> QRectF:
        row, top = self.rows[index], self.tops[index]
        start = self.x_of(row.bar.sent_on)
        end = self.x_of(_end_of(row.bar, self.today) + timedelta(days=1))
        return QRectF(start, top + 5, max(end - start, 3.0), ROW_HEIGHT - 10)

    # --- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        visible = self.visible_rect()
        area = event.rect().united(visible)
        painter.fillRect(area, self.palette().base())
        self._paint_grid(painter, visible)
        self._paint_rows(painter, visible)
        self._paint_today(painter, visible)
        self._paint_axis(painter, visible)
        self._paint_labels(painter, visible)
        painter.end()

    def visible_rect(self) -> QRect:
        """The part of the canvas the scroll area's viewport shows (the whole canvas outside one)."""
        viewport = self.parentWidget()
        if viewport is None or not isinstance(viewport.parentWidget(), QScrollArea):
            return self.rect()
        return QRect(-self.x(), -self.y(), viewport.width(), viewport.height()).intersected(self.rect())

    def _months(self) -> list[date]:
        months, day = [], self.first.replace(day=1)
        while day <= self.last:
            months.append(day)
            day = (day + timedelta(days=32)).replace(day=1)
        return months

    def _paint_grid(self, painter: QPainter, visible: QRect) -> None:
        painter.setPen(QPen(QColor("#e6e6e6"), 1))
        for month in self._months():
            x = self.x_of(month)
            painter.drawLine(int(x), visible.top() + AXIS_HEIGHT, int(x), visible.bottom())

    def _paint_axis(self, painter: QPainter, visible: QRect) -> None:
        top = visible.top()
        painter.fillRect(QRect(visible.left(), top, visible.width(), AXIS_HEIGHT), QColor("#f5f5f5"))
        painter.setPen(QColor("#cccccc"))
        painter.drawLine(visible.left(), top + AXIS_HEIGHT - 1, visible.right(), top + AXIS_HEIGHT - 1)
        metrics = QFontMetrics(painter.font())
        month_width = 30 * self.zoom
        step = (
            1
            if month_width >= metrics.horizontalAdvance("Sep 2026") + 8
            else 3
            if month_width * 3 >= 60
            else 12
        )
        painter.setPen(self.palette().text().color())
        for month in self._months():
            if (month.month - 1) % step:
                continue
            x = int(self.x_of(month))
            painter.drawLine(x, top + AXIS_HEIGHT - 8, x, top + AXIS_HEIGHT - 1)
            text = month.strftime("%b %Y") if step < 12 else str(month.year)
            painter.drawText(x + 3, top + AXIS_HEIGHT - 12, text)

    def _paint_today(self, painter: QPainter, visible: QRect) -> None:
        x = int(self.x_of(self.today) + self.zoom / 2)
        pen = QPen(QColor(TODAY_COLOUR), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(x, visible.top() + AXIS_HEIGHT - 4, x, visible.bottom())
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(TODAY_COLOUR))
        text = f"today {self.today.day} {self.today.strftime('%b')}"
        painter.drawText(x + 4, visible.top() + 12, text)
        painter.setFont(self.font())

    def _paint_rows(self, painter: QPainter, visible: QRect) -> None:
        metrics = QFontMetrics(self.font())
        for index in self._visible_rows(visible):
            row, top = self.rows[index], self.tops[index]
            height = GROUP_HEIGHT if row.kind == "group" else ROW_HEIGHT
            if top + height < visible.top() + AXIS_HEIGHT or top > visible.bottom():
                continue
            if row.kind == "group":
                painter.fillRect(QRect(visible.left(), top, visible.width(), height), QColor("#eef2f7"))
                continue
            bar = row.bar
            rect = self.bar_rect(index)
            colour = QColor(STATUS_COLOURS.get(bar.status, "#999999"))
            if bar.request_id == self.selected:
                painter.fillRect(QRect(visible.left(), top, visible.width(), height), QColor("#fff4d6"))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(colour))
            painter.drawRoundedRect(rect, 3, 3)
            right = rect.right()
            if bar.overdue and bar.due is not None:
                # Aliased on purpose: crisp hatching in exactly the overdue colour.
                start = int(self.x_of(bar.due + timedelta(days=1)))
                end = int(self.x_of(self.today + timedelta(days=1)))
                late = QRect(start, int(rect.top()), max(end - start, 2), int(rect.height()))
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                painter.fillRect(late, QColor(OVERDUE_FILL))
                painter.fillRect(late, QBrush(QColor(OVERDUE_COLOUR), Qt.BrushStyle.BDiagPattern))
                painter.setPen(QPen(QColor(OVERDUE_COLOUR), 1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(late)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                right = max(right, late.right())
            elif bar.paused_on is not None and bar.status != RequestStatus.CLOSED:
                paused = QRectF(
                    self.x_of(bar.paused_on),
                    rect.top(),
                    rect.right() - self.x_of(bar.paused_on),
                    rect.height(),
                )
                painter.setBrush(QBrush(QColor("#7f7f7f"), Qt.BrushStyle.Dense6Pattern))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.drawRect(paused)
            if bar.due is not None and bar.status != RequestStatus.CLOSED:
                x = self.x_of(bar.due + timedelta(days=1))
                painter.setPen(QPen(QColor("#333333"), 2))
                painter.drawLine(int(x), int(rect.top()) - 2, int(x), int(rect.bottom()) + 2)
            painter.setPen(QColor("#555555"))
            note = self._note(bar)
            painter.drawText(int(right) + 6, top + (height + metrics.ascent() - metrics.descent()) // 2, note)

    def _note(self, bar: Any) -> str:
        if bar.status == RequestStatus.CLOSED:
            outcome = OUTCOME_LABELS.get(Outcome(bar.outcome)) if bar.outcome else ""
            return f"closed {bar.closed_on:%d %b}" + (f" · {outcome.lower()}" if outcome else "")
        if bar.overdue and bar.due is not None:
            return f"overdue {(self.today - bar.due).days} d (due {bar.due:%d %b})"
        if bar.paused_on is not None:
            return f"clock stopped {bar.paused_on:%d %b}"
        if bar.due is not None:
            return f"due {bar.due:%d %b %Y}"
        return STATUS_LABELS[RequestStatus(bar.status)].lower()

    def _paint_labels(self, painter: QPainter, visible: QRect) -> None:
        left = visible.left()
        painter.fillRect(QRect(left, visible.top(), LABEL_WIDTH - 4, visible.height()), QColor("#fafafa"))
        painter.setPen(QColor("#cccccc"))
        painter.drawLine(left + LABEL_WIDTH - 4, visible.top(), left + LABEL_WIDTH - 4, visible.bottom())
        bold = QFont(self.font())
        bold.setBold(True)
        for index in self._visible_rows(visible):
            row, top = self.rows[index], self.tops[index]
            height = GROUP_HEIGHT if row.kind == "group" else ROW_HEIGHT
            if top + height < visible.top() + AXIS_HEIGHT or top > visible.bottom():
                continue
            painter.setFont(bold if row.kind == "group" else self.font())
            metrics = QFontMetrics(painter.font())
            indent = 8 if row.kind == "group" else 22
            if row.kind == "bar":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(STATUS_COLOURS.get(row.bar.status, "#999999")))
                painter.drawEllipse(QRectF(left + 8, top + height / 2 - 4, 8, 8))
            painter.setPen(self.palette().text().color())
            text = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, LABEL_WIDTH - indent - 10)
            painter.drawText(left + indent, top + (height + metrics.ascent() - metrics.descent()) // 2, text)
        painter.setFont(self.font())
        painter.fillRect(QRect(left, visible.top(), LABEL_WIDTH - 4, AXIS_HEIGHT), QColor("#f5f5f5"))
        painter.setPen(self.palette().text().color())
        heading = "Question / archive" if self.group_by == "question" else "Archive / question"
        painter.drawText(left + 8, visible.top() + AXIS_HEIGHT - 12, heading)

    # --- interaction ---------------------------------------------------------------------------

    def _bar_index_at(self, point: QPoint) -> int | None:
        index = self._index_at(point.y())
        return index if index is not None and self.rows[index].kind == "bar" else None

    def event(self, event: Any) -> bool:
        if event.type() == event.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            index = self._bar_index_at(event.pos())
            if index is None:
                QToolTip.hideText()
            else:
                bar = self.rows[index].bar
                status = STATUS_LABELS[RequestStatus(bar.status)]
                QToolTip.showText(
                    event.globalPos(),
                    f"<b>{bar.archive}</b> ({bar.question_code}) · {status}"
                    f"<br>{bar.subject}<br><br>{bar.basis}",
                    self,
                )
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self._bar_index_at(event.position().toPoint())
        if index is not None:
            self.selected = self.rows[index].bar.request_id
            self.request_selected.emit(self.selected)
            self.update()
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self._bar_index_at(event.position().toPoint())
        if index is not None:
            self.request_activated.emit(self.rows[index].bar.request_id)


class TimelineView(QScrollArea):
    """The canvas in a scroll area; keeps the axis and the labels in view while scrolling."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = TimelineCanvas()
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # The axis and labels are drawn where the view is: repaint on scroll instead of blitting.
        self.horizontalScrollBar().valueChanged.connect(self.canvas.update)
        self.verticalScrollBar().valueChanged.connect(self.canvas.update)

    def set_bars(self, bars: Sequence[Any], today: date) -> None:
        self.canvas.set_bars(bars, today)

    def zoom_by(self, factor: float, anchor_x: int | None = None) -> None:
        """Zoom, keeping the day under `anchor_x` (viewport pixels; default the centre) in place."""
        viewport_x = self.viewport().width() // 2 if anchor_x is None else anchor_x
        bar = self.horizontalScrollBar()
        day = self.canvas.day_at(bar.value() + viewport_x)
        self.canvas.set_zoom(self.canvas.zoom * factor)
        bar.setValue(int(self.canvas.x_of(day) - viewport_x))

    def fit(self) -> None:
        """Show the whole period in the width of the view."""
        days = max((self.canvas.last - self.canvas.first).days, 1)
        self.canvas.set_zoom((self.viewport().width() - LABEL_WIDTH - RIGHT_MARGIN - 8) / days)

    def show_today(self) -> None:
        x = self.canvas.x_of(self.canvas.today)
        self.horizontalScrollBar().setValue(
            int(x - LABEL_WIDTH - (self.viewport().width() - LABEL_WIDTH) * 0.7)
        )

    def wheelEvent(self, event: Any) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            self.zoom_by(1.25**steps, int(event.position().x()))
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        else:
            super().keyPressEvent(event)
