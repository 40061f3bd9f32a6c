"""An Alt+key never types a letter, and a button gets one no other widget of its window has.

When the button an Alt+key belongs to is disabled (a greyed Next), Qt passes the key on
to the focused field, and a line edit then inserts the plain letter: Alt+N typed "n" into
the password. One filter on the application drops every Alt+letter or Alt+digit that
reaches a text field. AltGr (Ctrl+Alt on Windows), which types characters such as @ and €
on many keyboards, is left alone.
"""

from __future__ import annotations

import re

from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QWidget

# The fields a letter is typed into. By name: importing the text-box classes builds their
# enums, which waits for the first key press (the fields are guarded before the first paint).
_TEXT_WIDGET_NAMES = ("QLineEdit", "QPlainTextEdit", "QTextEdit", "QAbstractSpinBox",
                      "QComboBox")


def _is_text_widget(widget: QObject) -> bool:
    return any(widget.inherits(name) for name in _TEXT_WIDGET_NAMES)


class _AltKeysTypeNothing(QObject):
    _text_widgets: tuple[type, ...] = ()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Every event of the application passes here. isinstance first, event.type() only
        # for key events: event.type() makes a QEvent.Type enum value (building that enum on
        # first use), a cost every event before the first paint would pay.
        if not isinstance(event, QKeyEvent):
            return False
        if not self._text_widgets:
            from PySide6 import QtWidgets

            self._text_widgets = tuple(getattr(QtWidgets, name) for name in _TEXT_WIDGET_NAMES)
        if not isinstance(watched, self._text_widgets):
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        # QtCore.Qt only here, at a key press: the start-up path never builds its enums
        # (ui/kit/qt_enums.py).
        Qt = QtCore.Qt  # noqa: N806
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier  # type: ignore[attr-defined]
        if modifiers != Qt.KeyboardModifier.AltModifier:
            return False
        key = event.key()  # type: ignore[attr-defined]
        return bool(Qt.Key.Key_0 <= key <= Qt.Key.Key_9 or Qt.Key.Key_A <= key <= Qt.Key.Key_Z)


def _keeper(app: QApplication) -> _AltKeysTypeNothing:
    keeper = app.findChild(_AltKeysTypeNothing, "alt_keys_type_nothing")
    if keeper is None:
        keeper = _AltKeysTypeNothing(app)
        keeper.setObjectName("alt_keys_type_nothing")
    return keeper


def install() -> None:
    """Once per application (the dialog and the wizard both call it)."""
    app = QApplication.instance()
    if app is None or app.property("a2k_alt_keys_filter"):
        return
    app.installEventFilter(_keeper(app))
    app.setProperty("a2k_alt_keys_filter", True)


def guard_fields(*fields: QWidget) -> None:
    """The same rule for these text fields only, until a window's first paint is done and
    install() runs: a Python filter on the application sees every event of every object,
    and PySide6 wraps each one for it (about 30 ms of the dialog's first paint). The window
    names its fields: searching all its children would also wrap (and build the enums of)
    widgets no letter is typed into, such as scroll bars."""
    app = QApplication.instance()
    if app is None or app.property("a2k_alt_keys_filter"):
        return
    keeper = _keeper(app)
    for field in fields:
        if _is_text_widget(field):
            field.installEventFilter(keeper)


# An Alt+key is the character after a single "&" in a label's, button's or box's text
# ("&#10004;" and "&amp;" in a rich-text label are characters, not keys).
_MNEMONIC = re.compile(r"&(?![#\w]+;)([^&\s])")


def taken_keys(*roots: QWidget, skip: tuple[QWidget, ...] = ()) -> set[str]:
    """The Alt+keys (lower case) that `roots` and everything in them already show."""
    taken: set[str] = set()
    for root in roots:
        for widget in (root, *root.findChildren(QWidget)):
            if widget in skip:
                continue
            if isinstance(widget, (QAbstractButton, QLabel)):
                text = widget.text()
            elif isinstance(widget, QGroupBox):
                text = widget.title()
            else:
                continue
            match = _MNEMONIC.search(text or "")
            if match:
                taken.add(match.group(1).lower())
    return taken


def with_free_key(text: str, taken: set[str]) -> str:
    """`text` with its first letter or digit that is not in `taken` as its Alt+key; the
    plain text when every one is taken (a key that collides would do the wrong thing)."""
    plain = text.replace("&&", "\0").replace("&", "").replace("\0", "&&")
    for at, char in enumerate(plain):
        if char.isalnum() and char.lower() not in taken:
            return f"{plain[:at]}&{plain[at:]}"
    return plain


def give_free_key(button: QAbstractButton, *roots: QWidget,
                  also_taken: set[str] | frozenset[str] = frozenset()) -> str:
    """Give `button` an Alt+key no other widget in `roots` shows; returns the key ("" when
    none is free)."""
    text = with_free_key(button.text(), taken_keys(*roots, skip=(button,)) | set(also_taken))
    button.setText(text)
    match = _MNEMONIC.search(text)
    return match.group(1).lower() if match else ""


class _KeyOnFirstShow(QObject):
    def __init__(self, window: QWidget, button: QAbstractButton) -> None:
        super().__init__(button)
        self._window, self._button = window, button
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # isinstance, not event.type(): that would make a QEvent.Type value for every
        # event the window gets before its first paint.
        if isinstance(event, QShowEvent) and watched is self._window:
            watched.removeEventFilter(self)
            give_free_key(self._button, self._window)
        return False


def give_free_key_when_shown(button: QAbstractButton, window: QWidget) -> None:
    """give_free_key(button, window) once `window` is first shown, with all its content."""
    _KeyOnFirstShow(window, button)
