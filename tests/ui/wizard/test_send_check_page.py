"""The wizard's test page never leaves the admin waiting blind: against a server that
accepts the connection and never answers, it shows the step it is waiting on with a
spinner, says what it is trying, and its own Stop button ends only the test: the wizard
stays open on the same page with everything that was typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.ui.wizard import SetupWizard
from tests.servers.smtp import SilentServer

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def silent_server():
    with SilentServer() as server:
        yield server


def open_on_test_page(qtbot, server: SilentServer, security: Security) -> SetupWizard:
    wizard = SetupWizard(None, defaults=EmailSettings(
        sender_email="statements@acme-widgets.com", sender_name="ACME Accounts",
        smtp_host="127.0.0.1", port=server.port, security=security),
        password="app-password", check_timeout=30)
    qtbot.addWidget(wizard)
    wizard.setStartId(list(wizard.pages).index("SendTestPage"))
    wizard.show()
    return wizard


def test_silent_server_shows_a_spinner_and_stop_keeps_what_was_typed(qtbot, silent_server):
    wizard = open_on_test_page(qtbot, silent_server, Security.STARTTLS)
    page = wizard.currentPage()
    assert page is wizard.pages["SendTestPage"]
    page.recipient.clear()
    qtbot.keyClicks(page.recipient, "outside.mailbox@example.net")
    qtbot.mouseClick(page.send, Qt.MouseButton.LeftButton)

    # The greeting never comes: that step spins, the others wait, and the page says so.
    qtbot.waitUntil(lambda: page.steps.status_of("greeting") == "running", timeout=10000)
    assert page.steps.isVisible()
    assert page.steps.status_of("connect") == "ok"
    assert page.steps.status_of("ehlo") == "pending"
    assert page.activity.isVisible()
    assert "STARTTLS on port" in page.activity.text()
    spinner_before = page.steps._rows["greeting"].icon(0).cacheKey()
    qtbot.waitUntil(lambda: page.steps._rows["greeting"].icon(0).cacheKey() != spinner_before,
                    timeout=2000)  # it turns: the window is alive
    assert page.stop.isVisible() and page.stop.isEnabled()
    assert not page.send.isEnabled()

    qtbot.mouseClick(page.stop, Qt.MouseButton.LeftButton)
    assert not page.is_running()
    assert wizard.isVisible() and wizard.currentPage() is page
    assert not page.stop.isVisible()
    assert page.send.isEnabled()
    assert page.steps.status_of("greeting") == "pending"  # no row keeps spinning
    assert "stopped" in page.status.text()
    assert page.recipient.text() == "outside.mailbox@example.net"
    assert wizard.draft.sender_email == "statements@acme-widgets.com"
    assert wizard.draft.port == silent_server.port
    assert wizard.password == "app-password"
    assert not page.isComplete()  # a stopped test is not a passed one


def test_auto_says_which_mode_it_is_trying(qtbot, silent_server):
    wizard = open_on_test_page(qtbot, silent_server, Security.AUTO)
    page = wizard.currentPage()
    page.recipient.setText("outside.mailbox@example.net")
    page.send.click()
    qtbot.waitUntil(lambda: page.steps.status_of("greeting") == "running", timeout=10000)
    assert "Auto: trying" in page.activity.text()
    assert f"port {silent_server.port}" in page.activity.text()
    rows = [page.steps.topLevelItem(i).text(0) for i in range(page.steps.topLevelItemCount())]
    assert rows[0] == "Find the server"
    page.cancel_test()
    assert not page.is_running()


def test_server_page_starts_like_the_dialog_on_auto_587_and_the_port_follows_security(
        qtbot):
    wizard = SetupWizard(None)
    qtbot.addWidget(wizard)
    page = wizard.pages["ServerPage"]
    assert page.security.currentData() == Security.AUTO.value
    assert page.port.value() == 587
    # One order and one wording in the wizard and the dialog.
    from a2k_settings_gui.ui.kit.field_editors import security_box

    dialog_box = security_box()
    assert [page.security.itemText(i) for i in range(page.security.count())] == [
        dialog_box.itemText(i) for i in range(dialog_box.count())]
    page.security.setCurrentIndex(page.security.findData(Security.SSL.value))
    assert page.port.value() == 465
    page.security.setCurrentIndex(page.security.findData(Security.STARTTLS.value))
    assert page.port.value() == 587
    page.port.clear()
    qtbot.keyClicks(page.port, "2525")  # typed by the admin: it stays
    page.security.setCurrentIndex(page.security.findData(Security.SSL.value))
    assert page.port.value() == 2525


def test_domain_check_shows_a_spinner_and_stops_alone(qtbot):
    from tests.servers.dns import TestDnsServer
    from tests.servers.dns_zones import SERVER, SILENT_DOMAINS, build_zone

    with TestDnsServer(build_zone(), silent=SILENT_DOMAINS) as dns:
        wizard = SetupWizard(None, defaults=EmailSettings(
            sender_email="billing@slow.test", smtp_host=SERVER, dns_servers=(dns.address,)),
            check_timeout=20)
        qtbot.addWidget(wizard)
        wizard.setStartId(list(wizard.pages).index("DomainPage"))
        wizard.show()
        page = wizard.currentPage()
        page.run_button.click()
        assert page.is_running()
        assert page.busy.isVisible() and page.stop_button.isVisible()
        qtbot.waitUntil(lambda: "slow.test" in page.status.text(), timeout=5000)
        page.stop_button.click()
        assert not page.is_running()
        assert not page.busy.isVisible() and page.run_button.isEnabled()
        assert "stopped" in page.status.text()
        assert wizard.isVisible() and wizard.currentPage() is page
        assert wizard.draft.sender_email == "billing@slow.test"
