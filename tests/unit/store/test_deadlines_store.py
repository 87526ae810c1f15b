"""Due dates stored on requests: recomputed on every event, overridden with a reason, listed."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.store import deadlines, repo, requests
from desktop.store.errors import InvalidValue
from desktop.store.models import Archive, LegalRegime, Request
from tests.unit.store.factories import make

pytestmark = pytest.mark.both_backends  # and on a team server (tests/conftest.py)

TODAY = date(2026, 11, 26)


@pytest.fixture
def foia_request(project):
    archive = make(
        project,
        Archive,
        identifier="NARA II",
        city="College Park",
        country="US",
        language="en",
        regime_code="us-foia",
    )
    return make(project, Request, archive_id=archive.id, kind="foia", language="en", subject="Tsuji in 1955")


def move(project, request_id, to, on, **kw):
    return project.write(requests.change_status, request_id=request_id, to_status=to, on=on, **kw).row


def test_every_event_recomputes_the_due_date(project, foia_request):
    rid = foia_request.id
    drafted = move(project, rid, "ready", date(2026, 10, 30))
    assert drafted.due_on is None and "starts when the request is sent" in drafted.due_basis

    # Sent Mon 2026-11-02: 20 working days, skipping Veterans Day (11 Nov) and Thanksgiving -> Dec 2.
    sent = move(project, rid, "sent", date(2026, 11, 2))
    assert sent.due_on == date(2026, 12, 2)
    assert "from 2026-11-02 (the date sent" in sent.due_basis

    # The archive registered it on Tue 2026-11-03: the clock starts there -> Dec 3.
    acknowledged = move(project, rid, "acknowledged", date(2026, 11, 5), registered_on=date(2026, 11, 3))
    assert acknowledged.due_on == date(2026, 12, 3)
    assert "Veterans Day 11 Nov and Thanksgiving Day 26 Nov" in acknowledged.due_basis

    # Clarification asked Fri 2026-11-20: 8 working days left (Nov 23 24 25 27 30, Dec 1 2 3).
    paused = move(project, rid, "clarification_requested", date(2026, 11, 20))
    assert paused.due_on is None and paused.paused_on == date(2026, 11, 20) and paused.paused_days_left == 8

    # Answered Mon 2026-11-30: 8 working days from then -> Thu 2026-12-10.
    resumed = move(project, rid, "acknowledged", date(2026, 11, 30))
    assert resumed.due_on == date(2026, 12, 10) and resumed.paused_on is None

    # Extended by 10 working days on Dec 1: 18 working days from Nov 30 -> Thu 2026-12-24.
    extended = move(project, rid, "extended", date(2026, 12, 1))
    assert extended.due_on == date(2026, 12, 24)
    assert "(8 left when the clock stopped + 10 extension)" in extended.due_basis

    # Refused 2027-01-04: 90 days to appeal (Jan 31 is day 27, Feb 28 day 55, Mar 31 day 86) ->
    # Sun 2027-04-04; the FOIA regime does not move periods off days off.
    refused = move(project, rid, "closed", date(2027, 1, 4), outcome="refused")
    assert refused.due_on == date(2027, 4, 4) and refused.due_basis.startswith("appeal by 2027-04-04")

    # Appealed Mon 2027-01-11: 20 working days, skipping Martin Luther King Jr. Day (18 Jan) -> Feb 9.
    appealed = move(project, rid, "appealing", date(2027, 1, 11))
    assert appealed.due_on == date(2027, 2, 9)
    assert "Martin Luther King Jr. Day 18 Jan" in appealed.due_basis

    # Each recomputation is in the change log, so history and merge see it.
    logged = [c for c in project.read(repo.history, row_ids=[rid]) if c.field == "due_on"]
    assert [c.new_value for c in logged][:2] == ['"2026-12-02"', '"2026-12-03"']


def test_an_override_needs_a_reason_and_explains_the_date_in_force(project, foia_request):
    rid = foia_request.id
    move(project, rid, "sent", date(2026, 11, 2))
    with pytest.raises(InvalidValue, match="Say why"):
        project.write(deadlines.set_override, request_id=rid, due=date(2027, 1, 15), reason="  ")
    row = project.write(
        deadlines.set_override, request_id=rid, due=date(2027, 1, 15), reason="agency promised mid-January"
    ).row
    assert row.due_override == date(2027, 1, 15) and row.due_on == date(2026, 12, 2)
    assert row.due_basis.startswith("due 2027-01-15: set by hand (agency promised mid-January)")
    assert "By the rule it would be due 2026-12-02" in row.due_basis
    # Events keep the override; the explanation follows.
    row = move(project, rid, "acknowledged", date(2026, 11, 5), registered_on=date(2026, 11, 3))
    assert row.due_override == date(2027, 1, 15) and "would be due 2026-12-03" in row.due_basis
    cleared = project.write(deadlines.clear_override, request_id=rid).row
    assert cleared.due_override is None and cleared.due_basis.startswith("due 2026-12-03: 20 working days")


def test_editing_a_regime_recomputes_its_requests_and_bad_rules_are_refused(project, foia_request):
    rid = foia_request.id
    move(project, rid, "sent", date(2026, 11, 2))
    (foia,) = project.read(repo.list_rows, entity=LegalRegime, where={"code": "us-foia"})
    written = project.write(deadlines.update_regime, id=foia.id, values={"initial_days": 10})
    assert rid in written.changes.row_ids
    # 10 working days from Mon 2026-11-02, Veterans Day (Wed 11) skipped: Tue 2026-11-17.
    assert project.read(repo.get, entity=Request, id=rid).due_on == date(2026, 11, 17)

    with pytest.raises(InvalidValue, match="no holiday calendar for the country code 'XX'"):
        project.write(deadlines.update_regime, id=foia.id, values={"holiday_country": "xx"})
    with pytest.raises(InvalidValue, match="code cannot change"):
        project.write(deadlines.update_regime, id=foia.id, values={"code": "us-foia-2"})
    assert project.read(repo.get, entity=LegalRegime, id=foia.id).holiday_country == "US"
    with pytest.raises(InvalidValue, match="used by 1 archive"):
        project.write(deadlines.delete_regime, id=foia.id)

    own = project.write(
        deadlines.create_regime,
        values={
            "code": "kz-archive",
            "name": "Kazakhstan",
            "unit": "calendar",
            "initial_days": 15,
            "holiday_country": "kz",
        },
    ).row
    assert own.holiday_country == "KZ"
    project.write(deadlines.delete_regime, id=own.id)


def test_a_plain_edit_of_the_registration_date_is_picked_up_by_recompute(project, foia_request):
    rid = foia_request.id
    move(project, rid, "sent", date(2026, 11, 2))
    project.write(repo.update, entity=Request, id=rid, values={"registered_on": date(2026, 11, 3)})
    changes = project.write(deadlines.recompute, request_ids=[rid])
    assert rid in changes.row_ids
    assert project.read(repo.get, entity=Request, id=rid).due_on == date(2026, 12, 3)
    assert not project.write(deadlines.recompute, request_ids=[rid])  # nothing left to change


def test_the_demo_on_26_november_2026(demo):
    items = demo.read(deadlines.due_items, today=TODAY, within=7)
    overdue = {i.archive: i for i in items if "overdue" in i.urgency}
    assert {"RGASPI", "TsAMO", "UTA"} <= set(overdue)
    assert overdue["RGASPI"].due == date(2026, 9, 9) and overdue["RGASPI"].days == -78
    assert overdue["UTA"].basis.startswith("due 2026-08-31: 30 calendar days from 2026-07-30")
    assert "registration date is not known yet" in overdue["TsAMO"].basis
    soon = {i.archive: i for i in items if i.urgency == "due soon"}
    # NIDS notified a new date with its extension; NARA's FOIA clock skips Thanksgiving.
    assert soon["NIDS-CMH"].due == date(2026, 11, 30) and soon["NIDS-CMH"].overridden
    assert soon["NARA II"].due == date(2026, 12, 3) and "Thanksgiving Day 26 Nov" in soon["NARA II"].basis
    assert all(i.basis.startswith("due ") for i in items)
    assert [i.due for i in items] == sorted(i.due for i in items)
    # Overdue ones carry their tracking numbers for the follow-up letter.
    assert overdue["RGASPI"].tracking_number == "2741-з"

    chasers = {f.archive: f for f in demo.read(deadlines.follow_ups, today=TODAY)}
    assert (
        chasers["TsAMO"].action == "follow_up"
        and "the last follow-up, of 2026-10-20" in chasers["TsAMO"].reason
    )
    assert chasers["AVP RF"].action == "answer" and "clarification on 2026-10-14" in chasers["AVP RF"].reason
    with pytest.raises(InvalidValue):
        demo.read(deadlines.due_items, today=TODAY, within=-1)


@pytest.mark.parametrize("today", [date(2026, 10, 25), TODAY, date(2027, 3, 1)])
def test_the_counts_and_first_rows_agree_with_the_whole_lists(demo, today):
    """The overview reads counts by aggregate and the first rows by LIMIT (issue 8): same figures."""
    items = demo.read(deadlines.due_items, today=today, within=7)
    counts = demo.read(deadlines.due_counts, today=today, within=7)
    assert counts.total == len(items)
    assert counts.overdue == sum(1 for i in items if "overdue" in i.urgency)
    assert counts.due_soon == sum(1 for i in items if i.urgency == "due soon")
    first = demo.read(deadlines.due_items, today=today, within=7, limit=2)
    assert [i.request_id for i in first] == [i.request_id for i in items[:2]]

    chasers = demo.read(deadlines.follow_ups, today=today)
    totals = demo.read(deadlines.follow_up_counts, today=today)
    assert totals.total == len(chasers) and totals.answers == sum(1 for f in chasers if f.action == "answer")
    assert demo.read(deadlines.follow_ups, today=today, limit=1) == chasers[:1]


def test_a_recent_follow_up_takes_the_request_off_the_list_until_it_is_old(demo):
    chasers = {f.archive: f for f in demo.read(deadlines.follow_ups, today=TODAY)}
    assert "the last follow-up, of 2026-10-20" in chasers["TsAMO"].reason
    five_days_later = {f.archive for f in demo.read(deadlines.follow_ups, today=date(2026, 10, 25))}
    assert "TsAMO" not in five_days_later


def test_the_overview_read_stops_when_cancelled_and_the_project_stays_usable(demo):
    """Closing a project cancels the Overview's background read instead of waiting for it."""
    from desktop.store import overview

    with pytest.raises(overview.ReadCancelled):
        demo.read(overview.overview_in_worker, today=TODAY, cancelled=lambda: True)
    data = demo.read(overview.overview_in_worker, today=TODAY, cancelled=lambda: False, limit=2)
    assert len(data.due) == 2 and data.due_total > 2 and data.overdue == 4 and data.due_soon == 3
    everything = demo.read(overview.overview, today=TODAY)
    assert everything.bars_total == len(everything.bars) and everything.due_total == len(everything.due)
