"""The questions list: one row per question, from `queries.question_summaries`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.domain.vocab import QuestionStatus
from desktop.store.queries import QuestionSummary

Index = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {s.value: s.value.capitalize() for s in QuestionStatus}


class QuestionsModel(QAbstractTableModel):
    COLUMNS = ("Code", "Question", "Status", "Where", "Requests")
    ID_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[QuestionSummary] = []

    def set_rows(self, rows: list[QuestionSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> QuestionSummary:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        q = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                q.code,
                q.title,
                STATUS_LABELS.get(q.status, q.status),
                " · ".join(q.cities),
                f"{q.open_requests} open / {q.requests}" if q.requests else "none",
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and q.overdue_requests:
            return f"{q.overdue_requests} overdue"
        if role == self.ID_ROLE:
            return q.id
        return None
