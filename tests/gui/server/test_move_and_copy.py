"""File ▸ Move project to team server… and File ▸ Save a local copy…: a round trip compares
equal; file-only menu items are disabled for a server project, with a tooltip saying why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.store.project import Identity
from desktop.ui.server.connect_dialog import ConnectDialog

FILE_ONLY = ("SaveACopy", "ShareACopy", "MergeACollaboratorSCopy", "BackUpNow", "RestoreFromBackup")


def action(window: Any, name: str) -> Any:
    return next(a for a in window.all_actions() if a.objectName() == name)


def move_dialog(qtbot: Any, window: Any) -> ConnectDialog:
    action(window, "MoveProjectToTeamServer").trigger()
    dialog = next(d for d in window.findChildren(ConnectDialog) if d.isVisible())
    assert dialog.windowTitle() == "Move project to team server"
    return dialog


def test_move_to_server_and_save_a_local_copy(
    qtbot: Any,
    open_window: Any,
    demo_path: Path,
    pg_database: Any,
    pg_demo: Any,
    identity: Identity,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    artifacts: Path,
) -> None:
    from desktop.store.server.copy import compare_projects

    window = open_window("Ana")
    assert window.open_project(demo_path)
    assert action(window, "MoveProjectToTeamServer").isEnabled()
    local_copy = action(window, "SaveALocalCopy")
    assert not local_copy.isEnabled() and "team server" in local_copy.toolTip()

    # a database that already holds a project is refused, with the reason, in the dialog
    dialog = move_dialog(qtbot, window)
    dialog.set_address(pg_demo)
    dialog.go.click()
    qtbot.waitUntil(lambda: not dialog._busy, timeout=30000)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "empty" in dialog.error.text().lower() or "not empty" in dialog.error.text().lower(), (
        dialog.error.text()
    )

    # an empty one: copied with progress, then (answering Open) the window switches to it
    asked: list[str] = []

    def answer(_p: Any, _t: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog.set_address(pg_database)
    dialog.grab().save(str(artifacts / "server-move-dialog.png"))
    dialog.go.click()
    qtbot.waitUntil(
        lambda: window.project is not None and window.project.server == pg_database, timeout=60000
    )
    assert "the file stays as it was" in asked[0]
    assert compare_projects(demo_path, pg_database, identity=identity) == []

    # a server project: the file-only items are disabled, and say why
    for name in FILE_ONLY:
        item = action(window, name)
        assert not item.isEnabled(), name
        assert "server" in item.toolTip().lower() or "Save a local copy" in item.toolTip(), (
            name,
            item.toolTip(),
        )
    assert not action(window, "MoveProjectToTeamServer").isEnabled()
    assert window.menu("&File").toolTipsVisible()

    # and back: File ▸ Save a local copy…
    target = tmp_path / "Back home.quaestio"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target.with_suffix("")), ""))
    assert action(window, "SaveALocalCopy").isEnabled()
    action(window, "SaveALocalCopy").trigger()
    qtbot.waitUntil(lambda: "Saved a local copy" in window.statusBar().currentMessage(), timeout=60000)
    assert compare_projects(target, pg_database, identity=identity) == []
    assert compare_projects(target, demo_path, identity=identity) == []

    # a file again: the file-only items come back
    assert window.open_project(target)
    for name in ("SaveACopy", "ShareACopy", "BackUpNow"):
        assert action(window, name).isEnabled(), name
    assert not action(window, "SaveALocalCopy").isEnabled()


def test_command_line_opens_a_server_address(pg_demo: Any, tmp_path: Path) -> None:
    """`quaestio postgresql://…` opens the team-server project; a wrong one says what is wrong."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QUAESTIO_DATA_DIR": str(tmp_path / "cli-data"), "QT_QPA_PLATFORM": "offscreen"}
    url = pg_demo.text()
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--quit-after-load", url],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"opened {url}"
    config = (tmp_path / "cli-data" / "config" / "config.json").read_text(encoding="utf-8")
    assert url in config  # remembered among the recent projects, without a password

    missing = url.replace(pg_demo.database, "no_such_database")
    failed = subprocess.run(
        [sys.executable, "-m", "desktop", "--quit-after-load", missing],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert failed.returncode == 2
    assert "no database 'no_such_database'" in failed.stderr and "Traceback" not in failed.stderr


def test_project_properties_name_the_server(
    qtbot: Any, open_window: Any, pg_demo: Any, artifacts: Path
) -> None:
    window = open_window("Ana", pg_demo)
    dialog = window.show_properties()
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.facts["Team server"] == pg_demo.display()
    assert dialog.facts["Address"] == pg_demo.text()
    assert "others can edit" in dialog.facts["Opened"]
    dialog.grab().save(str(artifacts / "server-project-properties.png"))
    dialog.reject()
