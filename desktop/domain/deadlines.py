"""The deadline engine (DESIGN §4; request-tracking-research.md §7.3). No Qt, no database.

A legal regime is data (`Rule`): calendar or working days, the initial period, the extension,
the appeal window, the country whose public holidays count, whether a period ending on a day off
moves to the next working day, and whether a clarification pauses or restarts the clock.

`deadline_for` replays a request's status changes against its rule and returns the due date with
a plain explanation naming the rule, the start date and the holidays that moved it. Nothing here
knows what day it is: callers pass `today` where it matters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from typing import Any

from desktop.domain.lifecycle import AWAITING_ARCHIVE, OUTCOME_LABELS, PAUSED, Outcome, RequestStatus
from desktop.domain.regimes import DEFAULT_REGIMES

S = RequestStatus
STATUS_VALUES = frozenset(s.value for s in RequestStatus)
UNITS = ("calendar", "working")
CLARIFICATION_RULES = ("pause", "reset")
# Refusals that open an appeal window.
APPEALABLE = frozenset({Outcome.REFUSED, Outcome.PARTIALLY_GRANTED, Outcome.NOT_HELD})
# A follow-up is suggested once a request is overdue, then again after this many days.
FOLLOW_UP_INTERVAL_DAYS = 30


class DeadlineError(ValueError):
    """A rule or date the engine cannot work with; the message is meant for the user."""


# --- rules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One legal regime's deadline rule (a project's `legal_regime` row, or a default)."""

    code: str
    name: str = ""
    law: str = ""
    unit: str = "calendar"
    initial_days: int = 30
    extension_days: int = 0
    appeal_days: int | None = None
    holiday_country: str = ""
    roll_forward: bool = True
    clarification: str = "pause"

    @classmethod
    def of(cls, source: Any) -> Rule:
        """A rule from a regime row, a mapping or another rule."""
        get = (
            source.get
            if isinstance(source, Mapping)
            else lambda name, default=None: getattr(source, name, default)
        )

        def days(name: str, default: int | None) -> int | None:
            value = get(name, default)
            if value is None:
                return None
            try:
                return int(value)
            except (TypeError, ValueError):  # text in a number column (a copy edited outside Quaestio)
                raise DeadlineError(
                    f"The regime {get('code', '')!r} has {value!r} as its {name.replace('_', ' ')}, "
                    "which is not a number of days. Correct it in Tools > Legal Regimes."
                ) from None

        return cls(
            code=str(get("code", "")),
            name=str(get("name", "") or ""),
            law=str(get("law", "") or ""),
            unit=str(get("unit", "calendar") or "calendar"),
            initial_days=days("initial_days", 30) or 0,
            extension_days=days("extension_days", 0) or 0,
            appeal_days=days("appeal_days", None),
            holiday_country=str(get("holiday_country", "") or "").upper(),
            roll_forward=bool(get("roll_forward", True)),
            clarification=str(get("clarification", "pause") or "pause"),
        )

    @property
    def title(self) -> str:
        return self.name or self.code

    def check(self) -> None:
        """Raise DeadlineError unless the rule can be used."""
        if self.unit not in UNITS:
            raise DeadlineError(f"The unit must be 'calendar' or 'working' days, not {self.unit!r}.")
        if self.clarification not in CLARIFICATION_RULES:
            raise DeadlineError(
                f"A clarification must 'pause' or 'reset' the clock, not {self.clarification!r}."
            )
        if self.initial_days < 1 or self.initial_days > 3660:
            raise DeadlineError("The initial period must be between 1 and 3660 days.")
        if self.extension_days < 0 or (self.appeal_days is not None and self.appeal_days < 0):
            raise DeadlineError("Extensions and appeal windows cannot be negative.")
        days_off(self.holiday_country)  # an unknown country raises here


def default_rules() -> dict[str, Rule]:
    """The built-in regimes (desktop.domain.regimes), by code."""
    return {regime["code"]: Rule.of(regime) for regime in DEFAULT_REGIMES}


# --- days off --------------------------------------------------------------------------------


class DaysOff:
    """Weekends and the public holidays of one country (the `holidays` package)."""

    def __init__(self, country: str) -> None:
        self.country = country.upper()
        self._holidays: Any = None
        if self.country:
            import holidays

            try:
                self._holidays = holidays.country_holidays(self.country, language="en_US")
            except NotImplementedError:
                raise DeadlineError(
                    f"There is no holiday calendar for the country code {country!r}; "
                    "use a two-letter code such as RU, JP, MN or US, or leave it empty for weekends only."
                ) from None
            except ValueError:  # a country without English names
                self._holidays = holidays.country_holidays(self.country)

    def holiday(self, day: date) -> str | None:
        """The holiday's name, or None."""
        if self._holidays is None:
            return None
        name = self._holidays.get(day)
        return None if name is None else str(name).split(";")[0].strip()

    def is_day_off(self, day: date) -> bool:
        return day.weekday() >= 5 or self.holiday(day) is not None

    def describe(self, day: date) -> str:
        """Why a day is not a working day: "Saturday", "Thanksgiving Day"."""
        return self.holiday(day) or day.strftime("%A")


@cache
def days_off(country: str) -> DaysOff:
    return DaysOff(country)


# --- counting --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """`days` units counted from `start` (day zero) under a rule."""

    start: date
    days: int
    unit: str
    end: date  # the due date
    nominal_end: date  # a calendar period's last day before moving off a day off
    skipped: tuple[tuple[date, str], ...] = ()  # working days: holidays on weekdays not counted
    moved_past: tuple[tuple[date, str], ...] = ()  # calendar days: days off the end moved past


def count(start: date, days: int, rule: Rule) -> Period:
    """Count a period: the start day is day zero (DESIGN §4)."""
    off = days_off(rule.holiday_country)
    if rule.unit == "working":
        return _count_working(start, days, off)
    nominal = start + timedelta(days=days)
    end, moved = nominal, []
    if rule.roll_forward:
        while off.is_day_off(end):
            moved.append((end, off.describe(end)))
            end += timedelta(days=1)
    return Period(start, days, "calendar", end, nominal, moved_past=tuple(moved))


def _count_working(start: date, days: int, off: DaysOff) -> Period:
    # Zero or fewer days (a clock stopped on or after its due date) count backwards, to the
    # working day that leaves that many working days up to `start`: so resuming gives back the
    # due date it was stopped with.
    step = 1 if days > 0 else -1
    day, counted, skipped = start, 0, []
    while counted < abs(days):
        if step < 0 and not off.is_day_off(day):
            counted += 1
        day += timedelta(days=step)
        if step > 0:
            if off.is_day_off(day):
                if day.weekday() < 5:
                    skipped.append((day, off.describe(day)))
            else:
                counted += 1
    if step < 0:  # back onto the working day the count ends after
        while off.is_day_off(day):
            day -= timedelta(days=1)
    return Period(start, days, "working", day, day, skipped=tuple(skipped))


def remaining(on: date, due: date, rule: Rule) -> int:
    """Days of the rule's unit left from `on` to `due`; negative when `due` has passed."""
    if rule.unit != "working":
        return (due - on).days
    off = days_off(rule.holiday_country)
    low, high, sign = (on, due, 1) if due >= on else (due, on, -1)
    days = sum(1 for n in range(1, (high - low).days + 1) if not off.is_day_off(low + timedelta(days=n)))
    return sign * days


# --- explanations ----------------------------------------------------------------------------


def short_date(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _grouped(days: Sequence[tuple[date, str]]) -> list[str]:
    """ "New Year Holidays 1–6 Jan" rather than six entries; weekends said once."""
    groups: list[tuple[str, date, date]] = []
    for day, name in days:
        label = "the weekend" if name in ("Saturday", "Sunday") else name
        if groups and groups[-1][0] == label and (day - groups[-1][2]).days <= 3:
            groups[-1] = (label, groups[-1][1], day)
        else:
            groups.append((label, day, day))
    words = []
    for label, first, last in groups:
        if label == "the weekend":
            words.append(label)
        elif first == last:
            words.append(f"{label} {short_date(first)}")
        elif first.month == last.month:
            words.append(f"{label} {first.day}–{last.day} {last.strftime('%b')}")
        else:
            words.append(f"{label} {short_date(first)}–{short_date(last)}")
    return list(dict.fromkeys(words))


def describe_period(period: Period, rule: Rule, *, start_label: str, days_label: str = "") -> str:
    """ "20 working days from 2026-11-20 (date sent) under FOIA; skipped Thanksgiving Day 26 Nov"."""
    amount = days_label or f"{period.days} {period.unit} days"
    text = f"{amount} from {period.start.isoformat()} ({start_label}) under {rule.title}"
    if period.skipped:
        text += f"; skipped {_join(_grouped(period.skipped))}"
    if period.moved_past:
        first = period.moved_past[0]
        text += (
            f"; the period ended on {period.nominal_end.isoformat()}, a day off ({first[1]}), so it moves"
            f" to the next working day past {_join(_grouped(period.moved_past))}"
        )
    return text


def explain(period: Period, rule: Rule, *, start_label: str, days_label: str = "") -> str:
    """The whole explanation of a due date: "due 2026-12-21: 20 working days from ..."."""
    return f"due {period.end.isoformat()}: " + describe_period(
        period, rule, start_label=start_label, days_label=days_label
    )


# --- replaying a request ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One status change of a request, as the engine sees it."""

    on: date
    status: str
    outcome: str | None = None


@dataclass(frozen=True)
class Deadline:
    """What a request's clock says: the due date (None when no clock runs) and why."""

    due: date | None
    basis: str
    kind: str = "none"  # "response", "appeal" (window to file one), "paused", "none"
    paused_on: date | None = None
    days_left: int | None = None  # on the clock while paused
    rule_due: date | None = None  # what the rule alone gives, before any override
    period: Period | None = None
    notes: tuple[str, ...] = field(default=())


def _unit_word(rule: Rule) -> str:
    return "working" if rule.unit == "working" else "calendar"


def deadline_for(
    rule: Rule | None,
    steps: Sequence[Step],
    *,
    sent_on: date | None,
    registered_on: date | None,
    override: date | None = None,
    override_reason: str = "",
) -> Deadline:
    """Replay a request's status changes (oldest first) against its rule."""
    computed = _replay(rule, steps, sent_on=sent_on, registered_on=registered_on)
    if override is None:
        return computed
    reason = override_reason.strip() or "no reason given"
    basis = f"due {override.isoformat()}: set by hand ({reason})"
    if computed.due is not None:
        basis += f". By the rule it would be {computed.basis}"
    elif computed.basis:
        basis += f". {computed.basis}"
    return Deadline(
        override,
        basis,
        kind=computed.kind if computed.kind != "none" else "response",
        paused_on=computed.paused_on,
        days_left=computed.days_left,
        rule_due=computed.due,
        period=computed.period,
        notes=computed.notes,
    )


def _replay(
    rule: Rule | None, steps: Sequence[Step], *, sent_on: date | None, registered_on: date | None
) -> Deadline:
    start = registered_on or sent_on
    if start is None:
        return Deadline(None, "No deadline yet: the clock starts when the request is sent.")
    if rule is None:
        return Deadline(
            None,
            "No deadline: the archive has no legal regime. Choose one for the archive, "
            "or set a due date by hand.",
        )
    try:
        rule.check()
    except DeadlineError as exc:
        return Deadline(None, f"No deadline: the regime {rule.code} cannot be used. {exc}")
    start_label = (
        "the archive's registration date"
        if registered_on
        else "the date sent; the archive's registration date is not known yet"
    )
    anchor, days = start, rule.initial_days
    resumed_with: int | None = None  # days left when a stopped clock restarted
    extension_used = 0
    paused: tuple[date, str, int] | None = None  # (since, status, days left)
    closed: Step | None = None
    notes: list[str] = []
    unit = _unit_word(rule)

    def resume(on: date) -> None:
        nonlocal anchor, days, resumed_with, extension_used, paused, start_label
        assert paused is not None
        since, status, left = paused
        why = "clarification" if status == S.CLARIFICATION_REQUESTED else "payment"
        if status == S.CLARIFICATION_REQUESTED and rule.clarification == "reset":
            anchor, days, resumed_with = on, rule.initial_days, None
            notes.append(
                f"the clock restarted in full after the {why} ({since.isoformat()} to {on.isoformat()})"
            )
            start_label = f"the {why} answered"
        else:
            anchor, days, resumed_with = on, left, left
            notes.append(f"the clock stopped for {why} from {since.isoformat()} to {on.isoformat()}")
            start_label = "the clock restarted"
        extension_used = 0
        paused = None

    for step in steps:
        if step.status not in STATUS_VALUES:  # written outside Quaestio (a copy, sqlite3): skipped
            notes.append(
                f"an event with the unknown status {step.status!r} on {step.on.isoformat()} was ignored"
            )
            continue
        status = S(step.status)
        if status in (S.DRAFT, S.READY, S.SENT):
            continue
        if paused is not None and status not in PAUSED and status is not S.CLOSED:
            resume(step.on)
        if status in PAUSED:
            if paused is None and closed is None:
                due = count(anchor, days, rule).end
                left = days if step.on < anchor else remaining(step.on, due, rule)
                paused = (step.on, status, left)
        elif status is S.EXTENDED:
            if rule.extension_days:
                days += rule.extension_days
                extension_used += rule.extension_days
                notes.append(f"extended on {step.on.isoformat()}")
            else:
                notes.append(
                    f"extended on {step.on.isoformat()}, but {rule.title} sets no extension length: "
                    "enter the new date by hand"
                )
        elif status is S.REFERRED:
            notes.append(f"referred on {step.on.isoformat()}; the archive's clock keeps running")
        elif status is S.APPEALING:
            anchor, days, resumed_with, extension_used, closed = step.on, rule.initial_days, None, 0, None
            start_label = "the date of the appeal"
            notes.append(f"appealed on {step.on.isoformat()}: the appeal is answered under the same rule")
        elif status is S.CLOSED:
            closed = step
            paused = None

    if closed is not None:
        return _closed(rule, closed, notes)
    if paused is not None:
        since, status, left = paused
        why = "clarification requested" if status == S.CLARIFICATION_REQUESTED else "payment requested"
        if status == S.CLARIFICATION_REQUESTED and rule.clarification == "reset":
            after = f"a new period of {rule.initial_days} {unit} days starts when you answer"
        elif left >= 0:
            after = f"with {left} {unit} days left; it runs again from the day you answer"
        else:
            after = f"{-left} {unit} days after the due date; it runs again from the day you answer"
        basis = f"No due date while the clock is stopped: {why} on {since.isoformat()}, {after}."
        return Deadline(None, basis, kind="paused", paused_on=since, days_left=left, notes=tuple(notes))
    period = count(anchor, days, rule)
    parts = []
    if resumed_with is not None:
        parts.append(f"{resumed_with} left when the clock stopped")
    elif extension_used:
        parts.append(f"{days - extension_used}")
    if extension_used:
        parts.append(f"{extension_used} extension")
    days_label = f"{days} {unit} days" + (f" ({' + '.join(parts)})" if parts else "")
    basis = explain(period, rule, start_label=start_label, days_label=days_label)
    if notes:
        basis += "; " + "; ".join(notes)
    return Deadline(
        period.end, basis, kind="response", rule_due=period.end, period=period, notes=tuple(notes)
    )


def _closed(rule: Rule, closed: Step, notes: list[str]) -> Deadline:
    known = closed.outcome in {o.value for o in Outcome}  # a copy may hold anything here
    outcome = Outcome(closed.outcome) if known else None
    label = (
        OUTCOME_LABELS[outcome].lower()
        if outcome
        else f"outcome {closed.outcome!r}"
        if closed.outcome
        else "no outcome"
    )
    if outcome in APPEALABLE and rule.appeal_days:
        window = count(closed.on, rule.appeal_days, replace(rule, unit="calendar"))
        basis = f"appeal by {window.end.isoformat()}: " + describe_period(
            window, rule, start_label=f"the decision: {label}"
        )
        return Deadline(
            window.end, basis, kind="appeal", rule_due=window.end, period=window, notes=tuple(notes)
        )
    if outcome in APPEALABLE:
        basis = f"Closed on {closed.on.isoformat()} ({label}); {rule.title} sets no appeal window."
    else:
        basis = f"Closed on {closed.on.isoformat()} ({label}); no deadline runs."
    return Deadline(None, basis, notes=tuple(notes))


# --- what a due date means today -------------------------------------------------------------


def days_until(due: date, today: date) -> int:
    """Calendar days from today to the due date; negative when overdue."""
    return (due - today).days


def urgency(status: str, due: date | None, today: date, rule: Rule | None, *, within: int = 7) -> str:
    """ "long overdue", "overdue", "due soon", "later" or "" (no clock, or not with the archive)."""
    if due is None or status not in STATUS_VALUES or S(status) not in AWAITING_ARCHIVE:
        return ""
    if today > due:
        grace = rule.extension_days or rule.initial_days if rule else 30
        limit = count(due, grace, rule).end if rule else due + timedelta(days=grace)
        return "long overdue" if today > limit else "overdue"
    return "due soon" if (due - today).days <= within else "later"


def describe_urgency(due: date, today: date) -> str:
    """ "overdue by 76 days", "due today", "due in 3 days"."""
    days = days_until(due, today)
    if days < 0:
        return f"overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"


def holiday_countries() -> list[tuple[str, str]]:
    """(code, name) of every country the holiday calendars know, by name: for a regime's country."""
    import re

    from holidays.registry import COUNTRIES

    found = {entry[1]: re.sub(r"(?<=[a-z])(?=[A-Z])", " ", entry[0]) for entry in COUNTRIES.values()}
    return sorted(found.items(), key=lambda pair: pair[1])
