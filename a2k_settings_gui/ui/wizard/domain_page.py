"""Domain check: are SPF, DKIM and DMARC of the sender domain ready, so that Gmail and
Outlook accept the e-statements? Optional: the admin may continue either way."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QPushButton, QVBoxLayout

from a2k_settings_gui.ui.kit.style import GOOD
from a2k_settings_gui.ui.wizard.base import note
from a2k_settings_gui.ui.wizard.optional_check import OptionalCheckPage


class DomainPage(OptionalCheckPage):
    NAME = "domain_page"
    BUTTON_TEXT = "&Check domain"

    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        self.run_button.setObjectName("domain_check_run")
        self.status.setObjectName("domain_status")
        self.result.setObjectName("domain_result")
        self.full_report = QPushButton("Full &report…")
        self.full_report.setObjectName("domain_full_report")
        self.full_report.setToolTip("The Check Domain window of the Email Setting dialog: "
                                    "every record, what it means and how to fix it.")
        self.full_report.clicked.connect(self._on_full_report_clicked)
        self.button_row.insertWidget(1, self.full_report)
        self.report_window: Any = None
        self.setTitle("Check your domain")
        self.setSubTitle("Gmail, Yahoo and Outlook refuse or bin mail from domains without "
                         "SPF, DKIM and DMARC. Optional, but recommended.")

    def build_inputs(self, layout: QVBoxLayout) -> None:
        self.intro = note("", "domain_intro")
        layout.addWidget(self.intro)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        return -1  # opened from the hand-over, and back to it ("Done")

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        domain = self.setup.draft.sender_email.rpartition("@")[2]
        self.intro.setText(f"Looks up the DNS records of <b>{escape(domain)}</b> and whether "
                           f"they allow {escape(self.setup.draft.smtp_host)} to send for it.")

    def make_call(self) -> Any:
        from a2k_settings_gui.core.domain.check import check_domain

        draft, timeout = self.setup.draft, self.setup.check_timeout
        latest = getattr(self.setup.store, "path", None)

        def run(token: Any, progress: Any) -> Any:
            report = check_domain(draft.sender_email, draft.smtp_host,
                                  dns_servers=draft.dns_servers, timeout=min(timeout, 10.0),
                                  max_mails_per_batch=draft.max_mails_per_batch,
                                  batch_interval_seconds=draft.batch_interval_seconds,
                                  mails_per_month=draft.mails_per_month,
                                  cancel=token, progress=progress)
            if latest is not None:  # with the values it checked, for the hand-over
                from a2k_settings_gui.core.support.checked import checked_values
                from a2k_settings_gui.core.support.latest import record

                record(latest, "check_domain", report.to_dict(),
                       checked=checked_values("check_domain", draft))
            return report

        return run

    def _on_full_report_clicked(self) -> None:
        from a2k_settings_gui.ui.domain.report import DomainReportWindow

        self.report_window = DomainReportWindow(self.setup.draft, parent=self)
        self.report_window.show()

    def leave(self) -> None:
        super().leave()
        if self.report_window is not None:
            self.report_window.close()

    def summary(self, report: Any) -> str:
        findings = list(getattr(report, "findings", []))
        errors = sum(1 for f in findings if getattr(f, "severity", "") == "error")
        warnings = sum(1 for f in findings if getattr(f, "severity", "") == "warning")
        if not errors and not warnings:
            return f"{GOOD.mark_html} <b>The domain is ready for sending.</b>"
        return (f"<b>{errors} problem{'s' if errors != 1 else ''} and {warnings} "
                f"warning{'s' if warnings != 1 else ''}.</b> You can fix them later; the "
                "e-mails may land in spam until then.")
