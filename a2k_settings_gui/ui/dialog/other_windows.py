"""The windows the Email Setting dialog opens: Send Test Email, Check Domain, Health, the
A2000ERP hand-over and the setup wizard.

`DialogWindows` is an object the dialog holds. It reads the form only through the
`FormState` protocol (ui/kit/form_state.py) and is wired to the rest explicitly
(constructor arguments and signals, never by finding widgets by name).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtWidgets import QDialog

from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.kit.form_state import FormState

if TYPE_CHECKING:
    from a2k_settings_gui.ui.domain.report import DomainReportWindow
    from a2k_settings_gui.ui.health.window import HealthWindow
    from a2k_settings_gui.ui.smtp.window import TestSendWindow
    from a2k_settings_gui.ui.support.handover import ErpHandoverDialog


class DialogWindows:
    """Attributes: test_send, domain_report, handover, health: the last windows opened
    (None before)."""

    def __init__(self, form: FormState, host: QDialog, store: SettingsStore, *,
                 check_blocker: Callable[[str], str],
                 use_security: Callable[[str, int], None],
                 reload: Callable[[], None]) -> None:
        """`host`: the dialog, the windows' parent; closing it closes them.
        `check_blocker(check)`: why a check cannot run on the form now ("" when it can).
        `use_security(security, port)`: put what a test found into the form.
        `reload()`: read the settings file again (after the wizard saved it)."""
        self._form = form
        self._host = host
        self._store = store
        self._check_blocker = check_blocker
        self._use_security = use_security
        self._reload = reload
        self.test_send: TestSendWindow | None = None
        self.domain_report: DomainReportWindow | None = None
        self.handover: ErpHandoverDialog | None = None
        self.health: HealthWindow | None = None

    def open_test_send(self) -> None:
        # Imported on first use: start-up must not load the SMTP code.
        from a2k_settings_gui.ui.smtp.window import TestSendWindow

        if self.test_send is None:
            form = self._form
            window = TestSendWindow(form.current_settings, form.current_password,
                                    parent=self._host,
                                    problem_provider=lambda: self._check_blocker("test_send"),
                                    latest_file=form.settings_file)
            window.setWindowFlag(QtCore.Qt.WindowType.Window, True)
            # What Auto found goes into the form on request; the admin still decides to Save.
            window.save_security_requested.connect(self._use_security)
            # Delivery proof: the DKIM selector seen in the received copy, for Check Domain.
            window.dkim_selector_found.connect(self.open_check_domain)
            self._host.finished.connect(window.close)  # closing the dialog cancels a test
            self.test_send = window
        self.test_send.present()

    def open_check_domain(self, dkim_selector: str = "") -> None:
        """Open Check Domain; a DKIM selector seen in a received test e-mail is checked too
        (delivery proof: the s= the receiver saw, so the check stops guessing)."""
        # Imported on first use: start-up must not load the DNS libraries.
        from a2k_settings_gui.ui.domain.report import DomainReportWindow

        report = DomainReportWindow(self._form.current_settings(), parent=self._host,
                                    start=not dkim_selector,
                                    latest_file=self._form.settings_file)
        if dkim_selector:
            report.selector.setText(dkim_selector)
            report.start_check()
        self._host.finished.connect(report.close)  # closing the dialog stops the check
        report.show()
        self.domain_report = report

    def open_health(self) -> None:
        """The Health window: the saved settings' history, Check now and the schedule."""
        # Imported on first use: start-up must not load the health watch.
        from a2k_settings_gui.ui.health.window import HealthWindow

        window = HealthWindow(self._store, parent=self._host)
        window.setWindowFlag(QtCore.Qt.WindowType.Window, True)
        self._host.finished.connect(window.close)  # closing the dialog stops a check
        window.show()
        self.health = window

    def open_handover(self) -> None:
        from a2k_settings_gui.ui.support.handover import open_handover

        self.handover = open_handover(self._form, parent=self._host)

    def open_wizard(self) -> None:
        from a2k_settings_gui.ui.wizard import open_wizard

        wizard = open_wizard(self._store, self._host, defaults=self._form.current_settings(),
                             password=self._form.current_password())
        wizard.saved.connect(lambda _settings: self._reload())
        wizard.open()
