""""Did it arrive?": read the received copy of the test e-mail and show how the receiver
judged it (core.received), opened from Send Test Email after a successful send.

The admin drops or opens the .eml file, or pastes the headers; reading runs on a worker
(ui.kit.worker.Task: a 50 MB .eml is read only up to its headers, but disk is disk), and the
verdict is shown with the one finding renderer (ui.kit.finding_view). Closing the window
mid-read drops the late result.

Signals:
    dkim_selector_found(str): the admin asked to check this DKIM selector (the s= of a
        signature by the From domain) in Check Domain.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.ui.kit.finding_view import findings_html, report_lines, rich_text_label
from a2k_settings_gui.ui.kit.form_fields import disclosure_toggle, window_buttons
from a2k_settings_gui.ui.kit.screen_fit import FRAME_HEIGHT, FRAME_WIDTH
from a2k_settings_gui.ui.kit.style import GOOD, HELP, SEVERITY, Tone, frame_style, set_text_color
from a2k_settings_gui.ui.kit.worker import CurrentTask, RunsOneTask
from a2k_settings_gui.ui.received.details import HOW_TO, details_html
from a2k_settings_gui.ui.received.imap_panel import ImapPanel

PASTE_LIMIT = 4 * 1024 * 1024  # characters: far more than any header section
PREFERRED_SIZE = (760, 700)


class ReceivedWindow(RunsOneTask, QDialog):
    dkim_selector_found = Signal(str)

    def __init__(self, expected_message_id: str = "", recipient: str = "",
                 parent: QWidget | None = None, *, ca_file: str = "",
                 dns_servers: tuple[str, ...] = (), sender: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("received_window")
        self.sender_email = sender  # the Sender Email ID: a message From anyone else is no proof
        self.setWindowTitle("Did it arrive? Check the received copy")
        self.expected_message_id = expected_message_id
        self._current = CurrentTask(self)  # a new read replaces a running one
        self.report: dict[str, Any] | None = None
        self.finished_callback: Any = None  # tests and screenshots wait on it
        self._fitted = False
        self._ca_file, self._dns_servers = ca_file, dns_servers
        self._build(recipient)
        self.setAcceptDrops(True)

    # ------------------------------------------------------------ layout

    def _build(self, recipient: str) -> None:
        where = f" in <b>{html.escape(recipient)}</b>'s mailbox" if recipient else ""
        intro = QLabel(
            f"Open the test e-mail{where} and give its <b>full headers</b> here: paste them, "
            "drop the saved <b>.eml</b> file on this window, or open it. The receiving "
            "server wrote its verdict into them: SPF, DKIM, DMARC and spam.")
        intro.setWordWrap(True)
        intro.setObjectName("received_intro")
        self.expected_label = QLabel(objectName="expected_message_id")
        self.expected_label.setWordWrap(True)
        set_text_color(self.expected_label, HELP)
        self.expected_label.setText(
            f"Test e-mail's Message-ID: {self.expected_message_id}"
            if self.expected_message_id else "")
        self.expected_label.setVisible(bool(self.expected_message_id))

        self.how_to = QTabWidget(objectName="how_to")
        for title, steps in HOW_TO:
            label = QLabel(steps)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setMargin(6)
            self.how_to.addTab(label, title)
        self.how_to.setMaximumHeight(self.how_to.sizeHint().height() + 24)

        self.paste = QPlainTextEdit(objectName="headers_input")
        self.paste.setAccessibleName("Headers of the received test e-mail")
        self.paste.setPlaceholderText(
            "Paste the headers here (from the first 'Received:' or 'Delivered-To:' line "
            "down), or drop the .eml file on this window.")
        lines = self.paste.fontMetrics().lineSpacing()
        # A few lines are enough to see what was pasted; the verdict needs the room.
        self.paste.setMinimumHeight(lines * 3 + 12)
        self.paste.setMaximumHeight(lines * 6 + 12)
        self.paste.setAcceptDrops(False)  # drops go to the window: a file, not its path

        self.open_button = QPushButton("&Open .eml file…", objectName="open_eml")
        self.open_button.clicked.connect(self._on_open_clicked)
        self.check_button = QPushButton("Chec&k", objectName="check_received")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check_pasted)
        self.clear_button = QPushButton("C&lear", objectName="clear_received")
        self.clear_button.clicked.connect(self._on_clear_clicked)
        input_buttons = QHBoxLayout()
        input_buttons.addWidget(self.open_button)
        input_buttons.addStretch(1)
        input_buttons.addWidget(self.clear_button)
        input_buttons.addWidget(self.check_button)

        # Optional: fetch the copy over IMAP instead of copying headers by hand.
        self.imap_toggle = disclosure_toggle("Or fetch it from the mailbox over IMAP (optional)",
                                             "imap_toggle")
        self.imap_toggle.toggled.connect(self._on_imap_toggle_toggled)
        self.imap_panel = ImapPanel(self.expected_message_id, recipient,
                                    ca_file=self._ca_file, dns_servers=self._dns_servers,
                                    sender=self.sender_email)
        self.imap_panel.report_ready.connect(self.show_report)
        self.imap_panel.problem.connect(self._on_imap_problem)
        self.imap_panel.hide()

        self.result_frame = QFrame(objectName="received_result")
        self.result_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.result_label = rich_text_label("received_verdict", links=False)
        self.details_label = QLabel(objectName="received_details")
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.selector_button = QPushButton(objectName="use_selector")
        self.selector_button.clicked.connect(self._on_selector_clicked)
        self.selector_button.hide()
        frame_layout = QVBoxLayout(self.result_frame)
        frame_layout.addWidget(self.result_label)
        frame_layout.addWidget(self.details_label)
        frame_layout.addWidget(self.selector_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.result_frame.hide()
        scroll = QScrollArea(objectName="received_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the verdict is read, not typed in
        scroll.setWidget(self.result_frame)
        self.scroll = scroll

        self.copy_button = QPushButton("Copy re&port", objectName="copy_received")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        bottom = window_buttons(self, "received", self.copy_button, close_name="close_received")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.expected_label)
        layout.addWidget(self.how_to)
        layout.addWidget(self.paste)
        layout.addLayout(input_buttons)
        layout.addWidget(self.imap_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.imap_panel)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.resize(*PREFERRED_SIZE)

    def fit_to(self, available: QRect) -> None:
        """Never larger than the screen's free area (a 1366×768 laptop at 150 % leaves
        about 910×480): the verdict area scrolls instead."""
        # Room for the title bar and the taskbar too (ui/kit/screen_fit.py).
        width = min(PREFERRED_SIZE[0], max(480, available.width() - FRAME_WIDTH))
        height = min(PREFERRED_SIZE[1], max(360, available.height() - FRAME_HEIGHT))
        self.resize(width, height)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None and not self._fitted:
            self._fitted = True
            self.fit_to(screen.availableGeometry())
        super().showEvent(event)

    # ------------------------------------------------------------ input

    def check_pasted(self) -> None:
        text = self.paste.toPlainText()
        if not text.strip():
            self._show_message(SEVERITY["warning"], "Nothing to check yet.",
                               "Paste the headers, or drop or open the .eml file.")
            return
        if len(text) > PASTE_LIMIT:
            self._show_message(SEVERITY["error"], "That is far more than a message's headers.",
                               "Copy only the headers (Show original / View message source).")
            return
        self._run(lambda: _read_text(text, self.sender_email))

    def check_file(self, path: str | Path) -> None:
        self.paste.setPlainText("")
        self.paste.setPlaceholderText(f"Reading {Path(path).name} …")
        self._run(lambda: _read_file(str(path), self.sender_email))

    def _run(self, read: Any) -> None:
        def work(cancel, progress):  # noqa: ANN001, ANN202 - the worker's signature
            return read()  # reading is bounded (headers only); cancel drops the result

        self._current.start(work, self._on_task_succeeded, self._on_task_failed,
                            on_finished=self._on_read_finished)
        self._set_busy(True)


    def _set_busy(self, busy: bool) -> None:
        for button in (self.check_button, self.open_button, self.clear_button):
            button.setEnabled(not busy)
        self.check_button.setText("Reading…" if busy else "Chec&k")

    # ------------------------------------------------------------ results

    def _on_task_succeeded(self, outcome: object) -> None:
        kind, value = outcome  # type: ignore[misc]
        if kind == "not_a_message":
            self._show_message(SEVERITY["error"], "This is not the received e-mail.", value)
            return
        self.show_report(value)

    def _on_task_failed(self, error: object) -> None:
        self._show_message(SEVERITY["error"], "The headers could not be read.",
                           f"{type(error).__name__}. Save the message as .eml and try again.")

    def _on_read_finished(self) -> None:
        self._set_busy(False)
        self.paste.setPlaceholderText(
            "Paste the headers here, or drop the .eml file on this window.")
        if self.finished_callback is not None:
            self.finished_callback()

    def show_report(self, data: dict[str, Any]) -> None:
        self.report = data
        findings = list(data.get("findings") or [])
        other = self._other_message_note(data)
        if other:
            findings.insert(0, other)
        if data.get("dmarc_pass"):
            tone = SEVERITY["warning"] if any(f["severity"] != "info" for f in findings) \
                else GOOD
        else:
            tone = SEVERITY["error"] if any(f["severity"] == "error" for f in findings) \
                else SEVERITY["warning"]
        headline = html.escape(data.get("verdict") or "")
        self._render(tone, f"<p style='font-size:11pt'><b>{tone.mark_html} {headline}</b></p>"
                     + findings_html(findings), details_html(data))
        selector = data.get("dkim_selector_for_domain_check")
        if selector:
            self.selector_button.setText(f"Check DKIM selector “{selector}” in Check Domain")
            self.selector_button.show()
        else:
            self.selector_button.hide()
        self.copy_button.setEnabled(True)

    def _other_message_note(self, data: dict[str, Any]) -> dict[str, str] | None:
        """The admin may paste an older test e-mail's headers: say so, do not refuse."""
        got = (data.get("message_id") or "").strip()
        if not self.expected_message_id or not got or got == self.expected_message_id:
            return None
        return {"code": "other_message", "severity": "warning",
                "message": f"These are the headers of another e-mail ({got}), not of the "
                           "test just sent.",
                "fix": "Find the newest test e-mail (subject starts with “A2000ERP test”) and "
                       "copy its headers, unless you meant to check this one."}

    def _show_message(self, tone: Tone, headline: str, fix: str) -> None:
        self.report = None
        self.selector_button.hide()
        self.copy_button.setEnabled(False)
        self._render(tone, f"<p><b>{tone.mark_html} {html.escape(headline)}</b><br>"
                           f"{html.escape(fix)}</p>", "")

    def _render(self, tone: Tone, verdict: str, details: str) -> None:
        self.result_frame.setStyleSheet(frame_style("received_result", tone))
        self.result_label.setText(verdict)
        self.details_label.setText(details)
        self.details_label.setVisible(bool(details))
        self.result_frame.show()

    def report_text(self) -> str:
        """Plain text for the clipboard (the headers hold no password: nothing to mask)."""
        data = self.report
        if not data:
            return ""
        lines = ["A2000ERP e-mail settings: received test e-mail", data.get("verdict", ""), ""]
        for receiver in data.get("receivers", []):
            lines.append(f"{receiver['name']} ({receiver['authserv_id'] or 'no authserv-id'})")
            for method in ("spf", "dkim", "dmarc", "compauth"):
                part = receiver.get(method)
                if part:
                    lines.append(f"  {method}: {part.get('result')}")
        for finding in data.get("findings", []):
            lines += report_lines(finding, indent="")
        return "\n".join(lines)

    # ------------------------------------------------------------ slots and events

    def _on_open_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Open the received e-mail", "",
            "E-mail messages (*.eml *.txt *.msg);;All files (*)")
        if path:
            self.check_file(path)

    def _on_imap_toggle_toggled(self, shown: bool) -> None:
        self.imap_panel.setVisible(shown)

    def _on_imap_problem(self, data: object) -> None:
        problem = data if isinstance(data, dict) else {}
        self._show_message(SEVERITY["error"], problem.get("message", "IMAP read-back failed."),
                           problem.get("fix", ""))

    def _on_clear_clicked(self) -> None:
        self.paste.clear()
        self.result_frame.hide()
        self.report = None
        self.copy_button.setEnabled(False)

    def _on_selector_clicked(self) -> None:
        selector = (self.report or {}).get("dkim_selector_for_domain_check")
        if selector:
            self.dkim_selector_found.emit(selector)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.report_text())
        self.copy_button.setText("Copied")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        mime = event.mimeData()
        if mime.hasUrls() and any(u.isLocalFile() for u in mime.urls()) or mime.hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        mime = event.mimeData()
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if files:
            self.check_file(files[0])
        elif mime.hasText():
            self.paste.setPlainText(mime.text())
            self.check_pasted()
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._current.cancel()
        self.imap_panel.cancel_all()  # a waiting read-back closes its socket at once
        super().closeEvent(event)


def _read_text(text: str, sender: str) -> tuple[str, Any]:
    from a2k_settings_gui.core.received import NotAMessage, read_received_text

    try:
        return "report", read_received_text(text, sender=sender).to_dict()
    except NotAMessage as problem:
        return "not_a_message", str(problem)


def _read_file(path: str, sender: str) -> tuple[str, Any]:
    from a2k_settings_gui.core.received import NotAMessage, read_received_file

    try:
        return "report", read_received_file(path, sender=sender).to_dict()
    except NotAMessage as problem:
        return "not_a_message", str(problem)


_MESSAGE_ID = re.compile(r"Message-ID:\s*(<[^>\s]+>)", re.IGNORECASE)


def sent_message_id(transcript: list[str]) -> str:
    """The Message-ID the test-send wrote (its transcript shows the client's header lines)."""
    for line in transcript:
        match = _MESSAGE_ID.search(line)
        if match:
            return match.group(1)
    return ""


def open_received_window(test_window: Any) -> ReceivedWindow:
    """Open (or raise) the received-copy window for a Send Test Email window.

    A new test e-mail gets a new window (its Message-ID differs); the selector signal is
    relayed through the test window, which the dialog wires to Check Domain.
    """
    result = getattr(test_window, "result", None)
    message_id = sent_message_id(list(getattr(result, "transcript", []) or []))
    recipient = test_window.recipient_edit.text().strip()
    window = getattr(test_window, "_received_window", None)
    if window is not None and window.expected_message_id != message_id:
        window.close()
        window = None
    if window is None:
        settings = getattr(test_window, "_settings", None)
        window = ReceivedWindow(message_id, recipient, parent=test_window,
                                ca_file=getattr(settings, "ca_file", "") or "",
                                dns_servers=tuple(getattr(settings, "dns_servers", ()) or ()),
                                sender=getattr(settings, "sender_email", "") or "")
        window.setWindowFlag(Qt.WindowType.Window, True)
        window.dkim_selector_found.connect(test_window.dkim_selector_found)
        test_window.finished.connect(window.close)
        test_window._received_window = window
    window.show()
    window.raise_()
    window.activateWindow()
    return window
