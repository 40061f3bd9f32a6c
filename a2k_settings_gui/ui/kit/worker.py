"""One worker shape for every core call the UI makes (network, DNS, disk, images).

A Task runs `fn(cancel_token, progress)` on a plain daemon thread and reports back through
Qt signals, which Qt delivers on the GUI thread. Why a Python thread and not a QThread:
closing a window mid-check must never hit "QThread destroyed while running", and a daemon
thread does not hold up application exit. The core call itself guarantees it returns soon
after cancel (socket timeouts, closed sockets), so nothing is left running for long.

Signals:
    progressed(object): whatever the core call passes to its progress callback.
    succeeded(object): the call's return value.
    failed(object): the exception it raised (never Cancelled: a cancelled task is silent).
    finished(): after succeeded or failed, also when cancelled.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from a2k_settings_gui.core.cancel import Cancelled, CancelToken

TaskFunction = Callable[[CancelToken, Callable[[object], None]], Any]

# Every worker thread still running, with its cancel token: `shutdown_workers` stops them
# before the interpreter and Qt tear down.
_running: dict[threading.Thread, CancelToken] = {}
_running_lock = threading.Lock()


def shutdown_workers(seconds: float = 3.0) -> bool:
    """At application exit (after the event loop returned, while QApplication still
    exists): cancel every running task and wait up to `seconds` for its thread. A worker
    still emitting while Qt objects are destroyed at exit crashes the process (measured:
    a segfault in about 1 of 40 starts closed right after the window showed, while the
    keyring was being read). True when no worker is left."""
    with _running_lock:
        running = list(_running.items())
    for _thread, token in running:
        token.cancel()
    deadline = time.monotonic() + seconds
    for thread, _token in running:
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(thread.is_alive() for thread, _token in running)


class _Relay(QObject):
    """Signal carrier owned by the thread, so a worker outliving its window stays safe."""

    progressed = Signal(object)
    done = Signal(str, object)


class Task(QObject):
    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, fn: TaskFunction, parent: QObject | None = None, name: str = "") -> None:
        super().__init__(parent)
        self._fn = fn
        self.token = CancelToken()
        self._thread: threading.Thread | None = None
        self._relay = _Relay()
        self._relay.progressed.connect(self._on_relay_progressed)
        self._relay.done.connect(self._on_relay_done)
        self._name = name or getattr(fn, "__name__", "task")
        self.running = False

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("a Task runs once; make a new one")
        relay, token, fn = self._relay, self.token, self._fn

        def progress(payload: object) -> None:
            if not token.cancelled:
                _safe_emit(relay.progressed, payload)

        def run() -> None:
            try:
                result = fn(token, progress)
            except Cancelled:
                _safe_emit(relay.done, "cancelled", None)
            except BaseException as exc:  # noqa: BLE001 - travels to the GUI as a value
                _safe_emit(relay.done, "failed", exc)
            else:
                _safe_emit(relay.done, "cancelled" if token.cancelled else "ok", result)
            finally:
                with _running_lock:
                    _running.pop(threading.current_thread(), None)

        self.running = True
        self._thread = threading.Thread(target=run, name=f"a2k-{self._name}", daemon=True)
        with _running_lock:
            _running[self._thread] = token
        self._thread.start()

    def cancel(self) -> None:
        """Ask the call to stop; its late result, if any, is dropped."""
        self.token.cancel()

    def wait(self, seconds: float) -> bool:
        """Join the thread (tests and orderly shutdown only); True when it has ended."""
        if self._thread is None:
            return True
        self._thread.join(seconds)
        return not self._thread.is_alive()

    def _on_relay_progressed(self, payload: object) -> None:
        if not self.token.cancelled:
            self.progressed.emit(payload)

    def _on_relay_done(self, outcome: str, value: object) -> None:
        self.running = False
        if outcome == "ok" and not self.token.cancelled:
            self.succeeded.emit(value)
        elif outcome == "failed" and not self.token.cancelled:
            self.failed.emit(value)
        self.finished.emit()


def _safe_emit(signal: Any, *values: object) -> None:
    # The relay can be gone when the application is shutting down; nothing to tell then.
    try:
        signal.emit(*values)
    except RuntimeError:
        pass


class TaskGroup:
    """The worker tasks of one window: each finished task leaves the group, and closing the
    window cancels whatever is still running (`cancel_all`)."""

    def __init__(self, owner: QObject) -> None:
        self._owner = owner
        self._tasks: list[Task] = []

    def run(
        self,
        fn: TaskFunction,
        on_done: Callable[[Any], None] | None = None,
        on_fail: Callable[[Any], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
    ) -> Task:
        task = Task(fn, parent=self._owner)
        if on_done:
            task.succeeded.connect(on_done)
        if on_fail:
            task.failed.connect(on_fail)
        if on_progress:
            task.progressed.connect(on_progress)
        task.finished.connect(lambda: self._forget(task))
        self._tasks.append(task)
        task.start()
        return task

    def _forget(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def __len__(self) -> int:
        return len(self._tasks)


class CurrentTask:
    """The one current task of a panel (a check the admin can start again).

    Starting a new task cancels the one before; a cancelled task's late result is dropped
    (Task never reports it). The current task counts as over from its result on: `on_done`
    and `on_fail` already see `running` False, and `on_finished` follows them; an old
    task finishing late calls nothing, so it cannot re-enable a button or clear a newer
    task's state.

    Attributes:
    task: the running Task, or None.
    """

    def __init__(self, owner: QObject, run: Callable[..., Task] | None = None) -> None:
        # `run` is a window's TaskGroup.run (or its run_task), so that closing the window
        # also cancels this task; without one the task belongs to `owner`.
        self._run = run or TaskGroup(owner).run
        self.task: Task | None = None
        self._ended: Task | None = None

    @property
    def running(self) -> bool:
        return self.task is not None

    def start(
        self,
        fn: TaskFunction,
        on_done: Callable[[Any], None] | None = None,
        on_fail: Callable[[Any], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> Task:
        self.cancel()
        task = self._run(fn, None, None, on_progress)
        task.succeeded.connect(lambda value: self._on_result(task, on_done, value))
        task.failed.connect(lambda error: self._on_result(task, on_fail, error))
        task.finished.connect(lambda: self._on_finished(task, on_finished))
        self.task = task
        return task

    def cancel(self) -> bool:
        """Stop the current task; True when one was running."""
        task, self.task = self.task, None
        if task is None:
            return False
        task.cancel()
        return True

    def _on_result(self, task: Task, handler: Callable[[Any], None] | None,
                   value: object) -> None:
        if task is not self.task:
            return
        self.task, self._ended = None, task
        if handler is not None:
            handler(value)

    def _on_finished(self, task: Task, on_finished: Callable[[], None] | None) -> None:
        if task is self.task:  # ended without a result (the call gave up by itself)
            self.task = None
        elif task is not self._ended:
            return  # cancelled or replaced: nothing to say
        self._ended = None
        if on_finished is not None:
            on_finished()


class RunsOneTask:
    """A window or panel whose work runs one task at a time on `_current` (a CurrentTask).

    Attributes: _task: the running Task or None (tests wait for it to end)."""

    _current: CurrentTask

    @property
    def _task(self) -> Task | None:
        return self._current.task
