"""Bad project files: each gets a clear message and is left byte-for-byte as it was."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.store import repo
from desktop.store.engine import APPLICATION_ID
from desktop.store.errors import NewerSchema, NotAProject, ProjectLocked, ProjectOpenError
from desktop.store.models import Question
from desktop.store.project import Identity, create_project, open_project
from tests.readonly import read_only


def _snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _open_fails(path: Path, identity: Identity, paths, error: type[Exception], message: str) -> None:
    before = _snapshot(path)
    siblings = sorted(p.name for p in path.parent.iterdir()) if path.parent.exists() else []
    with pytest.raises(error, match=message):
        open_project(path, identity, backups_dir=paths.backups_dir)
    assert _snapshot(path) == before, "a failed open must not modify the file"
    after = sorted(p.name for p in path.parent.iterdir()) if path.parent.exists() else []
    assert after == siblings, "a failed open must not leave files behind"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    return folder


def test_missing_path(folder, identity, paths):
    _open_fails(folder / "nowhere.quaestio", identity, paths, ProjectOpenError, "There is no file")


def test_a_directory(folder, identity, paths):
    (folder / "dir.quaestio").mkdir()
    _open_fails(folder / "dir.quaestio", identity, paths, ProjectOpenError, "is a folder")


def test_an_empty_file(folder, identity, paths):
    (folder / "empty.quaestio").write_bytes(b"")
    _open_fails(folder / "empty.quaestio", identity, paths, NotAProject, "is empty")


def test_a_text_file_named_quaestio(folder, identity, paths):
    (folder / "notes.quaestio").write_text("Komatsubara — 小松原道太郎\n", encoding="utf-8")
    _open_fails(folder / "notes.quaestio", identity, paths, NotAProject, "not an SQLite database")


def test_a_truncated_project(folder, identity, paths):
    path = folder / "whole.quaestio"
    with create_project(path, identity, title="Whole") as project:
        for n in range(50):
            project.write(repo.create, entity=Question, values={"title": f"Question {n}", "text": "x" * 500})
    data = path.read_bytes()
    cut = folder / "cut.quaestio"
    cut.write_bytes(data[: len(data) // 2])
    _open_fails(cut, identity, paths, ProjectOpenError, "truncated")


def test_an_sqlite_database_that_is_not_a_project(folder, identity, paths):
    path = folder / "zotero.quaestio"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT)")
    con.commit()
    con.close()
    _open_fails(path, identity, paths, NotAProject, "not a Quaestio project")


def _project_edited_with_sqlite3(path: Path, identity: Identity, sql: str) -> Path:
    """A project changed behind Quaestio's back, as a newer version or a user with sqlite3 would."""
    create_project(path, identity, title=path.stem).close()
    con = sqlite3.connect(path)
    con.execute(sql)
    con.commit()
    con.close()
    return path


def test_a_project_from_a_newer_schema(folder, identity, paths):
    path = _project_edited_with_sqlite3(
        folder / "future.quaestio", identity, "UPDATE alembic_version SET version_num = '9999'"
    )
    _open_fails(path, identity, paths, NewerSchema, "newer version of Quaestio")


def test_a_project_needing_a_newer_app(folder, identity, paths):
    path = _project_edited_with_sqlite3(
        folder / "needs.quaestio", identity, "UPDATE project SET min_app_version = '99.0'"
    )
    _open_fails(path, identity, paths, NewerSchema, "needs Quaestio 99.0")


def test_garbage_inside_a_project_is_reported_as_damage(folder, identity, paths):
    path = folder / "damaged.quaestio"
    create_project(path, identity, title="Damaged").close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # overwrite the schema page after the header
    path.write_bytes(bytes(data))
    _open_fails(path, identity, paths, ProjectOpenError, "damaged|malformed")


def test_a_read_only_file_opens_read_only_and_says_why(folder, identity, paths):
    path = folder / "ro.quaestio"
    create_project(path, identity, title="Read only").close()
    before = path.read_bytes()
    with read_only(path), open_project(path, identity, backups_dir=paths.backups_dir) as project:
        assert project.readonly and project.readonly_reason == "the file is read-only"
        assert project.title == "Read only"
        assert len(project.read(repo.list_rows, entity=Question)) == 0
    assert path.read_bytes() == before


def test_a_project_in_a_read_only_folder_opens_read_only(folder, identity, paths):
    path = folder / "shelf.quaestio"
    create_project(path, identity, title="On the shelf").close()
    before = path.read_bytes()
    with read_only(folder), open_project(path, identity, backups_dir=paths.backups_dir) as project:
        assert project.readonly and project.readonly_reason == "its folder is read-only"
        assert project.title == "On the shelf"
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["shelf.quaestio"]


def test_a_project_asked_read_only_opens_read_only(folder, identity, paths):
    path = folder / "asked.quaestio"
    create_project(path, identity, title="Asked").close()
    before = path.read_bytes()
    with open_project(path, identity, readonly=True) as project:
        assert project.readonly and project.readonly_reason == "opened read-only on request"
        assert project.title == "Asked"
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["asked.quaestio"]


HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desktop.store.project import Identity, open_project
    project = open_project(Path(sys.argv[1]), Identity("Boris Colleague", "r2"))
    print("holding", flush=True)
    sys.stdin.read()  # hold the project until the test closes our stdin
    project.close()
    """
)


def test_a_project_held_by_another_running_quaestio(folder, identity, paths):
    path = folder / "held.quaestio"
    create_project(path, identity, title="Held").close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        before = path.read_bytes()
        with pytest.raises(ProjectLocked, match="Boris Colleague") as info:
            open_project(path, identity, backups_dir=paths.backups_dir)
        assert f"process {holder.pid}" in info.value.holder
        assert path.read_bytes() == before
        with open_project(path, identity, readonly=True) as project:  # the offered way out
            assert project.title == "Held"
    finally:
        holder.communicate("")
    assert holder.returncode == 0
    with open_project(path, identity, backups_dir=paths.backups_dir) as project:  # released
        assert not project.readonly


def test_a_lock_left_by_a_killed_process_is_taken_over(folder, identity, paths):
    path = folder / "stale.quaestio"
    create_project(path, identity, title="Stale").close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    holder.kill()
    holder.wait()
    assert (folder / "stale.quaestio.lock").exists()
    with open_project(path, identity, backups_dir=paths.backups_dir) as project:
        assert not project.readonly and project.title == "Stale"
    assert not (folder / "stale.quaestio.lock").exists()


def test_new_projects_carry_the_quaestio_application_id(folder, identity):
    path = folder / "id.quaestio"
    create_project(path, identity, title="Id").close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("SELECT count(*) FROM legal_regime").fetchone()[0] == 6


def test_creating_over_an_existing_file_is_refused(folder, identity):
    path = folder / "exists.quaestio"
    path.write_text("precious", encoding="utf-8")
    with pytest.raises(Exception, match="already exists"):
        create_project(path, identity, title="Again")
    assert path.read_text(encoding="utf-8") == "precious"
