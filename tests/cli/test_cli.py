"""The `quaestio` command, run as a user runs it: a subprocess, real files, exit codes."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store import schema


def quaestio(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for phrase in phrases:
        assert phrase in lines[0]


def test_init_demo_then_check_info_and_sqlite3(tmp_path):
    path = tmp_path / "demo.quaestio"
    created = quaestio("init", str(path), "--demo")
    assert created.returncode == 0, created.stderr
    checked = quaestio("check", str(path))
    assert checked.returncode == 0 and "healthy" in checked.stdout

    info = json.loads(quaestio("info", str(path), "--format", "json").stdout)
    assert info["title"].startswith("Khalkhin Gol") and info["question"] == 5
    assert info["request"] >= 8 and info["archive"] >= 13 and info["schema"] == schema.head_revision()

    titles = subprocess.run(
        ["sqlite3", str(path), "select title from question order by code"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert len(titles) == 5 and any("Komatsubara" in t for t in titles)


def test_list_in_every_format(tmp_path, demo_path):
    table = quaestio("list", "questions", str(demo_path))
    assert table.returncode == 0
    assert table.stdout.splitlines()[0].split()[:3] == ["CODE", "TITLE", "STATUS"]
    assert "Moscow" in table.stdout and "Ulaanbaatar" in table.stdout

    questions = json.loads(quaestio("list", "questions", str(demo_path), "--format", "json").stdout)
    assert [q["code"] for q in questions] == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    assert all(isinstance(q["cities"], list) for q in questions)

    archives = list(
        csv.DictReader(io.StringIO(quaestio("list", "archives", str(demo_path), "--format", "csv").stdout))
    )
    by_id = {a["identifier"]: a for a in archives}
    assert by_id["RGVA"]["name_original"] == "Российский государственный военный архив"
    assert any("防衛研究所戦史研究センター" in a["name_original"] for a in archives)

    requests = json.loads(quaestio("list", "requests", str(demo_path), "--format", "json").stdout)
    assert len({r["status"] for r in requests}) >= 5


def test_a_project_open_in_the_gui_can_still_be_listed(demo_path, identity):
    from desktop.store.project import open_project

    with open_project(demo_path, identity):
        result = quaestio("list", "questions", str(demo_path))
    assert result.returncode == 0 and "Q1" in result.stdout


@pytest.mark.parametrize(
    ("args", "phrases"),
    [
        (["info", "missing.quaestio"], ["There is no file"]),
        (["list", "people", "x.quaestio"], ["invalid choice: 'people'"]),
        (["init", "no-suffix"], ["end in .quaestio"]),
        (["info", "notes.quaestio"], ["not a Quaestio project"]),
        (["check", "notes.quaestio"], ["not a Quaestio project"]),
        (["frobnicate"], ["neither a command", "init"]),
    ],
)
def test_bad_input_gives_one_line_and_exit_code_2(tmp_path, args, phrases):
    (tmp_path / "notes.quaestio").write_text("not a database", encoding="utf-8")
    assert_one_line_error(quaestio(*args, cwd=tmp_path), *phrases)


def test_init_refuses_to_overwrite(tmp_path, demo_path):
    before = demo_path.read_bytes()
    assert_one_line_error(quaestio("init", str(demo_path)), "already exists")
    assert demo_path.read_bytes() == before


def test_check_lists_problems_and_exits_1(tmp_path, demo_path):
    broken = tmp_path / "broken.quaestio"
    shutil.copyfile(demo_path, broken)
    con = sqlite3.connect(broken)  # foreign keys are off in the sqlite3 module by default
    con.execute("DELETE FROM question WHERE code = 'Q2'")
    con.commit()
    con.close()
    result = quaestio("check", str(broken))
    assert result.returncode == 1
    assert "broken link: note" in result.stderr and "problem(s) found" in result.stderr


def test_check_of_a_file_that_cannot_be_opened_exits_2(tmp_path):
    (tmp_path / "empty.quaestio").write_bytes(b"")
    assert_one_line_error(quaestio("check", str(tmp_path / "empty.quaestio")), "is empty")


def test_the_window_run_unattended_reports_an_unopenable_project_and_quits(tmp_path):
    """--quit-after-load (smoke tests, packaging) must never wait on a dialog."""
    bad = tmp_path / "bad.quaestio"
    bad.write_text("not a project", encoding="utf-8")
    env_result = subprocess.run(
        [sys.executable, "-m", "desktop", str(bad), "--quit-after-load", "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert env_result.returncode == 2
    assert "not a Quaestio project" in env_result.stderr and "Traceback" not in env_result.stderr
    assert bad.read_text(encoding="utf-8") == "not a project"
