"""Full-text search: Latin, Cyrillic, short Japanese, and hostile input."""

from __future__ import annotations

import pytest

from desktop.store import repo, search
from desktop.store.models import Archive, Note, Question
from tests.unit.store.factories import make

pytestmark = pytest.mark.both_backends  # and on a team server (tests/conftest.py)


@pytest.fixture
def filled(project):
    question = make(project, Question, code="Q2", title="Was Komatsubara compromised?")
    make(
        project, Note, question_id=question.id, title="Kirichenko", body="Это противоречит простейшей логике"
    )
    make(
        project,
        Archive,
        identifier="NIDS",
        name="NIDS Center for Military History",
        name_original="防衛省防衛研究所戦史研究センター",
        city="Tokyo",
        language="ja",
    )
    return project, question


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("komatsubara", "question"),  # case-insensitive
        ("противоречит", "note"),
        ("ЛОГИКЕ", "note"),  # Cyrillic case folding
        ("戦史", "archive"),  # two characters: below the trigram size
        ("研究所戦史", "archive"),
        ("Military Tokyo", "archive"),  # all words must match
    ],
)
def test_queries_find_what_they_should(filled, query, kind):
    project, question = filled
    hits = project.read(search.search, query=query)
    assert [h.kind for h in hits] == [kind]
    if kind in {"question", "note"}:
        assert hits[0].question_id == question.id


@pytest.mark.parametrize(
    "query", ['"', "*", "AND (", 'NEAR("a" "b")', "-", "'", "%", "_", "\\", "a OR", "^", "()"]
)
def test_hostile_queries_never_raise(filled, query):
    project, _ = filled
    assert isinstance(project.read(search.search, query=query), list)


def test_soft_deleted_rows_leave_the_index_and_come_back(filled):
    project, question = filled
    project.write(repo.soft_delete, entity=Question, id=question.id)
    assert project.read(search.search, query="Komatsubara") == []
    project.write(repo.restore, entity=Question, id=question.id)
    assert len(project.read(search.search, query="Komatsubara")) == 1


def test_edits_are_indexed_at_once_and_rebuild_gives_the_same_index(filled):
    project, question = filled
    project.write(repo.update, entity=Question, id=question.id, values={"title": "Bogdanov and the maps"})
    assert project.read(search.search, query="Komatsubara") == []
    assert len(project.read(search.search, query="bogdanov")) == 1
    before = {(h.kind, h.row_id) for h in project.read(search.search, query="the")}
    with project.session() as session:
        assert search.rebuild_index(session=session) == 3
    assert {(h.kind, h.row_id) for h in project.read(search.search, query="the")} == before


def test_hits_know_their_question_and_request_and_trashed_questions_hide_their_parts(project):
    from desktop.store.models import Communication, QuestionSource, Request, Source

    question = make(project, Question, code="Q3", title="Who gave the order?")
    request = make(project, Request, question_id=question.id, subject="Запрос о приказе")
    letter = make(project, Communication, request_id=request.id, subject="Ответ", body="Приказ не найден")
    source = make(project, Source, citation="Coox, Nomonhan")
    make(project, QuestionSource, question_id=question.id, source_id=source.id)

    (hit,) = project.read(search.search, query="найден")
    assert (hit.kind, hit.row_id, hit.request_id, hit.question_id) == (
        "communication",
        letter.id,
        request.id,
        question.id,
    )
    assert hit.kind_label == "Letter" and "Приказ не найден" in hit.snippet
    (hit,) = project.read(search.search, query="Nomonhan")
    assert hit.kind == "source" and hit.question_id == question.id

    project.write(repo.soft_delete, entity=Question, id=question.id)
    assert project.read(search.search, query="найден") == []
    assert project.read(search.search, query="Nomonhan")[0].question_id is None  # the source stays findable


def test_a_two_character_query_shows_the_text_around_its_match(project):
    long_body = "Начало. " * 20 + "Документы 戦史 лежат здесь." + " Конец." * 20
    question = make(project, Question, code="Q4", title="Where?")
    make(project, Note, question_id=question.id, title="Long note", body=long_body)
    (hit,) = project.read(search.search, query="戦史")
    assert "戦史" in hit.snippet and len(hit.snippet) < 60


def test_a_very_common_word_lists_the_newest_hits_and_short_words_use_no_wildcards(project, monkeypatch):
    question = make(project, Question, code="Q5", title="Where?")
    notes = [
        make(project, Note, question_id=question.id, title=f"Note {n}", body="maps 50%") for n in range(3)
    ]
    monkeypatch.setattr(search, "RANK_AT_MOST", 2)
    hits = project.read(search.search, query="maps", limit=2)
    assert {h.row_id for h in hits} == {notes[2].id, notes[1].id}  # the newest two
    assert [h.row_id for h in project.read(search.search, query="%")] != []  # a literal percent sign
    assert project.read(search.search, query="_") == []
