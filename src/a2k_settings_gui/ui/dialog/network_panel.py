"""Network (only for corporate networks): DNS servers, an extra CA certificate file (with
Browse…) and the web proxy this computer uses (shown, not edited: it is the system's)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QWidget

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.ui.dialog.panel import FormPanel
from a2k_settings_gui.ui.network_fields import CaFileField, ProxyLabel


class NetworkPanel(FormPanel):
    """Attributes: dns_servers, ca_file (the line edit), ca_file_field (with Browse…),
    proxy (the read-only Proxy line)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Network (only for corporate networks)", "network_group", parent)
        form = QFormLayout(self)
        self.dns_servers = self.line_edit("dns_servers")
        self.add_row(form, "dns_servers", "DNS", self.dns_servers)
        self.ca_file_field = CaFileField("ca_file")
        self.ca_file = self.track("ca_file", self.ca_file_field.edit)
        self.ca_file_field.chosen.connect(lambda _path: self.field_edited("ca_file"))
        self.add_row(form, "ca_file", "CA", self.ca_file_field)
        self.proxy = ProxyLabel("proxy_in_use")
        form.addRow("Proxy:", self.proxy)

    def raw_values(self) -> dict[str, Any]:
        return {"dns_servers": self.dns_servers.text(), "ca_file": self.ca_file.text()}

    def fill(self, settings: EmailSettings) -> None:
        self.dns_servers.setText(", ".join(settings.dns_servers))
        self.ca_file.setText(settings.ca_file)
