"""The window around the workspace: menus and shortcuts, preferences, new project, properties,
Save a copy, read-only projects, the Archives page, and the layout kept between sessions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.config import load_config
from desktop.store import repo
from desktop.store.attachments import files_folder
from desktop.store.models import Archive, Question
from desktop.store.models import Project as ProjectTable
from desktop.store.project import open_project
from desktop.ui.main_window import MainWindow
from tests.gui.workspace.conftest import open_window, press_enter, select_question, type_text

REPO = Path(__file__).resolve().parents[3]


def _menu_texts(window, title: str) -> list[str]:
    return [a.text().replace("&", "") for a in window.menu(title).actions() if not a.isSeparator()]


def test_menus_hold_the_standard_commands(window):
    assert _menu_texts(window, "&File")[:3] == ["New question", "New note", "New request…"]
    for text in ("New project…", "Open…", "Open recent", "Save a copy…", "Project properties…", "Quit"):
        assert text in _menu_texts(window, "&File")
    edit = _menu_texts(window, "&Edit")
    for text in ("Cut", "Copy", "Paste", "Delete", "Preferences…"):
        assert text in edit
    assert any(t.startswith("Undo") for t in edit) and any(t.startswith("Redo") for t in edit)
    assert any("Find" in t for t in edit)  # ours, or the search feature's own
    view = _menu_texts(window, "&View")
    assert view[:4] == ["Overview", "Questions", "Requests", "Archives"]  # the overview is home
    assert "Trash" in view and "Notes pane" in view and "Questions list" in view
    assert "Keyboard shortcuts" in _menu_texts(window, "&Help")


def test_no_two_actions_share_a_shortcut(window):
    seen: dict[str, str] = {}
    for action in window.all_actions():
        if not action.isVisible():
            continue
        for key in action.shortcuts():
            assert key.toString() not in seen, (
                f"{key.toString()}: {seen.get(key.toString())} and {action.text()}"
            )
            seen[key.toString()] = action.text()
    assert {"Ctrl+Z", "Ctrl+N", "Ctrl+O", "Ctrl+F", "Ctrl+1", "Ctrl+B"} <= set(seen)


def test_the_shortcuts_dialog_is_made_from_the_actions(window):
    dialog = window.show_shortcuts()
    rows = dialog.rows
    assert ("Edit", "Undo", "Ctrl+Z") in rows
    assert ("File", "New question", "Ctrl+N") in rows
    assert ("Notes", "Bold", "Ctrl+B") in rows
    assert ("View", "Trash", "Ctrl+" + str(window.page_index("Trash") + 1)) in rows
    assert len(rows) == len([a for a in window.all_actions() if any(not k.isEmpty() for k in a.shortcuts())])
    dialog.filter.setText("undo")
    visible = [r for r in range(dialog.table.rowCount()) if not dialog.table.isRowHidden(r)]
    assert [dialog.rows[r][1] for r in visible] == ["Undo"]
    dialog.close()


def test_view_menu_switches_pages_and_toggles_panes(window):
    next(a for a in window.menu("&View").actions() if a.text() == "Archives").trigger()
    assert window.current_page() == "Archives"
    window.show_page("Questions")
    window.toggle_notes_action.setChecked(False)
    assert not window.workspace.notes.isVisible()
    window.toggle_notes_action.setChecked(True)
    assert window.workspace.notes.isVisible()
    window.show_overdue()
    assert window.current_page() == "Requests" and window.requests_view.current_filter().overdue_only


def test_preferences_are_saved_and_sign_later_changes(window, paths):
    dialog = window.show_preferences()
    dialog.author_name.setText("")
    type_text(dialog.author_name, "Сэрэнжав Бат")
    dialog.researcher["full_name"].setText("Helen Marsh")
    type_text(dialog.researcher["patronymic"], "Ивановна")
    dialog.researcher["affiliation"].setText("Independent scholar")
    type_text(dialog.address, "Улаанбаатар, Сүхбаатар дүүрэг")
    dialog.language.load("mn")
    dialog.accept()
    saved = load_config(paths.config_file)
    assert saved.author_name == "Сэрэнжав Бат" and saved.default_letter_language == "mn"
    assert (
        saved.researcher.patronymic == "Ивановна"
        and saved.researcher.address == "Улаанбаатар, Сүхбаатар дүүрэг"
    )
    qid = select_question(window, "Q1")
    pane = window.workspace.question
    pane.title.selectAll()
    type_text(pane.title, "Casualties")
    press_enter(pane.title)
    assert window.project.read(repo.get, entity=Question, id=qid).updated_by == "Сэрэнжав Бат"


def test_new_project_is_created_and_opened(window, tmp_path, monkeypatch):
    target = tmp_path / "Номонхан.quaestio"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog = window.new_project_dialog()
    dialog.choose_file()
    assert dialog.path.text() == str(target) and dialog.title.text() == "Номонхан"
    dialog.title.setText("")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "title" in dialog.error.text()
    type_text(dialog.title, "Номонхан 1939")
    dialog.path.setText(str(target))
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible()
    assert window.project_path == target and target.is_file()
    assert window.windowTitle().startswith("Номонхан 1939")
    assert window.workspace.questions.model.rowCount() == 0
    window.new_question_action.trigger()
    assert window.workspace.question.code_label.text() == "Q1"


def test_project_properties_edit_the_title(window):
    dialog = window.show_properties()
    assert dialog.facts["Contents"] == "5 questions, 17 archives, 18 requests, 11 notes"
    assert dialog.facts["File"] == str(window.project_path)
    dialog.title.setText("")
    type_text(dialog.title, "Халхин-Гол: новые вопросы")
    dialog.buttons.accepted.emit()
    (row,) = window.project.read(repo.list_rows, entity=ProjectTable)
    assert row.title == "Халхин-Гол: новые вопросы"
    assert window.windowTitle().startswith("Халхин-Гол: новые вопросы")


def test_save_a_copy_writes_a_verified_file_with_its_attachments(window, qtbot, tmp_path, monkeypatch):
    folder = files_folder(window.project.path)
    (folder / "ab").mkdir(parents=True)
    (folder / "ab" / "scan.pdf").write_bytes(b"%PDF")
    target = tmp_path / "copies" / "shared"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.save_copy()
    copy = target.with_name("shared.quaestio")
    qtbot.waitUntil(lambda: "Saved a copy" in window.statusBar().currentMessage(), timeout=10000)
    assert (files_folder(copy) / "ab" / "scan.pdf").read_bytes() == b"%PDF"
    with open_project(copy, window.identity(), readonly=True) as opened:
        assert len(opened.read(repo.list_rows, entity=Question)) == 5


def test_a_read_only_project_cannot_be_edited(qtbot, paths, demo_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    window = open_window(qtbot, paths, demo_path)
    assert window.open_project(demo_path, readonly=True)
    assert "[read-only]" in window.windowTitle()
    select_question(window, "Q1")
    assert window.workspace.question.title.isReadOnly()
    assert window.workspace.notes.editor.isReadOnly()
    window.new_question_action.trigger()
    assert shown and "read-only" in shown[0]
    assert len(window.project.read(repo.list_rows, entity=Question)) == 5
    window.close()


def test_edit_an_archive_in_the_directory(window):
    window.show_page("Archives")
    view = window.archives_view
    rgva = next(a for a in window.project.read(repo.list_rows, entity=Archive) if a.identifier == "RGVA")
    assert view.select(rgva.id)
    assert view.fields["name_original"].text() == "Российский государственный военный архив"
    box = view.fields["contact_person"]
    box.setText("")
    type_text(box, "Иванова Мария Петровна")
    press_enter(box)
    view.language.choose("ru")
    view.regime.choose("ru-archive-query")
    stored = window.project.read(repo.get, entity=Archive, id=rgva.id)
    assert stored.contact_person == "Иванова Мария Петровна"
    window.undo_action.trigger()
    assert window.project.read(repo.get, entity=Archive, id=rgva.id).contact_person == ""
    view.new_button.click()
    assert view.archive is not None and view.archive.name == "New archive"
    assert view.fields["name"].hasFocus()


def test_the_layout_is_kept_between_sessions(qtbot, paths, demo_path):
    window = open_window(qtbot, paths, demo_path, size=(1100, 700))
    window.workspace.splitter.setSizes([250, 500, 350])
    window.workspace.notes.splitter.setSizes([300, 300])
    sizes = window.workspace.splitter.sizes()
    notes = window.workspace.notes.splitter.sizes()
    window.toggle_questions_action.setChecked(False)
    window.close()
    assert (paths.config_dir / "window.ini").is_file()

    again = MainWindow(paths)  # restores the layout as it is built, before it is shown
    qtbot.addWidget(again)
    again.show()
    # the height as it was (a new window is 800 high); the offscreen screen is only 800 wide, so
    # Qt clamps a restored width to it: the width cannot be checked here
    assert again.height() == 700
    assert not again.toggle_questions_action.isChecked()
    again.close()

    same_size = MainWindow(paths)
    qtbot.addWidget(same_size)
    same_size.resize(1100, 700)
    same_size.show()
    same_size.toggle_questions_action.setChecked(True)
    for restored, saved in (
        (same_size.workspace.splitter.sizes(), sizes),
        (same_size.workspace.notes.splitter.sizes(), notes),
    ):
        assert all(abs(a - b) <= 4 for a, b in zip(restored, saved, strict=True)), (restored, saved)
    same_size.close()


def test_the_window_appears_before_the_store_is_imported():
    code = (
        "import os, sys\nos.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from desktop.app import make_application\nfrom desktop.paths import resolve_paths\n"
        "import tempfile\napp = make_application()\n"
        "from desktop.ui.main_window import MainWindow\n"
        "w = MainWindow(resolve_paths(tempfile.mkdtemp()).ensure())\nw.show()\napp.processEvents()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'sqlmodel', 'desktop.store'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"


def test_open_recent_lists_other_projects_and_opens_one(window, tmp_path, demo_template):
    import shutil

    other = tmp_path / "Другой проект.quaestio"
    shutil.copyfile(demo_template, other)
    first = window.project_path
    assert window.open_project(other)
    window.recent_menu.aboutToShow.emit()
    entries = [a for a in window.recent_menu.actions() if a.toolTip() == str(first)]
    assert entries and entries[0].text() == first.name
    entries[0].trigger()
    assert window.project_path == first
    window.close_project()
    assert window.project is None and window.windowTitle() == "Quaestio"
    assert window.workspace.questions.model.rowCount() == 0


def test_edit_menu_cut_and_paste_act_on_the_focused_field(window):
    select_question(window, "Q1")
    tags = window.workspace.question.tags
    tags.setFocus()
    tags.selectAll()
    text = tags.text()
    next(a for a in window.menu("&Edit").actions() if a.text() == "Cu&t").trigger()
    assert tags.text() == ""
    next(a for a in window.menu("&Edit").actions() if a.text() == "&Paste").trigger()
    assert tags.text() == text
