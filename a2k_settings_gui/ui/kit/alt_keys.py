"""An Alt+key never types a letter.

When the button an Alt+key belongs to is disabled (a greyed Next), Qt passes the key on
to the focused field, and a line edit then inserts the plain letter: Alt+N typed "n" into
the password. One filter on the application drops every Alt+letter or Alt+digit that
reaches a text field. AltGr (Ctrl+Alt on Windows), which types characters such as @ and €
on many keyboards, is left alone.
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)

_TEXT_WIDGETS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)


class _AltKeysTypeNothing(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, _TEXT_WIDGETS):
            return False
        # QtCore.Qt only here, at a key press: the start-up path never builds its enums
        # (ui/kit/qt_enums.py).
        Qt = QtCore.Qt  # noqa: N806
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier  # type: ignore[attr-defined]
        if modifiers != Qt.KeyboardModifier.AltModifier:
            return False
        key = event.key()  # type: ignore[attr-defined]
        return bool(Qt.Key.Key_0 <= key <= Qt.Key.Key_9 or Qt.Key.Key_A <= key <= Qt.Key.Key_Z)


def install() -> None:
    """Once per application (the dialog and the wizard both call it)."""
    app = QApplication.instance()
    if app is None or app.property("a2k_alt_keys_filter"):
        return
    keeper = _AltKeysTypeNothing(app)
    keeper.setObjectName("alt_keys_type_nothing")
    app.installEventFilter(keeper)
    app.setProperty("a2k_alt_keys_filter", True)
