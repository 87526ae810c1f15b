"""Request status changes: the life cycle of DESIGN §3 applied to stored requests.

Every change goes through `desktop.domain.lifecycle.check_transition` and writes a RequestEvent,
so a request's timeline is complete. The dates the life cycle knows about (sent, registered,
acknowledged, closed) are set from the event.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from desktop.domain.lifecycle import IllegalTransition, RequestStatus, check_transition
from desktop.store import deadlines, repo
from desktop.store.changes import Written
from desktop.store.errors import InvalidValue
from desktop.store.models import Request, RequestEvent, RequestEventRow


def change_status(
    *,
    session: Session,
    request_id: str,
    to_status: str,
    on: date,
    note: str = "",
    outcome: str | None = None,
    outcome_note: str | None = None,
    registered_on: date | None = None,
    due_notified: date | None = None,
) -> Written[Any]:
    """Move a request to `to_status` on the date `on`; refuse illegal transitions with a message.

    `due_notified` is a new due date the archive named in its letter (an extension notice); it is
    kept as the request's due-date override, with that as the reason.
    """
    request = repo._load(session, Request, request_id)
    try:
        check_transition(request.status, to_status, outcome)
    except IllegalTransition as exc:
        raise InvalidValue(str(exc)) from None
    target = RequestStatus(to_status)
    values: dict[str, Any] = {"status": target.value, "outcome": outcome}
    if outcome_note is not None:
        values["outcome_note"] = outcome_note
    if target is RequestStatus.SENT:
        values["sent_on"] = on
    elif target is RequestStatus.ACKNOWLEDGED and request.acknowledged_on is None:
        values["acknowledged_on"] = on
    elif target is RequestStatus.CLOSED:
        values["closed_on"] = on
    elif RequestStatus(request.status) is RequestStatus.CLOSED:  # an appeal reopens it
        values["closed_on"] = None
    if registered_on is not None:
        values["registered_on"] = registered_on
    if target is RequestStatus.READY and request.drafted_on is None:
        values["drafted_on"] = on
    previous = request.status
    with repo.batch(session):
        changes = repo.apply_update(session, request, values)
        event = repo.create(
            session=session,
            entity=RequestEvent,
            values={
                "request_id": request.id,
                "from_status": previous,
                "to_status": target.value,
                "occurred_on": on,
                "note": note,
            },
        )
        # --- due date (desktop.store.deadlines): every event may move the clock -----------
        if due_notified is not None:
            changes |= repo.apply_update(
                session,
                request,
                {
                    "due_override": due_notified,
                    "due_override_reason": f"new date notified by the archive on {on.isoformat()}",
                },
            )
        changes |= deadlines.refresh_due(session, request)
    return Written(repo.to_row(request), changes | event.changes)


def timeline(*, session: Session, request_id: str) -> list[RequestEventRow]:
    """A request's events, oldest first."""
    statement = (
        select(RequestEvent)
        .where(RequestEvent.request_id == request_id, col(RequestEvent.deleted_at).is_(None))
        .order_by(col(RequestEvent.occurred_on), col(RequestEvent.created_at))
    )
    return [repo.to_row(e) for e in session.exec(statement)]
