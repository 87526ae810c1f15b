"""The note pane: writing in three scripts, autosave, formatting, reopening the project."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.store import repo
from desktop.store.models import Note
from tests.gui.workspace.conftest import open_window, select_question, type_text

RUSSIAN = "Протокол допроса Бьямбы, РГВА ф. 32113."
JAPANESE = "防衛研究所戦史研究センターの陣中日誌"
MONGOLIAN = "Гомбосүрэн, Өвөрхангай аймаг"


def _note(window, note_id: str):
    return window.project.read(repo.get, entity=Note, id=note_id)


def test_write_a_note_and_find_it_after_reopening_the_project(qtbot, paths, demo_path):
    window = open_window(qtbot, paths, demo_path)
    qid = select_question(window, "Q4")
    notes = window.workspace.notes
    before = notes.model.rowCount()
    notes.new_button.click()
    assert notes.model.rowCount() == before + 1
    assert notes.title.hasFocus() and notes.title.selectedText() == "New note"
    type_text(notes.title, "Бьямба: 尋問記録")
    type_text(notes.editor, f"## {RUSSIAN}\n\n{JAPANESE}\n\n- {MONGOLIAN}")
    note_id = notes.note_id
    window.close()  # saves what was typed, closes the project

    again = open_window(qtbot, paths, demo_path)
    again.show_question(qid)
    pane = again.workspace.notes
    row = pane.model.row_of_id(note_id)
    assert row >= 0 and pane.model.row_at(row).title == "Бьямба: 尋問記録"
    pane.list.selectRow(row)
    assert pane.editor.toPlainText() == f"## {RUSSIAN}\n\n{JAPANESE}\n\n- {MONGOLIAN}"
    assert pane.meta.text().startswith("By Ana Historian")
    stored = _note(again, note_id)
    assert stored.question_id == qid and stored.created_by == "Ana Historian"
    again.close()


def test_the_note_saves_itself_within_a_second_after_typing_stops(window, qtbot):
    select_question(window, "Q1")
    notes = window.workspace.notes
    note_id = notes.note_id
    assert note_id is not None
    old = _note(window, note_id).body
    notes.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(notes.editor, "\n\nКривошеев, с. 179 — 確認済み")
    assert notes.dirty and notes.state.text() == "Editing…"
    assert _note(window, note_id).body == old  # not on every keystroke
    with qtbot.waitSignal(notes.saved, timeout=1500):
        pass
    assert _note(window, note_id).body == old + "\n\nКривошеев, с. 179 — 確認済み"
    assert not notes.dirty and notes.state.text().startswith("Saved")


def test_switching_question_or_leaving_the_editor_saves_at_once(window):
    select_question(window, "Q2")
    notes = window.workspace.notes
    first = notes.note_id
    notes.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(notes.editor, " Ежов")
    select_question(window, "Q3")  # no waiting
    assert _note(window, first).body.endswith(" Ежов")

    second = notes.note_id
    notes.editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(notes.editor, " Өлзий")
    window.workspace.questions.view.setFocus()  # focus leaves the editor
    assert notes.timer.isActive() is False
    assert _note(window, second).body.endswith(" Өлзий")


def test_formatting_toolbar_writes_markdown_and_the_preview_renders_it(window):
    select_question(window, "Q5")
    notes = window.workspace.notes
    notes.new_note()
    editor = notes.editor
    type_text(editor, "Tsuji met Zhukov")
    cursor = editor.textCursor()
    cursor.setPosition(len("Tsuji met "))
    cursor.setPosition(len("Tsuji met Zhukov"), QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    QTest.keyClick(editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == "Tsuji met **Zhukov**"
    notes.toolbar.actions()[2].trigger()  # heading
    assert editor.toPlainText() == "## Tsuji met **Zhukov**"
    editor.moveCursor(QTextCursor.MoveOperation.End)
    type_text(editor, "\nCIA name file")
    notes.toolbar.actions()[3].trigger()  # list
    assert editor.toPlainText().endswith("\n- CIA name file")
    notes.toolbar.actions()[4].trigger()  # link
    assert editor.textCursor().selectedText() == "https://"
    type_text(editor, "https://www.cia.gov/readingroom")
    assert "[link text](https://www.cia.gov/readingroom)" in editor.toPlainText()

    notes.modes.setCurrentWidget(notes.view)
    html = notes.view.toHtml()
    assert "Zhukov" in html and "font-weight" in html  # heading and bold rendered
    assert notes.view.document().toPlainText().startswith("Tsuji met Zhukov")
    assert notes.flush()
    assert _note(window, notes.note_id).body.startswith("## Tsuji met **Zhukov**")


def test_html_in_a_note_previews_as_the_text_it_is(window, artifacts):
    select_question(window, "Q4")
    notes = window.workspace.notes
    notes.new_note()
    body = (
        "Pasted from the finding aid: <b>Фонд 33987</b> <script>x()</script> <img src=x.png>\n\n"
        "<div>ГАРФ, оп. 3</div>\n\n**Still Markdown** and a [link](https://rgaspi.org) after the HTML"
    )
    notes.editor.setPlainText(body)
    notes.modes.setCurrentWidget(notes.view)
    shown = notes.view.document().toPlainText()
    # nothing swallowed: the tags as text, and everything after them still there and formatted
    for text in ("<b>Фонд 33987</b>", "<script>x()</script>", "<img src=x.png>", "<div>ГАРФ, оп. 3</div>"):
        assert text in shown
    assert "Still Markdown and a link after the HTML" in shown
    html = notes.view.toHtml()
    assert 'href="https://rgaspi.org"' in html and "font-weight" in html
    window.grab().save(str(artifacts / "note-with-html-preview.png"))


def test_delete_a_note_undo_and_restore_it_from_the_trash(window):
    select_question(window, "Q1")
    notes = window.workspace.notes
    note_id = notes.note_id
    title = notes.title.text()
    count = notes.model.rowCount()
    notes.delete_button.click()
    assert notes.model.rowCount() == count - 1
    # still in the file, marked as in the Trash
    assert window.project.read(repo.get, entity=Note, id=note_id, include_deleted=True).deleted_at

    window.undo_action.trigger()
    assert notes.model.row_of_id(note_id) >= 0
    window.redo_action.trigger()
    assert notes.model.row_of_id(note_id) < 0

    window.show_page("Trash")
    trash = window.trash_view
    row = trash.model.row_of_id(f"note:{note_id}")
    assert row >= 0 and trash.model.row_at(row).label == title
    trash.view.selectRow(row)
    assert trash.restore_selected() == 1
    assert trash.model.row_of_id(f"note:{note_id}") < 0
    assert window.project.read(repo.get, entity=Note, id=note_id).deleted_at is None
    window.show_page("Questions")
    assert notes.model.row_of_id(note_id) >= 0


MOJIBAKE = "Ýòî ïðîòèâîðå÷èò ïðîñòåéøåé ëîãèêå (Ö. Áàòáàÿð, Ä. Ãîìáîñ¿ðýí)"
REPAIRED = "Это противоречит простейшей логике (Ц. Батбаяр, Д. Гомбосүрэн)"


def _answer_repair_dialog(accept: bool) -> list[str]:
    """When the repair dialog opens (modal), note what it shows and press OK or Cancel."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not shown yet: look again on the next turn of the event loop
            QTimer.singleShot(10, answer)
            return
        seen.append(dialog.after.toPlainText())
        dialog.accept() if accept else dialog.reject()

    QTimer.singleShot(0, answer)
    return seen


def test_pasted_mojibake_is_offered_for_repair(window, qtbot):
    select_question(window, "Q3")
    notes = window.workspace.notes
    notes.new_note()
    QApplication.clipboard().setText(MOJIBAKE)
    seen = _answer_repair_dialog(accept=True)
    notes.editor.setFocus()
    notes.editor.paste()
    assert seen == [REPAIRED]
    assert notes.editor.toPlainText() == REPAIRED
    assert notes.flush()
    assert _note(window, notes.note_id).body == REPAIRED

    declined = _answer_repair_dialog(accept=False)
    notes.editor.paste()
    assert declined == [REPAIRED]
    assert notes.editor.toPlainText() == REPAIRED + MOJIBAKE  # the user said no: pasted as it was

    QApplication.clipboard().setText("Кривошеев, с. 179")  # correct Cyrillic: no question asked
    notes.editor.paste()
    assert notes.editor.toPlainText().endswith("Кривошеев, с. 179")
