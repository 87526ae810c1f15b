"""Schema migrations: from the first revision, and from a file stored by an older Quaestio."""

from __future__ import annotations

import shutil
import sqlite3

from desktop.store import repo, schema, search
from desktop.store.backup import verify_copy
from desktop.store.engine import APPLICATION_ID, make_engine
from desktop.store.models import Archive, Question
from desktop.store.project import open_project
from tests.conftest import FIXTURES


def test_the_shipped_revisions_form_one_line_from_0001_to_head():
    revisions = schema.known_revisions()
    assert revisions[0] == "0001" and revisions[-1] == schema.head_revision()
    assert len(revisions) == len(set(revisions))


def test_upgrading_an_empty_file_step_by_step_matches_a_direct_upgrade(tmp_path):
    def tables(path):
        con = sqlite3.connect(path)
        return sorted(con.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))

    stepwise, direct = tmp_path / "stepwise.db", tmp_path / "direct.db"
    for path in (stepwise, direct):
        sqlite3.connect(path).close()
    for revision in schema.known_revisions():
        schema.upgrade(make_engine(stepwise), revision)
    schema.upgrade(make_engine(direct))
    assert tables(stepwise) == tables(direct)


def test_an_older_project_is_backed_up_then_upgraded_with_nothing_lost(tmp_path, identity, paths):
    path = tmp_path / "old.quaestio"
    shutil.copyfile(FIXTURES / "rev0001.quaestio", path)
    original = path.read_bytes()

    with open_project(path, identity, backups_dir=paths.backups_dir) as project:
        assert project.migrated_from == "0001"
        with project.session() as session:
            assert schema.current_revision(session.connection()) == schema.head_revision()
        (question,) = project.read(repo.list_rows, entity=Question)
        assert question.title == "辻政信とジューコフの会談" and question.tags == ["1955"]
        # the search index of 0002 covers what the old file already held
        hits = project.read(search.search, query="戦史")
        assert [h.kind for h in hits] == ["archive"]
        assert project.read(repo.list_rows, entity=Archive)[0].name in hits[0].title

    (backup,) = paths.backups_dir.iterdir()
    assert "before-upgrade-from-0001" in backup.name
    verify_copy(backup)
    con = sqlite3.connect(backup)
    (tmp_path / "original.quaestio").write_bytes(original)
    old = sqlite3.connect(tmp_path / "original.quaestio")
    for table in ("question", "note", "archive", "change"):
        query = f"SELECT * FROM {table} ORDER BY id"
        assert con.execute(query).fetchall() == old.execute(query).fetchall()
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_an_older_project_opened_read_only_is_shown_upgraded_and_left_as_it_was(tmp_path, identity):
    path = tmp_path / "old.quaestio"
    shutil.copyfile(FIXTURES / "rev0001.quaestio", path)
    original = path.read_bytes()
    with open_project(path, identity, readonly=True) as project:
        assert project.readonly and "upgraded from schema 0001" in project.readonly_reason
        (question,) = project.read(repo.list_rows, entity=Question)
        assert question.title == "辻政信とジューコフの会談"
        assert [h.kind for h in project.read(search.search, query="戦史")] == ["archive"]
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["old.quaestio"]
