"""How values read in the window: status and kind labels, dates, days left, colours."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtGui import QColor

from desktop.domain.lifecycle import OUTCOME_LABELS, PAUSED, STATUS_LABELS, Outcome, RequestStatus, is_overdue
from desktop.domain.vocab import LANGUAGES, REQUEST_KIND_LABELS, QuestionStatus, RequestKind

PRIORITY_LABELS = {1: "High", 2: "Normal", 3: "Low"}
QUESTION_STATUS_LABELS = {s.value: s.value.capitalize() for s in QuestionStatus}
LIKELIHOOD_LABELS = {"high": "High", "medium": "Medium", "low": "Low", "unlikely": "Unlikely"}

RED = QColor("#c62828")
AMBER = QColor("#b26a00")
GREEN = QColor("#2e7d32")
GREY = QColor("#6b6b6b")
WHITE = QColor("#ffffff")

QUESTION_STATUS_COLOURS = {
    "open": QColor("#1565c0"),
    "investigating": QColor("#6a1b9a"),
    "answered": GREEN,
    "parked": GREY,
    "abandoned": GREY,
}


def status_label(status: str) -> str:
    try:
        return STATUS_LABELS[RequestStatus(status)]
    except ValueError:
        return status


def outcome_label(outcome: str | None) -> str:
    if not outcome:
        return ""
    try:
        return OUTCOME_LABELS[Outcome(outcome)]
    except ValueError:
        return outcome


def request_status_text(status: str, outcome: str | None) -> str:
    """ "Closed: granted", "Acknowledged"."""
    label = status_label(status)
    return f"{label}: {outcome_label(outcome).lower()}" if outcome else label


def kind_label(kind: str) -> str:
    try:
        return REQUEST_KIND_LABELS[RequestKind(kind)]
    except ValueError:
        return kind


def language_label(code: str) -> str:
    return LANGUAGES.get(code, code)


def day(value: date | datetime | None) -> str:
    """ISO dates: unambiguous for historians in every country."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.tzinfo is None:  # SQLite gives back the stored UTC time without its zone
            value = value.replace(tzinfo=UTC)
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def days_left(status: str, due: date | None, today: date) -> tuple[str, str]:
    """The "days left" cell: (text, state) with state one of overdue, soon, ok, paused, ''."""
    if due is None:
        return "", ""
    try:
        current = RequestStatus(status)
    except ValueError:
        return "", ""
    if current is RequestStatus.CLOSED:
        return "", ""
    if current in PAUSED:
        return "clock paused", "paused"
    if is_overdue(current, due, today):
        n = (today - due).days
        return f"overdue {n} d", "overdue"
    n = (due - today).days
    if n == 0:
        return "due today", "soon"
    return f"{n} day{'s' if n != 1 else ''} left", "soon" if n <= 7 else "ok"
