"""The deadline engine against cases counted by hand on a calendar, plus properties.

Each hand-checked case writes down the count, so a reader can redo it with a wall calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.deadlines import (
    DeadlineError,
    Rule,
    Step,
    count,
    days_off,
    deadline_for,
    default_rules,
    describe_urgency,
    explain,
    remaining,
    urgency,
)

RULES = default_rules()
FOIA = RULES["us-foia"]
RU = RULES["ru-archive-query"]
JP = RULES["jp-disclosure"]
MN = RULES["mn-default"]


def test_the_six_default_regimes_exist_with_their_rules():
    assert set(RULES) == {
        "ru-archive-query",
        "jp-disclosure",
        "jp-archives-use",
        "mn-default",
        "us-foia",
        "us-mdr",
    }
    assert (FOIA.unit, FOIA.initial_days, FOIA.extension_days, FOIA.appeal_days) == ("working", 20, 10, 90)
    assert (RU.unit, RU.initial_days, RU.extension_days, RU.roll_forward) == ("calendar", 30, 30, True)
    assert JP.roll_forward and JP.holiday_country == "JP" and MN.holiday_country == "MN"
    for rule in RULES.values():
        rule.check()


def test_us_foia_across_thanksgiving_and_christmas():
    # Sent Friday 2026-11-20 (day zero). Working days: Nov 23(1) 24(2) 25(3), Thanksgiving Thu 26
    # skipped, 27(4), 30(5), Dec 1(6) 2(7) 3(8) 4(9), 7(10)..11(14), 14(15)..18(19), Mon 21(20).
    period = count(date(2026, 11, 20), 20, FOIA)
    assert period.end == date(2026, 12, 21)
    assert [name for _, name in period.skipped] == ["Thanksgiving Day"]
    # With the 10-day extension for unusual circumstances: Dec 22(21) 23(22) 24(23), Christmas
    # Fri 25 skipped, 28(24)..31(27), New Year's Day Fri Jan 1 skipped, Jan 4(28) 5(29) 6(30).
    extended = count(date(2026, 11, 20), 30, FOIA)
    assert extended.end == date(2027, 1, 6)
    assert [d for d, _ in extended.skipped] == [date(2026, 11, 26), date(2026, 12, 25), date(2027, 1, 1)]
    text = explain(extended, FOIA, start_label="date sent")
    assert text.startswith("due 2027-01-06: 30 working days from 2026-11-20 (date sent) under United States")
    assert "skipped Thanksgiving Day 26 Nov, Christmas Day 25 Dec and New Year's Day 1 Jan" in text


def test_russian_thirty_days_across_the_new_year_holidays_then_extended():
    # Registered Monday 2026-12-07. Dec 7 + 24 = Dec 31, + 6 = Wed 2027-01-06: a New Year holiday
    # (1-8 Jan, Christmas on the 7th), then Sat 9 and Sun 10; the next working day is Mon 11 Jan.
    steps = [Step(date(2026, 12, 9), "acknowledged")]
    first = deadline_for(RU, steps, sent_on=date(2026, 12, 1), registered_on=date(2026, 12, 7))
    assert first.due == date(2027, 1, 11)
    assert first.period is not None and first.period.nominal_end == date(2027, 1, 6)
    assert "from 2026-12-07 (the archive's registration date)" in first.basis
    assert "the period ended on 2027-01-06, a day off (New Year Holidays)" in first.basis
    assert "Christmas Day 7 Jan" in first.basis
    # Extended on 2027-01-05 by 30 days with notice: 60 days from Dec 7 = 2027-02-05, a Friday.
    extended = deadline_for(
        RU,
        [*steps, Step(date(2027, 1, 5), "extended")],
        sent_on=date(2026, 12, 1),
        registered_on=date(2026, 12, 7),
    )
    assert extended.due == date(2027, 2, 5)
    assert (
        "60 calendar days (30 + 30 extension)" in extended.basis
        and "extended on 2027-01-05" in extended.basis
    )


def test_the_clock_starts_at_sending_or_registration_never_the_draft():
    drafted = deadline_for(RU, [Step(date(2026, 3, 2), "ready")], sent_on=None, registered_on=None)
    assert drafted.due is None and "starts when the request is sent" in drafted.basis
    # Sent 2026-08-12, no registration known: Aug 12 + 30 = Fri 2026-09-11.
    sent = deadline_for(RU, [Step(date(2026, 8, 12), "sent")], sent_on=date(2026, 8, 12), registered_on=None)
    assert sent.due == date(2026, 9, 11) and "registration date is not known yet" in sent.basis
    # Registered 2026-08-18: Aug 18 + 30 = Thu 2026-09-17.
    registered = deadline_for(
        RU, [Step(date(2026, 8, 12), "sent")], sent_on=date(2026, 8, 12), registered_on=date(2026, 8, 18)
    )
    assert registered.due == date(2026, 9, 17)


def test_japanese_thirty_days_across_golden_week():
    # Received Saturday 2027-04-03. Apr 3 + 27 = Apr 30, + 3 = Mon 2027-05-03, Constitution Day;
    # Greenery Day 4 May and Children's Day 5 May follow; Thursday 2027-05-06 is the due date.
    period = count(date(2027, 4, 3), 30, JP)
    assert period.nominal_end == date(2027, 5, 3)
    assert period.end == date(2027, 5, 6)
    assert [name for _, name in period.moved_past] == ["Constitution Day", "Greenery Day", "Children's Day"]


def test_mongolian_period_across_tsagaan_sar():
    # Registered Monday 2026-01-19. Jan 19 + 12 = Jan 31, + 18 = Wed 2026-02-18, first day of
    # Tsagaan Sar (Lunar New Year, 18-20 Feb), then Sat 21 and Sun 22: due Monday 2026-02-23.
    period = count(date(2026, 1, 19), 30, MN)
    assert period.end == date(2026, 2, 23)
    text = explain(period, MN, start_label="the archive's registration date")
    assert "Lunar New Year 18–20 Feb and the weekend" in text


def test_calendar_days_without_roll_forward_may_end_on_a_day_off():
    rule = Rule(code="x", unit="calendar", initial_days=30, holiday_country="MN", roll_forward=False)
    assert count(date(2026, 1, 19), 30, rule).end == date(2026, 2, 18)


def test_pause_for_clarification_and_resume():
    # Registered 2026-09-30; due Fri 2026-10-30. Clarification asked 2026-10-14: 16 days left.
    steps = [Step(date(2026, 10, 2), "acknowledged"), Step(date(2026, 10, 14), "clarification_requested")]
    paused = deadline_for(RU, steps, sent_on=date(2026, 9, 22), registered_on=date(2026, 9, 30))
    assert paused.due is None and paused.kind == "paused"
    assert paused.paused_on == date(2026, 10, 14) and paused.days_left == 16
    assert "with 16 calendar days left" in paused.basis
    # Answered 2026-11-02: 16 days from then = Wed 2026-11-18.
    resumed = deadline_for(
        RU,
        [*steps, Step(date(2026, 11, 2), "acknowledged")],
        sent_on=date(2026, 9, 22),
        registered_on=date(2026, 9, 30),
    )
    assert resumed.due == date(2026, 11, 18)
    assert "the clock stopped for clarification from 2026-10-14 to 2026-11-02" in resumed.basis


def test_a_clarification_restarts_the_clock_where_the_regime_says_so():
    reset = Rule(code="reset", unit="calendar", initial_days=30, holiday_country="RU", clarification="reset")
    steps = [
        Step(date(2026, 10, 14), "clarification_requested"),
        Step(date(2026, 11, 2), "acknowledged"),
    ]
    # A fresh 30 days from the answer: Nov 2 + 30 = Wed 2026-12-02.
    assert deadline_for(reset, steps, sent_on=None, registered_on=date(2026, 9, 30)).due == date(2026, 12, 2)


def test_working_day_pause_keeps_the_days_left():
    # FOIA registered Tue 2026-11-03, due Thu 2026-12-03. Paused Fri 2026-11-20: working days
    # left Nov 23 24 25 27 30, Dec 1 2 3 = 8. Resumed Mon 2026-11-30: Dec 1..4 (4), 7..10 (8) -> Dec 10.
    steps = [Step(date(2026, 11, 20), "payment_requested"), Step(date(2026, 11, 30), "acknowledged")]
    paused = deadline_for(FOIA, steps[:1], sent_on=date(2026, 11, 2), registered_on=date(2026, 11, 3))
    assert paused.days_left == 8
    resumed = deadline_for(FOIA, steps, sent_on=date(2026, 11, 2), registered_on=date(2026, 11, 3))
    assert resumed.due == date(2026, 12, 10)


def test_appeal_window_after_a_refusal_and_the_appeals_own_clock():
    # Refused 2026-11-19: FOIA allows 90 days to appeal: Nov 19 + 90 = Wed 2027-02-17.
    steps = [Step(date(2026, 11, 5), "acknowledged"), Step(date(2026, 11, 19), "closed", "refused")]
    refused = deadline_for(FOIA, steps, sent_on=date(2026, 11, 2), registered_on=date(2026, 11, 3))
    assert refused.kind == "appeal" and refused.due == date(2027, 2, 17)
    assert refused.basis.startswith("appeal by 2027-02-17: 90 calendar days from 2026-11-19")
    granted = deadline_for(
        FOIA,
        [Step(date(2026, 11, 19), "closed", "granted")],
        sent_on=date(2026, 11, 2),
        registered_on=None,
    )
    assert granted.due is None and "no deadline runs" in granted.basis
    # Appealed Mon 2026-12-07: 20 working days, skipping Christmas and New Year's Day -> 2027-01-06.
    appealed = deadline_for(
        FOIA,
        [*steps, Step(date(2026, 12, 7), "appealing")],
        sent_on=date(2026, 11, 2),
        registered_on=date(2026, 11, 3),
    )
    assert appealed.kind == "response" and appealed.due == date(2027, 1, 6)
    assert "the date of the appeal" in appealed.basis


def test_a_manual_override_wins_and_says_why():
    deadline = deadline_for(
        JP,
        [Step(date(2026, 10, 2), "extended")],
        sent_on=date(2026, 9, 1),
        registered_on=date(2026, 9, 3),
        override=date(2026, 11, 30),
        override_reason="new date in the archive's notice",
    )
    assert deadline.due == date(2026, 11, 30) and deadline.rule_due == date(2026, 11, 2)
    assert deadline.basis.startswith("due 2026-11-30: set by hand (new date in the archive's notice)")
    assert "By the rule it would be due 2026-11-02" in deadline.basis


def test_an_extension_the_regime_cannot_size_asks_for_a_date():
    mdr = RULES["us-mdr"]
    deadline = deadline_for(
        mdr, [Step(date(2026, 8, 1), "extended")], sent_on=date(2026, 7, 6), registered_on=date(2026, 7, 21)
    )
    assert deadline.due == date(2027, 7, 21)  # 365 days, a Wednesday
    assert "sets no extension length" in deadline.basis


def test_no_regime_and_broken_regimes_explain_themselves():
    none = deadline_for(None, [], sent_on=date(2026, 1, 5), registered_on=None)
    assert none.due is None and "no legal regime" in none.basis
    broken = Rule(code="xx", holiday_country="ZZ")
    with pytest.raises(DeadlineError, match="no holiday calendar for the country code 'ZZ'"):
        broken.check()
    assert "cannot be used" in deadline_for(broken, [], sent_on=date(2026, 1, 5), registered_on=None).basis


def test_urgency_words():
    today = date(2026, 11, 26)
    assert urgency("acknowledged", date(2026, 11, 18), today, RU) == "overdue"
    assert urgency("acknowledged", date(2026, 9, 9), today, RU) == "long overdue"
    assert urgency("sent", date(2026, 12, 3), today, RU) == "due soon"
    assert urgency("sent", date(2027, 1, 3), today, RU) == "later"
    assert urgency("clarification_requested", date(2026, 9, 9), today, RU) == ""
    assert describe_urgency(date(2026, 11, 18), today) == "overdue by 8 days"
    assert describe_urgency(today, today) == "due today"
    assert describe_urgency(date(2026, 11, 27), today) == "due in 1 day"


# --- properties ------------------------------------------------------------------------------

dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
rules = st.sampled_from(list(RULES.values()))
countries = st.sampled_from(["RU", "JP", "MN", "US"])


@settings(max_examples=200, deadline=None)
@given(start=dates, days=st.integers(min_value=1, max_value=400), rule=rules)
def test_a_due_date_is_never_before_its_start(start, days, rule):
    assert count(start, days, rule).end >= start


@settings(max_examples=200, deadline=None)
@given(start=dates, days=st.integers(min_value=1, max_value=60), country=countries)
def test_a_working_day_result_is_never_a_weekend_or_holiday(start, days, country):
    rule = Rule(code="w", unit="working", initial_days=days, holiday_country=country)
    end = count(start, days, rule).end
    assert end.weekday() < 5 and days_off(country).holiday(end) is None
    # and exactly `days` working days lie in (start, end]
    assert remaining(start, end, rule) == days


@settings(max_examples=200, deadline=None)
@given(
    registered=dates,
    pause_after=st.integers(min_value=0, max_value=90),
    rule=rules,
    why=st.sampled_from(["clarification_requested", "payment_requested"]),
)
def test_pausing_and_resuming_on_the_same_day_keeps_the_due_date(registered, pause_after, rule, why):
    on = registered + timedelta(days=pause_after)
    plain = deadline_for(rule, [], sent_on=registered, registered_on=registered)
    paused = deadline_for(
        rule, [Step(on, why), Step(on, "acknowledged")], sent_on=registered, registered_on=registered
    )
    assert paused.due == plain.due
