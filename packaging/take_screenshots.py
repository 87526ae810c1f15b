"""Take the screenshots that the AppStream metainfo lists, from the real application.

    QT_QPA_PLATFORM=offscreen python packaging/take_screenshots.py

Opens the main window on a fresh demo project in a temporary data folder, then the About
dialog, and saves both under packaging/screenshots/. Run it again when the window changes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCREENSHOTS = ROOT / "packaging" / "screenshots"
SIZE = (1280, 800)


def settle(app: object, window: object) -> None:
    """Let pages that load on the task runner finish and paint (a script, not a test: a short
    event loop is fine here)."""
    from PySide6.QtCore import QEventLoop, QTimer

    window.runner.wait()  # type: ignore[attr-defined]
    loop = QEventLoop()
    QTimer.singleShot(500, loop.quit)
    loop.exec()
    window.runner.wait()  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[attr-defined]


def take(folder: Path = SCREENSHOTS) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from desktop.app import make_application
    from desktop.paths import resolve_paths
    from desktop.ui.about import show_about
    from desktop.ui.main_window import MainWindow

    folder.mkdir(parents=True, exist_ok=True)
    app = make_application()
    with tempfile.TemporaryDirectory() as tmp:
        # the status bar shows the project's path: make it look like a user's
        window = MainWindow(resolve_paths(Path(tmp) / "Quaestio").ensure())
        window.update_config(replace(window.config, author_name="H. Marsh"))  # not the login name
        window.resize(*SIZE)
        window.show()
        if not window.open_initial_project(None):
            raise SystemExit("take_screenshots: could not open the demo project")
        shots = []
        for page, name in (("Overview", "overview.png"), ("Questions", "main-window.png")):
            window.show_page(page)
            settle(app, window)
            shots.append(folder / name)
            window.grab().save(str(shots[-1]))
        dialog = show_about(window)
        app.processEvents()
        about = folder / "about.png"
        dialog.grab().save(str(about))
        dialog.reject()
        window.close_project()
        window.close()
    QApplication.processEvents()
    return [*shots, about]


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for path in take():
        print(path.relative_to(ROOT))
