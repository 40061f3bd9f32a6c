"""Uncaught exceptions in the desktop app: logged, then a dialog with "Open log folder".

The gui-script has no console on Windows, so without this an exception in a Qt slot would
go nowhere. core.app_log writes the traceback (password masked) to the per-user log file;
this module shows the admin what happened and where the details are. Exceptions of worker
threads arrive by a queued signal, so the dialog is always made on the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from a2k_settings_gui.core import app_log

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

# QMessageBox, QUrl and QDesktopServices are imported when an error is shown: the hooks are
# installed before the first window, and those classes' import (their enums) would delay
# its first paint for a dialog that is almost never needed.

OPEN_LOG_FOLDER = "Open log folder"


class CrashReporter(QObject):
    """Lives on the GUI thread; `crashed` may be emitted from any thread."""

    crashed = Signal(str, str)  # summary, log file path ("" when none was written)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.crashed.connect(self._show)
        self.box: QMessageBox | None = None
        self.suppressed = 0

    def report(self, summary: str, log_path: Path | None) -> None:
        self.crashed.emit(summary, str(log_path) if log_path else "")

    def _show(self, summary: str, log_path: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.box is not None and self.box.isVisible():
            # One dialog at a time: an error repeating in a paint event must not bury the
            # admin under windows. Every occurrence is in the log all the same.
            self.suppressed += 1
            return
        folder = Path(log_path).parent if log_path else app_log.log_folder()
        box = QMessageBox(QMessageBox.Icon.Critical, "A2000ERP Email Setting",
                          "Something went wrong inside the app.")
        # The exception's name (`summary`) is for support and is in the log; the admin
        # gets where the details are and what to do.
        if log_path:
            details = (f"The details were written to the log file:\n{log_path}\n\n"
                       "Send that file to A2000ERP support. It never contains your password.")
        else:
            details = (f"The details could not be written to a log file ({folder} cannot "
                       "be written).")
        box.setInformativeText(
            details + "\n\nYour saved settings are unchanged; the window stays open, so you "
            "can save what you typed or close it."
        )
        open_folder = box.addButton(OPEN_LOG_FOLDER, QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        open_folder.clicked.connect(lambda: open_log_folder(folder))
        box.setModal(True)
        self.box = box
        box.show()  # not exec(): an error must not start a nested event loop

    def open_folder_button(self) -> QPushButton | None:
        if self.box is None:
            return None
        return next((b for b in self.box.buttons() if b.text() == OPEN_LOG_FOLDER), None)


def open_log_folder(folder: Path) -> bool:
    """Show the log folder in Explorer (the file manager elsewhere)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def install(app: QApplication) -> CrashReporter:
    """Log every uncaught exception and show the dialog for it."""
    reporter = CrashReporter(app)
    app_log.install_excepthooks(reporter.report)
    return reporter
