"""Screenshots of every page, window and dialog of the workspace, for a person to look at
(test-artifacts/workspace-*.png), and a check that Russian, Japanese and Mongolian text has a
glyph for every character in the fonts the window uses."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication

from desktop.store import repo
from desktop.store.models import Note, Request
from tests.gui.workspace.conftest import open_window, select_question, shot

SAMPLES = {
    "ru": "Российский государственный военный архив, ф. 32113, оп. 1, д. 3",
    "ja": "防衛研究所戦史研究センター 陣中日誌・戦闘詳報",
    "mn": "Гомбосүрэн, Өвөрхангай аймаг, Үндэсний төв архив",
}


def missing_glyphs(text: str, font: QFont) -> int:
    """How many characters of `text` would be drawn as boxes (glyph index 0) in `font`."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return sum(list(run.glyphIndexes()).count(0) for run in layout.glyphRuns())


def test_russian_japanese_and_mongolian_have_glyphs(qapp):
    font = QApplication.font()
    for language, text in SAMPLES.items():
        assert missing_glyphs(text, font) == 0, language


def test_screenshots_of_the_workspace_pages_and_windows(qtbot, paths, demo_path, artifacts):
    window = open_window(qtbot, paths, demo_path)
    select_question(window, "Q2")
    window.workspace.notes.list.selectRow(0)
    shot(window, artifacts, "workspace-questions-1280x800")
    pane = window.workspace.question
    for index, name in ((1, "where-to-look"), (2, "requests"), (3, "sources"), (4, "people")):
        pane.tabs.setCurrentIndex(index)
        shot(window, artifacts, f"workspace-question-{name}-1280x800")
    pane.tabs.setCurrentIndex(0)
    window.workspace.notes.modes.setCurrentIndex(1)
    shot(window, artifacts, "workspace-note-preview-1280x800")
    window.workspace.notes.modes.setCurrentIndex(0)

    for page in ("Requests", "Archives"):
        window.show_page(page)
        shot(window, artifacts, f"workspace-page-{page.lower()}-1280x800")
    window.workspace.questions.delete_selected()
    note = window.project.read(repo.list_rows, entity=Note)[0]
    window.project.write(repo.soft_delete, entity=Note, id=note.id)
    window.show_page("Trash")
    shot(window, artifacts, "workspace-page-trash-1280x800")
    window.undo_action.trigger()

    requests = window.project.read(repo.list_rows, entity=Request)
    rgva = next(r for r in requests if r.status == "closed" and r.language == "ru")
    rw = window.show_request(rgva.id)
    rw.resize(1280, 800)
    for index, name in ((0, "request"), (1, "timeline"), (2, "tracking"), (3, "letters")):
        rw.tabs.setCurrentIndex(index)
        shot(rw, artifacts, f"workspace-request-window-{name}-1280x800")
    rw.close()
    japanese = next(r for r in requests if r.language == "ja" and r.status not in ("closed", "draft"))
    rw = window.show_request(japanese.id)
    rw.resize(1280, 800)
    rw.status_box.next_status.load("closed")
    rw.status_box._target_changed()
    shot(rw, artifacts, "workspace-request-window-japanese-closing-1280x800")
    rw.close()
    window.close()


def test_screenshot_of_the_main_window_at_1920x1080(qtbot, paths, demo_path, artifacts):
    window = open_window(qtbot, paths, demo_path, size=(1920, 1080))
    select_question(window, "Q5")
    window.workspace.question.tabs.setCurrentIndex(2)
    shot(window, artifacts, "workspace-questions-1920x1080")
    window.show_page("Requests")
    shot(window, artifacts, "workspace-page-requests-1920x1080")
    window.close()


def test_screenshots_of_the_dialogs(qtbot, paths, demo_path, artifacts):
    window = open_window(qtbot, paths, demo_path)
    select_question(window, "Q4")
    pane = window.workspace.question
    pane.tabs.setCurrentIndex(1)
    pane.holdings_view.selectRow(0)
    for name, opener in (
        ("add-where-to-look", pane.add_holding),
        ("edit-where-to-look", pane.edit_holding),
        ("new-request", pane.new_request),
        ("add-source", pane.add_source),
        ("add-person", pane.add_person),
    ):
        opener()
        dialog = pane.dialog
        assert dialog is not None, name
        shot(dialog, artifacts, f"workspace-dialog-{name}")
        dialog.reject()

    request = next(r for r in window.project.read(repo.list_rows, entity=Request) if r.language == "mn")
    rw = window.show_request(request.id)
    for name, opener in (("tracking-number", rw.add_tracking_number), ("log-letter", rw.add_letter)):
        opener()
        shot(rw.dialog, artifacts, f"workspace-dialog-{name}")
        rw.dialog.reject()
    rw.close()

    preferences = window.show_preferences()
    for index in range(preferences.tabs.count()):
        preferences.tabs.setCurrentIndex(index)
        shot(preferences, artifacts, f"workspace-dialog-preferences-{index + 1}")
    preferences.reject()
    for name, opener in (
        ("new-project", window.new_project_dialog),
        ("project-properties", window.show_properties),
        ("keyboard-shortcuts", window.show_shortcuts),
    ):
        dialog = opener()
        shot(dialog, artifacts, f"workspace-dialog-{name}")
        dialog.reject()
    window.close()
