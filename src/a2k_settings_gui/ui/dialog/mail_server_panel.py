"""Mail Server Setting: sender, password, server, security and port, login, sender name.

The port follows the security mode (465 for SSL/TLS, 587 for STARTTLS, ...) until the
admin types one; clearing the port makes it follow the mode again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

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
    """Attributes: the editors (sender_email, password_field, smtp_host, security, port,
    login_name, sender_name); port_custom: True while the admin's own port is kept."""

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

        self.security = QComboBox()
        self.security.setObjectName("security")
        self.security.setAccessibleName("Security")
        for mode in Security:
            self.security.addItem(mode.label, mode.value)
        self.security.currentIndexChanged.connect(self._on_security_changed)
        self.add_row(form, "security", "Securit&y:", self.security)

        self.port = self.line_edit("port")
        self.port.setMaxLength(5)
        self.port.setMaximumWidth(90)
        self.add_row(form, "port", "Po&rt:", self.port)

        self.login_name = self.line_edit("login_name", "Same as Sender Email ID")
        self.add_row(form, "login_name", "&Login name:", self.login_name)
        self.sender_name = self.line_edit("sender_name", "e.g. ACME Accounts")
        self.add_row(form, "sender_name", "Sender &name:", self.sender_name)

        column.addWidget(help_label(PRIVACY_NOTE, "privacy_note"))
        column.addWidget(help_label(GMAIL_NOTE, "gmail_note"))

    def field_edited(self, key: str) -> None:
        if key == "port":
            # Typing a port pins it; clearing the field makes it follow the mode again.
            self.port_custom = bool(self.port.text().strip())
        super().field_edited(key)

    def _on_security_changed(self, _index: int) -> None:
        if not self.port_custom:
            mode = Security(self.security.currentData())
            self.port.setText(str(DEFAULT_PORTS[mode]))
        super().field_edited("security")

    def raw_values(self) -> dict[str, Any]:
        return {
            "sender_email": self.sender_email.text(),
            "smtp_host": self.smtp_host.text(),
            "security": self.security.currentData(),
            "port": self.port.text() if self.port_custom else None,
            "login_name": self.login_name.text(),
            "sender_name": self.sender_name.text(),
        }

    def fill(self, settings: EmailSettings) -> None:
        self.sender_email.setText(settings.sender_email)
        self.smtp_host.setText(settings.smtp_host)
        index = self.security.findData(settings.security.value)
        self.security.blockSignals(True)
        self.security.setCurrentIndex(max(0, index))
        self.security.blockSignals(False)
        default_port = DEFAULT_PORTS[settings.security]
        self.port_custom = settings.port is not None and settings.port != default_port
        self.port.setText(str(settings.effective_port))
        self.login_name.setText(settings.login_name)
        self.sender_name.setText(settings.sender_name)
