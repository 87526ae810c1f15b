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


def _reopen_saying_save(qtbot, monkeypatch, open_window, address) -> tuple[Any, list[str]]:
    """Ana opens the project again and answers Save when offered the kept edits; the question asked."""
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Save

    monkeypatch.setattr(QMessageBox, "question", answer)
    again = open_window("Ana", address)
    qtbot.waitUntil(lambda: bool(asked), timeout=15000)
    return again, asked


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
    again, asked = _reopen_saying_save(qtbot, monkeypatch, open_window, pg_demo)
    assert "Edit title of Q2" in asked[0]
    qtbot.waitUntil(lambda: not again.server_link.pending, timeout=15000)
    assert stored_title(pg_demo, q2) == "Kept across a closed window"
    assert not path.exists()


def question_ids(window: Any, *codes: str) -> list[str]:
    from desktop.store import repo
    from desktop.store.models import Question

    rows = {r.code: r.id for r in window.project.read(repo.list_rows, entity=Question)}
    return [rows[code] for code in codes]


def kept_on_disk(window: Any, address: Any) -> list[dict[str, Any]]:
    """Every edit in every recovery file of this server in the window's data folder."""
    files = recovery.server_files(window.paths.data_dir, address)
    return [edit.values for path in files for edit in recovery.load_pending(path)]


def test_two_windows_keep_their_edits_in_their_own_recovery_files(
    qtbot: Any, open_window: Any, pg_demo: Any, restarts: PgCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows of one installation on one database, the connection lost, an edit in each, both
    closed: both edits are on disk (one shared file kept only the last window's), and both are
    offered and saved at the next connection."""
    first, second = open_window("Ana", pg_demo), open_window("Ana", pg_demo)
    assert first.paths.data_dir == second.paths.data_dir
    q2, q3 = question_ids(first, "Q2", "Q3")
    first.show_question(q2)
    second.show_question(q3)
    qtbot.waitUntil(
        lambda: first.workspace.question.detail is not None and second.workspace.question.detail is not None
    )

    restarts.kill()
    for window, text in ((first, "Q2 typed in the first window"), (second, "Q3 — второе окно, 二つ目")):
        window.workspace.question.title.setText(text)
        window.workspace.question.title.commit()
        qtbot.waitUntil(lambda window=window: len(window.server_link.pending) == 1, timeout=15000)
    assert first.server_link.recovery_path() != second.server_link.recovery_path()
    first.close()
    assert {"title": "Q3 — второе окно, 二つ目"} in kept_on_disk(second, pg_demo)
    second.close()
    kept = kept_on_disk(second, pg_demo)
    assert sorted(e["title"] for e in kept) == ["Q2 typed in the first window", "Q3 — второе окно, 二つ目"]

    restarts.start()
    again, asked = _reopen_saying_save(qtbot, monkeypatch, open_window, pg_demo)
    assert "2 edits" in asked[0]
    qtbot.waitUntil(lambda: not again.server_link.pending, timeout=15000)
    assert stored_title(pg_demo, q2) == "Q2 typed in the first window"
    assert stored_title(pg_demo, q3) == "Q3 — второе окно, 二つ目"
    assert kept_on_disk(again, pg_demo) == [] and recovery.server_files(again.paths.data_dir, pg_demo) == []


def test_an_open_window_keeps_its_recovery_file_from_another(
    qtbot: Any, open_window: Any, pg_demo: Any, restarts: PgCluster
) -> None:
    """A second window connecting (or saving its own kept edits) never takes or deletes the file of
    a window that is still open with edits the server has not got."""
    first = open_window("Ana", pg_demo)
    q2 = first_question(first)
    first.show_question(q2)
    qtbot.waitUntil(lambda: first.workspace.question.detail is not None)
    restarts.kill()
    first.workspace.question.title.setText("Still waiting in the first window")
    first.workspace.question.title.commit()
    qtbot.waitUntil(lambda: len(first.server_link.pending) == 1, timeout=15000)
    mine = first.server_link.recovery_path()
    first.server_link.retry_timer.stop()  # this window stays offline for the test's length
    first.server_link.stop_feed()

    restarts.start()
    second = open_window("Ana", pg_demo)
    assert not second.server_link.pending  # not offered: its window is open
    second.server_link.replay()
    second.close()
    assert recovery.load_pending(mine)[0].values == {"title": "Still waiting in the first window"}
    assert first.server_link.pending


def test_a_kept_edit_in_conflict_stays_on_disk_until_the_dialog_is_answered(
    qtbot: Any, open_window: Any, pg_demo: Any, restarts: PgCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.store import workspace
    from desktop.store.project import Identity, open_project
    from tests.gui.server.dialogs import wait_for_stale_dialog

    window = open_window("Ana", pg_demo)
    q2 = first_question(window)
    window.show_question(q2)
    qtbot.waitUntil(lambda: window.workspace.question.detail is not None)
    restarts.kill()
    window.workspace.question.title.setText("Ana's title, typed offline")
    window.workspace.question.title.commit()
    qtbot.waitUntil(lambda: len(window.server_link.pending) == 1, timeout=15000)
    window.close()

    restarts.start()
    with open_project(pg_demo, Identity("Boris", "bbbbbbbb-0000-4000-8000-00000000000b")) as boris:
        boris.write(workspace.update_fields, table="question", id=q2, values={"title": "Boris's title"})
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Save)
    again = open_window("Ana", pg_demo)
    dialog = wait_for_stale_dialog(qtbot, timeout=15000)
    # a crash now must not lose it: still in the window's recovery file
    assert recovery.load_pending(again.server_link.recovery_path())[0].values == {
        "title": "Ana's title, typed offline"
    }
    assert again.server_link.pending
    dialog.reject()  # keep Boris's title: now it is decided, and gone from the file
    qtbot.waitUntil(lambda: not again.server_link.pending, timeout=10000)
    assert not again.server_link.recovery_path().exists()
    assert stored_title(pg_demo, q2) == "Boris's title"


def test_someone_elses_save_in_the_way_is_not_a_lost_connection(
    qtbot: Any, open_window: Any, pg_demo: Any
) -> None:
    """A deadlock or lock timeout the store's own retries did not get past: no "connection lost"
    banner; the edit is kept, said so, and saved a moment later."""
    from desktop.store.errors import ServerBusy
    from desktop.store.server.connection import busy_message
    from desktop.ui.server import edits

    window = open_window("Ana", pg_demo)
    q2 = first_question(window)
    link = window.server_link
    handled = edits.handle_failure(
        window,
        ServerBusy(busy_message(pg_demo)),
        table="question",
        row_id=q2,
        values={"title": "Saved once the other save was done"},
        shown_version=None,
        text="Edit title of Q2",
    )
    assert handled and len(link.pending) == 1
    assert not link.banner.isVisible() and not link.lost_reason
    assert "Another person's save" in window.statusBar().currentMessage()
    assert "connection lost" not in link.server_label.text()
    qtbot.waitUntil(lambda: not link.pending, timeout=10000)
    assert stored_title(pg_demo, q2) == "Saved once the other save was done"
    assert not link.banner.isVisible()
