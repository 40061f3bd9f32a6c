"""The Network settings as widgets, shared by the Email Setting dialog and the wizard:
DNS servers, the Extra CA file with Browse…, and a read-only "Proxy" line.

The proxy line only shows what this computer uses (core.net.proxy.system_proxy: the
environment, the Windows settings or a PAC file); the PAC file itself is fetched only
when a check needs it, on that check's worker.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.core.settings import EmailSettings, parse_value
from a2k_settings_gui.ui.kit.field_editors import caption, text_edit
from a2k_settings_gui.ui.kit.form_fields import disclosure_toggle
from a2k_settings_gui.ui.kit.style import ERROR, SEVERITY, set_text_color

CA_FILE_FILTER = "Certificates (*.pem *.crt *.cer);;All files (*)"
# Test failures whose fix is "add your company's CA certificate".
CA_FIX_CODES = frozenset({"certificate_untrusted", "tls_handshake_failed",
                          "ca_file_unreadable"})


class CaFileField(QWidget):
    """The Extra CA file: a line edit and a Browse… button.

    Signals: chosen(str): a file picked with Browse… (typing reports through `edit`).
    """

    chosen = Signal(str)

    def __init__(self, object_name: str = "ca_file", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit: QLineEdit = text_edit("ca_file", object_name)
        row.addWidget(self.edit, 1)
        # Alt+R: free on the wizard's pages that show this field (B, O, W, S and E are
        # Back, Port, Network settings, Skip or Save, and Help's).
        self.browse = QPushButton("B&rowse…")
        self.browse.setObjectName(f"{object_name}_browse")
        self.browse.setToolTip("Choose the PEM file with your company's CA certificate(s)")
        self.browse.clicked.connect(self._on_browse_clicked)
        row.addWidget(self.browse)
        self.setFocusProxy(self.edit)  # the form label's Alt+key lands in the text

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - like QLineEdit
        self.edit.setText(text)

    def ask_for_file(self) -> str:
        """The file dialog (a separate method so tests can answer it)."""
        from PySide6.QtWidgets import QFileDialog  # on first need: not at start-up

        start = str(Path(self.edit.text()).parent) if self.edit.text() else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Extra CA certificates", start,
                                              CA_FILE_FILTER)
        return path

    def _on_browse_clicked(self) -> None:
        path = self.ask_for_file()
        if path:
            self.edit.setText(str(Path(path)))
            self.chosen.emit(self.edit.text())


class ProxyLabel(QLabel):
    """"Proxy: none: direct connections" / "http://proxy:3128 (environment variable …)".

    Read just after the window is shown, on the GUI thread: it only reads environment
    variables and, on Windows, two registry values (no network, well under a millisecond
    on Linux). No worker thread, so nothing is left running when the window closes.
    """

    def __init__(self, object_name: str = "proxy_in_use", parent: QWidget | None = None) -> None:
        super().__init__("checking…", parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setAccessibleName("Proxy in use")
        self.setToolTip("The web proxy this computer uses for HTTPS (logo, autoconfig). "
                        "E-mail (SMTP) never goes through it.")
        QTimer.singleShot(0, self, self.refresh)  # not called once the label is gone

    def refresh(self) -> None:
        from a2k_settings_gui.core.net.proxy import system_proxy

        try:
            self.setText(system_proxy().describe())
        except Exception as exc:  # noqa: BLE001 - an odd system setting must not break the form
            self.setText(f"unknown ({exc})")


class NetworkFields(QGroupBox):
    """DNS servers, Extra CA file and the proxy line for a wizard page.

    Signals: changed(): valid values the page should copy into the draft (see `values`).
    """

    changed = Signal()

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__("Network (only for corporate networks)", parent)
        self.setObjectName(f"{prefix}_network")
        form = QFormLayout(self)
        self.dns_servers = text_edit("dns_servers", f"{prefix}_dns_servers")
        self.dns_servers.textEdited.connect(lambda _t: self._on_edited())
        form.addRow(caption("dns_servers", "vers"), self.dns_servers)  # Alt+D: Detect again
        self.ca_file = CaFileField(f"{prefix}_ca_file")
        self.ca_file.edit.textEdited.connect(lambda _t: self._on_edited())
        self.ca_file.chosen.connect(lambda _p: self._on_edited())
        # The label's Alt+key goes to the text itself: a buddy without a focus policy of
        # its own (the row) is skipped by Qt, focus proxy or not.
        ca_label = QLabel(caption("ca_file"))
        ca_label.setBuddy(self.ca_file.edit)
        form.addRow(ca_label, self.ca_file)
        self.proxy = ProxyLabel(f"{prefix}_proxy")
        form.addRow("Proxy:", self.proxy)
        self.problem = QLabel()
        self.problem.setObjectName(f"{prefix}_network_problem")
        self.problem.setWordWrap(True)
        # Rich text always: the mark is an HTML entity, which Qt's guess shows literally
        # when the line holds no tag ("&#10006;" on screen).
        self.problem.setProperty("textFormat", 1)  # Qt::RichText (no Qt enums built)
        set_text_color(self.problem, ERROR)
        self.problem.hide()
        form.addRow(self.problem)

    def fill(self, settings: EmailSettings) -> None:
        self.dns_servers.setText(", ".join(settings.dns_servers))
        self.ca_file.setText(settings.ca_file)

    def values(self) -> dict[str, Any] | None:
        """{"dns_servers": …, "ca_file": …}, or None (and the problem shown) when invalid."""
        dns, problem = parse_value("dns_servers", self.dns_servers.text())
        if problem is None:
            ca_file, problem = parse_value("ca_file", self.ca_file.text())
        if problem is not None:
            self.problem.setText(f"{SEVERITY['error'].mark_html} {escape(problem.message)}")
            self.problem.show()
            return None
        self.problem.hide()
        return {"dns_servers": dns, "ca_file": ca_file}

    def offer_ca_file(self) -> None:
        """After a test that failed on the certificate: show and focus the CA file."""
        self.show()
        self.ca_file.edit.setFocus()
        self.ca_file.edit.selectAll()

    def _on_edited(self) -> None:
        if self.values() is not None:
            self.changed.emit()


class NetworkSection(QWidget):
    """A wizard page's fold-out Network settings: closed until needed (values already set,
    the admin opens it, or a test failed on a certificate)."""

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toggle = disclosure_toggle("Net&work settings (DNS servers, Extra CA file, proxy)",
                                        f"{prefix}_network_toggle")
        self.toggle.toggled.connect(self._on_toggled)
        layout.addWidget(self.toggle)
        self.fields = NetworkFields(prefix)
        self.fields.hide()
        layout.addWidget(self.fields)
        self.changed = self.fields.changed

    def fill(self, settings: EmailSettings) -> None:
        self.fields.fill(settings)
        if settings.dns_servers or settings.ca_file:
            self.toggle.setChecked(True)

    def values(self) -> dict[str, Any] | None:
        return self.fields.values()

    def offer_ca_file(self) -> None:
        self.toggle.setChecked(True)
        self.fields.offer_ca_file()

    def _on_toggled(self, shown: bool) -> None:
        self.fields.setVisible(shown)
