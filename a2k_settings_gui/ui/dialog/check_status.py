"""The dialog's line of check verdicts: for the values the form shows now, what Send Test
Email, Check Logo and Check Domain last said about exactly those values.

A verdict belongs to the values it tested (core.support.checked): change the port and the
test's pass is gone from this line until the test runs again. Logo and domain are the
recommended next checks after a passing test, so an unchecked one says so. The line reads
latest-checks.json beside the settings file (a small local file) and follows it: any
check that ends, here or on the command line, rewrites it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QTimer
from PySide6.QtWidgets import QLabel, QWidget

RECOMMENDED = ("check_logo", "check_domain")


class CheckStatusLine(QLabel):
    """Follows the results kept beside `settings_path` for what `settings_source()` shows;
    it refreshes itself when the results file changes, and on `schedule()` (after the
    form's values change)."""

    def __init__(self, settings_path: Path, settings_source: Callable[[], Any],
                 parent: QWidget | None = None, layout: Any = None) -> None:
        super().__init__(parent)
        if layout is not None:
            layout.addWidget(self)
        self.setObjectName("check_status")
        self.setWordWrap(True)
        self.setProperty("textFormat", 1)  # Qt::RichText, without building the Qt enums
        self._path: Path | None = None
        self._settings_source: Callable[[], Any] | None = None
        self._watcher: QFileSystemWatcher | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)  # typing does not re-read the file per key
        self._timer.timeout.connect(self.refresh)
        self.verdicts: list[Any] = []
        self.follow(settings_path, settings_source)

    def follow(self, settings_path: Path, settings_source: Callable[[], Any]) -> None:
        self._path, self._settings_source = Path(settings_path), settings_source
        if self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None
        self.schedule()

    def _watch(self) -> None:
        """Follow the results file from the first refresh on (the window's first paint
        does not wait for the watcher: ~1.5 ms here, a thread on Windows). That refresh
        reads the file, so nothing written before it is missed."""
        folder = self._path.parent if self._path is not None else None
        if self._watcher is None and folder is not None and folder.is_dir():
            # The folder, not the file: the file is replaced atomically on every write.
            self._watcher = QFileSystemWatcher([str(folder)], self)
            self._watcher.directoryChanged.connect(lambda _p: self.schedule())

    def schedule(self) -> None:
        self._timer.start()

    def refresh(self) -> None:
        if self._path is None or self._settings_source is None:
            return
        self._watch()
        # Imported here, not at the top: the line is first filled after the window's first
        # paint (the timer above), and its words need the html module.
        from a2k_settings_gui.core.support.checked import verdict_for
        from a2k_settings_gui.core.support.latest import load_latest
        from a2k_settings_gui.ui.kit.verdict_words import verdict_html

        settings = self._settings_source()
        latest = load_latest(self._path)
        kinds = ["test_send", "check_logo", "check_domain"]
        if not settings.logo_url:
            kinds.remove("check_logo")
        self.verdicts = [verdict_for(latest, kind, settings) for kind in kinds]
        parts = [verdict_html(v, v.kind in RECOMMENDED) for v in self.verdicts]
        self.setText("<b>Checks of the values shown:</b> " + " &nbsp;·&nbsp; ".join(parts))


def line_in(layout: Any, form: Any) -> CheckStatusLine:
    """The line for `form` (the Email Setting dialog), added to `layout`."""
    return CheckStatusLine(form.store.path, form.current_settings, form, layout)
