"""Render the Send Test Email window to docs/test-send*.png against real loopback servers.

Run against the installed app: python tools/with_installed_app.py tools/test_send_screenshots.py
(the lead may fold this into tools/screenshots.py). Provider host names resolve to
127.0.0.1 through a loopback DNS server; certificates come from a throw-away trustme CA.
"""

from __future__ import annotations

import time

from installed_app import ROOT, start_screenshot_run

TEMP = start_screenshot_run("tools/test_send_screenshots.py", "a2k-test-send-shots-")

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from a2k_settings_gui.core.store import SettingsStore  # noqa: E402
from a2k_settings_gui.ui.dialog import EmailSettingDialog  # noqa: E402
from a2k_settings_gui.ui.smtp.window import TestSendWindow  # noqa: E402
from tests.servers.smtp import (  # noqa: E402
    Certificates,
    LoopbackDns,
    SmtpTestServer,
    settings_for,
)

DOCS = ROOT / "docs"
USER, PASSWORD = "statements@acme-trading.com", "App-Pa55word!"
GMAIL_REFUSAL = ("535-5.7.8 Username and Password not accepted. For more information, go "
                 "to\r\n535 5.7.8  https://support.google.com/mail/?p=BadCredentials")


def pump(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def run(app: QApplication, window: TestSendWindow, stop_at=None) -> None:
    done: list[int] = []
    window.finished_callback = lambda: done.append(1)
    window.start_test()
    end = time.monotonic() + 20
    while not done and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.003)
        if stop_at is not None and stop_at(window):
            return


def main() -> int:
    app = QApplication.instance() or QApplication([])
    certs = Certificates(TEMP)

    # 1. Microsoft 365 host, Security Auto: works, with the basic-auth retirement warning.
    with LoopbackDns({"smtp.office365.com": "127.0.0.1"}) as dns:
        server = SmtpTestServer(certs, tls="starttls", cert_names=("smtp.office365.com",),
                                users={USER: PASSWORD}, delay=0.03).start()
        settings = settings_for(server, "auto", smtp_host="smtp.office365.com",
                                sender_email=USER, sender_name="ACME Trading Accounts",
                                dns_servers=(dns.address,), ca_file=certs.cafile)
        window = TestSendWindow(lambda: settings, lambda: PASSWORD)
        window.resize(680, 560)
        window.show()
        run(app, window)
        pump(app, 0.1)
        window.grab().save(str(DOCS / "test-send.png"))
        window.close()

        # 2. The same, caught mid-run: the spinner on "Log in".
        running = TestSendWindow(lambda: settings, lambda: PASSWORD)
        running.resize(680, 420)
        running.show()
        server.delay = 0.4
        run(app, running, stop_at=lambda w: w.steps.status_of("auth") == "running")
        pump(app, 0.25)
        running.grab().save(str(DOCS / "test-send-running.png"))
        running.close()
        server.stop()

    # 3. Gmail refusing the account password, transcript open.
    with LoopbackDns({"smtp.gmail.com": "127.0.0.1"}) as dns:
        server = SmtpTestServer(certs, tls="ssl", cert_names=("smtp.gmail.com",),
                                users={USER: PASSWORD}, replies={"auth": GMAIL_REFUSAL}).start()
        settings = settings_for(server, "ssl", smtp_host="smtp.gmail.com", sender_email=USER,
                                dns_servers=(dns.address,), ca_file=certs.cafile)
        window = TestSendWindow(lambda: settings, lambda: PASSWORD)
        window.resize(680, 560)
        window.show()
        run(app, window)
        window.transcript_toggle.setChecked(True)
        pump(app, 0.1)
        window.grab().save(str(DOCS / "test-send-failure.png"))
        window.close()
        server.stop()

    # 4. The Email Setting dialog with the button in its tools row.
    dialog = EmailSettingDialog(SettingsStore(TEMP / "email-settings.json"))
    dialog.show()
    pump(app, 0.3)
    for widget, text in ((dialog.sender_email, USER), (dialog.smtp_host, "smtp.office365.com"),
                         (dialog.sender_name, "ACME Trading Accounts")):
        QTest.keyClicks(widget, text)
    pump(app, 0.3)
    dialog.grab().save(str(DOCS / "test-send-dialog.png"))
    dialog.ask_discard_changes = lambda: True  # type: ignore[method-assign]
    dialog.reject()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
