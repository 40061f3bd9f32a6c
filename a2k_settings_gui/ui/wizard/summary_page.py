"""Check, save and enter in A2000ERP: the last page.

The top is the hand-over (ui.support.handover): each field of A2000ERP's Email Setting screen
in its order, with the exact value and a Copy button (the password copied only on its own
button, masked unless revealed). Logo Height and Width are the whole pixels the logo page's
preview drew. Below: what only this tool keeps (Advanced), the test's outcome and where
the file goes, and the offer to check the settings every day (the health watch). Save
writes the settings; the values stay here to be copied.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.core.erp_profile import handover, handover_notes
from a2k_settings_gui.core.health.schedule import load_state
from a2k_settings_gui.core.settings import FIELDS_BY_KEY
from a2k_settings_gui.ui.health.schedule_row import ScheduleRow
from a2k_settings_gui.ui.kit.admin_words import plain_words
from a2k_settings_gui.ui.kit.style import GOOD, HELP, SEVERITY, UNKNOWN, WARNING, text_style
from a2k_settings_gui.ui.support.handover import INTRO, ErpHandoverPanel, assumptions_note
from a2k_settings_gui.ui.wizard.base import WizardPage, note

MAX_WIZARD_HEIGHT = 680
TEST_WORDS = {
    "passed": f"{GOOD.mark_html} passed",
    "skipped": f"{SEVERITY['warning'].mark_html} skipped by you: {{reason}}",
}


class NextChecks(QGroupBox):
    """The recommended next checks, each with its status for the values above and a
    button that opens it (the page comes back here when done)."""

    ROWS = (("DomainPage", "check_domain", "Check the do&main…"),
            ("LogoPage", "check_logo", "Add or check the &logo…"),
            ("SendingPage", "", "Plan the sending s&peed…"))

    def __init__(self, page: SummaryPage) -> None:
        super().__init__("Recommended next checks")
        self.setObjectName("next_checks")
        self._page = page
        grid = QGridLayout(self)
        self.status: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        for row, (name, _kind, text) in enumerate(self.ROWS):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)  # its mark is an HTML entity
            label.setObjectName(f"next_check_{name}")
            button = QPushButton(text)
            button.setObjectName(f"open_{name}")
            button.clicked.connect(lambda _c=False, n=name: page.setup.open_detour(n))
            grid.addWidget(label, row, 0)
            grid.addWidget(button, row, 1)
            self.status[name], self.buttons[name] = label, button
        grid.setColumnStretch(0, 1)

    def fill(self, draft, latest: dict) -> None:  # noqa: ANN001 - EmailSettings
        from a2k_settings_gui.core.support.checked import verdict_for
        from a2k_settings_gui.ui.kit.verdict_words import verdict_html

        for name, kind, _text in self.ROWS:
            if name == "LogoPage" and not draft.logo_url:
                text = (f"{UNKNOWN.mark_html} Company logo: none yet (optional: the logo at "
                        "the top of each e-statement)")
            elif kind:
                text = verdict_html(verdict_for(latest, kind, draft), recommended=True)
            else:
                text = (f"{UNKNOWN.mark_html} Sending speed: {draft.max_mails_per_batch} "
                        f"e-mails every {draft.batch_interval_seconds} s (the defaults "
                        "unless you changed them)")
            self.status[name].setText(text)


class SummaryPage(WizardPage):
    NAME = "summary_page"
    TITLE = "Save, then enter in A2000ERP"
    SUBTITLE = ("Press Save to keep these settings on this computer (Cancel keeps "
                "nothing), and type the same values into A2000ERP.")

    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        self.setFinalPage(True)
        self.detour = ""  # the recommended check the admin opened from here
        # A scroll area: on a small screen the rows scroll instead of being squeezed.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setObjectName("summary_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read, not typed in
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll)
        layout = QVBoxLayout(body)
        layout.addWidget(note(escape(INTRO), "handover_intro"))
        self.handover = ErpHandoverPanel(self)
        layout.addWidget(self.handover)
        self.warnings = note("", "handover_warnings", style=text_style(WARNING))
        layout.addWidget(self.warnings)
        self.table = note("", "summary_table", style="")
        layout.addWidget(self.table)
        self.where = note("", "summary_where")
        self.next_checks = NextChecks(self)
        layout.addWidget(self.next_checks)
        layout.addWidget(self.where)
        # The health watch: an offer, off until the admin ticks it (it registers a task
        # with the OS scheduler when Save is pressed).
        on, at = load_state()
        self.schedule = ScheduleRow(on, at, text="Check every &day at")
        self.schedule.setObjectName("summary_schedule")
        self.schedule.daily.setToolTip(
            "After saving, re-check these settings every day at this time without sending "
            "anything, and show a notification when something stops working (the Health "
            "window in the Email Setting dialog shows the history).")
        layout.addWidget(self.schedule)
        layout.addStretch(1)

    def schedule_choice(self) -> tuple[bool, str]:
        """(daily, "HH:MM") as ticked on this page."""
        return self.schedule.value()

    def logo_size(self) -> tuple[int, int] | None:
        """The size the logo page's preview drew, when that page has a preview."""
        preview = getattr(self.setup.pages.get("LogoPage"), "preview", None)
        # None before a picture is measured: the box in the fields is what it draws.
        return None if preview is None else preview.measured_size()

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        """-1 (Save ends the wizard), or the recommended check just opened."""
        return self.setup.page_id(self.detour) if self.detour else -1

    def verdicts(self) -> dict:
        """The latest check of each value shown, for exactly that value (a small local
        file beside the settings file, written by the pages' checks)."""
        from a2k_settings_gui.core.support.checked import field_verdicts
        from a2k_settings_gui.core.support.latest import load_latest

        path = getattr(self.setup.store, "path", None)
        verdicts = field_verdicts(load_latest(path) if path else {}, self.setup.draft)
        test_page = self.setup.pages.get("SendTestPage")
        if test_page is not None:
            # The page knows the password it tested with; the file never holds it.
            own = test_page.verdict()
            for key in ("sender_email", "password", "smtp_host", "port"):
                verdicts[key] = own
        return verdicts

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.detour = ""
        wizard = self.setup
        draft = wizard.draft
        stored = bool(wizard.password) or None  # saved together with the settings
        self.handover.set_rows(handover(draft, stored, logo_size=self.logo_size()),
                               wizard.password, self.verdicts())
        notes = handover_notes(draft)
        self.warnings.setText("<br>".join(escape(plain_words(n)) for n in notes))
        self.warnings.setVisible(bool(notes))
        record = wizard.test_record
        test = TEST_WORDS.get(record.get("status", ""), "not run")
        shown = {  # labels from the field table, as the dialog shows them
            "security": draft.security.label,
            "login_name": draft.login_name or "(same as Sender Email ID, as A2000ERP)",
            "sender_name": draft.sender_name or "(none)",
            "test_recipient": draft.test_recipient or "(the sender)",
            "mails_per_month": f"{draft.mails_per_month:,}",
        }
        rows = [(FIELDS_BY_KEY[key].label, value) for key, value in shown.items()]
        html = "".join(f"<tr><td style='padding-right:16px; color:{HELP}'>{escape(k)}</td>"
                       f"<td><b>{escape(v)}</b></td></tr>" for k, v in rows)
        html += (f"<tr><td style='padding-right:16px; color:{HELP}'>Test e-mail</td><td><b>"
                 f"{test.format(reason=escape(record.get('reason', '')))}</b></td></tr>")
        self.table.setText("<b>Advanced (not on the A2000ERP screen)</b>"
                           f"<table cellspacing='2'>{html}</table>")
        store = wizard.store
        path = getattr(store, "path", None)
        where = f"Settings file: {escape(str(path))}. " if path else ""
        self.where.setText(where + escape(assumptions_note()))
        self.next_checks.fill(draft, self._latest())
        self._grow_wizard()

    def _latest(self) -> dict:
        from a2k_settings_gui.core.support.latest import load_latest

        path = getattr(self.setup.store, "path", None)
        return load_latest(path) if path else {}

    def _grow_wizard(self) -> None:
        """Make room for the list, up to the screen's height (then the page scrolls)."""
        wizard = self.setup
        screen = wizard.screen().availableGeometry() if wizard.screen() else None
        wanted = wizard.height() + max(0, self.handover.sizeHint().height()
                                       + self.table.sizeHint().height() + 200
                                       - self.height())
        # At most what a 1366x768 laptop shows above its taskbar (with the title bar);
        # beyond that the page scrolls.
        wanted = min(wanted, MAX_WIZARD_HEIGHT)
        if screen is not None:
            wanted = min(wanted, screen.height() - 80)
        if wanted > wizard.height():
            wizard.resize(wizard.width(), wanted)
