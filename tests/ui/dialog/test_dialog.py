"""The Email Setting dialog, driven like an admin would with pytest-qt."""

from __future__ import annotations

import json
import threading

import pytest
from PySide6.QtCore import Qt

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog

PASSWORD = "Pw-for-Dialog-7781"


def open_dialog(qtbot, path) -> EmailSettingDialog:
    dialog = EmailSettingDialog(SettingsStore(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.password.isEnabled())  # keyring read finished
    return dialog


def type_into(qtbot, widget, text):
    widget.selectAll() if hasattr(widget, "selectAll") else None
    widget.clear()
    qtbot.keyClicks(widget, text)


def fill_valid(qtbot, dialog):
    type_into(qtbot, dialog.sender_email, "statements@acme.com")
    type_into(qtbot, dialog.smtp_host, "smtp.acme.com")
    type_into(qtbot, dialog.password, PASSWORD)
    type_into(qtbot, dialog.sender_name, "ACME Accounts")


def save(qtbot, dialog, button="save"):
    widget = dialog.save_button if button == "save" else dialog.apply_button
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_labels_and_groups_mirror_the_erp_screen(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path / "s.json")
    assert dialog.windowTitle() == "Email Setting"
    assert dialog.findChild(type(dialog.banner), "breadcrumb").text() == (
        "HOME – SYSTEM ADMIN – COMPANY – Email Setting"
    )
    titles = [dialog.findChild(object, name).title() for name in
              ("mail_server_group", "logo_group", "sending_group")]
    assert titles == ["Mail Server Setting", "Company Logo Information", "Mail Sending Control"]
    assert "support staff will never ask" in dialog.findChild(object, "privacy_note").text()
    assert "5.7.26" in dialog.findChild(object, "gmail_note").text()
    assert "hot-linking" in dialog.findChild(object, "hotlink_note").text()
    assert dialog.sender_email.accessibleName() == "Sender Email ID"


def test_fill_save_reopen_restores_values(qtbot, tmp_path):
    path = tmp_path / "s.json"
    dialog = open_dialog(qtbot, path)
    fill_valid(qtbot, dialog)
    dialog.security.setCurrentIndex(dialog.security.findData("ssl"))
    dialog.logo_height.setValue(90)
    save(qtbot, dialog)
    assert not dialog.isVisible()

    again = open_dialog(qtbot, path)
    assert again.sender_email.text() == "statements@acme.com"
    assert again.smtp_host.text() == "smtp.acme.com"
    assert again.security.currentData() == "ssl"
    assert again.port.text() == "465"
    assert again.password.text() == PASSWORD
    assert again.current_settings().logo_height == 90
    assert secrets.get_password("statements@acme.com") == PASSWORD


def test_invalid_input_blocks_save_with_a_visible_message(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path / "s.json")
    fill_valid(qtbot, dialog)
    assert dialog.save_button.isEnabled()
    type_into(qtbot, dialog.port, "99999")
    message = dialog.findChild(object, "port_error")
    assert message.isVisible()
    assert message.text() == "Port must be a whole number from 1 to 65535"
    assert not dialog.save_button.isEnabled() and not dialog.apply_button.isEnabled()
    assert "Port" in dialog.summary.text()
    type_into(qtbot, dialog.port, "2525")
    assert not message.isVisible() and dialog.save_button.isEnabled()


def test_new_form_lists_required_fields_without_shouting(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path / "s.json")
    assert not dialog.save_button.isEnabled()
    assert "Sender Email ID" in dialog.summary.text()
    assert not dialog.findChild(object, "sender_email_error").isVisible()
    type_into(qtbot, dialog.sender_email, "not-an-address")
    assert dialog.findChild(object, "sender_email_error").isVisible()


def test_port_follows_security_until_typed(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path / "s.json")
    dialog.security.setCurrentIndex(dialog.security.findData("ssl"))
    assert dialog.port.text() == "465"
    dialog.security.setCurrentIndex(dialog.security.findData("none"))
    assert dialog.port.text() == "25"
    type_into(qtbot, dialog.port, "2525")
    dialog.security.setCurrentIndex(dialog.security.findData("starttls"))
    assert dialog.port.text() == "2525"
    assert dialog.current_settings().port == 2525


def test_cancel_changes_nothing(qtbot, tmp_path):
    path = tmp_path / "s.json"
    SettingsStore(path).save(EmailSettings(sender_email="a@acme.com", smtp_host="smtp.acme.com"))
    before = path.read_bytes()
    dialog = open_dialog(qtbot, path)
    type_into(qtbot, dialog.smtp_host, "smtp.other.com")
    asked = []
    dialog.ask_discard_changes = lambda: asked.append(True) or True
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert asked == [True]
    assert not dialog.isVisible()
    assert path.read_bytes() == before


def test_closing_with_changes_asks_and_can_stay_open(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path / "s.json")
    type_into(qtbot, dialog.smtp_host, "smtp.other.com")
    dialog.ask_discard_changes = lambda: False
    dialog.close()
    assert dialog.isVisible()


def test_closing_without_changes_does_not_ask(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path / "s.json")
    dialog.ask_discard_changes = lambda: pytest.fail("asked without changes")
    dialog.close()
    assert not dialog.isVisible()


def test_password_is_masked_with_a_show_hide_toggle(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path / "s.json")
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    qtbot.mouseClick(dialog.password_toggle, Qt.MouseButton.LeftButton)
    assert dialog.password.echoMode() == dialog.password.EchoMode.Normal
    qtbot.mouseClick(dialog.password_toggle, Qt.MouseButton.LeftButton)
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password


def test_password_never_reaches_the_settings_file(qtbot, tmp_path):
    path = tmp_path / "s.json"
    dialog = open_dialog(qtbot, path)
    fill_valid(qtbot, dialog)
    save(qtbot, dialog)
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text
    assert "password" not in json.loads(text)["settings"]


def save_then_change_the_login(qtbot, tmp_path) -> None:
    dialog = open_dialog(qtbot, tmp_path / "s.json")
    fill_valid(qtbot, dialog)
    save(qtbot, dialog, "apply")
    type_into(qtbot, dialog.login_name, "apikey")
    save(qtbot, dialog, "apply")


def test_changing_the_login_moves_the_stored_password(qtbot, tmp_path):
    save_then_change_the_login(qtbot, tmp_path)
    assert secrets.get_password("apikey") == PASSWORD
    assert secrets.get_password("statements@acme.com") is None


def test_keep_aspect_scales_the_other_side(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path / "s.json")
    dialog.keep_aspect.setChecked(False)
    dialog.logo_height.setValue(50)
    dialog.logo_width.setValue(200)
    dialog.keep_aspect.setChecked(True)
    dialog.logo_height.setValue(100)
    assert dialog.logo_width.value() == 400
    dialog.keep_aspect.setChecked(False)
    dialog.logo_height.setValue(60)
    assert dialog.logo_width.value() == 400


def test_without_a_keyring_the_admin_is_told_and_can_still_work(qtbot, tmp_path, no_keyring):
    path = tmp_path / "s.json"
    dialog = open_dialog(qtbot, path)
    assert dialog.banner.isVisible()
    assert "No password store" in dialog.banner.text()
    assert "session only" in dialog.password_status.text()
    fill_valid(qtbot, dialog)
    save(qtbot, dialog, "apply")
    assert dialog.current_password() == PASSWORD
    assert PASSWORD not in path.read_text(encoding="utf-8")


def test_corrupt_file_is_reported_in_the_dialog(qtbot, tmp_path):
    path = tmp_path / "s.json"
    path.write_text("{broken", encoding="utf-8")
    dialog = open_dialog(qtbot, path)
    assert "damaged" in dialog.banner.text()
    assert list(tmp_path.glob("s.json.corrupt-*.bak"))


def test_newer_version_file_opens_read_only(qtbot, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"format": "a2k-email-settings", "version": 99, "settings": {
        "sender_email": "a@acme.com", "smtp_host": "smtp.acme.com"}}), encoding="utf-8")
    dialog = open_dialog(qtbot, path)
    assert dialog.smtp_host.text() == "smtp.acme.com"
    assert not dialog.save_button.isEnabled()
    assert "newer version" in dialog.banner.text()


def test_current_settings_reflect_unsaved_edits(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path / "s.json")
    fill_valid(qtbot, dialog)
    settings = dialog.current_settings()
    assert settings.sender_email == "statements@acme.com"
    assert settings.security is Security.AUTO
    assert dialog.current_password() == PASSWORD


def test_closing_while_the_keyring_loads_is_clean(qtbot, qtlog, tmp_path, temp_keyring,
                                                 monkeypatch):
    """The window closes while its worker still reads the password: the read ends on its
    own, its late result reaches no deleted widget, nothing is saved, nothing is raised
    on any thread and Qt warns of no destroyed thread."""
    path = tmp_path / "s.json"
    SettingsStore(path).save(EmailSettings(sender_email="a@acme.com", smtp_host="smtp.acme.com"))
    temp_keyring.set_password(secrets.SERVICE_NAME, "a@acme.com", PASSWORD)
    reading, release = threading.Event(), threading.Event()
    real_get = temp_keyring.get_password

    def slow_get(service, account):  # a keyring that takes its time, as Windows' may
        reading.set()
        release.wait(10)
        return real_get(service, account)

    monkeypatch.setattr(temp_keyring, "get_password", slow_get)
    thread_errors = []
    monkeypatch.setattr(threading, "excepthook", thread_errors.append)
    before = path.read_bytes()

    dialog = EmailSettingDialog(SettingsStore(path))
    dialog.show()
    qtbot.waitUntil(reading.is_set, timeout=5000)  # the password is read on a worker
    assert not dialog.password.isEnabled()  # still loading
    worker = next(t for t in threading.enumerate() if t.name == "a2k-read")
    dialog.close()
    dialog.deleteLater()
    qtbot.wait(50)
    release.set()  # the read finishes after the window is gone
    worker.join(5)
    assert not worker.is_alive()
    qtbot.wait(200)  # its result arrives now, and is dropped
    assert thread_errors == []
    assert path.read_bytes() == before
    assert not [r.message for r in qtlog.records
                if "QThread" in r.message or "destroyed" in r.message.lower()]


def test_password_never_reaches_any_log(qtbot, tmp_path, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    save_then_change_the_login(qtbot, tmp_path)
    assert PASSWORD not in caplog.text
    for record in caplog.records:
        assert PASSWORD not in str(record.args)


def test_limits_labels_and_examples_come_from_the_field_table(qtbot, tmp_path):
    from a2k_settings_gui.core.settings import FIELDS_BY_KEY

    dialog = open_dialog(qtbot, tmp_path / "s.json")
    for key, box in (("logo_height", dialog.logo_height), ("logo_width", dialog.logo_width),
                     ("max_mails_per_batch", dialog.max_mails),
                     ("batch_interval_seconds", dialog.batch_interval)):
        spec = FIELDS_BY_KEY[key]
        assert (box.minimum(), box.maximum()) == (spec.low, spec.high)
        assert box.accessibleName() == spec.label
    assert dialog.sender_email.placeholderText() == FIELDS_BY_KEY["sender_email"].example
    assert dialog.security.toolTip() == FIELDS_BY_KEY["security"].help
