"""The questions list and the question pane: create, edit, filter, sort, delete and undo."""

from __future__ import annotations

import pytest

from desktop.store import repo
from desktop.store.models import Question
from tests.gui.workspace.conftest import press_enter, select_question, shot, type_text


def _codes(window) -> list[str]:
    model = window.workspace.questions.model
    return [model.row_at(r).code for r in range(model.rowCount())]


def test_create_a_question_and_edit_its_fields_in_three_scripts(window, qtbot):
    window.new_question_action.trigger()
    pane = window.workspace.question
    assert pane.code_label.text() == "Q6"
    assert pane.title.hasFocus() and pane.title.selectedText() == "New question"

    type_text(pane.title, "Who ordered the crossing? Кто отдал приказ? 誰が渡河を命じたか")
    press_enter(pane.title)
    pane.status.choose("investigating")
    pane.priority.choose(1)
    type_text(pane.tags, "orders, Халхин-Гол; Халх гол")
    press_enter(pane.tags)
    type_text(pane.texts["background"], "Монгол цэргийн тушаал")
    pane.texts["background"].clearFocus()
    pane.commit_pending()

    (row,) = window.project.read(repo.list_rows, entity=Question, where={"code": "Q6"})
    assert row.title == "Who ordered the crossing? Кто отдал приказ? 誰が渡河を命じたか"
    assert row.status == "investigating" and row.priority == 1
    assert row.tags == ["orders", "Халхин-Гол", "Халх гол"]
    assert row.background == "Монгол цэргийн тушаал"
    assert row.updated_by == "Ana Historian"
    # the list shows it, selected, and the header says who edited it
    assert window.selected_question_id() == row.id
    assert "Q6" in _codes(window)
    assert pane.edited.text().startswith("Last edited by Ana Historian on 2026-")


def test_the_new_question_button_and_the_list_menu(window):
    pane = window.workspace.questions
    pane.new_button.click()
    assert window.workspace.question.code_label.text() == "Q6"
    assert "Q6" in _codes(window)
    delete = next(a for a in pane.view.actions() if a.text() == "Delete question")
    delete.trigger()
    assert "Q6" not in _codes(window)
    (row,) = window.project.read(repo.list_rows, entity=Question, deleted=True)
    assert row.code == "Q6"


def test_an_emptied_title_is_put_back_rather_than_saved(window):
    qid = select_question(window, "Q1")
    pane = window.workspace.question
    pane.title.selectAll()
    pane.title.del_()
    press_enter(pane.title)
    assert window.project.read(repo.get, entity=Question, id=qid).title.startswith("The casualty balance")
    assert pane.title.text().startswith("The casualty balance")


def test_filters_by_text_status_tag_archive_and_city(window, qtbot):
    pane = window.workspace.questions
    type_text(pane.search, "Bogdanov")
    qtbot.waitUntil(lambda: _codes(window) == ["Q3"])
    assert pane.count_label.text() == "1 of 5 questions"
    pane.clear_filters()
    assert len(_codes(window)) == 5

    pane.set_filter(pane.status_filter, "open")
    assert set(_codes(window)) == {"Q2", "Q4"}
    pane.clear_filters()
    pane.set_filter(pane.tag_filter, "FOIA")
    assert _codes(window) == ["Q5"]
    pane.clear_filters()
    pane.set_filter(pane.city_filter, "Washington")
    assert _codes(window) == ["Q5"]
    pane.clear_filters()
    archive = next(
        i for i in range(pane.archive_filter.count()) if pane.archive_filter.itemText(i).startswith("CIA")
    )
    pane.set_filter(pane.archive_filter, pane.archive_filter.itemData(archive))
    assert _codes(window) == ["Q5"]


@pytest.mark.qt_log_ignore("does not support grabbing the keyboard")  # an open popup, offscreen
def test_the_filter_choices_are_read_when_the_filter_row_is_used(window, qtbot, artifacts):
    from PySide6.QtCore import Qt

    pane = window.workspace.questions
    assert pane.tag_filter.count() == 1  # "Any tag": not read at open
    pane.tag_filter.showPopup()  # a click opens it: every tag is there
    tags = [pane.tag_filter.itemText(i) for i in range(pane.tag_filter.count())]
    assert tags[0] == "Any tag" and {"FOIA", "Komatsubara"} <= set(tags)
    shot(pane.tag_filter.view(), artifacts, "questions-tag-filter-open")
    pane.tag_filter.hidePopup()

    q5 = next(q for q in window.project.read(repo.list_rows, entity=Question) if q.code == "Q5")
    window.project.write(repo.update, entity=Question, id=q5.id, values={"tags": [*q5.tags, "Нова тема"]})
    pane.tag_filter.showPopup()  # read again after a change
    assert pane.tag_filter.findText("Нова тема") > 0
    pane.tag_filter.hidePopup()

    pane.city_filter.setFocus()  # the keyboard: focus, then Down picks the first city
    qtbot.waitUntil(pane.city_filter.hasFocus)
    assert pane.city_filter.count() > 4
    qtbot.keyClick(pane.city_filter, Qt.Key.Key_Down)
    assert pane.city_filter.currentIndex() == 1
    first_city = pane.city_filter.currentData()
    qtbot.waitUntil(lambda: pane.current_filter().city == first_city)


def test_a_chosen_tag_the_project_no_longer_has_goes_back_to_any(window):
    pane = window.workspace.questions
    pane.set_filter(pane.tag_filter, "FOIA")
    assert _codes(window) == ["Q5"]
    q5 = next(q for q in window.project.read(repo.list_rows, entity=Question) if q.code == "Q5")
    window.project.write(repo.update, entity=Question, id=q5.id, values={"tags": ["CIA"]})
    assert pane.tag_filter.currentData() is None and len(_codes(window)) == 5


def test_show_question_clears_a_filter_that_hides_it(window, qtbot):
    pane = window.workspace.questions
    type_text(pane.search, "Tsuji")
    qtbot.waitUntil(lambda: _codes(window) == ["Q5"])
    q3 = next(q.id for q in window.project.read(repo.list_rows, entity=Question) if q.code == "Q3")
    window.show_question(q3)
    assert window.selected_question_id() == q3 and len(_codes(window)) == 5
    assert window.workspace.question.code_label.text() == "Q3"


def test_sort_by_overdue_and_title(window):
    pane = window.workspace.questions
    pane.sort_combo.setCurrentIndex(pane.sort_combo.findData("overdue"))
    pane.order_button.setChecked(True)  # descending
    rows = [pane.model.row_at(r) for r in range(pane.model.rowCount())]
    assert [r.overdue_requests for r in rows] == sorted((r.overdue_requests for r in rows), reverse=True)
    assert rows[0].overdue_requests > 0
    pane.sort_combo.setCurrentIndex(pane.sort_combo.findData("title"))
    pane.order_button.setChecked(False)
    titles = [pane.model.row_at(r).title for r in range(pane.model.rowCount())]
    assert titles == sorted(titles, key=str.lower)


def test_delete_a_question_then_undo_and_redo(window):
    qid = select_question(window, "Q2")
    window.workspace.questions.view.setFocus()
    window.delete_action.trigger()
    assert "Q2" not in _codes(window)
    assert window.project.read(repo.get, entity=Question, id=qid, include_deleted=True).deleted_at is not None
    assert window.undo_action.text() == "&Undo Delete question Q2"

    window.undo_action.trigger()
    assert "Q2" in _codes(window)
    assert window.project.read(repo.get, entity=Question, id=qid).deleted_at is None

    window.redo_action.trigger()
    assert "Q2" not in _codes(window)


def test_undo_an_edit_puts_the_old_text_back(window):
    qid = select_question(window, "Q4")
    pane = window.workspace.question
    before = pane.title.text()
    pane.title.selectAll()
    type_text(pane.title, "Biambaa: defector or agent?")
    press_enter(pane.title)
    assert window.project.read(repo.get, entity=Question, id=qid).title == "Biambaa: defector or agent?"
    window.undo_action.trigger()
    assert window.project.read(repo.get, entity=Question, id=qid).title == before
    assert pane.title.text() == before


def test_every_field_of_the_question_pane_has_a_name_for_screen_readers(window):
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

    select_question(window, "Q2")
    pane = window.workspace.question
    fields = [
        w
        for kind in (QLineEdit, QComboBox, QPlainTextEdit, QTextEdit)
        for w in pane.content.findChildren(kind)
        if w.isVisibleTo(pane) and not isinstance(w.parent(), QComboBox)  # a combo's own line edit
    ]
    assert len(fields) >= 6
    assert [w for w in fields if not w.accessibleName()] == []
    assert {"Title", "Status", "Priority", "Tags"} <= {w.accessibleName() for w in fields}
