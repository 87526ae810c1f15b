"""The generic repository functions, on real project files."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.store import repo
from desktop.store.errors import InvalidValue, NotFound, ReadOnlyProject
from desktop.store.models import ENTITIES, ROW_TYPES, Archive, Change, Note, Project, Question, Request
from desktop.store.project import open_project
from tests.unit.store.factories import make, values_for

pytestmark = pytest.mark.both_backends  # and on a team server (tests/conftest.py)

CRUD_ENTITIES = [e for e in ENTITIES if e is not Project]


@pytest.mark.parametrize("entity", CRUD_ENTITIES, ids=lambda e: e.__name__)
def test_every_entity_round_trips_through_create_get_update_delete_restore(project, entity):
    created = project.write(repo.create, entity=entity, values=values_for(project, entity))
    row = created.row
    assert isinstance(row, ROW_TYPES[entity])
    assert row.created_by == "Ana Historian" and row.version == 1
    assert created.changes.touches(entity.__tablename__) and row.id in created.changes.row_ids

    fetched = project.read(repo.get, entity=entity, id=row.id)
    assert fetched == row
    assert row.id in {r.id for r in project.read(repo.list_rows, entity=entity)}

    field, value = _editable_field(entity, row)
    updated = project.write(repo.update, entity=entity, id=row.id, values={field: value})
    assert getattr(updated.row, field) == value and updated.row.version == 2

    project.write(repo.soft_delete, entity=entity, id=row.id)
    assert row.id not in {r.id for r in project.read(repo.list_rows, entity=entity)}
    assert row.id in {r.id for r in project.read(repo.list_rows, entity=entity, deleted=True)}
    with pytest.raises(NotFound):
        project.read(repo.get, entity=entity, id=row.id)

    project.write(repo.restore, entity=entity, id=row.id)
    assert project.read(repo.get, entity=entity, id=row.id).deleted_at is None

    ops = [c.op for c in project.read(repo.history, row_ids=[row.id])]
    assert ops == ["insert", "update", "delete", "restore"]


def _editable_field(entity, row):
    """A free-text field to edit (typed in Russian and Japanese), else a number."""
    for name in repo.content_fields(entity):
        free_text = name not in repo.ENUM_FIELDS.get(entity, {}) and name != repo.LANGUAGE_FIELDS.get(entity)
        if isinstance(getattr(row, name), str) and free_text and not name.endswith("_id") and name != "code":
            return name, "Исправлено 修正"
    return next((n, 7) for n in repo.content_fields(entity) if type(getattr(row, n)) is int)


def test_rows_are_frozen_copies(project):
    row = make(project, Question)
    with pytest.raises(ValueError):
        row.title = "changed"  # type: ignore[misc]


def test_update_records_old_and_new_value_per_field_with_author_and_replica(project):
    question = make(project, Question, title="Old title", status="open")
    project.write(
        repo.update, entity=Question, id=question.id, values={"title": "New", "status": "investigating"}
    )
    changes = [c for c in project.read(repo.history, row_ids=[question.id]) if c.op == "update"]
    assert {(c.field, json.loads(c.old_value), json.loads(c.new_value)) for c in changes} == {
        ("title", "Old title", "New"),
        ("status", "open", "investigating"),
    }
    assert {c.author for c in changes} == {"Ana Historian"}
    assert {c.replica_id for c in changes} == {project.identity.replica_id}
    seqs = [c.seq for c in project.read(repo.history, row_ids=[question.id])]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


def test_an_update_that_changes_nothing_writes_nothing(project):
    question = make(project, Question, title="Same")
    written = project.write(repo.update, entity=Question, id=question.id, values={"title": "Same"})
    assert not written.changes and written.row.version == 1
    assert [c.op for c in project.read(repo.history, row_ids=[question.id])] == ["insert"]


def test_subscribers_hear_about_writes(project):
    heard = []
    unsubscribe = project.subscribe(heard.append)
    question = make(project, Question)
    unsubscribe()
    make(project, Question)
    assert len(heard) == 1 and heard[0].touches("question") and question.id in heard[0].row_ids


@pytest.mark.parametrize(
    ("entity", "values", "message"),
    [
        (Question, {"status": "finished"}, "not a valid status"),
        (Question, {"colour": "red"}, "has no field colour"),
        (Archive, {"language": "fr"}, "not a supported letter language"),
        (Request, {"question_id": "missing", "archive_id": "missing"}, "does not exist"),
        (Request, {"sent_on": "26/11/2026"}, "write it as YYYY-MM-DD"),
    ],
)
def test_bad_values_are_refused_with_a_message_and_nothing_is_written(project, entity, values, message):
    before = project.read(repo.list_rows, entity=entity)
    base = {} if entity is Request and "question_id" in values else values_for(project, entity)
    with pytest.raises(InvalidValue, match=message):
        project.write(repo.create, entity=entity, values={**base, **values})
    assert project.read(repo.list_rows, entity=entity) == before


def test_request_status_cannot_be_edited_directly(project):
    request = make(project, Request)
    with pytest.raises(InvalidValue, match="status change"):
        project.write(repo.update, entity=Request, id=request.id, values={"status": "sent"})


def test_a_failed_batch_leaves_nothing_behind(project):
    question_count = len(project.read(repo.list_rows, entity=Question))
    with project.session() as session, pytest.raises(InvalidValue), repo.batch(session):
        repo.create(session=session, entity=Question, values={"title": "first"})
        repo.create(session=session, entity=Note, values={"question_id": "nope", "title": "x"})
    assert len(project.read(repo.list_rows, entity=Question)) == question_count
    with project.session() as session:
        assert not session.exec(
            __import__("sqlmodel").select(Change).where(Change.table_name == "note")
        ).all()


def test_read_only_projects_refuse_writes(tmp_path, identity):
    path = tmp_path / "ro.quaestio"
    from desktop.store.project import create_project

    create_project(path, identity, title="RO").close()
    before = path.read_bytes()
    with open_project(path, identity, readonly=True) as project:
        assert project.readonly
        with pytest.raises(ReadOnlyProject, match="read-only"):
            project.write(repo.create, entity=Question, values={"title": "x"})
    assert path.read_bytes() == before


def test_a_closed_project_is_one_self_contained_file(tmp_path, identity):
    from desktop.store.project import create_project

    (tmp_path / "alone").mkdir()
    path = tmp_path / "alone" / "p.quaestio"
    with create_project(path, identity, title="Single file") as project:
        make(project, Question, title="Anything")
    assert sorted(p.name for p in path.parent.iterdir()) == ["p.quaestio"]
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("SELECT title FROM question").fetchall() == [("Anything",)]


def test_seeded_rows_have_the_same_ids_in_separately_created_projects(tmp_path, identity):
    from desktop.store.models import LegalRegime, LetterTemplate
    from desktop.store.project import create_project

    ids = []
    for name in ("a", "b"):
        with create_project(tmp_path / f"{name}.quaestio", identity, title=name) as created:
            ids.append(
                {
                    r.id
                    for entity in (LegalRegime, LetterTemplate)
                    for r in created.read(repo.list_rows, entity=entity)
                }
            )
    assert ids[0] == ids[1] and len(ids[0]) >= 6 + 32
