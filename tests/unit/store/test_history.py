"""History per question and per request: who changed which field, when, in words."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.store import history, merge, repo, requests
from desktop.store.errors import NotFound
from desktop.store.models import Note, Question, Request
from desktop.store.project import open_project
from tests.unit.store.merging import ANA, BOB, two_copies

pytestmark = pytest.mark.both_backends  # and on a team server (tests/conftest.py)


def test_a_questions_history_names_fields_in_words_and_includes_its_notes(project):
    question = project.write(repo.create, entity=Question, values={"code": "Q1", "title": "Потери"}).row
    note = project.write(
        repo.create, entity=Note, values={"question_id": question.id, "title": "Кривошеев"}
    ).row
    project.write(
        repo.update, entity=Question, id=question.id, values={"answer_summary": "Soviet losses higher"}
    )
    project.write(repo.update, entity=Note, id=note.id, values={"body": "Гриф секретности снят"})
    project.write(repo.soft_delete, entity=Note, id=note.id)

    entries = project.read(history.question_history, question_id=question.id)
    lines = [(e.record, e.what, history.display_value(e.new)) for e in entries]
    assert lines == [
        ("Question Q1 · Потери", "created", "—"),
        ("Note Кривошеев", "created", "—"),
        ("Question Q1 · Потери", "changed Answer summary", "Soviet losses higher"),
        ("Note Кривошеев", "changed Body", "Гриф секретности снят"),
        ("Note Кривошеев", "moved to the Trash", entries[-1].new),
    ]
    assert {e.author for e in entries} == {"Ana Historian"}
    last = project.read(history.last_edited, row_id=note.id)
    assert last is not None and last.author == "Ana Historian"
    assert last.describe().startswith("Last edited by Ana Historian on 20")


def test_a_requests_history_includes_its_status_changes(demo):
    template = demo.read(repo.list_rows, entity=Request)[0]
    values = {"question_id": template.question_id, "archive_id": template.archive_id, "subject": "Фонд 37977"}
    request = demo.write(repo.create, entity=Request, values=values).row
    demo.write(requests.change_status, request_id=request.id, to_status="ready", on=date(2026, 11, 20))
    demo.write(requests.change_status, request_id=request.id, to_status="sent", on=date(2026, 11, 25))
    entries = demo.read(history.request_history, request_id=request.id)
    assert [e.new for e in entries if e.field == "status"] == ["ready", "sent"]
    assert [e.record for e in entries if e.table == "request_event"] == [
        "Status change → ready",
        "Status change → sent",
    ]
    sent = next(e for e in entries if e.field == "sent_on")
    assert sent.field_label == "Sent on" and sent.new == "2026-11-25" and sent.author == "Ana Historian"


def test_after_a_merge_the_history_names_the_collaborator_who_made_the_change(tmp_path, demo_template, paths):
    mine, theirs = two_copies(demo_template, tmp_path)
    with open_project(theirs, BOB) as p:
        question = p.read(repo.list_rows, entity=Question)[0]
        p.write(
            repo.update, entity=Question, id=question.id, values={"background": "Bob's reading of the files"}
        )
    with open_project(mine, ANA) as p:
        merge.merge_file(p, theirs, backups_dir=paths.backups_dir)
        entries = p.read(history.question_history, question_id=question.id)
        (change,) = [e for e in entries if e.field == "background"]
        assert change.author == "Bob Archivist" and change.merged
        assert change.what == "changed Background and hypothesis"
        assert p.read(history.last_edited, row_id=question.id).author == "Bob Archivist"


def test_unknown_records_say_so(project):
    with pytest.raises(NotFound, match="No question"):
        project.read(history.question_history, question_id="nope")
    with pytest.raises(NotFound, match="has any recorded changes"):
        project.read(history.row_history, row_id="nope")
    assert project.read(history.last_edited, row_id="nope") is None


def test_values_are_shown_briefly_and_readably():
    assert history.display_value(None) == "—"
    assert history.display_value(["1939", "Улаанбаатар"]) == "1939, Улаанбаатар"
    assert history.display_value({"fond": "37977", "opis": "1"}) == "fond 37977; opis 1"
    assert history.display_value(True) == "yes"
    assert history.display_value("x" * 500).endswith("…") and len(history.display_value("x" * 500)) == 160
    assert (
        history.field_label("due_on") == "Due on"
        and history.field_label("some_new_field") == "Some new field"
    )
