"""One long-lived runner for work off the GUI thread (DESIGN §1).

Results come back on the GUI thread through a signal of the runner itself. Per-task QObjects
lose their callbacks when Python drops them (reproduced on PySide6 6.12; code-style-anchors §9),
so callbacks are kept here, in a dict keyed by task number.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task that noticed its cancel flag."""


class TaskHandle:
    """What a task's function receives: progress reporting and the cancel flag."""

    def __init__(self, runner: TaskRunner, key: int) -> None:
        self._runner = runner
        self._key = key
        self._cancel = threading.Event()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._runner._progress.emit(self._key, done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled


class _Runnable(QRunnable):
    def __init__(
        self,
        runner: TaskRunner,
        handle: TaskHandle,
        fn: Callable[[TaskHandle], Any],
        *,
        skip_if_cancelled: bool,
    ) -> None:
        super().__init__()
        self._runner, self._handle, self._fn = runner, handle, fn
        self._skip_if_cancelled = skip_if_cancelled

    def run(self) -> None:  # worker thread: never touch widgets here
        # The handle must die on the GUI thread (the runner keeps it until the task has finished):
        # PySide drops a dead object's signal connections (e.g. a progress dialog's "canceled" to
        # handle.cancel) from the thread that frees it, and doing that here deadlocks with the GUI.
        handle, fn = self._handle, self._fn
        self._handle = self._fn = None  # type: ignore[assignment]
        key = handle._key
        try:
            if self._skip_if_cancelled:  # a read cancelled while queued: do not start it
                handle.check()
            payload: tuple[Any, BaseException | None] = (fn(handle), None)
        except BaseException as exc:  # delivered to the GUI thread's error callback
            payload = (None, exc)
        del handle, fn
        try:
            self._runner._finished.emit(key, payload)
        except RuntimeError:  # the runner (and its window) closed while this task ran: nobody to tell
            log.info("a background task finished after its window closed")


class TaskRunner(QObject):
    _finished = Signal(int, object)
    _progress = Signal(int, int, int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one writer at a time: tasks run in order
        self._pending: dict[
            int,
            tuple[
                Callable[[Any], None],
                Callable[[BaseException], None] | None,
                Callable[[int, int, str], None] | None,
            ],
        ] = {}
        self._next = 0
        self._handles: dict[int, TaskHandle] = {}  # alive until finished, see _Runnable.run
        self._cancel_on_close: set[int] = set()
        self._finished.connect(self._on_finished)
        self._progress.connect(self._on_progress)

    def run(
        self,
        fn: Callable[[TaskHandle], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        *,
        cancel_on_close: bool = False,
    ) -> TaskHandle:
        """Run `fn(handle)` on the worker thread; call `on_done(result)` or `on_error(exc)` here.

        `cancel_on_close`: a read whose result nobody needs once the project closes (the
        Overview's): `cancel_reads()` cancels it, so closing does not wait for it."""
        self._next += 1
        handle = TaskHandle(self, self._next)
        if cancel_on_close:
            self._cancel_on_close.add(self._next)
        self._pending[self._next] = (on_done, on_error, on_progress)
        self._handles[self._next] = handle
        # Other tasks always start: they report a cancel themselves (a batch export's report says
        # what was written before the cancel), and a Cancelled error would reach the user.
        self._pool.start(_Runnable(self, handle, fn, skip_if_cancelled=cancel_on_close))
        return handle

    def cancel_reads(self) -> None:
        """Cancel the running or queued tasks started with `cancel_on_close` (before `wait`)."""
        for key in self._cancel_on_close:
            handle = self._handles.get(key)
            if handle is not None:
                handle.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for running tasks (on close); their callbacks run when events are next processed."""
        return self._pool.waitForDone(msecs)

    @Slot(int, int, int, str)
    def _on_progress(self, key: int, done: int, total: int, text: str) -> None:
        callbacks = self._pending.get(key)
        if callbacks and callbacks[2]:
            callbacks[2](done, total, text)

    @Slot(int, object)
    def _on_finished(self, key: int, payload: tuple[Any, BaseException | None]) -> None:
        on_done, on_error, _ = self._pending.pop(key)
        handle = self._handles.pop(key)  # freed here, on the GUI thread, after the callbacks
        self._cancel_on_close.discard(key)
        result, error = payload
        if error is None:
            on_done(result)
        elif on_error is not None:
            on_error(error)
        else:
            log.error("background task failed", exc_info=error)
        del handle
