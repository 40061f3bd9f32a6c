"""Network settings in the dialog and the wizard: the Proxy line shows what is in use, the
Extra CA file has Browse…, and a wizard test that fails on a private CA is fixed right on
the test page, against a real loopback SMTP server with STARTTLS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from a2k_settings_gui.core.detect.autodetect import DetectOptions
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.net.fields import CaFileField
from a2k_settings_gui.ui.wizard import SetupWizard
from tests.servers.detect_env import closed_port, detect_tls  # noqa: F401
from tests.ui.wizard_env import ADDRESS, PASSWORD, go_next

pytestmark = pytest.mark.timeout(90)
# Screenshots go to docs/ only when asked (A2K_DOCS_SCREENSHOTS=1), so a test run does not
# change the checkout; otherwise to a temp folder (still rendered, so the paint code runs).
DOCS = (Path(__file__).resolve().parents[3] / "docs"
        if os.environ.get("A2K_DOCS_SCREENSHOTS") == "1" else None)

def shots_folder(tmp_path: Path) -> Path:
    return DOCS or tmp_path


def test_dialog_shows_the_proxy_in_use_without_its_password(qtbot, tmp_path, company_proxy):
    dialog = EmailSettingDialog(SettingsStore(tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    dialog.show()
    proxy = dialog.network.proxy
    qtbot.waitUntil(lambda: proxy.text() != "checking…", timeout=5000)
    assert proxy.text() == "http://proxy.corp.test:3128 (environment variable HTTPS_PROXY)"
    assert "Pr0xy-Secret" not in proxy.text()
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    suffix = "" if scale in ("", "1") else "-150"
    dialog.resize(min(dialog.width(), 1366), min(dialog.height(), 768 - 60))
    qtbot.wait(50)
    folder = shots_folder(tmp_path)
    assert dialog.grab().save(str(folder / f"email-setting-network{suffix}-1366x768.png"))
    assert dialog.network.grab().save(str(folder / f"email-setting-network{suffix}.png"))


def test_dialog_browse_fills_the_ca_file(qtbot, tmp_path, monkeypatch):
    dialog = EmailSettingDialog(SettingsStore(tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    dialog.show()
    chosen = tmp_path / "company-root.pem"
    chosen.write_text("-----BEGIN CERTIFICATE-----\n", encoding="ascii")
    panel = dialog.network
    monkeypatch.setattr(type(panel), "ask_ca_file", lambda self: str(chosen))
    panel.browse_button.click()
    assert dialog.ca_file.text() == str(chosen)


def shoot(qtbot, wizard: SetupWizard, name: str, folder: Path) -> None:
    """The page as the admin sees it, at this run's scale (QT_SCALE_FACTOR) and on a
    1366×768 screen (the wizard's size there), into docs/."""
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    suffix = "" if scale in ("", "1") else "-150"
    qtbot.wait(200)
    assert wizard.grab().save(str(folder / f"{name}{suffix}.png"))
    wizard.resize(min(wizard.width(), 1366), min(wizard.height(), 768 - 60))
    qtbot.wait(50)
    assert wizard.grab().save(str(folder / f"{name}{suffix}-1366x768.png"))


def test_wizard_passes_a_private_ca_server_without_leaving_the_wizard(
        qtbot, tmp_path, monkeypatch, no_proxy_env, detect_tls,  # noqa: F811
        loopback_dns, mail_server):  # noqa: F811
    store = SettingsStore(tmp_path / "email-settings.json")
    closed = {port: closed_port() for port in (465, 587, 25, 2525)}
    # No CA file yet: the server's certificate comes from a private CA.
    wizard = SetupWizard(store, defaults=EmailSettings(dns_servers=(loopback_dns,)),
                         detect_options=DetectOptions(autoconfig_urls=(), port_map=closed),
                         detect_timeout=8, check_timeout=10)
    qtbot.addWidget(wizard)
    wizard.show()
    go_next(qtbot, wizard)
    sender = wizard.pages["SenderPage"]
    qtbot.keyClicks(sender.email, ADDRESS)
    go_next(qtbot, wizard)
    server = wizard.pages["ServerPage"]
    qtbot.waitUntil(lambda: not server.is_detecting() and wizard.detection is not None,
                    timeout=15000)
    # The server page shows the network settings (open: a DNS server is set).
    assert server.network.fields.isVisible()
    assert server.network.fields.dns_servers.text() == loopback_dns
    assert server.host.text() == "mail.acme-widgets.com"
    go_next(qtbot, wizard)
    qtbot.keyClicks(wizard.pages["SendTestPage"].password, PASSWORD)

    test = wizard.pages["SendTestPage"]
    qtbot.keyClicks(test.recipient, "admin.personal@example.net")
    qtbot.mouseClick(test.send, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: test.send.isEnabled()
                    and "certificate" in test.status.text().lower(), timeout=20000)
    assert not test.passed
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    # The fix is offered right there: the CA file field, open and focused.
    fields = test.network.fields
    assert fields.isVisible() and "Network settings" in test.status.text()
    shoot(qtbot, wizard, "wizard-5c-test-ca-offered", shots_folder(tmp_path))

    monkeypatch.setattr(CaFileField, "ask_for_file", lambda self: detect_tls.ca_file)
    qtbot.mouseClick(fields.ca_file.browse, Qt.MouseButton.LeftButton)
    assert wizard.draft.ca_file == detect_tls.ca_file
    qtbot.mouseClick(test.send, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: test.passed, timeout=20000)
    assert mail_server.received
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    go_next(qtbot, wizard)  # the hand-over
    with qtbot.waitSignal(wizard.saved, timeout=10000) as saved:
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
    assert saved.args[0].ca_file == detect_tls.ca_file


def test_a_wrong_dns_server_is_said_with_its_mark_not_an_html_code(qtbot):
    from PySide6.QtGui import QTextDocument

    from a2k_settings_gui.ui.net.fields import NetworkFields

    fields = NetworkFields("test")
    qtbot.addWidget(fields)
    fields.show()
    fields.dns_servers.setFocus()
    qtbot.keyClicks(fields.dns_servers, "10.0.0.999")
    assert fields.values() is None
    document = QTextDocument()
    document.setHtml(fields.problem.text())
    shown = document.toPlainText()
    assert fields.problem.textFormat().name == "RichText"
    assert shown.startswith("\u2716 ") and "&#" not in shown
    assert "DNS" in shown
