"""Test: send a real test e-mail with the settings so far. It must pass, or the admin
skips it on purpose and says why (kept in the settings file for whoever looks later).

The test-send itself is core.smtp.check.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
)

from a2k_settings_gui.core.settings import Security, parse_value
from a2k_settings_gui.core.smtp.result import (
    AttemptStarted,
    StepChanged,
    TestMode,
    planned_steps,
)
from a2k_settings_gui.ui.kit.field_editors import caption
from a2k_settings_gui.ui.kit.finding_view import finding_html
from a2k_settings_gui.ui.kit.style import GOOD, SEVERITY
from a2k_settings_gui.ui.kit.worker import CurrentTask
from a2k_settings_gui.ui.net.fields import CA_FIX_CODES, NetworkSection
from a2k_settings_gui.ui.smtp.steps import StepList
from a2k_settings_gui.ui.wizard.base import ERROR_STYLE, HELP_STYLE, OK_STYLE, WizardPage, note
from a2k_settings_gui.ui.wizard.scrolling import scrolling_body

WHY_OUTSIDE = (
    "Use your own mailbox at <b>another provider</b> (a personal Gmail or Outlook.com), not "
    "the sender's: mail that stays inside one provider skips the SPF/DKIM checks that Gmail "
    "applies to your customers' mail (the 550 5.7.26 refusal). It is remembered as the Test "
    "recipient for later tests.")


class SendTestPage(WizardPage):
    NAME = "test_page"
    TITLE = "Sign in and send a test e-mail"
    SUBTITLE = ("The password, proved right here: the test shows that the server, the "
                "security and the password work together, before any customer e-mail.")

    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        self._test = CurrentTask(self, run=self.run_task)
        self._passed_for: tuple[Any, ...] | None = None
        # The values (and password) the shown failure tested, and its one-line reason.
        self._failed_for: tuple[Any, ...] | None = None
        self.failure_reason = ""

        self.scroll, layout = scrolling_body(self, "test_scroll")
        from a2k_settings_gui.ui.wizard.signin_section import SignInSection

        self.signin = SignInSection(self.setup, self)
        self.password, self.login, self.hint = (self.signin.password, self.signin.login,
                                                self.signin.hint)
        self.password.textChanged.connect(self._on_password_changed)
        # The server detection found (its page was skipped when it answered), and the
        # way back to it.
        server_row = QHBoxLayout()
        self.server_line = note("", "test_server_line")
        server_row.addWidget(self.server_line, 1)
        self.change_server = QPushButton("Chan&ge the server…")  # H: Show
        self.change_server.setObjectName("change_server")
        self.change_server.clicked.connect(self._on_change_server_clicked)
        server_row.addWidget(self.change_server)
        layout.addLayout(server_row)
        layout.addWidget(self.signin)
        form = QFormLayout()
        self.recipient = QLineEdit()
        self.recipient.setObjectName("test_recipient")
        self.recipient.setAccessibleName("Your own mailbox at another provider")
        self.recipient.setPlaceholderText("e.g. yourname@gmail.com or yourname@outlook.com")
        self.recipient.textEdited.connect(self._on_recipient_edited)
        # The dialog's label and Alt+key for the same field.
        form.addRow(caption("test_recipient"), self.recipient)
        layout.addLayout(form)
        layout.addWidget(note(WHY_OUTSIDE, "test_recipient_why"))
        row = QHBoxLayout()
        self.send = QPushButton("Send test e-&mail")
        self.send.setObjectName("send_test")
        self.send.clicked.connect(self._on_send_clicked)
        row.addWidget(self.send)
        # Stops this test only: what was typed on every page stays (the wizard's own
        # Cancel below would discard the whole setup).
        self.stop = QPushButton("St&op the test")
        self.stop.setObjectName("cancel_test")
        self.stop.setToolTip("Stop waiting for the server. Everything you typed is kept.")
        self.stop.clicked.connect(self.cancel_test)
        self.stop.hide()
        row.addWidget(self.stop)
        row.addStretch(1)
        layout.addLayout(row)
        # What is happening right now, in words, beside the spinner of the step list.
        self.activity = note("", "test_activity", style=HELP_STYLE)
        self.activity.hide()
        layout.addWidget(self.activity)
        self.steps = StepList(self)
        self.steps.setObjectName("test_steps")
        self.steps.hide()
        layout.addWidget(self.steps)
        self.status = note("", "test_status", style="")
        layout.addWidget(self.status)

        self.skip = QCheckBox("&Skip the test (not recommended)")
        self.skip.setObjectName("skip_test")
        self.skip.toggled.connect(self._on_skip_toggled)
        layout.addWidget(self.skip)
        self.reason = QLineEdit()
        self.reason.setObjectName("skip_reason")
        self.reason.setPlaceholderText("Why? e.g. the firewall here blocks mail; tested from "
                                       "the server room")
        self.reason.setAccessibleName("Reason for skipping the test")
        self.reason.setEnabled(False)
        self.reason.textChanged.connect(lambda _t: self.completeChanged.emit())
        layout.addWidget(self.reason)
        # DNS servers and the Extra CA file right here: a test that fails on the company's
        # certificate is fixed without leaving the wizard.
        self.network = NetworkSection("test")
        self.network.changed.connect(self._on_network_changed)
        layout.addWidget(self.network)
        layout.addStretch(1)

    def _tested_key(self) -> tuple[Any, ...]:
        draft = self.setup.draft
        return (draft.smtp_host, draft.effective_port, draft.security, draft.effective_login,
                self.setup.password, draft.dns_servers, draft.ca_file)

    @property
    def passed(self) -> bool:
        return self._passed_for is not None and self._passed_for == self._tested_key()

    def _on_password_changed(self, text: str) -> None:
        self.setup.password = text
        self._forget_result_of_other_values()
        self.completeChanged.emit()

    def _on_change_server_clicked(self) -> None:
        """Back to the sender page, then on to the server page (skipped before)."""
        wizard = self.wizard()
        sender = self.setup.pages.get("SenderPage")
        if wizard is None or sender is None:
            return
        sender.force_server_page = True
        while wizard.currentPage() is not sender and wizard.visitedIds():
            before = wizard.currentId()
            wizard.back()
            if wizard.currentId() == before:
                break
        wizard.next()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        draft = self.setup.draft
        self.server_line.setText(
            f"Server: <b>{escape(draft.smtp_host)}</b>, port {draft.effective_port} "
            f"({escape(draft.security.label)})")
        self.signin.fill()
        self.network.fill(self.setup.draft)
        if not self.recipient.text():
            self.recipient.setText(self.setup.draft.test_recipient)
        self._forget_result_of_other_values()
        self.completeChanged.emit()

    def _forget_result_of_other_values(self) -> None:
        """A result belongs to the values it tested: after a change of server, port,
        security, login or password, neither a pass nor a failure of the earlier values
        is shown as this setup's."""
        key = self._tested_key()
        stale_pass = self._passed_for is not None and self._passed_for != key
        stale_failure = self._failed_for is not None and self._failed_for != key
        if not (stale_pass or stale_failure) or self._test.running:
            return
        self._passed_for = self._failed_for = None
        self.failure_reason = ""
        self.steps.hide()
        self.status.setText("The last test was for earlier settings (they changed since): "
                            "send the test again.")
        self.status.setStyleSheet("")

    def verdict(self) -> Any:
        """This page's word on the values now in the draft (and the password typed)."""
        from a2k_settings_gui.core.support.checked import Verdict

        key = self._tested_key()
        if self._passed_for == key:
            return Verdict("test_send", "passed")
        if self._failed_for == key:
            return Verdict("test_send", "failed", self.failure_reason)
        earlier = self._passed_for is not None or self._failed_for is not None
        return Verdict("test_send", "not_checked", earlier=earlier)

    def is_running(self) -> bool:
        return self._test.running

    def _on_recipient_edited(self, _text: str) -> None:
        self.status.setText("")

    def leave(self) -> None:
        self._test.cancel()
        self._set_running(False)

    def cancel_test(self) -> None:
        """Stop the running test only; the wizard and everything typed stay."""
        if not self._test.running:
            return
        self.leave()
        self.status.setText("The test was stopped before the server answered. Nothing was "
                            "changed; press Send test e-mail to try again.")
        self.status.setStyleSheet("")
        self.completeChanged.emit()

    def _set_running(self, running: bool) -> None:
        self.send.setEnabled(not running)
        self.recipient.setEnabled(not running)
        self.stop.setVisible(running)
        self.activity.setVisible(running)
        if not running:
            self.steps.stop()
        elif self.stop.isVisible():
            self.stop.setFocus()

    # ------------------------------------------------------------ sending
    def _on_send_clicked(self) -> None:
        if not self.signin.apply():
            return
        if not self.password.text():
            self.status.setText("Type the Email Password first: the test signs in with it.")
            self.status.setStyleSheet(ERROR_STYLE)
            self.password.setFocus()
            return
        recipient, problem = parse_value("test_recipient", self.recipient.text())
        if problem is None and not recipient:
            problem_text = ("Enter your own mailbox at another provider, e.g. "
                            "yourname@gmail.com, to receive the test e-mail.")
        else:
            problem_text = problem.message if problem is not None else ""
        if problem_text:
            self.status.setText(escape(problem_text))
            self.status.setStyleSheet(ERROR_STYLE)
            return
        self.setup.update_draft(test_recipient=recipient)
        from a2k_settings_gui.core.smtp.check import run_test_send

        settings, password = self.setup.draft, self.setup.password
        key, timeout = self._tested_key(), self.setup.check_timeout
        self.status.setText("")
        self.status.setStyleSheet("")
        self.steps.set_plan(planned_steps(settings.security, TestMode.SEND))
        self.steps.show()
        self._say_trying(settings.security, settings.effective_port)
        self._set_running(True)

        latest = getattr(self.setup.store, "path", None)

        def run(token: Any, progress: Any) -> Any:
            from a2k_settings_gui.core.support.checked import checked_values
            from a2k_settings_gui.core.support.latest import CheckKind, run_and_record

            # Kept for the support report and the hand-over, with the values it tested.
            return run_and_record(
                latest, CheckKind.TEST_SEND,
                lambda: run_test_send(settings, password, recipient=recipient,
                                      mode=TestMode.SEND, timeout=timeout, cancel=token,
                                      progress=progress),
                secrets=(password,), checked=checked_values("test_send", settings))

        self._test.start(run, lambda result: self._on_test_done(result, key),
                         self._on_test_failed, self._on_test_progressed)

    def _say_trying(self, security: Security, port: int, auto: bool = False) -> None:
        mode = "Auto: trying " if auto or self.setup.draft.security is Security.AUTO else ""
        self.activity.setText(
            f"Sending a test e-mail to {escape(self.recipient.text())}: {mode}"
            f"{escape(security.label)} on port {port}. A server that does not answer is "
            "given up after about "
            f"{self.setup.check_timeout:g} seconds; Stop the test to give up sooner.")

    def _on_test_progressed(self, event: object) -> None:
        if isinstance(event, StepChanged):
            self.steps.update_step(event.step)
        elif isinstance(event, AttemptStarted):
            if event.number > 1:
                # Auto moves on to the next mode: its steps afresh, the found server kept.
                self.steps.set_plan(planned_steps(event.security, TestMode.SEND),
                                    keep=("resolve",))
            self._say_trying(event.security, event.port,
                             auto=self.setup.draft.security is Security.AUTO)

    def _on_test_failed(self, error: object) -> None:
        self._set_running(False)
        self.status.setText("The test could not run because of an unexpected error. Copy "
                            "the details from the Send Test Email window of the Email "
                            "Setting dialog for your support contact.")
        self.status.setToolTip(f"{type(error).__name__}: {error}")
        self.status.setStyleSheet(ERROR_STYLE)

    def _on_test_done(self, result: Any, key: tuple[Any, ...]) -> None:
        self._set_running(False)
        for step in result.steps:
            self.steps.update_step(step)
        if result.ok:
            detected = getattr(result, "security_detected", None)
            if detected is not None and self.setup.draft.port != result.port:
                # Auto found the port; the security stays Auto, as A2000ERP picks it by
                # the port (the tool never holds a mode the ERP would not use).
                self.setup.update_draft(port=result.port)
                key = self._tested_key()
            self._passed_for, self._failed_for = key, None
            self.setup.record_test("passed", server=f"{result.host}:{result.port}",
                                   recipient=self.recipient.text())
            self.status.setText(
                f"{GOOD.mark_html} <b>The test e-mail was accepted by {escape(result.host)}.</b> "
                f"Check the inbox of {escape(self.recipient.text())} (and its spam folder).")
            self.status.setStyleSheet(OK_STYLE)
            self.skip.setChecked(False)
        else:
            from a2k_settings_gui.core.support.checked import verdict_of

            self._passed_for, self._failed_for = None, key
            self.failure_reason = verdict_of("test_send", result.to_dict())[1]
            problem = result.problem
            text = (finding_html(problem) if problem else
                    f"{SEVERITY['error'].mark_html} <b>The test did not pass.</b>")
            if problem is not None and problem.code in CA_FIX_CODES:
                text += ("<p>If your company inspects secure connections, choose its CA "
                         "certificate file under <b>Network settings</b> below, then send "
                         "the test again.</p>")
                self.network.offer_ca_file()
                # Scrolled to once the opened section has its size (the layout settles
                # over the next event loop turns).
                QTimer.singleShot(50, self, lambda: self.scroll.ensureWidgetVisible(
                    self.network.fields.proxy, 20, 20))
            self.status.setText(text)
            self.status.setStyleSheet(ERROR_STYLE)
        self.completeChanged.emit()

    def _on_network_changed(self) -> None:
        values = self.network.values()
        if values is not None:
            self.setup.update_draft(**values)
            self.completeChanged.emit()

    # ------------------------------------------------------------ skipping
    def _on_skip_toggled(self, checked: bool) -> None:
        self.reason.setEnabled(checked)
        if checked:
            self.reason.setFocus()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        if self.passed:
            return True
        return (bool(self.password.text()) and self.skip.isChecked()
                and bool(self.reason.text().strip()))

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if not self.signin.apply():
            return False
        self.leave()
        recipient, problem = parse_value("test_recipient", self.recipient.text())
        if problem is None:
            self.setup.update_draft(test_recipient=recipient)
        if not self.passed:
            self.setup.record_test("skipped", self.reason.text().strip())
        return True

