"""`quaestio share`, `merge`, `backup`, `backups`, `restore` and `history`, run as a user runs them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from desktop.store import repo
from desktop.store.models import Question
from desktop.store.project import open_project
from tests.cli.test_cli import assert_one_line_error, quaestio
from tests.unit.store.merging import ANA, BOB, content_of, two_copies


def _edit_title(path: Path, identity, code: str, title: str) -> None:
    with open_project(path, identity) as p:
        question = next(q for q in p.read(repo.list_rows, entity=Question) if q.code == code)
        p.write(repo.update, entity=Question, id=question.id, values={"title": title})


def test_share_then_merge_with_and_without_a_preference(tmp_path, demo_template):
    mine, theirs = two_copies(demo_template, tmp_path)
    _edit_title(mine, ANA, "Q1", "Ana's title")
    _edit_title(theirs, BOB, "Q1", "Bob's title")
    _edit_title(theirs, BOB, "Q2", "Bob's other title")
    sent = tmp_path / "mail" / "from Bob.quaestio"
    shared = quaestio("share", str(theirs), str(sent))
    assert shared.returncode == 0, shared.stderr
    assert "Shared a checked copy" in shared.stdout and sent.is_file()

    before = mine.read_bytes()
    stopped = quaestio("merge", str(mine), str(sent), "--report", str(tmp_path / "conflicts.md"))
    assert stopped.returncode == 1, stopped.stderr
    assert "Title: mine “Ana's title” (Ana Historian" in stopped.stdout
    assert "theirs “Bob's title” (Bob Archivist" in stopped.stdout
    assert "1 conflict(s) need a decision; nothing was merged" in stopped.stderr
    assert mine.read_bytes() == before
    assert "Nothing was merged" in (tmp_path / "conflicts.md").read_text(encoding="utf-8")

    merged = quaestio(
        "merge", str(mine), str(sent), "--prefer", "theirs", "--report", str(tmp_path / "r.json")
    )
    assert merged.returncode == 0, merged.stderr
    assert "1 conflict decided" in merged.stdout and "Bob Archivist: 1 changed" in merged.stdout
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["conflicts"][0]["choice"] == "theirs"
    titles = {v["title"] for (t, _), v in content_of(mine).items() if t == "question"}
    assert {"Bob's title", "Bob's other title"} <= titles

    again = quaestio("merge", str(mine), str(sent))
    assert again.returncode == 0 and "Nothing to merge" in again.stdout
    assert quaestio("check", str(mine)).returncode == 0


def test_a_refused_merge_is_one_line_and_leaves_the_project_byte_for_byte(
    tmp_path, demo_template, empty_template
):
    mine, theirs = two_copies(demo_template, tmp_path)
    before = mine.read_bytes()
    assert_one_line_error(
        quaestio("merge", str(mine), str(empty_template)), "different project", "not been changed"
    )
    con = sqlite3.connect(theirs)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    assert_one_line_error(quaestio("merge", str(mine), str(theirs)), "newer version of Quaestio")
    assert_one_line_error(
        quaestio("merge", str(mine), str(tmp_path / "missing.quaestio")), "There is no file"
    )
    assert mine.read_bytes() == before
    assert not list(mine.parent.glob("*.lock"))


def test_backup_backups_and_restore(tmp_path, demo_template):
    mine, _ = two_copies(demo_template, tmp_path)
    data = tmp_path / "data"
    made = quaestio("backup", str(mine), "--data-dir", str(data))
    assert made.returncode == 0, made.stderr
    (backup,) = (data / "backups").glob("*manual.quaestio")
    assert str(backup) in made.stdout

    _edit_title(mine, ANA, "Q1", "after the backup")
    listed = quaestio("backups", str(mine), "--data-dir", str(data))
    assert listed.returncode == 0 and "manual" in listed.stdout and backup.name in listed.stdout

    restored = quaestio("restore", str(mine), str(backup), "--data-dir", str(data))
    assert restored.returncode == 0, restored.stderr
    assert "The state it replaced is kept in" in restored.stdout
    titles = {v["title"] for (t, _), v in content_of(mine).items() if t == "question"}
    assert "after the backup" not in titles
    assert len(list((data / "backups").glob("*before-restore.quaestio"))) == 1
    assert_one_line_error(
        quaestio("restore", str(mine), str(tmp_path / "nope.quaestio"), "--data-dir", str(data)),
        "no backup file",
    )


def test_history_of_a_question_by_its_code(tmp_path, demo_template):
    mine, _ = two_copies(demo_template, tmp_path)
    _edit_title(mine, ANA, "Q2", "Комацубара")
    result = quaestio("history", str(mine), "q2", "--format", "json")
    assert result.returncode == 0, result.stderr
    entries = json.loads(result.stdout)
    assert entries[-1]["who"] == "Ana Historian" and entries[-1]["what"] == "changed Title"
    assert entries[-1]["new"] == "Комацубара"
    assert entries[0]["what"] == "created"
    assert_one_line_error(quaestio("history", str(mine), "no-such-id"), "no-such-id")
