"""Mail Server Setting: the four fields of the A2000ERP screen, in its order.

Sender Email ID, Email Password, Outgoing Mail Server (SMTP), Port. The tool-only fields
(Security, Login name, Sender name) are in the Advanced panel. The port follows the
Security mode there (465 for SSL/TLS, 587 for STARTTLS, ...) until the admin types one;
clearing the port makes it follow the mode again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from a2k_settings_gui.core.settings import DEFAULT_PORTS, EmailSettings, Security
from a2k_settings_gui.ui.dialog.panel import FormPanel
from a2k_settings_gui.ui.dialog.password_field import StoredPasswordField
from a2k_settings_gui.ui.form_fields import help_label

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
    """Attributes: the editors (sender_email, password_field, smtp_host, port);
    port_custom: True while the admin's own port is kept."""

    def __init__(self, run_task: Callable[..., Any], parent: QWidget | None = None) -> None:
        super().__init__("Mail Server Setting", "mail_server_group", parent)
        self.port_custom = False
        column = QVBoxLayout(self)
        form = QFormLayout()
        column.addLayout(form)

        self.sender_email = self.line_edit("sender_email", "statements@yourcompany.com")
        self.add_row(form, "sender_email", "Sender &Email ID:", self.sender_email)

        self.password_field = StoredPasswordField(run_task, self)
        caption = QLabel("Email &Password:")
        caption.setBuddy(self.password_field.edit)
        form.addRow(caption, self.password_field.row)
        form.addRow("", self.password_field.status)

        self.smtp_host = self.line_edit("smtp_host", "smtp.yourprovider.com")
        self.add_row(form, "smtp_host", "Outgoing &Mail Server (SMTP):", self.smtp_host)

        self.port = self.line_edit("port")
        self.port.setMaxLength(5)
        self.port.setMaximumWidth(90)
        self.add_row(form, "port", "P&ort:", self.port)

        column.addWidget(help_label(PRIVACY_NOTE, "privacy_note"))
        column.addWidget(help_label(GMAIL_NOTE, "gmail_note"))

    def field_edited(self, key: str) -> None:
        if key == "port":
            # Typing a port pins it; clearing the field makes it follow the mode again.
            self.port_custom = bool(self.port.text().strip())
        super().field_edited(key)

    def follow_security(self, security: str) -> None:
        """The Security mode changed: a port the admin did not type follows it."""
        if not self.port_custom:
            self.port.setText(str(DEFAULT_PORTS[Security(security)]))

    def set_port(self, port: int, security: Security) -> None:
        """Put a port found by a test into the form, pinned unless it is the mode's own
        default, exactly as if the admin had chosen the mode and typed the port."""
        self.port_custom = port != DEFAULT_PORTS[security]
        self.port.setText(str(port))
        self.field_edited("port")

    def raw_values(self) -> dict[str, Any]:
        return {
            "sender_email": self.sender_email.text(),
            "smtp_host": self.smtp_host.text(),
            "port": self.port.text() if self.port_custom else None,
        }

    def fill(self, settings: EmailSettings) -> None:
        self.sender_email.setText(settings.sender_email)
        self.smtp_host.setText(settings.smtp_host)
        default_port = DEFAULT_PORTS[settings.security]
        self.port_custom = settings.port is not None and settings.port != default_port
        self.port.setText(str(settings.effective_port))
