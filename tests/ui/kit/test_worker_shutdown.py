"""At exit the app stops its workers while Qt is still whole: a worker emitting into Qt
objects that are being destroyed crashed the process (a segfault in ~1 of 40 starts
closed right after the window showed)."""

from __future__ import annotations

import threading

from a2k_settings_gui.core.cancel import Cancelled
from a2k_settings_gui.ui.kit.worker import Task, shutdown_workers


def test_shutdown_cancels_and_waits_for_running_workers(qtbot):
    started = threading.Event()

    def slow_call(token, _progress):
        started.set()
        for _ in range(200):  # up to 10 s, unless cancelled
            if token.cancelled:
                raise Cancelled()
            token.wait(0.05)
        return "done"

    task = Task(slow_call)
    task.start()
    assert started.wait(5)
    assert shutdown_workers(seconds=3) is True
    assert task.wait(0) is True  # its thread has ended
    assert task.token.cancelled


def test_shutdown_with_nothing_running_returns_at_once():
    assert shutdown_workers(seconds=0) is True
