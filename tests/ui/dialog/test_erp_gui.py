"""A2000ERP first in the Email Setting dialog: the ERP's fields first, the Advanced section, the
"Enter in A2000ERP" hand-over, checks that test what the form shows, wrapping messages."""

from __future__ import annotations

import base64

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.support.handover import ErpHandoverDialog
from tests.servers import smtp as smtp_fixtures

smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers

PASSWORD = "Erp-Handover-pw-4417"
SAVED = EmailSettings(sender_email="ar@acme-trading.com", smtp_host="smtp.acme-trading.com",
                      security=Security.AUTO, port=587, login_name="apikey",
                      test_recipient="me.personal@gmail.example", logo_width=180,
                      logo_height=60, mails_per_month=800)
ERP_ORDER = ["sender_email", "password", "smtp_host", "port", "logo_url", "logo_height",
             "logo_width", "max_mails_per_batch", "batch_interval_seconds"]


def open_dialog(qtbot, tmp_path, settings=SAVED, password=PASSWORD) -> EmailSettingDialog:
    store = SettingsStore(tmp_path / "s.json")
    store.save(settings)
    if password:
        secrets.set_password(settings.effective_login, password)
    dialog = EmailSettingDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.password.isEnabled())
    dialog.ask_discard_changes = lambda: True
    return dialog


def type_into(qtbot, widget, text):
    widget.clear()
    qtbot.keyClicks(widget, text)


def form_labels(group) -> list[str]:
    form = group.findChild(QFormLayout)
    labels = []
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if item and isinstance(item.widget(), QLabel) and item.widget().text():
            labels.append(item.widget().text().replace("&", ""))
    return labels


def test_erp_fields_first_and_tool_fields_in_the_advanced_section(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path)
    assert form_labels(dialog.mail_server) == [
        "Sender Email ID:", "Email Password:", "Outgoing Mail Server (SMTP):", "Port:"]
    assert dialog.advanced.title() == "Advanced (not on the A2000ERP screen)"
    for widget in (dialog.security, dialog.login_name, dialog.sender_name,
                   dialog.test_recipient, dialog.dns_servers, dialog.ca_file):
        assert dialog.advanced.isAncestorOf(widget)
        assert not dialog.mail_server.isAncestorOf(widget)
    assert dialog.test_recipient.text() == "me.personal@gmail.example"
    assert dialog.sending_plan.mails.value() == 800


def test_tab_goes_through_the_erp_fields_in_order_then_advanced(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path)

    def after(widget):
        nxt = widget.nextInFocusChain()
        # Skip what cannot take focus and the editor's own parts (a spin box's line edit).
        while nxt.focusPolicy() == Qt.FocusPolicy.NoFocus or widget.isAncestorOf(nxt):
            nxt = nxt.nextInFocusChain()
        return nxt

    assert after(dialog.smtp_host) is dialog.port
    assert after(dialog.port) is dialog.logo_url  # not the Security box in Advanced
    assert after(dialog.sending_plan.mails) is dialog.security


def test_security_in_advanced_still_moves_a_port_that_was_not_typed(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path, SAVED.replace(port=None))
    dialog.security.setCurrentIndex(dialog.security.findData("ssl"))
    assert dialog.port.text() == "465"
    assert dialog.current_settings().security is Security.SSL


def test_checks_are_disabled_while_a_field_they_read_is_invalid(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path)
    assert dialog.test_send_button.isEnabled() and dialog.handover_button.isEnabled()
    type_into(qtbot, dialog.port, "99999")
    assert not dialog.test_send_button.isEnabled()
    assert "Port" in dialog.test_send_button.toolTip()
    assert not dialog.handover_button.isEnabled()
    assert dialog.check_domain_button.isEnabled()  # it does not read the port
    assert dialog.logo_preview.check_button.isEnabled()
    type_into(qtbot, dialog.port, "587")
    assert dialog.test_send_button.isEnabled()
    assert "Port" not in dialog.test_send_button.toolTip()

    type_into(qtbot, dialog.logo_url, "ftp://logo")
    assert not dialog.logo_preview.check_button.isEnabled()
    assert "Company Logo URL" in dialog.logo_preview.check_button.toolTip()
    type_into(qtbot, dialog.sender_email, "not an address")
    assert not dialog.check_domain_button.isEnabled()
    assert "Sender Email ID" in dialog.check_domain_button.toolTip()


def test_an_open_test_window_refuses_to_run_on_an_invalid_form(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path)
    qtbot.mouseClick(dialog.test_send_button, Qt.MouseButton.LeftButton)
    window = dialog.windows.test_send
    qtbot.addWidget(window)
    assert window.recipient_edit.text() == "me.personal@gmail.example"  # Test recipient
    type_into(qtbot, dialog.port, "99999")
    window.start_test()
    assert window._task is None  # nothing ran on the saved port hidden behind 99999
    assert "Fix Port first" in window.result_label.text()
    window.close()


def test_long_validation_message_wraps_and_never_widens_the_dialog(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path)
    qtbot.wait(50)
    width = dialog.width()
    type_into(qtbot, dialog.sender_email, "statements@acme-trading.com.sg.a-very-long-"
              "subdomain-name-that-goes-on-and-on.example-with-bad_char.com")
    qtbot.wait(100)
    message = dialog.fields["sender_email"].message
    assert message.isVisible() and message.wordWrap()
    assert dialog.width() == width
    assert message.width() <= dialog.sender_email.width() + 2


def test_reserved_domain_is_accepted_in_the_form(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path)
    type_into(qtbot, dialog.sender_email, "ar@corp.local")
    message = dialog.fields["sender_email"].message
    assert message.isVisible() and "reserved name (.local)" in message.text()  # a warning
    assert dialog.save_button.isEnabled()  # ...that does not block Save


def open_handover(qtbot, dialog) -> ErpHandoverDialog:
    qtbot.mouseClick(dialog.handover_button, Qt.MouseButton.LeftButton)
    handover = dialog.windows.handover
    qtbot.addWidget(handover)
    return handover


def test_handover_lists_the_erp_fields_in_order_and_copies_on_click(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path)
    handover = open_handover(qtbot, dialog)
    panel = handover.panel
    assert list(panel.values) == ERP_ORDER
    assert panel.values["smtp_host"].text() == "smtp.acme-trading.com"
    assert panel.values["port"].text() == "587"
    assert panel.values["logo_width"].text() == "180"
    password = panel.values["password"]
    assert password.echoMode() == QLineEdit.EchoMode.Password  # never shown unless revealed
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("something else")
    qtbot.mouseClick(panel.copy_buttons["smtp_host"], Qt.MouseButton.LeftButton)
    assert clipboard.text() == "smtp.acme-trading.com"
    assert clipboard.text() != PASSWORD
    qtbot.mouseClick(panel.copy_buttons["password"], Qt.MouseButton.LeftButton)
    assert clipboard.text() == PASSWORD  # only on its own, explicit click
    panel._clear_clipboard(PASSWORD)
    assert clipboard.text() == ""
    qtbot.mouseClick(panel.reveal_button, Qt.MouseButton.LeftButton)
    assert password.echoMode() == QLineEdit.EchoMode.Normal
    # The Login name is not on the ERP screen: the hand-over says A2000ERP cannot use it.
    notes = " ".join(label.text() for label in handover.findChildren(QLabel))
    assert "apikey" in notes and "A2000ERP cannot send through it" in notes
    assert "erp_login_differs" not in notes  # the code is for the report, not the window


def test_support_report_saved_from_the_handover_has_no_password(qtbot, tmp_path,
                                                                 monkeypatch):
    dialog = open_dialog(qtbot, tmp_path)
    handover = open_handover(qtbot, dialog)
    target = tmp_path / "report.html"
    monkeypatch.setattr(ErpHandoverDialog, "ask_save_path",
                        classmethod(lambda cls, parent: str(target)))
    qtbot.mouseClick(handover.save_report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "saved to" in handover.report_status.text(), timeout=5000)
    text = target.read_text(encoding="utf-8")
    assert "smtp.acme-trading.com" in text and "Email Password" in text
    for secret in (PASSWORD, base64.b64encode(PASSWORD.encode()).decode(),
                   base64.b64encode(f"\0apikey\0{PASSWORD}".encode()).decode()):
        assert secret not in text
    qtbot.mouseClick(handover.copy_report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "copied" in handover.report_status.text(), timeout=5000)
    copied = QGuiApplication.clipboard().text()
    assert "Values for A2000ERP" in copied and PASSWORD not in copied


def test_test_window_says_a_pass_with_an_erp_gap_is_not_a_pass_for_the_erp(
        qtbot, tmp_path, smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls", users={"apikey": PASSWORD})
    settings = SAVED.replace(smtp_host="localhost", port=server.port, ca_file=smtp_ca.cafile,
                             security=Security.STARTTLS)
    dialog = open_dialog(qtbot, tmp_path, settings)
    qtbot.mouseClick(dialog.test_send_button, Qt.MouseButton.LeftButton)
    window = dialog.windows.test_send
    qtbot.addWidget(window)
    window.mode_combo.setCurrentIndex(0)  # connection test
    window.start_test()
    qtbot.waitUntil(lambda: window.result is not None, timeout=15000)
    assert window.result.ok
    text = window.result_label.text()
    assert "A2000ERP may not be able to do the same" in text and "apikey" in text
    latest = (tmp_path / "latest-checks.json").read_text(encoding="utf-8")
    assert "erp_login_differs" in latest and PASSWORD not in latest
    window.close()


def test_handover_logo_size_is_what_the_preview_draws(qtbot, tmp_path):
    from tests.servers.http_images import ImageHost

    with ImageHost() as host:  # /logo.png is 400 x 120
        settings = SAVED.replace(logo_url=host.url("/logo.png"), logo_height=60,
                                 logo_width=250, logo_keep_aspect=True)
        dialog = open_dialog(qtbot, tmp_path, settings)
        panel = dialog.logo_preview
        qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.report is not None and panel.check_button.isEnabled(),
                        timeout=20000)
    # Fitted inside 250 x 60 with the aspect kept: 200 x 60 is what is drawn, and what
    # A2000ERP (which has no aspect option) must be given.
    assert (panel.display.width, panel.display.height) == (200, 60)
    handover = open_handover(qtbot, dialog)
    assert handover.panel.values["logo_width"].text() == "200"
    assert handover.panel.values["logo_height"].text() == "60"
    notes = " ".join(label.text() for label in handover.findChildren(QLabel))
    assert "the size the preview shows" in notes
    latest = (tmp_path / "latest-checks.json").read_text(encoding="utf-8")
    assert '"check_logo"' in latest  # kept for the support report


def test_handover_for_microsoft_365_names_the_dated_change(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path, SAVED.replace(smtp_host="smtp.office365.com",
                                                        login_name=""))
    handover = open_handover(qtbot, dialog)
    notes = " ".join(label.text() for label in handover.findChildren(QLabel))
    assert "end of December 2026" in notes and "MC786329" in notes


def test_wizard_sender_page_accepts_a_reserved_domain_with_a_warning(qtbot, tmp_path):
    from a2k_settings_gui.ui.wizard import open_wizard

    wizard = open_wizard(SettingsStore(tmp_path / "w.json"))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    sender = wizard.pages["SenderPage"]
    assert wizard.currentPage() is sender
    qtbot.keyClicks(sender.email, "ar@corp.local")
    assert sender.email_error.isVisible() and ".local is a reserved name" in \
        sender.email_error.text()
    assert sender.validatePage()
    assert wizard.draft.sender_email == "ar@corp.local"
