"""The Check Domain window against a real DNS server on loopback (pytest-qt, offscreen)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QLineEdit, QPushButton  # noqa: E402

from a2k_settings_gui.core.settings import EmailSettings  # noqa: E402
from a2k_settings_gui.ui.domain.report import DomainReportWindow  # noqa: E402
from tests.servers.dns import TestDnsServer  # noqa: E402
from tests.servers.dns_zones import SERVER, SILENT_DOMAINS, build_zone  # noqa: E402


@pytest.fixture(scope="module")
def dns_server():
    with TestDnsServer(build_zone(), silent=SILENT_DOMAINS) as server:
        yield server


def open_window(qtbot, dns_server, sender: str, start: bool = True) -> DomainReportWindow:
    settings = EmailSettings(sender_email=sender, smtp_host=SERVER,
                             dns_servers=(dns_server.address,))
    window = DomainReportWindow(settings, start=start)
    qtbot.addWidget(window)
    window.show()
    return window


def wait_done(qtbot, window: DomainReportWindow) -> None:
    qtbot.waitUntil(lambda: window.last_report is not None and window.recheck_button.isEnabled(),
                    timeout=15000)


def test_report_shows_lights_findings_and_copyable_record(qtbot, dns_server) -> None:
    window = open_window(qtbot, dns_server, "billing@relay.test")
    wait_done(qtbot, window)
    assert "Will reject" in window.light_labels["Gmail"].text()
    card = window.findChild(object, "finding_spf_not_authorized")
    assert card is not None
    value = window.findChild(QLineEdit, "spf_not_authorized_value")
    assert value.text() == f"v=spf1 ip4:198.51.100.0/24 a:{SERVER} -all"
    window.findChild(QPushButton, "copy_spf_not_authorized_value").click()
    assert QGuiApplication.clipboard().text() == value.text()
    assert "problem" in window.status.text()


def test_good_domain_is_green(qtbot, dns_server) -> None:
    window = open_window(qtbot, dns_server, "billing@good.test")
    wait_done(qtbot, window)
    for label in window.light_labels.values():
        assert "Will accept" in label.text()
    assert window.last_report["findings"] == []


def test_recheck_with_a_typed_selector(qtbot, dns_server) -> None:
    window = open_window(qtbot, dns_server, "billing@custom.test")
    wait_done(qtbot, window)
    assert window.last_report["dkim"]["selectors_found"] == []
    window.last_report = None
    window.selector.setText("erp2026")
    window.recheck_button.click()
    wait_done(qtbot, window)
    assert window.last_report["dkim"]["selectors_found"] == ["erp2026"]


def test_cancel_and_close_while_running(qtbot, dns_server) -> None:
    window = open_window(qtbot, dns_server, "billing@slow.test", start=False)
    window.dns_timeout = 1.0
    window.start_check()
    assert window.cancel_button.isEnabled()
    assert window.busy.isVisible()  # a spinner and the step, never an empty pane
    assert "Checking billing@slow.test" in window.status.text()
    window.cancel_button.click()
    assert "Stopped" in window.status.text()
    assert not window.busy.isVisible()
    assert window.isVisible()  # Stop ends the check, not the window
    assert window.recheck_button.isEnabled()
    task = window.task
    window.recheck_button.click()  # run again, then close the window mid-check
    assert window.task is not task
    window.close()
    assert window.task.token.cancelled
    assert window.task.wait(5)  # the worker ends soon after cancel: nothing left running
    assert window.last_report is None  # late results of cancelled checks are dropped


def test_bad_address_is_explained(qtbot, dns_server) -> None:
    window = open_window(qtbot, dns_server, "not an address")
    qtbot.waitUntil(lambda: window.recheck_button.isEnabled(), timeout=5000)
    assert "e.g. statements@yourcompany.com" in window.status.text()


def test_check_domain_button_in_the_email_setting_dialog(qtbot, dns_server, tmp_path) -> None:
    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.ui.dialog import EmailSettingDialog

    dialog = EmailSettingDialog(SettingsStore(tmp_path / "s.json"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.password.isEnabled())
    for name, text in (("sender_email", "billing@acme-relay.example"), ("smtp_host", SERVER),
                       ("dns_servers", dns_server.address)):
        field = dialog.findChild(QLineEdit, name)
        field.clear()
        qtbot.keyClicks(field, text)
    button = dialog.findChild(QPushButton, "check_domain_button")
    assert button in [dialog.tools_layout.itemAt(i).widget()
                      for i in range(dialog.tools_layout.count())]
    button.click()
    report = dialog.windows.domain_report
    # The window checks what is typed in the form, saved or not.
    assert report.target.text() == "billing@acme-relay.example"
    wait_done(qtbot, report)
    assert "Will reject" in report.light_labels["Gmail"].text()
    report.last_report = None
    report.recheck_button.click()
    dialog.ask_discard_changes = lambda: True
    dialog.reject()  # closing the settings dialog closes the report and stops its check
    assert report.task.token.cancelled
    assert not report.isVisible()


def test_copy_report_holds_the_lights_findings_and_records(qtbot, dns_server) -> None:
    window = open_window(qtbot, dns_server, "billing@relay.test")
    assert not window.copy_button.isEnabled()  # nothing to copy yet
    wait_done(qtbot, window)
    assert "DNS queries" not in window.status.text()  # the admin's words, not ours
    window.copy_button.click()
    text = QGuiApplication.clipboard().text()
    assert text.startswith("A2000ERP Email Setting: Check Domain report for relay.test")
    assert "Gmail: Will reject" in text
    assert f"v=spf1 ip4:198.51.100.0/24 a:{SERVER} -all" in text
    assert "SPF — which servers may send as you" in text
    assert "Copied" in window.copy_button.text()
    window.recheck_button.click()  # a new run: the old "Copied" does not stay
    assert "Copied" not in window.copy_button.text()
