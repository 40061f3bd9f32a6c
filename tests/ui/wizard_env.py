"""What the wizard tests share: the loopback servers an admin's domain points at (an SMTP
server with STARTTLS + AUTH that takes ADDRESS / PASSWORD, and a DNS server whose SRV record
points detection at it) and a Next click that must move on.

tests/ui/conftest.py offers the fixtures to every UI test.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from a2k_settings_gui.ui.wizard import SetupWizard
from tests.servers.detect_env import detect_tls, dns_server, smtp_server  # noqa: F401

ADDRESS = "statements@acme-widgets.com"
PASSWORD = "s3cret-pass"


@pytest.fixture
def mail_server(detect_tls):  # noqa: F811
    with smtp_server(detect_tls, users={ADDRESS: PASSWORD}) as server:
        yield server


@pytest.fixture
def loopback_dns(mail_server):
    zone = f"""
    acme-widgets.com. 60 IN A 127.0.0.1
    _submission._tcp.acme-widgets.com. 60 IN SRV 0 1 {mail_server.port} mail.acme-widgets.com.
    mail.acme-widgets.com. 60 IN A 127.0.0.1
    """
    with dns_server(zone) as dns:
        yield dns


def go_next(qtbot, wizard: SetupWizard) -> None:
    button = wizard.button(QWizard.WizardButton.NextButton)
    assert button.isEnabled(), f"Next is disabled on {wizard.currentPage().objectName()}"
    before = wizard.currentId()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert wizard.currentId() != before, f"stayed on {wizard.currentPage().objectName()}"
