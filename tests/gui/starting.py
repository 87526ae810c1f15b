"""Starting the main window as the application does (`MainWindow.open_at_start`), for tests."""

from __future__ import annotations

from pathlib import Path

from desktop.ui.main_window import MainWindow


def start(qtbot, paths, target: Path, *, readonly: bool = False, interactive: bool = True) -> MainWindow:
    """A window shown as `desktop.app.run_gui` shows it, `target` given to `open_at_start`. Right
    after, the list is the first look's (nothing has processed the loader's signal yet)."""
    window = MainWindow(paths, deferred=True)
    window.interactive = interactive  # False: a failure goes to stderr instead of a message box
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.ensure_pages()
    window.open_at_start(target, readonly=readonly)
    return window


def codes(window: MainWindow) -> list[str]:
    """The question codes the list shows, top to bottom."""
    model = window.questions_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]
