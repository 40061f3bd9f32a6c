"""What every group of the Email Setting dialog shares: its fields and how they report.

A panel is one QGroupBox of the form (Mail Server Setting, Company Logo Information, ...).
It builds its editors, reads them (`raw_values()`), fills them (`fill()`) and tells the
dialog through `edited(key)` which field the admin changed; the dialog validates the
whole form and shows each problem under its field (`fields`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.ui.kit.field_editors import caption, number_box, text_edit
from a2k_settings_gui.ui.kit.form_fields import FieldWithMessage


class FormPanel(QGroupBox):
    """Signals:
    edited(str): the key of a field the admin changed.

    Attributes:
    fields: key -> the field with its message line, for the dialog's validation.
    """

    edited = Signal(str)

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(object_name)
        self.fields: dict[str, FieldWithMessage] = {}

    # ------------------------------------------------------------ building
    def line_edit(self, key: str) -> QLineEdit:
        return self.track(key, text_edit(key))

    def spin(self, key: str) -> QSpinBox:
        return self.track(key, number_box(key))

    def track(self, key: str, editor: QLineEdit | QSpinBox) -> Any:
        """Report the admin's changes of `editor` as `edited(key)`."""
        if isinstance(editor, QSpinBox):
            editor.valueChanged.connect(lambda _v, k=key: self.field_edited(k))
        else:
            editor.textEdited.connect(lambda _text, k=key: self.field_edited(k))
        return editor

    def wrap(self, key: str, editor: QWidget) -> FieldWithMessage:
        """The editor with its message line, known to the dialog's validation."""
        wrapper = FieldWithMessage(editor, key)
        self.fields[key] = wrapper
        return wrapper

    def add_row(self, form: QFormLayout, key: str, access_at: str, editor: QWidget) -> None:
        """A form row: the field's label (Alt+ the first letter of `access_at`), the editor
        and its message line."""
        wrapper = self.wrap(key, editor)
        label = QLabel(caption(key, access_at))
        label.setBuddy(editor)
        form.addRow(label, wrapper)

    # ------------------------------------------------------------ the dialog's calls
    def field_edited(self, key: str) -> None:
        self.edited.emit(key)

    def raw_values(self) -> dict[str, Any]:
        """The fields as typed, keyed like EmailSettings (parsed by the dialog)."""
        raise NotImplementedError

    def fill(self, settings: EmailSettings) -> None:
        raise NotImplementedError
