"""A historian's day in the window (offscreen): what a user trips over, each shown by a test."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.store import repo
from desktop.store.models import Archive, Note
from desktop.ui.main_window import MainWindow
from desktop.ui.search.menus import FindActions
from tests.gui.workspace.conftest import select_question, shot, type_text


def _on_overview(qtbot, paths, project, size: tuple[int, int]) -> tuple[MainWindow, Any]:
    """A window of `size` with `project` open and its Overview read and shown; (window, page)."""
    from desktop.ui.overview import DeadlinesFeature

    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    page = window.findChild(DeadlinesFeature).page
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        assert window.open_project(project)
    window.show_page("Overview")
    return window, page


def _archive_id(window: MainWindow, short: str) -> str:
    return next(a.id for a in window.project.read(repo.list_rows, entity=Archive) if a.identifier == short)


def test_a_new_request_found_by_search_shows_its_kind_in_words(qtbot, window, artifacts):
    """A request drafted without a purpose: search showed the raw "archival_query" under Found in."""
    select_question(window, "Q4")
    pane = window.workspace.question
    pane.new_request()
    dialog = pane.dialog
    dialog.archive.load(_archive_id(window, "TEG Special Archive"))
    type_text(dialog.subject, "Бямбаагийн хэрэг")
    dialog.accept()
    window.find()
    panel = window.findChild(FindActions).panel
    qtbot.waitUntil(panel.isVisible)
    type_text(panel.query, "Бямбаагийн")
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0 and "for “" in panel.status.text())
    row = [panel.model.index(0, c).data() for c in range(3)]
    assert row[:2] == ["Request", "Бямбаагийн хэрэг"]
    assert "archival_query" not in row[2] and row[2] == "Archival query"
    panel.resize(760, 300)
    shot(panel, artifacts, "historian-search-new-request")


def test_enter_in_a_new_note_title_goes_on_to_its_text(qtbot, window, artifacts):
    """Keyboard only: Ctrl+Alt+N, type the title, Enter, type the note. Enter did nothing, so
    the note's text ran on into its title."""
    select_question(window, "Q4")
    notes = window.workspace.notes
    QTest.keyClick(
        window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    qtbot.waitUntil(notes.title.hasFocus)
    type_text(notes.title, "Хуралдаан")
    QTest.keyClick(notes.title, Qt.Key.Key_Return)
    qtbot.waitUntil(notes.editor.hasFocus)
    type_text(QApplication.focusWidget(), "Монгол тэмдэглэл. 日本語のメモ。")
    assert notes.title.text() == "Хуралдаан"
    assert notes.editor.toPlainText() == "Монгол тэмдэглэл. 日本語のメモ。"
    notes.flush()
    note = window.project.read(repo.get, entity=Note, id=notes.note_id)
    assert (note.title, note.body) == ("Хуралдаан", "Монгол тэмдэглэл. 日本語のメモ。")
    shot(window, artifacts, "historian-keyboard-note")


def test_what_was_just_added_to_a_question_is_the_selected_row(qtbot, window, artifacts):
    """Add an archive to "where to look", draft a request to it: each new row is the selected one,
    so Edit…/Open act on it (nothing was selected, and Open did nothing)."""
    select_question(window, "Q4")
    pane = window.workspace.question
    pane.tabs.setCurrentIndex(1)
    pane.add_holding()
    dialog = pane.dialog
    dialog.archive.load(_archive_id(window, "SPbF ARAN"))
    type_text(dialog.rationale, "Фонд 32113 — 第一軍の記録")
    dialog.accept()
    assert pane.selected_holding() is not None and pane.selected_holding().archive_id == _archive_id(
        window, "SPbF ARAN"
    )
    assert "Фонд 32113" in pane.holding_text.toPlainText()
    shot(window, artifacts, "historian-where-to-look-added")

    pane.new_request()  # to the archive selected in "where to look"
    dialog = pane.dialog
    assert dialog.archive.value() == _archive_id(window, "SPbF ARAN") and dialog.language.value() == "ru"
    type_text(dialog.subject, "Запрос о деле Бямбаа")
    dialog.accept()
    assert pane.tabs.currentIndex() == 2
    [request_id] = pane.selected_request_ids()
    pane.open_request_button.click()
    request_window = window.show_request(request_id)
    assert request_window.subject.text() == "Запрос о деле Бямбаа"
    shot(window, artifacts, "historian-request-added")
    request_window.close()


def test_a_new_projects_overview_says_how_requests_get_there(qtbot, paths, tmp_path, identity, artifacts):
    """A new project's Overview showed empty tables, "0 due within 7 days" and a timeline of
    "requests running since 1 November 2024": nothing said there are no requests, or how to add one."""
    from desktop.store.project import create_project

    path = tmp_path / "Второй проект.quaestio"
    create_project(path, identity, title="Второй проект — 第二").close()
    window, page = _on_overview(qtbot, paths, path, (1280, 800))
    summary = page.summary.text()
    assert "No requests yet" in summary and "New request" in summary
    assert "running since" not in page.timeline_box.title()
    shot(window, artifacts, "historian-new-project-overview")
    window.close_project()


def test_the_overview_fits_a_1024_pixel_window(qtbot, paths, demo_path, artifacts):
    """On a 1024-pixel-wide window the Overview scrolled sideways: the timeline's legend (one
    unbreakable line) hid the Draft follow-up buttons and the reasons for each date."""
    window, page = _on_overview(qtbot, paths, demo_path, (1024, 700))
    QApplication.processEvents()
    scroll = window.pages.currentWidget()
    assert not scroll.horizontalScrollBar().isVisible()
    assert page.width() <= scroll.viewport().width()
    shot(window, artifacts, "historian-overview-1024x700")
    window.close_project()
