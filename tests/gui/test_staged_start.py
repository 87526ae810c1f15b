"""Start-up in stages (issue 8): the application's window paints its menus first, then builds its
pages, opens the project, and installs the features; nothing a user reaches is missing after."""

from __future__ import annotations

from desktop.ui.main_window import MainWindow
from desktop.ui.overview import PAGE_NAME, DeadlinesFeature


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
