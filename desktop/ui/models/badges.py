"""A delegate that draws a cell as a small rounded badge (an overdue marker, a status)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex


class BadgeDelegate(QStyledItemDelegate):
    """Cells with a BackgroundRole brush are drawn as a pill of that colour; others as usual."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        brush = index.data(Qt.ItemDataRole.BackgroundRole)
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        if not isinstance(brush, QBrush) or not text:
            super().paint(painter, option, index)
            return
        # the selection highlight first, then the pill on top
        base = QStyleOptionViewItem(option)
        self.initStyleOption(base, index)
        base.text = ""
        base.backgroundBrush = QBrush()
        style = option.widget.style() if option.widget is not None else None  # type: ignore[union-attr]
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, base, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = option.fontMetrics
        width = min(metrics.horizontalAdvance(text) + 14, option.rect.width() - 4)
        height = metrics.height() + 4
        rect = QRectF(option.rect.x() + 3, option.rect.center().y() - height / 2 + 1, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(brush)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(foreground.color() if isinstance(foreground, QBrush) else Qt.GlobalColor.white)
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width) - 10)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, elided)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size: Any = super().sizeHint(option, index)
        return QSize(size.width() + 16, size.height())
