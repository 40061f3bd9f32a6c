"""The Email Setting dialog: HOME – SYSTEM ADMIN – COMPANY – Email Setting.

Edits a copy of the settings; nothing is written until Save or Apply, and both stay
disabled while any field is invalid. Saving (file + keyring) runs on a worker because the
keyring may have to talk to the OS and the disk may be a network profile.

Later features add their buttons to `tools_layout` and read the form through
`current_settings()` and `current_password()`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.core import settings as settings_module
from a2k_settings_gui.core.settings import (
    DEFAULT_PORTS,
    FIELDS_BY_KEY,
    EmailSettings,
    FieldProblem,
    Security,
    parse_value,
)
from a2k_settings_gui.core.store import LoadResult, SettingsStore
from a2k_settings_gui.ui.form_fields import (
    ERROR_COLOR,
    HELP_COLOR,
    FieldWithMessage,
    PasswordRow,
    help_label,
    set_text_color,
)
from a2k_settings_gui.ui.logo_preview import LogoPreviewWidget
from a2k_settings_gui.ui.worker import Task, TaskGroup

BREADCRUMB = "HOME – SYSTEM ADMIN – COMPANY – Email Setting"

PRIVACY_NOTE = (
    "Anyone who has these details can read and send the mail of this account. "
    "A2000ERP support staff will never ask you for them: enter them yourself. The password "
    "is kept only in this computer's password store (Windows Credential Manager)."
)
GMAIL_NOTE = (
    "Since 2024 Gmail, Yahoo and Outlook.com reject mail from domains without SPF or DKIM "
    "(error 550 5.7.26 \"This mail is unauthenticated\"). Your domain must publish them "
    "before e-statements go out."
)
HOTLINK_NOTE = (
    "Some image sites do not allow hot-linking: the logo then does not appear in your "
    "e-statements. Use a direct link to the image file on your own web site where you can."
)
BATCH_NOTE = (
    "Sending hundreds of mails at once looks like spam to mail providers. Mails go out in "
    "batches of this size, with a pause of the Batch Interval between batches."
)


class EmailSettingDialog(QDialog):
    """Signals:
    saved(object): the EmailSettings just written to the file.
    """

    saved = Signal(object)

    def __init__(self, store: SettingsStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("email_setting_dialog")
        self.setWindowTitle("Email Setting")
        self.setMinimumWidth(1000)
        self.store = store
        self._tasks = TaskGroup(self)
        self._port_custom = False
        self._aspect_ratio: float | None = None
        self._syncing_aspect = False
        self._touched: set[str] = set()
        self._saved_settings = EmailSettings()
        self._saved_password = ""
        self._saved_account = ""
        self._keyring_ok = True
        self._saving = False
        self._session_password_only = False

        # Show the window before paying for the e-mail address library's import; the full
        # address check follows as soon as a worker has loaded it (see _warm_up_validation).
        settings_module.defer_email_library_import(True)
        self._build()
        load = store.load()
        self._apply_load_result(load)
        self.password.setEnabled(False)
        # The keyring is read once the window is on screen, so start-up does not wait for
        # the keyring library's import and backend discovery.
        QTimer.singleShot(0, self._start_password_load)
        QTimer.singleShot(0, self._warm_up_validation)

    def _warm_up_validation(self) -> None:
        if settings_module.email_library_loaded():
            return

        def load_library(_token: Any, _progress: Any) -> None:
            import email_validator  # noqa: F401 - the import is the work

        self.run_task(load_library, lambda _result: self._revalidate())

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        # Word-wrapped help text makes the height depend on the width; without this the
        # dialog opens too short and squeezes the form rows.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        crumb = QLabel(BREADCRUMB)
        crumb.setObjectName("breadcrumb")
        set_text_color(crumb, HELP_COLOR)
        outer.addWidget(crumb)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        outer.addWidget(self.banner)

        self.fields: dict[str, FieldWithMessage] = {}
        # Two columns keep the dialog short enough for a laptop screen: the mail server on
        # the left, what shapes the e-statements on the right.
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self._build_mail_server_group())
        left.addStretch(1)
        right.addWidget(self._build_logo_group())
        right.addWidget(self._build_sending_group())
        right.addWidget(self._build_network_group())
        right.addStretch(1)
        columns.addLayout(left, 5)
        columns.addLayout(right, 4)
        outer.addLayout(columns)

        # The feature buttons sit at the left of the Save/Cancel/Apply row.
        self.tools_layout = QHBoxLayout()
        self.tools_layout.setObjectName("tools_layout")
        # Issue 3: Send Test Email (the window does the wiring: ui/test_send_window.py).
        self.test_send_button = QPushButton("Send &Test Email…")
        self.test_send_button.setObjectName("test_send_button")
        self.test_send_button.setToolTip("Connect, log in and send a test e-mail with the "
                                         "values in the form; every step and its fix shown")
        self.test_send_button.clicked.connect(self._on_test_send_button_clicked)
        self.tools_layout.addWidget(self.test_send_button)
        self.check_domain_button = QPushButton("Check Domain…")
        self.check_domain_button.setObjectName("check_domain_button")
        self.check_domain_button.setToolTip("Will Gmail, Yahoo and Outlook.com accept mail "
                                            "from this domain? (SPF, DKIM, DMARC, MX)")
        self.check_domain_button.clicked.connect(self._open_check_domain)
        self.tools_layout.addWidget(self.check_domain_button)
        self._add_wizard_button()  # issue 6

        self.summary = QLabel()
        self.summary.setObjectName("validation_summary")
        self.summary.setWordWrap(True)
        set_text_color(self.summary, ERROR_COLOR)
        outer.addWidget(self.summary)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.setObjectName("buttons")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save_button")
        self.save_button.setText("&Save")
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setObjectName("apply_button")
        self.apply_button.setText("&Apply")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancel_button")
        self.save_button.clicked.connect(lambda: self._save(close_after=True))
        self.apply_button.clicked.connect(lambda: self._save(close_after=False))
        self.cancel_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addLayout(self.tools_layout)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        outer.addLayout(bottom)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self._on_save_shortcut)

    def _line_edit(self, key: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(key)
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(FIELDS_BY_KEY[key].label)
        edit.textEdited.connect(lambda _text, k=key: self._on_field_edited(k))
        return edit

    def _spin(self, key: str, low: int, high: int, suffix: str = "") -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(key)
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setAccessibleName(FIELDS_BY_KEY[key].label)
        spin.valueChanged.connect(lambda _v, k=key: self._on_field_edited(k))
        return spin

    def _add_row(self, form: QFormLayout, key: str, label: str, editor: QWidget) -> None:
        wrapper = FieldWithMessage(editor, key)
        self.fields[key] = wrapper
        caption = QLabel(label)
        caption.setBuddy(editor)
        tip = FIELDS_BY_KEY[key].help if key in FIELDS_BY_KEY else ""
        if tip:
            editor.setToolTip(tip)
        form.addRow(caption, wrapper)

    def _build_mail_server_group(self) -> QGroupBox:
        group = QGroupBox("Mail Server Setting")
        group.setObjectName("mail_server_group")
        column = QVBoxLayout(group)
        form = QFormLayout()
        column.addLayout(form)

        self.sender_email = self._line_edit("sender_email", "statements@yourcompany.com")
        self._add_row(form, "sender_email", "Sender &Email ID:", self.sender_email)

        password_row = PasswordRow("email_password", "password_toggle")
        self.password, self.password_toggle = password_row.edit, password_row.toggle
        self.password.setPlaceholderText("Loading from the password store…")
        self.password.textEdited.connect(self._on_password_edited)
        caption = QLabel("Email &Password:")
        caption.setBuddy(self.password)
        form.addRow(caption, password_row)
        self.password_status = QLabel()
        self.password_status.setObjectName("password_status")
        self.password_status.setWordWrap(False)
        set_text_color(self.password_status, HELP_COLOR)
        form.addRow("", self.password_status)

        self.smtp_host = self._line_edit("smtp_host", "smtp.yourprovider.com")
        self._add_row(form, "smtp_host", "Outgoing &Mail Server (SMTP):", self.smtp_host)

        self.security = QComboBox()
        self.security.setObjectName("security")
        self.security.setAccessibleName("Security")
        for mode in Security:
            self.security.addItem(mode.label, mode.value)
        self.security.currentIndexChanged.connect(self._on_security_changed)
        self._add_row(form, "security", "Securit&y:", self.security)

        self.port = self._line_edit("port")
        self.port.setMaxLength(5)
        self.port.setMaximumWidth(90)
        self._add_row(form, "port", "P&ort:", self.port)

        self.login_name = self._line_edit("login_name", "Same as Sender Email ID")
        self._add_row(form, "login_name", "&Login name:", self.login_name)
        self.sender_name = self._line_edit("sender_name", "e.g. ACME Accounts")
        self._add_row(form, "sender_name", "Sender &name:", self.sender_name)

        column.addWidget(help_label(PRIVACY_NOTE, "privacy_note"))
        column.addWidget(help_label(GMAIL_NOTE, "gmail_note"))
        return group

    def _build_logo_group(self) -> QGroupBox:
        group = QGroupBox("Company Logo Information")
        group.setObjectName("logo_group")
        form = QFormLayout(group)
        self.logo_form = form
        self.logo_url = self._line_edit("logo_url", "https://www.yourcompany.com/logo.png")
        self._add_row(form, "logo_url", "Company Logo &URL:", self.logo_url)
        self.logo_height = self._spin("logo_height", 1, 2000, " px")
        self.logo_width = self._spin("logo_width", 1, 2000, " px")
        self.keep_aspect = QCheckBox("&Keep aspect ratio")
        self.keep_aspect.setObjectName("logo_keep_aspect")
        self.keep_aspect.toggled.connect(self._on_keep_aspect_toggled)
        self.logo_height.valueChanged.connect(lambda v: self._on_logo_size_changed("height"))
        self.logo_width.valueChanged.connect(lambda v: self._on_logo_size_changed("width"))
        size_row = QWidget()
        row = QHBoxLayout(size_row)
        row.setContentsMargins(0, 0, 0, 0)
        height_caption = QLabel("Logo &Height:")
        height_caption.setBuddy(self.logo_height)
        width_caption = QLabel("Logo W&idth:")
        width_caption.setBuddy(self.logo_width)
        self.fields["logo_height"] = FieldWithMessage(self.logo_height, "logo_height")
        self.fields["logo_width"] = FieldWithMessage(self.logo_width, "logo_width")
        for widget in (height_caption, self.fields["logo_height"], width_caption,
                       self.fields["logo_width"], self.keep_aspect):
            row.addWidget(widget)
        row.addStretch(1)
        form.addRow("Logo size:", size_row)
        form.addRow(help_label(HOTLINK_NOTE, "hotlink_note"))
        self.logo_preview = LogoPreviewWidget(self.current_settings, parent=group)
        self.logo_preview.bind_form(group)
        self.logo_preview.aspect_ratio_known.connect(self.set_logo_aspect_ratio)
        form.addRow(self.logo_preview)
        return group

    def _build_sending_group(self) -> QGroupBox:
        group = QGroupBox("Mail Sending Control")
        group.setObjectName("sending_group")
        form = QFormLayout(group)
        self.sending_form = form
        self.max_mails = self._spin("max_mails_per_batch", 1, 10000)
        self.max_mails.setMaximumWidth(160)
        self._add_row(form, "max_mails_per_batch", "Maximum Mails per &Batch:", self.max_mails)
        self.batch_interval = self._spin("batch_interval_seconds", 0, 86400, " seconds")
        self.batch_interval.setMaximumWidth(160)
        self._add_row(form, "batch_interval_seconds", "Batch In&terval:", self.batch_interval)
        form.addRow(help_label(BATCH_NOTE, "batch_note"))
        self._add_sending_plan(form)  # issue 6
        return group

    def _build_network_group(self) -> QGroupBox:
        group = QGroupBox("Network (only for corporate networks)")
        group.setObjectName("network_group")
        form = QFormLayout(group)
        self.dns_servers = self._line_edit("dns_servers", "Empty: this computer's DNS servers")
        self._add_row(form, "dns_servers", "&DNS servers:", self.dns_servers)
        self.ca_file = self._line_edit("ca_file", "Empty: Windows' trusted certificates")
        self._add_row(form, "ca_file", "Extra &CA certificates:", self.ca_file)
        return group

    # ------------------------------------------------------------------ issue 6
    def _add_sending_plan(self, form: QFormLayout) -> None:
        """The live plan (batches, total time, provider limits) under the batch fields."""
        from a2k_settings_gui.ui.sending_plan_widget import SendingPlanWidget

        self.sending_plan = SendingPlanWidget(self)
        form.addRow(self.sending_plan)
        self.sending_plan.bind(self.max_mails, self.batch_interval, self.smtp_host)

    def _add_wizard_button(self) -> None:
        self.wizard_button = QPushButton("Setup &Wizard…")
        self.wizard_button.setObjectName("wizard_button")
        self.wizard_button.setToolTip("Find the server, test and save step by step.")
        self.wizard_button.clicked.connect(self._on_wizard_button_clicked)
        self.tools_layout.addWidget(self.wizard_button)

    def _on_wizard_button_clicked(self) -> None:
        from a2k_settings_gui.ui.wizard import open_wizard

        wizard = open_wizard(self.store, self, defaults=self.current_settings(),
                             password=self.current_password())
        wizard.saved.connect(self._on_wizard_saved)
        wizard.open()

    def _on_wizard_saved(self, _settings: object) -> None:
        self._apply_load_result(self.store.load())
        self._start_password_load()

    # ------------------------------------------------------------------ load
    def _apply_load_result(self, load: LoadResult) -> None:
        if load.message:
            self._show_banner(load.message)
        self._saved_settings = load.settings
        self._fill(load.settings)
        self._touched.clear()
        if load.read_only:
            self.save_button.setToolTip("The settings file is read-only here.")
        self._revalidate()

    def _fill(self, settings: EmailSettings) -> None:
        self.sender_email.setText(settings.sender_email)
        self.smtp_host.setText(settings.smtp_host)
        index = self.security.findData(settings.security.value)
        self.security.blockSignals(True)
        self.security.setCurrentIndex(max(0, index))
        self.security.blockSignals(False)
        default_port = DEFAULT_PORTS[settings.security]
        self._port_custom = settings.port is not None and settings.port != default_port
        self.port.setText(str(settings.effective_port))
        self.login_name.setText(settings.login_name)
        self.sender_name.setText(settings.sender_name)
        self.logo_url.setText(settings.logo_url)
        self._syncing_aspect = True
        self.logo_height.setValue(settings.logo_height)
        self.logo_width.setValue(settings.logo_width)
        self._syncing_aspect = False
        self.keep_aspect.setChecked(settings.logo_keep_aspect)
        self._aspect_ratio = settings.logo_width / settings.logo_height
        self.max_mails.setValue(settings.max_mails_per_batch)
        self.batch_interval.setValue(settings.batch_interval_seconds)
        self.dns_servers.setText(", ".join(settings.dns_servers))
        self.ca_file.setText(settings.ca_file)

    def _start_password_load(self) -> None:
        from a2k_settings_gui.core import secrets

        account = self._saved_settings.effective_login
        self._saved_account = account

        def load(_token: Any, _progress: Any) -> str | None:
            secrets.ensure_available()
            return secrets.get_password(account) if account else None

        self.password.setEnabled(False)
        task = self.run_task(load, self._on_password_loaded, self._on_password_load_failed)
        self._password_task = task

    def _on_password_loaded(self, password: object) -> None:
        self.password.setEnabled(True)
        self.password.setPlaceholderText("")
        if self.password.isModified():
            return
        self._saved_password = str(password or "")
        self.password.setText(self._saved_password)
        self._update_password_status()

    def _on_password_load_failed(self, error: object) -> None:
        self.password.setEnabled(True)
        self.password.setPlaceholderText("Type the password for this session")
        self._keyring_ok = False
        self._show_banner(str(error))
        self._update_password_status()

    def _update_password_status(self) -> None:
        if not self._keyring_ok:
            text = "No password store: the password is used for this session only."
        elif self.password.text() and self.password.text() == self._saved_password:
            text = "Stored in this computer's password store."
        elif self.password.text():
            text = "Will be stored in this computer's password store when you save."
        elif self._saved_password:
            text = "The stored password will be removed when you save."
        else:
            text = "No password stored yet."
        self.password_status.setText(text)

    # ------------------------------------------------------------------ reading the form
    def _raw_values(self) -> dict[str, Any]:
        return {
            "sender_email": self.sender_email.text(),
            "smtp_host": self.smtp_host.text(),
            "security": self.security.currentData(),
            "port": self.port.text() if self._port_custom else None,
            "login_name": self.login_name.text(),
            "sender_name": self.sender_name.text(),
            "logo_url": self.logo_url.text(),
            "logo_height": self.logo_height.value(),
            "logo_width": self.logo_width.value(),
            "logo_keep_aspect": self.keep_aspect.isChecked(),
            "max_mails_per_batch": self.max_mails.value(),
            "batch_interval_seconds": self.batch_interval.value(),
            "dns_servers": self.dns_servers.text(),
            "ca_file": self.ca_file.text(),
        }

    def form_problems(self) -> list[FieldProblem]:
        problems = []
        for key, raw in self._raw_values().items():
            _value, problem = parse_value(key, raw)
            if problem:
                problems.append(problem)
        return problems

    def current_settings(self) -> EmailSettings:
        """The settings as typed (saved or not). An invalid field keeps its saved value."""
        values = {}
        for key, raw in self._raw_values().items():
            value, problem = parse_value(key, raw)
            values[key] = getattr(self._saved_settings, key) if problem else value
        return EmailSettings(**values, extra=dict(self._saved_settings.extra))

    def _on_test_send_button_clicked(self) -> None:
        from a2k_settings_gui.ui.test_send_window import open_test_send_window

        open_test_send_window(self)

    def current_password(self) -> str:
        return self.password.text()

    def has_unsaved_changes(self) -> bool:
        return (
            self.current_settings() != self._saved_settings
            or self.password.text() != self._saved_password
        )

    # ------------------------------------------------------------------ reactions
    def _on_field_edited(self, key: str) -> None:
        self._touched.add(key)
        if key == "port":
            # Typing a port pins it; clearing the field makes it follow the mode again.
            self._port_custom = bool(self.port.text().strip())
        if key == "login_name" or key == "sender_email":
            self._update_password_status()
        self._revalidate()

    def _on_password_edited(self, _text: str) -> None:
        self._update_password_status()
        self._revalidate()

    def _on_security_changed(self, _index: int) -> None:
        if not self._port_custom:
            mode = Security(self.security.currentData())
            self.port.setText(str(DEFAULT_PORTS[mode]))
        self._touched.add("security")
        self._revalidate()

    def _on_keep_aspect_toggled(self, checked: bool) -> None:
        if checked and self.logo_height.value():
            self._aspect_ratio = self.logo_width.value() / self.logo_height.value()
        self._revalidate()

    def set_logo_aspect_ratio(self, ratio: float) -> None:
        """The logo's real width/height ratio, once known (from the logo check)."""
        if ratio > 0:
            self._aspect_ratio = ratio

    def _on_logo_size_changed(self, changed: str) -> None:
        if self._syncing_aspect or not self.keep_aspect.isChecked() or not self._aspect_ratio:
            return
        self._syncing_aspect = True
        try:
            if changed == "height":
                width = round(self.logo_height.value() * self._aspect_ratio)
                self.logo_width.setValue(max(1, min(2000, width)))
            else:
                height = round(self.logo_width.value() / self._aspect_ratio)
                self.logo_height.setValue(max(1, min(2000, height)))
        finally:
            self._syncing_aspect = False

    def _revalidate(self) -> None:
        problems = {p.field: p.message for p in self.form_problems()}
        raw = self._raw_values()
        for key, wrapper in self.fields.items():
            # An empty required field of a new form is listed in the summary only, not
            # shouted beside the field before the admin has typed anything there.
            visible = key in self._touched or raw.get(key) not in ("", None)
            wrapper.show_problem(problems.get(key, "") if visible else "")
        if problems:
            labels = ", ".join(FIELDS_BY_KEY[k].label for k in problems)
            self.summary.setText(f"To save, fix: {labels}.")
        else:
            self.summary.setText("")
        self.summary.setVisible(bool(problems))
        QTimer.singleShot(0, self._grow_to_fit)
        can_save = not problems and not self.store.read_only and not self._saving
        self.save_button.setEnabled(can_save)
        self.apply_button.setEnabled(can_save)

    def _grow_to_fit(self) -> None:
        # A message line that appears must push the dialog taller, never squeeze the rows.
        needed = self.sizeHint()
        if needed.height() > self.height() or needed.width() > self.width():
            self.resize(max(needed.width(), self.width()), max(needed.height(), self.height()))

    def _show_banner(self, text: str) -> None:
        current = self.banner.text()
        if text in current:
            return
        self.banner.setText(f"{current}\n{text}".strip())
        if not self.banner.styleSheet():
            self.banner.setStyleSheet(
                "background: #fff4e5; border: 1px solid #f0b429; padding: 6px; color: #5c3c00;"
            )
        self.banner.show()

    # ------------------------------------------------------------------ saving
    def _on_save_shortcut(self) -> None:
        if self.save_button.isEnabled():
            self._save(close_after=False)

    def _save(self, close_after: bool) -> None:
        if not settings_module.email_library_loaded():
            import email_validator  # noqa: F401 - Save always runs the full address check
        if self.form_problems() or self._saving:
            self._touched.update(self.fields)
            self._revalidate()
            return
        from a2k_settings_gui.core import secrets
        from a2k_settings_gui.core.store import StoreError

        settings = self.current_settings()
        password = self.password.text()
        old_account, new_account = self._saved_account, settings.effective_login
        password_changed = password != self._saved_password
        keyring_ok = self._keyring_ok
        store = self.store

        def save(_token: Any, _progress: Any) -> dict[str, Any]:
            outcome: dict[str, Any] = {"file": False, "password": "unchanged", "message": ""}
            try:
                store.save(settings)
            except StoreError as exc:
                outcome["message"] = str(exc)
                return outcome
            outcome["file"] = True
            if not keyring_ok:
                outcome["password"] = "session"
                return outcome
            try:
                if password_changed or old_account != new_account:
                    outcome["password"] = secrets.update_login_password(
                        old_account, new_account, password, delete_if_empty=password_changed
                    )
            except secrets.KeyringUnavailable as exc:
                outcome["password"] = "session"
                outcome["message"] = str(exc)
            return outcome

        self._saving = True
        self._revalidate()
        self.run_task(
            save,
            lambda outcome: self._on_saved(outcome, settings, password, close_after),
            self._on_save_failed,
        )

    def _on_saved(
        self, outcome: dict[str, Any], settings: EmailSettings, password: str, close: bool
    ) -> None:
        self._saving = False
        if not outcome["file"]:
            self._revalidate()
            QMessageBox.warning(self, "Settings not saved", outcome["message"])
            return
        self._saved_settings = settings
        self._saved_account = settings.effective_login
        if outcome["password"] != "session":
            self._saved_password = password
        else:
            self._keyring_ok = False
        if outcome["message"]:
            self._show_banner(outcome["message"])
        self._update_password_status()
        self._revalidate()
        self.saved.emit(settings)
        if close:
            self.accept()

    def _on_save_failed(self, error: object) -> None:
        self._saving = False
        self._revalidate()
        QMessageBox.warning(
            self, "Settings not saved", f"Saving failed ({type(error).__name__}); nothing changed."
        )

    # ------------------------------------------------------------------ workers
    def run_task(self, fn: Any, on_done: Any = None, on_fail: Any = None) -> Task:
        """Run a core call on a worker; it is cancelled if this window closes."""
        return self._tasks.run(fn, on_done, on_fail)

    def cancel_tasks(self) -> None:
        self._tasks.cancel_all()

    def _open_check_domain(self) -> None:
        # Imported on first use: start-up must not load the DNS libraries.
        from a2k_settings_gui.ui.domain_report import DomainReportWindow

        self.domain_report = DomainReportWindow(self.current_settings(), parent=self)
        self.finished.connect(self.domain_report.close)  # closing this dialog stops the check
        self.domain_report.show()

    # ------------------------------------------------------------------ closing
    def ask_discard_changes(self) -> bool:
        """Ask before losing edits. Tests replace this method."""
        answer = QMessageBox.question(
            self,
            "Discard changes?",
            "You have changes that are not saved. Close without saving them?",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        # Also reached from the window's close button (QDialog.closeEvent calls reject()).
        if self._saving:
            return
        if self.has_unsaved_changes() and not self.ask_discard_changes():
            return
        self.cancel_tasks()
        super().reject()

    def accept(self) -> None:
        self.cancel_tasks()
        super().accept()
