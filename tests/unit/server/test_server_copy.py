"""Move a project to a team server and back: lossless, refused where it would overwrite."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from desktop.store import repo, search
from desktop.store.errors import ProjectOpenError
from desktop.store.models import Note, Question, Request
from desktop.store.project import open_project
from desktop.store.server.copy import CopyError, compare_projects, copy_project
from tests.conftest import REPO


def test_the_demo_moves_to_a_server_and_back_and_compares_equal(demo_path, pg_database, identity, tmp_path):
    steps = []
    counts = copy_project(
        demo_path, pg_database, identity=identity, progress=lambda d, t, w: steps.append((d, t))
    )
    assert counts["question"] == 5 and counts["change"] > 100
    assert steps[-1][0] == steps[-1][1] == sum(counts.values())
    back = tmp_path / "back.quaestio"
    copy_project(pg_database, back, identity=identity)
    assert compare_projects(demo_path, pg_database, identity=identity) == []
    assert compare_projects(demo_path, back, identity=identity) == []
    # the copy is a working project on either side: search indexed, history and tombstones kept
    with open_project(pg_database, identity) as server, open_project(back, identity) as local:
        for project in (server, local):
            assert [h.kind for h in project.read(search.search, query="Komatsubara")]
            question = project.read(repo.list_rows, entity=Question)[0]
            assert project.read(repo.history, row_ids=[question.id])
            assert len(project.read(repo.list_rows, entity=Request)) == 18
    assert sqlite3.connect(back).execute("PRAGMA application_id").fetchone()[0] == 0x51554553


def test_an_edit_on_the_server_shows_up_in_the_comparison(demo_path, pg_database, identity):
    copy_project(demo_path, pg_database, identity=identity)
    with open_project(pg_database, identity) as server:
        note = server.read(repo.list_rows, entity=Note)[0]
        server.write(repo.update, entity=Note, id=note.id, values={"title": "Переписано"})
    differences = compare_projects(demo_path, pg_database, identity=identity)
    assert any(f"note {note.id}: title is" in line and "Переписано" in line for line in differences)
    assert any(f"note {note.id}: version is" in line for line in differences)


def test_a_non_empty_server_database_or_an_existing_file_is_never_overwritten(demo_path, pg_demo, identity):
    with pytest.raises(CopyError, match="already holds a project"):
        copy_project(demo_path, pg_demo, identity=identity)
    with pytest.raises(CopyError, match="already exists"):
        copy_project(pg_demo, demo_path, identity=identity)
    with pytest.raises(CopyError, match="same"):
        copy_project(demo_path, demo_path, identity=identity)


def test_a_failed_copy_leaves_an_empty_database_that_a_second_try_fills(demo_path, pg_database, identity):
    def cancel(done, total, what):
        if what == "note":
            raise KeyboardInterrupt("cancelled")

    with pytest.raises(KeyboardInterrupt):
        copy_project(demo_path, pg_database, identity=identity, progress=cancel)
    with pytest.raises(ProjectOpenError, match="Move project to team server"):
        open_project(pg_database, identity).close()  # schema there, but no project: still "empty"
    copy_project(demo_path, pg_database, identity=identity)
    assert compare_projects(demo_path, pg_database, identity=identity) == []


def test_quaestio_copy_and_compare_on_the_command_line(demo_path, pg_database, tmp_path):
    def quaestio(*args):
        return subprocess.run(
            [sys.executable, "-m", "desktop", *args], capture_output=True, text=True, cwd=REPO, timeout=120
        )

    url = pg_database.text()
    done = quaestio("copy", str(demo_path), url)
    assert done.returncode == 0 and "Copied" in done.stdout, done.stderr
    again = quaestio("copy", str(demo_path), url)
    assert (
        again.returncode == 2
        and "already holds a project" in again.stderr
        and "Traceback" not in again.stderr
    )
    back = tmp_path / "back.quaestio"
    assert quaestio("copy", url, str(back)).returncode == 0
    same = quaestio("compare", str(demo_path), str(back))
    assert same.returncode == 0 and "same records" in same.stdout
    listing = quaestio("list", "questions", url)
    assert listing.returncode == 0 and "Komatsubara" in listing.stdout, listing.stderr


def test_compare_two_servers_uses_each_ones_own_password(
    pg_server, pg_demo, pg_demo_template, isolated_home, monkeypatch, tmp_path
):
    """Two server addresses with different users and passwords (both in ~/.pgpass): each side is
    connected with its own (it got the first one's for both, and the second was refused)."""
    import os

    from tests.pg import PASSWORD

    user = f"bob_{os.getpid()}"
    pg_server.admin(f"CREATE ROLE {user} LOGIN SUPERUSER PASSWORD 'bobs-own-password'")
    other = pg_server.new_database(template=pg_demo_template)
    try:
        pgpass = isolated_home / ".pgpass"
        pgpass.write_text(
            f"127.0.0.1:{pg_server.port}:*:postgres:{PASSWORD}\n"
            f"127.0.0.1:{pg_server.port}:*:{user}:bobs-own-password\n"
        )
        os.chmod(pgpass, 0o600)
        a = pg_server.address(pg_demo.database, tcp=True)
        b = pg_server.address(other, tcp=True, user=user)
        env = {
            **os.environ,
            "PGPASSFILE": str(pgpass),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
        data = ["--data-dir", str(tmp_path / "data")]
        for first, second in ((a, b), (b, a)):
            done = subprocess.run(
                [sys.executable, "-m", "desktop", "compare", first.text(), second.text(), *data],
                capture_output=True,
                text=True,
                cwd=REPO,
                timeout=120,
                env=env,
            )
            assert done.returncode == 0 and "same records" in done.stdout, done.stderr
    finally:
        pg_server.drop_database(other)
        pg_server.admin(f"DROP ROLE {user}")
