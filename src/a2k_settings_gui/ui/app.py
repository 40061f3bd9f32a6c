"""Start the desktop app: the Email Setting dialog, or the setup wizard on first use."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from a2k_settings_gui.core.store import SettingsStore

QUIT_AFTER_SHOWN_ENV = "A2K_QUIT_AFTER_SHOWN"


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("a2k-settings-gui")
        app.setApplicationDisplayName("A2000ERP Email Setting")
    return app  # type: ignore[return-value]


def open_main_window(config: Path | str | None = None, start: str = "auto") -> QWidget:
    """Show the first window: the wizard when no settings exist yet (start="auto"),
    else the Email Setting dialog. Tests call this; `run_gui` adds the event loop (once a
    QApplication's exec() has returned, Qt refuses to run nested event loops)."""
    application()
    store = SettingsStore(config)
    if start == "auto":
        start = "wizard" if not store.exists() else "dialog"
    if start == "wizard":
        from a2k_settings_gui.ui.wizard import open_wizard

        window = open_wizard(store, first_start=True)
        # After the first-time setup the admin lands in the Email Setting dialog with what
        # was just saved, rather than the app closing under them; after Cancel (confirmed)
        # too, with nothing saved.
        window.saved.connect(lambda _settings: _open_dialog_after_setup(config))
        window.rejected.connect(lambda: _open_dialog_after_setup(config))
    else:
        from a2k_settings_gui.ui.dialog import EmailSettingDialog

        window = EmailSettingDialog(store)
    window.show()
    return window


_FOLLOW_UP_WINDOWS: list[QWidget] = []


def _open_dialog_after_setup(config: Path | str | None) -> None:
    from a2k_settings_gui.ui.dialog import EmailSettingDialog

    dialog = EmailSettingDialog(SettingsStore(config))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _FOLLOW_UP_WINDOWS.append(dialog)
    dialog.destroyed.connect(lambda *_: _FOLLOW_UP_WINDOWS.remove(dialog))
    dialog.show()


def run_gui(config: Path | str | None = None, start: str = "auto") -> int:
    """Open a window and run the event loop. start: "auto", "dialog" or "wizard"."""
    app = application()
    window = open_main_window(config, start)  # noqa: F841 - kept alive for the loop
    if os.environ.get(QUIT_AFTER_SHOWN_ENV):
        # Smoke tests and the start-up benchmark: report when the window is on screen, leave.
        def report_and_quit() -> None:
            print(f"shown-at {time.time():.6f}", flush=True)
            app.quit()

        QTimer.singleShot(0, report_and_quit)
    app.exec()
    return 0


def main() -> int:
    """Entry point of the gui-script (no console window on Windows)."""
    return run_gui(start="auto")


if __name__ == "__main__":
    sys.exit(main())
