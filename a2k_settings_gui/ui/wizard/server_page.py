"""Server: detect the outgoing server for the address, show where each setting came from,
and let the admin correct it. Detection runs on a worker; the page stays responsive."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
)

from a2k_settings_gui.core.settings import Security, parse_value
from a2k_settings_gui.ui.kit.admin_words import SECURITY_WORDS, plain_words
from a2k_settings_gui.ui.kit.field_editors import (
    PortEdit,
    PortFollowsSecurity,
    caption,
    security_box,
    text_edit,
)
from a2k_settings_gui.ui.kit.finding_view import findings_html
from a2k_settings_gui.ui.kit.style import GOOD, SEVERITY
from a2k_settings_gui.ui.kit.worker import CurrentTask
from a2k_settings_gui.ui.net.fields import NetworkSection
from a2k_settings_gui.ui.wizard.base import ERROR_STYLE, OK_STYLE, WARN_STYLE, WizardPage, note
from a2k_settings_gui.ui.wizard.scrolling import scrolling_body

SOURCE_WORDS = {
    "builtin": "{provider} address: settings from the built-in provider list",
    "mx": "the domain's mail (MX) records point to {provider}",
    "spf": "the domain's SPF record says it sends through {provider}",
    "srv": "the domain publishes this server in its DNS (SRV record)",
    "autoconfig": "the domain publishes a mail configuration file (autoconfig)",
    "probe": "found by trying the server directly",
}
SIGN_IN_CODES = ("app_password_required", "provider_sign_in", "login_is_apikey",
                 "basic_auth_retiring")
# The dialog's order and default: Auto first, as A2000ERP picks the security by the port.
SECURITY_CHOICES = tuple(Security)
SOURCE_SHORT = {"builtin": "built-in provider list", "mx": "the domain's MX records",
                "spf": "the domain's SPF record", "srv": "the domain's SRV record",
                "autoconfig": "the domain's configuration file",
                "probe": "answered when tried", "ispdb": "Thunderbird's provider list"}


def describe_source(candidate: Any) -> str:
    words = SOURCE_WORDS.get(candidate.source, candidate.source)
    return words.format(provider=candidate.provider_name or "a known provider")


def describe_check(candidate: Any) -> tuple[str, str]:
    """(text, style) saying whether the server answered from this computer."""
    probe = candidate.probe
    if probe is None or probe.outcome == "pending":
        return "Not tried from this computer yet; the test e-mail will tell.", WARN_STYLE
    if probe.reached:
        security = {"ssl": "SSL/TLS", "starttls": "STARTTLS", "none": "no encryption"}.get(
            probe.security or "", probe.security or "")
        login = "login offered" if probe.auth_mechanisms else "no login offered"
        return (f"{GOOD.mark_html} The server answered from this computer ({security}, "
                f"{login}).", OK_STYLE)
    return (f"{SEVERITY['error'].mark_html} The server did not answer from this computer: "
            f"{escape(plain_words(probe.detail))}", ERROR_STYLE)


class ServerPage(WizardPage):
    """Signals: detection_done(): detection ended (found, nothing found or failed)."""

    detection_done = Signal()
    NAME = "server_page"
    TITLE = "Outgoing mail server"
    SUBTITLE = ("Found automatically from your address. Change anything that your "
                "provider told you differently.")

    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        self._detection = CurrentTask(self, run=self.run_task)
        self._detected_for = ""
        self._edited = False
        self._candidates: list[Any] = []
        self._filling = False

        self.scroll, layout = scrolling_body(self, "server_scroll")
        status_row = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("detect_status")
        self.status.setWordWrap(True)
        status_row.addWidget(self.status, 1)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        status_row.addWidget(self.busy)
        self.again = QPushButton("&Detect again")
        self.again.setObjectName("detect_again")
        self.again.clicked.connect(self._on_again_clicked)
        status_row.addWidget(self.again)
        layout.addLayout(status_row)
        self.log = note("", "detect_log")
        layout.addWidget(self.log)

        form = QFormLayout()
        self.host = text_edit("smtp_host", "wizard_smtp_host")
        self.host.textEdited.connect(self._on_field_edited)
        self.host.textChanged.connect(lambda _t: self.completeChanged.emit())
        form.addRow(caption("smtp_host", "Mail"), self.host)
        # Why Next is refused, right under the field it is about.
        self.host_problem = self._problem_line("wizard_smtp_host_problem")
        form.addRow("", self.host_problem)
        # The dialog's port rule: the port follows the security until the admin types one.
        self.port = PortEdit("wizard_port")
        self.security = security_box("wizard_security", SECURITY_CHOICES)
        self.port_rule = PortFollowsSecurity(self.security, self.port, self)
        self.port_rule.show(SECURITY_CHOICES[0], None)
        self.port.textEdited.connect(self._on_field_edited)
        form.addRow(caption("port", "rt"), self.port)
        self.port_problem = self._problem_line("wizard_port_problem")
        form.addRow("", self.port_problem)
        # After the port rule's own handler (connected first), which pins a typed port.
        self.port.textEdited.connect(lambda _t: self._show_field_problems())
        self.host.textEdited.connect(lambda _t: self._show_field_problems())
        self.security.currentIndexChanged.connect(self._on_field_edited)
        form.addRow(caption("security", "y"), self.security)
        self.others = QComboBox()
        self.others.setObjectName("other_candidates")
        self.others.activated.connect(self._on_others_activated)
        form.addRow("Other possibilities:", self.others)
        layout.addLayout(form)
        self.lock_rows(form, {"smtp_host": self.host, "port": self.port,
                              "security": self.security})
        if {"smtp_host", "port", "security"} & self.setup.locked.keys():
            draft = self.setup.draft  # the preset's server, shown before any detection
            self._fill(draft.smtp_host, draft.effective_port, draft.security.value)
        self.origin = note("", "detect_origin")
        layout.addWidget(self.origin)
        self.check = note("", "detect_check")
        layout.addWidget(self.check)
        self.findings = note("", "detect_findings")
        layout.addWidget(self.findings)
        self.error = QLabel()
        self.error.setObjectName("wizard_server_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        # Detection asks these DNS servers and trusts this CA file too.
        self.network = NetworkSection("server")
        self.network.changed.connect(self._on_network_changed)
        layout.addWidget(self.network)
        layout.addStretch(1)

    # ------------------------------------------------------------ detection
    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.network.fill(self.setup.draft)
        email = self.setup.draft.sender_email
        if email == self._detected_for:
            return  # Back and Next again: keep what is there
        if not self._detected_for and self.setup.draft.smtp_host and not self.host.text():
            self._fill(self.setup.draft.smtp_host, self.setup.draft.effective_port,
                       self.setup.draft.security.value)
        self.start_detection()

    def start_detection(self) -> None:
        from a2k_settings_gui.core.detect.autodetect import DetectOptions, detect

        self.leave()
        draft = self.setup.draft
        email = draft.sender_email
        self._detected_for = email
        self._edited = bool(self.host.text()) and self._edited
        options = self.setup.detect_options or DetectOptions(ca_file=draft.ca_file)
        timeout, dns_servers = self.setup.detect_timeout, draft.dns_servers
        self._log_lines: list[str] = []
        self.status.setText(f"Looking for the server settings of <b>{escape(email)}</b>… "
                            f"(at most {timeout:g} seconds)")
        self.busy.show()
        self.again.setEnabled(False)
        self.log.setText("")

        def run(token: Any, progress: Any) -> Any:
            return detect(email, timeout=timeout, dns_servers=dns_servers, options=options,
                          cancel=token, progress=progress)

        self._detection.start(run, self._on_detect_succeeded, self._on_detect_failed,
                              self._on_detect_progressed)

    def is_detecting(self) -> bool:
        return self._detection.running

    def found_server_answered(self) -> bool:
        """Detection for the sender in the draft ended with a server that answered from
        this computer, and nobody changed it: this page has nothing to ask."""
        report = self.setup.detection
        best = report.best if report is not None else None
        probe = getattr(best, "probe", None)
        return (best is not None and not self._edited and not self.is_detecting()
                and self._detected_for == self.setup.draft.sender_email
                and probe is not None and bool(probe.reached))

    def summary_html(self) -> str:
        """What detection found, in one line for the sender page."""
        report = self.setup.detection
        if self.is_detecting():
            return f"Looking for the mail server of <b>{escape(self._detected_for)}</b>…"
        if self.found_server_answered():
            best = report.best
            security = SECURITY_WORDS.get(best.security, best.security)
            return (f"{GOOD.mark_html} Found <b>{escape(best.host)}</b>, port {best.port} "
                    f"({security}); it answered from this computer. Next: the password "
                    "and a test e-mail.")
        return "The mail server settings are on the next page."

    def leave(self) -> None:
        if self._detection.cancel():
            self.status.setText("Detection was stopped. Press Detect again to retry.")
        self.busy.hide()
        self.again.setEnabled(True)

    def _on_network_changed(self) -> None:
        values = self.network.values()
        if values is not None:
            self.setup.update_draft(**values)

    def _on_again_clicked(self) -> None:
        self._edited = False
        self._detected_for = ""
        self.start_detection()

    def _on_detect_progressed(self, payload: object) -> None:
        message = payload.get("message", "") if isinstance(payload, dict) else str(payload)
        self._log_lines = (self._log_lines + [escape(plain_words(message))])[-5:]
        self.log.setText("<br>".join(self._log_lines))

    def _on_detect_failed(self, error: object) -> None:
        QTimer.singleShot(0, self.detection_done.emit)
        self.busy.hide()
        self.again.setEnabled(True)
        self.status.setText(f"Detection could not run: {escape(str(error))}. "
                            "Type the server settings your provider gave you.")

    def _on_detect_succeeded(self, report: Any) -> None:
        self.busy.hide()
        self.again.setEnabled(True)
        self.setup.detection = report
        self.setup.provider = report.server_provider
        seconds = report.elapsed_ms / 1000
        self._candidates = list(report.candidates)
        self.others.clear()
        for candidate in self._candidates:
            security = SECURITY_WORDS.get(candidate.security, candidate.security)
            source = SOURCE_SHORT.get(candidate.source, candidate.source)
            self.others.addItem(f"{candidate.host}, port {candidate.port}, {security} "
                                f"— from {source}")
        self.others.setEnabled(len(self._candidates) > 1)
        best = report.best
        if best is None:
            self.status.setText(f"No server settings were found ({seconds:.1f} s). Type the "
                                "ones your provider or IT service gave you.")
        else:
            provider = report.provider.name if report.provider else (
                report.ispdb["name"] if report.ispdb else "")
            name = f" ({escape(provider)})" if provider else ""
            self.status.setText(f"Found the server settings{name} in {seconds:.1f} s.")
            if not self._edited:
                self._use_candidate(best)
        self.findings.setText(self._findings_html(report.findings))
        self.completeChanged.emit()
        self.detection_done.emit()

    # ------------------------------------------------------------ fields
    def _findings_html(self, findings: list[Any]) -> str:
        # Sign-in advice belongs to the next page, where it is shown as the hint.
        return findings_html(f for f in findings if f.code not in SIGN_IN_CODES)

    def _fill(self, host: str, port: int, security: str) -> None:
        from a2k_settings_gui.core.erp_profile import load_profile

        # Detection never moves a field the machine-wide preset locks.
        locked = self.setup.locked
        host = locked.get("smtp_host", host)
        port = locked.get("port", port) or port
        mode = Security(locked.get("security", security))
        if "security" not in locked and mode is load_profile().security_for_port(port):
            mode = Security.AUTO  # what A2000ERP does on this port: nothing to override
        self._filling = True
        self.host.setText(host)
        self.port_rule.show(mode, port)
        if "port" in locked:
            self.port_rule.pinned = True  # the Security list may not move it
        self._filling = False

    def _use_candidate(self, candidate: Any) -> None:
        self._fill(candidate.host, candidate.port, candidate.security)
        self.origin.setText(f"Where this came from: {escape(describe_source(candidate))}.")
        text, style = describe_check(candidate)
        self.check.setText(text)
        self.check.setStyleSheet(style)
        self.setup.suggested_login = candidate.login_name

    def _on_others_activated(self, index: int) -> None:
        if 0 <= index < len(self._candidates):
            self._edited = True
            self._use_candidate(self._candidates[index])

    def _on_field_edited(self, *_args: Any) -> None:
        if self._filling:
            return
        self._edited = True
        self.origin.setText("Where this came from: typed by you.")
        self.check.setText("")
        self.error.hide()

    def _provider_for(self, host: str) -> Any:
        """Whose sign-in advice and limits apply to the server on the form: the detected
        candidate's provider (Gmail and Workspace share smtp.gmail.com), else the provider
        that runs this host, else none."""
        from a2k_settings_gui.core.providers import match_server_host, provider_by_id

        for candidate in self._candidates:
            if candidate.host == host and candidate.provider_id:
                return provider_by_id(candidate.provider_id)
        return match_server_host(host)

    @staticmethod
    def _problem_line(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        return label

    def field_problems(self) -> dict[str, str]:
        """{field: why Next is refused} for the server and the port as typed."""
        problems = {}
        if not self.host.text().strip():
            problems["smtp_host"] = ("Outgoing Mail Server (SMTP) is empty: type the "
                                     "server's name, e.g. smtp.yourcompany.com, to go on.")
        _port, problem = parse_value("port", self.port_rule.port_to_save())
        if problem is not None:
            problems["port"] = problem.message
        return problems

    def _show_field_problems(self) -> None:
        problems = self.field_problems()
        for key, label in (("smtp_host", self.host_problem), ("port", self.port_problem)):
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return not self.field_problems()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        host, problem = parse_value("smtp_host", self.host.text())
        if self.refused(problem, self.host_problem):
            return False
        security = self.port_rule.mode()
        port, problem = parse_value("port", self.port_rule.port_to_save())
        if self.refused(problem, self.port_problem):
            return False
        self.leave()
        self.setup.provider = self._provider_for(host)
        self.setup.update_draft(smtp_host=host, security=security, port=port)
        return True
