"""Verified rotating backups and restoring one: nothing lost, never another project's file."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.store import backup, repo
from desktop.store.backup import BackupError, BackupInfo, backups_to_prune
from desktop.store.errors import ProjectLocked
from desktop.store.models import Question
from desktop.store.project import open_project
from tests.conftest import FIXTURES
from tests.unit.store.merging import ANA, content

NOW = datetime(2026, 11, 26, 15, 0, 0)


def _info(hours_ago: float, name: str = "") -> BackupInfo:
    taken = NOW - timedelta(hours=hours_ago)
    return BackupInfo(Path(name or f"{hours_ago}.quaestio"), taken, "hourly", "p", "P", "0003", 1)


def test_rotation_keeps_a_day_of_hourly_backups_then_one_a_day_for_a_month():
    backups = [
        _info(0.5),
        _info(3),
        _info(14),  # within the last day: all kept
        _info(26),  # 25 Nov 13:00 ...
        _info(30),  # 25 Nov 09:00: an older one of the same day goes
        _info(24 * 5),
        _info(24 * 5 + 2),  # 21 Nov: only the newest of the day stays
        _info(24 * 29),  # a month ago: kept
        _info(24 * 40),  # older than a month: goes
    ]
    pruned = {b.path.name for b in backups_to_prune(backups, NOW)}
    assert pruned == {"30.quaestio", f"{24 * 5 + 2}.quaestio", f"{24 * 40}.quaestio"}


def test_rotation_always_keeps_the_newest_backup_however_old():
    assert backups_to_prune([_info(24 * 90), _info(24 * 100)], NOW) == [_info(24 * 100)]


def test_backups_are_verified_named_and_rotated_per_project(demo, demo_path, project, paths):
    folder = paths.backups_dir
    demo.close()
    for hours in (75, 50, 49, 2, 1):  # the 50 and 49 hours old ones are of the same day (24 Nov)
        backup.backup_project(demo_path, folder, "hourly", now=NOW - timedelta(hours=hours))
    other = backup.backup_project(project.path, folder, "manual", now=NOW - timedelta(days=60))
    twice = backup.backup_project(demo_path, folder, "hourly", now=NOW - timedelta(hours=1))
    assert twice.name.endswith("hourly (2).quaestio")

    demo_id = backup.project_id_of(demo_path)
    listed = backup.list_backups(folder, demo_id)
    assert len(listed) == 6 and all(b.project_id == demo_id for b in listed)
    assert listed[0].reason == "hourly" and listed[0].taken_at == NOW - timedelta(hours=1)
    for info in listed:
        backup.verify_copy(info.path)

    removed = backup.rotate_backups(folder, now=NOW)
    assert [p.name for p in removed] == [f"{demo_path.stem} 2026-11-24 130000 hourly.quaestio"]
    assert other.exists(), "another project's only backup is its newest: kept"


def test_an_automatic_backup_is_taken_at_most_hourly(demo, demo_path, paths):
    demo_id = backup.project_id_of(demo_path)
    first = backup.auto_backup(demo_path, paths.backups_dir, project_id=demo_id, now=NOW)
    assert first is not None and "hourly" in first.name
    assert (
        backup.auto_backup(demo_path, paths.backups_dir, project_id=demo_id, now=NOW + timedelta(minutes=40))
        is None
    )
    assert backup.auto_backup(
        demo_path, paths.backups_dir, project_id=demo_id, now=NOW + timedelta(minutes=61)
    )


def test_a_backup_of_an_open_project_holds_its_latest_writes(demo, paths):
    demo.write(repo.create, entity=Question, values={"code": "Q42", "title": "Ещё вопрос"})
    copy = backup.backup_project(demo.path, paths.backups_dir, "manual")
    with open_project(copy, ANA, readonly=True) as opened:
        assert "Q42" in {q.code for q in opened.read(repo.list_rows, entity=Question)}


def test_restore_replaces_the_content_after_backing_up_the_current_state(demo, paths):
    before = content(demo)
    saved = backup.backup_project(demo.path, paths.backups_dir, "manual")
    question = demo.read(repo.list_rows, entity=Question)[0]
    demo.write(repo.update, entity=Question, id=question.id, values={"title": "changed after the backup"})
    demo.write(repo.create, entity=Question, values={"code": "Q9", "title": "new"})

    replaced = backup.restore_into(demo, saved, backups_dir=paths.backups_dir)
    assert content(demo) == before
    assert "before-restore" in replaced.name
    with open_project(replaced, ANA, readonly=True) as previous:  # the undone work is kept there
        assert "Q9" in {q.code for q in previous.read(repo.list_rows, entity=Question)}
    # still the same open, locked, writable project
    demo.write(repo.update, entity=Question, id=question.id, values={"priority": 1})
    with pytest.raises(ProjectLocked):
        open_project(demo.path, ANA)


def test_restoring_a_backup_from_an_older_schema_upgrades_it(tmp_path, identity, paths):
    path = tmp_path / "project.quaestio"
    shutil.copyfile(FIXTURES / "rev0002.quaestio", path)
    with open_project(path, identity, backups_dir=paths.backups_dir) as project:
        (old,) = paths.backups_dir.iterdir()  # taken before the upgrade, at revision 0002
        project.write(repo.create, entity=Question, values={"code": "Q2", "title": "after the upgrade"})
        backup.restore_into(project, old, backups_dir=paths.backups_dir)
        assert [q.code for q in project.read(repo.list_rows, entity=Question)] == ["Q1"]
        with project.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0004"


def test_a_backup_of_another_project_or_a_damaged_one_is_refused(demo, project, paths, tmp_path):
    before = content(demo)
    other = backup.backup_project(project.path, paths.backups_dir, "manual")
    with pytest.raises(BackupError, match="backup of another project"):
        backup.restore_into(demo, other, backups_dir=paths.backups_dir)
    damaged = tmp_path / "damaged.quaestio"
    shutil.copyfile(backup.backup_project(demo.path, paths.backups_dir, "manual"), damaged)
    con = sqlite3.connect(damaged)
    (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_question_code'").fetchone()
    con.close()
    data = bytearray(damaged.read_bytes())
    data[(root - 1) * 4096 + 8 : root * 4096 - 96] = bytes(4096 - 104)
    damaged.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="integrity check"):
        backup.restore_into(demo, damaged, backups_dir=paths.backups_dir)
    assert content(demo) == before
