"""Bad files beyond the foundation's (tests/unit/store/test_opening.py covers: missing, folder,
empty, not SQLite, truncated, foreign SQLite, newer schema, newer app, damage, read-only file and
folder, locked, stale lock). Here: what a killed session leaves (WAL, hot journal), a lost WAL, a
full disk (a real 2 MB tmpfs), a read-only folder with leftovers, and backup folders that cannot be
written. Each: a clear message saying what is wrong and what to do, and the project as it was.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from desktop.store import merge, repo, workspace
from desktop.store.backup import BackupError, backup_project
from desktop.store.errors import DiskFull, ProjectOpenError, QuaestioError
from desktop.store.models import Note, Question
from desktop.store.project import Identity, open_project
from tests.faults.conftest import FIXTURES, child, cli_check, logical_dump, rows
from tests.readonly import read_only


def _killed_writer(path: Path, saves: int = 15) -> dict[str, str]:
    """Run the crash harness's writer, SIGKILL it after `saves` saves; the notes it logged."""
    import os

    proc = child("-m", "tests.faults.note_writer", str(path), "7")
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip() == "OPEN", proc.stderr.read()
    saved: dict[str, str] = {}
    while len(saved) < saves:
        words = proc.stdout.readline().split()
        if words[:1] == ["SAVED"]:
            saved[words[1]] = words[2]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    return saved


def _note_ids(project) -> set[str]:
    return {n.id for n in project.read(repo.list_rows, entity=Note)}


def test_a_leftover_wal_from_a_killed_session_is_recovered(one_question_project, writer, paths) -> None:
    path = one_question_project
    saved = _killed_writer(path)
    wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
    assert wal.exists() and wal.stat().st_size > 0  # the notes are in the WAL, not yet in the file

    with open_project(path, writer, readonly=True) as project:  # reading it changes nothing
        assert set(saved) <= _note_ids(project)
    code, output = cli_check(path)
    assert code == 0 and "healthy" in output, output
    shm.unlink()  # only the file and its WAL (as someone might copy them): still recovered
    with open_project(path, writer, backups_dir=paths.backups_dir) as project:
        assert set(saved) <= _note_ids(project)
    assert not wal.exists() and not shm.exists()  # closed: one self-contained file again
    assert set(saved) <= {r[0] for r in rows(path, "SELECT id FROM note")}


def test_a_missing_wal_opens_as_of_the_last_checkpoint(one_question_project, writer, paths) -> None:
    path = one_question_project
    _killed_writer(path)
    path.with_name(path.name + "-wal").unlink()  # lost: only the file was copied while open
    path.with_name(path.name + "-shm").unlink()
    code, output = cli_check(path)
    assert code == 0 and "healthy" in output, output
    with open_project(path, writer, backups_dir=paths.backups_dir) as project:
        assert project.read(repo.list_rows, entity=Question)  # what the file itself holds is there
        project.write(workspace.new_question, title="Still writable")


def test_leftovers_in_a_read_only_folder(one_question_project, writer, tmp_path) -> None:
    _killed_writer(one_question_project)
    folder = tmp_path / "read-only"
    folder.mkdir()
    for name in ("-wal", "-shm", ""):
        source = one_question_project.with_name(one_question_project.name + name)
        shutil.copyfile(source, folder / source.name)
    path = folder / one_question_project.name
    expected = logical_dump(path)
    with read_only(folder):  # with its -shm index beside it, a read-only open sees everything
        with open_project(path, writer) as project:
            assert project.readonly and "folder is read-only" in project.readonly_reason
        (folder / (path.name + "-shm")).chmod(0o644)
    (folder / (path.name + "-shm")).unlink()
    before = path.read_bytes(), (folder / (path.name + "-wal")).read_bytes()
    with read_only(folder), pytest.raises(ProjectOpenError) as failure:
        open_project(path, writer)
    message = str(failure.value)
    assert "was not closed properly" in message and "folder is read-only" in message
    assert f"Copy {path.name} together with {path.name}-wal" in message and "folder you can write" in message
    assert "damaged" not in message and "unable to open" not in message  # before the fix: both
    assert (path.read_bytes(), (folder / (path.name + "-wal")).read_bytes()) == before
    copy = tmp_path / "writable" / path.name  # doing what the message says works
    copy.parent.mkdir()
    shutil.copyfile(path, copy)
    shutil.copyfile(folder / (path.name + "-wal"), copy.with_name(copy.name + "-wal"))
    assert logical_dump(copy) == expected


def test_an_interrupted_upgrade_is_rolled_back_on_opening(tmp_path, writer, paths) -> None:
    """A kill inside the upgrade's transaction leaves a hot -journal. Before the fix every read-only
    open failed with "attempt to write a readonly database", reported as a damaged file."""
    path = tmp_path / "old.quaestio"
    shutil.copyfile(FIXTURES / "rev0001.quaestio", path)
    expected = logical_dump(path)
    journal = path.with_name(path.name + "-journal")
    proc = child(
        "-c",
        "import sys, os, signal\n"
        "from pathlib import Path\n"
        "from sqlalchemy import event\n"
        "from desktop.store import schema\n"
        "from desktop.store.engine import make_engine\n"
        "engine = make_engine(Path(sys.argv[1]))\n"
        "@event.listens_for(engine, 'connect')\n"
        "def small_cache(con, record):\n"  # pages spill to the file early: the journal is hot
        "    con.execute('PRAGMA cache_size = 1')\n"
        "@event.listens_for(engine, 'before_cursor_execute')\n"
        "def stop(conn, cursor, statement, *args):\n"
        "    if 'SET version = version' in statement:\n"  # revision 0002 filling the search index
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "schema.upgrade(engine)\n",
        str(path),
    )
    assert proc.wait() == -signal.SIGKILL
    assert journal.read_bytes()[:8] == bytes.fromhex("d9d505f920a163d7")  # a hot journal
    with read_only(path.parent), pytest.raises(ProjectOpenError) as failure:
        open_project(path, writer, readonly=True)
    assert "unfinished change must be rolled back" in str(failure.value)
    assert "folder you can write to" in str(failure.value)
    code, output = cli_check(path)  # a writable folder: the first reader rolls it back
    assert code == 0 and "healthy" in output and "will be upgraded" in output, output
    assert logical_dump(path) == expected
    with open_project(path, writer, backups_dir=paths.backups_dir) as project:
        assert project.read(repo.list_rows, entity=Question)


def test_a_full_disk(small_disk, empty_template, writer, paths) -> None:
    path = small_disk.root / "on a small disk.quaestio"
    shutil.copyfile(empty_template, path)
    with open_project(path, writer, backups_dir=paths.backups_dir) as project:
        question = project.write(workspace.new_question, title="Before the disk filled up").row
        note = project.write(workspace.new_note, question_id=question.id, title="n", body="Архив").row
        before = logical_dump(path)
        filler = small_disk.fill(leave=16 * 1024)
        for body in ("Ж" * 10, "Ж" * 100_000):
            with pytest.raises(DiskFull) as failure:
                project.write(workspace.save_note, note_id=note.id, title="n", body=body)
            message = str(failure.value)
            assert f"The disk holding {path.name} is full" in message
            assert "was not saved and the project is as it was" in message and "Free some space" in message
        with pytest.raises(BackupError, match="The disk is full: free some space"):
            backup_project(path, small_disk.root / "backups", "now")
        assert logical_dump(path) == before  # logically identical (the WAL may hold dead frames)
        assert not list((small_disk.root / "backups").glob("*.partial"))
        filler.unlink()  # space again: the same save goes through
        project.write(workspace.save_note, note_id=note.id, title="n", body="Ж" * 100_000)
    code, output = cli_check(path)
    assert code == 0 and "healthy" in output, output
    assert rows(path, "SELECT length(body) FROM note WHERE id = ?", note.id) == [(100_000,)]


def test_opening_on_a_full_disk(small_disk, empty_template, writer, paths) -> None:
    path = small_disk.root / "full.quaestio"
    shutil.copyfile(empty_template, path)
    small_disk.fill(leave=0)
    before = path.read_bytes()
    # it cannot even start its WAL: opening for writing is refused with a message offering
    # read-only (ARCHITECTURE.md, reliability suite), never a raw error or a half-opened project
    with pytest.raises(ProjectOpenError) as refused:
        open_project(path, writer, backups_dir=paths.backups_dir)
    message = str(refused.value)
    assert f"{path.name} cannot be opened for writing: the disk holding it is full" in message
    assert "Free some space" in message and "open the project read-only" in message
    assert path.read_bytes() == before  # not a byte changed
    with open_project(path, writer, readonly=True) as project:  # and read-only works
        assert project.readonly
        assert project.read(repo.list_rows, entity=Question) == []
    assert path.read_bytes() == before
    assert logical_dump(path) == logical_dump_of_bytes(before, path.parent.parent)


def logical_dump_of_bytes(data: bytes, folder: Path) -> list[str]:
    copy = folder / "reference.quaestio"
    copy.write_bytes(data)
    return logical_dump(copy)


def test_backup_folders_that_cannot_be_written(one_question_project, writer, tmp_path) -> None:
    path = one_question_project
    backups = tmp_path / "backups"
    backups.mkdir()
    theirs = tmp_path / "from Bob.quaestio"
    shutil.copyfile(path, theirs)
    with open_project(theirs, Identity("Bob", "bbbbbbbb-0000-4000-8000-00000000000b")) as bob:
        question = bob.read(repo.list_rows, entity=Question)[0]
        bob.write(workspace.new_note, question_id=question.id, title="Bob", body="ЦАМО, ф. 32113")
    old = tmp_path / "old.quaestio"
    shutil.copyfile(FIXTURES / "rev0001.quaestio", old)
    what_to_do = "That folder cannot be written to: make it writable, or choose another folder."

    with read_only(backups):
        with pytest.raises(BackupError) as failure:
            backup_project(path, backups, "now")
        assert f"Could not write a copy of {path.name} to {backups}" in str(failure.value)
        assert what_to_do in str(failure.value)  # before the fix: "unable to open database file."

        with open_project(path, writer) as project:  # a merge backs up first: refused, nothing merged
            before = logical_dump(path)
            with pytest.raises(BackupError, match=what_to_do):
                merge.merge_file(project, theirs, backups_dir=backups, prefer="theirs")
            assert logical_dump(path) == before

        old_bytes = old.read_bytes()  # an upgrade backs up first: refused, the old file as it was
        with pytest.raises(BackupError, match=what_to_do):
            open_project(old, writer, backups_dir=backups)
        assert old.read_bytes() == old_bytes
        assert not old.with_name(old.name + ".lock").exists()
    assert list(backups.iterdir()) == []


def test_quaestio_check_refuses_a_non_project_in_one_line(tmp_path) -> None:
    text = tmp_path / "notes.quaestio"
    text.write_text("not a project", encoding="utf-8")
    code, output = cli_check(text)
    assert code == 2 and "is not a Quaestio project" in output and "Traceback" not in output
    assert text.read_text(encoding="utf-8") == "not a project"


def test_a_lone_surrogate_is_refused_with_a_message(one_question_project, writer) -> None:
    """Qt can hand over a lone surrogate (half of a pair from broken UTF-16); SQLite cannot store
    one. Before the fix the save failed with a raw UnicodeEncodeError."""
    with open_project(one_question_project, writer) as project:
        question = project.read(repo.list_rows, entity=Question)[0]
        note = project.write(workspace.new_note, question_id=question.id, title="n", body="ok").row
        with pytest.raises(QuaestioError) as failure:
            project.write(workspace.save_note, note_id=note.id, title="n", body="Жуков \ud83d 1939")
        assert "broken character" in str(failure.value) and "position 6" in str(failure.value)
        assert "was not saved" in str(failure.value)
        assert project.read(repo.get, entity=Note, id=note.id).body == "ok"
