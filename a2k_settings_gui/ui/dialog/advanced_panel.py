"""Advanced (not on the A2000ERP screen): what only this tool has.

Security, Login name and Sender name change how the TEST connects, but A2000ERP has no
such fields: it logs in with the Sender Email ID and picks the security by the port
(core.erp_profile). They live here, below the ERP's own fields, so the admin sees at a
glance what the ERP will not repeat; a test that passes only thanks to them says so
(`erp_login_differs`, `erp_security_differs`). The Test recipient and the Network panel
(DNS servers, extra CA file) are tool-only too.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from a2k_settings_gui.core.settings import ADVANCED
from a2k_settings_gui.ui.dialog.network_panel import NetworkPanel
from a2k_settings_gui.ui.dialog.panel import FormPanel
from a2k_settings_gui.ui.kit.form_fields import help_label

ADVANCED_NOTE = (
    "A2000ERP does not have these fields: it logs in with the Sender Email ID and chooses "
    "the security by the port (assumed: SSL/TLS on 465, otherwise STARTTLS). Leave Security "
    "on Auto and Login name empty to test exactly as A2000ERP will send."
)


class AdvancedPanel(FormPanel):
    """Attributes: security (the Mail Server panel's box, shown here), login_name,
    sender_name, test_recipient, network (NetworkPanel)."""

    def __init__(self, security: QComboBox, network: NetworkPanel,
                 parent: QWidget | None = None) -> None:
        super().__init__(ADVANCED, "advanced_group", parent)
        column = QVBoxLayout(self)
        column.addWidget(help_label(ADVANCED_NOTE, "advanced_note"))
        form = QFormLayout()
        column.addLayout(form)
        # Made by the Mail Server panel, whose Port follows it; edits are reported there.
        self.security = security
        self.add_row(form, "security", "y", security)
        self.login_name = self.line_edit("login_name")
        self.add_row(form, "login_name", "Login", self.login_name)
        self.sender_name = self.line_edit("sender_name")
        self.add_row(form, "sender_name", "name", self.sender_name)
        self.test_recipient = self.line_edit("test_recipient")
        self.add_row(form, "test_recipient", "recipient", self.test_recipient)
        self.network = network
        column.addWidget(network)
