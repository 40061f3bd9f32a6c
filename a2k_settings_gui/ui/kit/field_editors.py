"""Editors made from the field table (core.settings.FIELDS), for the dialog and the wizard.

Label, example text, help, range and unit of a field are declared once in the table;
these builders turn a declaration into a widget, so the dialog and the wizard cannot drift
apart (a spin box limit that differs from what the parser accepts, a label worded twice).

The Port beside Security follows one rule everywhere (`PortFollowsSecurity`): it shows the
mode's own port (465 for SSL/TLS, 587 for STARTTLS and Auto, 25 for None) until the admin
types one; clearing the field makes it follow the mode again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from a2k_settings_gui.core.settings import (
    DEFAULT_PORTS,
    FIELDS_BY_KEY,
    Security,
    parse_value,
    stored_port,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSpinBox

# Spin and check boxes are imported where one is made or read: importing the classes builds
# their enums, and the dialog's first paint (the A2000ERP fields) has none of them.

# Each field's Alt+key, one for the dialog and the wizard alike: the part of the label
# whose first letter is underlined. Chosen so that no two fields of the dialog share one
# and none takes the wizard's own B (Back), N (Next) or S (Save).
ACCESS_AT = {
    "sender_email": "Email", "smtp_host": "Mail", "port": "ort", "security": "y",
    "login_name": "Login", "sender_name": "r name", "test_recipient": "cipient",
    "logo_url": "URL", "logo_height": "Height", "logo_width": "Width",
    "max_mails_per_batch": "ximum", "batch_interval_seconds": "Interval",
    "dns_servers": "vers", "ca_file": "ficates",
}
PASSWORD_CAPTION = "Email &Password:"


def caption(key: str, access_at: str = "") -> str:
    """The field's label for a form row with its Alt+key (ACCESS_AT, the same in every
    window): caption("port") -> "P&ort:". `access_at` is only for fields not listed."""
    label = FIELDS_BY_KEY[key].label
    access_at = ACCESS_AT.get(key, access_at)
    at = label.find(access_at) if access_at else -1
    if at >= 0:
        label = f"{label[:at]}&{label[at:]}"
    return f"{label}:"


def _describe(editor: QWidget, key: str, object_name: str) -> None:
    spec = FIELDS_BY_KEY[key]
    editor.setObjectName(object_name or key)
    editor.setAccessibleName(spec.label)
    if spec.help:
        editor.setToolTip(spec.help)


def text_edit(key: str, object_name: str = "") -> QLineEdit:
    edit = QLineEdit()
    _describe(edit, key, object_name)
    edit.setPlaceholderText(FIELDS_BY_KEY[key].example)
    return edit


def number_box(key: str, object_name: str = "") -> QSpinBox:
    spec = FIELDS_BY_KEY[key]
    assert spec.low is not None and spec.high is not None, f"{key} has no range"
    from PySide6.QtWidgets import QSpinBox

    spin = QSpinBox()
    _describe(spin, key, object_name)
    spin.setRange(spec.low, spec.high)
    spin.setSuffix(spec.unit)
    spin.setValue(spec.default)
    return spin


def editor_value(editor: QWidget) -> Any:
    """What an editor holds, as the field parser reads it (core.settings.parse_value)."""
    if isinstance(editor, QLineEdit):
        return editor.text()
    if isinstance(editor, QComboBox):
        return editor.currentData()
    from PySide6.QtWidgets import QCheckBox, QSpinBox

    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    raise TypeError(f"no value for a {type(editor).__name__}")


def show_value(editor: QWidget, value: Any) -> None:
    """Show a setting's value in its editor (a list of DNS servers as "a, b")."""
    if isinstance(editor, QLineEdit):
        editor.setText(", ".join(value) if isinstance(value, tuple | list) else str(value))
        return
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(max(0, editor.findData(getattr(value, "value", value))))
        return
    from PySide6.QtWidgets import QCheckBox, QSpinBox

    if isinstance(editor, QSpinBox):
        editor.setValue(int(value))
    elif isinstance(editor, QCheckBox):
        editor.setChecked(bool(value))
    else:
        raise TypeError(f"cannot show a value in a {type(editor).__name__}")


def security_box(object_name: str = "security",
                 choices: tuple[Security, ...] = tuple(Security)) -> QComboBox:
    """The Security choice, its modes in `choices` order (the value is Security.value)."""
    combo = QComboBox()
    _describe(combo, "security", object_name)
    for mode in choices:
        combo.addItem(mode.label, mode.value)
    return combo


class PortEdit(QLineEdit):
    """The Port field: up to five digits; empty means "follow the security mode"."""

    def __init__(self, object_name: str = "port") -> None:
        super().__init__()
        _describe(self, "port", object_name)
        self.setMaxLength(len(str(FIELDS_BY_KEY["port"].high)))
        self.setMaximumWidth(90)

    def value(self) -> int | None:
        """The port typed, or None when the field is empty or not a valid port."""
        port, problem = parse_value("port", self.text())
        return None if problem else port


class PortFollowsSecurity(QObject):
    """The one port-follows-security rule, bound to a Security combo box and a PortEdit.

    It connects to both widgets first, so whoever else listens to them sees the port
    already followed.

    Attributes:
    pinned: True while the admin's own port is kept whatever the mode.
    """

    def __init__(self, security: QComboBox, port: PortEdit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._security, self._port = security, port
        self.pinned = False
        security.currentIndexChanged.connect(self._on_security_changed)
        port.textEdited.connect(self._on_port_text_edited)

    def mode(self) -> Security:
        return Security(self._security.currentData())

    def port_to_save(self) -> str | None:
        """What the settings get for Port: the typed text when pinned, else None; a typed
        port equal to the mode's default is None too (core.settings.stored_port)."""
        if not self.pinned:
            return None
        text = self._port.text()
        port, problem = parse_value("port", text)
        if problem:
            return text  # validation names the field and the fix
        return None if stored_port(self.mode(), port) is None else text

    def show(self, security: Security, port: int | None) -> None:
        """Show saved or detected values (not a change by the admin)."""
        self.pinned = stored_port(security, port) is not None
        self._security.blockSignals(True)
        self._security.setCurrentIndex(max(0, self._security.findData(security.value)))
        self._security.blockSignals(False)
        self._port.setText(str(port if port is not None else DEFAULT_PORTS[security]))

    def use(self, security: Security, port: int) -> None:
        """Put a mode and port into the form as the admin would: choose, then type."""
        self.pinned = stored_port(security, port) is not None
        self._security.setCurrentIndex(max(0, self._security.findData(security.value)))
        self._port.setText(str(port))

    def _on_security_changed(self, _index: int) -> None:
        if not self.pinned:
            self._port.setText(str(DEFAULT_PORTS[self.mode()]))

    def _on_port_text_edited(self, text: str) -> None:
        # Typing a port pins it; clearing the field makes it follow the mode again.
        self.pinned = bool(text.strip())
