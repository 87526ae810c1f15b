"""File > Export… and File > Import JSON… on the demo project, run through the task runner."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.store import exchange
from desktop.ui.exchange.actions import ExchangeActions
from desktop.ui.exchange.dialogs import ExportDialog, ImportDialog
from desktop.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, paths, demo_path) -> Iterator[MainWindow]:
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert window.open_project(demo_path)
    yield window
    window.close_project()


def feature(window: MainWindow) -> ExchangeActions:
    found = window.findChild(ExchangeActions)
    assert found is not None
    return found


def trigger(window: MainWindow, text: str) -> None:
    action = next(a for a in window.menu("&File").actions() if a.text() == text)
    assert action.isEnabled()
    action.trigger()


def open_export(qtbot, window: MainWindow) -> ExportDialog:
    trigger(window, "&Export…")
    dialog = feature(window).dialog
    assert isinstance(dialog, ExportDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def open_import(qtbot, window: MainWindow) -> ImportDialog:
    trigger(window, "&Import JSON…")
    dialog = feature(window).dialog
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def wait_done(qtbot, window: MainWindow, path: Path) -> None:
    qtbot.waitUntil(
        lambda: feature(window).last_result is not None and feature(window).progress is None, timeout=20000
    )
    assert feature(window).last_result.path == path


def test_export_csv_as_a_zip_from_the_file_menu(qtbot, window, tmp_path, artifacts):
    dialog = open_export(qtbot, window)
    assert dialog.kind == "csv-zip"
    assert dialog.path_edit.text().endswith("Khalkhin Gol demo tables.zip")  # beside the project
    dialog.path_edit.setText(str(tmp_path / "tables.zip"))
    dialog.grab().save(str(artifacts / "export-dialog.png"))
    dialog.export_button.click()
    wait_done(qtbot, window, tmp_path / "tables.zip")

    with zipfile.ZipFile(tmp_path / "tables.zip") as archive:
        data = archive.read("archives.csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert any("戦史" in r["Name in original script"] + r["Other names"] for r in rows)
    assert "Exported 5 questions" in window.statusBar().currentMessage()


def test_export_csv_into_a_folder_and_json(qtbot, window, tmp_path):
    dialog = open_export(qtbot, window)
    dialog.set_kind("csv-folder")
    assert dialog.path_edit.text().endswith("Khalkhin Gol demo tables")
    dialog.path_edit.setText(str(tmp_path / "tables"))
    dialog.export_button.click()
    wait_done(qtbot, window, tmp_path / "tables")
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == sorted(
        f"{t}.csv" for t in exchange.CSV_TABLES
    )

    feature(window).last_result = None
    dialog = open_export(qtbot, window)
    dialog.set_kind("json")
    dialog.path_edit.setText(str(tmp_path / "demo.json"))
    dialog.export_button.click()
    wait_done(qtbot, window, tmp_path / "demo.json")
    document = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    assert document["format"] == exchange.FORMAT and len(document["tables"]["question"]) == 5


def test_the_export_dialog_says_what_is_wrong_with_the_place(qtbot, window, tmp_path):
    dialog = open_export(qtbot, window)
    dialog.path_edit.setText(str(tmp_path / "missing" / "t.zip"))
    assert not dialog.export_button.isEnabled() and "does not exist" in dialog.problem.text()
    dialog.path_edit.setText(str(tmp_path / "t.csv"))
    assert not dialog.export_button.isEnabled() and "end in .zip" in dialog.problem.text()
    dialog.path_edit.setText(str(tmp_path))
    assert "is a folder" in dialog.problem.text()
    dialog.set_kind("json")  # the user's own path is kept when switching
    assert dialog.path_edit.text() == str(tmp_path)
    dialog.reject()


def test_import_json_builds_a_new_project_and_opens_it(qtbot, window, tmp_path, artifacts):
    source = tmp_path / "from collaborator.json"
    window.project.read(exchange.export_json, path=source)
    original = window.project.read(exchange.project_document)["tables"]
    before = window.project_path

    dialog = open_import(qtbot, window)
    assert not dialog.import_button.isEnabled()
    dialog.source_edit.setText(str(source))
    assert dialog.target_edit.text() == str(tmp_path / "from collaborator.quaestio")
    assert dialog.import_button.isEnabled()
    dialog.grab().save(str(artifacts / "import-dialog.png"))
    dialog.import_button.click()

    qtbot.waitUntil(lambda: window.project_path == tmp_path / "from collaborator.quaestio", timeout=20000)
    assert window.project_path != before
    assert window.project.read(exchange.project_document)["tables"] == original
    assert "Imported" in window.statusBar().currentMessage()
    window.show_page("Questions")
    window.grab().save(str(artifacts / "import-opened.png"))


def test_import_refuses_an_existing_target_before_starting(qtbot, window, tmp_path, demo_path):
    source = tmp_path / "x.json"
    source.write_text("{}", encoding="utf-8")
    dialog = open_import(qtbot, window)
    dialog.source_edit.setText(str(source))
    dialog.target_edit.setText(str(demo_path))
    assert not dialog.import_button.isEnabled()
    assert "already exists" in dialog.problem.text()
    dialog.target_edit.setText(str(tmp_path / "new.txt"))
    assert "end in .quaestio" in dialog.problem.text()
    dialog.reject()


def test_a_bad_json_file_is_explained_and_the_open_project_stays(qtbot, window, tmp_path, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    bad = tmp_path / "notes.json"
    bad.write_text('{"hello": "world"}', encoding="utf-8")
    before = window.project_path

    dialog = open_import(qtbot, window)
    dialog.source_edit.setText(str(bad))
    dialog.import_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "not a Quaestio project export" in shown[0]
    assert window.project_path == before
    assert not (tmp_path / "notes.quaestio").exists()
    assert feature(window).progress is None


def test_export_is_disabled_without_a_project_but_import_is_not(qtbot, window):
    window.close_project()
    actions = {a.text(): a for a in window.menu("&File").actions()}
    assert not actions["&Export…"].isEnabled()
    assert actions["&Import JSON…"].isEnabled()
