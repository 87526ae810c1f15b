"""Two-character words found through the index's vocabulary give exactly the hits of a scan."""

from __future__ import annotations

import random

from sqlalchemy import text

from desktop.store import search
from desktop.store.models import Archive, Note, Question
from desktop.store.project import open_project
from tests.unit.store.factories import make


def _rowids(project, where_params) -> set[int]:
    where, params = where_params

    def read(*, session):
        statement = text(f"SELECT s.rowid FROM search_index s WHERE {where}")
        return {row[0] for row in session.connection().execute(statement, params)}

    return project.read(read)


def _scan(project, word: str) -> set[int]:
    return _rowids(project, search.build_query(word))


def _vocabulary(project, word: str) -> set[int]:
    def built(*, session):
        return search.build_query(word, lambda pair: search.trigrams_starting(session, pair))

    return _rowids(project, project.read(built))


def _texts(project) -> list[str]:
    def read(*, session):
        rows = session.connection().execute(text("SELECT title, body FROM search_index"))
        return [part for row in rows for part in row]

    return project.read(read)


def test_every_two_character_word_of_the_project_is_found_exactly_as_by_a_scan(demo):
    question = make(demo, Question, code="Q90", title="戦史")  # the whole title: two characters
    make(
        demo, Note, question_id=question.id, title="末尾", body="Москва, 1939. 防衛研究所の戦史"
    )  # text-final
    make(demo, Note, question_id=question.id, title="Монгол 12", body="Халх гол 1939 он 戦")
    make(demo, Archive, identifier="JACAR", name="アジア歴史資料センター", city="東京", language="ja")
    pairs: set[str] = set()
    for value in _texts(demo):
        value = value.replace(search.TERMINATOR, "")
        pairs.update(value[n : n + 2] for n in range(len(value) - 1))
    caseless = sorted(  # what a user could type as one word of two characters without letter case
        p for p in pairs if p.lower() == p.upper() and p.split() == [p] and search.build_query(p) is not None
    )
    assert any("\u3040" <= p[0] <= "\u9fff" for p in caseless), "the demo has Japanese text"
    sample = random.Random(8).sample(caseless, min(300, len(caseless)))
    words = [*sample, "戦史", "末尾", "12", "戦争", "ーー", "９９"]  # the last ones occur nowhere
    for word in words:
        assert _vocabulary(demo, word) == _scan(demo, word), word
    assert _scan(demo, "戦史") and not _scan(demo, "戦争")
    # with other words, and end to end
    assert _vocabulary(demo, "戦史 防衛") == _scan(demo, "戦史 防衛")
    assert _vocabulary(demo, "戦史 研究所") == _scan(demo, "戦史 研究所")
    hits = demo.read(search.search, query="戦史", limit=10_000)
    assert {h.title for h in hits} >= {"Q90 戦史", "末尾"}
    assert all(search.TERMINATOR not in h.title + h.snippet for h in hits)


def test_a_read_only_project_finds_two_character_words_and_stays_unchanged(demo, identity):
    question = make(demo, Question, code="Q91", title="史料の戦史")
    path = demo.path
    demo.close()
    before = path.read_bytes()
    with open_project(path, identity, readonly=True) as project:
        hits = project.read(search.search, query="戦史")
        assert question.id in {h.question_id for h in hits}
    assert path.read_bytes() == before
