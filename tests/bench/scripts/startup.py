"""Start-up probes run as subprocesses by test_startup_bench.py; each prints one JSON line.

`{"t": <time.time() when the frame was painted>, "rss_mb": <peak resident memory>}`. The parent
notes time.time() just before starting the process, so the figure includes interpreter start,
imports and everything a user waits for. Modes:

- bare: a bare PySide6 window (QMainWindow, splitter, table, text edit) painted;
- floor PROJECT: PySide6 and SQLModel imported, an engine opened on PROJECT, one query, the rows
  in the same bare window, painted;
- app-paint DATA_DIR: Quaestio's main window painted (no project yet, as at start-up);
- app-listed DATA_DIR PROJECT: Quaestio started on PROJECT, its questions listed and painted;
- app-scrolled DATA_DIR PROJECT: as app-listed, then the Requests page sorted by due date and
  scrolled to the end (for peak memory);
- app-settled DATA_DIR PROJECT: as app-scrolled, then until the work opening started on the task
  runner (the questions' counts, the Overview) has finished.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any


def _report(**times: float) -> None:
    """Print the figures and end the process. `times` (time.time() values) are printed as they
    are; without a "t" among them, "t" is now."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork+exec, so a
    # child of a big pytest process would report the parent's peak
    status = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
    hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
    rss = int(hwm[0]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"t": time.time(), **times, "rss_mb": rss}), flush=True)
    os._exit(0)  # the figure is taken; skip Qt's and Python's teardown


def _click_second_row(app: Any, view: Any, then: Any) -> None:
    """ "Clickable": click the second row of `view` as a user would, and call `then` once the view
    has painted that row as the current one (so whatever runs on the GUI thread at that moment,
    the click waits for it and the figure includes it)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    second = view.model().index(1, 0)
    _when_painted(app, view.viewport(), lambda: view.currentIndex().row() == 1, then)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(second).center())


def _when_painted(app: Any, widget: Any, ready: Any, then: Any) -> None:
    """Call `then` once `widget` has been painted while `ready()` holds, after that frame ends."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Painted(QObject):
        done = False

        def eventFilter(self, obj: Any, event: Any) -> bool:
            if not self.done and event.type() == QEvent.Type.Paint and ready():
                self.done = True
                QTimer.singleShot(0, then)
            return False

    watcher = Painted(app)
    widget.installEventFilter(watcher)
    app._bench_watcher = watcher  # keep it alive


def bare(project: str | None = None) -> None:
    from PySide6.QtWidgets import (
        QApplication,
        QMainWindow,
        QSplitter,
        QTableWidget,
        QTableWidgetItem,
        QTextEdit,
    )

    rows: list[tuple[str, str]] = []
    if project:
        from sqlmodel import create_engine, text

        engine = create_engine(f"sqlite:///{project}")
        with engine.connect() as connection:
            rows = [
                tuple(r) for r in connection.execute(text("SELECT code, title FROM question ORDER BY code"))
            ]
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    splitter = QSplitter(window)
    table = QTableWidget(len(rows), 2, splitter)
    for n, (code, title) in enumerate(rows):
        table.setItem(n, 0, QTableWidgetItem(code))
        table.setItem(n, 1, QTableWidgetItem(title))
    QTextEdit(splitter)
    window.setCentralWidget(splitter)
    window.resize(1280, 800)

    def finish() -> None:
        _report()
        app.quit()

    def listed() -> None:
        if project:  # questions listed and clickable
            _click_second_row(app, table, finish)
        else:
            finish()

    _when_painted(app, table.viewport(), lambda: True, listed)
    window.show()
    app.exec()


def app_window(data_dir: str, project: str | None, scroll: bool, settle: bool = False) -> None:

    from PySide6.QtCore import Qt

    from desktop.app import make_application
    from desktop.paths import resolve_paths

    paths = resolve_paths(data_dir).ensure()
    app = make_application()
    from desktop.ui.main_window import MainWindow

    window = MainWindow(paths, deferred=True)  # as `desktop.app.run_gui` builds it
    window.interactive = False

    def finish() -> None:
        if scroll or settle:  # the features, which the app installs right after this frame
            window.ensure_ready()
            app.processEvents()
        if scroll:  # as a user would: open the page, click the Due header, jump to the end
            window.show_page("Requests")
            app.processEvents()
            view, model = window.requests_view.view, window.requests_view.model
            view.sortByColumn(model.column_named("Due"), Qt.SortOrder.AscendingOrder)
            app.processEvents()
            view.scrollToBottom()
            app.processEvents()
        if settle:  # and everything opening started off the GUI thread (counts, the Overview)
            window.runner.wait()
            app.processEvents()
        _report()
        window.close_project()
        app.quit()

    if project is None:
        _when_painted(app, window, lambda: True, finish)
    else:
        times: dict[str, float] = {}

        def maybe_report() -> None:  # once the click is painted and the project open, in either order
            if "t" not in times or "t_open" not in times:
                return
            if scroll or settle:
                finish()
            else:
                _report(**times)

        def when_open() -> None:  # the project open, with every feature (for the memory figure)
            if window.project is None:
                return
            window.project_changed.disconnect(when_open)
            window.ensure_ready()  # as the frame after the open does
            app.processEvents()
            times["t_open"] = time.time()
            maybe_report()

        def clicked() -> None:
            times["t"] = time.time()
            maybe_report()

        def listed() -> None:
            _click_second_row(app, window.questions_view, clicked)

        def open_and_watch() -> None:  # as `desktop.app.run_gui`: opened once the pages exist
            window.show_page("Questions")  # the home page is the Overview; the list is what we time
            _when_painted(
                app, window.questions_view.viewport(), lambda: window.questions_model.rowCount() > 1, listed
            )
            window.project_changed.connect(when_open)
            window.open_at_start(Path(project))
            # opening shows the home page (the Overview, once installed): then the list, as a user would
            window.show_page("Questions")

        window.when_pages_built(open_and_watch)
    window.show()
    app.exec()


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "bare":
        bare()
    elif mode == "floor":
        bare(args[0])
    elif mode == "app-paint":
        app_window(args[0], None, False)
    elif mode in ("app-listed", "app-scrolled"):
        app_window(args[0], args[1], mode == "app-scrolled")
    elif mode == "app-settled":
        app_window(args[0], args[1], True, settle=True)
    else:
        raise SystemExit(f"unknown mode {mode}")
