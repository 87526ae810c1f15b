"""The window and the command line on one project at the same time.

Decision (documented in ARCHITECTURE.md): one Quaestio writes a project at a time. The window holds
the project's lock file; a write command from another process is refused at once with a message
naming the holder (user, host, process, since when) and what to do, and changes nothing. Readers
(`quaestio list`, `check`, `sqlite3`) are never refused and never see "database is locked" while the
window writes (WAL mode). A program outside Quaestio that holds SQLite's own lock is waited for up to
the busy timeout; after that the save fails with a readable message, the note stays unsaved in the
editor (nothing lost), and the next save stores it.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox

from desktop.store import engine as store_engine
from desktop.store import repo, workspace
from desktop.store.models import Question
from desktop.store.project import open_project
from tests.faults.conftest import REPO, rows
from tests.gui.workspace.conftest import open_window, select_question, type_text
from tests.unit.store.merging import BOB

pytestmark = pytest.mark.gui


def _quaestio(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _save_typing(qtbot, notes, text: str) -> None:
    notes.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(notes.editor, text)
    with qtbot.waitSignal(notes.saved, timeout=5000):
        notes.flush()


def test_a_write_command_is_refused_while_the_window_writes(qtbot, paths, demo_path, tmp_path) -> None:
    other = tmp_path / "copy from Bob.quaestio"
    other.write_bytes(demo_path.read_bytes())
    with open_project(other, BOB) as bob:  # Bob's copy has news, so the merge must write
        question = bob.read(repo.list_rows, entity=Question)[0]
        bob.write(workspace.new_note, question_id=question.id, title="Bob", body="Из ЦАМО")

    window = open_window(qtbot, paths, demo_path)
    select_question(window, "Q1")
    notes = window.workspace.notes
    merge = _quaestio("merge", str(demo_path), str(other), "--prefer", "theirs")
    typed = []
    while merge.poll() is None:  # the window keeps saving for as long as the command runs
        word = f" слово{len(typed)}"
        _save_typing(qtbot, notes, word)
        typed.append(word)
    out, err = merge.communicate()
    assert merge.returncode == 2, out + err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err  # one line, no traceback
    message = lines[0]
    assert "is open in another Quaestio" in message
    assert "Ana Historian" in message and f"process {os.getpid()}" in message  # names the holder
    assert "Close it there, or open the project read-only" in message  # and what to do
    assert "database is locked" not in err and "Traceback" not in err

    note_id = notes.note_id
    window.close()  # checkpoints and releases the lock
    (body,) = rows(demo_path, "SELECT body FROM note WHERE id = ?", note_id)[0]
    assert body.endswith("".join(typed))  # every save of the window is there
    assert not demo_path.with_name(demo_path.name + "-wal").exists()
    again = subprocess.run(
        [sys.executable, "-m", "desktop", "merge", str(demo_path), str(other), "--prefer", "theirs"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stdout + again.stderr  # and it works once the window is closed


def test_readers_never_see_a_locked_database_while_the_window_writes(qtbot, paths, demo_path) -> None:
    window = open_window(qtbot, paths, demo_path)
    select_question(window, "Q1")
    notes = window.workspace.notes
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom desktop.cli import main\n"
            "codes = [main(['list', 'questions', sys.argv[1]]) for _ in range(15)]\n"
            "codes += [main(['check', sys.argv[1]]) for _ in range(5)]\n"
            "sys.exit(max(codes))",
            str(demo_path),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    saves = 0
    while reader.poll() is None:
        _save_typing(qtbot, notes, f" {saves}")
        saves += 1
    out, err = reader.communicate()
    assert reader.returncode == 0, err
    assert "locked" not in err and "busy" not in err and "Traceback" not in err
    assert out.count("healthy") == 5
    assert saves > 0
    window.close()


def test_an_outside_program_holding_sqlite_lock(qtbot, paths, demo_path, monkeypatch) -> None:
    monkeypatch.setattr(store_engine, "BUSY_TIMEOUT_MS", 1000)  # the real one is 5 s
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a, **k: warnings.append(text))
    window = open_window(qtbot, paths, demo_path)
    select_question(window, "Q1")
    notes = window.workspace.notes

    outside = sqlite3.connect(demo_path, timeout=0)  # as `sqlite3` or a sync tool would
    outside.execute("BEGIN IMMEDIATE")  # holds the write lock longer than the busy timeout
    notes.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(notes.editor, " — Жуков, 1969")
    assert notes.flush() is False
    assert notes.dirty and notes.state.text() == "Not saved"
    assert len(warnings) == 1
    assert "is busy: another program kept it locked for more than 1 seconds" in warnings[0]
    assert "was not saved" in warnings[0] and "try again" in warnings[0]
    assert "database is locked" not in warnings[0]
    outside.rollback()
    outside.close()

    with qtbot.waitSignal(notes.saved, timeout=5000):
        assert notes.flush()  # the text was kept in the editor; the next save stores it
    note_id = notes.note_id
    window.close()
    (body,) = rows(demo_path, "SELECT body FROM note WHERE id = ?", note_id)[0]
    assert body.endswith(" — Жуков, 1969")
