"""The optional IMAP read-back in the received-copy window: log in to the test mailbox,
wait for the test e-mail by its Message-ID, and hand its headers to the window.

The password is typed here or read from the keyring (its own service, never the SMTP
one) and stored there only when "Remember" is ticked; keyring and network work run on a
worker, and closing the window cancels the wait (the socket is closed at once).

Signals:
    report_ready(object): the report dict of the message found (core.received).
    problem(object): a dict {code, severity, message, fix} when the read-back failed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from a2k_settings_gui.ui.kit.style import HELP, set_text_color
from a2k_settings_gui.ui.kit.worker import Task, TaskGroup

WAIT_SECONDS = 120.0


class ImapPanel(QGroupBox):
    report_ready = Signal(object)
    problem = Signal(object)

    def __init__(self, message_id: str, login: str, ca_file: str = "",
                 dns_servers: tuple[str, ...] = (), parent: QWidget | None = None,
                 sender: str = "") -> None:
        super().__init__("IMAP login of the test mailbox", parent)
        self.sender_email = sender
        self.setObjectName("imap_panel")
        self.message_id = message_id
        self._ca_file, self._dns_servers = ca_file, dns_servers  # from the settings form
        self._tasks = TaskGroup(self)
        self._wait_task: Task | None = None
        self._suggested_host = ""
        self.wait_seconds = WAIT_SECONDS  # tests shorten it
        self.host = QLineEdit(objectName="imap_host")
        self.host.setPlaceholderText("e.g. imap.gmail.com")
        self.port = QSpinBox(objectName="imap_port")
        self.port.setRange(1, 65535)
        self.port.setValue(993)
        self.security = QComboBox(objectName="imap_security")
        self.security.addItem("SSL/TLS", "ssl")
        self.security.addItem("STARTTLS", "starttls")
        self.security.currentIndexChanged.connect(self._on_security_changed)
        self.login = QLineEdit(login, objectName="imap_login")
        self.login.editingFinished.connect(self._on_login_edited)
        self.password = QLineEdit(objectName="imap_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("app password")
        self.remember = QCheckBox("Remember in the password store", objectName="imap_remember")
        self.note = QLabel(objectName="imap_note")
        self.note.setWordWrap(True)
        set_text_color(self.note, HELP)
        self.status = QLabel(objectName="imap_status")
        self.status.setWordWrap(True)
        self.fetch_button = QPushButton("Fetch", objectName="imap_fetch")
        self.fetch_button.clicked.connect(self.fetch)
        self.cancel_button = QPushButton("Cancel", objectName="imap_cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)

        grid = QGridLayout(self)
        grid.addWidget(QLabel("IMAP server"), 0, 0)
        server_row = QHBoxLayout()
        server_row.addWidget(self.host, 1)
        server_row.addWidget(self.port)
        server_row.addWidget(self.security)
        grid.addLayout(server_row, 0, 1)
        grid.addWidget(QLabel("Login"), 1, 0)
        grid.addWidget(self.login, 1, 1)
        grid.addWidget(QLabel("Password"), 2, 0)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.remember)
        grid.addLayout(password_row, 2, 1)
        grid.addWidget(self.note, 3, 0, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.fetch_button)
        buttons.addWidget(self.cancel_button)
        grid.addLayout(buttons, 4, 0, 1, 2)
        self.setEnabled(bool(message_id))
        if not message_id:
            self.note.setText("Send a test e-mail first: its Message-ID is what is looked for.")
        self._on_login_edited()

    # ------------------------------------------------------------ provider hints

    def _on_login_edited(self) -> None:
        from a2k_settings_gui.core.received.imap import imap_server_for

        server = imap_server_for(self.login.text())
        if server is not None and (not self.host.text() or
                                   self.host.text() == self._suggested_host):
            self._suggested_host = server.host
            self.host.setText(server.host)
            self.port.setValue(server.port)
            self.security.setCurrentIndex(max(0, self.security.findData(server.security)))
        if self.message_id:
            self.note.setText(server.note if server is not None else
                              "Most mailboxes allow IMAP with an app password; Outlook.com "
                              "and Microsoft 365 allow it only with Microsoft sign-in, which "
                              "this tool does not do: paste the headers there instead.")
        self._load_stored_password()

    def _on_security_changed(self, _index: int) -> None:
        self.port.setValue(993 if self.security.currentData() == "ssl" else 143)

    def _account(self) -> str:
        return f"{self.login.text().strip()}@{self.host.text().strip().lower()}"

    def _load_stored_password(self) -> None:
        if not self.login.text().strip() or not self.host.text().strip() or \
                self.password.text():
            return
        account = self._account()

        def work(cancel, progress):  # noqa: ANN001, ANN202 - worker signature
            from a2k_settings_gui.core import secrets

            try:
                return secrets.get_password(account, service=secrets.IMAP_SERVICE_NAME)
            except secrets.KeyringUnavailable:
                return None

        def done(password: object) -> None:
            if isinstance(password, str) and password and not self.password.text() \
                    and account == self._account():
                self.password.setText(password)
                self.remember.setChecked(True)

        self._tasks.run(work, on_done=done)

    # ------------------------------------------------------------ fetching

    def fetch(self) -> None:
        if self._wait_task is not None:
            return
        host, user, password = (self.host.text().strip(), self.login.text().strip(),
                                self.password.text())
        if not host or not user or not password:
            missing = "IMAP server" if not host else "Login" if not user else "Password"
            self.status.setText(f"Enter the {missing} first.")
            return
        from a2k_settings_gui.core.received.imap import ImapServer, imap_server_for

        known = imap_server_for(user)
        server = ImapServer(host, self.port.value(), self.security.currentData(),
                            note=known.note if known and known.host == host else "",
                            password_login=not (known and known.host == host
                                                and not known.password_login))
        remember, account, message_id = self.remember.isChecked(), self._account(), \
            self.message_id
        ca_file, dns_servers, wait = self._ca_file, self._dns_servers, self.wait_seconds

        def work(cancel, progress):  # noqa: ANN001, ANN202 - runs on the worker thread
            from a2k_settings_gui.core import secrets
            from a2k_settings_gui.core.received import read_received_bytes
            from a2k_settings_gui.core.received.imap import ImapProblem, wait_for_message

            try:
                found = wait_for_message(server, user, password, message_id,
                                         wait_seconds=wait, cancel=cancel,
                                         progress=progress, ca_file=ca_file,
                                         dns_servers=dns_servers)
            except ImapProblem as exc:
                return {"code": exc.code, "severity": "error", "message": exc.message,
                        "fix": exc.fix}
            if remember:
                try:
                    secrets.set_password(account, password, service=secrets.IMAP_SERVICE_NAME)
                except secrets.KeyringUnavailable:
                    pass  # the fetch worked; remembering is a convenience
            report = read_received_bytes(found.headers,
                                         junk_folder=found.folder if found.junk else "",
                                         sender=self.sender_email)
            return {"report": report.to_dict(), "folder": found.folder,
                    "seconds": found.elapsed_ms / 1000}

        self._wait_task = self._tasks.run(work, on_done=self._on_done,
                                          on_fail=self._on_failed,
                                          on_progress=self._on_progress)
        self._wait_task.finished.connect(self._on_finished)
        self._set_running(True)
        self.status.setText(f"Logging in to {host}…")

    def cancel(self) -> None:
        if self._wait_task is not None:
            self._wait_task.cancel()
            self.status.setText("Stopped.")

    def cancel_all(self) -> None:
        self._tasks.cancel_all()

    def _set_running(self, running: bool) -> None:
        self.fetch_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        for widget in (self.host, self.port, self.security, self.login, self.password):
            widget.setEnabled(not running)

    def _on_progress(self, event: Any) -> None:
        elapsed, total = getattr(event, "elapsed_seconds", 0), getattr(event, "wait_seconds", 0)
        folders = " and ".join(getattr(event, "folders", ()) or ("INBOX",))
        self.status.setText(f"Not in {folders} yet; looking again… {elapsed:.0f} of "
                            f"{total:.0f} s")

    def _on_done(self, result: object) -> None:
        data = result if isinstance(result, dict) else {}
        if "report" in data:
            self.status.setText(f"Found in {data['folder']} after {data['seconds']:.0f} s.")
            self.report_ready.emit(data["report"])
        else:
            self.status.setText(data.get("message", ""))
            self.problem.emit(data)

    def _on_failed(self, error: object) -> None:
        self.status.setText(f"The read-back stopped ({type(error).__name__}).")

    def _on_finished(self) -> None:
        self._wait_task = None
        self._set_running(False)
