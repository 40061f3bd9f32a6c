"""The Send Test Email window, driven with pytest-qt against real loopback SMTP servers."""

from __future__ import annotations

import base64

import pytest
from PySide6.QtWidgets import QApplication

from a2k_settings_gui.ui.smtp.window import TestSendWindow
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER, SilentServer, settings_for

# Fixtures from the shared loopback-server module.
smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers


def open_window(qtbot, settings, password=DEFAULT_PASSWORD):
    window = TestSendWindow(lambda: settings, lambda: password)
    qtbot.addWidget(window)
    window.show()
    return window


def run_to_end(qtbot, window, timeout_ms=10_000):
    window.start_button.click()
    qtbot.waitUntil(lambda: window.result is not None and window._task is None,
                    timeout=timeout_ms)
    return window.result


def test_defaults_come_from_the_form(qtbot, smtp_servers, smtp_ca):
    server = smtp_servers(tls="ssl")
    window = open_window(qtbot, settings_for(server, "ssl", ca_file=smtp_ca.cafile))
    assert window.recipient_edit.text() == DEFAULT_USER
    assert window.mode_combo.currentText() == "Send a test e-mail"
    # every step listed up front: resolve, connect, tls, greeting, ehlo, auth, mail_from,
    # rcpt_to, data, quit
    assert window.steps.topLevelItemCount() == 10
    assert window.steps.status_of("auth") == "pending"


def test_successful_send_shows_ticks_and_a_plain_result(qtbot, smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls")
    window = open_window(qtbot, settings_for(server, "starttls", ca_file=smtp_ca.cafile))
    window.recipient_edit.setText("boss@example.net")
    result = run_to_end(qtbot, window)
    assert result.ok
    assert server.messages[0].rcpt_tos == ["boss@example.net"]
    for name in ("resolve", "connect", "greeting", "ehlo", "starttls", "auth", "mail_from",
                 "rcpt_to", "data", "quit"):
        assert window.steps.status_of(name) == "ok", name
    assert "It works" in window.result_label.text()
    assert window.start_button.isEnabled() and not window.cancel_button.isEnabled()
    assert window.transcript_view.isHidden()
    window.transcript_toggle.click()
    assert window.transcript_view.isVisible()
    assert "AUTH PLAIN ***" in window.transcript_view.toPlainText()


def test_failure_names_the_step_and_the_fix(qtbot, smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls", replies={
        "auth": "535 5.7.139 Authentication unsuccessful, basic authentication is disabled."})
    window = open_window(qtbot, settings_for(server, "starttls", ca_file=smtp_ca.cafile))
    result = run_to_end(qtbot, window)
    assert not result.ok
    assert window.steps.status_of("auth") == "failed"
    assert window.steps.status_of("mail_from") == "pending"
    text = window.result_label.text()
    assert "failed at “Log in”" in text
    assert "How to fix:" in text and "OAuth" not in text or "relay connector" in text


def test_copied_report_has_the_transcript_but_never_the_password(qtbot, smtp_servers,
                                                                  smtp_ca):
    server = smtp_servers(tls="ssl", exclude_auth=("PLAIN",))  # LOGIN: base64 password line
    window = open_window(qtbot, settings_for(server, "ssl", ca_file=smtp_ca.cafile))
    run_to_end(qtbot, window)
    window.copy_button.click()
    copied = QApplication.clipboard().text()
    assert "Transcript:" in copied and "AUTH LOGIN ***" in copied
    for secret in (DEFAULT_PASSWORD, base64.b64encode(DEFAULT_PASSWORD.encode()).decode()):
        assert secret not in copied
        assert secret not in window.transcript_view.toPlainText()
        assert secret not in window.result_label.text()


def test_auto_never_offers_a_mode_a2000erp_would_not_use(qtbot, smtp_servers, smtp_ca):
    server = smtp_servers(tls="ssl")
    window = open_window(qtbot, settings_for(server, "auto", port=server.port,
                                             ca_file=smtp_ca.cafile))
    window.mode_combo.setCurrentIndex(0)  # connection test
    window.timeout = 1.5
    result = run_to_end(qtbot, window, timeout_ms=15_000)
    # SSL/TLS on an odd port works for this tool only: A2000ERP uses STARTTLS there.
    assert result.ok and result.security_detected is None
    assert not window.save_security_button.isVisible()
    text = window.result_label.text()
    assert "A2000ERP may not be able to do the same" in text
    assert "In A2000ERP, change Port to 465 (SSL/TLS) or 587" in text
    # The second attempt (SSL/TLS) lists its steps afresh; finding the server stays first.
    first = window.steps.topLevelItem(0)
    assert first.text(0) == "Find the server" and window.steps.status_of("resolve") == "ok"
    assert [window.steps.topLevelItem(i).text(0)
            for i in range(window.steps.topLevelItemCount())].count("Find the server") == 1
    # The SSL/TLS port was recognised early, not after most of the time budget.
    first_attempt = result.transcript[:next(
        i for i, line in enumerate(result.transcript) if "Auto: trying" in line)]
    assert any("completed a TLS handshake" in line for line in first_attempt)


def test_cancel_stops_a_stuck_test_at_once(qtbot):
    with SilentServer() as server:
        window = open_window(qtbot, settings_for(server, "starttls", smtp_host="127.0.0.1"))
        window.start_button.click()
        qtbot.waitUntil(lambda: window.steps.status_of("greeting") == "running", timeout=5000)
        window.cancel_button.click()
        assert window.start_button.isEnabled()
        assert "stopped" in window.result_label.text()
        assert "#eeeeee" in window.result_frame.styleSheet()  # grey, not the green of success
        assert window.steps.status_of("greeting") == "pending"  # no spinner left behind


def test_a_cancelled_run_does_not_end_the_next_one(qtbot, smtp_servers, smtp_ca):
    server = smtp_servers(tls="ssl", delay=0.05)
    with SilentServer() as silent:
        settings = {"now": settings_for(silent, "starttls", smtp_host="127.0.0.1")}
        window = TestSendWindow(lambda: settings["now"], lambda: DEFAULT_PASSWORD)
        qtbot.addWidget(window)
        window.show()
        window.start_button.click()
        qtbot.waitUntil(lambda: window.steps.status_of("greeting") == "running", timeout=5000)
        window.cancel_button.click()
        settings["now"] = settings_for(server, "ssl", ca_file=smtp_ca.cafile)
        window.start_button.click()
        second = window._task
        qtbot.wait(300)  # the first run's late "finished" arrives meanwhile
        assert window._task is second and window.cancel_button.isEnabled()
        qtbot.waitUntil(lambda: window.result is not None, timeout=10_000)
        assert window.result.ok


def test_closing_the_window_mid_test_is_clean(qtbot):
    with SilentServer() as server:
        window = open_window(qtbot, settings_for(server, "ssl", smtp_host="127.0.0.1"))
        window.start_button.click()
        qtbot.waitUntil(lambda: window.steps.status_of("tls") == "running", timeout=5000)
        window.close()
        assert window._task is None
        qtbot.wait(200)  # the worker's late result, if any, must not touch the window


@pytest.mark.parametrize("confirmed", [False, True])
def test_unencrypted_login_needs_confirmation(qtbot, smtp_servers, monkeypatch, confirmed):
    asked = []
    monkeypatch.setattr(TestSendWindow, "ask_plaintext_ok",
                        classmethod(lambda cls, parent: asked.append(1) or confirmed))
    server = smtp_servers(tls="plain")
    window = open_window(qtbot, settings_for(server, "none"))
    result = run_to_end(qtbot, window)
    assert asked == [1]
    assert result.ok is confirmed
    if not confirmed:
        assert result.findings[0].code == "plaintext_auth_refused"
        assert server.logins == []


def test_unusable_form_values_are_reported_not_raised(qtbot):
    def broken():
        raise ValueError("Port must be a whole number from 1 to 65535")

    window = TestSendWindow(broken, lambda: "")
    qtbot.addWidget(window)
    window.start_button.click()
    assert "Port must be a whole number" in window.result_label.text()
    assert window._task is None


# ---------------------------------------------------------------- from the Email Setting dialog


def open_dialog(qtbot, tmp_path, monkeypatch):
    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.ui.dialog import EmailSettingDialog

    dialog = EmailSettingDialog(SettingsStore(tmp_path / "email-settings.json"))
    # Closing with unsaved edits would ask in a modal box; the admin says "discard".
    monkeypatch.setattr(dialog, "ask_discard_changes", lambda: True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.password.isEnabled())  # keyring read finished
    return dialog


def type_form(qtbot, dialog, server, security, cafile):
    for widget, text in ((dialog.sender_email, DEFAULT_USER), (dialog.smtp_host, "localhost"),
                         (dialog.password, DEFAULT_PASSWORD), (dialog.ca_file, cafile)):
        widget.clear()
        qtbot.keyClicks(widget, text)
    dialog.security.setCurrentIndex(dialog.security.findData(security))
    dialog.port.clear()
    qtbot.keyClicks(dialog.port, str(server.port))


def test_dialog_button_tests_the_unsaved_form(qtbot, tmp_path, smtp_servers, smtp_ca,
                                              monkeypatch):
    server = smtp_servers(tls="ssl")
    dialog = open_dialog(qtbot, tmp_path, monkeypatch)
    type_form(qtbot, dialog, server, "ssl", smtp_ca.cafile)
    dialog.test_send_button.click()
    window = dialog.windows.test_send
    assert window.isVisible()
    assert window.recipient_edit.text() == DEFAULT_USER
    result = run_to_end(qtbot, window)
    assert result.ok, result.findings
    assert server.logins == [("PLAIN", DEFAULT_USER)]  # the password typed, not saved
    assert not (tmp_path / "email-settings.json").exists()  # testing saved nothing


def test_auto_keeps_the_form_on_auto_after_a_pass_a2000erp_cannot_repeat(
        qtbot, tmp_path, smtp_servers, smtp_ca, monkeypatch):
    server = smtp_servers(tls="ssl")
    dialog = open_dialog(qtbot, tmp_path, monkeypatch)
    type_form(qtbot, dialog, server, "auto", smtp_ca.cafile)
    dialog.test_send_button.click()
    window = dialog.windows.test_send
    window.mode_combo.setCurrentIndex(0)
    window.timeout = 1.5
    run_to_end(qtbot, window, timeout_ms=15_000)
    assert not window.save_security_button.isVisible()
    assert dialog.security.currentData() == "auto"
    assert dialog.current_settings().port == server.port


def test_closing_the_dialog_mid_test_closes_the_window_cleanly(qtbot, tmp_path, smtp_ca,
                                                               monkeypatch):
    dialog = open_dialog(qtbot, tmp_path, monkeypatch)
    with SilentServer() as server:
        type_form(qtbot, dialog, server, "starttls", smtp_ca.cafile)
        dialog.smtp_host.clear()
        qtbot.keyClicks(dialog.smtp_host, "127.0.0.1")
        dialog.test_send_button.click()
        window = dialog.windows.test_send
        window.start_button.click()
        qtbot.waitUntil(lambda: window.steps.status_of("greeting") == "running", timeout=5000)
        task = window._task
        dialog.reject()
        assert not window.isVisible()
        assert window._task is None
        assert task.wait(1.0)  # the worker ended promptly after the cancel
