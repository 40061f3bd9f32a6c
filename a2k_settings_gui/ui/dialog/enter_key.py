"""Enter in the Email Setting dialog never saves or closes it.

A QDialog presses its default button (Save) on Enter, so typing a logo URL and pressing
Enter once saved an unchecked URL and closed the window without a word. Here Enter in a
field that has a check runs that check (the button beside it, when it is enabled); in any
other field it does nothing. A focused button still takes Enter itself (Qt's buttons
handle it before the dialog sees it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractButton, QWidget

# The check that tests each field's value.
CHECK_OF_FIELD = {
    "sender_email": "test_send_button",
    "password": "test_send_button",
    "smtp_host": "test_send_button",
    "port": "test_send_button",
    "logo_url": "logo_check",
    "logo_height": "logo_check",
    "logo_width": "logo_check",
}


def check_button_for(dialog: Any, focus: QWidget | None) -> QAbstractButton | None:
    """The enabled check button for the field that has the focus, or None."""
    if focus is None:
        return None
    for key, check in CHECK_OF_FIELD.items():
        editor = getattr(dialog, key, None)
        if editor is None or not (focus is editor or editor.isAncestorOf(focus)):
            continue
        if check == "logo_check":
            preview = getattr(dialog, "logo_preview", None)
            button = getattr(preview, "check_button", None)
        else:
            button = getattr(dialog, check, None)
        return button if button is not None and button.isEnabled() else None
    return None


def install(dialog: Any, alt_keys_now: bool = True) -> None:
    """Enter as above for `dialog`, and (`alt_keys_now`) no Alt+letter typed into a field
    anywhere; without it the dialog calls alt_keys.install() once it has painted."""
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QKeyEvent

    if alt_keys_now:
        from a2k_settings_gui.ui.kit import alt_keys

        alt_keys.install()

    class _Enter(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
            # isinstance first: event.type() makes a QEvent.Type value, a cost every event
            # of the dialog before its first paint would pay. 6 = QEvent.KeyPress, compared
            # as a number: the start-up path builds no Qt enums (ui/kit/qt_enums.py).
            return (isinstance(event, QKeyEvent) and event.type().value == 6
                    and handle_enter(dialog, event))

    dialog._enter_filter = _Enter(dialog)
    dialog.installEventFilter(dialog._enter_filter)


def handle_enter(dialog: Any, event: Any) -> bool:
    """True when `event` was Enter/Return and is handled here (never by Save)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return False
    button = check_button_for(dialog, QApplication.focusWidget())
    if button is not None:
        button.click()
    event.accept()
    return True
