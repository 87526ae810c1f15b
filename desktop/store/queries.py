"""Read-only queries for lists and summaries: column tuples aggregated in SQL, not ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, literal_column
from sqlmodel import Session, col, select

from desktop.domain.lifecycle import AWAITING_ARCHIVE, RequestStatus
from desktop.store.models import Archive, Holding, Question, Request, TrackingNumber


@dataclass(frozen=True)
class QuestionSummary:
    id: str
    code: str
    title: str
    status: str
    priority: int
    tags: tuple[str, ...]
    cities: tuple[str, ...]  # of the archives holding or asked, alphabetical
    requests: int
    open_requests: int  # not closed
    overdue_requests: int


def _live(entity: type) -> object:
    return col(entity.deleted_at).is_(None)  # type: ignore[attr-defined]


def question_summaries(*, session: Session, today: date | None = None) -> list[QuestionSummary]:
    """Every live question with its archives' cities and request counts, ordered by code."""
    today = today or date.today()
    awaiting = [s.value for s in AWAITING_ARCHIVE]
    effective_due = func.coalesce(Request.due_override, Request.due_on)
    counts = (
        select(
            Request.question_id,
            func.count().label("total"),
            func.sum(case((Request.status != RequestStatus.CLOSED.value, 1), else_=0)).label("open"),
            func.sum(
                case((and_(col(Request.status).in_(awaiting), effective_due < today), 1), else_=0)
            ).label("overdue"),
        )
        .where(_live(Request))
        .group_by(Request.question_id)
        .subquery()
    )
    # Cities from holdings and requests alike: "where to look" and "where we asked".
    linked = (
        select(Holding.question_id.label("qid"), Holding.archive_id.label("aid"))  # type: ignore[attr-defined]
        .where(_live(Holding))
        .union(select(Request.question_id, Request.archive_id).where(_live(Request)))
        .subquery()
    )
    city_rows = session.exec(
        select(linked.c.qid, Archive.city)
        .join(Archive, Archive.id == linked.c.aid)
        .where(_live(Archive), Archive.city != "")
        .distinct()
    ).all()
    cities: dict[str, set[str]] = {}
    for qid, city in city_rows:
        cities.setdefault(qid, set()).add(city)
    rows = session.exec(
        select(
            Question.id,
            Question.code,
            Question.title,
            Question.status,
            Question.priority,
            Question.tags,
            func.coalesce(counts.c.total, 0),
            func.coalesce(counts.c.open, 0),
            func.coalesce(counts.c.overdue, 0),
        )
        .outerjoin(counts, counts.c.question_id == Question.id)
        .where(_live(Question))
        .order_by(literal_column("code"))
    ).all()
    return [
        QuestionSummary(
            id=r[0],
            code=r[1],
            title=r[2],
            status=r[3],
            priority=r[4],
            tags=tuple(r[5] or ()),
            cities=tuple(sorted(cities.get(r[0], ()))),
            requests=r[6],
            open_requests=r[7],
            overdue_requests=r[8],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class RequestSummary:
    id: str
    question_id: str
    question_code: str
    archive_id: str
    archive: str  # identifier, or name when it has none
    city: str
    kind: str
    language: str
    subject: str
    status: str
    outcome: str | None
    sent_on: date | None
    due_on: date | None
    tracking_number: str


def request_summaries(*, session: Session, question_id: str | None = None) -> list[RequestSummary]:
    """Live requests (of live questions) with their archive and current tracking number."""
    tracking = (
        select(TrackingNumber.request_id, func.max(TrackingNumber.number).label("number"))
        .where(_live(TrackingNumber), col(TrackingNumber.current).is_(True))
        .group_by(TrackingNumber.request_id)
        .subquery()
    )
    statement = (
        select(
            Request.id,
            Request.question_id,
            Question.code,
            Request.archive_id,
            func.coalesce(func.nullif(Archive.identifier, ""), Archive.name),
            Archive.city,
            Request.kind,
            Request.language,
            Request.subject,
            Request.status,
            Request.outcome,
            Request.sent_on,
            func.coalesce(Request.due_override, Request.due_on),
            func.coalesce(tracking.c.number, ""),
        )
        .join(Question, Question.id == Request.question_id)
        .join(Archive, Archive.id == Request.archive_id)
        .outerjoin(tracking, tracking.c.request_id == Request.id)
        .where(_live(Request), _live(Question))
        .order_by(col(Question.code), col(Request.created_at))
    )
    if question_id is not None:
        statement = statement.where(Request.question_id == question_id)
    return [RequestSummary(*row) for row in session.exec(statement).all()]
