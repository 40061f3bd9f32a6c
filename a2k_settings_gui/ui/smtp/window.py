"""The Send Test Email window: one button, every step visible, the fix in plain words.

Opened from the Email Setting dialog. It reads the values currently in the form (saved or
not) when the admin presses Start, runs core.smtp.check on a worker (ui.kit.worker.Task), and
shows each step with its time, the finding with its fix, the transcript (collapsed) and a
"Copy report" that never contains the password. Closing it, or the dialog, mid-test
cancels the worker cleanly.

Signals:
    save_security_requested(str, int): Auto found a working security mode and port and
        the admin chose to put them into the form.
    dkim_selector_found(str): from the received-copy window ("Did it arrive?"): the DKIM
        selector the receiver saw, for Check Domain.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.smtp.result import (
    DEFAULT_TIMEOUT,
    AttemptStarted,
    StepChanged,
    TestMode,
    TestSendResult,
    TranscriptAdded,
    planned_steps,
)
from a2k_settings_gui.ui.kit.admin_words import plain_words
from a2k_settings_gui.ui.kit.finding_view import findings_html, report_lines, rich_text_label
from a2k_settings_gui.ui.kit.form_fields import FormScrollArea, disclosure_toggle, window_buttons
from a2k_settings_gui.ui.kit.screen_fit import fit_to_screen, grow_within_screen
from a2k_settings_gui.ui.kit.style import GOOD, SEVERITY, UNKNOWN, Tone, frame_style
from a2k_settings_gui.ui.kit.worker import CurrentTask, RunsOneTask
from a2k_settings_gui.ui.smtp.steps import StepList


class TestSendWindow(RunsOneTask, QDialog):
    save_security_requested = Signal(str, int)
    dkim_selector_found = Signal(str)

    __test__ = False  # not a pytest class

    def __init__(
        self,
        settings_provider: Callable[[], EmailSettings],
        password_provider: Callable[[], str],
        parent: QWidget | None = None,
        problem_provider: Callable[[], str] | None = None,
        latest_file: Path | None = None,
    ) -> None:
        """`problem_provider`: why the form's values cannot be tested now ("" when they
        can), so the test never runs on a saved value hidden behind an invalid field.
        `latest_file`: the settings file beside which the result is kept for the support
        report."""
        super().__init__(parent)
        self.setObjectName("test_send_window")
        self.setWindowTitle("Send Test Email")
        self.setModal(False)
        self._settings_provider = settings_provider
        self._password_provider = password_provider
        self._problem_provider = problem_provider or (lambda: "")
        self._latest_file = latest_file
        self._current = CurrentTask(self)  # one test at a time; a stopped one is dropped
        self._settings: EmailSettings | None = None
        # The values and password the shown result tested: a result is shown only for them.
        self._tested: tuple[Any, str] | None = None
        self.result: TestSendResult | None = None
        self.finished_callback: Callable[[], None] | None = None  # benchmarks and tests
        self.timeout = DEFAULT_TIMEOUT  # seconds per step
        self._build()
        self._load_defaults()

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        self.server_label = QLabel(objectName="server_summary")
        self.server_label.setWordWrap(True)
        self.recipient_edit = QLineEdit(objectName="recipient")
        self.recipient_edit.setPlaceholderText("who receives the test e-mail")
        self.recipient_edit.setToolTip("Best: your own mailbox at another provider (e.g. a "
                                       "personal Gmail), set as Test recipient in Advanced")
        self.mode_combo = QComboBox(objectName="mode")
        self.mode_combo.addItem("Connection test (log in, send nothing)", TestMode.CONNECT)
        self.mode_combo.addItem("Send a test e-mail", TestMode.SEND)
        self.mode_combo.currentIndexChanged.connect(self._on_mode_combo_changed)
        self.mode_combo.setAccessibleName("What to test")
        self.recipient_edit.setAccessibleName("Recipient of the test e-mail")
        form = QFormLayout()
        form.addRow("Server:", self.server_label)
        mode_caption = QLabel("&What to test:")
        mode_caption.setBuddy(self.mode_combo)
        form.addRow(mode_caption, self.mode_combo)
        recipient_caption = QLabel("&Recipient:")
        recipient_caption.setBuddy(self.recipient_edit)
        form.addRow(recipient_caption, self.recipient_edit)

        self.steps = StepList(self)

        self.result_frame = QFrame(objectName="result_frame")
        self.result_frame.setFrameShape(QFrame.Shape.StyledPanel)
        # Its web addresses (e.g. Google's app-password page) clickable.
        self.result_label = rich_text_label("result", links=True)
        self.save_security_button = QPushButton("&Use this in the settings",
                                                objectName="save_security")
        self.save_security_button.clicked.connect(self._on_save_security_clicked)
        self.save_security_button.hide()
        result_layout = QVBoxLayout(self.result_frame)
        result_layout.addWidget(self.result_label)
        result_layout.addWidget(self.save_security_button, 0, Qt.AlignmentFlag.AlignLeft)
        # Delivery proof: the server said "queued"; the receiver's verdict is in the copy.
        # In the button row, always: a test sent earlier (or from another computer) can be
        # checked too, and the button never sits below the fold.
        self.received_button = QPushButton("Did it &arrive?…", objectName="check_received_copy")
        self.received_button.setToolTip("Check the copy that reached the mailbox: did the "
                                         "receiver accept it, and why it may be spam")
        self.received_button.clicked.connect(self._on_received_button_clicked)
        self.result_frame.hide()

        self.transcript_toggle = disclosure_toggle("Transcr&ipt (technical details)",
                                                   "transcript_toggle")
        self.transcript_toggle.toggled.connect(self._on_transcript_toggle_toggled)
        self.transcript_view = QPlainTextEdit(objectName="transcript")
        self.transcript_view.setReadOnly(True)
        self.transcript_view.setAccessibleName("Transcript of the conversation with the server")
        self.transcript_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        mono = QFont("Consolas")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.transcript_view.setFont(mono)
        self.transcript_view.setMinimumHeight(180)
        self.transcript_view.hide()

        self.start_button = QPushButton("&Start test", objectName="start_button")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_test)
        self.cancel_button = QPushButton("S&top test", objectName="cancel_button")
        self.cancel_button.setToolTip("Stop this test; the window and the form stay as they are.")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_test)
        self.copy_button = QPushButton("Copy re&port", objectName="copy_button")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons = window_buttons(self, "test-send", self.copy_button, self.received_button,
                                 self.start_button, self.cancel_button)

        # Everything but the buttons scrolls when the screen is short (1280×720 at 150 %
        # with the transcript open): the buttons stay on screen, nothing is squeezed.
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.steps)
        layout.addWidget(self.result_frame)
        layout.addWidget(self.transcript_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.transcript_view, 1)
        layout.addStretch(0)
        outer = QVBoxLayout(self)
        self.body_scroll = FormScrollArea(body)
        outer.addWidget(self.body_scroll, 1)
        outer.addLayout(buttons)
        fit_to_screen(self, 660, 520)

    def present(self) -> None:
        """Show the window (again) with what the form holds now, in front."""
        self._load_defaults()
        self.show()
        self.raise_()
        self.activateWindow()

    def _load_defaults(self) -> None:
        settings = self._read_settings()
        self.mode_combo.setCurrentIndex(1)
        if settings is not None:
            # An outside mailbox (the Test recipient setting) sees what customers' servers
            # see; the sender's own mailbox skips those checks.
            self.recipient_edit.setText(settings.test_recipient or settings.sender_email)
            self._show_plan(settings)
            self._forget_result_of_other_values(settings)

    def _forget_result_of_other_values(self, settings: EmailSettings) -> None:
        """A result belongs to the values it tested: when the form's values (or the
        password) changed since, the old verdict, steps and transcript go, and the window
        says so instead of showing a failure (or a pass) of earlier settings."""
        if self._tested is None or self._current.running:
            return
        if self._tested == self._key_of(settings, self._password_provider() or ""):
            return
        self._tested = None
        self.result = None
        self.transcript_view.clear()
        self.save_security_button.hide()
        self.copy_button.setEnabled(False)
        self.start_button.setText("&Start test")
        self._show_message(UNKNOWN, "The last result was for earlier settings.",
                           "The settings changed since that test. Press Start test to test "
                           "the values shown above.")

    @staticmethod
    def _key_of(settings: EmailSettings, password: str) -> tuple[Any, str]:
        from a2k_settings_gui.core.support.checked import checked_values

        return (checked_values("test_send", settings), password)

    def _read_settings(self) -> EmailSettings | None:
        blocker = self._problem_provider()
        if blocker:
            self._show_message(SEVERITY["error"], "The form holds a value that cannot be "
                               "tested.", blocker)
            return None
        try:
            return self._settings_provider()
        except Exception as exc:  # noqa: BLE001 - the form may hold a value it cannot parse
            self._show_message(SEVERITY["error"], "The settings in the form cannot be used yet.",
                               str(exc) or "Correct the highlighted fields first.")
            return None

    def _show_plan(self, settings: EmailSettings) -> None:
        security = settings.security
        port = settings.port if settings.port is not None else "587 / 465"
        if security is Security.AUTO:
            how = "as A2000ERP (465: SSL/TLS, otherwise STARTTLS)"
        else:
            port = settings.effective_port
            how = security.label
        login = settings.effective_login or "no login"
        self.server_label.setText(f"{settings.smtp_host or '(no server)'} : {port} · {how} · "
                                  f"{login}")
        self.steps.set_plan(planned_steps(security, self.mode))

    @property
    def mode(self) -> TestMode:
        # Qt stores the str-Enum as a plain string: turn it back into the enum.
        return TestMode(self.mode_combo.currentData())

    # ------------------------------------------------------------ running

    def start_test(self) -> None:
        if self._current.running:
            return
        settings = self._read_settings()
        if settings is None:
            return
        password = self._password_provider() or ""
        recipient = self.recipient_edit.text().strip() or settings.sender_email
        allow_plaintext = False
        if settings.security is Security.NONE and password:
            allow_plaintext = self.ask_plaintext_ok(self)
        self._settings = settings
        self._tested = self._key_of(settings, password)
        self.result = None
        self._show_plan(settings)
        self.transcript_view.clear()
        self.result_frame.hide()
        self.save_security_button.hide()
        self.copy_button.setEnabled(False)
        self.copy_button.setText("Copy re&port")  # "Copied" belonged to the last run
        self._set_running(True)
        mode, timeout, latest = self.mode, self.timeout, self._latest_file

        def work(cancel, progress):  # runs on the worker thread: no widgets here
            from a2k_settings_gui.core.smtp.check import run_test_send
            from a2k_settings_gui.core.support.checked import checked_values
            from a2k_settings_gui.core.support.latest import CheckKind, run_and_record

            return run_and_record(
                latest, CheckKind.TEST_SEND,
                lambda: run_test_send(settings, password, recipient=recipient, mode=mode,
                                      timeout=timeout, ca_file=settings.ca_file or None,
                                      allow_plaintext_auth=allow_plaintext, cancel=cancel,
                                      progress=progress),
                secrets=(password,), checked=checked_values("test_send", settings))

        self._current.start(work, self._on_task_succeeded, self._on_task_failed,
                            self._on_task_progressed, self._end_run)

    def cancel_test(self) -> None:
        if self._current.cancel():
            # A stopped test is neither good nor bad news: grey, never green.
            self._show_message(UNKNOWN, "The test was stopped before it finished.",
                               "Nothing was sent and nothing was changed. Start it again when "
                               "ready.")
            self._end_run()

    @classmethod
    def ask_plaintext_ok(cls, parent: QWidget | None) -> bool:
        """Ask before a password crosses the network unencrypted (tests replace this)."""
        answer = QMessageBox.question(
            parent, "Send the password unencrypted?",
            "Security is set to None: the password would travel over the network without "
            "encryption, readable by anyone on the way.\n\nOnly continue on a trusted office "
            "network with a server that offers no encryption. Send it anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.start_button.setText("&Start test" if not running else "Testing…")
        self.cancel_button.setEnabled(running)
        self.recipient_edit.setEnabled(not running)
        self.mode_combo.setEnabled(not running)

    def _end_run(self) -> None:
        self.steps.stop()
        self._set_running(False)
        self.start_button.setText("Test a&gain")
        if self.finished_callback is not None:
            self.finished_callback()

    def _on_task_progressed(self, event: object) -> None:
        if isinstance(event, StepChanged):
            self.steps.update_step(event.step)
        elif isinstance(event, TranscriptAdded):
            self.transcript_view.appendPlainText(event.line)
        elif isinstance(event, AttemptStarted) and self._settings is not None:
            if event.number > 1:
                # Auto moves on to the next mode: list its steps afresh; the server found
                # stays first, marked done.
                self.steps.set_plan(planned_steps(event.security, self.mode),
                                    keep=("resolve",))
            auto = self._settings.security is Security.AUTO
            self.server_label.setText(
                f"{self._settings.smtp_host} : "
                + (f"Auto is trying {event.security.label} on port {event.port}"
                   + (f" (attempt {event.number})" if event.number > 1 else "") + "…"
                   if auto else f"{event.security.label} on port {event.port}"))

    def _on_task_succeeded(self, result: object) -> None:
        assert isinstance(result, TestSendResult)
        self.result = result
        for step in result.steps:
            self.steps.update_step(step)
        self._show_result(result)
        self.copy_button.setEnabled(True)

    def _on_task_failed(self, error: object) -> None:
        self._show_message(SEVERITY["error"], "The test stopped unexpectedly.",
                           "Copy the report for the vendor's support.")
        self.result_label.setToolTip(plain_words(f"{type(error).__name__}: {error}"))

    # ------------------------------------------------------------ showing the outcome

    def _show_result(self, result: TestSendResult) -> None:
        severities = {f.severity for f in result.findings}
        erp_gaps = [f for f in result.findings if f.code.startswith("erp_")
                    and f.severity != "info"]
        if result.ok and erp_gaps:
            # A pass that needed something A2000ERP's screen lacks is not a pass for the ERP.
            headline = ("The test passed for this tool, but A2000ERP may not be able to do "
                        "the same: see below.")
            tone = SEVERITY["warning"]
        elif result.ok:
            headline = ("It works: the test e-mail was accepted." if result.mode is TestMode.SEND
                        else "It works: the server is ready to take e-mail.")
            tone = SEVERITY["warning"] if "warning" in severities else GOOD
        else:
            step = next((s.label for s in result.steps if s.status == "failed"), result.stage)
            headline = f"It does not work yet: failed at “{step}”."
            tone = SEVERITY["error"] if "error" in severities else SEVERITY["info"]
        self._render(tone, f"<p style='font-size:11pt'><b>{tone.mark} "
                           f"{html.escape(headline)}</b></p>" + findings_html(result.findings))
        if result.security_detected is not None:
            if self._settings is not None and self._settings.port != result.port:
                self.save_security_button.setText(
                    f"&Use Port {result.port} in the settings (as in A2000ERP)")
                self.save_security_button.show()

    def _show_message(self, tone: Tone, headline: str, fix: str) -> None:
        self._render(tone, f"<p><b>{tone.mark} {html.escape(headline)}</b><br>"
                           f"{html.escape(fix)}</p>")

    def _render(self, tone: Tone, body: str) -> None:
        self.result_frame.setStyleSheet(frame_style("result_frame", tone))
        self.result_label.setText(body)
        self.result_frame.show()
        self._grow_to_fit()

    def report_text(self) -> str:
        """The report for the clipboard: settings used, steps, findings, transcript.

        Built only from the result, whose transcript already has every credential masked;
        the password itself is never passed here.
        """
        result = self.result
        if result is None:
            return ""
        lines = [
            "A2000ERP Email Setting: Send Test Email report",
            f"Server: {result.host}:{result.port} ({result.security.label})",
            f"Sender: {self._settings.sender_email if self._settings else ''}",
            f"Login: {self._settings.effective_login if self._settings else ''}",
            f"Test: {result.mode.label}",
            f"Result: {'OK' if result.ok else 'FAILED at ' + result.stage} "
            f"in {result.elapsed_ms} ms",
            "",
            "Steps:",
        ]
        for step in result.steps:
            lines.append(f"  [{step.status}] {step.label}: {step.elapsed_ms} ms "
                         f"{step.detail}".rstrip())
        lines += ["", "Findings:"]
        for finding in result.findings:
            lines += report_lines(finding)
        lines += ["", "Transcript:", *result.transcript]
        return "\n".join(lines)

    # ------------------------------------------------------------ slots

    def _on_mode_combo_changed(self, _index: int) -> None:
        if not self._current.running:
            settings = self._settings or self._read_settings()
            if settings is not None:
                self.steps.set_plan(planned_steps(settings.security, self.mode))

    def _on_transcript_toggle_toggled(self, shown: bool) -> None:
        self.transcript_view.setVisible(shown)
        self._grow_to_fit()
        if shown:  # on a short screen the transcript opens below the fold: bring it up
            QTimer.singleShot(0, lambda: self.body_scroll.ensureWidgetVisible(
                self.transcript_view, 0, 0))

    def _grow_to_fit(self) -> None:
        """Grow the window when the result or the transcript appears, never shrink it and
        never past the screen (the transcript then gets less room, and scrolls)."""
        grow_within_screen(self)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())
        self.copy_button.setText("Copied ✔")

    def _on_received_button_clicked(self) -> None:
        from a2k_settings_gui.ui.received.window import open_received_window

        open_received_window(self)

    def _on_save_security_clicked(self) -> None:
        if self.result is not None and self.result.security_detected is not None:
            # Security stays Auto: A2000ERP picks it by the port, and so does the tool.
            self.save_security_requested.emit(Security.AUTO.value, self.result.port)
            self.save_security_button.setText("Put into the settings form (remember to Save)")
            self.save_security_button.setEnabled(False)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._current.cancel()
        self.steps.stop()
        super().closeEvent(event)

