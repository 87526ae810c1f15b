"""The recovery file: edits the server did not get survive a closed window, typed values intact."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from desktop.store.server.address import ServerAddress
from desktop.ui.server import recovery
from desktop.ui.server.recovery import PendingEdit

ADDRESS = ServerAddress(host="/tmp/quaestio pg/sock", port=5999, database="khalkhin_gol", user="ana")


def test_round_trip_keeps_unicode_dates_and_versions(tmp_path: Path) -> None:
    path = recovery.recovery_file(tmp_path, ADDRESS)
    assert path.parent == tmp_path / "recovery"
    assert path.name.endswith("-khalkhin_gol.json") and " " not in path.name and "/" not in path.name
    edits = [
        PendingEdit(
            "question", "q1", {"title": "Халхин-Гол: ノモンハン事件 / Халх голын дайн"}, 3, "Edit title of Q1"
        ),
        PendingEdit("request", "r1", {"date_sent": date(1939, 8, 20), "tags": ["a", "b"]}, None, "Edit date"),
    ]
    recovery.save_pending(path, ADDRESS.text(), edits)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "quaestio-recovery" and data["server"] == ADDRESS.text()
    assert recovery.load_pending(path) == edits
    recovery.save_pending(path, ADDRESS.text(), [])
    assert not path.exists()


def test_later_edit_of_the_same_field_replaces_it_but_keeps_the_base_version() -> None:
    first = PendingEdit("note", "n1", {"title": "a", "body": "x"}, 4, "Save note")
    second = PendingEdit("note", "n1", {"title": "a", "body": "xy"}, 5, "Save note")
    other = PendingEdit("question", "q1", {"title": "t"}, 1, "Edit title")
    merged = recovery.merge_pending(recovery.merge_pending([first, other], second), other)
    assert [(e.table, e.values, e.expected_version) for e in merged] == [
        ("note", {"title": "a", "body": "xy"}, 4),
        ("question", {"title": "t"}, 1),
    ]


def test_unreadable_file_gives_nothing_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "recovery" / "x.json"
    path.parent.mkdir()
    path.write_text("{not json", encoding="utf-8")
    assert recovery.load_pending(path) == []
    assert path.read_text(encoding="utf-8") == "{not json"
