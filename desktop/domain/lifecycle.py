"""The request life cycle (DESIGN §3): where a request is (status) and how it ended (outcome)
are kept apart. Overdue and follow-up are derived from dates, never stored."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class RequestStatus(StrEnum):
    DRAFT = "draft"
    READY = "ready"  # the letter has been produced
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    CLARIFICATION_REQUESTED = "clarification_requested"  # clock paused
    PAYMENT_REQUESTED = "payment_requested"  # clock paused
    EXTENDED = "extended"  # new due date
    REFERRED = "referred"  # to another body, or into declassification review
    APPEALING = "appealing"
    CLOSED = "closed"


class Outcome(StrEnum):
    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    REFUSED = "refused"
    NOT_HELD = "not_held"
    TRANSFERRED = "transferred"
    WITHDRAWN = "withdrawn"
    NO_RESPONSE = "no_response"
    CONSOLIDATED = "consolidated"


S = RequestStatus
_IN_PROGRESS = (S.CLARIFICATION_REQUESTED, S.PAYMENT_REQUESTED, S.EXTENDED, S.REFERRED, S.APPEALING, S.CLOSED)

TRANSITIONS: dict[RequestStatus, tuple[RequestStatus, ...]] = {
    S.DRAFT: (S.READY, S.SENT, S.CLOSED),
    S.READY: (S.DRAFT, S.SENT, S.CLOSED),
    S.SENT: (S.ACKNOWLEDGED, *_IN_PROGRESS),
    S.ACKNOWLEDGED: _IN_PROGRESS,
    S.CLARIFICATION_REQUESTED: (S.ACKNOWLEDGED, S.CLOSED),
    S.PAYMENT_REQUESTED: (S.ACKNOWLEDGED, S.CLOSED),
    S.EXTENDED: (S.CLARIFICATION_REQUESTED, S.PAYMENT_REQUESTED, S.REFERRED, S.APPEALING, S.CLOSED),
    S.REFERRED: (S.ACKNOWLEDGED, S.EXTENDED, S.CLOSED),
    S.APPEALING: (S.ACKNOWLEDGED, S.EXTENDED, S.CLOSED),
    S.CLOSED: (S.APPEALING,),
}

# Statuses in which the archive's clock does not run.
PAUSED = frozenset({S.CLARIFICATION_REQUESTED, S.PAYMENT_REQUESTED})
# Statuses in which the request is with the archive and may become overdue.
AWAITING_ARCHIVE = frozenset({S.SENT, S.ACKNOWLEDGED, S.EXTENDED, S.REFERRED, S.APPEALING})

STATUS_LABELS = {
    S.DRAFT: "Draft",
    S.READY: "Ready to send",
    S.SENT: "Sent",
    S.ACKNOWLEDGED: "Acknowledged",
    S.CLARIFICATION_REQUESTED: "Clarification requested",
    S.PAYMENT_REQUESTED: "Payment requested",
    S.EXTENDED: "Extended",
    S.REFERRED: "Referred",
    S.APPEALING: "Appealing",
    S.CLOSED: "Closed",
}

OUTCOME_LABELS = {
    Outcome.GRANTED: "Granted",
    Outcome.PARTIALLY_GRANTED: "Partially granted",
    Outcome.REFUSED: "Refused",
    Outcome.NOT_HELD: "Not held",
    Outcome.TRANSFERRED: "Transferred",
    Outcome.WITHDRAWN: "Withdrawn",
    Outcome.NO_RESPONSE: "No response",
    Outcome.CONSOLIDATED: "Consolidated",
}


class IllegalTransition(ValueError):
    """A status change the life cycle does not allow; the message is meant for the user."""


def allowed_next(status: RequestStatus | str) -> tuple[RequestStatus, ...]:
    return TRANSITIONS[RequestStatus(status)]


def check_transition(
    current: RequestStatus | str, target: RequestStatus | str, outcome: Outcome | str | None
) -> None:
    """Raise IllegalTransition with a readable reason unless `current -> target` is allowed."""
    try:
        current, target = RequestStatus(current), RequestStatus(target)
    except ValueError as exc:
        raise IllegalTransition(f"Unknown request status: {exc}") from None
    if target not in TRANSITIONS[current]:
        options = ", ".join(STATUS_LABELS[s] for s in TRANSITIONS[current])
        raise IllegalTransition(
            f"A request that is {STATUS_LABELS[current].lower()} cannot become "
            f"{STATUS_LABELS[target].lower()}; possible next steps: {options}."
        )
    if target is S.CLOSED:
        if outcome is None:
            raise IllegalTransition("Closing a request needs an outcome (granted, refused, not held, ...).")
        try:
            Outcome(outcome)
        except ValueError:
            raise IllegalTransition(f"Unknown outcome: {outcome!r}.") from None
    elif outcome is not None:
        raise IllegalTransition("An outcome is only set when the request is closed.")


def is_overdue(status: RequestStatus | str, due: date | None, today: date) -> bool:
    """Overdue: with the archive, not paused, and past the due date."""
    return due is not None and RequestStatus(status) in AWAITING_ARCHIVE and today > due
