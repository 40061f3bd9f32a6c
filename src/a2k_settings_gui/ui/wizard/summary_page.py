"""Summary and Save: everything that will be written, before it is written."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QVBoxLayout

from a2k_settings_gui.ui.style import GOOD, HELP, SEVERITY
from a2k_settings_gui.ui.wizard.base import WizardPage, note

TEST_WORDS = {
    "passed": f"{GOOD.mark_html} passed",
    "skipped": f"{SEVERITY['warning'].mark_html} skipped by you: {{reason}}",
}


class SummaryPage(WizardPage):
    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        self.setObjectName("summary_page")
        self.setTitle("Check and save")
        self.setSubTitle("Press Save to keep these settings. Cancel keeps nothing.")
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        self.table = note("", "summary_table", style="")
        layout.addWidget(self.table)
        self.where = note("", "summary_where")
        layout.addWidget(self.where)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        wizard = self.setup
        draft = wizard.draft
        record = wizard.test_record
        test = TEST_WORDS.get(record.get("status", ""), "not run")
        rows = [
            ("Sender Email ID", draft.sender_email),
            ("Sender name", draft.sender_name or "(none)"),
            ("Outgoing Mail Server (SMTP)", draft.smtp_host),
            ("Port", str(draft.effective_port)),
            ("Security", draft.security.label),
            ("Login name", draft.login_name or "(same as Sender Email ID)"),
            ("Email Password", "stored in this computer's password store"
             if wizard.password else "(none)"),
            ("Company Logo URL", draft.logo_url or "(none)"),
            ("Logo size", f"{draft.logo_height} px high × {draft.logo_width} px wide"),
            ("Maximum Mails per Batch", str(draft.max_mails_per_batch)),
            ("Batch Interval", f"{draft.batch_interval_seconds} seconds"),
        ]
        html = "".join(f"<tr><td style='padding-right:16px; color:{HELP}'>{escape(k)}</td>"
                       f"<td><b>{escape(v)}</b></td></tr>" for k, v in rows)
        html += (f"<tr><td style='padding-right:16px; color:{HELP}'>Test e-mail</td><td><b>"
                 f"{test.format(reason=escape(record.get('reason', '')))}</b></td></tr>")
        self.table.setText(f"<table cellspacing='4'>{html}</table>")
        store = wizard.store
        path = getattr(store, "path", None)
        self.where.setText(f"Settings file: {escape(str(path))}" if path else "")
