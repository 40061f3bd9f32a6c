"""Help: the user guide shipped with the app, opened at the section for the window in use.

The guide is docs/USER-GUIDE.md, copied with its pictures into resources/help/ by
tools/build_help.py (a test keeps the copy current). Qt renders Markdown itself
(QTextDocument.setMarkdown), so the guide needs no converter and works offline. Qt gives
headings no anchors, so each heading gets the anchor GitHub would give it: the guide's
own "[Check Domain](#5-check-domain)" links then work here as on the web.

Every window calls `add_help(window, key)`: F1 opens the guide at that window's section,
and the returned button does the same. One guide window (ui/kit/help_window.py, imported on
first use) serves the whole app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6 import QtCore
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QPushButton, QWidget

if TYPE_CHECKING:
    from a2k_settings_gui.ui.kit.help_window import HelpWindow

_HELP_WINDOW: list[HelpWindow] = []


def help_window() -> HelpWindow:
    """The app's one guide window (made on first use: start-up does not pay for it)."""
    if _HELP_WINDOW and not shiboken6.isValid(_HELP_WINDOW[0]):
        _HELP_WINDOW.clear()  # deleted with the application's last windows
    if not _HELP_WINDOW:
        from a2k_settings_gui.ui.kit.help_window import HelpWindow

        window = HelpWindow()
        window.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose, False)
        _HELP_WINDOW.append(window)
    return _HELP_WINDOW[0]


def close_help() -> None:
    """Close the guide window if one is open (it outlives the window that opened it)."""
    if _HELP_WINDOW and shiboken6.isValid(_HELP_WINDOW[0]):
        _HELP_WINDOW[0].close()


def open_help(key: str) -> HelpWindow:
    window = help_window()
    window.show_section(key)
    return window


def add_help(window: QWidget, key: str | object, button: bool = True,
             shortcut: bool = True) -> QPushButton | None:
    """F1 in `window` opens the guide at `key`'s section (a str, or a callable returning
    one, e.g. the wizard's current page); returns a Help button doing the same.
    shortcut=False: the caller adds F1 later (`add_help_key`), after the first paint."""
    def section() -> str:
        return key() if callable(key) else str(key)  # type: ignore[operator]

    if shortcut:
        add_help_key(window, key)
    if not button:
        return None
    help_button = QPushButton("Help", window)
    help_button.setObjectName("help_button")
    help_button.setToolTip("Open the user guide at this window's section (F1)")
    help_button.clicked.connect(lambda: open_help(section()))
    return help_button


def add_help_key(window: QWidget, key: str | object) -> None:
    """F1 in `window` opens the guide at `key`'s section (see add_help)."""
    # "F1" as text: no StandardKey enum (71 values). A shortcut made from text still
    # brings in QKeySequence (about 1 ms), so a window may add it after its first paint.
    shortcut = QShortcut("F1", window)  # a window shortcut, Qt's default context
    shortcut.activated.connect(lambda: open_help(key() if callable(key) else str(key)))
