"""Sender: the address the e-mails come from and the name shown beside it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFormLayout, QLabel

from a2k_settings_gui.core.net.addresses import special_use_suffix
from a2k_settings_gui.core.settings import parse_value
from a2k_settings_gui.ui.kit.field_editors import caption, text_edit
from a2k_settings_gui.ui.wizard.base import ERROR_STYLE, WARN_STYLE, WizardPage, note


class SenderPage(WizardPage):
    NAME = "sender_page"
    TITLE = "Who sends the e-mails"
    SUBTITLE = "Customers see this address and name on every e-statement and invoice."

    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        form = QFormLayout(self)
        self.email = text_edit("sender_email", "wizard_sender_email")
        self.email.textEdited.connect(self._on_email_text_edited)
        form.addRow(caption("sender_email", "Email"), self.email)
        self.email_error = QLabel()
        self.email_error.setObjectName("wizard_sender_email_error")
        self.email_error.setStyleSheet(ERROR_STYLE)
        self.email_error.setWordWrap(True)
        self.email_error.hide()
        form.addRow("", self.email_error)
        self.name = text_edit("sender_name", "wizard_sender_name")
        form.addRow(caption("sender_name", "me"), self.name)
        form.addRow("", note("Use a mailbox someone reads: customers reply to it, and "
                             "bounce messages for wrong addresses arrive there."))
        # The server is looked for while the admin types, as mail programs do: when it is
        # found and answers, the server page is skipped.
        self.detect_status = note("", "sender_detect_status")
        form.addRow("", self.detect_status)
        self._early = QTimer(self)
        self._early.setSingleShot(True)
        self._early.setInterval(700)
        self._early.timeout.connect(self._start_early_detection)
        self._following = False
        self.force_server_page = False  # "Change the server…" on the test page
        self.lock_rows(form, {"sender_email": self.email, "sender_name": self.name})

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        draft = self.setup.draft
        if not self.email.text():
            self.email.setText(draft.sender_email)
        if not self.name.text():
            self.name.setText(draft.sender_name)

    def _server_page(self):  # noqa: ANN202 - ServerPage (pages do not import each other)
        return self.setup.pages.get("ServerPage")

    def _start_early_detection(self) -> None:
        server = self._server_page()
        email, problem = parse_value("sender_email", self.email.text())
        if server is None or problem is not None or not email:
            return
        if not self._following:
            server.detection_done.connect(self._on_detection_done)
            self._following = True
        if email != self.setup.draft.sender_email or not server.is_detecting() and \
                self.setup.detection is None:
            self.setup.update_draft(sender_email=email)
            server.start_detection()
        self.detect_status.setText(server.summary_html())

    def _on_detection_done(self) -> None:
        server = self._server_page()
        if server is not None and self.setup.draft.sender_email == self.email.text().strip():
            self.detect_status.setText(server.summary_html())

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        server = self._server_page()
        if server is not None and server.found_server_answered() and (
                not self.force_server_page):
            return self.setup.page_id("SendTestPage")
        return self.setup.page_id("ServerPage")

    def _on_email_text_edited(self, text: str) -> None:
        self._early.start()
        # A reserved name (.local, .test, …) is accepted but said at once: outside
        # receivers will refuse it (sender_domain_reserved).
        suffix = special_use_suffix(text) if "@" in text else ""
        if suffix:
            self.email_error.setText(f"\u26a0 .{suffix} is a reserved name that does not "
                                     "exist on the internet: customers' mail servers will "
                                     "refuse e-statements from it. Fine for a lab test only.")
            self.email_error.setStyleSheet(WARN_STYLE)
            self.email_error.show()
        else:
            self.email_error.hide()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        email, problem = parse_value("sender_email", self.email.text())
        if problem is None:
            name, problem = parse_value("sender_name", self.name.text())
        if self.refused(problem, self.email_error):
            return False
        self.email.setText(email)
        self.setup.update_draft(sender_email=email, sender_name=name)
        server = self._server_page()
        if server is not None and server.found_server_answered():
            server.validatePage()  # the found server into the draft: its page is skipped
        return True
