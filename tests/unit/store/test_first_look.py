"""The questions list in plain SQL and the start-up first look (issue 8).

The first look lists a project's questions before SQLAlchemy is imported; it must show exactly
what the list shows once the project is open, and must stand aside (None) for any file that
only a real open can judge.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from desktop.store import queries
from desktop.store.first_look import first_look
from desktop.store.models import Question
from desktop.store.question_list import PLAIN_SORTS
from tests.unit.store.factories import make

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _listed(project, sort: str, descending: bool, *, filtered: bool) -> list[tuple[str, tuple[str, ...]]]:
    # a filter that matches every question takes the SQLAlchemy path; no filter, the plain SQL
    flt = queries.QuestionFilter(text="Q") if filtered else None
    rows = project.read(
        queries.question_summaries, sort=sort, descending=descending, counts=False, filter=flt
    )
    return [(q.code, q.tags) for q in rows]


@pytest.mark.both_backends
def test_the_plain_list_orders_as_the_filtered_one_for_every_sort(project):
    for code, title, status, priority, tags in [
        ("Q10", "Zhukov's notes", "parked", 2, []),
        ("Q2", "archive of the 57th Corps", "open", 1, ["NKVD", "ГАРФ"]),
        ("Q1", "Ёлкин и Хасан", "answered", 3, []),
        ("Q33", "ノモンハン事件", "open", 2, ["防衛研究所"]),
        ("Q3", "Монгол архив", "investigating", 1, []),
    ]:
        make(project, Question, code=code, title=title, status=status, priority=priority, tags=tags)
    for sort in PLAIN_SORTS:
        for descending in (False, True):
            plain = _listed(project, sort, descending, filtered=False)
            assert plain == _listed(project, sort, descending, filtered=True), (sort, descending)
    assert [code for code, _tags in _listed(project, "code", False, filtered=False)] == [
        "Q1",
        "Q2",
        "Q3",
        "Q10",
        "Q33",
    ]
    assert dict(_listed(project, "code", False, filtered=False))["Q2"] == ("NKVD", "ГАРФ")


def test_first_look_lists_what_the_open_project_lists(demo_path, identity):
    from desktop.store.project import open_project

    before = demo_path.read_bytes()
    look = first_look(demo_path)
    assert look is not None and look.title
    assert demo_path.read_bytes() == before  # a look changes nothing
    with open_project(demo_path, identity) as opened:
        for sort in PLAIN_SORTS:
            for descending in (False, True):
                expected = opened.read(
                    queries.question_summaries, sort=sort, descending=descending, counts=False
                )
                assert first_look(demo_path, sort=sort, descending=descending).questions == expected
        assert look.title == opened.title
    assert [q.code for q in look.questions] == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    assert not any(q.counted for q in look.questions)  # counts come with the open project


def test_first_look_needs_no_sqlalchemy(demo_path):
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from desktop.store.first_look import first_look
        look = first_look(Path({str(demo_path)!r}))
        assert len(look.questions) == 5, look
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "pydantic"))
        print(loaded)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_first_look_stands_aside_for_files_only_an_open_can_judge(tmp_path, demo_path):
    older = tmp_path / "older.quaestio"
    shutil.copyfile(FIXTURES / "rev0002.quaestio", older)
    text = tmp_path / "notes.quaestio"
    text.write_text("not a project", encoding="utf-8")
    damaged = tmp_path / "damaged.quaestio"
    data = bytearray(demo_path.read_bytes())
    data[len(data) // 2 :] = b"\0" * (len(data) - len(data) // 2)  # the second half of every page gone
    damaged.write_bytes(bytes(data))
    for path in (older, text, damaged, tmp_path / "missing.quaestio", tmp_path):
        before = path.read_bytes() if path.is_file() else None
        assert first_look(path) is None, path
        assert (path.read_bytes() if path.is_file() else None) == before, path


def test_first_look_shows_odd_tags_as_none(demo_path):
    con = sqlite3.connect(demo_path)
    with con:
        con.execute("UPDATE question SET tags = 'not json' WHERE code = 'Q1'")
        con.execute("""UPDATE question SET tags = '{"a": 1}' WHERE code = 'Q2'""")
        con.execute("""UPDATE question SET tags = '[1, "два"]' WHERE code = 'Q3'""")
    con.close()
    look = first_look(demo_path)
    assert look is not None
    tags = {q.code: q.tags for q in look.questions}
    assert tags["Q1"] == () and tags["Q2"] == () and tags["Q3"] == ("1", "два")


@pytest.mark.both_backends
def test_the_counted_list_agrees_with_the_count_sorts(demo):
    today = date(2026, 11, 26)
    plain = {q.id: q for q in demo.read(queries.question_summaries, sort="code", today=today)}
    by_open = {q.id: q for q in demo.read(queries.question_summaries, sort="open", today=today)}
    assert plain == by_open  # the plain reads and the SQLAlchemy query: the same cities and counts
    assert all(q.counted for q in plain.values())
    assert any(q.overdue_requests for q in plain.values()) and any(q.cities for q in plain.values())
