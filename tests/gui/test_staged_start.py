"""Start-up in stages (issue 8): the application's window paints its menus first, then builds its
pages, opens the project, and installs the features; nothing a user reaches is missing after."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from desktop.ui.main_window import MainWindow
from desktop.ui.overview import PAGE_NAME, DeadlinesFeature
from tests.gui.starting import codes, start

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _titles(menu) -> list[str]:
    return [a.text() for a in menu.actions()]


def test_the_window_paints_first_then_builds_pages_opens_and_installs_features(
    qtbot, paths, demo_path, artifacts
):
    window = MainWindow(paths, deferred=True)
    qtbot.addWidget(window)
    assert window.findChild(DeadlinesFeature) is None and window.pages.count() == 0
    assert "&Open…" in _titles(window.menu("&File"))  # the menus are there for the first paint
    opened: list[bool] = []
    window.when_pages_built(lambda: opened.append(window.open_project(demo_path)))
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: window.findChild(DeadlinesFeature) is not None, timeout=10_000)
    assert opened == [True]
    feature = window.findChild(DeadlinesFeature)
    # installed after the project opened, the features were told about it
    qtbot.waitUntil(lambda: feature.page.data is not None, timeout=10_000)
    assert window.current_page() == PAGE_NAME and feature.page.data.due_total > 0
    assert "&Legal Regimes…" in _titles(window.menu("&Tools"))
    assert [window.pages.tabText(i) for i in range(window.pages.count())][:3] == [
        PAGE_NAME,
        "Questions",
        "Requests",
    ]
    window.ensure_ready()  # idempotent: nothing is installed twice
    assert len(window.findChildren(DeadlinesFeature)) == 1
    assert _titles(window.menu("&Tools")).count("&Legal Regimes…") == 1
    window.show_page("Questions")
    assert window.questions_model.rowCount() > 0
    window.grab().save(str(artifacts / "staged-start-questions.png"))
    window.close_project()


def test_opening_before_the_first_paint_builds_the_pages_it_needs(qtbot, paths, demo_path):
    window = MainWindow(paths, deferred=True)
    qtbot.addWidget(window)
    assert window.open_project(demo_path)  # e.g. a caller that does not wait for the paint
    assert window.questions_model.rowCount() > 0
    window.ensure_ready()
    feature = window.findChild(DeadlinesFeature)
    qtbot.waitUntil(lambda: feature.page.data is not None, timeout=10_000)
    window.close_project()


def test_at_start_the_list_shows_before_the_project_opens_and_a_click_is_kept(
    qtbot, paths, demo_path, artifacts
):
    window = start(qtbot, paths, demo_path)
    # the first look: the questions are listed, the store has not opened the project yet
    assert window.project is None
    assert codes(window) == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    assert window.workspace.notes.meta.text() == "Opening the project…"  # not "No note yet"
    assert window.current_page() == "Questions" and "Khalkhin Gol" in window.windowTitle()
    assert window.status_label.text().startswith("Opening ")
    window.grab().save(str(artifacts / "start-first-look.png"))
    # the historian clicks the third question before the project has opened
    view = window.questions_view
    qtbot.mouseClick(
        view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.visualRect(window.questions_model.index(2, 0)).center(),
    )
    assert window.workspace.questions.selected_id() == window.questions_model.row_at(2).id
    qtbot.waitUntil(lambda: window.project is not None, timeout=10_000)
    # opened: same list, now counted; the clicked question is still the one shown, with its detail
    assert codes(window) == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    assert window.questions_model.row_at(2).counted
    assert window.selected_question_id() == window.questions_model.row_at(2).id
    assert window.workspace.question.detail.question.code == "Q3"
    notes = window.workspace.notes
    assert notes.model.rowCount() > 0 and notes.note_id == notes.model.row_at(notes.model.rowCount() - 1).id
    qtbot.waitUntil(lambda: window.findChild(DeadlinesFeature) is not None, timeout=10_000)
    feature = window.findChild(DeadlinesFeature)
    qtbot.waitUntil(lambda: feature.page.data is not None, timeout=10_000)
    # the list the historian has been looking at stays; the banner leads to the Overview
    assert window.current_page() == "Questions" and window.page_index(PAGE_NAME) == 0
    qtbot.waitUntil(lambda: feature.banner.isVisible(), timeout=10_000)
    window.grab().save(str(artifacts / "start-opened.png"))
    window.close_project()


def test_at_start_read_only_says_so_from_the_first_look(qtbot, paths, demo_path):
    window = start(qtbot, paths, demo_path, readonly=True)
    assert window.project is None and "[read-only]" in window.windowTitle()
    qtbot.waitUntil(lambda: window.project is not None, timeout=10_000)
    assert window.project.readonly and "[read-only]" in window.windowTitle()
    window.close_project()


def test_at_start_a_file_that_cannot_open_leaves_no_list_behind(qtbot, paths, tmp_path, capsys):
    bad = tmp_path / "notes.quaestio"
    bad.write_text("not a project", encoding="utf-8")
    window = start(qtbot, paths, bad, interactive=False)  # the reason goes to stderr
    assert window.project is None and window.questions_model.rowCount() == 0
    qtbot.waitUntil(lambda: "not a Quaestio project" in capsys.readouterr().err, timeout=10_000)
    assert window.project is None and window.questions_model.rowCount() == 0
    assert bad.read_text(encoding="utf-8") == "not a project"


def test_at_start_an_older_project_is_upgraded_by_the_open_not_listed_from_the_file(qtbot, paths, tmp_path):
    older = tmp_path / "older.quaestio"
    shutil.copyfile(FIXTURES / "rev0002.quaestio", older)
    window = start(qtbot, paths, older)
    assert window.questions_model.rowCount() == 0  # no first look at a file from another schema
    qtbot.waitUntil(lambda: window.project is not None, timeout=10_000)
    assert window.project.migrated_from == "0002" and window.questions_model.rowCount() > 0
    assert list(paths.backups_dir.iterdir())  # backed up before the upgrade
    window.close_project()


def test_once_a_window_is_ready_what_exists_is_kept_out_of_the_collectors_way(qtbot, paths):
    import gc

    window = MainWindow(paths)  # ready at once (not deferred)
    qtbot.addWidget(window)
    # everything made so far sits in the permanent generation: full collections, which pause
    # the GUI thread, no longer scan it (a ~55 ms pause on a large project's re-open, issue 8)
    assert gc.get_freeze_count() > 10_000
