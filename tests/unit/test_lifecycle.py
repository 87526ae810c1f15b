"""The request life cycle (DESIGN §3): pure rules, then as applied to stored requests."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.lifecycle import (
    TRANSITIONS,
    IllegalTransition,
    Outcome,
    RequestStatus,
    allowed_next,
    check_transition,
    is_overdue,
)
from desktop.store import repo, requests
from desktop.store.errors import InvalidValue
from desktop.store.models import Request
from tests.unit.store.factories import make

S = RequestStatus
ALL_PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=lambda s: s.value)
def test_every_pair_of_statuses_is_either_allowed_or_refused_with_a_reason(current, target):
    outcome = Outcome.GRANTED if target is S.CLOSED else None
    if target in TRANSITIONS[current]:
        check_transition(current, target, outcome)
    else:
        with pytest.raises(IllegalTransition, match="cannot become"):
            check_transition(current, target, outcome)


def test_the_main_road_and_its_side_roads():
    assert allowed_next(S.DRAFT) == (S.READY, S.SENT, S.CLOSED)
    assert S.ACKNOWLEDGED in allowed_next(S.SENT)
    assert S.DRAFT not in allowed_next(S.SENT)  # once sent, a letter cannot be unsent
    assert allowed_next(S.CLOSED) == (S.APPEALING,)  # a refusal can be appealed


def test_closing_needs_an_outcome_and_only_closing_takes_one():
    with pytest.raises(IllegalTransition, match="needs an outcome"):
        check_transition(S.SENT, S.CLOSED, None)
    with pytest.raises(IllegalTransition, match="Unknown outcome"):
        check_transition(S.SENT, S.CLOSED, "lost")
    with pytest.raises(IllegalTransition, match="only set when the request is closed"):
        check_transition(S.SENT, S.ACKNOWLEDGED, Outcome.GRANTED)


def test_overdue_is_derived_from_status_and_dates():
    due = date(2026, 11, 20)
    assert is_overdue(S.SENT, due, date(2026, 11, 21))
    assert not is_overdue(S.SENT, due, date(2026, 11, 20))
    assert not is_overdue(S.CLARIFICATION_REQUESTED, due, date(2026, 12, 1))  # clock paused
    assert not is_overdue(S.CLOSED, due, date(2026, 12, 1))
    assert not is_overdue(S.SENT, None, date(2026, 12, 1))


def test_a_stored_request_goes_from_draft_to_granted_with_a_complete_timeline(project):
    request = make(project, Request)
    steps = [
        ("ready", date(2026, 11, 2), {}),
        ("sent", date(2026, 11, 3), {}),
        ("acknowledged", date(2026, 11, 10), {"registered_on": date(2026, 11, 9)}),
        ("closed", date(2026, 11, 25), {"outcome": "granted", "outcome_note": "Copies of 12 pages"}),
    ]
    for status, on, extra in steps:
        project.write(
            requests.change_status, request_id=request.id, to_status=status, on=on, note=status, **extra
        )
    stored = project.read(repo.get, entity=Request, id=request.id)
    assert (stored.status, stored.outcome, stored.outcome_note) == ("closed", "granted", "Copies of 12 pages")
    assert (
        stored.drafted_on,
        stored.sent_on,
        stored.registered_on,
        stored.acknowledged_on,
        stored.closed_on,
    ) == (
        date(2026, 11, 2),
        date(2026, 11, 3),
        date(2026, 11, 9),
        date(2026, 11, 10),
        date(2026, 11, 25),
    )
    events = project.read(requests.timeline, request_id=request.id)
    assert [(e.from_status, e.to_status, e.occurred_on, e.created_by) for e in events] == [
        ("draft", "ready", date(2026, 11, 2), "Ana Historian"),
        ("ready", "sent", date(2026, 11, 3), "Ana Historian"),
        ("sent", "acknowledged", date(2026, 11, 10), "Ana Historian"),
        ("acknowledged", "closed", date(2026, 11, 25), "Ana Historian"),
    ]


def test_an_illegal_stored_transition_is_refused_and_changes_nothing(project):
    request = make(project, Request)
    project.write(requests.change_status, request_id=request.id, to_status="sent", on=date(2026, 11, 3))
    with pytest.raises(InvalidValue, match="A request that is sent cannot become draft"):
        project.write(requests.change_status, request_id=request.id, to_status="draft", on=date(2026, 11, 4))
    assert project.read(repo.get, entity=Request, id=request.id).status == "sent"
    assert len(project.read(requests.timeline, request_id=request.id)) == 1


def test_an_appeal_reopens_a_refused_request(project):
    request = make(project, Request)
    for status, extra in (("sent", {}), ("closed", {"outcome": "refused", "outcome_note": "state secret"})):
        project.write(
            requests.change_status, request_id=request.id, to_status=status, on=date(2026, 11, 5), **extra
        )
    project.write(requests.change_status, request_id=request.id, to_status="appealing", on=date(2026, 11, 20))
    stored = project.read(repo.get, entity=Request, id=request.id)
    assert (stored.status, stored.outcome, stored.closed_on) == ("appealing", None, None)
