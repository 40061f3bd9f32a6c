"""Small building blocks for the settings form (a field with its message, help text) and
for the windows that run checks (the busy spinner, the row of buttons at the bottom, the
toggle that opens an optional section)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.ui.kit.qt_enums import set_no_focus
from a2k_settings_gui.ui.kit.style import ERROR, HELP, INVALID_EDIT_STYLE, WARNING, set_text_color

if TYPE_CHECKING:
    from PySide6.QtWidgets import QToolButton


class FieldWithMessage(QWidget):
    """An input with a message line under it that appears only when the value is wrong."""

    def __init__(self, editor: QWidget, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        # Its height follows its width (a wrapped message needs more lines when narrow);
        # the form may not squeeze the message line away when space is short.
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        self.message = QLabel(self)
        self.message.setObjectName(f"{key}_error")
        set_text_color(self.message, ERROR)
        # The message wraps and never widens the window (a long address message
        # widened the dialog to 1672 px): its width is the field's, whatever its length.
        # The row's height follows the wrapped text (heightForWidth, see below).
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored,
                                   QSizePolicy.Policy.MinimumExpanding)
        self.message.hide()
        layout.addWidget(self.message)

    def show_problem(self, text: str) -> None:
        set_text_color(self.message, ERROR)
        self.message.setText(text)
        self.message.setToolTip(text)
        self.message.setVisible(bool(text))
        # A style sheet only while invalid: on every field it would slow start-up.
        self.editor.setStyleSheet(INVALID_EDIT_STYLE if text else "")
        # Screen readers announce the problem together with the field.
        self.editor.setAccessibleDescription(text)


    def show_warning(self, text: str) -> None:
        """A valid value that will cause trouble later: said under the field, not blocking
        Save (e.g. a Sender Email ID at a reserved domain)."""
        set_text_color(self.message, WARNING)
        self.message.setText(f"\u26a0 {text}")
        self.message.setToolTip(text)
        self.message.setVisible(True)
        self.editor.setStyleSheet("")
        self.editor.setAccessibleDescription(text)


def help_label(text: str, object_name: str = "", colour: str = HELP,
               wrap: bool = True) -> QLabel:
    """A note in the form: grey help text, or another colour (a status line)."""
    label = QLabel(text)
    label.setWordWrap(wrap)
    set_text_color(label, colour)
    if object_name:
        label.setObjectName(object_name)
    return label


class PasswordRow(QWidget):
    """A masked password field with a Show/Hide button (dialog and wizard alike)."""

    def __init__(self, edit_name: str, toggle_name: str, parent: QWidget | None = None,
                 *, alt_h: bool = False) -> None:
        super().__init__(parent)
        # Alt+H (the letter Show and Hide share) where the window has it free: the wizard;
        # in the dialog every letter of Show/Hide is a field's key, so there Tab reaches it.
        self._texts = ("S&how", "&Hide") if alt_h else ("Show", "Hide")
        self.edit = QLineEdit(self)
        self.edit.setObjectName(edit_name)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName("Email Password")
        self.toggle = QPushButton(self._texts[0], self)
        self.toggle.setObjectName(toggle_name)
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName("Show password")
        self.setFocusProxy(self.edit)  # the row's label's Alt+key lands in the password
        self.toggle.toggled.connect(self._on_toggle_toggled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)

    def _on_toggle_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.edit.setEchoMode(mode)
        self.toggle.setText(self._texts[1] if shown else self._texts[0])
        self.toggle.setAccessibleName("Hide password" if shown else "Show password")


class FormScrollArea(QScrollArea):
    """The dialog's form in a frameless scroll area that asks for the form's full size.

    QScrollArea's own size hint is capped at a few hundred pixels; this one asks for what
    the form needs, so the dialog opens showing all of it when the screen has room, and
    scrolls only when it has not. The area itself takes no Tab focus (the fields do, and
    QScrollArea scrolls the focused field into view).
    """

    def __init__(self, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("form_scroll")
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        set_no_focus(self)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        body = self.widget()
        if body is None:
            return super().sizeHint()
        hint = body.sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar + 2 * self.frameWidth(),
                     hint.height() + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(200, 120)


def busy_spinner(object_name: str = "") -> QProgressBar:
    """The spinner beside a check's status line while it runs (hidden until then): a
    moving bar with no percentage, since a check cannot know how far it is."""
    busy = QProgressBar()
    if object_name:
        busy.setObjectName(object_name)
    busy.setRange(0, 0)
    busy.setMaximumWidth(90)
    busy.setTextVisible(False)
    busy.setAccessibleName("Checking")
    busy.hide()
    return busy


def window_buttons(window: QWidget, help_key: str, copy_button: QPushButton,
                   *actions: QPushButton, close_name: str = "close_button") -> QHBoxLayout:
    """The bottom row of a window that reports a check: Help and Copy report on the left,
    the window's own actions and then Close (which closes the window) on the right."""
    from a2k_settings_gui.ui.kit.help import add_help

    close_button = QPushButton("&Close", objectName=close_name)
    close_button.clicked.connect(window.close)
    from a2k_settings_gui.ui.kit.alt_keys import give_free_key_when_shown

    help_button = add_help(window, help_key)
    give_free_key_when_shown(help_button, window)  # a letter of Help the window leaves free
    row = QHBoxLayout()
    row.addWidget(help_button)
    row.addWidget(copy_button)
    row.addStretch(1)
    for button in (*actions, close_button):
        row.addWidget(button)
    return row


def disclosure_toggle(text: str, object_name: str) -> QToolButton:
    """A flat button whose arrow opens (down) and closes (right) an optional section; the
    caller connects `toggled` to show or hide the section itself."""
    # On first need, with the Qt enums (ui/kit/qt_enums.py): no start-up window has one.
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QToolButton

    toggle = QToolButton(objectName=object_name)
    toggle.setText(text)
    toggle.setCheckable(True)
    toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toggle.setArrowType(Qt.ArrowType.RightArrow)
    toggle.setAutoRaise(True)
    toggle.toggled.connect(lambda shown: toggle.setArrowType(
        Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow))
    return toggle
