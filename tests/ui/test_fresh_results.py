"""A result belongs to the settings it checked: the hand-over marks each value with the
latest verdict for exactly that value, and a window never shows an earlier setting's
result as the current one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.kit.style import ERROR, NEUTRAL, OK
from tests.servers import smtp as smtp_fixtures
from tests.servers.http_images import ImageHost
from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER

smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers


def open_dialog(qtbot, tmp_path, settings, password=DEFAULT_PASSWORD) -> EmailSettingDialog:
    store = SettingsStore(tmp_path / "s.json")
    store.save(settings)
    secrets.set_password(settings.effective_login, password)
    dialog = EmailSettingDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.password.isEnabled())
    dialog.ask_discard_changes = lambda: True
    return dialog


def open_handover(qtbot, dialog):
    qtbot.mouseClick(dialog.handover_button, Qt.MouseButton.LeftButton)
    handover = dialog.windows.handover
    qtbot.addWidget(handover)
    return handover


def check_logo(qtbot, dialog) -> None:
    panel = dialog.logo_preview
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.report is not None and panel.check_button.isEnabled(),
                    timeout=20000)


def press_alt(qtbot, window, key) -> None:
    """Alt+key as the admin presses it: to the focused widget of the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, Qt.KeyboardModifier.AltModifier)


def retype(qtbot, widget, text) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def test_handover_marks_a_blocked_logo_red_with_its_reason_and_only_for_that_url(
        qtbot, tmp_path):
    with ImageHost() as host:
        blocked = host.url("/referer-strict/logo.png")
        settings = EmailSettings(sender_email="ar@acme-trading.com",
                                 smtp_host="smtp.acme-trading.com", logo_url=blocked)
        dialog = open_dialog(qtbot, tmp_path, settings)
        check_logo(qtbot, dialog)
        handover = open_handover(qtbot, dialog)
        said = handover.panel.verdict_text("logo_url")
        assert "Check Logo failed: Blocked for every reader (4 of 4)" in said
        assert ERROR in said  # red, beside the value that is copied
        # The dialog's own line says the same, with the recommended checks still to run.
        qtbot.waitUntil(lambda: "Check Logo failed" in dialog.check_status.text())
        line = dialog.check_status.text()
        assert "Send Test Email: not checked yet" in line
        assert "Check Domain: not checked yet (recommended next)" in line
        # The test-send never ran for these values: the page does not pretend it did.
        assert "Send Test Email: not checked yet" in handover.panel.verdict_text("smtp_host")
        assert NEUTRAL in handover.panel.verdict_text("smtp_host")
        handover.close()

        # Another URL typed: the blocked verdict was for the earlier one.
        retype(qtbot, dialog.logo_url, host.url("/logo.png"))
        qtbot.waitUntil(lambda: "Check Logo failed" not in dialog.check_status.text())
        handover = open_handover(qtbot, dialog)
        said = handover.panel.verdict_text("logo_url")
        assert "not checked yet" in said and "earlier settings" in said
        assert "Blocked" not in said
        handover.close()
        check_logo(qtbot, dialog)
        handover = open_handover(qtbot, dialog)
        said = handover.panel.verdict_text("logo_url")
        assert "Check Logo passed" in said and OK in said
        handover.close()


def test_reopened_test_window_drops_the_failure_of_an_earlier_port_and_tests_again(
        qtbot, tmp_path, smtp_servers, smtp_ca):
    starttls = smtp_servers(tls="starttls")
    settings = EmailSettings(sender_email=DEFAULT_USER, smtp_host="localhost",
                             port=starttls.port, security=Security.SSL,
                             ca_file=smtp_ca.cafile)
    dialog = open_dialog(qtbot, tmp_path, settings)
    qtbot.mouseClick(dialog.test_send_button, Qt.MouseButton.LeftButton)
    window = dialog.windows.test_send
    qtbot.addWidget(window)
    window.mode_combo.setCurrentIndex(0)  # connection test: nothing is sent
    window.timeout = 3
    qtbot.mouseClick(window.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.result is not None and window.start_button.isEnabled(),
                    timeout=20000)
    assert not window.result.ok  # SSL/TLS on a STARTTLS port
    failure = window.result_label.text()
    window.close()

    # The admin follows the advice and changes the security to STARTTLS; reopening the
    # window must not show the old verdict about "SSL/TLS".
    dialog.security.setCurrentIndex(dialog.security.findData(Security.STARTTLS))
    qtbot.mouseClick(dialog.test_send_button, Qt.MouseButton.LeftButton)
    assert window.result is None
    shown = window.result_label.text()
    assert "for earlier settings" in shown and shown != failure
    assert window.transcript_view.toPlainText() == ""
    assert window.start_button.text() == "&Start test"
    # Alt+S starts a new test of the values shown, which now pass.
    press_alt(qtbot, window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window.result is not None and window.start_button.isEnabled(),
                    timeout=20000)
    assert window.result.ok
    handover = open_handover(qtbot, dialog)
    assert "Send Test Email passed" in handover.panel.verdict_text("port")
    window.close()


def test_typing_a_password_never_widens_the_form(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path, EmailSettings(
        sender_email="ar@acme-trading.com", smtp_host="smtp.acme-trading.com"))
    scroll_bar = dialog.form_scroll.horizontalScrollBar()
    had_bar = scroll_bar.isVisible()
    width = dialog.password_status.sizeHint().width()
    dialog.password.setFocus()
    qtbot.keyClicks(dialog.password, "x")  # a changed password: another status line
    assert dialog.password_status.text() != ""
    assert dialog.password_status.sizeHint().width() <= width
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "")
    dialog.password_field.update_status()
    assert dialog.password_status.sizeHint().width() <= width
    assert scroll_bar.isVisible() == had_bar
