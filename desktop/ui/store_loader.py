"""Importing the store off the GUI thread at start-up (issue 8).

SQLAlchemy, SQLModel and the models take about half a second to import, longer than the rest of a
start. While they load on a thread of their own, the window shows the questions from a first look
at the file (`desktop.store.first_look`) and answers clicks; the project is opened on the GUI
thread once they are in (the open itself takes milliseconds).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import sys
import threading

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

# What opening a project and its first refresh import (measured with sys.modules); whatever
# else is needed later imports on first use, as before.
STORE_MODULES = (
    "desktop.store.project",
    "desktop.store.queries",
    "desktop.store.repo",
    "desktop.store.trash",
    "desktop.store.templates",
)

# While the thread imports, the GUI thread waits for the interpreter each time Qt calls into
# Python (every model data() call of a paint): at most this long instead of the default 5 ms.
SWITCH_INTERVAL_S = 0.0005


class StoreLoader(QObject):
    """Imports `STORE_MODULES` on a thread; `finished` (on the GUI thread) carries None, or the
    exception that stopped the import (the caller then imports on the GUI thread and reports)."""

    finished = Signal(object)
    _done = Signal(object)  # emitted by the thread, delivered queued to this object's thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._done.connect(self.finished.emit, Qt.ConnectionType.QueuedConnection)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._load, name="quaestio-store-import", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self) -> None:
        """Block until the imports are done. Code on the GUI thread that is about to import the
        store (File ▸ Open while a start is loading) waits here first, so two threads never
        import the same modules at once (importlib's answer to a lock cycle between two
        importing threads is a half-initialised module)."""
        if self._thread is not None:
            self._thread.join()

    def _load(self) -> None:
        previous = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        error: BaseException | None = None
        try:
            for name in STORE_MODULES:
                importlib.import_module(name)
        except Exception as exc:  # a broken installation: the GUI thread's import will say what
            log.exception("importing the store failed")
            error = exc
        finally:
            sys.setswitchinterval(previous)
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile (its C++ object is gone)
            self._done.emit(error)
