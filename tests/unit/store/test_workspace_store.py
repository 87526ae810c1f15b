"""The workspace's writes: new questions, links, tracking numbers, undoing a status change, the
Trash and attachments."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from desktop.store import attachments, repo, requests, trash, workspace
from desktop.store.errors import InvalidValue, NotFound
from desktop.store.models import (
    Archive,
    Change,
    Communication,
    Holding,
    Note,
    Person,
    Question,
    QuestionPerson,
    Request,
    RequestEvent,
    TrackingNumber,
)
from tests.unit.store.factories import make

pytestmark = pytest.mark.both_backends  # and on a team server (tests/conftest.py)


def test_new_questions_take_the_next_code_even_past_the_trash(project):
    first = project.write(workspace.new_question, title="  Who ordered the crossing?  ").row
    assert (first.code, first.title, first.status) == ("Q1", "Who ordered the crossing?", "open")
    second = project.write(workspace.new_question, title="Second").row
    project.write(repo.soft_delete, entity=Question, id=second.id)
    assert project.write(workspace.new_question, title="Third").row.code == "Q3"
    with pytest.raises(InvalidValue, match="needs a title"):
        project.write(workspace.new_question, title="   ")


def test_parse_tags():
    assert workspace.parse_tags("maps, border;  Bogdanov ,maps,, ") == ["maps", "border", "Bogdanov"]
    assert workspace.parse_tags("Халхин-Гол; ノモンハン") == ["Халхин-Гол", "ノモンハン"]
    assert workspace.parse_tags("") == []


def test_a_holding_per_archive_per_question(project):
    question = make(project, Question)
    archive = make(project, Archive)
    project.write(workspace.new_holding, question_id=question.id, archive_id=archive.id, likelihood="high")
    with pytest.raises(InvalidValue, match="already under 'Where to look'"):
        project.write(workspace.new_holding, question_id=question.id, archive_id=archive.id)
    with pytest.raises(InvalidValue, match="likelihood"):
        project.write(
            workspace.new_holding,
            question_id=question.id,
            archive_id=make(project, Archive).id,
            likelihood="maybe",
        )
    assert len(project.read(repo.list_rows, entity=Holding)) == 1


def test_people_and_sources_new_or_existing(project):
    question = make(project, Question)
    project.write(
        workspace.link_person, question_id=question.id, name="Komatsubara", name_original="小松原道太郎"
    )
    existing = make(project, Person)
    project.write(workspace.link_person, question_id=question.id, person_id=existing.id, role="staff officer")
    assert len(project.read(repo.list_rows, entity=Person)) == 2
    assert len(project.read(repo.list_rows, entity=QuestionPerson)) == 2
    with pytest.raises(InvalidValue, match="name"):
        project.write(workspace.link_person, question_id=question.id)
    project.write(workspace.link_source, question_id=question.id, citation="Coox, Nomonhan", pages="982")
    with pytest.raises(InvalidValue, match="citation"):
        project.write(workspace.link_source, question_id=question.id, citation=" ")


def test_a_new_request_writes_in_the_archives_language(project):
    question = make(project, Question)
    archive = make(project, Archive, language="mn", identifier="UTA")
    row = project.write(
        workspace.new_request,
        question_id=question.id,
        archive_id=archive.id,
        kind="copies",
        drafted_on=date(2026, 11, 26),
    ).row
    assert (row.language, row.status, row.drafted_on) == ("mn", "draft", date(2026, 11, 26))


def test_only_the_newest_tracking_number_is_current(project):
    request = make(project, Request)
    project.write(workspace.add_tracking_number, request_id=request.id, number="1187-к")
    project.write(workspace.add_tracking_number, request_id=request.id, number="1187-к/2", reason="appeal")
    rows = project.read(repo.list_rows, entity=TrackingNumber)
    assert {(t.number, t.current) for t in rows} == {("1187-к", False), ("1187-к/2", True)}
    with pytest.raises(InvalidValue, match="tracking number"):
        project.write(workspace.add_tracking_number, request_id=request.id, number="  ")


def test_revert_status_puts_every_field_back_and_trashes_the_event(project):
    request = make(project, Request)
    before = project.read(workspace.request_snapshot, request_id=request.id)
    project.write(requests.change_status, request_id=request.id, to_status="sent", on=date(2026, 11, 2))
    event_id = project.read(workspace.last_event_id, request_id=request.id)
    assert event_id is not None
    project.write(workspace.revert_status, request_id=request.id, snapshot=before, event_id=event_id)
    after = project.read(workspace.request_snapshot, request_id=request.id)
    assert after == before
    assert project.read(requests.timeline, request_id=request.id) == []
    assert (
        project.read(repo.get, entity=RequestEvent, id=event_id, include_deleted=True).deleted_at is not None
    )
    # the reversal is in the change log like any edit
    ops = [c.op for c in project.read(repo.history, row_ids=[request.id])]
    assert ops.count("update") >= 2


def test_generic_edits_refuse_unknown_tables_and_guarded_fields(project):
    request = make(project, Request)
    with pytest.raises(InvalidValue):
        project.write(workspace.update_fields, table="change", id="x", values={})
    with pytest.raises(InvalidValue, match="status change"):
        project.write(workspace.update_fields, table="request", id=request.id, values={"status": "closed"})
    assert project.read(workspace.get_row, table="request", id=request.id).status == "draft"


def test_trash_lists_deleted_items_and_restores_the_question_too(project):
    question = make(project, Question, code="Q7", title="Maps")
    note = make(project, Note, question_id=question.id, title="Bogdanov's map")
    project.write(workspace.delete_row, table="note", id=note.id)
    project.write(workspace.delete_row, table="question", id=question.id)
    items = project.read(trash.trashed_items)
    assert [(i.table, i.label) for i in items] == [("question", "Q7 Maps"), ("note", "Bogdanov's map")]
    assert items[1].context == "Q7 Maps" and items[1].deleted_by == "Ana Historian"

    written = project.write(trash.restore_item, table="note", id=note.id)
    assert {"note", "question"} <= written.changes.tables
    assert project.read(repo.get, entity=Question, id=question.id).deleted_at is None
    assert project.read(trash.trashed_items) == []
    with pytest.raises(InvalidValue):
        project.write(trash.restore_item, table="change", id="x")


def test_attachments_are_stored_beside_the_project_and_checked(project, tmp_path):
    letter = make(project, Communication)
    scan = tmp_path / "Ответ архива: 2026/03?.pdf".replace("/", "_")
    scan.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 50)
    stored = attachments.store_file(project.path, scan)
    assert stored.sha256 == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert (
        stored.size == scan.stat().st_size and "?" not in stored.stored_path and ":" not in stored.stored_path
    )
    again = attachments.store_file(project.path, scan)  # the same content is kept once
    assert again.stored_path == stored.stored_path
    row = project.write(attachments.add_attachment, communication_id=letter.id, stored=stored).row
    path = attachments.resolve(project.path, row)
    assert path.parent.parent == attachments.files_folder(project.path)
    assert path.read_bytes() == scan.read_bytes()
    assert attachments.files_folder(project.path).name == project.path.name + "-files"

    path.write_bytes(b"changed")
    with pytest.raises(attachments.AttachmentError, match="changed since it was attached"):
        attachments.resolve(project.path, row)
    path.unlink()
    with pytest.raises(attachments.AttachmentError, match="missing"):
        attachments.resolve(project.path, row)
    with pytest.raises(attachments.AttachmentError, match="not a file"):
        attachments.store_file(project.path, tmp_path / "nothing-here.pdf")
    with pytest.raises(NotFound):
        project.write(attachments.add_attachment, communication_id="no-such-letter", stored=stored)


def test_safe_names_keep_scripts_and_drop_separators():
    assert attachments.safe_name("ответ/архива:1939?.pdf") == "ответ_архива_1939_.pdf"
    assert attachments.safe_name("戦史 資料.pdf") == "戦史 資料.pdf"
    assert attachments.safe_name("...") == "attachment"
    long = attachments.safe_name("x" * 300 + ".pdf")
    assert len(long) <= 120 and long.endswith(".pdf")


def test_writes_are_logged(project):
    row = project.write(workspace.new_question, title="Logged").row
    changes = project.read(repo.history, row_ids=[row.id])
    assert [c.op for c in changes] == ["insert"]
    assert all(isinstance(c, type(changes[0])) for c in changes) and Change.__tablename__ == "change"
