"""A2000ERP screenshots: the dialog with its Advanced section, the "Enter in A2000ERP"
window and the wizard's last page, offscreen. Run against the installed app:
    python tools/with_installed_app.py tools/erp_screenshots.py
(set QT_SCALE_FACTOR=1.5 for the 150 % pictures: the file suffix follows it).

A throw-away settings file and keyring in a temp folder; the password stays masked.
"""

from __future__ import annotations

import os
import time

from installed_app import ROOT, start_screenshot_run

TEMP = start_screenshot_run("tools/erp_screenshots.py", "a2k-erp-shots-")

from PySide6.QtTest import QTest  # noqa: E402

from a2k_settings_gui.core import secrets  # noqa: E402
from a2k_settings_gui.core.settings import EmailSettings, Security  # noqa: E402
from a2k_settings_gui.core.store import SettingsStore  # noqa: E402
from a2k_settings_gui.ui.app import application  # noqa: E402
from a2k_settings_gui.ui.dialog import EmailSettingDialog  # noqa: E402

SCALE = os.environ.get("QT_SCALE_FACTOR", "1")
SUFFIX = "150" if SCALE.startswith("1.5") else "100"
EXAMPLE = EmailSettings(
    sender_email="statements@acme-trading.com.sg",
    smtp_host="smtp.sendgrid.net",
    security=Security.AUTO,
    port=587,
    login_name="apikey",
    sender_name="ACME Trading Accounts",
    test_recipient="finance.admin.personal@gmail.com",
    logo_url="https://www.acme-trading.com.sg/images/logo.png",
    logo_height=60,
    logo_width=180,
    max_mails_per_batch=30,
    batch_interval_seconds=60,
    mails_per_month=1200,
)


def settle(app, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def save(widget, name: str) -> None:
    path = ROOT / "docs" / f"{name}-{SUFFIX}.png"
    widget.grab().save(str(path))
    print(path.name, widget.width(), "x", widget.height())


def dialog_shots(app) -> None:
    store = SettingsStore(TEMP / "email-settings.json")
    store.save(EXAMPLE)
    secrets.set_password(EXAMPLE.effective_login, "example-password")
    dialog = EmailSettingDialog(store)
    dialog.show()
    settle(app, 0.8)
    save(dialog, "erp-dialog-advanced")
    save(dialog.advanced, "erp-advanced-section")
    dialog.handover_button.click()
    settle(app, 0.5)
    save(dialog.windows.handover, "erp-handover-dialog")
    dialog.windows.handover.close()
    dialog.port.clear()
    QTest.keyClicks(dialog.port, "99999")
    settle(app, 0.4)
    save(dialog, "erp-dialog-invalid-port")
    dialog.ask_discard_changes = lambda: True
    dialog.close()


def test_window_shot(app) -> None:
    """Send Test Email against a loopback server that takes the login 'apikey' only:
    the test passes, and the window says A2000ERP cannot repeat it."""
    from tests.servers.smtp import Certificates, SmtpTestServer, settings_for

    certificates = Certificates(TEMP)
    with SmtpTestServer(certificates, tls="starttls",
                        users={"apikey": "SG.example-key"}) as server:
        settings = settings_for(server, "starttls", login_name="apikey",
                                sender_email="statements@acme-trading.com.sg",
                                test_recipient="finance.admin.personal@gmail.com",
                                ca_file=certificates.cafile)
        store = SettingsStore(TEMP / "test-window.json")
        store.save(settings)
        secrets.set_password("apikey", "SG.example-key")
        dialog = EmailSettingDialog(store)
        dialog.show()
        settle(app, 0.8)
        dialog.test_send_button.click()
        window = dialog.windows.test_send
        done: list[int] = []
        window.finished_callback = lambda: done.append(1)
        window.start_test()
        end = time.monotonic() + 20
        while not done and time.monotonic() < end:
            settle(app, 0.05)
        settle(app, 0.3)
        save(window, "erp-test-send-login-differs")
        window.close()
        dialog.ask_discard_changes = lambda: True
        dialog.close()


def wizard_shot(app) -> None:
    from a2k_settings_gui.ui.wizard import open_wizard

    store = SettingsStore(TEMP / "wizard-settings.json")
    wizard = open_wizard(store, defaults=EXAMPLE, password="example-password")
    wizard.record_test("passed")
    wizard.show()
    summary = wizard.pages["SummaryPage"]
    wizard.setStartId(next(i for i in wizard.pageIds() if wizard.page(i) is summary))
    wizard.restart()
    settle(app, 0.6)
    assert wizard.currentPage() is summary
    save(wizard, "erp-wizard-handover")
    wizard.reject()


if __name__ == "__main__":
    application_ = application()
    dialog_shots(application_)
    test_window_shot(application_)
    wizard_shot(application_)
