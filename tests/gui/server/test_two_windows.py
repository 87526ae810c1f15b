"""Done when (issue 10): two Quaestio windows connected to one PostgreSQL database holding the
demo project edit it together, see each other's changes live, and resolve a conflict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel

from tests.gui.server.conftest import question_id
from tests.gui.server.dialogs import open_stale_dialog, wait_for_stale_dialog

# Mongolian (ө, ү) and Japanese, so the conflict dialog's screenshot shows they render
BORIS_TITLE = "Boris: Жуков тушаал өгсөн, Үндэсний архив — the order came from Zhukov"
ANA_TITLE = "Ana: 命令はモスクワから — the order came from Moscow"


def test_two_windows_edit_live_and_resolve_a_conflict(
    qtbot: Any, open_window: Any, pg_demo: Any, artifacts: Path
) -> None:
    ana = open_window("Ana", pg_demo)
    boris = open_window("Boris", pg_demo)
    assert ana.project.server == pg_demo and boris.project.server == pg_demo

    # each window shows the server and who else is there (presence, refreshed on the runner)
    qtbot.waitUntil(lambda: "also here: Boris" in ana.server_link.server_label.text(), timeout=15000)
    qtbot.waitUntil(lambda: "also here: Ana" in boris.server_link.server_label.text(), timeout=15000)
    assert pg_demo.database in ana.windowTitle() or pg_demo.host in ana.windowTitle()

    q1 = question_id(ana, "Q1")
    ana.show_question(q1)
    boris.show_question(q1)
    qtbot.waitUntil(lambda: boris.workspace.question.detail is not None)

    # an edit in Ana's window appears in Boris's without a manual refresh (LISTEN/NOTIFY)
    title = "Khalkhin Gol: who gave the order of 20 August? Халхин-Гол — ノモンハン"
    field = ana.workspace.question.title
    field.setFocus()
    field.setText(title)
    field.commit()
    qtbot.waitUntil(lambda: boris.workspace.question.title.text() == title, timeout=10000)
    boris_row = boris.workspace.questions.model
    qtbot.waitUntil(
        lambda: any(
            title in str(boris_row.index(r, c).data())
            for r in range(boris_row.rowCount())
            for c in range(boris_row.columnCount())
        ),
        timeout=10000,
    )
    ana.grab().save(str(artifacts / "server-two-windows-a.png"))
    boris.grab().save(str(artifacts / "server-two-windows-b.png"))

    # a conflict: Boris types in the same field while Ana saves another value
    boris.activateWindow()
    boris_title = boris.workspace.question.title
    boris_title.setFocus()
    qtbot.waitUntil(boris_title.hasFocus)
    boris_title.setText(BORIS_TITLE)  # typed, not yet committed
    ana_title = ana.workspace.question.title  # (one process has one focus: Ana's field commits unfocused)
    ana_title.setText(ANA_TITLE)
    ana_title.commit()
    # Boris's pane re-reads live but keeps what he is typing
    qtbot.waitUntil(lambda: boris_title._loaded == ANA_TITLE, timeout=10000)
    assert boris_title.text() == BORIS_TITLE
    boris_title.commit()  # Enter / leaving the field
    dialog = wait_for_stale_dialog(qtbot)
    assert "Ana" in dialog.windowTitle()
    assert dialog.mine_text.toPlainText() == BORIS_TITLE
    assert dialog.theirs_text.toPlainText() == ANA_TITLE
    dialog.grab().save(str(artifacts / "server-conflict-dialog.png"))
    # nothing was overwritten silently: the server still has Ana's title
    from desktop.store import repo
    from desktop.store.models import Question

    assert boris.project.read(repo.get, entity=Question, id=q1).title == ANA_TITLE

    # Boris edits the result (both views) and saves it
    merged = "Moscow ordered it; Zhukov carried it out"
    dialog.result_text.setPlainText(merged)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: ana.workspace.question.title.text() == merged, timeout=10000)
    assert boris.project.read(repo.get, entity=Question, id=q1).title == merged
    assert boris_title.text() == merged


def test_note_saved_over_someone_elses_opens_the_dialog_and_theirs_can_win(
    qtbot: Any, two_on_question: Any, pg_demo: Any
) -> None:
    ana, boris, _q1 = two_on_question(pg_demo, "Q1")
    qtbot.waitUntil(
        lambda: ana.workspace.notes.note_id is not None and boris.workspace.notes.note_id is not None
    )
    assert ana.workspace.notes.note_id == boris.workspace.notes.note_id
    note_id = boris.workspace.notes.note_id

    boris.workspace.notes.editor.setPlainText(
        "Boris: Krivosheev's table 74 gives 9,703 dead."
    )  # autosaves soon
    ana.workspace.notes.editor.setPlainText("Ana: the archive copy of table 74 says 9,831.")
    assert ana.workspace.notes.flush()

    dialog = wait_for_stale_dialog(qtbot)  # Boris's autosave met Ana's save
    assert [c.field for c in dialog.conflicts] == ["body"]
    assert dialog.theirs_text.toPlainText() == "Ana: the archive copy of table 74 says 9,831."
    dialog.use_theirs.click()
    dialog.merge_button.click()
    qtbot.waitUntil(
        lambda: boris.workspace.notes.editor.toPlainText() == "Ana: the archive copy of table 74 says 9,831.",
        timeout=10000,
    )
    assert not boris.workspace.notes.dirty
    from desktop.store import repo
    from desktop.store.models import Note

    assert (
        boris.project.read(repo.get, entity=Note, id=note_id).body
        == "Ana: the archive copy of table 74 says 9,831."
    )


def test_different_fields_of_one_note_are_both_kept(qtbot: Any, two_on_question: Any, pg_demo: Any) -> None:
    ana, boris, _q1 = two_on_question(pg_demo, "Q1")
    qtbot.waitUntil(
        lambda: ana.workspace.notes.note_id is not None and boris.workspace.notes.note_id is not None
    )
    note_id = boris.workspace.notes.note_id

    boris.workspace.notes.editor.setPlainText("Boris's body: Халх голын байлдаан, 1939")
    ana.workspace.notes.title.selectAll()
    qtbot.keyClicks(ana.workspace.notes.title, "Ana's title")  # typed: textEdited marks the note
    assert ana.workspace.notes.flush()
    qtbot.waitUntil(lambda: not boris.workspace.notes.dirty, timeout=10000)  # the autosave went through
    assert open_stale_dialog() is None
    from desktop.store import repo
    from desktop.store.models import Note

    stored = boris.project.read(repo.get, entity=Note, id=note_id)
    assert (stored.title, stored.body) == ("Ana's title", "Boris's body: Халх голын байлдаан, 1939")
    qtbot.waitUntil(lambda: ana.workspace.notes.editor.toPlainText() == stored.body, timeout=10000)


def test_request_window_edit_over_a_colleagues_opens_the_dialog(
    qtbot: Any, open_window: Any, pg_demo: Any, artifacts: Path
) -> None:
    from desktop.store import repo
    from desktop.store.models import Request

    ana = open_window("Ana", pg_demo)
    boris = open_window("Boris", pg_demo)
    request = ana.project.read(repo.list_rows, entity=Request)[0]
    mine, theirs = boris.show_request(request.id), ana.show_request(request.id)
    qtbot.waitUntil(lambda: mine.detail is not None and theirs.detail is not None)

    mine.activateWindow()
    mine.purpose.setFocus()
    qtbot.waitUntil(mine.purpose.hasFocus)
    mine.purpose.setPlainText("Boris: for the casualty chapter")  # typed, not yet committed
    theirs.purpose.setPlainText("Ana: for the article in Acta Slavica Iaponica")
    theirs.purpose.commit()
    qtbot.waitUntil(lambda: mine.purpose._loaded.startswith("Ana:"), timeout=10000)  # live, text kept
    assert mine.purpose.toPlainText() == "Boris: for the casualty chapter"
    mine.purpose.commit()

    dialog = wait_for_stale_dialog(qtbot)
    assert [c.field for c in dialog.conflicts] == ["purpose"]
    assert boris.project.read(repo.get, entity=Request, id=request.id).purpose.startswith("Ana:")
    dialog.use_mine.click()
    dialog.merge_button.click()
    qtbot.waitUntil(
        lambda: (
            ana.project.read(repo.get, entity=Request, id=request.id).purpose
            == "Boris: for the casualty chapter"
        ),
        timeout=10000,
    )
    qtbot.waitUntil(lambda: theirs.purpose.toPlainText() == "Boris: for the casualty chapter", timeout=10000)


def test_saving_another_field_does_not_hide_a_colleagues_change(
    qtbot: Any, two_on_question: Any, pg_demo: Any
) -> None:
    """Boris types a title while Ana saves one; Boris then saves the tags (no clash) and only then
    leaves the title: his title was typed over the old one, so it is still a conflict."""
    from desktop.store import repo
    from desktop.store.models import Question

    ana, boris, q3 = two_on_question(pg_demo, "Q3")

    boris.activateWindow()
    title = boris.workspace.question.title
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    title.setText("Boris's title")
    ana.workspace.question.title.setText("Ana's title")
    ana.workspace.question.title.commit()
    qtbot.waitUntil(lambda: title._loaded == "Ana's title", timeout=10000)
    tags = boris.workspace.question.tags
    tags.setText("maps, Bogdanov, border")
    tags.commit()
    assert boris.project.read(repo.get, entity=Question, id=q3).tags == ["maps", "Bogdanov", "border"]
    title.commit()

    wait_for_stale_dialog(qtbot)
    assert boris.project.read(repo.get, entity=Question, id=q3).title == "Ana's title"


def test_cancel_keeps_theirs_only_where_they_clash(
    qtbot: Any, two_on_question: Any, pg_demo: Any, artifacts: Path
) -> None:
    """Boris renames a note and rewrites its body while Ana saves another body: only the body is
    to decide; his new title clashes with nothing and is saved even when he presses Cancel."""
    from desktop.store import repo
    from desktop.store.models import Note

    ana, boris, _q1 = two_on_question(pg_demo, "Q1")
    qtbot.waitUntil(
        lambda: ana.workspace.notes.note_id is not None and boris.workspace.notes.note_id is not None
    )
    note_id = boris.workspace.notes.note_id
    old_title = boris.project.read(repo.get, entity=Note, id=note_id).title

    notes = boris.workspace.notes
    notes.title.selectAll()
    qtbot.keyClicks(notes.title, "Boris renamed it")  # typed: textEdited marks the note
    notes.editor.setPlainText("Boris: table 74 gives 9,703 dead.")
    ana.workspace.notes.editor.setPlainText("Ana: the archive copy of table 74 says 9,831.")
    assert ana.workspace.notes.flush()
    notes.flush()

    dialog = wait_for_stale_dialog(qtbot)
    assert [c.field for c in dialog.conflicts] == ["body"]  # the title is nobody else's change
    intro = dialog.findChild(QLabel).text()
    assert "Your other changes (" in intro and "saved either way" in intro
    dialog.grab().save(str(artifacts / "server-conflict-only-clashing-fields.png"))
    dialog.reject()  # Cancel: their body stays...
    qtbot.waitUntil(
        lambda: boris.project.read(repo.get, entity=Note, id=note_id).title == "Boris renamed it",
        timeout=10000,
    )  # ...and his title is saved all the same
    stored = boris.project.read(repo.get, entity=Note, id=note_id)
    assert stored.title != old_title
    assert stored.body == "Ana: the archive copy of table 74 says 9,831."
