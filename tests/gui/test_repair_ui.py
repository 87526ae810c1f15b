"""Edit > Repair text on the essay's footnotes: before and after, repaired on confirm, undoable."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from desktop.ui.main_window import MainWindow
from desktop.ui.repair.actions import RepairActions
from desktop.ui.repair.dialog import RepairDialog, offer_repair
from tests.gui.test_search_ui import missing_glyphs

FOOTNOTE = (
    "Mongolian historians, see Ö. Áàòáàÿð, Ä. Ãîìáîñ¿ðýí, Монгол, Манжгогийн хилийн\n"
    "хэлэлцээ 1935-1941 он (Цэрэг-дипломатын түүх) (Óëààíáààòàð: Àëòàí ¯ñýã, 2004),\n"
    "ñòð. 74–75."
)
FIXED = (
    "Mongolian historians, see Ц. Батбаяр, Д. Гомбосүрэн, Монгол, Манжгогийн хилийн\n"
    "хэлэлцээ 1935-1941 он (Цэрэг-дипломатын түүх) (Улаанбаатар: Алтан Үсэг, 2004),\n"
    "стр. 74–75."
)
QUOTE = "Kirichenko claims [Ýòî ïðîòèâîðå÷èò ïðîñòåéøåé ëîãèêå, èáî â ýòîò ïåðèîä ßïîíèÿ]"


class Scratch(QWidget):
    """A page of plain text fields added through the window's public API (`add_page`)."""

    def __init__(self) -> None:
        super().__init__()
        self.line = QLineEdit(self)
        self.line.setAccessibleName("Citation")
        self.plain = QPlainTextEdit(self)
        self.plain.setAccessibleName("Note text")
        self.rich = QTextEdit(self)
        layout = QVBoxLayout(self)
        for widget in (self.line, self.plain, self.rich):
            layout.addWidget(widget)


@pytest.fixture
def window(qtbot, paths, demo_path) -> Iterator[MainWindow]:
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    assert window.open_project(demo_path)
    yield window
    window.close_project()


@pytest.fixture
def scratch(window) -> Scratch:
    page = Scratch()
    window.add_page("Scratch", page)
    window.show_page("Scratch")
    return page


def paste(widget: QLineEdit | QPlainTextEdit | QTextEdit, text: str) -> None:
    """What a user does: copy from a PDF, paste into the field."""
    QGuiApplication.clipboard().setText(text)
    widget.setFocus()
    widget.paste()


def open_repair(qtbot, window: MainWindow) -> RepairDialog:
    action = next(a for a in window.menu("&Edit").actions() if a.text() == "&Repair text…")
    action.trigger()
    dialog = window.findChild(RepairActions).dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_repairing_a_selection_in_a_note_changes_only_the_mojibake_and_undo_restores_it(
    qtbot, window, scratch, artifacts
):
    paste(scratch.plain, "Footnote 11.\n" + FOOTNOTE + "\nEnd.")
    cursor = scratch.plain.textCursor()
    cursor.setPosition(len("Footnote 11.\n"))
    cursor.setPosition(len("Footnote 11.\n" + FOOTNOTE), QTextCursor.MoveMode.KeepAnchor)
    scratch.plain.setTextCursor(cursor)
    scratch.plain.setFocus()

    dialog = open_repair(qtbot, window)
    assert dialog.source_text == FOOTNOTE
    assert dialog.after.toPlainText() == FIXED
    assert (
        len(dialog.runs) == 3
        and "3 passages" in dialog.summary.text()
        and "will be repaired" in dialog.summary.text()
    )
    assert "selected text" in dialog.target_label.text() and "Note text" in dialog.target_label.text()
    assert missing_glyphs("Гомбосүрэн Үсэг", dialog.after.font()) == 0
    dialog.grab().save(str(artifacts / "repair-dialog-footnote.png"))

    dialog.repair_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert scratch.plain.toPlainText() == "Footnote 11.\n" + FIXED + "\nEnd."
    assert scratch.plain.hasFocus()
    assert "Repaired 3 passages" in window.statusBar().currentMessage()
    scratch.plain.undo()  # one step of the field's own undo
    assert scratch.plain.toPlainText() == "Footnote 11.\n" + FOOTNOTE + "\nEnd."


def test_a_line_field_without_selection_is_repaired_whole(qtbot, window, scratch, artifacts):
    paste(scratch.line, QUOTE)
    scratch.line.deselect()
    dialog = open_repair(qtbot, window)
    assert "whole text" in dialog.target_label.text() and "Citation" in dialog.target_label.text()
    dialog.resize(1000, 360)
    dialog.grab().save(str(artifacts / "repair-dialog-quote.png"))
    dialog.repair_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert (
        scratch.line.text()
        == "Kirichenko claims [Это противоречит простейшей логике, ибо в этот период Япония]"
    )
    scratch.line.undo()
    assert scratch.line.text() == QUOTE


def test_rich_text_keeps_its_formatting_outside_the_repaired_runs(qtbot, window, scratch):
    scratch.rich.setHtml("<p><b>Bold English</b> Ýòî ïðîòèâîðå÷èò</p>")
    scratch.rich.setFocus()
    dialog = open_repair(qtbot, window)
    dialog.repair_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert scratch.rich.toPlainText() == "Bold English Это противоречит"
    cursor = QTextCursor(scratch.rich.document())
    cursor.setPosition(3)
    assert cursor.charFormat().fontWeight() == QFont.Weight.Bold
    cursor.setPosition(len("Bold English Это"))
    assert cursor.charFormat().fontWeight() != QFont.Weight.Bold


def test_cancel_changes_nothing(qtbot, window, scratch):
    paste(scratch.line, QUOTE)
    dialog = open_repair(qtbot, window)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert scratch.line.text() == QUOTE


def test_clean_text_offers_nothing_to_repair(qtbot, window, scratch):
    paste(scratch.line, "Attaché à Paris; Это противоречит; 防衛研究所")
    dialog = open_repair(qtbot, window)
    assert dialog.runs == [] and not dialog.repair_button.isEnabled()
    assert "nothing to repair" in dialog.summary.text()
    dialog.reject()


def test_without_a_text_field_the_pasted_text_is_repaired_onto_the_clipboard(qtbot, window, artifacts):
    window.setFocus()
    QGuiApplication.clipboard().setText(QUOTE)
    dialog = open_repair(qtbot, window)
    assert dialog.source_text == QUOTE  # the clipboard held mojibake: it is offered at once
    assert dialog.repair_button.text() == "&Copy repaired text"
    dialog.before.setPlainText("")
    assert not dialog.repair_button.isEnabled() and "Paste" in dialog.summary.text()
    dialog.paste_button.click()
    dialog.grab().save(str(artifacts / "repair-dialog-paste.png"))
    dialog.repair_button.click()
    assert QGuiApplication.clipboard().text() == (
        "Kirichenko claims [Это противоречит простейшей логике, ибо в этот период Япония]"
    )
    assert "clipboard" in window.statusBar().currentMessage()


def test_a_read_only_field_is_not_changed_and_the_repair_goes_to_the_clipboard(qtbot, window, scratch):
    paste(scratch.plain, QUOTE)
    scratch.plain.setReadOnly(True)
    scratch.plain.setFocus()
    dialog = open_repair(qtbot, window)
    assert "read-only" in dialog.target_label.text()
    dialog.repair_button.click()
    assert scratch.plain.toPlainText() == QUOTE
    assert QGuiApplication.clipboard().text().startswith("Kirichenko claims [Это")


def answer_when_shown(button: str) -> None:
    """Press a button of the modal dialog `offer_repair` is about to show."""

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RepairDialog):
            QTimer.singleShot(20, click)
        elif button == "reject":
            dialog.reject()
        else:
            dialog.repair_button.click()

    QTimer.singleShot(0, click)


def test_offer_repair_returns_the_repaired_text_or_none(qtbot, window):
    answer_when_shown("repair_button")
    assert offer_repair(window, QUOTE) == (
        "Kirichenko claims [Это противоречит простейшей логике, ибо в этот период Япония]"
    )
    answer_when_shown("reject")
    assert offer_repair(window, QUOTE) is None
    assert offer_repair(window, "Nothing wrong here: Это, 戦史") is None  # no dialog at all


def note_editor(qtbot, window: MainWindow) -> QPlainTextEdit:
    """The workspace's note editor for Q2 (found by its accessible name, as a screen reader would)."""
    from desktop.store import queries

    q2 = next(q for q in window.project.read(queries.question_summaries) if q.code == "Q2")
    window.show_question(q2.id)
    editor = next(
        w for w in window.findChildren(QPlainTextEdit) if w.accessibleName() == "Note text" and w.isVisible()
    )
    qtbot.waitUntil(lambda: editor.isEnabled() and bool(editor.toPlainText()))
    return editor


def stored_bodies(window: MainWindow) -> str:
    from desktop.store import repo
    from desktop.store.models import Note

    return "\n".join(n.body for n in window.project.read(repo.list_rows, entity=Note))


def test_the_essays_mojibake_repaired_in_a_note_is_saved_to_the_project(qtbot, window, artifacts):
    editor = note_editor(qtbot, window)
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    start = cursor.position() + 1
    cursor.insertText("\n" + FOOTNOTE)  # as if typed or kept from an old import
    cursor.setPosition(start)
    cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)

    dialog = open_repair(qtbot, window)
    assert dialog.source_text == FOOTNOTE
    dialog.repair_button.click()
    qtbot.waitUntil(lambda: FIXED in stored_bodies(window), timeout=5000)  # the note saved itself
    assert FOOTNOTE not in stored_bodies(window)
    window.grab().save(str(artifacts / "repair-note-saved.png"))


def test_mojibake_pasted_into_a_note_is_offered_for_repair(qtbot, window):
    editor = note_editor(qtbot, window)
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    QGuiApplication.clipboard().setText(QUOTE)
    answer_when_shown("repair_button")
    editor.paste()
    assert editor.toPlainText().endswith(
        "Kirichenko claims [Это противоречит простейшей логике, ибо в этот период Япония]"
    )
    qtbot.waitUntil(lambda: "[Это противоречит простейшей логике" in stored_bodies(window), timeout=5000)
