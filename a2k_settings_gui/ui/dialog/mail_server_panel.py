"""Mail Server Setting: the four fields of the A2000ERP screen, in its order.

Sender Email ID, Email Password, Outgoing Mail Server (SMTP), Port. The tool-only fields
(Security, Login name, Sender name) are shown in the Advanced panel (the ERP screen has no
such fields); the Security box is still made here because the port follows it until the
admin types one (ui.kit.field_editors PortFollowsSecurity, the rule the wizard uses too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.ui.dialog.panel import FormPanel
from a2k_settings_gui.ui.dialog.password_field import StoredPasswordField
from a2k_settings_gui.ui.kit.field_editors import PortEdit, PortFollowsSecurity, security_box
from a2k_settings_gui.ui.kit.form_fields import help_label

PRIVACY_NOTE = (
    "Anyone who has these details can read and send the mail of this account. "
    "A2000ERP support staff will never ask you for them: enter them yourself. The password "
    "is kept only in this computer's password store (Windows Credential Manager)."
)
GMAIL_NOTE = (
    "Since 2024 Gmail, Yahoo and Outlook.com reject mail from domains without SPF or DKIM "
    "(error 550 5.7.26 \"This mail is unauthenticated\"). Your domain must publish them "
    "before e-statements go out."
)


class MailServerPanel(FormPanel):
    """Attributes: the editors (sender_email, password_field, smtp_host, port, and
    security, which the Advanced panel shows); port_rule: how the port follows it."""

    def __init__(self, run_task: Callable[..., Any], parent: QWidget | None = None) -> None:
        super().__init__("Mail Server Setting", "mail_server_group", parent)
        column = QVBoxLayout(self)
        form = QFormLayout()
        column.addLayout(form)

        self.sender_email = self.line_edit("sender_email")
        self.add_row(form, "sender_email", "Email", self.sender_email)

        self.password_field = StoredPasswordField(run_task, self)
        caption = QLabel("Email &Password:")
        caption.setBuddy(self.password_field.edit)
        form.addRow(caption, self.password_field.row)
        form.addRow("", self.password_field.status)

        self.smtp_host = self.line_edit("smtp_host")
        self.add_row(form, "smtp_host", "Mail", self.smtp_host)

        self.security = security_box()
        self.port = PortEdit()
        self.port_rule = PortFollowsSecurity(self.security, self.port, self)
        self.security.currentIndexChanged.connect(
            lambda _index: self.field_edited("security"))
        # The Security row is in the Advanced panel (A2000ERP has no such field).
        self.add_row(form, "port", "ort", self.track("port", self.port, mapped=False))

        column.addWidget(help_label(PRIVACY_NOTE, "privacy_note"))
        column.addWidget(help_label(GMAIL_NOTE, "gmail_note"))

    def use_security(self, security: str, port: int) -> None:
        """Put a security mode and port into the form (what Auto found in a test-send).

        The port is pinned unless it is the mode's own default, exactly as if the admin
        had chosen the mode and typed the port."""
        self.port_rule.use(Security(security), port)
        self.field_edited("port")

    # Security and Port by hand: the port follows the security until the admin types one.
    def raw_values(self) -> dict[str, Any]:
        return {**super().raw_values(), "security": self.security.currentData(),
                "port": self.port_rule.port_to_save()}

    def fill(self, settings: EmailSettings) -> None:
        super().fill(settings)
        self.port_rule.show(settings.security, settings.port)
