"""List and detail queries of the workspace: filtering and sorting in SQL, paging by ids."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop.domain.lifecycle import is_overdue
from desktop.store import queries, repo, requests
from desktop.store.models import Archive, Holding, Note, Question, Request
from tests.unit.store.factories import make

pytestmark = pytest.mark.both_backends  # and on a team server (tests/conftest.py)

TODAY = date(2026, 11, 26)


def test_question_filters_on_the_demo(demo):
    def codes(**kw):
        return [q.code for q in demo.read(queries.question_summaries, filter=queries.QuestionFilter(**kw))]

    assert codes() == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    assert codes(text="Bogdanov") == ["Q3"]
    assert codes(text="bogdanov maps") == ["Q3"]  # every word must match; ASCII case folded
    assert codes(text="Nomonhan-that-is-not-there") == []
    assert codes(status="open") == ["Q2", "Q4"]
    assert codes(tag="FOIA") == ["Q5"]
    assert codes(city="Washington") == ["Q5"]
    assert codes(text="%") == [] and codes(text="_") == []  # LIKE wildcards are literal
    cia = next(a for a in demo.read(repo.list_rows, entity=Archive) if a.identifier == "CIA")
    assert codes(archive_id=cia.id) == ["Q5"]


def test_question_sorts(demo):
    for key in queries.QUESTION_SORTS:
        rows = demo.read(queries.question_summaries, sort=key, today=TODAY)
        assert len(rows) == 5
    by_title = [q.title for q in demo.read(queries.question_summaries, sort="title")]
    assert by_title == sorted(by_title, key=str.lower)
    desc = demo.read(queries.question_summaries, sort="overdue", descending=True, today=TODAY)
    assert [q.overdue_requests for q in desc] == sorted((q.overdue_requests for q in desc), reverse=True)
    with pytest.raises(ValueError):
        demo.read(queries.question_summaries, sort="nonsense")


def test_codes_sort_naturally(project):
    for code in ("Q10", "Q2", "Q1"):
        make(project, Question, code=code, title=code)
    assert [q.code for q in project.read(queries.question_summaries)] == ["Q1", "Q2", "Q10"]


def test_facets_list_tags_archives_and_cities(demo):
    facets = demo.read(queries.question_facets)
    assert "FOIA" in facets.tags and "Komatsubara" in facets.tags
    assert {"Moscow", "Tokyo", "Ulaanbaatar", "Washington"} <= set(facets.cities)
    assert any(label.startswith("RGVA (Moscow)") for _id, label in facets.archives)


def _request_with_due(project, question, archive, due: date | None, status: str = "sent") -> str:
    row = make(project, Request, question_id=question.id, archive_id=archive.id)
    if status != "draft":
        project.write(requests.change_status, request_id=row.id, to_status="sent", on=date(2026, 1, 5))
    project.write(
        repo.update, entity=Request, id=row.id, values={"due_override": due, "due_override_reason": "test"}
    )
    return row.id


def test_request_ids_put_overdue_first_and_page_by_ids(project):
    question = make(project, Question)
    archive = make(project, Archive)
    late = _request_with_due(project, question, archive, TODAY - timedelta(days=3))
    later = _request_with_due(project, question, archive, TODAY - timedelta(days=30))
    soon = _request_with_due(project, question, archive, TODAY + timedelta(days=2))
    undated = _request_with_due(project, question, archive, None, status="draft")
    ids = project.read(queries.request_ids, today=TODAY)
    assert ids == [later, late, soon, undated]
    rows = project.read(queries.request_rows, ids=[soon, later])
    assert [r.id for r in rows] == [soon, later]
    assert all(is_overdue(r.status, r.due_on, TODAY) for r in project.read(queries.request_rows, ids=ids[:2]))
    overdue = project.read(queries.request_ids, filter=queries.RequestFilter(overdue_only=True), today=TODAY)
    assert set(overdue) == {late, later}
    assert project.read(queries.request_ids, sort="due", descending=True, today=TODAY)[0] == soon
    assert project.read(queries.request_rows, ids=[]) == []


def test_request_filters_on_the_demo(demo):
    every = demo.read(queries.request_ids, today=TODAY)
    assert len(every) == len(demo.read(repo.list_rows, entity=Request))
    for key in queries.REQUEST_SORTS:
        assert sorted(demo.read(queries.request_ids, sort=key, today=TODAY)) == sorted(every)
    by_number = demo.read(queries.request_ids, filter=queries.RequestFilter(text="1187"))
    assert [r.tracking_number for r in demo.read(queries.request_rows, ids=by_number)] == ["1187-к"]
    closed = demo.read(queries.request_ids, filter=queries.RequestFilter(status="closed"))
    open_ = demo.read(queries.request_ids, filter=queries.RequestFilter(open_only=True))
    assert closed and open_ and not set(closed) & set(open_) and len(closed) + len(open_) == len(every)
    tokyo = demo.read(
        queries.request_rows, ids=demo.read(queries.request_ids, filter=queries.RequestFilter(city="Tokyo"))
    )
    assert tokyo and {r.city for r in tokyo} == {"Tokyo"}


def test_deleted_questions_hide_their_requests(project):
    question = make(project, Question)
    make(project, Request, question_id=question.id)
    assert len(project.read(queries.request_ids)) == 1
    project.write(repo.soft_delete, entity=Question, id=question.id)
    assert project.read(queries.request_ids) == []


def test_question_detail_holds_references_people_and_sources(demo):
    q1 = next(q for q in demo.read(queries.question_summaries) if q.code == "Q1")
    detail = demo.read(queries.question_detail, question_id=q1.id)
    assert detail.question.code == "Q1"
    rgva = next(h for h in detail.holdings if h.archive == "RGVA")
    assert rgva.city == "Moscow" and rgva.likelihood == "high"
    assert "ф. 32113, оп. 1, д. 3" in [r.label for r in rgva.references]
    assert [h.likelihood for h in detail.holdings] == sorted(
        (h.likelihood for h in detail.holdings), key=["high", "medium", "low", "unlikely"].index
    )
    assert detail.people and detail.sources
    assert all(s.citation for s in detail.sources)


def test_request_detail_and_notes(demo):
    q1 = next(q for q in demo.read(queries.question_summaries) if q.code == "Q1")
    rgva = next(r for r in demo.read(queries.request_summaries, question_id=q1.id) if r.archive == "RGVA")
    detail = demo.read(queries.request_detail, request_id=rgva.id)
    assert [e.to_status for e in detail.events][-1] == "closed"
    assert [t.number for t in detail.tracking_numbers] == ["1187-к"]
    assert len(detail.communications) == 5 and detail.archive.identifier == "RGVA"
    assert [i.label for i in detail.items][:2] == ["ф. 32113, оп. 1, д. 3", "ф. 32113, оп. 1, д. 5"]
    notes = demo.read(queries.note_summaries, question_id=q1.id)
    assert len(notes) == 2 and all(n.created_by == "H. Marsh" for n in notes)


def test_archive_summaries_count_links_and_filter(demo):
    rows = demo.read(queries.archive_summaries)
    assert len(rows) == len(demo.read(repo.list_rows, entity=Archive))
    rgva = next(a for a in rows if a.identifier == "RGVA")
    holdings = demo.read(repo.list_rows, entity=Holding, where={"archive_id": rgva.id})
    assert rgva.holdings == len(holdings) and rgva.requests == 2
    assert [a.identifier for a in demo.read(queries.archive_summaries, text="РГВА")] == ["RGVA"]


def test_format_parts_per_style():
    assert queries.format_parts("ru", {"fond": "32113", "opis": "1", "delo": "3"}) == "ф. 32113, оп. 1, д. 3"
    assert (
        queries.format_parts("us", {"rg": "263", "entry": "ZZ-16", "box": "52"})
        == "RG 263, Entry ZZ-16, Box 52"
    )
    assert queries.format_parts("other", {"text": "file to be identified"}) == "file to be identified"
    note = queries.ReferenceView("x", "jp", {"call_number": ""}, "", "Field diaries", "", "unknown")
    assert note.label == "Field diaries"


def test_notes_list_reads_no_bodies_and_skips_the_trash(project):
    question = make(project, Question)
    kept = make(project, Note, question_id=question.id, title="Kept")
    gone = make(project, Note, question_id=question.id, title="Gone")
    project.write(repo.soft_delete, entity=Note, id=gone.id)
    rows = project.read(queries.note_summaries, question_id=question.id)
    assert [(n.id, n.title) for n in rows] == [(kept.id, "Kept")]
    assert not hasattr(rows[0], "body")


# --- what a project reads as it opens, in plain SQL (issue 8) --------------------------------------


def test_a_questions_requests_come_in_the_full_lists_order(project):
    question, other = make(project, Question), make(project, Question)
    archive = make(project, Archive)
    for due in (
        TODAY - timedelta(days=3),
        None,
        TODAY + timedelta(days=2),
        TODAY - timedelta(days=30),
        TODAY,
    ):
        _request_with_due(project, question, archive, due)
        _request_with_due(project, other, archive, due)
    _request_with_due(project, question, archive, TODAY + timedelta(days=9), status="draft")
    mine = set(project.read(queries.request_ids, filter=queries.RequestFilter(question_id=question.id)))
    assert len(mine) == 6
    for sort in ("urgency", "due"):
        for descending in (False, True):
            every = project.read(queries.request_ids, sort=sort, descending=descending, today=TODAY)
            assert project.read(
                queries.request_ids,
                filter=queries.RequestFilter(question_id=question.id),
                sort=sort,
                descending=descending,
                today=TODAY,
            ) == [i for i in every if i in mine]
    project.write(repo.soft_delete, entity=Question, id=question.id)
    assert project.read(queries.request_ids, filter=queries.RequestFilter(question_id=question.id)) == []


def test_request_count_of_the_whole_project_skips_the_trash_and_stops_at_at_most(project):
    question, trashed = make(project, Question), make(project, Question)
    for q in (question, question, question, trashed):
        make(project, Request, question_id=q.id)
    gone = make(project, Request, question_id=question.id)
    project.write(repo.soft_delete, entity=Request, id=gone.id)
    assert project.read(queries.request_count) == 4
    assert project.read(queries.request_count, at_most=2) == 2
    assert (
        project.read(queries.request_count, at_most=4) == 4 == project.read(queries.request_count, at_most=9)
    )
    project.write(repo.soft_delete, entity=Question, id=trashed.id)
    assert project.read(queries.request_count) == 3 == len(project.read(queries.request_ids))
    assert project.read(queries.request_count, at_most=2) == 2
    assert project.read(queries.request_count, filter=queries.RequestFilter(question_id=question.id)) == 3


def test_detail_and_notes_read_as_the_repository_does(demo):
    from desktop.store.errors import NotFound

    q1 = next(q for q in demo.read(queries.question_summaries) if q.code == "Q1")
    question = demo.read(repo.get, entity=Question, id=q1.id)
    detail = demo.read(queries.question_detail, question_id=q1.id)
    assert detail.question == question  # every field, dates aware in UTC, tags a list
    assert detail.question.created_at.utcoffset() == timedelta(0) and isinstance(detail.question.tags, list)
    for summary in demo.read(queries.note_summaries, question_id=q1.id):
        note = demo.read(repo.get, entity=Note, id=summary.id)
        assert demo.read(queries.note_row, note_id=summary.id) == note  # the body and version too
        assert (summary.title, summary.created_at, summary.updated_at) == (
            note.title,
            note.created_at,
            note.updated_at,
        )
    demo.write(repo.soft_delete, entity=Note, id=summary.id)
    with pytest.raises(NotFound, match="deleted"):
        demo.read(queries.note_row, note_id=summary.id)
    demo.write(repo.soft_delete, entity=Question, id=q1.id)
    with pytest.raises(NotFound, match="deleted"):
        demo.read(queries.question_detail, question_id=q1.id)


def test_tags_a_copy_left_unreadable_read_as_none(project):
    tagged = make(project, Question, tags=["Nomonhan", "ГАРФ"])
    odd = make(project, Question, tags=["x"])
    trashed = make(project, Question, tags=["Trashed"])
    project.write(repo.soft_delete, entity=Question, id=trashed.id)

    def set_raw(session, value: str) -> None:  # another program wrote JSON that is not a list
        session.connection().exec_driver_sql(f"UPDATE question SET tags = '{value}' WHERE id = '{odd.id}'")
        session.commit()

    project.read(set_raw, value='"loose"')
    assert project.read(queries.question_facets).tags == ("Nomonhan", "ГАРФ")
    assert project.read(queries.question_detail, question_id=odd.id).question.tags == []
    assert project.read(queries.question_detail, question_id=tagged.id).question.tags == ["Nomonhan", "ГАРФ"]


def test_note_times_written_by_another_program_read_in_utc(project):
    from datetime import UTC, datetime

    question = make(project, Question)
    note = make(project, Note, question_id=question.id, title="Dated elsewhere")

    def set_raw(session) -> None:  # an offset of its own; no offset at all means UTC
        session.connection().exec_driver_sql(
            "UPDATE note SET created_at = '2024-01-01T09:00:00+03:00', updated_at = '2024-01-01 09:00:00'"
            f" WHERE id = '{note.id}'"
        )
        session.commit()

    project.read(set_raw)
    (summary,) = project.read(queries.note_summaries, question_id=question.id)
    assert summary.created_at == datetime(2024, 1, 1, 6, tzinfo=UTC)
    assert (
        summary.updated_at == datetime(2024, 1, 1, 9, tzinfo=UTC)
        and summary.updated_at.utcoffset() is not None
    )
    assert project.read(queries.note_row, note_id=note.id).created_at == summary.created_at


def test_question_counts_cities_and_requests(project):
    question, quiet = make(project, Question), make(project, Question)
    moscow = make(project, Archive, city="Moscow")
    tokyo = make(project, Archive, city="Tokyo")
    nowhere = make(project, Archive, city="")
    closed_archive = make(project, Archive, city="Kazan")
    make(project, Holding, question_id=question.id, archive_id=tokyo.id)
    make(project, Holding, question_id=quiet.id, archive_id=closed_archive.id)
    project.write(repo.soft_delete, entity=Archive, id=closed_archive.id)
    late = _request_with_due(project, question, moscow, TODAY - timedelta(days=3))
    _request_with_due(project, question, nowhere, TODAY + timedelta(days=3))
    _request_with_due(project, question, moscow, None, status="draft")
    project.write(requests.change_status, request_id=late, to_status="closed", on=TODAY, outcome="granted")
    gone = _request_with_due(project, question, moscow, TODAY - timedelta(days=9))
    project.write(repo.soft_delete, entity=Request, id=gone)
    overdue = _request_with_due(project, question, tokyo, TODAY - timedelta(days=1))
    counts = project.read(queries.question_counts, today=TODAY)
    assert counts[question.id] == queries.QuestionCounts(
        cities=("Moscow", "Tokyo"), requests=4, open_requests=3, overdue_requests=1
    )
    assert quiet.id not in counts  # its only archive is in the Trash
    assert is_overdue(
        project.read(repo.get, entity=Request, id=overdue).status, TODAY - timedelta(days=1), TODAY
    )
    summary = next(s for s in project.read(queries.question_summaries, today=TODAY) if s.id == question.id)
    assert (summary.cities, summary.requests, summary.open_requests, summary.overdue_requests) == (
        ("Moscow", "Tokyo"),
        4,
        3,
        1,
    )
