"""The first window on the demo project (offscreen)."""

from __future__ import annotations

from desktop.ui.main_window import MainWindow


def test_the_window_shows_the_demo_questions_with_cities_and_counts(qtbot, paths, demo_path, artifacts):
    window = MainWindow(paths)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert window.open_project(demo_path)

    model = window.questions_model
    assert model.rowCount() == 5
    assert window.windowTitle().startswith("Khalkhin Gol")
    rows = {
        model.index(r, 0).data(): [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    }
    assert "Komatsubara" in rows["Q2"][1]
    assert "Moscow" in rows["Q2"][3] and "Tokyo" in rows["Q2"][3]
    assert rows["Q5"][4].endswith(tuple("0123456789"))
    window.grab().save(str(artifacts / "first-window-demo.png"))
    window.close_project()


def test_the_demo_project_is_created_on_first_start(qtbot, paths):
    window = MainWindow(paths)
    qtbot.addWidget(window)
    assert not paths.demo_project.exists()
    assert window.open_initial_project(None)
    assert window.project_path == paths.demo_project and paths.demo_project.is_file()
    assert window.questions_model.rowCount() == 5
    window.close_project()


def test_an_unopenable_file_leaves_the_window_usable(qtbot, paths, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    bad = tmp_path / "bad.quaestio"
    bad.write_text("hello", encoding="utf-8")
    window = MainWindow(paths)
    qtbot.addWidget(window)
    assert not window.open_project(bad)
    assert shown and "not a Quaestio project" in shown[0]
    assert window.project is None and bad.read_text(encoding="utf-8") == "hello"


def test_the_overview_is_the_home_page(qtbot, paths, demo_path):
    window = MainWindow(paths)
    qtbot.addWidget(window)
    assert window.open_project(demo_path)
    assert window.pages.tabText(0) == "Overview"
    assert window.current_page() == "Overview"
    window.close_project()
