"""The Email Setting dialog: HOME – SYSTEM ADMIN – COMPANY – Email Setting.

Edits a copy of the settings; nothing is written until Save or Apply, and both stay
disabled while any field is invalid. Saving (file + keyring) runs on a worker because the
keyring may have to talk to the OS and the disk may be a network profile.

The form hosts one panel per group (ui/dialog/*_panel.py); each builds, reads and fills
its own fields, and the form validates them together. It holds the windows it opens
(`windows`, ui/dialog/other_windows.py) and its save controller (ui/dialog/saving.py),
which read it through the `FormState` protocol (ui/kit/form_state.py): current_settings(),
current_password(), password_state(), logo_size(), has_unsaved_changes(), run_task() and
settings_file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.core import settings as settings_module
from a2k_settings_gui.core.net.addresses import special_use_suffix
from a2k_settings_gui.core.settings import (
    FIELDS_BY_KEY,
    EmailSettings,
    FieldProblem,
    parse_value,
)
from a2k_settings_gui.core.store import LoadResult, SettingsStore
from a2k_settings_gui.ui.dialog import check_status, enter_key
from a2k_settings_gui.ui.dialog.button_row import ButtonRow
from a2k_settings_gui.ui.dialog.mail_server_panel import MailServerPanel
from a2k_settings_gui.ui.dialog.other_windows import DialogWindows
from a2k_settings_gui.ui.dialog.panel import FormPanel
from a2k_settings_gui.ui.dialog.saving import SaveController
from a2k_settings_gui.ui.kit import alt_keys
from a2k_settings_gui.ui.kit.form_fields import FieldWithMessage, FormScrollArea
from a2k_settings_gui.ui.kit.form_state import PasswordState
from a2k_settings_gui.ui.kit.help import add_help, add_help_key
from a2k_settings_gui.ui.kit.screen_fit import fit_to_screen, grow_within_screen
from a2k_settings_gui.ui.kit.style import BANNER_STYLE, ERROR, HELP, set_text_color
from a2k_settings_gui.ui.kit.worker import Task, TaskGroup

if TYPE_CHECKING:  # the logo and check modules load after the first paint
    from a2k_settings_gui.ui.logo.check_input import LogoContext

BREADCRUMB = "HOME – SYSTEM ADMIN – COMPANY – Email Setting"


class EmailSettingDialog(QDialog):
    """Signals:
    saved(object): the EmailSettings just written to the file.

    Attributes:
    mail_server, advanced, logo, sending, network: the panels (FormPanel) of the form;
        their editors are also reachable here by field name (sender_email, port, ...).
    windows: the windows it opens (DialogWindows: test_send, domain_report, handover).

    `rest_after_first_paint`: the app's start shows the A2000ERP screen's own fields first
    and builds the other groups right after the first paint (`finish_building`), so the
    window appears sooner (docs/PERFORMANCE.md). Until then the form reads the saved values
    for those groups, and Save and the checks wait. Others get the whole form at once."""

    saved = Signal(object)

    def __init__(self, store: SettingsStore, parent: QWidget | None = None, *,
                 rest_after_first_paint: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("email_setting_dialog")
        self.setWindowTitle("Email Setting")
        # Enter runs a field's check, never Save; Alt+keys type nothing (see enter_key).
        enter_key.install(self, alt_keys_now=not rest_after_first_paint)
        self.store = store
        self._tasks = TaskGroup(self)
        self._touched: set[str] = set()
        self._locked: tuple[str, ...] = ()  # by the machine-wide preset
        self._lock_reason = ""
        self._saved_settings = EmailSettings()
        self._filling = False
        self._complete = False  # every group built (finish_building)
        self.windows = DialogWindows(self, self, store, check_blocker=self.check_blocker,
                                     use_security=lambda *how: self.mail_server.use_security(*how),
                                     reload=self._reload_after_wizard)

        # The address library loads on a worker after the first paint (_warm_up_validation).
        settings_module.defer_email_library_import(True)
        self._build()
        if rest_after_first_paint:
            alt_keys.guard_fields(self.password, *(f.editor for f in self.fields.values()))
        self._saver = SaveController(self, store, self.password_field, self)
        self._saver.busy_changed.connect(lambda _busy: self._revalidate())
        self._saver.saved.connect(self._on_saved)
        if not rest_after_first_paint:
            self._build_other_groups()
        self._apply_load_result(store.load())
        self.password.setEnabled(False)
        # As large as the form wants, as far as the screen allows; the form scrolls.
        hint = self.sizeHint()
        fit_to_screen(self, hint.width(), hint.height())
        # Keyring, address library and the application's Alt-key filter wait for the first
        # paint (their work would hold Python's lock); unshown windows start them soon.
        self._background_started = False
        QTimer.singleShot(300, self._start_background_work)

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._background_started:
            QTimer.singleShot(0, self._start_background_work)

    def _start_background_work(self) -> None:
        if self._background_started:
            return
        self._background_started = True
        alt_keys.install()
        self.finish_building()
        self._start_password_load()
        self._warm_up_validation()

    def _warm_up_validation(self) -> None:
        if settings_module.email_library_loaded():
            return

        def load_library(_token: Any, _progress: Any) -> None:
            import email_validator  # noqa: F401 - the import is the work

        self.run_task(load_library, lambda _result: self._revalidate())

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        crumb = QLabel(BREADCRUMB)
        crumb.setObjectName("breadcrumb")
        set_text_color(crumb, HELP)
        outer.addWidget(crumb)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        outer.addWidget(self.banner)

        self._build_mail_server_panel()
        # Two columns keep the dialog short enough for a laptop screen: the mail server on
        # the left, what shapes the e-statements on the right.
        # The form scrolls when the screen is smaller than it (1280×720 at 150 %): Save and
        # Cancel below it stay on screen whatever the panels show.
        body = QWidget()
        body.setObjectName("form_body")
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        left, right = QVBoxLayout(), QVBoxLayout()
        # The A2000ERP screen's fields first, in its order; what only this tool has below
        # (Advanced; finish_building puts it, the logo and the sending groups in place).
        left.addWidget(self.mail_server)
        left.addStretch(1)
        right.addStretch(1)
        self._left_column, self._right_column = left, right
        columns.addLayout(left, 5)
        columns.addLayout(right, 4)
        self.form_scroll = FormScrollArea(body)
        outer.addWidget(self.form_scroll, 1)

        self.summary = QLabel()
        self.summary.setObjectName("validation_summary")
        self.summary.setWordWrap(True)
        set_text_color(self.summary, ERROR)
        outer.addWidget(self.summary)
        self.check_status = check_status.line_in(outer, self)  # checks' verdicts, these values
        outer.addLayout(self._build_button_row())

    def _build_mail_server_panel(self) -> None:
        self.mail_server = MailServerPanel(self.run_task)
        self.panels: tuple[FormPanel, ...] = (self.mail_server,)
        self.fields: dict[str, FieldWithMessage] = {}
        self._adopt(self.mail_server)
        self.password_field = self.mail_server.password_field
        self.password_field.edited.connect(self._revalidate)
        self.password_field.load_failed.connect(self._show_banner)
        # The editors by field name, as tests, tools and later features read them.
        mail = self.mail_server
        self.sender_email, self.smtp_host, self.port = mail.sender_email, mail.smtp_host, mail.port
        self.security = mail.security
        self.password, self.password_toggle = self.password_field.edit, self.password_field.toggle
        self.password_status = self.password_field.status

    def _adopt(self, panel: FormPanel) -> None:
        self.fields.update(panel.fields)
        panel.edited.connect(self._on_field_edited)

    def is_complete(self) -> bool:
        """Every group is built (see `rest_after_first_paint`)."""
        return self._complete

    def finish_building(self) -> None:
        """After the first paint (`rest_after_first_paint`): build the groups after Mail
        Server Setting, fill them with the saved settings and validate the whole form."""
        if self._complete:
            return
        self._build_other_groups()
        self._fill(self.panels[1:], self._saved_settings)
        self._apply_locks()
        # The scroll area does not tell the window that its content grew.
        self.form_scroll.updateGeometry()
        self._revalidate()  # and grows the window to the form, within the screen

    def _build_other_groups(self) -> None:
        # Imported here: with rest_after_first_paint the window is on screen before these.
        from a2k_settings_gui.ui.dialog.advanced_panel import AdvancedPanel
        from a2k_settings_gui.ui.dialog.check_gate import CheckButtons
        from a2k_settings_gui.ui.dialog.logo_panel import LogoPanel
        from a2k_settings_gui.ui.dialog.network_panel import NetworkPanel
        from a2k_settings_gui.ui.dialog.sending_panel import SendingPanel

        logo = self.logo = LogoPanel(self._logo_context)
        sending = self.sending = SendingPanel(self.mail_server.smtp_host)
        network = self.network = NetworkPanel(self.run_task)
        advanced = self.advanced = AdvancedPanel(self.mail_server.security, network)
        for panel in (logo, sending, network, advanced):
            self._adopt(panel)
        self.panels = (self.mail_server, logo, sending, network, advanced)
        self._left_column.insertWidget(1, advanced)
        self._right_column.insertWidget(0, logo)
        self._right_column.insertWidget(1, sending)
        for group in (advanced, logo, sending):
            group.show()  # a widget added to a window already on screen stays hidden else
        self.login_name, self.sender_name = advanced.login_name, advanced.sender_name
        self.test_recipient = advanced.test_recipient
        self.logo_url, self.logo_height, self.logo_width = (logo.logo_url, logo.logo_height,
                                                            logo.logo_width)
        self.keep_aspect, self.logo_preview, self.logo_form = (logo.keep_aspect,
                                                               logo.logo_preview, logo.form)
        # The logo check's result is kept beside the settings file for the support report.
        self.logo_preview.latest_file = self.store.path
        self.max_mails, self.batch_interval = sending.max_mails, sending.batch_interval
        self.sending_plan, self.sending_form = sending.sending_plan, sending.form
        self.dns_servers, self.ca_file = network.dns_servers, network.ca_file
        self._check_buttons = CheckButtons(self.test_send_button, self.check_domain_button,
                                           self.logo_preview, self.handover_button)
        self._tool_tips = self._check_buttons.tool_tips()
        self._complete = True
        self._set_tab_order()
        # Keys with the groups: Save waits for them; QKeySequence (~1 ms) after the paint.
        QShortcut("Ctrl+S", self, activated=self._on_save_shortcut)
        add_help_key(self, "dialog")

    def _set_tab_order(self) -> None:
        """Tab goes through the A2000ERP screen's fields in its order, then the Advanced
        ones (the Security box is made by the Mail Server panel, shown in Advanced)."""
        chain = [self.sender_email, self.password, self.password_toggle, self.smtp_host,
                 self.port, self.logo_url, self.logo_height, self.logo_width,
                 self.keep_aspect, self.logo_preview.check_button, self.max_mails,
                 self.batch_interval, self.sending_plan.mails, self.security, self.login_name,
                 self.sender_name, self.test_recipient, self.dns_servers, self.ca_file]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _build_button_row(self) -> QHBoxLayout:
        row = ButtonRow(self.windows, add_help(self, "dialog", shortcut=False))
        self.tools_layout, self.buttons = row.tools_layout, row.buttons
        self.test_send_button, self.check_domain_button = row.test_send, row.check_domain
        self.wizard_button, self.handover_button = row.wizard, row.handover
        self.health_button = row.health
        self.save_button, self.apply_button = row.save, row.apply
        self.cancel_button = row.cancel
        self.save_button.clicked.connect(lambda: self._save(close_after=True))
        self.apply_button.clicked.connect(lambda: self._save(close_after=False))
        self.cancel_button.clicked.connect(self.reject)
        return row.layout

    # ------------------------------------------------------------------ load
    def _apply_load_result(self, load: LoadResult) -> None:
        message = " ".join([load.message, *(f.message for f in load.preset_findings)]).strip()
        if message:
            self._show_banner(message)
        self._saved_settings = load.settings
        self._locked = load.locked
        self._lock_reason = load.preset.reason("") if load.preset is not None else ""
        self._fill(self.panels, load.settings)
        self._apply_locks()
        self._touched.clear()
        if load.read_only:
            self.save_button.setToolTip("The settings file is read-only here.")
        self._revalidate()

    def _apply_locks(self) -> None:
        """The machine-wide preset's locked fields: read-only, with the reason."""
        if not self._locked:  # no preset (most desktops): its module waits too
            return
        from a2k_settings_gui.ui.kit.locked_fields import lock_field

        for key in self._locked:
            if key in self.fields:
                lock_field(key, self.fields[key], self._lock_reason)
        if "port" in self._locked:
            self.mail_server.port_rule.pinned = True  # the Security list may not move it

    def _start_password_load(self) -> None:
        self.password_field.load(self._saved_settings.effective_login)

    def _fill(self, panels: tuple[FormPanel, ...], settings: EmailSettings) -> None:
        # Filling is not editing: the panels' edited(key) signals are ignored meanwhile,
        # and the caller validates the form once, after all of them.
        self._filling = True
        try:
            for panel in panels:
                panel.fill(settings)
        finally:
            self._filling = False

    # ------------------------------------------------------------------ reading the form
    def _raw_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for panel in self.panels:
            values.update(panel.raw_values())
        return values

    def form_problems(self) -> list[FieldProblem]:
        problems = []
        for key, raw in self._raw_values().items():
            _value, problem = parse_value(key, raw)
            if problem:
                problems.append(problem)
        return problems

    def current_settings(self) -> EmailSettings:
        """The settings as typed (saved or not). An invalid field keeps its saved value,
        and so does a group not built yet."""
        values = {}
        for key, raw in self._raw_values().items():
            value, problem = parse_value(key, raw)
            values[key] = getattr(self._saved_settings, key) if problem else value
        return self._saved_settings.replace(**values, extra=dict(self._saved_settings.extra))

    def current_password(self) -> str:
        return self.password.text()

    @property
    def settings_file(self) -> Path:
        return self.store.path

    def password_state(self) -> PasswordState:
        field = self.password_field
        if not field.keyring_ok:
            return PasswordState.SESSION_ONLY
        return PasswordState.STORED if field.saved_password else PasswordState.NOT_STORED

    def logo_size(self) -> tuple[int, int] | None:
        return self.logo.logo_preview.measured_size() if self._complete else None

    def _logo_context(self) -> LogoContext:
        """What the logo check reads beside the logo fields (the preview's one input from
        the rest of the form)."""
        from a2k_settings_gui.ui.logo.check_input import LogoContext
        settings = self.current_settings()
        return LogoContext(ca_file=settings.ca_file, dns_servers=settings.dns_servers,
                           sender_email=settings.sender_email,
                           sender_name=settings.sender_name)

    def has_unsaved_changes(self) -> bool:
        # Compared as the file keeps them: a port equal to the mode's default is the
        # same as "follow the mode" (core.settings.stored_port), so not a change.
        current, saved = self.current_settings(), self._saved_settings
        return current.as_stored() != saved.as_stored() or self.password_field.is_changed()

    # ------------------------------------------------------------------ reactions
    def _on_field_edited(self, key: str) -> None:
        if self._filling:
            return
        self._touched.add(key)
        if key in ("login_name", "sender_email"):
            self.password_field.update_status()
        self._revalidate()

    def _reload_after_wizard(self) -> None:
        self._apply_load_result(self.store.load())
        self._start_password_load()

    def set_logo_aspect_ratio(self, ratio: float) -> None:
        """The logo's real width/height ratio, once known (from the logo check)."""
        self.logo.set_aspect_ratio(ratio)

    def _revalidate(self) -> None:
        problems = {p.field: p.message for p in self.form_problems()}
        raw = self._raw_values()
        for key, wrapper in self.fields.items():
            # An empty required field of a new form is listed in the summary only, not
            # shouted beside the field before the admin has typed anything there.
            visible = key in self._touched or raw.get(key) not in ("", None)
            wrapper.show_problem(problems.get(key, "") if visible else "")
        if "sender_email" not in problems and special_use_suffix(raw["sender_email"]):
            # Accepted, but outside receivers will refuse it: warn, not block (a lab server may
            # use such a name).
            from a2k_settings_gui.core.erp_profile import sender_findings

            for finding in sender_findings(self.current_settings()):
                self.fields["sender_email"].show_warning(finding.message)
        if problems:
            labels = ", ".join(FIELDS_BY_KEY[k].label for k in problems)
            self.summary.setText(f"To save, fix: {labels}.")
        else:
            self.summary.setText("")
        self.summary.setVisible(bool(problems))
        if self._complete:
            from a2k_settings_gui.ui.dialog.check_gate import gate_checks  # built by now
            gate_checks(self._check_buttons, problems, self._tool_tips)
            self.check_status.schedule()
        else:  # the checks read groups not built yet
            for button in (self.test_send_button, self.check_domain_button,
                           self.handover_button):
                button.setEnabled(False)
        QTimer.singleShot(0, self._grow_to_fit)
        can_save = (self._complete and not problems and not self.store.read_only
                    and not self._saver.busy)
        self.save_button.setEnabled(can_save)
        self.apply_button.setEnabled(can_save)

    def check_blocker(self, check: str) -> str:
        """Why `check` cannot run on what the form shows now ("" when it can)."""
        from a2k_settings_gui.ui.dialog.check_gate import blocker
        return blocker(check, {p.field: p.message for p in self.form_problems()})

    def _grow_to_fit(self) -> None:
        # A message line that appears makes the dialog taller while the screen has room;
        # past that the form scrolls (never a window taller than the screen).
        grow_within_screen(self)

    def _show_banner(self, text: str) -> None:
        current = self.banner.text()
        if text in current:
            return
        self.banner.setText(f"{current}\n{text}".strip())
        if not self.banner.styleSheet():
            self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.show()

    # ------------------------------------------------------------------ saving
    def _on_save_shortcut(self) -> None:
        if self.save_button.isEnabled():
            self._save(close_after=False)

    def _save(self, close_after: bool) -> None:
        self.finish_building()
        if not settings_module.email_library_loaded():
            import email_validator  # noqa: F401 - Save always runs the full address check
        if self.form_problems() or self._saver.busy:
            self._touched.update(self.fields)
            self._revalidate()
            return
        self._saver.save(self.current_settings(), close_after)

    def _on_saved(self, settings: EmailSettings, message: str, close: bool) -> None:
        self._saved_settings = settings
        if message:
            self._show_banner(message)
        self._revalidate()
        self.saved.emit(settings)
        if close:
            self.accept()

    # ------------------------------------------------------------------ workers
    def run_task(self, fn: Any, on_done: Any = None, on_fail: Any = None) -> Task:
        """Run a core call on a worker; it is cancelled if this window closes."""
        return self._tasks.run(fn, on_done, on_fail)

    def cancel_tasks(self) -> None:
        self._tasks.cancel_all()

    # ------------------------------------------------------------------ closing
    def ask_discard_changes(self) -> bool:
        """Ask before losing edits. Tests replace this method."""
        from PySide6.QtWidgets import QMessageBox

        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, "Discard changes?",
            "You have changes that are not saved. Close without saving them?",
            buttons.Discard | buttons.Cancel, buttons.Cancel)
        return answer == buttons.Discard

    def reject(self) -> None:
        # Also reached from the window's close button (QDialog.closeEvent calls reject()).
        if self._saver.busy:
            return
        if self.has_unsaved_changes() and not self.ask_discard_changes():
            return
        self.cancel_tasks()
        super().reject()

    def accept(self) -> None:
        self.cancel_tasks()
        super().accept()
