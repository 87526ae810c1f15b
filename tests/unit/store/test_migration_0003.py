"""Revision 0003 (merge bookkeeping): a project stored at revision 0002 upgrades with nothing lost."""

from __future__ import annotations

import shutil
import sqlite3

from desktop.store import repo, schema, search
from desktop.store.backup import verify_copy
from desktop.store.models import Archive, Note, Question, Request
from desktop.store.project import open_project
from tests.conftest import FIXTURES


def test_a_revision_0002_project_is_backed_up_and_upgraded(tmp_path, identity, paths):
    path = tmp_path / "old.quaestio"
    shutil.copyfile(FIXTURES / "rev0002.quaestio", path)
    old = sqlite3.connect(FIXTURES / "rev0002.quaestio")
    old_changes = old.execute("SELECT * FROM change ORDER BY replica_id, seq").fetchall()
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    assert "merge_record" not in {r[0] for r in old.execute("SELECT name FROM sqlite_master")}
    old.close()

    with open_project(path, identity, backups_dir=paths.backups_dir) as project:
        assert project.migrated_from == "0002"
        with project.session() as session:
            assert schema.current_revision(session.connection()) == schema.head_revision()
        (question,) = project.read(repo.list_rows, entity=Question)
        assert question.title == "Монгольские архивы о Халхин-Голе"
        assert question.tags == ["1939", "Улаанбаатар"]
        assert project.read(repo.list_rows, entity=Note)[0].title == "Үндэсний архив"
        assert project.read(repo.list_rows, entity=Request)[0].subject == "Khalkhin Gol files"
        assert project.read(repo.list_rows, entity=Archive)[0].language == "mn"
        assert [h.kind for h in project.read(search.search, query="Үндэсний")] == ["note"]
        project.write(repo.update, entity=Question, id=question.id, values={"priority": 1})

    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM merge_record").fetchone() == (0,)
    changes = con.execute("SELECT * FROM change ORDER BY replica_id, seq").fetchall()
    assert changes[: len(old_changes)] == old_changes  # the change log survives untouched
    con.close()

    (backup,) = paths.backups_dir.iterdir()
    assert "before-upgrade-from-0002" in backup.name
    verify_copy(backup)
    assert sqlite3.connect(backup).execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)


def test_0003_downgrades_and_upgrades_again(tmp_path):
    from desktop.store.engine import make_engine

    path = tmp_path / "fresh.db"
    sqlite3.connect(path).close()
    engine = make_engine(path)
    schema.upgrade(engine)
    from alembic import command

    with engine.begin() as connection:
        command.downgrade(schema._config(connection), "0002")
    con = sqlite3.connect(path)
    assert "merge_record" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    schema.upgrade(engine)
    con = sqlite3.connect(path)
    assert "merge_record" in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
