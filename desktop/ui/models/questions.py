"""The questions list: one row per question, from `queries.question_summaries`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor

from desktop.ui.models.labels import PRIORITY_LABELS, QUESTION_STATUS_LABELS, RED
from desktop.ui.models.table import ID_ROLE, Column, RowsModel

if TYPE_CHECKING:
    from desktop.store.queries import QuestionSummary

STATUS_LABELS = QUESTION_STATUS_LABELS


def _requests_text(q: QuestionSummary) -> str:
    if not q.counted:
        return "…"  # being counted (a large project: the list shows first)
    return f"{q.open_requests} open / {q.requests}" if q.requests else "none"


def _overdue_colour(q: QuestionSummary) -> QColor | None:
    return RED if q.overdue_requests else None


COLUMNS: list[Column[Any]] = [
    Column("Code", lambda q: q.code, sort="code"),
    Column("Question", lambda q: q.title, tooltip=lambda q: q.title, sort="title"),
    Column("Status", lambda q: STATUS_LABELS.get(q.status, q.status), sort="status"),
    Column("Where", lambda q: " · ".join(q.cities), tooltip=lambda q: " · ".join(q.cities)),
    Column(
        "Requests",
        _requests_text,
        tooltip=lambda q: f"{q.overdue_requests} overdue" if q.overdue_requests else None,
        sort="open",
    ),
    Column("Priority", lambda q: PRIORITY_LABELS.get(q.priority, str(q.priority)), sort="priority"),
    Column(
        "Overdue",
        lambda q: q.overdue_requests or "",
        foreground=_overdue_colour,
        align_right=True,
        sort="overdue",
    ),
]


class QuestionsModel(RowsModel["QuestionSummary"]):
    COLUMNS = tuple(c.title for c in COLUMNS)
    ID_ROLE = ID_ROLE

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent=parent)

    def fill_counts(self, counts: dict[str, Any]) -> None:
        """Put in the cities and request counts read after the list (`queries.question_counts`)."""
        from desktop.store.question_list import with_counts

        if not self._rows:
            return
        self._rows = with_counts(self._rows, counts)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))
