"""Welcome: what the admin needs, and that the credentials never leave this computer."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from a2k_settings_gui.ui.kit.style import GOOD, OK_BORDER, box_style
from a2k_settings_gui.ui.wizard.base import WizardPage, note

WHAT_YOU_NEED = (
    "This wizard sets up how A2000ERP sends e-statements and invoices, and proves it "
    "works before your customers are waiting for them. It takes a few minutes."
    "<p><b>Have these ready:</b></p><ul>"
    "<li>The e-mail address the e-mails should come from, e.g. statements@yourcompany.com.</li>"
    "<li>Its password. Gmail, Yahoo and iCloud need an <i>app password</i> instead; "
    "sending services such as SendGrid need an API key. The wizard tells you which.</li>"
    "<li>Optional: a link to your company logo on your web site.</li></ul>"
    "<p>The wizard finds the mail server settings by itself, sends you a test e-mail, "
    "checks your domain and logo, and suggests safe sending speeds.</p>"
)
PRIVACY = (
    "<b>Your password stays on this computer.</b> It is kept in Windows Credential Manager "
    "(the system's password store), never in a file, and is sent only to your mail server. "
    "No support staff will ever ask you for it: if anyone does, do not give it."
)


class WelcomePage(WizardPage):
    NAME = "welcome_page"
    TITLE = "Set up e-mail for A2000ERP"

    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        layout = QVBoxLayout(self)
        layout.addWidget(note(WHAT_YOU_NEED, "welcome_text", style=""))
        layout.addWidget(note(PRIVACY, "privacy_text",
                              style=box_style(GOOD, OK_BORDER)))
        layout.addStretch(1)
