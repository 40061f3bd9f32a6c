"""Smoke tests and the start-up benchmark: the app reports its first window, then leaves.

With A2K_QUIT_AFTER_SHOWN set, the app writes, once its first window has painted for the
first time, `shown-at <time> <class> <Qt class it is built on> visible=<bool> cpu=<the
process's CPU seconds so far>` (the benchmarks compare that too: on a shared machine the
wall clock also measures the other programs); once the window has finished starting (the
Email Setting dialog builds its other groups right after that first paint),
`complete-at <time>`; then it exits. "1" prints the lines; any other
value is a file to append them to: the windowed program on Windows has no standard output.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget


class StartReport(QObject):
    def __init__(self, app: QApplication, window: QWidget, report_to: str) -> None:
        super().__init__(window)
        self._app, self._window, self._report_to = app, window, report_to
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: object) -> bool:  # noqa: N802 - Qt's name
        # isinstance, not event.type(): comparing with QEvent.Type would build that enum,
        # a cost the measurement would add to what it measures.
        if isinstance(event, QPaintEvent):
            self._window.removeEventFilter(self)
            # Runs after this paint, before anything the window posts while painting.
            QTimer.singleShot(0, self._report_shown)
        return False

    def _report_shown(self) -> None:
        window = self._window
        qt_class = next(c for c in type(window).__mro__ if c.__module__.startswith("PySide6"))
        try:
            self._write(f"shown-at {time.time():.6f} {type(window).__name__} "
                        f"{qt_class.__name__} visible={window.isVisible()} "
                        f"cpu={time.process_time():.6f}")
        except OSError:
            self._exit()
            return
        QTimer.singleShot(0, self._report_complete)

    def _report_complete(self) -> None:
        try:
            self._write(f"complete-at {time.time():.6f}")
        finally:
            self._exit()

    def _write(self, line: str) -> None:
        if self._report_to == "1":
            print(line, flush=True)
        else:
            with open(self._report_to, "a", encoding="utf-8") as report:
                report.write(line + "\n")

    def _exit(self) -> None:
        # exit(), not quit(): Qt 6's quit() first closes every window, and closing the
        # first-start wizard asks "Leave the setup wizard?", waiting for a click that never
        # comes. Also when the report could not be written.
        self._app.exit(0)
