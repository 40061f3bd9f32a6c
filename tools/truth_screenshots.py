"""Screenshots of results that belong to the settings they checked: the hand-over with a
failed logo marked, the Send Test Email window after a settings change, the wizard's
short path, and the support report in a real headless browser. Offscreen, against the
installed app:
    python tools/with_installed_app.py tools/truth_screenshots.py
    QT_SCALE_FACTOR=1.5 python tools/with_installed_app.py tools/truth_screenshots.py
(the file suffix follows the scale: -100 or -150).

Loopback servers only (tests/servers); a throw-away settings file and keyring.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from installed_app import ROOT, start_screenshot_run

TEMP = start_screenshot_run("tools/truth_screenshots.py", "a2k-truth-shots-")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from a2k_settings_gui.core import secrets  # noqa: E402
from a2k_settings_gui.core.settings import Security  # noqa: E402
from a2k_settings_gui.core.store import SettingsStore  # noqa: E402
from a2k_settings_gui.ui.app import application  # noqa: E402
from a2k_settings_gui.ui.dialog import EmailSettingDialog  # noqa: E402

SCALE = os.environ.get("QT_SCALE_FACTOR", "1")
SUFFIX = "150" if SCALE.startswith("1.5") else "100"


def settle(app, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def wait_for(app, condition, seconds: float = 25) -> None:
    end = time.monotonic() + seconds
    while not condition() and time.monotonic() < end:
        settle(app, 0.05)


def save(widget, name: str) -> None:
    path = ROOT / "docs" / f"{name}-{SUFFIX}.png"
    widget.grab().save(str(path))
    print(path.name, widget.width(), "x", widget.height())


def handover_with_failed_logo(app) -> None:
    from tests.servers.http_images import ImageHost
    from tests.servers.smtp import DEFAULT_PASSWORD, Certificates, SmtpTestServer, settings_for

    certificates = Certificates(TEMP)
    with ImageHost() as images, SmtpTestServer(certificates, tls="starttls") as server:
        settings = settings_for(server, "auto", sender_email="sender@example.com",
                                ca_file=certificates.cafile,
                                logo_url=images.url("/referer-strict/logo.png"))
        store = SettingsStore(TEMP / "handover.json")
        store.save(settings)
        secrets.set_password(settings.effective_login, DEFAULT_PASSWORD)
        dialog = EmailSettingDialog(store)
        dialog.show()
        settle(app, 0.8)
        dialog.test_send_button.click()
        window = dialog.windows.test_send
        window.mode_combo.setCurrentIndex(0)
        window.start_test()
        wait_for(app, lambda: window.result is not None and window.start_button.isEnabled())
        window.close()
        panel = dialog.logo_preview
        panel.check_button.click()
        wait_for(app, lambda: panel.report is not None and panel.check_button.isEnabled())
        settle(app, 0.3)
        dialog.handover_button.click()
        settle(app, 0.6)
        save(dialog.windows.handover, "handover-failed-logo")
        dialog.windows.handover.close()
        dialog.ask_discard_changes = lambda: True
        dialog.close()
        report_in_browser(store.path)


def report_in_browser(settings_path) -> None:
    """The HTML support report of that setup, rendered by headless Chromium."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None or SUFFIX != "100":
        return
    html_file = TEMP / "report.html"
    subprocess.run([sys.executable, "-m", "a2k_settings_gui", "report", "--config",
                    str(settings_path), "--out", str(html_file)], check=True,
                   cwd=TEMP)  # not the checkout: the installed package runs
    target = ROOT / "docs" / "support-report-browser.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", f"--user-data-dir={TEMP / 'chromium'}",
                    "--hide-scrollbars", "--window-size=1100,1400",
                    f"--screenshot={target}", html_file.as_uri()],
                   check=True, capture_output=True, timeout=120)
    print(target.name)


def test_window_after_a_settings_change(app) -> None:
    from tests.servers.smtp import Certificates, SmtpTestServer, settings_for

    certificates = Certificates(TEMP)
    with SmtpTestServer(certificates, tls="starttls") as server:
        settings = settings_for(server, "ssl", sender_email="sender@example.com",
                                ca_file=certificates.cafile)
        store = SettingsStore(TEMP / "stale.json")
        store.save(settings)
        secrets.set_password(settings.effective_login, "secret")
        dialog = EmailSettingDialog(store)
        dialog.show()
        settle(app, 0.8)
        dialog.test_send_button.click()
        window = dialog.windows.test_send
        window.mode_combo.setCurrentIndex(0)
        window.timeout = 3
        window.start_test()
        wait_for(app, lambda: window.result is not None and window.start_button.isEnabled())
        window.close()
        dialog.security.setCurrentIndex(dialog.security.findData(Security.AUTO.value))
        QTest.keyClick(dialog.security, Qt.Key.Key_Tab)
        dialog.test_send_button.click()
        settle(app, 0.6)
        save(window, "test-window-after-settings-change")
        window.close()
        dialog.ask_discard_changes = lambda: True
        dialog.close()


def wizard_short_path(app) -> None:
    """Detection finds the server while the sender is typed (an SRV record on loopback),
    the test passes, and the hand-over follows: four pages."""
    from PySide6.QtWidgets import QWizard

    from a2k_settings_gui.core.detect.autodetect import DetectOptions
    from a2k_settings_gui.core.settings import EmailSettings
    from a2k_settings_gui.ui.wizard import SetupWizard
    from tests.servers.detect_env import closed_port, dns_server, make_tls, smtp_server

    address = "statements@acme-widgets.com"
    tls = make_tls(TEMP, "mail.acme-widgets.com", "localhost")
    with smtp_server(tls, users={address: "app-password"}) as live, dns_server(f"""
            acme-widgets.com. 60 IN A 127.0.0.1
            _submission._tcp.acme-widgets.com. 60 IN SRV 0 1 {live.port} mail.acme-widgets.com.
            mail.acme-widgets.com. 60 IN A 127.0.0.1
            """) as dns:
        wizard = SetupWizard(
            SettingsStore(TEMP / "wizard.json"),
            defaults=EmailSettings(dns_servers=(dns,), ca_file=tls.ca_file),
            detect_options=DetectOptions(
                autoconfig_urls=(), ca_file=tls.ca_file,
                port_map={p: closed_port() for p in (25, 465, 587, 2525)}))
        wizard.show()
        settle(app, 0.5)
        wizard.next()
        sender = wizard.currentPage()
        QTest.keyClicks(sender.email, address)
        QTest.keyClicks(sender.name, "ACME Widgets Accounts")
        server = wizard.pages["ServerPage"]
        wait_for(app, lambda: wizard.detection is not None and not server.is_detecting())
        settle(app, 0.3)
        save(wizard, "wizard-short-2-sender-found")
        wizard.next()
        test = wizard.currentPage()
        QTest.keyClicks(test.password, "app-password")
        QTest.keyClicks(test.recipient, "finance.admin.personal@gmail.com")
        test.send.click()
        wait_for(app, lambda: test.passed)
        settle(app, 0.3)
        save(wizard, "wizard-short-3-signin-and-test")
        wizard.next()
        settle(app, 0.5)
        save(wizard, "wizard-short-4-handover")
        assert len(wizard.visitedIds()) == 4, wizard.visitedIds()
        wizard.button(QWizard.WizardButton.CancelButton)
        wizard.reject()


if __name__ == "__main__":
    application_ = application()
    only = sys.argv[1].split(",") if len(sys.argv) > 1 else []
    for name, shot in (("handover", handover_with_failed_logo),
                       ("stale", test_window_after_a_settings_change),
                       ("wizard", wizard_short_path)):
        if not only or name in only:
            shot(application_)
