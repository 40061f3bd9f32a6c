"""The windows the Email Setting dialog opens: Send Test Email, Check Domain, Health, the
A2000ERP hand-over and the setup wizard, each wired to the form explicitly (signals and
constructor arguments, never by finding widgets by name).

A mixin of EmailSettingDialog (ui/dialog/form.py), kept apart so the form stays about the
form; it uses the dialog's store, panels, current_settings() and current_password().
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore

if TYPE_CHECKING:
    from a2k_settings_gui.ui.smtp.window import TestSendWindow


class OtherWindows:
    """Attributes: domain_report, handover_dialog: the last windows opened."""

    _test_send_window: TestSendWindow | None
    store: Any
    mail_server: Any
    finished: Any

    def _on_test_send_button_clicked(self) -> None:
        # Imported on first use: start-up must not load the SMTP code.
        from a2k_settings_gui.ui.smtp.window import TestSendWindow

        if self._test_send_window is None:
            window = TestSendWindow(self.current_settings, self.current_password, parent=self,
                                    problem_provider=lambda: self.check_blocker("test_send"),
                                    latest_file=self.store.path)
            window.setWindowFlag(QtCore.Qt.WindowType.Window, True)
            # What Auto found goes into the form on request; the admin still decides to Save.
            window.save_security_requested.connect(self.mail_server.use_security)
            # Delivery proof: the DKIM selector seen in the received copy, for Check Domain.
            window.dkim_selector_found.connect(self.open_check_domain)
            self.finished.connect(window.close)  # closing this dialog cancels a running test
            self._test_send_window = window
        self._test_send_window.present()

    def _open_check_domain(self) -> None:
        self.open_check_domain()

    def open_check_domain(self, dkim_selector: str = "") -> None:
        """Open Check Domain; a DKIM selector seen in a received test e-mail is checked too
        (delivery proof: the s= the receiver saw, so the check stops guessing)."""
        # Imported on first use: start-up must not load the DNS libraries.
        from a2k_settings_gui.ui.domain.report import DomainReportWindow

        self.domain_report = DomainReportWindow(self.current_settings(), parent=self,
                                                start=not dkim_selector,
                                                latest_file=self.store.path)
        if dkim_selector:
            self.domain_report.selector.setText(dkim_selector)
            self.domain_report.start_check()
        self.finished.connect(self.domain_report.close)  # closing this dialog stops the check
        self.domain_report.show()

    def _open_health(self) -> None:
        # Imported on first use: start-up must not load the health watch.
        from a2k_settings_gui.ui.health.window import HealthWindow

        self.health_window = HealthWindow(self.store, parent=self)
        self.health_window.setWindowFlag(QtCore.Qt.WindowType.Window, True)
        self.finished.connect(self.health_window.close)  # closing the dialog stops a check
        self.health_window.show()

    def _open_handover(self) -> None:
        from a2k_settings_gui.ui.dialog.handover import open_handover

        self.handover_dialog = open_handover(self)

    def _on_wizard_button_clicked(self) -> None:
        from a2k_settings_gui.ui.wizard import open_wizard

        wizard = open_wizard(self.store, self, defaults=self.current_settings(),
                             password=self.current_password())
        wizard.saved.connect(self._on_wizard_saved)
        wizard.open()

    def _on_wizard_saved(self, _settings: object) -> None:
        self._apply_load_result(self.store.load())
        self._start_password_load()
