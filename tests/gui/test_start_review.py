"""Start-up while the store is still loading (issue 8, review): what the historian can do with the
first look's list before the project is open, and what the window does when the store arrives.

The loader's imports are held by a gate (a stand-in for a slow disk: on this machine they take
half a second), so every test looks at the window while the project is really not open yet."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.ui import store_loader
from desktop.ui.main_window import MainWindow
from tests.gui.starting import codes, start


class Gate:
    """Holds the loader's imports until the test opens it."""

    def __init__(self) -> None:
        self.go = threading.Event()
        self.modules = store_loader.STORE_MODULES

    def __iter__(self) -> Iterator[str]:
        self.go.wait(30)
        yield from self.modules


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    held = Gate()
    monkeypatch.setattr(store_loader, "STORE_MODULES", held)
    yield held
    held.go.set()


def _loading(qtbot, paths, target: Path) -> tuple[MainWindow, store_loader.StoreLoader]:
    window = start(qtbot, paths, target)
    (loader,) = window.findChildren(store_loader.StoreLoader)
    assert window.project is None and codes(window) == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    return window, loader


def test_a_window_closed_while_the_store_loads_opens_nothing_after(
    qtbot, paths, demo_path, gate, monkeypatch
):
    from desktop.store.locking import ProjectLock

    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **_k: asked.append(a[1]) or QMessageBox.StandardButton.Open
    )
    window, loader = _loading(qtbot, paths, demo_path)
    window.close()  # the historian changes their mind during the start
    with qtbot.waitSignal(loader.finished, timeout=10_000):
        gate.go.set()
    qtbot.wait(50)
    # no project opened behind a closed window, no question asked after it closed, no lock kept
    assert window.project is None and asked == []
    ProjectLock.acquire(demo_path, "the next Quaestio").release()


def test_the_filter_typed_while_the_store_loads_keeps_the_list_then_applies(
    qtbot, paths, demo_path, gate, artifacts
):
    window, _loader = _loading(qtbot, paths, demo_path)
    questions = window.workspace.questions
    qtbot.keyClicks(questions.search, "Q3")
    qtbot.waitUntil(lambda: not questions._debounce.isActive(), timeout=5_000)
    qtbot.wait(20)  # the debounced refresh has run
    window.grab().save(str(artifacts / "start-filter-while-loading.png"))
    # the questions do not vanish under the historian's hand (the filter applies when open)
    assert codes(window) == ["Q1", "Q2", "Q3", "Q4", "Q5"]
    assert questions.count_label.text() == "5 questions"
    gate.go.set()
    qtbot.waitUntil(lambda: window.project is not None, timeout=10_000)
    assert codes(window) == ["Q3"]
    window.close_project()


def test_a_sort_chosen_while_the_store_loads_keeps_the_list_then_applies(qtbot, paths, demo_path, gate):
    window, _loader = _loading(qtbot, paths, demo_path)
    questions = window.workspace.questions
    questions.sort_combo.setCurrentIndex(questions.sort_combo.findData("title"))
    questions.sort_combo.activated.emit(questions.sort_combo.currentIndex())  # as a click on it
    assert len(codes(window)) == 5 and questions.selected_id() is not None
    gate.go.set()
    qtbot.waitUntil(lambda: window.project is not None, timeout=10_000)
    titles = [window.questions_model.row_at(r).title.lower() for r in range(5)]
    assert titles == sorted(titles)
    window.close_project()


def test_a_question_title_stored_as_bytes_is_listed_as_text_not_a_crash(qtbot, paths, demo_path, artifacts):
    """A copy written by another program may hold a BLOB where text belongs; painting it crashed
    the application (a segmentation fault in the list's delegate), at the first look and once open."""
    con = sqlite3.connect(demo_path)
    with con:
        con.execute("UPDATE question SET title = CAST(? AS BLOB) WHERE code = 'Q2'", ("Комацубара".encode(),))
        con.execute("UPDATE question SET title = x'ff00fe' WHERE code = 'Q3'")
        con.execute("UPDATE project SET title = CAST(? AS BLOB)", ("Халхин-Гол".encode(),))
    con.close()
    window = start(qtbot, paths, demo_path)
    model = window.questions_model
    assert window.project is None and model.row_at(1).title == "Комацубара"
    assert window.windowTitle() == "Халхин-Гол — Quaestio"
    window.grab().save(str(artifacts / "start-bytes-title-first-look.png"))
    qtbot.waitUntil(lambda: window.project is not None, timeout=10_000)
    assert [model.row_at(r).title for r in (1, 2)] == ["Комацубара", "\ufffd\x00\ufffd"]
    # and the centre pane shows such a question (its detail read built a row from bytes and failed)
    for row, title in ((1, "Комацубара"), (2, "\ufffd\x00\ufffd")):
        window.questions_view.setCurrentIndex(model.index(row, 0))
        assert window.workspace.question.detail.question.title == title
    window.grab().save(str(artifacts / "start-bytes-title-open.png"))
    window.close_project()


def test_a_slow_store_keeps_the_list_shown_when_the_features_install_first(qtbot, paths, demo_path, gate):
    """The features are installed after 2 s even if no paint came (a minimised window); a store
    slower than that (a cold disk) must not move the window off the list the historian is using
    to the page saved at the last close."""
    window, _loader = _loading(qtbot, paths, demo_path)
    window.settings.setValue("window/page", "Requests")
    window.ensure_ready()  # what the 2 s timer does
    assert window.current_page() == "Questions" and len(codes(window)) == 5
    gate.go.set()
    qtbot.waitUntil(lambda: window.project is not None, timeout=10_000)
    assert window.current_page() == "Questions" and len(codes(window)) == 5
    window.close_project()


def test_a_path_the_system_cannot_look_at_is_reported_not_a_traceback(qtbot, paths, tmp_path, capsys):
    """stat() fails with more than "no such file" for a name too long, or (not as root) a folder
    one may not enter: the start said nothing but a traceback and stayed on 'Opening…'."""
    from desktop.app import choose_project

    unreachable = tmp_path / ("a" * 300 + ".quaestio")  # ENAMETOOLONG
    assert choose_project(paths, None, (str(unreachable),)) == paths.demo_project  # a recent one
    window = start(qtbot, paths, unreachable, interactive=False)  # the reason goes to stderr
    assert window.project is None
    err = capsys.readouterr().err
    assert "cannot be reached" in err and "Traceback" not in err
    assert window.status_label.text().startswith("No project open")


def test_file_close_project_while_the_store_loads_closes_it(qtbot, paths, demo_path, gate):
    window, loader = _loading(qtbot, paths, demo_path)
    close = next(a for a in window.all_actions() if a.text() == "&Close project")
    close.trigger()  # the historian closes the project the window shows, before it has opened
    assert codes(window) == [] and window.windowTitle() == "Quaestio"
    with qtbot.waitSignal(loader.finished, timeout=10_000):
        gate.go.set()
    qtbot.wait(50)
    assert window.project is None and codes(window) == []


def test_another_project_opened_while_the_store_loads_stays_open(qtbot, paths, demo_path, tmp_path, gate):
    other = tmp_path / "other.quaestio"
    shutil.copyfile(demo_path, other)
    con = sqlite3.connect(other)
    with con:
        con.execute("UPDATE question SET deleted_at = updated_at WHERE code IN ('Q1', 'Q2')")
    con.close()
    window, loader = _loading(qtbot, paths, demo_path)
    gate.go.set()
    # File ▸ Open, or a recent project, before the start's open: it waits for the loader's
    # imports (never importing beside them), and the start then opens nothing over it
    assert window.open_project(other)
    assert window.project.path == other and not loader.running
    with qtbot.waitSignal(loader.finished, timeout=10_000):
        pass
    assert window.project.path == other and codes(window) == ["Q3", "Q4", "Q5"]
    window.close_project()


def test_new_question_before_the_store_loaded_says_to_wait(qtbot, paths, demo_path, gate):
    window, _loader = _loading(qtbot, paths, demo_path)
    window.new_question_action.trigger()  # Ctrl+N in the first half-second: not silently dropped
    assert "still opening" in window.status_label.text()
    gate.go.set()
    qtbot.waitUntil(lambda: window.project is not None, timeout=10_000)
    assert len(codes(window)) == 5 and "still opening" not in window.status_label.text()
    window.close_project()
