"""Small building blocks for the settings form: a field with its message, help text."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

ERROR_COLOR = "#b00020"
HELP_COLOR = "#555555"
# A style sheet only on a field while it is invalid: style sheets on every label would
# switch the whole dialog to the slower style-sheet style and cost start-up time.
INVALID_EDIT_STYLE = f"border: 1px solid {ERROR_COLOR}; border-radius: 2px; padding: 1px;"


def set_text_color(widget: QWidget, color: str) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
    widget.setPalette(palette)


class FieldWithMessage(QWidget):
    """An input with a message line under it that appears only when the value is wrong."""

    def __init__(self, editor: QWidget, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        # Fixed height: the form may not squeeze the message line away when space is short.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        self.message = QLabel(self)
        self.message.setObjectName(f"{key}_error")
        set_text_color(self.message, ERROR_COLOR)
        # One line, full text in the tooltip: a wrapping label inside a form row gets a
        # wrong height from QFormLayout and is clipped.
        self.message.setWordWrap(False)
        self.message.hide()
        layout.addWidget(self.message)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setToolTip(text)
        self.message.setVisible(bool(text))
        self.editor.setStyleSheet(INVALID_EDIT_STYLE if text else "")
        # Screen readers announce the problem together with the field.
        self.editor.setAccessibleDescription(text)


def help_label(text: str, object_name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    set_text_color(label, HELP_COLOR)
    if object_name:
        label.setObjectName(object_name)
    return label
