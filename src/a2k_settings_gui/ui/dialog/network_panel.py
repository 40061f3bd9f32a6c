"""Network (only for corporate networks): DNS servers and an extra CA certificate file."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QWidget

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.ui.dialog.panel import FormPanel


class NetworkPanel(FormPanel):
    """Attributes: dns_servers, ca_file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Network (only for corporate networks)", "network_group", parent)
        form = QFormLayout(self)
        self.dns_servers = self.line_edit("dns_servers", "Empty: this computer's DNS servers")
        self.add_row(form, "dns_servers", "&DNS servers:", self.dns_servers)
        self.ca_file = self.line_edit("ca_file", "Empty: Windows' trusted certificates")
        self.add_row(form, "ca_file", "Extra &CA certificates:", self.ca_file)

    def raw_values(self) -> dict[str, Any]:
        return {"dns_servers": self.dns_servers.text(), "ca_file": self.ca_file.text()}

    def fill(self, settings: EmailSettings) -> None:
        self.dns_servers.setText(", ".join(settings.dns_servers))
        self.ca_file.setText(settings.ca_file)
