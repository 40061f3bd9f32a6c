"""Network (only for corporate networks): DNS servers, an extra CA certificate file and the
web proxy in use (a read-only line: core.net.proxy.system_proxy).

The CA file is chosen with Browse… (or typed) and checked at once on a worker: it must
exist and hold PEM certificates (core.net.tls.ca_file_problem). A problem is shown under
the field as a warning; it does not block Save, because the file may live on a network
drive that is not connected right now.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from a2k_settings_gui.ui.dialog.panel import FormPanel
from a2k_settings_gui.ui.kit.field_editors import caption
from a2k_settings_gui.ui.kit.form_fields import help_label
from a2k_settings_gui.ui.kit.style import GOOD, HELP, SEVERITY, set_text_color
from a2k_settings_gui.ui.net.fields import ProxyLabel

CA_FILE_FILTER = "Certificates (*.pem *.crt *.cer);;All files (*)"


class NetworkPanel(FormPanel):
    """Attributes: dns_servers, ca_file, browse_button, ca_status (the CA file check),
    proxy (the read-only Proxy line)."""

    def __init__(self, run_task: Callable[..., Any], parent: QWidget | None = None) -> None:
        super().__init__("Network (only for corporate networks)", "network_group", parent)
        self._run_task = run_task
        self._checked_path: str | None = None
        form = QFormLayout(self)
        self.dns_servers = self.line_edit("dns_servers")
        self.add_row(form, "dns_servers", "vers", self.dns_servers)
        self.ca_file = self.line_edit("ca_file")
        # No Alt key of its own (all its letters are taken): Alt+C, then Tab.
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setObjectName("ca_file_browse")
        self.browse_button.setToolTip("Choose the company's CA certificate file (.pem, .crt, "
                                      ".cer in Base-64 form)")
        self.browse_button.setAccessibleName("Browse for the extra CA certificate file")
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.wrap("ca_file", self.ca_file), 1)
        row_layout.addWidget(self.browse_button)
        label = QLabel(caption("ca_file", "CA"))
        label.setBuddy(self.ca_file)
        form.addRow(label, row)
        self.ca_status = help_label("", "ca_file_status")
        self.ca_status.hide()
        form.addRow("", self.ca_status)
        # What this computer uses for the web (shown, not edited: it is the system's).
        self.proxy = ProxyLabel("proxy_in_use")
        form.addRow("Proxy:", self.proxy)
        # Checked when the admin stops typing, not at every key.
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(400)
        self._check_timer.timeout.connect(self.check_ca_file)
        self.ca_file.textChanged.connect(lambda _text: self._check_timer.start())

    def ask_ca_file(self) -> str:
        """The file the admin picks ("" when cancelled). Tests replace this method."""
        from PySide6.QtWidgets import QFileDialog  # on first need: not at start-up

        path, _filter = QFileDialog.getOpenFileName(
            self, "Choose the extra CA certificate file", self.ca_file.text(), CA_FILE_FILTER)
        return path

    def _on_browse_button_clicked(self) -> None:
        path = self.ask_ca_file()
        if path:
            self.ca_file.setText(path)
            self.field_edited("ca_file")
            self.check_ca_file()

    def check_ca_file(self) -> None:
        """Check the file on a worker; the result shows under the field."""
        from a2k_settings_gui.core.net.tls import ca_file_problem

        self._check_timer.stop()
        path = self.ca_file.text().strip()
        self._checked_path = path
        if not path:
            self.ca_status.hide()
            return
        self._run_task(lambda _token, _progress: ca_file_problem(path),
                       lambda outcome: self._on_ca_file_checked(path, outcome))

    def _on_ca_file_checked(self, path: str, outcome: object) -> None:
        if path != self.ca_file.text().strip():
            return  # the admin has typed on since: a newer check follows
        count, problem = outcome  # type: ignore[misc]
        if problem:
            tone = SEVERITY["warning"]
            self.ca_status.setText(f"{tone.mark} {tone.word}: {problem}")
            set_text_color(self.ca_status, tone.colour)
        else:
            self.ca_status.setText(f"{GOOD.mark} {count} certificate"
                                   f"{'' if count == 1 else 's'} found in the file.")
            set_text_color(self.ca_status, HELP)
        self.ca_status.show()
