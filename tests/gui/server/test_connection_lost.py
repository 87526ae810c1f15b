"""The network drops (here: the server is killed) while a historian edits: a banner says so,
the edit is kept (in memory and in the recovery file) and saved when the server is back; a
window closed meanwhile offers the kept edits at the next connection."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.ui.server import recovery
from tests.pg import PgCluster


@pytest.fixture
def restarts(pg_server: PgCluster) -> Iterator[PgCluster]:
    """The test kills the shared cluster; make sure it runs again afterwards whatever happens."""
    yield pg_server
    with contextlib.suppress(RuntimeError):  # already running
        pg_server.start()


def stored_title(address: Any, question_id: str) -> str:
    import psycopg

    with psycopg.connect(
        host=address.host, port=address.port, user=address.user, dbname=address.database
    ) as con:
        row = con.execute("SELECT title FROM question WHERE id = %s", (question_id,)).fetchone()
    assert row is not None
    return str(row[0])


def first_question(window: Any) -> str:
    from desktop.store import repo
    from desktop.store.models import Question

    rows = window.project.read(repo.list_rows, entity=Question)
    return next(r.id for r in rows if r.code == "Q2")


def test_edit_kept_while_down_and_saved_when_back(
    qtbot: Any, open_window: Any, pg_demo: Any, restarts: PgCluster, artifacts: Path
) -> None:
    window = open_window("Ana", pg_demo)
    q2 = first_question(window)
    window.show_question(q2)
    qtbot.waitUntil(lambda: window.workspace.question.detail is not None)
    link = window.server_link

    restarts.kill()
    qtbot.waitUntil(lambda: link.banner.isVisible(), timeout=15000)  # the live feed noticed
    title = window.workspace.question.title
    title.setText("Komatsubara — Комацубара — 小松原: typed while the server was down")
    title.commit()
    qtbot.waitUntil(lambda: len(link.pending) == 1, timeout=15000)
    path = link.recovery_path()
    assert path.is_file()
    kept = recovery.load_pending(path)
    assert kept[0].values == {"title": "Komatsubara — Комацубара — 小松原: typed while the server was down"}
    assert title.text() == kept[0].values["title"]  # still on screen
    assert "1 edit is kept on this computer" in link.banner.label.text()
    assert str(path) in link.banner.label.toolTip()
    assert "connection lost" in link.server_label.text()
    window.grab().save(str(artifacts / "server-connection-lost.png"))

    restarts.start()
    qtbot.waitUntil(lambda: not link.pending and not link.banner.isVisible(), timeout=30000)
    assert stored_title(pg_demo, q2) == "Komatsubara — Комацубара — 小松原: typed while the server was down"
    assert not path.exists()
    assert "Team server connected" in link.server_label.text()


def test_kept_edits_are_offered_at_the_next_connection(
    qtbot: Any, open_window: Any, pg_demo: Any, restarts: PgCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window("Ana", pg_demo)
    q2 = first_question(window)
    window.show_question(q2)
    qtbot.waitUntil(lambda: window.workspace.question.detail is not None)
    link = window.server_link
    path = None

    restarts.kill()
    title = window.workspace.question.title
    title.setText("Kept across a closed window")
    title.commit()
    qtbot.waitUntil(lambda: len(link.pending) == 1, timeout=15000)
    path = link.recovery_path()
    window.close()  # gone before the server came back
    assert recovery.load_pending(path)[0].values == {"title": "Kept across a closed window"}

    restarts.start()
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "question", answer)
    again = open_window("Ana", pg_demo)
    qtbot.waitUntil(lambda: bool(asked), timeout=15000)
    assert "Edit title of Q2" in asked[0]
    qtbot.waitUntil(lambda: not again.server_link.pending, timeout=15000)
    assert stored_title(pg_demo, q2) == "Kept across a closed window"
    assert not path.exists()
