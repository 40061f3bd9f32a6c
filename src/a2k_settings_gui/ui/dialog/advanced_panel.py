"""Advanced (not on the A2000ERP screen): what only this tool has.

Security, Login name and Sender name change how the TEST connects, but A2000ERP has no
such fields: it logs in with the Sender Email ID and picks the security by the port
(core.erp_profile). They live here, below the ERP's own fields, so the admin sees at a
glance what the ERP will not repeat; a test that passes only thanks to them says so
(`erp_login_differs`, `erp_security_differs`). The Test recipient and the Network panel
(DNS servers, extra CA file) are tool-only too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from a2k_settings_gui.core.settings import ADVANCED, EmailSettings, Security
from a2k_settings_gui.ui.dialog.network_panel import NetworkPanel
from a2k_settings_gui.ui.dialog.panel import FormPanel
from a2k_settings_gui.ui.form_fields import help_label

ADVANCED_NOTE = (
    "A2000ERP does not have these fields: it logs in with the Sender Email ID and chooses "
    "the security by the port (assumed: SSL/TLS on 465, otherwise STARTTLS). Leave Security "
    "on Auto and Login name empty to test exactly as A2000ERP will send."
)


class AdvancedPanel(FormPanel):
    """Signals: security_changed(str): the admin chose another Security mode.

    Attributes: security, login_name, sender_name, test_recipient, network (NetworkPanel).
    """

    security_changed = Signal(str)

    def __init__(self, network: NetworkPanel, parent: QWidget | None = None) -> None:
        super().__init__(ADVANCED, "advanced_group", parent)
        column = QVBoxLayout(self)
        column.addWidget(help_label(ADVANCED_NOTE, "advanced_note"))
        form = QFormLayout()
        column.addLayout(form)
        self.security = QComboBox()
        self.security.setObjectName("security")
        self.security.setAccessibleName("Security")
        for mode in Security:
            self.security.addItem(mode.label, mode.value)
        self.security.currentIndexChanged.connect(self._on_security_changed)
        self.add_row(form, "security", "Securit&y:", self.security)
        self.login_name = self.line_edit("login_name", "Same as Sender Email ID (as A2000ERP)")
        self.add_row(form, "login_name", "&Login name:", self.login_name)
        self.sender_name = self.line_edit("sender_name", "e.g. ACME Accounts")
        self.add_row(form, "sender_name", "Sender &name:", self.sender_name)
        self.test_recipient = self.line_edit("test_recipient",
                                             "your own mailbox at another provider")
        self.add_row(form, "test_recipient", "Test &recipient:", self.test_recipient)
        self.network = network
        column.addWidget(network)

    def _on_security_changed(self, _index: int) -> None:
        self.security_changed.emit(str(self.security.currentData()))
        self.field_edited("security")

    def set_security(self, mode: Security) -> None:
        """Select a mode without announcing it as the admin's choice (fill, use_security)."""
        self.security.blockSignals(True)
        self.security.setCurrentIndex(max(0, self.security.findData(mode.value)))
        self.security.blockSignals(False)

    def raw_values(self) -> dict[str, Any]:
        return {
            "security": self.security.currentData(),
            "login_name": self.login_name.text(),
            "sender_name": self.sender_name.text(),
            "test_recipient": self.test_recipient.text(),
        }

    def fill(self, settings: EmailSettings) -> None:
        self.set_security(settings.security)
        self.login_name.setText(settings.login_name)
        self.sender_name.setText(settings.sender_name)
        self.test_recipient.setText(settings.test_recipient)
