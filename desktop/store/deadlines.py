"""Due dates stored on requests (DESIGN §4): recomputed from a request's events and its archive's
legal regime, overridden by hand with a reason, and listed when overdue or due soon.

`refresh_due` is called by `desktop.store.requests.change_status` on every status change, so a
request's `due_on`, `due_basis`, `paused_on` and `paused_days_left` always follow its timeline.
`due_basis` explains the date in force, `coalesce(due_override, due_on)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, col, select

from desktop.domain.deadlines import (
    FOLLOW_UP_INTERVAL_DAYS,
    Deadline,
    DeadlineError,
    Rule,
    Step,
    deadline_for,
    default_rules,
    urgency,
)
from desktop.domain.lifecycle import AWAITING_ARCHIVE, PAUSED, RequestStatus
from desktop.store import repo
from desktop.store.changes import Changes, Written
from desktop.store.errors import InvalidValue
from desktop.store.models import (
    Archive,
    Communication,
    LegalRegime,
    Question,
    Request,
    RequestEvent,
    TrackingNumber,
)
from desktop.store.models import Project as ProjectTable

DUE_FIELDS = ("due_on", "due_basis", "paused_on", "paused_days_left")


def _live(entity: Any) -> Any:
    return col(entity.deleted_at).is_(None)


# --- rules -----------------------------------------------------------------------------------


def project_rules(session: Session) -> dict[str, Rule]:
    """The project's regimes by code; a built-in default fills in a code the project lacks."""
    rules = default_rules()
    for regime in session.exec(select(LegalRegime).where(_live(LegalRegime))):
        rules[regime.code] = Rule.of(regime)
    return rules


def rule_for_archive(session: Session, archive_id: str, rules: dict[str, Rule] | None = None) -> Rule | None:
    archive = session.get(Archive, archive_id)
    if archive is None or not archive.regime_code:
        return None
    return (rules if rules is not None else project_rules(session)).get(archive.regime_code)


# --- computing -------------------------------------------------------------------------------


def _steps(session: Session, request: Request) -> list[Step]:
    statement = (
        select(RequestEvent.occurred_on, RequestEvent.to_status)
        .where(RequestEvent.request_id == request.id, _live(RequestEvent))
        .order_by(col(RequestEvent.occurred_on), col(RequestEvent.created_at))
    )
    rows = session.exec(statement).all()
    last_close = max((i for i, (_, status) in enumerate(rows) if status == RequestStatus.CLOSED), default=-1)
    return [
        Step(on, status, request.outcome if i == last_close else None) for i, (on, status) in enumerate(rows)
    ]


def compute(session: Session, request: Request, rules: dict[str, Rule] | None = None) -> Deadline:
    """The deadline a request's timeline and regime give, its override taken into account."""
    return deadline_for(
        rule_for_archive(session, request.archive_id, rules),
        _steps(session, request),
        sent_on=request.sent_on,
        registered_on=request.registered_on,
        override=request.due_override,
        override_reason=request.due_override_reason,
    )


def refresh_due(session: Session, request: Request, rules: dict[str, Rule] | None = None) -> Changes:
    """Store the computed due date and its explanation on a loaded request. Does not commit."""
    deadline = compute(session, request, rules)
    values = {
        "due_on": deadline.rule_due if request.due_override is not None else deadline.due,
        "due_basis": deadline.basis,
        "paused_on": deadline.paused_on,
        "paused_days_left": deadline.days_left,
    }
    return repo.apply_update(session, request, values)


def recompute(
    *,
    session: Session,
    request_ids: Iterable[str] | None = None,
    archive_ids: Iterable[str] | None = None,
    regime_codes: Iterable[str] | None = None,
) -> Changes:
    """Recompute the due dates of some requests (all live ones when nothing is named); one unit of work.

    Writes only what differs, so calling it after every change is cheap and announces nothing new.
    """
    statement = select(Request).where(_live(Request))
    filters = []
    if request_ids is not None:
        filters.append(col(Request.id).in_(list(request_ids)))
    if archive_ids is not None:
        filters.append(col(Request.archive_id).in_(list(archive_ids)))
    if regime_codes is not None:
        codes = list(regime_codes)
        filters.append(
            col(Request.archive_id).in_(select(Archive.id).where(col(Archive.regime_code).in_(codes)))
        )
    if filters:
        statement = statement.where(or_(*filters))
    rules = project_rules(session)
    changes = Changes()
    with repo.batch(session):
        for request in session.exec(statement).all():
            changes |= refresh_due(session, request, rules)
    return changes


# --- overrides -------------------------------------------------------------------------------


def set_override(*, session: Session, request_id: str, due: date, reason: str) -> Written[Any]:
    """Set a request's due date by hand; the reason is required and shown with the date."""
    if not reason.strip():
        raise InvalidValue("Say why the due date is set by hand (e.g. 'new date in the archive's letter').")
    if not isinstance(due, date):
        raise InvalidValue(f"{due!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-26.")
    request = repo._load(session, Request, request_id)
    with repo.batch(session):
        changes = repo.apply_update(
            session, request, {"due_override": due, "due_override_reason": reason.strip()}
        )
        changes |= refresh_due(session, request)
    return Written(repo.to_row(request), changes)


def clear_override(*, session: Session, request_id: str) -> Written[Any]:
    """Go back to the due date the rule gives."""
    request = repo._load(session, Request, request_id)
    with repo.batch(session):
        changes = repo.apply_update(session, request, {"due_override": None, "due_override_reason": ""})
        changes |= refresh_due(session, request)
    return Written(repo.to_row(request), changes)


# --- regimes ---------------------------------------------------------------------------------

REGIME_FIELDS = (
    "name",
    "law",
    "unit",
    "initial_days",
    "extension_days",
    "appeal_days",
    "holiday_country",
    "roll_forward",
    "clarification",
    "notes",
)


def _check_rule(values: dict[str, Any]) -> None:
    try:
        Rule.of(values).check()
    except DeadlineError as exc:
        raise InvalidValue(str(exc)) from None


def update_regime(*, session: Session, id: str, values: dict[str, Any]) -> Written[Any]:
    """Edit a regime (through repo.update) and recompute the requests of archives under it."""
    current = repo.get(session=session, entity=LegalRegime, id=id)
    if values.get("code", current.code) != current.code:
        raise InvalidValue("A regime's code cannot change: archives refer to it. Add a new regime instead.")
    merged = {**current.model_dump(), **values}
    if "holiday_country" in values:
        values = {**values, "holiday_country": str(values["holiday_country"] or "").strip().upper()}
        merged["holiday_country"] = values["holiday_country"]
    _check_rule(merged)
    with repo.batch(session):
        written = repo.update(session=session, entity=LegalRegime, id=id, values=values)
        changes = written.changes | recompute(session=session, regime_codes=[written.row.code])
    return Written(written.row, changes)


def create_regime(*, session: Session, values: dict[str, Any]) -> Written[Any]:
    """Add a regime of the project's own (a code not used yet)."""
    code = str(values.get("code", "")).strip()
    if not code:
        raise InvalidValue("A regime needs a short code, e.g. 'kz-archive-query'.")
    values = {**values, "code": code, "holiday_country": str(values.get("holiday_country", "")).upper()}
    _check_rule(values)
    with repo.batch(session):
        written = repo.create(session=session, entity=LegalRegime, values=values)
        changes = written.changes | recompute(session=session, regime_codes=[code])
    return Written(written.row, changes)


def delete_regime(*, session: Session, id: str) -> Written[Any]:
    """Move a regime to the Trash, unless an archive still uses it."""
    regime = repo.get(session=session, entity=LegalRegime, id=id)
    users = session.exec(
        select(Archive.identifier, Archive.name).where(Archive.regime_code == regime.code, _live(Archive))
    ).all()
    if users:
        names = ", ".join(identifier or name for identifier, name in users[:5])
        raise InvalidValue(
            f"The regime {regime.code} is used by {len(users)} archive(s) ({names}); "
            "give them another regime first."
        )
    return repo.soft_delete(session=session, entity=LegalRegime, id=id)


# --- what is due -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    """A request whose due date (or appeal window) is near or past."""

    request_id: str
    question_id: str
    question_code: str
    archive_id: str
    archive: str
    city: str
    subject: str
    status: str
    sent_on: date | None
    due: date
    days: int  # from today; negative when overdue
    urgency: str  # "long overdue", "overdue", "due soon", "appeal window"
    basis: str
    overridden: bool
    tracking_number: str
    regime_code: str


_EFFECTIVE_DUE = func.coalesce(Request.due_override, Request.due_on)


def _tracking_numbers(session: Session, request_ids: list[str]) -> dict[str, str]:
    """The current tracking number of each of these requests (one page of a list): read per page
    and not joined to the whole list, which grouped every number of a large project (issue 8)."""
    found: dict[str, str] = {}
    for start in range(0, len(request_ids), 500):
        chunk = request_ids[start : start + 500]
        rows = session.exec(
            select(TrackingNumber.request_id, func.max(TrackingNumber.number))
            .where(
                _live(TrackingNumber),
                col(TrackingNumber.current).is_(True),
                col(TrackingNumber.request_id).in_(chunk),
            )
            .group_by(TrackingNumber.request_id)
        ).all()
        found.update({rid: number or "" for rid, number in rows})
    return found


def _due_condition(today: date, within: int | None, appeals: bool) -> Any:
    awaiting = [s.value for s in AWAITING_ARCHIVE]
    with_archive = col(Request.status).in_(awaiting)
    if appeals:
        window_open = (Request.status == RequestStatus.CLOSED.value) & (today <= _EFFECTIVE_DUE)
        which = or_(with_archive, window_open)
    else:
        which = with_archive
    condition = and_(_live(Request), _live(Question), _EFFECTIVE_DUE.is_not(None), which)
    if within is not None:
        condition = and_(condition, today + timedelta(days=within) >= _EFFECTIVE_DUE)
    return condition


@dataclass(frozen=True)
class DueCounts:
    """How many requests `due_items` lists, and how many of them are overdue or due soon."""

    total: int
    overdue: int
    due_soon: int


def due_counts(*, session: Session, today: date, within: int = 7, appeals: bool = True) -> DueCounts:
    """The counts of `due_items(today, within)` by SQL aggregate, without reading the items."""
    awaiting = col(Request.status).in_([s.value for s in AWAITING_ARCHIVE])
    total, overdue, soon = session.exec(
        select(
            func.count(),
            func.coalesce(func.sum(case((awaiting & (today > _EFFECTIVE_DUE), 1), else_=0)), 0),
            func.coalesce(func.sum(case((awaiting & (today <= _EFFECTIVE_DUE), 1), else_=0)), 0),
        )
        .select_from(Request)
        .join(Question, Question.id == Request.question_id)
        .where(_due_condition(today, within, appeals))
    ).one()
    return DueCounts(int(total), int(overdue), int(soon))


def due_items(
    *,
    session: Session,
    today: date,
    within: int | None = 7,
    appeals: bool = True,
    limit: int | None = None,
) -> list[DueItem]:
    """Overdue requests and those due within `within` days (all upcoming when None), soonest first;
    the first `limit` of them when given (`due_counts` says how many there are).

    With `appeals`, closed requests whose appeal window is still open are listed too.
    """
    if within is not None and within < 0:
        raise InvalidValue("The number of days ahead cannot be negative.")
    statement = (
        select(
            Request.id,
            Request.question_id,
            Question.code,
            Request.archive_id,
            func.coalesce(func.nullif(Archive.identifier, ""), Archive.name),
            Archive.city,
            Request.subject,
            Request.status,
            Request.sent_on,
            _EFFECTIVE_DUE,
            Request.due_basis,
            col(Request.due_override).is_not(None),
            Archive.regime_code,
        )
        .join(Question, Question.id == Request.question_id)
        .join(Archive, Archive.id == Request.archive_id)
        .where(_due_condition(today, within, appeals))
        .order_by(_EFFECTIVE_DUE, col(Question.code))
    )
    if limit is not None:
        statement = statement.limit(limit)
    rules = project_rules(session)
    rows = session.exec(statement).all()
    numbers = _tracking_numbers(session, [row[0] for row in rows])
    items = []
    for row in rows:
        status, due, regime = row[7], row[9], row[12]
        if status == RequestStatus.CLOSED:
            level = "appeal window"
        else:
            level = urgency(
                status, due, today, rules.get(regime), within=within if within is not None else 10**6
            )
        items.append(
            DueItem(
                request_id=row[0],
                question_id=row[1],
                question_code=row[2],
                archive_id=row[3],
                archive=row[4],
                city=row[5],
                subject=row[6],
                status=status,
                sent_on=row[8],
                due=due,
                days=(due - today).days,
                urgency=level,
                basis=row[10],
                overridden=bool(row[11]),
                tracking_number=numbers.get(row[0], ""),
                regime_code=regime,
            )
        )
    return items


@dataclass(frozen=True)
class FollowUp:
    """A request that needs the researcher to write: a chaser, or an answer the archive awaits."""

    request_id: str
    question_code: str
    archive: str
    subject: str
    status: str
    action: str  # "follow_up" (write a chaser) or "answer" (the archive asked something)
    reason: str
    since: date  # overdue since, or asked on
    tracking_number: str
    sent_on: date | None


def _last_follow_up() -> Any:
    """The date of the request's latest follow-up letter (correlated: read per listed request)."""
    return (
        select(func.max(Communication.dated_on))
        .where(
            Communication.request_id == Request.id,
            _live(Communication),
            Communication.direction == "out",
            Communication.category == "follow_up",
        )
        .correlate(Request)
        .scalar_subquery()
    )


def _follow_up_condition(today: date, interval: int) -> tuple[Any, Any]:
    """(which requests need the researcher, which of them are paused), in SQL: an overdue request
    is left out while its last follow-up is later than the due date and younger than `interval`."""
    awaiting = col(Request.status).in_([s.value for s in AWAITING_ARCHIVE])
    paused = col(Request.status).in_([s.value for s in PAUSED])
    last = _last_follow_up()
    cutoff = today - timedelta(days=interval)
    chaser = awaiting & (today > _EFFECTIVE_DUE) & or_(last.is_(None), last <= _EFFECTIVE_DUE, last <= cutoff)
    return and_(_live(Request), _live(Question), or_(chaser, paused)), paused


@dataclass(frozen=True)
class FollowUpCounts:
    total: int
    answers: int  # paused requests: the archive waits for the researcher's answer


def follow_up_counts(
    *, session: Session, today: date, interval: int = FOLLOW_UP_INTERVAL_DAYS
) -> FollowUpCounts:
    """How many requests `follow_ups` lists, by SQL aggregate."""
    condition, paused = _follow_up_condition(today, interval)
    total, answers = session.exec(
        select(func.count(), func.coalesce(func.sum(case((paused, 1), else_=0)), 0))
        .select_from(Request)
        .join(Question, Question.id == Request.question_id)
        .where(condition)
    ).one()
    return FollowUpCounts(int(total), int(answers))


def follow_ups(
    *,
    session: Session,
    today: date,
    interval: int = FOLLOW_UP_INTERVAL_DAYS,
    limit: int | None = None,
) -> list[FollowUp]:
    """Overdue requests without a recent follow-up letter, and paused ones waiting for an answer;
    the first `limit` of them when given (`follow_up_counts` says how many there are)."""
    paused = [s.value for s in PAUSED]
    condition, _ = _follow_up_condition(today, interval)
    statement = (
        select(
            Request.id,
            Question.code,
            func.coalesce(func.nullif(Archive.identifier, ""), Archive.name),
            Request.subject,
            Request.status,
            _EFFECTIVE_DUE,
            Request.paused_on,
            _last_follow_up(),
            Request.sent_on,
        )
        .join(Question, Question.id == Request.question_id)
        .join(Archive, Archive.id == Request.archive_id)
        .where(condition)
        .order_by(func.coalesce(_EFFECTIVE_DUE, Request.paused_on), col(Question.code))
    )
    if limit is not None:
        statement = statement.limit(limit)
    rows = session.exec(statement).all()
    numbers = _tracking_numbers(session, [row[0] for row in rows])
    items = []
    for rid, code, archive, subject, status, due, paused_on, last, sent_on in rows:
        number = numbers.get(rid, "")
        if status in paused:
            asked = paused_on or today
            what = "clarification" if status == RequestStatus.CLARIFICATION_REQUESTED else "payment"
            reason = (
                f"the archive asked for {what} on {asked.isoformat()}; the clock is stopped until you answer"
            )
            items.append(
                FollowUp(rid, code, archive, subject, status, "answer", reason, asked, number, sent_on)
            )
            continue
        overdue = (today - due).days
        if last is not None and last > due:
            reason = (
                f"overdue by {overdue} days (due {due.isoformat()}); the last follow-up, of "
                f"{last.isoformat()}, is {(today - last).days} days old"
            )
        else:
            reason = f"overdue by {overdue} days (due {due.isoformat()}); no follow-up sent yet"
        items.append(FollowUp(rid, code, archive, subject, status, "follow_up", reason, due, number, sent_on))
    return items


# --- calendar export -------------------------------------------------------------------------


def due_calendar(*, session: Session, today: date, within: int | None = None, now: datetime) -> bytes:
    """An iCalendar file with one all-day event per due date (overdue ones included)."""
    from desktop.domain.ics import CalendarEntry, calendar

    entries = []
    for item in due_items(session=session, today=today, within=within):
        what = "Appeal window closes" if item.urgency == "appeal window" else "Due"
        summary = f"{what}: {item.archive} ({item.question_code}) {item.subject}".strip()
        details = [item.basis]
        if item.tracking_number:
            details.append(f"Tracking number: {item.tracking_number}")
        if item.sent_on:
            details.append(f"Sent: {item.sent_on.isoformat()}")
        entries.append(
            CalendarEntry(
                uid=f"{item.request_id}@quaestio",
                day=item.due,
                summary=summary,
                description="\n".join(details),
                categories=(item.urgency,) if item.urgency else (),
            )
        )
    title = session.exec(select(ProjectTable.title).where(_live(ProjectTable))).first() or "Quaestio"
    return calendar(entries, name=f"{title}: due dates", now=now)
