"""Sign-in: the password (kept only in the keyring) and the login name, with the
provider's own hint (Gmail app password, Microsoft 365 SMTP AUTH, SendGrid 'apikey').

A section of the test page, not a page of its own: the password is typed where it is
proved, so the first run needs one page fewer (sender, sign-in and test, hand-over).
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from a2k_settings_gui.core.settings import parse_value
from a2k_settings_gui.ui.kit.field_editors import PASSWORD_CAPTION, caption, text_edit
from a2k_settings_gui.ui.kit.form_fields import PasswordRow
from a2k_settings_gui.ui.kit.style import INFO_BORDER, SEVERITY, box_style
from a2k_settings_gui.ui.wizard.base import ERROR_STYLE, WARN_STYLE, WizardPage, note

GENERIC_HINT = ("Use the password of the mailbox {email}. If your provider uses two-step "
                "sign-in, you may need an app password created in its security settings.")


class SignInSection(QWidget):
    """Attributes: hint, password, show_password, login, warning, error."""

    def __init__(self, setup: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signin_page")  # the Help button's section for it
        self._setup = setup
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.hint = note("", "signin_hint", style=box_style(SEVERITY["info"], INFO_BORDER))
        form.addRow(self.hint)
        password_row = PasswordRow("wizard_password", "wizard_password_toggle", alt_h=True)
        self.password, self.show_password = password_row.edit, password_row.toggle
        label = QLabel(PASSWORD_CAPTION)
        label.setBuddy(self.password)
        form.addRow(label, password_row)
        self.login = text_edit("login_name", "wizard_login_name")
        form.addRow(caption("login_name"), self.login)
        form.addRow("", note("Leave the login name empty when it is the Sender Email ID."))
        self.warning = note("", "signin_warning", style=WARN_STYLE)
        form.addRow(self.warning)
        self.error = QLabel()
        self.error.setObjectName("wizard_signin_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        form.addRow(self.error)
        self._login_filled_for: str | None = None
        if "login_name" in setup.locked:
            from a2k_settings_gui.ui.kit.locked_fields import lock_form_row

            lock_form_row("login_name", form, self.login, setup.lock_reason)

    def fill(self) -> None:
        """From the draft and what detection found (the page's initializePage)."""
        setup = self._setup
        draft, provider = setup.draft, setup.provider
        self.login.setPlaceholderText(f"Same as {draft.sender_email}")
        suggestion = setup.locked.get("login_name",
                                      setup.suggested_login or draft.login_name)
        if self._login_filled_for != suggestion:
            self.login.setText(suggestion)
            self._login_filled_for = suggestion
        if not self.password.text() and setup.password:
            self.password.setText(setup.password)
        if provider is not None:
            self.hint.setText(f"<b>{escape(provider.name)}:</b> {escape(provider.login_hint)}")
            self.warning.setText(
                f"{SEVERITY['warning'].mark_html} This provider refuses passwords for sending: "
                "sign-in will fail until you use a mailbox or service that allows SMTP sign-in."
                if provider.oauth_only else "")
        else:
            self.hint.setText(escape(GENERIC_HINT.format(email=draft.sender_email)))
            self.warning.setText("")

    def apply(self) -> bool:
        """The login name and password into the draft; False (and why, in red) when the
        login name cannot be used."""
        login, problem = parse_value("login_name", self.login.text())
        if WizardPage.refused(problem, self.error):
            return False
        self.error.hide()
        if login == self._setup.draft.sender_email:
            login = ""
        self._setup.password = self.password.text()
        self._setup.update_draft(login_name=login)
        return True
