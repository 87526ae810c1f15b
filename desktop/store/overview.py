"""What the overview page shows, read in one unit of work: what is due, what needs a follow-up,
counts of requests by status per archive and per city, and the bars of the timeline. Only what
is shown is read: counts by SQL aggregate, the first rows of each list by `LIMIT`.

Column tuples aggregated in SQL (store/queries.py style), returned as small frozen dataclasses,
so the page can be filled from a worker thread's result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from desktop.domain.lifecycle import AWAITING_ARCHIVE, RequestStatus
from desktop.store.cancel import ReadCancelled, stoppable
from desktop.store.deadlines import (
    DueItem,
    FollowUp,
    due_counts,
    due_items,
    follow_up_counts,
    follow_ups,
)
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
    """What the page shows: the first `limit` items of each list with the counts of all of them,
    so a project with 50,000 overdue requests reads 200 (issue 8)."""

    today: date
    due: tuple[DueItem, ...]  # the first `limit`, soonest first
    follow_ups: tuple[FollowUp, ...]  # the first `limit`
    by_archive: tuple[StatusCount, ...]
    by_city: tuple[StatusCount, ...]
    bars: tuple[TimelineBar, ...]  # the first `bars_limit` of the timeline's period
    drafts: int  # requests not sent yet (no bar)
    due_total: int = 0
    overdue: int = 0
    due_soon: int = 0
    follow_ups_total: int = 0
    answers: int = 0  # paused requests waiting for the researcher's answer
    bars_total: int = 0
    since: date | None = None  # the timeline's period starts here


def status_counts(*, session: Session, by: str) -> list[StatusCount]:
    """Live requests counted by status, per archive ("archive") or per city ("city")."""
    return _status_counts(session)[0 if by == "archive" else 1]


def _status_counts(session: Session) -> tuple[list[StatusCount], list[StatusCount]]:
    """Both groupings from one aggregate by archive id (a few hundred archives, grouped again here)."""
    rows = session.exec(
        select(Request.archive_id, Request.status, func.count())
        .join(Question, Question.id == Request.question_id)
        .where(_live(Request), _live(Question))
        .group_by(Request.archive_id, Request.status)
    ).all()
    archives = {
        archive_id: (identifier or name, city or "(no city)")
        for archive_id, identifier, name, city in session.exec(
            select(Archive.id, Archive.identifier, Archive.name, Archive.city)
        ).all()
    }
    by_archive: dict[tuple[str, str], int] = {}
    by_city: dict[tuple[str, str], int] = {}
    for archive_id, status, count in rows:
        if archive_id not in archives:
            continue  # the inner join with archives left such rows out before
        name, city = archives[archive_id]
        by_archive[(name, status)] = by_archive.get((name, status), 0) + count
        by_city[(city, status)] = by_city.get((city, status), 0) + count
    return (
        [StatusCount(g, s, n) for (g, s), n in sorted(by_archive.items())],
        [StatusCount(g, s, n) for (g, s), n in sorted(by_city.items())],
    )


def _bars_condition(since: date | None) -> Any:
    """Live requests that have been sent and are still open, or closed on or after `since`."""
    condition = and_(_live(Request), _live(Question), col(Request.sent_on).is_not(None))
    if since is not None:
        condition = and_(condition, or_(col(Request.closed_on).is_(None), col(Request.closed_on) >= since))
    return condition


def timeline_bars(
    *, session: Session, today: date, since: date | None = None, limit: int | None = None
) -> list[TimelineBar]:
    """Live requests that have been sent, in question then sending order: those still running or
    closed from `since` on (all when None), the first `limit` of them when given."""
    effective_due = func.coalesce(Request.due_override, Request.due_on)
    statement = (
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
        .where(_bars_condition(since))
        .order_by(col(Question.code), col(Request.sent_on))
    )
    if limit is not None:
        statement = statement.limit(limit)
    rows = session.exec(statement).all()
    awaiting = {s.value for s in AWAITING_ARCHIVE}
    return [
        TimelineBar(*row, overdue=row[8] in awaiting and row[11] is not None and today > row[11])  # type: ignore[misc]
        for row in rows
    ]


def _count(session: Session, condition: Any) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(Request)
            .join(Question, Question.id == Request.question_id)
            .where(condition)
        ).one()
    )


def overview(
    *,
    session: Session,
    today: date,
    within: int = 7,
    limit: int | None = None,
    bars_limit: int | None = None,
    months: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Overview:
    """What the overview page shows, as of `today`: the first `limit` due items and follow-ups,
    the first `bars_limit` bars of the requests running in the last `months` months (all when
    None), and the counts of all of them. `cancelled` is asked between the queries."""

    def step(value: Any) -> Any:
        if cancelled():
            raise ReadCancelled("The overview was no longer needed.")
        return value

    drafts = _count(
        session,
        and_(
            _live(Request),
            _live(Question),
            col(Request.status).in_([RequestStatus.DRAFT.value, RequestStatus.READY.value]),
        ),
    )
    since = _months_before(today, months) if months is not None else None
    due = step(due_counts(session=session, today=today, within=within))
    follow = step(follow_up_counts(session=session, today=today))
    by_archive, by_city = step(_status_counts(session))
    due_rows = step(due_items(session=session, today=today, within=within, limit=limit))
    follow_rows = step(follow_ups(session=session, today=today, limit=limit))
    bars = step(timeline_bars(session=session, today=today, since=since, limit=bars_limit))
    return Overview(
        today=today,
        due=tuple(due_rows),
        follow_ups=tuple(follow_rows),
        by_archive=tuple(by_archive),
        by_city=tuple(by_city),
        bars=tuple(bars),
        drafts=drafts,
        due_total=due.total,
        overdue=due.overdue,
        due_soon=due.due_soon,
        follow_ups_total=follow.total,
        answers=follow.answers,
        bars_total=_count(session, _bars_condition(since)),
        since=since,
    )


def _months_before(day: date, months: int) -> date:
    month = day.year * 12 + day.month - 1 - months
    return date(month // 12, month % 12 + 1, 1)


def overview_in_worker(
    *, session: Session, today: date, cancelled: Callable[[], bool] | None = None, **options: Any
) -> Overview:
    """`overview`, for the task runner's thread. The engine pools one connection per thread; the
    worker's is closed afterwards, or it would keep the project from being checkpointed back
    into one file when it closes.

    `cancelled` is asked while the queries run (`cancel.stoppable`), so closing the project waits
    milliseconds, not the read."""
    try:
        with stoppable(session, cancelled):
            return overview(session=session, today=today, cancelled=cancelled or (lambda: False), **options)
    finally:
        session.connection().invalidate()
