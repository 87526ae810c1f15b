"""Optimistic locking: an edit made on a stale copy of a row never overwrites someone's change.

Two people (A and B) load the same row at version 1 and both save. Same field: exactly one
StaleEdit, and the first save stays. Different fields: both are kept.
"""

from __future__ import annotations

import pytest

from desktop.store import repo
from desktop.store.errors import StaleEdit
from desktop.store.models import Question
from tests.unit.store.factories import make

pytestmark = pytest.mark.both_backends  # and on a team server (tests/conftest.py)


def test_two_edits_of_the_same_field_give_exactly_one_conflict_and_lose_nothing(project):
    question = make(project, Question, code="Q1", title="Who gave the order?")
    loaded = question.version
    project.write(
        repo.update, entity=Question, id=question.id, values={"title": "A's title"}, expected_version=loaded
    )
    with pytest.raises(StaleEdit) as caught:
        project.write(
            repo.update,
            entity=Question,
            id=question.id,
            values={"title": "B's title"},
            expected_version=loaded,
        )
    conflict = caught.value
    assert conflict.entity is Question and conflict.id == question.id
    assert conflict.mine == {"title": "B's title"}
    assert conflict.theirs.title == "A's title" and conflict.theirs.version == loaded + 1
    assert "title" in str(conflict) and "Ana Historian" in str(conflict)
    stored = project.read(repo.get, entity=Question, id=question.id)
    assert (stored.title, stored.version) == ("A's title", loaded + 1)
    # B decides to keep theirs after all: a save against the version shown in the dialog works
    project.write(
        repo.update,
        entity=Question,
        id=question.id,
        values={"title": "B's title"},
        expected_version=stored.version,
    )
    assert project.read(repo.get, entity=Question, id=question.id).title == "B's title"


def test_edits_of_different_fields_of_one_row_are_both_kept(project):
    question = make(project, Question, code="Q1", title="Old title", text="Old text")
    loaded = question.version
    project.write(
        repo.update, entity=Question, id=question.id, values={"title": "A's title"}, expected_version=loaded
    )
    written = project.write(
        repo.update, entity=Question, id=question.id, values={"text": "B's text"}, expected_version=loaded
    )
    assert (written.row.title, written.row.text, written.row.version) == ("A's title", "B's text", loaded + 2)
    fields = [c.field for c in project.read(repo.history, row_ids=[question.id]) if c.op == "update"]
    assert fields == ["title", "text"]


def test_a_stale_edit_that_repeats_the_stored_value_is_no_conflict(project):
    question = make(project, Question, code="Q1", title="Old")
    project.write(repo.update, entity=Question, id=question.id, values={"title": "Same"}, expected_version=1)
    written = project.write(
        repo.update, entity=Question, id=question.id, values={"title": "Same"}, expected_version=1
    )
    assert written.row.title == "Same" and not written.changes


def test_a_row_deleted_since_it_was_loaded_is_a_conflict(project):
    question = make(project, Question, code="Q1", title="Old")
    project.write(repo.soft_delete, entity=Question, id=question.id)
    project.write(repo.restore, entity=Question, id=question.id)
    with pytest.raises(StaleEdit):
        project.write(
            repo.update, entity=Question, id=question.id, values={"text": "new"}, expected_version=1
        )


def test_without_an_expected_version_edits_behave_as_before(project):
    question = make(project, Question, code="Q1", title="Old")
    project.write(repo.update, entity=Question, id=question.id, values={"title": "A"})
    assert project.write(repo.update, entity=Question, id=question.id, values={"title": "B"}).row.version == 3
