"""Sharing in the window: share a copy, merge with conflicts decided in the dialog, the report and
Undo merge, restore from backup, history, and the banners. Screenshots go to the artifacts folder."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.store import repo
from desktop.store.models import Note, Question
from desktop.store.project import Project, open_project
from desktop.ui.main_window import MainWindow
from tests.unit.store.merging import ANA, BOB, content, two_copies


def type_text(widget: QWidget, text: str) -> None:
    """One key event per character: safe for Cyrillic, Mongolian and Japanese (PLATFORM-NOTES)."""
    widget.setFocus()
    for ch in text:
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )


def open_window(qtbot, paths, path: Path, *, readonly: bool = False) -> MainWindow:
    window = MainWindow(paths, today=lambda: date(2026, 11, 26))
    qtbot.addWidget(window)
    window.update_config(replace(window.config, author_name="Ana Historian"))
    window.resize(1280, 820)
    window.show()
    assert window.open_project(path, readonly=readonly)
    window.show_page("Questions")
    return window


def _typed(project: Project) -> dict:
    """What people typed: every record's content, without the due dates the deadlines feature
    derives again after any change (it recomputes them when the window announces a merge)."""
    derived = {"due_on", "due_basis"}
    return {k: {f: v for f, v in row.items() if f not in derived} for k, row in content(project).items()}


def _q(project: Project, code: str):
    return next(q for q in project.read(repo.list_rows, entity=Question) if q.code == code)


@pytest.fixture
def answer_yes(monkeypatch):
    asked: list[str] = []

    def question(*args, **_kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_merge_with_conflicts_decided_in_the_dialog_then_undo(
    qtbot, paths, tmp_path, demo_template, artifacts, answer_yes
):
    mine, theirs = two_copies(demo_template, tmp_path)
    with open_project(mine, ANA) as p:  # a week of Ana's work
        p.write(
            repo.update,
            entity=Question,
            id=_q(p, "Q2").id,
            values={"title": "Комацубара и НКВД", "tags": ["NKVD", "1939"]},
        )
        p.write(
            repo.update,
            entity=Question,
            id=_q(p, "Q3").id,
            values={"background": "Богданов, хуучин газрын зураг"},
        )
        p.write(repo.update, entity=Question, id=_q(p, "Q1").id, values={"priority": 1})
        note = p.read(repo.list_rows, entity=Note, where={"question_id": _q(p, "Q2").id})[0]
        p.write(repo.update, entity=Note, id=note.id, values={"body": "Архив ЦА ФСБ, дело Комацубары"})
    with open_project(theirs, BOB) as p:  # ... and Bob's
        p.write(
            repo.update,
            entity=Question,
            id=_q(p, "Q2").id,
            values={"title": "小松原道太郎とソ連諜報", "tags": ["NKVD", "ハルビン"]},
        )
        p.write(
            repo.update,
            entity=Question,
            id=_q(p, "Q3").id,
            values={"background": "Bogdanov's maps, Mongolian archive"},
        )
        p.write(repo.update, entity=Question, id=_q(p, "Q4").id, values={"status": "investigating"})
        p.write(repo.update, entity=Note, id=note.id, values={"body": "防衛研究所：小松原日記"})
        p.write(repo.create, entity=Question, values={"code": "Q6", "title": "Чойбалсан ба Жуков, 1939"})

    # Bob shares a copy from his window ...
    bob_window = open_window(qtbot, paths, theirs)
    sent = tmp_path / "mail" / "Khalkhin Gol from Bob.quaestio"
    bob_window.sharing.share_copy(sent)
    qtbot.waitUntil(lambda: bob_window.sharing.last_shared is not None, timeout=20000)
    assert sent.is_file() and "Shared a checked copy" in bob_window.statusBar().currentMessage()
    bob_window.close()

    # ... and Ana merges it into hers
    window = open_window(qtbot, paths, mine)
    feature = window.sharing
    feature.merge_copy(sent)
    qtbot.waitUntil(
        lambda: feature.conflict_dialog is not None and feature.conflict_dialog.isVisible(), timeout=20000
    )
    dialog = feature.conflict_dialog
    assert dialog.table.rowCount() == 3  # Q2 title, Q2 tags, Q3 background; the note gets a conflict copy
    fields = [dialog.table.item(r, 1).text() for r in range(3)]
    assert sorted(fields) == ["Background and hypothesis", "Tags", "Title"]
    assert (
        "Ana Historian" in dialog.table.item(0, 2).text()
        and "Bob Archivist" in dialog.table.item(0, 3).text()
    )
    row = {f: r for r, f in enumerate(fields)}

    dialog.table.selectRow(row["Title"])  # an edited title, typed in both scripts
    dialog.result_text.selectAll()
    type_text(dialog.result_text, "Комацубара / 小松原")
    assert dialog.table.item(row["Title"], 4).text() == "Edited"
    dialog.table.selectRow(row["Tags"])
    qtbot.mouseClick(dialog.use_theirs, Qt.MouseButton.LeftButton)
    dialog.table.selectRow(row["Background and hypothesis"])
    qtbot.mouseClick(dialog.use_mine, Qt.MouseButton.LeftButton)
    dialog.table.selectRow(row["Title"])
    dialog.grab().save(str(artifacts / "sharing-conflict-dialog.png"))
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(
        lambda: feature.report_dialog is not None and feature.report_dialog.isVisible(), timeout=20000
    )
    report = feature.last_report
    assert sorted(rc.choice for rc in report.conflicts) == ["both", "edit", "mine", "theirs"]
    text = feature.report_dialog.browser.toPlainText()
    assert "Merged Khalkhin Gol from Bob.quaestio" in text and "Bob Archivist" in text
    assert "Чойбалсан ба Жуков" in text and "conflict copy" in text
    feature.report_dialog.grab().save(str(artifacts / "sharing-merge-report.png"))

    project = window.project
    assert _q(project, "Q2").title == "Комацубара / 小松原"
    assert _q(project, "Q2").tags == ["NKVD", "ハルビン"]
    assert _q(project, "Q3").background == "Богданов, хуучин газрын зураг"
    assert _q(project, "Q4").status == "investigating" and _q(project, "Q1").priority == 1
    assert any(n.body == "防衛研究所：小松原日記" for n in project.read(repo.list_rows, entity=Note))
    assert project.read(repo.get, entity=Note, id=note.id).body == "Архив ЦА ФСБ, дело Комацубары"
    assert window.workspace.questions.model.rowCount() == 6  # the window re-read the project
    assert feature.undo_merge_action.isEnabled()

    # Undo merge, from the report
    with open_project(Path(report.backup), ANA, readonly=True) as before_merge:
        expected = _typed(before_merge)
    qtbot.mouseClick(feature.report_dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "undone" in window.statusBar().currentMessage(), timeout=20000)
    assert answer_yes and "Undo the merge of Khalkhin Gol from Bob.quaestio" in answer_yes[-1]
    assert _typed(window.project) == expected
    assert window.workspace.questions.model.rowCount() == 5
    assert not feature.undo_merge_action.isEnabled()
    window.close()


def test_a_merge_without_conflicts_goes_straight_to_the_report(qtbot, paths, tmp_path, demo_template):
    mine, theirs = two_copies(demo_template, tmp_path)
    with open_project(theirs, BOB) as p:
        p.write(repo.create, entity=Question, values={"code": "Q7", "title": "Халхын голын дайн"})
    window = open_window(qtbot, paths, mine)
    window.sharing.merge_copy(theirs)
    qtbot.waitUntil(lambda: window.sharing.report_dialog is not None, timeout=20000)
    assert window.sharing.conflict_dialog is None
    assert window.sharing.last_report.count("added") == 1
    window.close()


def test_an_edited_value_that_does_not_fit_keeps_the_dialog_open(qtbot, paths, tmp_path, demo_template):
    mine, theirs = two_copies(demo_template, tmp_path)
    for path, who, value in ((mine, ANA, 1), (theirs, BOB, 3)):
        with open_project(path, who) as p:
            p.write(repo.update, entity=Question, id=_q(p, "Q5").id, values={"priority": value})
    window = open_window(qtbot, paths, mine)
    window.sharing.merge_copy(theirs)
    qtbot.waitUntil(lambda: window.sharing.conflict_dialog is not None, timeout=20000)
    dialog = window.sharing.conflict_dialog
    dialog.result_text.selectAll()
    type_text(dialog.result_text, "высокий")
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible() and "Priority" in dialog.error.text()
    dialog.result_text.selectAll()
    type_text(dialog.result_text, "2")
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sharing.report_dialog is not None, timeout=20000)
    assert _q(window.project, "Q5").priority == 2
    window.close()


def test_cancelling_the_review_changes_nothing(qtbot, paths, tmp_path, demo_template):
    mine, theirs = two_copies(demo_template, tmp_path)
    for path, who, title in ((mine, ANA, "A"), (theirs, BOB, "B")):
        with open_project(path, who) as p:
            p.write(repo.update, entity=Question, id=_q(p, "Q1").id, values={"title": title})
    window = open_window(qtbot, paths, mine)
    before = content(window.project)
    window.sharing.merge_copy(theirs)
    qtbot.waitUntil(lambda: window.sharing.conflict_dialog is not None, timeout=20000)
    window.sharing.conflict_dialog.reject()
    assert "nothing was changed" in window.statusBar().currentMessage()
    assert content(window.project) == before and not list(paths.backups_dir.iterdir())
    window.close()


def test_refusing_another_projects_file_says_why(qtbot, paths, demo_path, empty_template, monkeypatch):
    shown = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *args, **_k: (shown.append(args[2]), QMessageBox.StandardButton.No)[1],
    )
    window = open_window(qtbot, paths, demo_path)
    before = _typed(window.project)
    window.sharing.merge_copy(empty_template)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "different project" in shown[0] and "open it separately" in shown[0]
    assert "as a new project" in shown[0]  # declined here: nothing imported, nothing changed
    assert window.project.path == demo_path and _typed(window.project) == before
    window.close()


def test_back_up_then_restore_from_the_dialog(qtbot, paths, demo_path, artifacts, answer_yes):
    window = open_window(qtbot, paths, demo_path)
    feature = window.sharing
    feature.backup_now()
    qtbot.waitUntil(lambda: "Backed up to" in window.statusBar().currentMessage(), timeout=20000)
    before = _typed(window.project)
    window.project.write(
        repo.create, entity=Question, values={"code": "Q9", "title": "после резервной копии"}
    )
    dialog = feature.restore_from_backup()
    assert dialog is not None and dialog.tree.topLevelItemCount() == 1
    assert dialog.tree.topLevelItem(0).text(1) == "manual" and dialog.restore_button.isEnabled()
    dialog.grab().save(str(artifacts / "sharing-restore-dialog.png"))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Restored from" in window.statusBar().currentMessage(), timeout=20000)
    assert _typed(window.project) == before
    assert window.workspace.questions.model.rowCount() == 5
    assert any("before-restore" in p.name for p in paths.backups_dir.iterdir())
    window.close()


def test_question_history_dialog(qtbot, paths, tmp_path, demo_template, artifacts):
    mine, theirs = two_copies(demo_template, tmp_path)
    with open_project(mine, ANA) as p:
        q2 = _q(p, "Q2")
        p.write(repo.update, entity=Question, id=q2.id, values={"status": "investigating"})
    with open_project(theirs, BOB) as p:
        p.write(repo.update, entity=Question, id=q2.id, values={"answer_summary": "小松原は監視されていた"})
    window = open_window(qtbot, paths, mine)
    window.sharing.merge_copy(theirs)
    qtbot.waitUntil(lambda: window.sharing.report_dialog is not None, timeout=20000)
    window.sharing.report_dialog.close()
    window.show_question(q2.id)
    dialog = window.sharing.show_question_history()
    assert dialog is not None
    rows = [
        [dialog.tree.topLevelItem(i).text(c) for c in range(6)]
        for i in range(dialog.tree.topLevelItemCount())
    ]
    assert rows[0][1:] == [
        "Bob Archivist (merged)",
        rows[0][2],
        "changed Answer summary",
        "—",
        "小松原は監視されていた",
    ]
    assert any(r[1] == "Ana Historian" and r[3] == "changed Status" for r in rows)
    assert dialog.last_label.text().startswith("Last edited by Bob Archivist")
    dialog.grab().save(str(artifacts / "sharing-history.png"))
    window.close()


# --- banners ------------------------------------------------------------------------------------------


def _banner_shot(window: MainWindow, artifacts: Path, name: str) -> None:
    window.resize(1280, 420)
    window.grab().save(str(artifacts / name))


def test_a_project_in_a_dropbox_folder_gets_a_banner_pointing_to_share_a_copy(
    qtbot, paths, tmp_path, demo_template, artifacts
):
    folder = tmp_path / "Dropbox" / "Research"
    folder.mkdir(parents=True)
    path = folder / "Khalkhin Gol.quaestio"
    shutil.copyfile(demo_template, path)
    window = open_window(qtbot, paths, path)
    banner = window.sharing.banners["location"]
    assert banner.isVisible() and "synced by Dropbox" in banner.label.text()
    assert [b.text() for b in banner.buttons] == ["Share a copy…"]
    _banner_shot(window, artifacts, "sharing-banner-cloud.png")
    window.close()


def test_conflicted_copies_beside_the_project_are_offered_for_merging(qtbot, paths, demo_path, artifacts):
    copy = demo_path.with_name(f"{demo_path.stem} (Bob Archivist's conflicted copy 2026-11-25).quaestio")
    shutil.copyfile(demo_path, copy)
    with open_project(copy, BOB) as p:
        p.write(repo.create, entity=Question, values={"code": "Q8", "title": "Ноутбук дээр"})
    window = open_window(qtbot, paths, demo_path)
    banner = window.sharing.banners["conflicted"]
    assert banner.isVisible() and copy.name in banner.label.text()
    _banner_shot(window, artifacts, "sharing-banner-conflicted.png")
    qtbot.mouseClick(banner.buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sharing.report_dialog is not None, timeout=20000)
    assert "Q8" in {q.code for q in window.project.read(repo.list_rows, entity=Question)}
    assert not banner.isVisible()
    window.close()


def test_a_project_open_in_another_quaestio_opens_read_only_with_a_banner(
    qtbot, paths, demo_path, artifacts, monkeypatch
):
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Open)
    with open_project(demo_path, BOB):  # "another Quaestio" holds the lock
        window = MainWindow(paths, today=lambda: date(2026, 11, 26))
        qtbot.addWidget(window)
        window.resize(1280, 820)
        window.show()
        assert window.open_project(demo_path)
        assert window.project.readonly
        banner = window.sharing.banners["readonly"]
        assert banner.isVisible() and "Bob Archivist on" in banner.label.text()
        assert "read-only" in banner.label.text()
        assert not window.sharing.merge_action.isEnabled()
        _banner_shot(window, artifacts, "sharing-banner-readonly.png")
    # the other Quaestio closed: Open for editing now gets the project writable
    qtbot.mouseClick(banner.buttons[0], Qt.MouseButton.LeftButton)
    assert not window.project.readonly and not banner.isVisible()
    window.close()


def test_an_automatic_backup_follows_editing_and_undo_merge_is_in_the_edit_menu(
    qtbot, paths, tmp_path, demo_template, answer_yes
):
    mine, theirs = two_copies(demo_template, tmp_path)
    with open_project(theirs, BOB) as p:
        p.write(repo.create, entity=Question, values={"code": "Q7", "title": "Архив Монголии"})
    window = open_window(qtbot, paths, mine)
    feature = window.sharing
    feature.backup_if_due()  # nothing edited yet: no backup
    window.runner.wait()
    assert not list(paths.backups_dir.glob("*hourly*"))
    window.project.write(repo.update, entity=Question, id=_q(window.project, "Q1").id, values={"priority": 1})
    feature.backup_if_due()
    qtbot.waitUntil(lambda: bool(list(paths.backups_dir.glob("*hourly*"))), timeout=20000)

    assert not feature.undo_merge_action.isEnabled()
    feature.merge_copy(theirs)
    qtbot.waitUntil(lambda: feature.report_dialog is not None, timeout=20000)
    feature.report_dialog.close()
    assert (
        feature.undo_merge_action.isEnabled() and feature.undo_merge_action in window.menu("&Edit").actions()
    )
    feature.undo_merge_action.trigger()
    qtbot.waitUntil(lambda: "undone" in window.statusBar().currentMessage(), timeout=20000)
    assert "Q7" not in {q.code for q in window.project.read(repo.list_rows, entity=Question)}
    assert _q(window.project, "Q1").priority == 1  # what Ana typed before the merge stays
    window.close()


def test_a_copy_of_another_project_is_offered_as_a_new_project(
    qtbot, paths, tmp_path, demo_path, identity, answer_yes, monkeypatch
):
    from desktop.store.project import create_project

    other = tmp_path / "mail" / "Tsuji in Laos.quaestio"
    other.parent.mkdir()
    with create_project(other, identity, title="Tsuji in Laos, 1961") as p:
        p.write(repo.create, entity=Question, values={"code": "Q1", "title": "Где исчез Цудзи?"})
    target = paths.projects_dir / "Tsuji in Laos.quaestio"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    window = open_window(qtbot, paths, demo_path)
    mine_before = _typed(window.project)
    window.sharing.merge_copy(other)
    qtbot.waitUntil(lambda: window.project is not None and window.project.path == target, timeout=20000)
    assert any("a different project" in text for text in answer_yes)
    assert window.project.title == "Tsuji in Laos, 1961"
    assert [q.title for q in window.project.read(repo.list_rows, entity=Question)] == ["Где исчез Цудзи?"]
    window.close_project()
    with open_project(demo_path, ANA, readonly=True) as mine:
        assert _typed(mine) == mine_before  # my project: not touched
