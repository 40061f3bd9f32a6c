"""Saving while the stored password is still being read from the keyring.

The dialog reads the password on a worker after it opens; a locked Credential Manager
can take seconds. An admin who presses Ctrl+S in that moment saves the other fields with
the password left as stored. What they would notice if this went wrong: the dialog then
says "Goes to the password store on Save" for a password they never touched, and asks to
discard changes on closing although everything is saved.
"""

from __future__ import annotations

import threading

from keyrings.alt.file import PlaintextKeyring
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui import app

SAVED = EmailSettings(sender_email="ar@acme.com", smtp_host="smtp.acme.com",
                      security=Security.SSL, port=None, sender_name="ACME Accounts")


class SlowKeyring(PlaintextKeyring):
    """A real file keyring whose reads wait until the test lets them answer."""

    def __init__(self, file_path: str) -> None:
        super().__init__()
        self.file_path = file_path
        self.answer = threading.Event()

    def get_password(self, service, username):  # noqa: ANN001, ANN201
        self.answer.wait(10)
        return super().get_password(service, username)


def test_ctrl_s_before_the_stored_password_arrives_keeps_it_and_leaves_nothing_unsaved(
        qtbot, tmp_path, temp_keyring):
    import keyring

    temp_keyring.set_password("a2k-settings-gui/smtp", "ar@acme.com", "pw-1")
    slow = SlowKeyring(temp_keyring.file_path)
    keyring.set_keyring(slow)
    path = tmp_path / "s.json"
    SettingsStore(path).save(SAVED)
    dialog = app.open_main_window(config=path, start="auto")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=5000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    assert not dialog.password_field.edit.isEnabled()  # still reading the keyring
    dialog.sender_name.selectAll()
    qtbot.keyClicks(dialog.sender_name, "Acme Billing")
    # The stored password arrives while the save is under way.
    slow.answer.set()
    qtbot.keyClick(dialog.sender_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: SettingsStore(path).load().settings.sender_name == "Acme Billing",
                    timeout=5000)
    qtbot.waitUntil(dialog.password_field.edit.isEnabled, timeout=5000)
    qtbot.waitUntil(lambda: not dialog._saver.busy, timeout=5000)
    assert dialog.password_field.text() == "pw-1"
    assert dialog.password_field.status.text() == "Stored in this computer's password store."
    assert not dialog.has_unsaved_changes()
    assert slow.get_password("a2k-settings-gui/smtp", "ar@acme.com") == "pw-1"
