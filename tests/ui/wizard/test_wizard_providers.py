"""The wizard adapts to the detected provider: the sign-in hint and login name, and the
sending control defaults from the provider's limits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from a2k_settings_gui.core.detect.autodetect import DetectOptions
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.wizard import SetupWizard
from tests.servers.detect_env import (  # noqa: F401 - fixtures
    closed_port,
    detect_tls,
    dns_server,
    starttls_smtp,
)

pytestmark = pytest.mark.timeout(60)


def walk_to_signin(qtbot, tmp_path, tls, zone: str, live_port: int) -> SetupWizard:
    with dns_server(zone) as dns:
        ports = {port: closed_port() for port in (465, 25, 2525)}
        ports[587] = live_port
        wizard = SetupWizard(
            SettingsStore(tmp_path / "s.json"),
            defaults=EmailSettings(dns_servers=(dns,), ca_file=tls.ca_file),
            detect_options=DetectOptions(autoconfig_urls=(), ca_file=tls.ca_file,
                                         port_map=ports))
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.next()
        wizard.pages["SenderPage"].email.setText("statements@acme-widgets.com")
        wizard.next()
        server = wizard.pages["ServerPage"]
        qtbot.waitUntil(lambda: wizard.detection is not None and not server.is_detecting(),
                        timeout=15000)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.pages["SendTestPage"]  # sign-in and test
    return wizard


def test_sendgrid_found_through_spf_fills_apikey(qtbot, tmp_path, detect_tls,  # noqa: F811
                                                 starttls_smtp):  # noqa: F811
    zone = """
    acme-widgets.com. 60 IN TXT "v=spf1 include:sendgrid.net -all"
    smtp.sendgrid.net. 60 IN A 127.0.0.1
    """
    wizard = walk_to_signin(qtbot, tmp_path, detect_tls, zone, starttls_smtp.port)
    signin = wizard.pages["SendTestPage"]
    assert signin.login.text() == "apikey"
    assert "apikey" in signin.hint.text()
    signin.password.setText("SG.key")
    wizard.next()
    assert wizard.draft.login_name == "apikey"


def test_microsoft_365_hint_and_sending_defaults(qtbot, tmp_path, detect_tls,  # noqa: F811
                                                 starttls_smtp):  # noqa: F811
    zone = """
    acme-widgets.com. 60 IN MX 0 acme-widgets-com.mail.protection.outlook.com.
    smtp.office365.com. 60 IN A 127.0.0.1
    """
    wizard = walk_to_signin(qtbot, tmp_path, detect_tls, zone, starttls_smtp.port)
    signin = wizard.pages["SendTestPage"]
    assert "SMTP AUTH" in signin.hint.text()
    assert signin.login.text() == ""
    sending = wizard.pages["SendingPage"]
    sending.initializePage()
    assert (sending.batch.value(), sending.interval.value()) == (30, 60)
    assert sending.plan.plan.ok
    assert "Microsoft 365" in sending.source.text()
