"""The task runner: results, errors, progress and cancel arrive on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QProgressDialog

from desktop.ui.signals import disconnect
from desktop.ui.tasks import Cancelled, TaskRunner


@pytest.fixture
def runner(qtbot):
    runner = TaskRunner()
    yield runner
    runner.wait()


def test_results_and_errors_come_back_on_the_gui_thread(qtbot, runner):
    gui = threading.current_thread()
    seen = []
    with qtbot.waitCallback() as done:
        runner.run(
            lambda _h: (threading.current_thread() is not gui, 42), lambda r: (seen.append(r), done(r))
        )
    assert seen == [(True, 42)]
    with qtbot.waitCallback() as failed:
        runner.run(lambda _h: 1 / 0, lambda _r: None, lambda exc: failed(type(exc).__name__))
    failed.assert_called_with("ZeroDivisionError")


def test_a_progress_dialog_wired_to_cancel_closes_cleanly_every_time(qtbot, runner):
    """Regression: the task's handle freed on the worker thread deadlocked the GUI when the done
    callback disconnected the dialog's 'canceled' (seen as a hang in most export runs)."""
    for round_ in range(40):
        dialog = QProgressDialog("Working…", "Cancel", 0, 10)
        progress = []

        def work(handle, round_=round_):
            for step in range(10):
                handle.check()
                handle.progress(step + 1, 10)
            return round_

        def on_done(result, dialog=dialog, finished=None):
            disconnect(dialog.canceled)
            dialog.close()
            dialog.deleteLater()
            finished(result)

        with qtbot.waitCallback(timeout=5000) as finished:
            handle = runner.run(
                work,
                lambda r, f=finished: on_done(r, finished=f),
                on_progress=lambda d, _t, _x, seen=progress: seen.append(d),
            )
            dialog.canceled.connect(handle.cancel)
            del handle
        finished.assert_called_with(round_)
        assert progress and progress[-1] == 10


def test_cancel_stops_a_task_between_steps(qtbot, runner):
    started = threading.Event()
    release = threading.Event()

    def work(handle):
        started.set()
        release.wait(5)
        handle.check()
        return "not cancelled"

    with qtbot.waitCallback() as failed:
        handle = runner.run(work, lambda _r: failed("finished"), lambda exc: failed(type(exc)))
        assert started.wait(5)
        handle.cancel()
        release.set()
    failed.assert_called_with(Cancelled)
