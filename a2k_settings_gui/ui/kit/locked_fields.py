"""Fields the machine-wide preset locks (core.store.preset): shown, never editable, and
the reason said where the admin looks, under the field and in its tooltip. The dialog and
the setup wizard lock a field the same way.

Line edits and spin boxes become read-only (the value can still be selected and copied,
and Tab still reaches it, so a screen reader reads the reason); other editors (the
Security list, check boxes, a field with a Browse button) are disabled.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox, QFormLayout, QLabel, QLineEdit, QWidget

from a2k_settings_gui.ui.kit.form_fields import FieldWithMessage
from a2k_settings_gui.ui.kit.style import HELP, set_text_color

LOCK_NOTE = "Locked by your IT department"


def lock_editor(editor: QWidget, reason: str) -> None:
    """Make `editor` read-only (or disabled) with `reason` in its tooltip."""
    if isinstance(editor, (QLineEdit, QAbstractSpinBox)):
        editor.setReadOnly(True)
    else:
        editor.setEnabled(False)
    editor.setToolTip(reason)
    editor.setAccessibleDescription(reason)
    editor.setProperty("locked", True)


def lock_note(key: str, reason: str, parent: QWidget | None = None) -> QLabel:
    """The line shown under a locked field (object name `<key>_locked`)."""
    note = QLabel(LOCK_NOTE, parent)
    note.setObjectName(f"{key}_locked")
    note.setToolTip(reason)
    note.setWordWrap(True)
    set_text_color(note, HELP)
    return note


def lock_field(key: str, wrapper: FieldWithMessage, reason: str) -> None:
    """Make the field read-only with `reason`; calling it again changes nothing."""
    lock_editor(wrapper.editor, reason)
    if wrapper.findChild(QLabel, f"{key}_locked") is not None:
        return
    wrapper.layout().insertWidget(1, lock_note(key, reason, wrapper))


def lock_form_row(key: str, form: QFormLayout, editor: QWidget, reason: str,
                  row_widget: QWidget | None = None) -> None:
    """Lock `editor`, a field of `form` (in the row of `row_widget`, default the editor
    itself), and put the note in a new row right under it; once only."""
    lock_editor(editor, reason)
    row_widget = row_widget or editor
    parent = form.parentWidget()
    if parent is not None and parent.findChild(QLabel, f"{key}_locked") is not None:
        return
    row, _role = form.getWidgetPosition(row_widget)
    note = lock_note(key, reason)
    if row < 0:
        form.addRow("", note)
    else:
        form.insertRow(row + 1, "", note)
