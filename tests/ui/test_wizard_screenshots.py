"""Render every wizard page offscreen against loopback servers, as an admin would see it
after detection found Microsoft 365 through the domain's MX record.

Each page must render at a usable size. With A2K_SCREENSHOT_DIR set, the PNGs are written
there. docs/wizard-*.png are made from the installed app, not the checkout:
    A2K_SCREENSHOT_DIR=docs python tools/with_installed_app.py -m pytest -q \
        tests/ui/test_wizard_screenshots.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from a2k_settings_gui.core.detect.autodetect import DetectOptions
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.wizard import SetupWizard
from tests.servers.detect_env import (  # noqa: F401 - fixtures
    closed_port,
    detect_tls,
    dns_server,
    silent_port,
    starttls_smtp,
)

pytestmark = pytest.mark.timeout(90)


def screenshot_target() -> str | None:
    """A2K_SCREENSHOT_DIR, once it is sure the PNGs for docs/ show the installed package."""
    target = os.environ.get("A2K_SCREENSHOT_DIR")
    if target and not os.environ.get("A2K_SCREENSHOTS_FROM_CHECKOUT"):
        import a2k_settings_gui

        source = Path(__file__).resolve().parents[2] / "src"
        if source in Path(a2k_settings_gui.__file__).resolve().parents:
            pytest.fail("docs/ screenshots come from the installed app: run "
                        "A2K_SCREENSHOT_DIR=docs python tools/with_installed_app.py -m pytest "
                        "-q tests/ui/test_wizard_screenshots.py")
    return target
PAGES = ["welcome", "sender", "server", "signin", "test-skipped", "domain", "logo", "sending",
         "summary"]


def test_every_page_renders(qtbot, tmp_path, detect_tls, starttls_smtp):  # noqa: F811
    zone = """
    acme-widgets.com. 60 IN MX 10 acme-widgets-com.mail.protection.outlook.com.
    acme-widgets.com. 60 IN TXT "v=spf1 include:spf.protection.outlook.com -all"
    spf.protection.outlook.com. 60 IN TXT "v=spf1 ip4:127.0.0.0/8 -all"
    _dmarc.acme-widgets.com. 60 IN TXT "v=DMARC1; p=none"
    smtp.office365.com. 60 IN A 127.0.0.1
    smtp.acme-widgets.com. 60 IN A 127.0.0.1
    """
    try:
        from tests.servers.http_images import ImageHost
    except ImportError:  # the logo feature (issue 4) is not in this build
        ImageHost = None  # noqa: N806
    images = ImageHost(tls=detect_tls.ca).start() if ImageHost else None
    try:
        _walk(qtbot, tmp_path, detect_tls, starttls_smtp, zone, images)
    finally:
        if images:
            images.stop()


def _walk(qtbot, tmp_path, detect_tls, starttls_smtp, zone, images):  # noqa: F811
    with dns_server(zone) as dns, silent_port() as quiet:
        wizard = SetupWizard(
            SettingsStore(tmp_path / "email-settings.json"),
            defaults=EmailSettings(dns_servers=(dns,), ca_file=detect_tls.ca_file),
            detect_options=DetectOptions(
                autoconfig_urls=(), ca_file=detect_tls.ca_file, connect_timeout=1.0,
                port_map={587: starttls_smtp.port, 465: closed_port(), 25: quiet,
                          2525: closed_port()}))
        qtbot.addWidget(wizard)
        wizard.show()
        shots = []
        for number, name in enumerate(PAGES, start=1):
            page = wizard.currentPage()
            if name == "sender":
                page.email.setText("statements@acme-widgets.com")
                page.name.setText("ACME Accounts")
            elif name == "server":
                qtbot.waitUntil(lambda p=page: wizard.detection is not None
                                and not p.is_detecting(), timeout=15000)
            elif name == "signin":
                page.password.setText("app-password")
            elif name == "test-skipped":
                page.skip.setChecked(True)
                page.reason.setText("tested from the server room")
            elif name == "domain":
                page.run_button.click()
                qtbot.waitUntil(lambda p=page: p.run_button.isEnabled()
                                and "Checking" not in p.status.text(), timeout=20000)
            elif name == "logo":
                page.url.setText(images.url("/logo.png") if images else
                                 "https://www.acme-widgets.com/logo.png")
                if images:
                    page.preview.check_button.click()
                    qtbot.waitUntil(lambda p=page: p.preview.report is not None
                                    and p.preview.check_button.isEnabled(), timeout=20000)
            elif name == "sending":
                page.plan.mails.setValue(1200)
                page.batch.setValue(100)
                page.interval.setValue(10)
            qtbot.wait(50)
            path = tmp_path / f"wizard-{number}-{name}.png"
            assert wizard.grab().save(str(path))
            shots.append(path)
            if name != "summary":
                wizard.next()
    for path in shots:
        image = QImage(str(path))
        assert image.width() >= 700 and image.height() >= 500, path.name
    target = screenshot_target()
    if target:
        for path in shots:
            shutil.copy(path, Path(target) / path.name)


def test_server_found_by_srv_and_a_passing_test_send_render(qtbot, tmp_path,
                                                            detect_tls):  # noqa: F811
    from tests.servers.detect_env import smtp_server

    with smtp_server(detect_tls, users={"statements@acme-widgets.com": "pw"}) as live:
        zone = f"""
        acme-widgets.com. 60 IN A 127.0.0.1
        _submission._tcp.acme-widgets.com. 60 IN SRV 0 1 {live.port} mail.acme-widgets.com.
        mail.acme-widgets.com. 60 IN A 127.0.0.1
        """
        with dns_server(zone) as dns:
            wizard = SetupWizard(
                SettingsStore(tmp_path / "email-settings.json"),
                defaults=EmailSettings(dns_servers=(dns,), ca_file=detect_tls.ca_file),
                detect_options=DetectOptions(
                    autoconfig_urls=(), ca_file=detect_tls.ca_file,
                    port_map={p: closed_port() for p in (25, 465, 587, 2525)}))
            qtbot.addWidget(wizard)
            wizard.show()
            wizard.next()
            wizard.currentPage().email.setText("statements@acme-widgets.com")
            wizard.next()
            server = wizard.currentPage()
            qtbot.waitUntil(lambda: wizard.detection is not None
                            and not server.is_detecting(), timeout=15000)
            shots = [tmp_path / "wizard-3b-server-srv.png"]
            assert wizard.grab().save(str(shots[0]))
            wizard.next()
            wizard.currentPage().password.setText("pw")
            wizard.next()
            test = wizard.currentPage()
            test.recipient.setText("finance.admin@personal-mail.example")
            test.send.click()
            qtbot.waitUntil(lambda: test.passed, timeout=20000)
            shots.append(tmp_path / "wizard-5-test.png")
            assert wizard.grab().save(str(shots[1]))
    target = screenshot_target()
    if target:
        for path in shots:
            shutil.copy(path, Path(target) / path.name)
