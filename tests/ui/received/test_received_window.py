"""The "Did it arrive?" window (delivery proof), driven with pytest-qt: real received
headers from tests/data/received, and the whole loop from a real test send on a loopback
SMTP server to the received copy dropped into the window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent

from a2k_settings_gui.ui.received.window import ReceivedWindow, sent_message_id
from a2k_settings_gui.ui.smtp.window import TestSendWindow
from tests.servers import imap as imap_fixtures
from tests.servers import smtp as smtp_fixtures
from tests.servers.dkim_receiver import PaperReceiver
from tests.servers.smtp import DEFAULT_PASSWORD, settings_for

smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers
imap_server = imap_fixtures.imap_server

DATA = Path(__file__).resolve().parents[2] / "data" / "received"


def open_window(qtbot, expected: str = "") -> ReceivedWindow:
    window = ReceivedWindow(expected, "admin@example.net")
    qtbot.addWidget(window)
    window.show()
    return window


def wait_read(qtbot, window: ReceivedWindow) -> None:
    qtbot.waitUntil(lambda: window._task is None and window.result_frame.isVisible(),
                    timeout=10_000)


def test_a_passing_message_shows_the_verdict_and_hands_the_selector_on(qtbot):
    window = open_window(qtbot)
    window.check_file(DATA / "yahoo-postmark-dmarc-pass.eml")
    wait_read(qtbot, window)
    verdict = window.result_label.text()
    assert "Delivered and authenticated: Yahoo says DMARC passed" in verdict
    assert "Problem" not in verdict
    details = window.details_label.text()
    assert "20240920183138pm" in details and "pm.mtasv.net (not your domain)" in details
    assert window.selector_button.isVisible()
    with qtbot.waitSignal(window.dkim_selector_found) as signal:
        window.selector_button.click()
    assert signal.args == ["20240920183138pm"]
    window.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert "DMARC passed" in QGuiApplication.clipboard().text()


def test_a_failing_message_pasted_shows_problem_and_fix(qtbot):
    window = open_window(qtbot)
    window.paste.setPlainText((DATA / "gmail-amazonses-dmarc-fail.txt").read_text("utf-8"))
    window.check_button.click()
    wait_read(qtbot, window)
    text = window.result_label.text()
    assert "Failed: Gmail says DMARC fail for gmail.com" in text
    assert "Problem:" in text and "Fix:" in text and "smtp.gmail.com" in text
    assert not window.selector_button.isVisible()  # no signature by gmail.com


def test_dropping_a_file_reads_it(qtbot):
    window = open_window(qtbot)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(DATA / "m365-dmarc-pass-marked-spam.txt"))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    wait_read(qtbot, window)
    assert "put in Junk" in window.result_label.text()
    assert "spam filtering marked it as spam" in window.result_label.text()


def test_not_a_message_and_empty_input_are_explained(qtbot, tmp_path):
    window = open_window(qtbot)
    window.check_button.click()
    assert "Nothing to check yet" in window.result_label.text()
    picture = tmp_path / "logo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(200))
    window.check_file(picture)
    wait_read(qtbot, window)
    assert "This is not the received e-mail" in window.result_label.text()
    assert not window.copy_button.isEnabled()


def test_headers_of_another_message_are_flagged(qtbot):
    window = open_window(qtbot, expected="<a2k-test-123@acme.example>")
    window.check_file(DATA / "yahoo-postmark-dmarc-pass.eml")
    wait_read(qtbot, window)
    assert "another e-mail" in window.result_label.text()


def test_closing_while_reading_is_clean(qtbot):
    window = open_window(qtbot)
    window.check_file(DATA / "kernel-org-gmail-from-via-hosting-dmarc-fail.eml")
    window.close()
    assert window._task is None
    qtbot.wait(200)  # the late result, if any, is dropped without touching the window


def test_from_test_send_to_received_copy(qtbot, smtp_servers, smtp_ca, tmp_path):
    """Send for real, let a receiver stamp its verdict on what the server got, and drop
    that copy into the window opened from "Did it arrive?"."""
    server = smtp_servers(tls="starttls")
    settings = settings_for(server, "starttls", ca_file=smtp_ca.cafile)
    test_window = TestSendWindow(lambda: settings, lambda: DEFAULT_PASSWORD)
    qtbot.addWidget(test_window)
    test_window.show()
    assert test_window.received_button.isVisible()  # reachable before any test, too
    test_window.start_button.click()
    qtbot.waitUntil(lambda: test_window.result is not None and test_window._task is None,
                    timeout=10_000)
    assert test_window.result.ok
    assert test_window.received_button.isVisible()

    sent = server.messages[0].original_content
    expected = sent_message_id(test_window.result.transcript)
    assert expected and expected.encode() in sent

    test_window.received_button.click()
    window = test_window._received_window
    assert window.isVisible() and window.expected_message_id == expected

    receiver = PaperReceiver(authserv_id="mx.receiver.test")
    received = tmp_path / "received.eml"
    received.write_bytes(receiver.receive(sent, spf="spf=pass smtp.mailfrom=localhost"))
    window.check_file(received)
    wait_read(qtbot, window)
    text = window.result_label.text()
    assert "another e-mail" not in text  # it is the message just sent
    assert "mx.receiver.test" in window.details_label.text()
    assert "DKIM" in text  # the test e-mail was not signed: the receiver said so
    test_window.close()
    assert not window.isVisible()


def test_the_selector_reaches_check_domain_in_the_dialog(qtbot, tmp_path):
    """The selector travels received window → Send Test Email → the dialog, which opens
    Check Domain with it (wired by signals, not by importing across feature packages)."""
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.ui.dialog import EmailSettingDialog
    from tests.servers.dns import TestDnsServer
    from tests.servers.dns_zones import SERVER, SILENT_DOMAINS, build_zone

    with TestDnsServer(build_zone(), silent=SILENT_DOMAINS) as dns:
        dialog = EmailSettingDialog(SettingsStore(tmp_path / "s.json"))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.password.isEnabled())
        for name, text in (("sender_email", "billing@acme-relay.example"),
                           ("smtp_host", SERVER), ("dns_servers", dns.address)):
            field = dialog.findChild(QLineEdit, name)
            field.clear()
            qtbot.keyClicks(field, text)
        dialog.findChild(QPushButton, "test_send_button").click()
        test_window = dialog.windows.test_send
        test_window.dkim_selector_found.emit("s2048")
        report = dialog.windows.domain_report
        assert report.selector.text() == "s2048"
        qtbot.waitUntil(lambda: report.last_report is not None, timeout=15_000)
        assert "s2048" in report.last_report["dkim"]["selectors_checked"]
        dialog.ask_discard_changes = lambda: True
        dialog.reject()


def test_imap_read_back_finds_the_test_email_and_remembers_the_password(
        qtbot, imap_server, temp_keyring):
    """Fetch over IMAP from a real dovecot: the copy sits in Junk, which is the receiver's
    spam verdict; the password goes to the keyring (IMAP service) and nowhere else."""
    from a2k_settings_gui.core import secrets
    from tests.core.received.test_imap import MESSAGE_ID, received_copy
    from tests.servers.imap import PASSWORD, USER

    window = ReceivedWindow(MESSAGE_ID, USER, ca_file=imap_server.cafile)
    qtbot.addWidget(window)
    window.show()
    window.imap_toggle.click()
    panel = window.imap_panel
    assert panel.isVisible()
    panel.host.setText("localhost")
    panel.port.setValue(imap_server.imaps_port)
    panel.password.setText(PASSWORD)
    panel.remember.setChecked(True)
    panel.wait_seconds = 10
    qtbot.wait(300)
    imap_server.deliver(received_copy(), folder="Junk")
    panel.fetch_button.click()
    qtbot.waitUntil(lambda: window.report is not None, timeout=15_000)
    assert "Found in Junk" in panel.status.text()
    assert "it arrived in the Junk folder" in window.result_label.text()
    assert "another e-mail" not in window.result_label.text()
    account = f"{USER}@localhost"
    assert secrets.get_password(account, service=secrets.IMAP_SERVICE_NAME) == PASSWORD
    assert secrets.get_password(USER) is None  # the SMTP password is untouched
    assert PASSWORD not in window.report_text()
    assert PASSWORD not in window.result_label.text() + window.details_label.text()

    again = ReceivedWindow(MESSAGE_ID, USER, ca_file=imap_server.cafile)
    qtbot.addWidget(again)
    again.imap_panel.host.setText("localhost")
    again.imap_panel.login.editingFinished.emit()
    qtbot.waitUntil(lambda: again.imap_panel.password.text() == PASSWORD, timeout=5000)


def test_imap_wrong_password_and_closing_mid_wait(qtbot, imap_server, temp_keyring):
    from tests.core.received.test_imap import MESSAGE_ID
    from tests.servers.imap import USER

    window = ReceivedWindow(MESSAGE_ID, USER, ca_file=imap_server.cafile)
    qtbot.addWidget(window)
    window.show()
    panel = window.imap_panel
    panel.host.setText("localhost")
    panel.port.setValue(imap_server.imaps_port)
    panel.password.setText("not-the-password")
    panel.fetch_button.click()
    qtbot.waitUntil(lambda: panel.fetch_button.isEnabled(), timeout=15_000)
    assert "refused the login" in window.result_label.text()

    from tests.servers.imap import PASSWORD

    panel.password.setText(PASSWORD)
    panel.fetch_button.click()
    qtbot.waitUntil(lambda: "looking again" in panel.status.text(), timeout=15_000)
    task = panel._wait_task
    window.close()
    assert task.token.cancelled
    assert task.wait(3)  # the worker ended: the socket was closed, not left waiting
