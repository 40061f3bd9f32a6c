"""The dialog and the wizard save the same file for the same input: both go through the one
save path (core.store.saving) and the one default-port rule (core.settings.stored_port).
Driven with real key events on both, against loopback DNS and SMTP for the wizard's
detection."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.detect.autodetect import DetectOptions
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.wizard import SetupWizard
from tests.servers.detect_env import closed_port, detect_tls  # noqa: F401
from tests.ui.wizard_env import ADDRESS, go_next

pytestmark = pytest.mark.timeout(90)

NAME = "ACME Accounts"
HOST = "smtp.acme-widgets.com"
SECRET = "Same-Path-Pw-3141"
# What the admin types in both windows: the fields the ERP screen has.
COMPARED = ("sender_email", "sender_name", "smtp_host", "security", "port", "login_name")


def retype(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    qtbot.keyClicks(widget, text)


def choose_by_keys(qtbot, combo, value: str) -> None:
    """Pick an entry as the admin does: focus the box, Home, then Down until it shows."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == value:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == value


def saved_fields(path) -> dict:
    settings = json.loads(path.read_text(encoding="utf-8"))["settings"]
    return {key: settings[key] for key in COMPARED}


def save_in_dialog(qtbot, path, security: str, port: str) -> None:
    dialog = EmailSettingDialog(SettingsStore(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.password.isEnabled())  # the keyring read finished
    retype(qtbot, dialog.sender_email, ADDRESS)
    retype(qtbot, dialog.smtp_host, HOST)
    choose_by_keys(qtbot, dialog.security, security)
    retype(qtbot, dialog.port, port)
    retype(qtbot, dialog.password, SECRET)
    retype(qtbot, dialog.sender_name, NAME)
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.keyClick(dialog.sender_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def save_in_wizard(qtbot, path, security: str, port: str, loopback_dns, tls,
                   expect_saved: bool = True) -> SetupWizard:
    wizard = SetupWizard(
        SettingsStore(path),
        defaults=EmailSettings(dns_servers=(loopback_dns,), ca_file=tls.ca_file),
        detect_options=DetectOptions(autoconfig_urls=(), ca_file=tls.ca_file,
                                     port_map={p: closed_port() for p in (465, 587, 25, 2525)}),
        detect_timeout=8, check_timeout=10)
    qtbot.addWidget(wizard)
    wizard.show()
    go_next(qtbot, wizard)  # welcome
    sender = wizard.pages["SenderPage"]
    retype(qtbot, sender.email, ADDRESS)
    retype(qtbot, sender.name, NAME)
    go_next(qtbot, wizard)
    server = wizard.pages["ServerPage"]
    qtbot.waitUntil(lambda: not server.is_detecting() and wizard.detection is not None,
                    timeout=15000)
    retype(qtbot, server.host, HOST)
    choose_by_keys(qtbot, server.security, security)
    retype(qtbot, server.port, port)
    go_next(qtbot, wizard)
    test = wizard.pages["SendTestPage"]  # sign-in and test, one page
    retype(qtbot, test.password, SECRET)
    test.skip.setFocus()
    qtbot.keyClick(test.skip, Qt.Key.Key_Space)
    retype(qtbot, test.reason, "tested from the server room")
    while wizard.currentPage() is not wizard.pages["SummaryPage"]:
        go_next(qtbot, wizard)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    if not expect_saved:
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(finish.isEnabled, timeout=10000)  # the save ended, unsaved
        return wizard
    with qtbot.waitSignal(wizard.saved, timeout=10000):
        qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    return wizard


@pytest.mark.parametrize(("security", "port", "stored"), [
    ("starttls", "587", None),  # STARTTLS's own port: follows the mode
    ("auto", "587", None),
    ("ssl", "465", None),
    ("ssl", "587", 587),  # a port apart from the mode's default is kept
    ("starttls", "2525", 2525),
])
def test_the_dialog_and_the_wizard_save_the_same_file(
        qtbot, tmp_path, loopback_dns, detect_tls, security, port, stored):  # noqa: F811
    from_dialog, from_wizard = tmp_path / "dialog.json", tmp_path / "wizard.json"
    save_in_dialog(qtbot, from_dialog, security, port)
    save_in_wizard(qtbot, from_wizard, security, port, loopback_dns, detect_tls)
    assert saved_fields(from_dialog) == saved_fields(from_wizard)
    assert saved_fields(from_dialog)["port"] == stored
    assert saved_fields(from_wizard)["security"] == security
    for path in (from_dialog, from_wizard):
        assert SECRET not in path.read_text(encoding="utf-8")
    assert secrets.get_password(ADDRESS) == SECRET


def test_without_a_keyring_both_save_the_file_and_say_the_password_is_for_this_session(
        qtbot, tmp_path, loopback_dns, detect_tls, no_keyring, message_boxes):  # noqa: F811
    from_dialog, from_wizard = tmp_path / "dialog.json", tmp_path / "wizard.json"
    save_in_dialog(qtbot, from_dialog, "starttls", "587")
    save_in_wizard(qtbot, from_wizard, "starttls", "587", loopback_dns, detect_tls)
    assert saved_fields(from_dialog) == saved_fields(from_wizard)
    warnings = [(title, text) for kind, title, text in message_boxes.calls
                if kind == "warning"]
    assert [title for title, _text in warnings] == ["Password not stored"]  # the wizard
    assert "No password store" in warnings[0][1] and SECRET not in warnings[0][1]
    for path in (from_dialog, from_wizard):
        assert SECRET not in path.read_text(encoding="utf-8")


def test_a_file_that_cannot_be_written_is_said_and_stores_no_password(
        qtbot, tmp_path, loopback_dns, detect_tls, message_boxes):  # noqa: F811
    path = tmp_path / "wizard.json"
    # Written by a newer version of the tool: read-only here, never overwritten.
    path.write_text(json.dumps({"format": "a2k-email-settings", "version": 99,
                                "settings": {}}), encoding="utf-8")
    before = path.read_bytes()
    wizard = save_in_wizard(qtbot, path, "starttls", "587", loopback_dns, detect_tls,
                            expect_saved=False)
    assert wizard.isVisible()  # the admin can still copy the values or cancel
    assert [(kind, title) for kind, title, _text in message_boxes.calls] == [
        ("warning", "Settings not saved")]
    assert "read-only" in message_boxes.calls[0][2]
    assert path.read_bytes() == before
    assert secrets.get_password(ADDRESS) is None

