"""Requests lists: across all questions (lazy: ids sorted and filtered in SQL, rows read per
block) and in a question's Requests tab. The "Days left" column is a badge when overdue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor

from desktop.ui.models.labels import (
    AMBER,
    GREY,
    RED,
    WHITE,
    day,
    days_left,
    kind_label,
    request_status_text,
)
from desktop.ui.models.table import Column, LazyRowsModel

if TYPE_CHECKING:
    from desktop.store.queries import RequestSummary

DAYS_COLUMN = "Days left"


def request_columns(today: Callable[[], date]) -> list[Column[Any]]:
    def badge(r: RequestSummary) -> QColor | None:
        state = days_left(r.status, r.due_on, today())[1]
        return RED if state == "overdue" else AMBER if state == "soon" else None

    def badge_text(r: RequestSummary) -> QColor | None:
        state = days_left(r.status, r.due_on, today())[1]
        return WHITE if state in ("overdue", "soon") else GREY if state == "paused" else None

    return [
        Column("Question", lambda r: r.question_code, sort="question"),
        Column("Archive", lambda r: r.archive, sort="archive"),
        Column("City", lambda r: r.city, sort="city"),
        Column("Kind", lambda r: kind_label(r.kind), sort="kind"),
        Column("Status", lambda r: request_status_text(r.status, r.outcome), sort="status"),
        Column("Sent", lambda r: day(r.sent_on), sort="sent"),
        Column("Due", lambda r: day(r.due_on), tooltip=lambda r: r.due_basis or None, sort="due"),
        Column(
            DAYS_COLUMN,
            lambda r: days_left(r.status, r.due_on, today())[0],
            tooltip=lambda r: r.due_basis or None,
            background=badge,
            foreground=badge_text,
            sort="urgency",
        ),
        Column("Tracking no.", lambda r: r.tracking_number, sort="tracking"),
        Column("Subject", lambda r: r.subject, tooltip=lambda r: r.subject or None, sort="subject"),
    ]


class RequestsModel(LazyRowsModel["RequestSummary"]):
    def __init__(
        self, fetch: Callable[[list[str]], list[Any]], today: Callable[[], date], parent: Any = None
    ) -> None:
        super().__init__(request_columns(today), fetch, parent=parent)

    def column_named(self, title: str) -> int:
        return next(n for n, c in enumerate(self.columns) if c.title == title)
