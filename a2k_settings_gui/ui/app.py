"""Start the desktop app: the Email Setting dialog, or the setup wizard on first use."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from PySide6 import QtCore
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from a2k_settings_gui.core.resources import resource_path
from a2k_settings_gui.core.store import SettingsStore

QUIT_AFTER_SHOWN_ENV = "A2K_QUIT_AFTER_SHOWN"  # smoke tests, benchmarks: ui/start_report.py
# Windows groups taskbar buttons and pinned shortcuts by this ID; the installer's
# Start-menu shortcut carries the same one (packaging/a2k-settings-gui.iss).
APP_USER_MODEL_ID = "A2000ERP.EmailSetting.a2k-settings-gui"


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        set_app_user_model_id()
        app = QApplication(sys.argv[:1])
        app.setApplicationName("a2k-settings-gui")
        app.setApplicationDisplayName("A2000ERP Email Setting")
        # Every window (and the taskbar button) shows the app's icon, not Python's.
        app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


# The sizes app-icon.ico holds, as PNG files (tools/make_icon.py writes both). Qt reads PNG
# itself; the .ico needs its image plug-in, which Qt finds by scanning its plug-in folder:
# about 2 ms more before the first paint. The .ico is the .exe's icon (packaging/).
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The app icon at every size of the .ico (16-256 px): crisp in the title bar and on
    the taskbar alike."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_path(f"icons/app-icon-{size}.png")))
    return icon


def set_app_user_model_id(shell32: Any = None, platform: str | None = None) -> bool:
    """Without an explicit AppUserModelID, Windows shows python(w).exe's icon and groups
    the window with other Python programs on the taskbar. Windows only; must run before
    the first window exists. `shell32`/`platform` are for tests (a fake shell32 on any OS).
    A failure is logged (taskbar grouping is cosmetic: the app runs on)."""
    if (platform or sys.platform) != "win32":
        return False
    try:
        if shell32 is None:
            import ctypes

            shell32 = ctypes.windll.shell32  # type: ignore[attr-defined]
        result = shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)
    except (AttributeError, OSError) as exc:
        _log_app_id_failure(f"{type(exc).__name__}: {exc}")
        return False
    if result != 0:  # not S_OK
        _log_app_id_failure(f"HRESULT 0x{result & 0xFFFFFFFF:08X}")
        return False
    return True


def _log_app_id_failure(why: str) -> None:
    from a2k_settings_gui.core.app_log import logger

    logger().warning("SetCurrentProcessExplicitAppUserModelID(%s) failed (%s): the "
                     "taskbar may group this window with Python's", APP_USER_MODEL_ID, why)


def open_main_window(config: Path | str | None = None, start: str = "auto") -> QWidget:
    """Show the first window: the wizard when no settings exist yet (start="auto"),
    else the Email Setting dialog. Tests call this; `run_gui` adds the event loop (once a
    QApplication's exec() has returned, Qt refuses to run nested event loops)."""
    application()
    store = SettingsStore(config)
    if start == "auto":
        start = "wizard" if not store.exists() else "dialog"
    if start == "health":
        from a2k_settings_gui.ui.health.window import HealthWindow

        # From the notification or `health --window`: the history of this settings file.
        window = HealthWindow(store)
        window.show()
        return window
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

        # The A2000ERP screen's fields paint first; the other groups follow at once.
        window = EmailSettingDialog(store, rest_after_first_paint=True)
    window.show()
    return window


_FOLLOW_UP_WINDOWS: list[QWidget] = []


def _open_dialog_after_setup(config: Path | str | None) -> None:
    from a2k_settings_gui.ui.dialog import EmailSettingDialog

    dialog = EmailSettingDialog(SettingsStore(config))
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    _FOLLOW_UP_WINDOWS.append(dialog)
    dialog.destroyed.connect(lambda *_: _FOLLOW_UP_WINDOWS.remove(dialog))
    dialog.show()


def run_gui(config: Path | str | None = None, start: str = "auto") -> int:
    """Open a window and run the event loop. start: "auto", "dialog", "wizard" or "health"."""
    from a2k_settings_gui.ui import crash_dialog

    app = application()
    # No console on Windows: an uncaught exception goes to the log file (opened on the
    # first one) and a dialog.
    crash_dialog.install(app)
    window = open_main_window(config, start)
    _collect_garbage_after_first_paint(window)
    report_to = os.environ.get(QUIT_AFTER_SHOWN_ENV)
    if report_to:
        from a2k_settings_gui.ui.start_report import StartReport

        StartReport(app, window, report_to)
    app.exec()
    # Workers (keyring read, checks) may still run: stop them while Qt is still whole.
    from a2k_settings_gui.ui.kit.worker import shutdown_workers

    shutdown_workers()
    return 0


def _collect_garbage_after_first_paint(window: QWidget) -> None:
    """Turn Python's cyclic garbage collector back on (gui_script turns it off for the
    start) on the first event-loop pass after `window` first paints, or in 2 s anyway."""
    import gc

    if gc.isenabled():
        return
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtGui import QPaintEvent

    class CollectorBack(QObject):
        def eventFilter(self, watched: QObject, event: object) -> bool:  # noqa: N802 - Qt's
            if isinstance(event, QPaintEvent):  # not event.type(): no QEvent.Type values
                watched.removeEventFilter(self)
                QTimer.singleShot(0, gc.enable)
            return False

    window.installEventFilter(CollectorBack(window))
    QTimer.singleShot(2000, gc.enable)


def main() -> int:
    """Open the app (the gui-script itself is a2k_settings_gui/gui_script.py)."""
    return run_gui(start="auto")


if __name__ == "__main__":
    sys.exit(main())
