"""Fields the machine-wide preset locks (core.store.preset): shown, never editable, and
the reason said where the admin looks, under the field and in its tooltip.

Line edits and spin boxes become read-only (the value can still be selected and copied,
and Tab still reaches it, so a screen reader reads the reason); other editors (the
Security list, check boxes, a field with a Browse button) are disabled.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QLineEdit

from a2k_settings_gui.ui.kit.form_fields import FieldWithMessage
from a2k_settings_gui.ui.kit.style import HELP, set_text_color

LOCK_NOTE = "Locked by your IT department"


def lock_field(key: str, wrapper: FieldWithMessage, reason: str) -> None:
    """Make the field read-only with `reason`; calling it again changes nothing."""
    editor = wrapper.editor
    if isinstance(editor, (QLineEdit, QAbstractSpinBox)):
        editor.setReadOnly(True)
    else:
        editor.setEnabled(False)
    editor.setToolTip(reason)
    editor.setAccessibleDescription(reason)
    editor.setProperty("locked", True)
    if wrapper.findChild(QLabel, f"{key}_locked") is not None:
        return
    note = QLabel(LOCK_NOTE, wrapper)
    note.setObjectName(f"{key}_locked")
    note.setToolTip(reason)
    note.setWordWrap(True)
    set_text_color(note, HELP)
    wrapper.layout().insertWidget(1, note)
