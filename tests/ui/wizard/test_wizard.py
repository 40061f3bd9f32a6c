"""The setup wizard, driven like an admin would with pytest-qt, against real loopback
servers: DNS (the SRV record points at the test SMTP server), SMTP with STARTTLS + AUTH,
the settings file in a temp folder and the file-backed test keyring."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWizard

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.detect.autodetect import DetectOptions
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.wizard import SetupWizard
from tests.servers.detect_env import closed_port, detect_tls  # noqa: F401
from tests.ui.wizard_env import ADDRESS, PASSWORD, go_next

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def make_wizard(qtbot, tmp_path, detect_tls, loopback_dns):  # noqa: F811
    store = SettingsStore(tmp_path / "email-settings.json")

    def make() -> SetupWizard:
        closed = {port: closed_port() for port in (465, 587, 25, 2525)}
        wizard = SetupWizard(
            store,
            defaults=EmailSettings(dns_servers=(loopback_dns,), ca_file=detect_tls.ca_file),
            detect_options=DetectOptions(autoconfig_urls=(), ca_file=detect_tls.ca_file,
                                         port_map=closed),
            detect_timeout=8, check_timeout=10)
        qtbot.addWidget(wizard)
        wizard.show()
        return wizard

    make.store = store
    return make


def page(wizard: SetupWizard, name: str):
    return wizard.pages[name]


def fill_sender_and_detect(qtbot, wizard: SetupWizard, address: str = ADDRESS) -> None:
    """Welcome, then the sender typed as an admin does: the server is looked for while
    typing, and Next goes on once detection has ended (to the test page when the server
    found answered, else to the server page)."""
    go_next(qtbot, wizard)  # welcome
    sender = page(wizard, "SenderPage")
    qtbot.keyClicks(sender.email, address)
    qtbot.keyClicks(sender.name, "ACME Accounts")
    server = page(wizard, "ServerPage")
    qtbot.waitUntil(lambda: not server.is_detecting() and wizard.detection is not None,
                    timeout=15000)
    go_next(qtbot, wizard)


def to_summary_skipping_the_test(qtbot, wizard: SetupWizard, reason: str) -> None:
    test = page(wizard, "SendTestPage")
    if not test.password.text():
        qtbot.keyClicks(test.password, PASSWORD)
    test.skip.setChecked(True)
    qtbot.keyClicks(test.reason, reason)
    go_next(qtbot, wizard)
    assert wizard.currentPage() is page(wizard, "SummaryPage")


def done_button(wizard: SetupWizard):
    return wizard.button(QWizard.WizardButton.CustomButton1)


def test_end_to_end_fill_detect_test_save(qtbot, make_wizard, mail_server):
    wizard = make_wizard()
    fill_sender_and_detect(qtbot, wizard)
    # Found while typing, and it answered: the server page is skipped.
    assert "answered from this computer" in page(wizard, "SenderPage").detect_status.text()
    test = page(wizard, "SendTestPage")
    assert wizard.currentPage() is test
    server = page(wizard, "ServerPage")
    assert server.host.text() == "mail.acme-widgets.com"
    assert server.port.value() == mail_server.port
    # STARTTLS on this port is what A2000ERP does by itself: the tool says Auto.
    assert server.security.currentData() == "auto"
    assert "SRV record" in server.origin.text()
    assert "mail.acme-widgets.com" in test.server_line.text()

    # Sign-in and test on one page.
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # must pass first
    qtbot.keyClicks(test.password, PASSWORD)
    # No default to the sender's own mailbox (it skips outside receivers' checks); the
    # wizard asks for an outside one.
    assert test.recipient.text() == ""
    qtbot.mouseClick(test.send, Qt.MouseButton.LeftButton)
    assert "another provider" in test.status.text()
    qtbot.keyClicks(test.recipient, "admin.personal@example.net")
    qtbot.mouseClick(test.send, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: test.passed, timeout=20000)
    assert mail_server.received, "the test e-mail reached the loopback server"
    go_next(qtbot, wizard)
    summary = page(wizard, "SummaryPage")
    assert wizard.currentPage() is summary
    # The short path: welcome, sender, sign-in and test, the hand-over.
    assert len(wizard.visitedIds()) == 4
    # Domain, logo and sending plan: recommended next checks, each with its status.
    statuses = summary.next_checks.status
    assert "Check Domain: not checked yet (recommended next)" in statuses["DomainPage"].text()
    assert "none yet" in statuses["LogoPage"].text()
    qtbot.mouseClick(summary.next_checks.buttons["SendingPage"], Qt.MouseButton.LeftButton)
    sending = page(wizard, "SendingPage")
    assert wizard.currentPage() is sending
    assert "Provider limits unknown" in sending.plan.shown_text()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    qtbot.mouseClick(done_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is summary
    # The hand-over: the ERP's fields in its order, the password masked.
    assert summary.handover.values["smtp_host"].text() == "mail.acme-widgets.com"
    assert summary.handover.values["password"].echoMode() == QLineEdit.EchoMode.Password
    assert PASSWORD not in summary.table.text() + summary.where.text()
    # Beside each value, the verdict of the test for exactly these values.
    assert "Send Test Email passed" in summary.handover.verdict_text("smtp_host")
    assert "Send Test Email passed" in summary.handover.verdict_text("password")

    with qtbot.waitSignal(wizard.saved, timeout=10000) as saved:
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                         Qt.MouseButton.LeftButton)
    settings = saved.args[0]
    stored = json.loads(make_wizard.store.path.read_text(encoding="utf-8"))
    assert PASSWORD not in json.dumps(stored)
    loaded = SettingsStore(make_wizard.store.path).load().settings
    assert (loaded.sender_email, loaded.smtp_host, loaded.port, loaded.security) == (
        ADDRESS, "mail.acme-widgets.com", mail_server.port, Security.AUTO)
    assert loaded.sender_name == "ACME Accounts"
    assert loaded.test_recipient == "admin.personal@example.net"  # remembered
    assert loaded.extra["setup_wizard"]["test_send"]["status"] == "passed"
    assert secrets.get_password(settings.effective_login) == PASSWORD


def test_cancel_saves_nothing(qtbot, make_wizard):
    wizard = make_wizard()
    fill_sender_and_detect(qtbot, wizard)
    qtbot.keyClicks(page(wizard, "SendTestPage").password, PASSWORD)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton)
    assert not wizard.isVisible()
    assert not make_wizard.store.exists()
    assert secrets.get_password(ADDRESS) is None


def test_back_and_next_keep_values_without_detecting_again(qtbot, make_wizard):
    wizard = make_wizard()
    fill_sender_and_detect(qtbot, wizard)
    # The skipped server page is one button away.
    qtbot.mouseClick(page(wizard, "SendTestPage").change_server, Qt.MouseButton.LeftButton)
    server = page(wizard, "ServerPage")
    assert wizard.currentPage() is server
    server.host.clear()
    qtbot.keyClicks(server.host, "smtp.typed-by-admin.com")
    first_report = wizard.detection
    wizard.back()
    assert page(wizard, "SenderPage").email.text() == ADDRESS
    go_next(qtbot, wizard)
    assert server.host.text() == "smtp.typed-by-admin.com"
    assert wizard.detection is first_report
    assert "typed by you" in server.origin.text()


def test_skipping_the_test_needs_a_reason_that_is_saved(qtbot, make_wizard):
    wizard = make_wizard()
    fill_sender_and_detect(qtbot, wizard)
    test = page(wizard, "SendTestPage")
    qtbot.keyClicks(test.password, "wrong")
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()
    test.skip.setChecked(True)
    assert not next_button.isEnabled()  # a reason is required
    qtbot.keyClicks(test.reason, "firewall here blocks mail; tested from the server room")
    go_next(qtbot, wizard)
    assert wizard.currentPage() is page(wizard, "SummaryPage")
    with qtbot.waitSignal(wizard.saved, timeout=10000):
        wizard.accept()
    record = SettingsStore(make_wizard.store.path).load().settings.extra["setup_wizard"]
    assert record["test_send"]["status"] == "skipped"
    assert record["test_send"]["reason"].startswith("firewall here blocks mail")


def test_nothing_detected_lets_the_admin_type_the_server(qtbot, make_wizard):
    wizard = make_wizard()
    fill_sender_and_detect(qtbot, wizard, "ar@unknown-domain-here.com")
    server = page(wizard, "ServerPage")
    assert "No server settings were found" in server.status.text()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClicks(server.host, "smtp.myprovider.com")
    go_next(qtbot, wizard)
    assert wizard.draft.smtp_host == "smtp.myprovider.com"


def test_sender_page_refuses_a_bad_address(qtbot, make_wizard):
    wizard = make_wizard()
    go_next(qtbot, wizard)
    sender = page(wizard, "SenderPage")
    qtbot.keyClicks(sender.email, "not-an-address")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is sender
    assert "Sender Email ID" in sender.email_error.text()


def test_closing_during_detection_cancels_cleanly(qtbot, make_wizard):
    wizard = make_wizard()
    go_next(qtbot, wizard)
    qtbot.keyClicks(page(wizard, "SenderPage").email, ADDRESS)
    go_next(qtbot, wizard)
    assert page(wizard, "ServerPage").is_detecting()
    wizard.reject()
    assert not make_wizard.store.exists()


def test_first_start_shows_the_wizard(tmp_path):
    store = SettingsStore(tmp_path / "email-settings.json")
    assert SetupWizard.should_show(store)
    store.save(EmailSettings(sender_email=ADDRESS, smtp_host="smtp.acme-widgets.com"))
    assert not SetupWizard.should_show(store)


def test_domain_page_runs_the_domain_check_on_loopback_dns(qtbot, make_wizard):
    wizard = make_wizard()
    domain = page(wizard, "DomainPage")
    fill_sender_and_detect(qtbot, wizard)
    to_summary_skipping_the_test(qtbot, wizard, "checking the domain first")
    summary = page(wizard, "SummaryPage")
    qtbot.mouseClick(summary.next_checks.buttons["DomainPage"], Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is domain
    assert "acme-widgets.com" in domain.intro.text()
    qtbot.mouseClick(domain.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: domain.run_button.isEnabled() and domain.status.text()
                    and "Checking" not in domain.status.text(), timeout=20000)
    # The loopback zone has no SPF, DKIM or DMARC: the page says so, with fixes.
    assert "problem" in domain.status.text()
    assert "SPF" in domain.result.text() and "Fix:" in domain.result.text()
    qtbot.mouseClick(domain.full_report, Qt.MouseButton.LeftButton)
    assert domain.report_window.isVisible()  # the dialog's Check Domain window, reused
    qtbot.mouseClick(done_button(wizard), Qt.MouseButton.LeftButton)  # back to the hand-over
    assert wizard.currentPage() is summary
    assert not domain.report_window.isVisible()
    # Its verdict, for these values, now beside the recommendation.
    assert "Check Domain" in summary.next_checks.status["DomainPage"].text()
    assert "not checked yet" not in summary.next_checks.status["DomainPage"].text()


def test_logo_page_checks_the_logo_on_a_loopback_image_host(qtbot, make_wizard):
    from tests.servers.http_images import ImageHost

    wizard = make_wizard()
    logo = page(wizard, "LogoPage")
    fill_sender_and_detect(qtbot, wizard)
    to_summary_skipping_the_test(qtbot, wizard, "checking the logo first")
    summary = page(wizard, "SummaryPage")
    qtbot.mouseClick(summary.next_checks.buttons["LogoPage"], Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is logo
    with ImageHost() as host:
        qtbot.keyClicks(logo.url, host.url("/referer-strict/logo.png"))
        panel = logo.preview  # the dialog's own logo panel, reused
        qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.report is not None and panel.check_button.isEnabled(),
                        timeout=20000)
    # The host refuses requests without its own site as Referer: every mail reader is
    # blocked, and the words say so (they follow the counts).
    assert panel.report.verdict == "blocked"
    assert panel.verdict.text() == "Blocked for every reader (4 of 4)"
    # Keep aspect ratio: the width followed the picture's shape (400 x 120 at 60 high).
    assert logo.logo_width.value() == 200
    qtbot.mouseClick(done_button(wizard), Qt.MouseButton.LeftButton)
    assert wizard.draft.logo_url.endswith("/referer-strict/logo.png")
    # Back on the hand-over, the blocked logo is marked, in red, beside its URL.
    assert wizard.currentPage() is summary
    assert "Check Logo failed: Blocked for every reader" in \
        summary.handover.verdict_text("logo_url")


def test_first_start_of_the_app_opens_the_wizard_then_the_dialog(qtbot, tmp_path, monkeypatch):
    from a2k_settings_gui.ui import app, dialog, wizard

    opened: list[object] = []
    real_open_wizard = wizard.open_wizard

    def recording_open_wizard(store, *args, **kwargs):
        opened.append(real_open_wizard(store, *args, **kwargs))
        return opened[-1]

    class RecordingDialog(dialog.EmailSettingDialog):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            opened.append(self)

    monkeypatch.setattr(wizard, "open_wizard", recording_open_wizard)
    monkeypatch.setattr(dialog, "EmailSettingDialog", RecordingDialog)
    monkeypatch.setattr(SetupWizard, "ask_leave_first_start",
                        classmethod(lambda cls, parent: True))
    path = tmp_path / "email-settings.json"
    app.open_main_window(config=path, start="auto")
    assert [type(w) for w in opened] == [SetupWizard]
    opened[0].reject()  # confirmed: the dialog opens instead of the app quitting
    assert [type(w) for w in opened] == [SetupWizard, RecordingDialog]
    opened[1].reject()
    SettingsStore(path).save(EmailSettings(sender_email=ADDRESS, smtp_host="smtp.acme.com"))
    app.open_main_window(config=path, start="auto")
    assert [type(w) for w in opened] == [SetupWizard, RecordingDialog, RecordingDialog]
    opened[2].reject()


def test_last_page_offers_the_daily_check_and_registers_it(qtbot, make_wizard, tmp_path,
                                                           monkeypatch):
    """Ticked on the last page, Save registers the daily health check with the user's
    crontab (this machine has no systemd user session). `crontab` is a stand-in on PATH
    that keeps the table in the temp folder, so the test never touches a real one."""
    table = tmp_path / "crontab.txt"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool = bin_dir / "crontab"
    tool.write_text(f'#!/bin/sh\nif [ "$1" = "-l" ]; then cat {table} 2>/dev/null; '
                    f'else cat > {table}; fi\n')
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    wizard = make_wizard()
    fill_sender_and_detect(qtbot, wizard)
    test = page(wizard, "SendTestPage")
    qtbot.keyClicks(test.password, "wrong")
    to_summary_skipping_the_test(qtbot, wizard, "tested later from the server room")
    row = page(wizard, "SummaryPage").schedule
    assert not row.daily.isChecked() and not row.time.isEnabled()  # an offer, not a default
    qtbot.mouseClick(row.daily, Qt.MouseButton.LeftButton)
    row.time.setFocus()
    qtbot.keyClick(row.time, Qt.Key.Key_Down)  # the hour: 07 -> 06
    qtbot.keyClick(row.time, Qt.Key.Key_Right)
    qtbot.keyClick(row.time, Qt.Key.Key_Right)
    qtbot.keyClick(row.time, Qt.Key.Key_Right)  # into the minutes
    for _ in range(15):
        qtbot.keyClick(row.time, Qt.Key.Key_Down)  # 30 -> 15
    assert row.value() == (True, "06:15")
    with qtbot.waitSignal(wizard.saved, timeout=10000):
        wizard.accept()
    line = table.read_text()
    assert line.startswith("15 6 * * * ") and "health --notify" in line
    assert str(make_wizard.store.path) in line  # the daily run checks this settings file
    from a2k_settings_gui.core.health.schedule import load_state

    assert load_state() == (True, "06:15")
