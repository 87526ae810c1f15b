"""What the overview page shows, read in one unit of work: what is due, what needs a follow-up,
counts of requests by status per archive and per city, and the bars of the timeline.

Column tuples aggregated in SQL (store/queries.py style), returned as small frozen dataclasses,
so the page can be filled from a worker thread's result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from desktop.domain.lifecycle import AWAITING_ARCHIVE, RequestStatus
from desktop.store.deadlines import DueItem, FollowUp, due_items, follow_ups
from desktop.store.models import Archive, Question, Request


def _live(entity: Any) -> Any:
    return col(entity.deleted_at).is_(None)


@dataclass(frozen=True)
class StatusCount:
    group: str  # an archive's identifier, or a city
    status: str
    count: int


@dataclass(frozen=True)
class TimelineBar:
    """One request on the timeline: from the day it was sent to its due date, or to its closing."""

    request_id: str
    question_id: str
    question_code: str
    question_title: str
    archive_id: str
    archive: str
    city: str
    subject: str
    status: str
    outcome: str | None
    sent_on: date
    due: date | None  # in force: the override, else the computed date
    closed_on: date | None
    paused_on: date | None
    basis: str
    overdue: bool


@dataclass(frozen=True)
class Overview:
    today: date
    due: tuple[DueItem, ...]
    follow_ups: tuple[FollowUp, ...]
    by_archive: tuple[StatusCount, ...]
    by_city: tuple[StatusCount, ...]
    bars: tuple[TimelineBar, ...]
    drafts: int  # requests not sent yet (no bar)

    @property
    def overdue(self) -> int:
        return sum(1 for item in self.due if "overdue" in item.urgency)

    @property
    def due_soon(self) -> int:
        return sum(1 for item in self.due if item.urgency == "due soon")


def status_counts(*, session: Session, by: str) -> list[StatusCount]:
    """Live requests counted by status, per archive ("archive") or per city ("city")."""
    group = (
        func.coalesce(func.nullif(Archive.identifier, ""), Archive.name)
        if by == "archive"
        else func.coalesce(func.nullif(Archive.city, ""), "(no city)")
    )
    rows = session.exec(
        select(group, Request.status, func.count())
        .join(Archive, Archive.id == Request.archive_id)
        .join(Question, Question.id == Request.question_id)
        .where(_live(Request), _live(Question))
        .group_by(group, Request.status)
        .order_by(group)
    ).all()
    return [StatusCount(g, s, n) for g, s, n in rows]


def timeline_bars(*, session: Session, today: date) -> list[TimelineBar]:
    """Every live request that has been sent, in question then sending order."""
    effective_due = func.coalesce(Request.due_override, Request.due_on)
    rows = session.exec(
        select(
            Request.id,
            Request.question_id,
            Question.code,
            Question.title,
            Request.archive_id,
            func.coalesce(func.nullif(Archive.identifier, ""), Archive.name),
            Archive.city,
            Request.subject,
            Request.status,
            Request.outcome,
            Request.sent_on,
            effective_due,
            Request.closed_on,
            Request.paused_on,
            Request.due_basis,
        )
        .join(Question, Question.id == Request.question_id)
        .join(Archive, Archive.id == Request.archive_id)
        .where(_live(Request), _live(Question), col(Request.sent_on).is_not(None))
        .order_by(col(Question.code), col(Request.sent_on))
    ).all()
    awaiting = {s.value for s in AWAITING_ARCHIVE}
    return [
        TimelineBar(*row, overdue=row[8] in awaiting and row[11] is not None and today > row[11])  # type: ignore[misc]
        for row in rows
    ]


def overview(*, session: Session, today: date, within: int = 7) -> Overview:
    """Everything the overview page shows, as of `today`."""
    drafts = session.exec(
        select(func.count())
        .select_from(Request)
        .join(Question, Question.id == Request.question_id)
        .where(
            _live(Request),
            _live(Question),
            col(Request.status).in_([RequestStatus.DRAFT.value, RequestStatus.READY.value]),
        )
    ).one()
    return Overview(
        today=today,
        due=tuple(due_items(session=session, today=today, within=within)),
        follow_ups=tuple(follow_ups(session=session, today=today)),
        by_archive=tuple(status_counts(session=session, by="archive")),
        by_city=tuple(status_counts(session=session, by="city")),
        bars=tuple(timeline_bars(session=session, today=today)),
        drafts=int(drafts),
    )


def overview_in_worker(*, session: Session, today: date, within: int = 7) -> Overview:
    """`overview`, for the task runner's thread. The engine pools one connection per thread; the
    worker's is closed afterwards, or it would keep the project from being checkpointed back
    into one file when it closes."""
    try:
        return overview(session=session, today=today, within=within)
    finally:
        session.connection().invalidate()
