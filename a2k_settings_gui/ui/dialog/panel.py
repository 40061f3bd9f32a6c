"""What every group of the Email Setting dialog shares: its fields and how they report.

A panel is one QGroupBox of the form (Mail Server Setting, Company Logo Information, ...).
It builds its editors, reads them (`raw_values()`), fills them (`fill()`) and tells the
dialog through `edited(key)` which field the admin changed; the dialog validates the
whole form and shows each problem under its field (`fields`).

Reading and filling go through one key -> editor map (`editors`): a field is read and
shown the same way in every panel. A panel writes by hand only its real exceptions (the
Port that follows Security, the logo size under Keep aspect ratio).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.ui.kit.field_editors import (
    caption,
    editor_value,
    number_box,
    show_value,
    text_edit,
)
from a2k_settings_gui.ui.kit.form_fields import FieldWithMessage

if TYPE_CHECKING:  # (spin and check boxes: imported with the groups that have them)
    from PySide6.QtWidgets import QCheckBox, QSpinBox

Editor = TypeVar("Editor", "QLineEdit", "QSpinBox", "QCheckBox")


class FormPanel(QGroupBox):
    """Signals:
    edited(str): the key of a field the admin changed.

    Attributes:
    fields: key -> the field with its message line, for the dialog's validation.
    editors: key -> the editor read by `raw_values()` and filled by `fill()`.
    """

    edited = Signal(str)

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(object_name)
        self.fields: dict[str, FieldWithMessage] = {}
        self.editors: dict[str, QWidget] = {}

    # ------------------------------------------------------------ building
    def line_edit(self, key: str) -> QLineEdit:
        return self.track(key, text_edit(key))

    def spin(self, key: str) -> QSpinBox:
        return self.track(key, number_box(key))

    def track(self, key: str, editor: Editor, mapped: bool = True) -> Editor:
        """Report the admin's changes of `editor` as `edited(key)`; `mapped`: read and
        filled through `editors` (False for a field the panel writes by hand)."""
        if isinstance(editor, QLineEdit):
            editor.textEdited.connect(lambda _text, k=key: self.field_edited(k))
        else:
            from PySide6.QtWidgets import QSpinBox

            if isinstance(editor, QSpinBox):
                editor.valueChanged.connect(lambda _v, k=key: self.field_edited(k))
            else:  # a check box
                editor.toggled.connect(lambda _checked, k=key: self.field_edited(k))
        if mapped:
            self.editors[key] = editor
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
        return {key: editor_value(editor) for key, editor in self.editors.items()}

    def fill(self, settings: EmailSettings) -> None:
        for key, editor in self.editors.items():
            show_value(editor, getattr(settings, key))
