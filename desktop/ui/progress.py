"""A task on the window's runner with a progress dialog (export, import, share, merge, backup…)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog

from desktop.ui.signals import disconnect
from desktop.ui.tasks import TaskHandle

SHOW_PROGRESS_AFTER_MS = 300  # shorter work finishes without a dialog flashing up


def run_with_progress(
    window: Any,
    label: str,
    title: str,
    work: Callable[[TaskHandle], Any],
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None],
    *,
    cancellable: bool = True,
    closed: Callable[[], None] | None = None,
) -> QProgressDialog:
    """Run `work` on `window.runner` behind a window-modal progress dialog, shown once the work
    has taken `SHOW_PROGRESS_AFTER_MS`. Its bar and text follow `handle.progress(count, total,
    what)`; Cancel (when `cancellable`) cancels the task. The dialog is closed (and `closed`
    called) before `done(result)` or `failed(error)` runs."""
    progress = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, window)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
    progress.setAutoClose(False)
    progress.setAutoReset(False)
    if not cancellable:
        progress.setCancelButton(None)
    shown = [True]

    def close() -> None:
        if shown[0]:
            shown[0] = False
            disconnect(progress.canceled)
            progress.close()
            progress.deleteLater()
            if closed is not None:
                closed()

    def finished(result: Any) -> None:
        close()
        done(result)

    def failure(error: BaseException) -> None:
        close()
        failed(error)

    def on_progress(count: int, total: int, what: str) -> None:
        if shown[0]:
            progress.setMaximum(max(total, 1))
            progress.setValue(min(count, total))
            if what:
                progress.setLabelText(f"{label}\n{what}")

    handle = window.runner.run(work, finished, failure, on_progress)
    progress.canceled.connect(handle.cancel)
    return progress
