"""Opening a project on a team server: the happy path, and every refusal with its message."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from desktop.store import repo, schema
from desktop.store.errors import NewerSchema, NotAProject, ProjectOpenError, ServerUnavailable
from desktop.store.models import Project as ProjectTable
from desktop.store.models import Question
from desktop.store.project import open_project
from desktop.store.server.address import ServerAddress
from desktop.store.server.connection import make_server_engine
from desktop.store.server.project import ServerProject, open_server_project
from tests.pg import PASSWORD


def test_a_server_project_opens_from_its_url_and_reads_and_writes(pg_project, identity):
    with open_project(pg_project.text(), identity) as project:
        assert isinstance(project, ServerProject) and project.server == pg_project
        assert project.display_name == pg_project.display() and not project.readonly
        assert not project.path.exists() or project.path.is_dir()  # a local folder, never a database
        assert project.title == "Test project"
        written = project.write(repo.create, entity=Question, values={"code": "Q1", "title": "Где приказ?"})
    with open_project(pg_project, identity) as again:
        assert again.read(repo.get, entity=Question, id=written.row.id).title == "Где приказ?"


def test_an_empty_database_is_refused_and_points_to_move_project(pg_database, identity):
    with pytest.raises(ProjectOpenError, match="Move project to team server"):
        open_project(pg_database, identity)


def test_a_database_of_something_else_is_refused(pg_server, pg_database, identity):
    pg_server.admin("CREATE TABLE invoices (id int)", pg_database.database)
    with pytest.raises(NotAProject, match="other tables"):
        open_project(pg_database, identity)


def test_a_schema_newer_than_this_quaestio_is_refused_and_left_alone(pg_server, pg_project, identity):
    pg_server.admin("UPDATE alembic_version SET version_num = '9999'", pg_project.database)
    with pytest.raises(NewerSchema, match="made by a newer Quaestio"):
        open_project(pg_project, identity)
    assert pg_server.admin("SELECT version_num FROM alembic_version", pg_project.database) == [("9999",)]


def test_a_project_needing_a_newer_quaestio_is_refused(pg_server, pg_project, identity):
    pg_server.admin("UPDATE project SET min_app_version = '99.0'", pg_project.database)
    with pytest.raises(NewerSchema, match=r"needs Quaestio 99\.0"):
        open_project(pg_project, identity)


def _columns(pg_server, database):
    return (
        pg_server.admin(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY 1, 2",
            database,
        )
        + pg_server.admin(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2",
            database,
        )
        + pg_server.admin(
            "SELECT event_object_table, trigger_name, action_timing, event_manipulation "
            "FROM information_schema.triggers ORDER BY 1, 2, 4",
            database,
        )
    )


def test_the_same_migrations_build_the_server_schema_step_by_step_or_at_once(pg_server, identity):
    stepwise, direct = pg_server.new_database(), pg_server.new_database()
    engines = [
        make_server_engine(pg_server.address(name), password=None, author="t", replica_id="r")
        for name in (stepwise, direct)
    ]
    for revision in schema.known_revisions():
        schema.upgrade(engines[0], revision)
    schema.upgrade(engines[1])
    for engine in engines:
        engine.dispose()
    assert _columns(pg_server, stepwise) == _columns(pg_server, direct)
    assert any(row[1] == "ix_search_index_doc" for row in _columns(pg_server, direct))


def test_an_older_server_schema_is_upgraded_on_open(pg_server, identity):
    name = pg_server.new_database()
    engine = make_server_engine(pg_server.address(name), password=None, author="t", replica_id="r")
    schema.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO question (id, created_at, updated_at, created_by, updated_by, version, code, "
                "title, text, background, status, priority, tags, answer_summary) VALUES ('q1', now(), "
                "now(), '', '', 1, 'Q1', '辻政信の戦史', '', '', 'open', 2, '[]', '')"
            )
        )
    engine.dispose()
    with open_server_project(pg_server.address(name), identity, create=True) as project:
        with project.session() as session:
            assert schema.current_revision(session.connection()) == schema.head_revision()
        from desktop.store import search

        assert [h.row_id for h in project.read(search.search, query="戦史")] == ["q1"]


# --- connection problems: each gets a message that says what to do -------------------------------


def test_a_wrong_password_is_reported_as_such(pg_server, pg_project, identity):
    address = pg_server.address(pg_project.database, tcp=True)
    with pytest.raises(ServerUnavailable, match="refused the password for postgres"):
        open_project(address, identity, password="wrong")
    with open_project(address, identity, password=PASSWORD) as project:
        assert project.read(repo.list_rows, entity=ProjectTable)[0].title == "Test project"


def test_without_a_password_libpq_reads_pgpass(pg_server, pg_project, identity, isolated_home, monkeypatch):
    address = pg_server.address(pg_project.database, tcp=True)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    pgpass = isolated_home / ".pgpass"
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    pgpass.write_text("")
    with pytest.raises(ServerUnavailable, match="asks for a password"):
        open_project(address, identity)
    pgpass.write_text(f"127.0.0.1:{pg_server.port}:*:postgres:{PASSWORD}\n")
    os.chmod(pgpass, 0o600)
    with open_project(address, identity) as project:
        assert project.title == "Test project"


def test_a_server_that_is_not_running_is_reported(identity, pg_server):
    address = ServerAddress(host="127.0.0.1", port=1, database="x", user="ana", sslmode="disable")
    with pytest.raises(ServerUnavailable, match=r"Cannot reach the team server 127\.0\.0\.1:1"):
        open_project(address, identity)


def test_a_missing_database_is_reported(pg_server, identity):
    with pytest.raises(ServerUnavailable, match="has no database 'nowhere'"):
        open_project(pg_server.address("nowhere"), identity)


def test_tls_refused_by_the_server_is_reported(pg_server, pg_project, identity):
    address = pg_server.address(pg_project.database, tcp=True)
    address = ServerAddress(
        host=address.host, port=address.port, database=address.database, user="postgres", sslmode="require"
    )
    with pytest.raises(ServerUnavailable, match="secure connection \\(TLS\\)"):
        open_project(address, identity, password=PASSWORD)


def test_file_only_work_is_refused_on_a_server_project_with_a_message(pg_demo, identity, paths, demo_path):
    from desktop.store import merge
    from desktop.store.errors import QuaestioError

    with open_project(pg_demo, identity) as project:
        with pytest.raises(QuaestioError, match="Save a local copy"), merge.prepared(project, demo_path):
            pass
        with pytest.raises(QuaestioError, match="Undo merge works on project files"):
            merge.undo_last_merge(project, backups_dir=paths.backups_dir)


def test_a_value_the_server_cannot_store_gets_a_message_and_nothing_is_saved(pg_project, identity):
    from desktop.store.errors import InvalidValue

    with open_project(pg_project, identity) as project:
        with pytest.raises(InvalidValue, match="NUL character"):
            project.write(repo.create, entity=Question, values={"code": "Q1", "title": "pasted\x00text"})
        assert project.read(repo.list_rows, entity=Question) == []
        project.write(repo.create, entity=Question, values={"code": "Q1", "title": "pasted text"})
