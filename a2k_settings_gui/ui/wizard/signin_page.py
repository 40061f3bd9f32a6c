"""Sign-in: the password (kept only in the keyring) and the login name, with the
provider's own hint (Gmail app password, Microsoft 365 SMTP AUTH, SendGrid 'apikey')."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QFormLayout, QLabel

from a2k_settings_gui.core.settings import parse_value
from a2k_settings_gui.ui.kit.field_editors import PASSWORD_CAPTION, caption, text_edit
from a2k_settings_gui.ui.kit.form_fields import PasswordRow
from a2k_settings_gui.ui.kit.style import INFO_BORDER, SEVERITY, box_style
from a2k_settings_gui.ui.wizard.base import ERROR_STYLE, WARN_STYLE, WizardPage, note

GENERIC_HINT = ("Use the password of the mailbox {email}. If your provider uses two-step "
                "sign-in, you may need an app password created in its security settings.")


class SignInPage(WizardPage):
    NAME = "signin_page"
    TITLE = "Sign in to the mail server"
    SUBTITLE = "The password is stored only in this computer's password store."

    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        form = QFormLayout(self)
        self.hint = note("", "signin_hint", style=box_style(SEVERITY["info"], INFO_BORDER))
        form.addRow(self.hint)
        password_row = PasswordRow("wizard_password", "wizard_password_toggle")
        self.password, self.show_password = password_row.edit, password_row.toggle
        self.password.textChanged.connect(lambda _t: self.completeChanged.emit())
        label = QLabel(PASSWORD_CAPTION)
        label.setBuddy(self.password)
        form.addRow(label, password_row)
        self.login = text_edit("login_name", "wizard_login_name")
        form.addRow(caption("login_name", "Login"), self.login)
        form.addRow("", note("Leave the login name empty when it is the Sender Email ID."))
        self.warning = note("", "signin_warning", style=WARN_STYLE)
        form.addRow(self.warning)
        self.error = QLabel()
        self.error.setObjectName("wizard_signin_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        form.addRow(self.error)
        self._login_filled_for: str | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        draft, provider = self.setup.draft, self.setup.provider
        self.login.setPlaceholderText(f"Same as {draft.sender_email}")
        suggestion = self.setup.suggested_login or draft.login_name
        if self._login_filled_for != suggestion:
            self.login.setText(suggestion)
            self._login_filled_for = suggestion
        if not self.password.text() and self.setup.password:
            self.password.setText(self.setup.password)
        if provider is not None:
            self.hint.setText(f"<b>{escape(provider.name)}:</b> {escape(provider.login_hint)}")
            self.warning.setText(
                f"{SEVERITY['warning'].mark_html} This provider refuses passwords for sending: "
                "sign-in will fail until you use a mailbox or service that allows SMTP sign-in."
                if provider.oauth_only else "")
        else:
            self.hint.setText(escape(GENERIC_HINT.format(email=draft.sender_email)))
            self.warning.setText("")

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return bool(self.password.text())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        login, problem = parse_value("login_name", self.login.text())
        if self.refused(problem, self.error):
            return False
        if login == self.setup.draft.sender_email:
            login = ""
        self.setup.password = self.password.text()
        self.setup.update_draft(login_name=login)
        return True
