"""Search on a team server: the parts PostgreSQL adds (the shared cases are in test_search.py)."""

from __future__ import annotations

import psycopg
import pytest

from desktop.store import repo, search
from desktop.store.models import Archive, Note, Question
from desktop.store.project import open_project
from tests.unit.store.factories import make


@pytest.fixture
def server(pg_project, identity):
    with open_project(pg_project, identity) as project:
        question = make(project, Question, code="Q1", title="Komatsubara and the maps")
        make(project, Note, question_id=question.id, title="戦史叢書", body="防衛研究所の戦史によれば")
        make(
            project,
            Archive,
            identifier="NIDS",
            name="NIDS",
            name_original="防衛研究所戦史研究センター",
            city="東京",
        )
        yield project


@pytest.mark.parametrize("query", ["00\x00", "\ud800戦史", "\x00", "a\u200bb", "戦史 '; DROP TABLE note; --"])
def test_characters_postgresql_cannot_store_never_raise(server, query):
    assert isinstance(server.read(search.search, query=query), list)
    assert server.read(repo.list_rows, entity=Note)


def test_two_character_japanese_finds_every_row_holding_it_and_ranks_the_better_match_first(server):
    hits = server.read(search.search, query="戦史")
    assert sorted(h.kind for h in hits) == ["archive", "note"]
    assert all("戦史" in h.title + h.snippet for h in hits)
    ranked = server.read(search.search, query="maps Komatsubara")
    assert [h.kind for h in ranked] == ["question"] and ranked[0].question_id


def test_the_trigram_and_full_text_indexes_are_there_and_used_by_the_planner(server, pg_server, pg_project):
    indexes = {row[0] for row in pg_server.admin("SELECT indexname FROM pg_indexes", pg_project.database)}
    assert {"ix_search_index_doc", "ix_search_index_tsv"} <= indexes
    with psycopg.connect(
        host=str(pg_server.socket_dir), port=pg_server.port, user="postgres", dbname=pg_project.database
    ) as con:
        con.execute("SET enable_seqscan = off")  # a tiny table: make the planner show what it can use
        rows = con.execute("EXPLAIN SELECT * FROM search_index WHERE doc ILIKE '%Komatsubara%'").fetchall()
    plan = "\n".join(row[0] for row in rows)
    assert "ix_search_index_doc" in plan
