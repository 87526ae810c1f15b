"""Fuzzing (hypothesis) of what takes text and values from users and collaborators' copies:
text repair, archival references, search queries (built AND run on a real project), and the
deadline engine's inputs. Anything but the documented user-facing error is a bug.
`max_examples` is kept modest so `make test` stays fast; `make test-faults` runs it with
HYPOTHESIS_PROFILE=faults (10x more examples)."""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain import textrepair
from desktop.domain.deadlines import DeadlineError, Rule, Step, deadline_for
from desktop.domain.lifecycle import RequestStatus
from desktop.domain.references import format_reference, with_archive
from desktop.store.errors import QuaestioError
from desktop.store.search import build_query, search

settings.register_profile("quick", max_examples=150, deadline=None)
settings.register_profile("faults", max_examples=1500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

# Text as users and pasted documents have it: every script, controls, combining marks, the odd
# lone surrogate (Qt hands those over from broken UTF-16), quotes and FTS5 operators.
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("\"*^:()-+{}[]NEAR AND OR NOT \\%_'\x00\t\n\u200b\u2060\ufeffЖё防衛Өү"),
        st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF),
    ),
    max_size=60,
)
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


# --- text repair ------------------------------------------------------------------------------------


@given(TEXT)
def test_text_repair_never_raises_and_keeps_length(text: str) -> None:
    runs = textrepair.find_runs(text)
    repaired = textrepair.repair(text)
    assert len(repaired) == len(text)  # character for character: offsets stay valid
    assert all(0 <= r.start < r.end <= len(text) for r in runs)
    assert textrepair.repair(repaired) == repaired


# --- archival references ------------------------------------------------------------------------------


@given(
    st.sampled_from(["ru", "mn", "us", "jp", "other", "", "xx"]),
    st.one_of(st.dictionaries(TEXT, JSONISH, max_size=6), JSONISH),
    st.sampled_from(["en", "ru", "mn", "ja", "", "zz"]),
)
def test_references_from_any_stored_parts_never_raise(style: str, parts: object, language: str) -> None:
    """`parts` is a JSON column: a collaborator's copy can hold anything there."""
    text = format_reference(style, parts, language=language)  # type: ignore[arg-type]
    assert isinstance(text, str)
    assert isinstance(with_archive(text, "РГВА", language=language), str)


@given(st.dictionaries(st.sampled_from(["fond", "opis", "delo", "list"]), TEXT))
def test_russian_references_keep_every_part(parts: dict[str, str]) -> None:
    text = format_reference("ru", parts, language="ru")
    for value in parts.values():
        if value.strip() and "-" not in value:  # folio ranges get en dashes
            assert value.strip() in text


# --- search ------------------------------------------------------------------------------------------


@given(TEXT)
def test_build_query_gives_sql_text_or_nothing(query: str) -> None:
    built = build_query(query)
    if built is not None:
        where, params = built
        assert isinstance(where, str) and all(isinstance(v, str) for v in params.values())


@pytest.fixture(scope="module")
def searched_project(tmp_path_factory, demo_template):
    import shutil

    from desktop.store.project import Identity, open_project

    path = tmp_path_factory.mktemp("fuzz") / "demo.quaestio"
    shutil.copyfile(demo_template, path)
    with open_project(path, Identity("Fuzz", "44444444-4444-4444-8444-444444444444"), readonly=True) as p:
        yield p


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=TEXT)
def test_any_query_runs_on_a_real_project(searched_project, query: str) -> None:
    try:
        hits = searched_project.read(search, query=query)
    except QuaestioError as exc:  # the only acceptable failure: a message for the user
        assert str(exc)
    else:
        assert isinstance(hits, list)


# --- deadlines ----------------------------------------------------------------------------------------

STATUSES = st.sampled_from([s.value for s in RequestStatus] + ["", "bogus"])
DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
NEAR_DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def rules(draw) -> dict[str, object]:
    """A regime row as a collaborator's copy may hold it (text in integer columns included)."""
    return {
        "code": draw(TEXT),
        "unit": draw(st.sampled_from(["calendar", "working", "", "weeks", None])),
        "initial_days": draw(st.one_of(st.integers(-10, 4000), st.none(), st.sampled_from(["30", "abc"]))),
        "extension_days": draw(st.one_of(st.integers(-5, 400), st.none())),
        "appeal_days": draw(st.one_of(st.integers(-5, 400), st.none())),
        "holiday_country": draw(st.sampled_from(["", "RU", "JP", "MN", "US", "ZZ", "ru", "Ж"])),
        "roll_forward": draw(st.booleans()),
        "clarification": draw(st.sampled_from(["pause", "reset", "", "stop"])),
    }


@st.composite
def steps(draw, dates) -> list[Step]:
    days = sorted(draw(st.lists(dates, max_size=6)))
    return [Step(on=d, status=draw(STATUSES), outcome=draw(st.one_of(st.none(), TEXT))) for d in days]


def _deadline_or_message(rule, replay, sent, registered, override) -> None:
    try:
        rule.check()
        result = deadline_for(rule, replay, sent_on=sent, registered_on=registered, override=override)
    except DeadlineError as exc:
        assert str(exc)
        return
    assert isinstance(result.basis, str) and result.basis
    if override is not None:
        assert result.due == override


@given(
    st.one_of(st.none(), rules()),
    steps(NEAR_DATES),
    st.one_of(st.none(), NEAR_DATES),
    st.one_of(st.none(), NEAR_DATES),
    st.one_of(st.none(), NEAR_DATES),
)
def test_deadlines_from_any_rule_and_history(rule, replay, sent, registered, override) -> None:
    try:
        checked = rule if rule is None else Rule.of(rule)
    except DeadlineError as exc:  # a number of days that is not a number: a message
        assert "number" in str(exc)
        return
    if checked is None:
        result = deadline_for(None, replay, sent_on=sent, registered_on=registered, override=override)
        assert result.basis
        return
    _deadline_or_message(checked, replay, sent, registered, override)


@given(st.sampled_from(["us-foia", "ru-archive-query", "jp-disclosure", "mn-archive"]), DATES, DATES)
def test_deadlines_at_the_ends_of_the_calendar(code: str, sent: date, step_day: date) -> None:
    """Dates typed anywhere in 1..9999 (a typo such as 9026) give a date or a message, never a crash."""
    from desktop.domain.deadlines import default_rules

    rule = default_rules().get(code) or next(iter(default_rules().values()))
    replay = [Step(on=max(sent, step_day), status="acknowledged")]
    _deadline_or_message(rule, replay, sent, None, None)
    _deadline_or_message(rule, [], sent + timedelta(days=0), None, None)
