"""The machine-wide preset in the GUI: locked fields are read-only with the reason (under
the field and in its tooltip), typing into them changes nothing, the other fields stay the
admin's, and the first-start wizard opens filled in with the preset's values."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from a2k_settings_gui.ui.kit.locked_fields import LOCK_NOTE


@pytest.fixture
def preset(tmp_path, monkeypatch):
    path = tmp_path / "ProgramData" / "a2k-settings-gui" / "preset.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({
        "format": "a2k-email-settings", "version": 1,
        "settings": {"smtp_host": "smtp.office365.com", "port": 587, "security": "starttls",
                     "max_mails_per_batch": 30, "logo_keep_aspect": True},
        "locked": ["smtp_host", "port", "security", "max_mails_per_batch"]}),
        encoding="utf-8")
    monkeypatch.setenv("A2K_PRESET_FILE", str(path))
    return path


def open_dialog(qtbot, path) -> EmailSettingDialog:
    dialog = EmailSettingDialog(SettingsStore(path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.password.isEnabled())
    return dialog


def test_locked_fields_are_read_only_with_the_reason(qtbot, tmp_path, preset):
    config = tmp_path / "email-settings.json"
    SettingsStore(config).save(EmailSettings(sender_email="ar@acme.com",
                                             smtp_host="mail.acme.com", port=25))
    dialog = open_dialog(qtbot, config)
    assert dialog.smtp_host.text() == "smtp.office365.com"  # the preset wins
    assert dialog.port.text() == "587"
    for key in ("smtp_host", "port", "security", "max_mails_per_batch"):
        note = dialog.findChild(QLabel, f"{key}_locked")
        assert note is not None and note.isVisible() and note.text() == LOCK_NOTE, key
        editor = dialog.fields[key].editor
        assert str(preset) in editor.toolTip() and "IT department" in editor.toolTip()
    assert dialog.smtp_host.isReadOnly() and not dialog.security.isEnabled()
    assert dialog.findChild(QLabel, "sender_email_locked") is None

    # Typing into a locked field changes nothing; an unlocked one still takes the keys.
    dialog.smtp_host.setFocus()
    qtbot.keyClick(dialog.smtp_host, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.smtp_host, "x")
    assert dialog.smtp_host.text() == "smtp.office365.com"
    dialog.sender_name.setFocus()
    qtbot.keyClicks(dialog.sender_name, "ACME Accounts")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = json.loads(config.read_text(encoding="utf-8"))["settings"]
    assert saved["sender_name"] == "ACME Accounts"
    assert saved["smtp_host"] == "smtp.office365.com" and saved["port"] in (587, None)


def test_a_damaged_preset_is_said_in_the_banner(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "preset.json"
    path.write_text("{broken", encoding="utf-8")
    monkeypatch.setenv("A2K_PRESET_FILE", str(path))
    dialog = open_dialog(qtbot, tmp_path / "email-settings.json")
    assert dialog.banner.isVisible()
    assert "machine-wide preset" in dialog.banner.text() and str(path) in dialog.banner.text()


def test_the_first_start_wizard_is_filled_in_from_the_preset(qtbot, tmp_path, preset):
    from a2k_settings_gui.ui.wizard import SetupWizard

    store = SettingsStore(tmp_path / "email-settings.json")
    wizard = SetupWizard(store, first_start=True)
    qtbot.addWidget(wizard)
    assert wizard.draft.smtp_host == "smtp.office365.com"
    assert wizard.draft.max_mails_per_batch == 30
    # A page writing a locked field cannot change it; the others are the admin's.
    wizard.update_draft(smtp_host="smtp.gmail.com", sender_email="ar@acme.com")
    assert wizard.draft.smtp_host == "smtp.office365.com"
    assert wizard.settings_to_save().sender_email == "ar@acme.com"


def test_a_locked_port_stays_when_the_security_list_changes(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "preset.json"
    path.write_text(json.dumps({"format": "a2k-email-settings", "version": 1,
                                "settings": {"port": 587}, "locked": ["port"]}),
                    encoding="utf-8")
    monkeypatch.setenv("A2K_PRESET_FILE", str(path))
    dialog = open_dialog(qtbot, tmp_path / "email-settings.json")
    assert dialog.port.text() == "587" and dialog.port.isReadOnly()
    assert dialog.security.isEnabled()  # not locked: still the admin's choice
    dialog.security.setFocus()
    qtbot.keyClick(dialog.security, Qt.Key.Key_Home)
    for _ in range(dialog.security.count()):  # to SSL/TLS, whose own port would be 465
        if dialog.security.currentData() == "ssl":
            break
        qtbot.keyClick(dialog.security, Qt.Key.Key_Down)
    assert dialog.security.currentData() == "ssl"
    assert dialog.port.text() == "587"


def test_the_wizard_shows_locked_fields_read_only_with_the_reason(qtbot, tmp_path,
                                                                  monkeypatch):
    """The same locks as the dialog's, on the wizard's pages: typing into a locked field
    changes nothing, the reason is under the field and in its tooltip (with the preset's
    path), and detection never moves a locked server."""
    from a2k_settings_gui.ui.wizard import SetupWizard
    from tests.ui.wizard_env import go_next

    path = tmp_path / "preset.json"
    path.write_text(json.dumps({
        "format": "a2k-email-settings", "version": 1,
        "settings": {"sender_name": "ACME Accounts", "smtp_host": "smtp.office365.com",
                     "port": 587, "max_mails_per_batch": 30},
        "locked": ["sender_name", "smtp_host", "port", "max_mails_per_batch"]}),
        encoding="utf-8")
    monkeypatch.setenv("A2K_PRESET_FILE", str(path))
    wizard = SetupWizard(SettingsStore(tmp_path / "email-settings.json"), first_start=True,
                         detect_timeout=1)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.pages.built)
    go_next(qtbot, wizard)  # welcome
    page = wizard.currentPage()
    assert page.objectName() == "sender_page"
    assert page.name.text() == "ACME Accounts" and page.name.isReadOnly()
    note = page.findChild(QLabel, "sender_name_locked")
    assert note is not None and note.isVisible() and note.text() == LOCK_NOTE
    assert str(path) in page.name.toolTip() and "IT department" in page.name.toolTip()
    page.name.setFocus()
    qtbot.keyClick(page.name, Qt.Key.Key_End)
    qtbot.keyClicks(page.name, " Ltd")
    assert page.name.text() == "ACME Accounts"
    # The unlocked address still takes the keys.
    page.email.setFocus()
    qtbot.keyClicks(page.email, "ar@acme.com")
    assert page.email.text() == "ar@acme.com"
    assert page.findChild(QLabel, "sender_email_locked") is None

    server = wizard.pages["ServerPage"]
    for key, editor in (("smtp_host", server.host), ("port", server.port)):
        note = server.findChild(QLabel, f"{key}_locked")
        assert note is not None and note.text() == LOCK_NOTE, key
        assert editor.isReadOnly() and str(path) in editor.toolTip(), key
    assert server.security.isEnabled()  # not locked
    assert server.findChild(QLabel, "security_locked") is None
    wizard.setStartId(wizard.page_id("ServerPage"))
    wizard.restart()
    assert wizard.currentPage() is server
    qtbot.waitUntil(lambda: not server.is_detecting(), timeout=15000)
    assert server.host.text() == "smtp.office365.com" and server.port.text() == "587"
    assert server.findChild(QLabel, "smtp_host_locked").isVisible()
    server.host.setFocus()
    qtbot.keyClick(server.host, Qt.Key.Key_End)
    qtbot.keyClicks(server.host, "x")
    assert server.host.text() == "smtp.office365.com"
    sending = wizard.pages["SendingPage"]
    assert sending.batch.isReadOnly() and sending.findChild(QLabel, "max_mails_per_batch_locked")
