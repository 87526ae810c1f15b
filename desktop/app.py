"""The GUI: QApplication set-up, choosing and opening a project, the main window.

The window is shown first and the project opened right after the first paint, so start-up
feels immediate even though the store (SQLAlchemy, Alembic) takes a moment to import.
"""

from __future__ import annotations

import argparse
import inspect
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger(__name__)


def _lighter_pyside_import_hook() -> None:
    """PySide's `__feature__` import hook asks `inspect.getsource(module)` whether each module
    imported after it mentions PySide6, and linecache keeps every such source, split in lines:
    ~30 MB (309,000 lines) and ~0.1 s by the time a project is open. Same answer, file read once
    and dropped. Falls back to PySide's own check wherever the source is not a plain file."""
    hook = sys.modules.get("shibokensupport.feature")
    original = getattr(hook, "_mod_uses_pyside", None)
    if original is None or getattr(original, "_quaestio", False):
        return

    def uses_pyside(module: object) -> bool:
        try:
            path = inspect.getsourcefile(module)  # type: ignore[arg-type]
        except TypeError:
            return False
        if not path or not path.endswith(".py"):
            return bool(original(module))
        try:
            with open(path, encoding="utf-8", errors="replace") as source:
                return "PySide6" in source.read()
        except OSError:
            return bool(original(module))

    uses_pyside._quaestio = True  # type: ignore[attr-defined]
    hook._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


_lighter_pyside_import_hook()

from desktop import APP_ID, APP_NAME, __version__  # noqa: E402
from desktop.paths import Paths, resolve_paths  # noqa: E402


def choose_project(paths: Paths, requested: str | None, recent: tuple[str, ...]) -> Path | str:
    """The project to open: the one asked for, else the last one used, else the demo.

    A `postgresql://` address (a team server) is returned as it was written."""
    if requested and requested.strip().lower().startswith(("postgresql://", "postgres://")):
        return requested.strip()
    if requested:
        return Path(requested).expanduser().absolute()
    for candidate in recent:
        if is_file(Path(candidate)):
            return Path(candidate)
    return paths.demo_project


def is_file(path: Path) -> bool:
    """Path.is_file, False where the system cannot say (a folder one may not enter, a name too long:
    Path.is_file raises for those) instead of a traceback at start-up."""
    try:
        return path.is_file()
    except OSError:
        return False


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(APP_ID)
    from desktop.resources import resource_path

    icon = resource_path("icons", f"{APP_ID}.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run_gui(args: argparse.Namespace) -> int:
    paths = resolve_paths(args.data_dir).ensure()
    logging.basicConfig(
        filename=paths.log_file, level=logging.INFO, format="%(asctime)s %(name)s %(message)s"
    )
    app = make_application()
    from desktop.ui.main_window import MainWindow

    window = MainWindow(paths, deferred=True)  # menus only: pages and features after the first paint
    window.show()
    target: Path | str | None = None
    if args.project and args.project.strip().lower().startswith(("postgresql://", "postgres://")):
        target = args.project.strip()  # a team server; desktop.ui.server opens it
    elif args.project:
        target = Path(args.project).expanduser().absolute()
    exit_code = 0

    window.interactive = not args.quit_after_load

    def open_and_quit() -> None:  # --quit-after-load: open, say what opened, quit
        nonlocal exit_code
        try:
            opened = window.open_initial_project(target, readonly=args.read_only)
        except Exception:  # a bug; without this the run would never quit
            log.exception("opening the first project failed")
            print(f"quaestio: internal error while opening; details in {paths.log_file}", file=sys.stderr)
            opened, exit_code = False, 70
        finally:
            QTimer.singleShot(0, app.quit)
        if opened:
            server = getattr(window.project, "server", None)
            print(f"opened {server.text() if server is not None else window.project_path}")
        else:
            exit_code = exit_code or 2

    if args.quit_after_load:
        window.when_pages_built(open_and_quit)
    else:  # the list from a first look at the file while the store loads (MainWindow.open_at_start)
        window.when_pages_built(lambda: window.open_at_start(target, readonly=args.read_only))
    code = app.exec()
    window.close_project()
    return exit_code or code


def show_error(parent: object, title: str, message: str) -> None:
    QMessageBox.warning(parent, title, message)  # type: ignore[arg-type]
