"""The dialog's Save and Apply: on a worker the file first, the keyring second
(`save_settings_and_password`).

Runs off the GUI thread because the keyring may talk to the OS and the settings file may
sit on a network profile. The outcome says what was written, in words for the admin.
`SaveController` is an object the dialog (ui/dialog/form.py) holds: the dialog validates
and hands it the settings; it saves, tells the password field what the keyring now holds,
and reports back by signals.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog.password_field import StoredPasswordField
from a2k_settings_gui.ui.kit.form_state import FormState


def save_settings_and_password(store: SettingsStore, settings: EmailSettings, password: str,
                               old_account: str, password_changed: bool,
                               keyring_ok: bool) -> dict[str, Any]:
    """{"file": written?, "password": "unchanged"|"session"|what the keyring did,
    "message": words for the admin or ""}. A password is never part of the outcome."""
    from a2k_settings_gui.core import secrets
    from a2k_settings_gui.core.store import StoreError

    outcome: dict[str, Any] = {"file": False, "password": "unchanged", "message": ""}
    try:
        store.save(settings)
    except StoreError as exc:
        outcome["message"] = str(exc)
        return outcome
    outcome["file"] = True
    if not keyring_ok:
        outcome["password"] = "session"
        return outcome
    new_account = settings.effective_login
    try:
        if password_changed or old_account != new_account:
            outcome["password"] = secrets.update_login_password(
                old_account, new_account, password, delete_if_empty=password_changed
            )
    except secrets.KeyringUnavailable as exc:
        outcome["password"] = "session"
        outcome["message"] = str(exc)
    return outcome


class SaveController(QObject):
    """Signals:
    busy_changed(bool): a save started (True) or ended (False).
    saved(object, str, bool): the EmailSettings written, words for the admin ("" when
        none), and whether the window asked to close after saving.
    """

    busy_changed = Signal(bool)
    saved = Signal(object, str, bool)

    def __init__(self, form: FormState, store: SettingsStore,
                 password_field: StoredPasswordField, host: QWidget) -> None:
        """`host`: the window whose message boxes say when nothing was saved."""
        super().__init__(host)
        self._form = form
        self._store = store
        self._password_field = password_field
        self._host = host
        self.busy = False

    def save(self, settings: EmailSettings, close_after: bool) -> None:
        """Write `settings` (already validated by the form) and the typed password."""
        if self.busy:
            return
        field = self._password_field
        password = field.text()
        old_account = field.saved_account
        password_changed = field.is_changed()
        keyring_ok, store = field.keyring_ok, self._store

        def save(_token: Any, _progress: Any) -> dict[str, Any]:
            return save_settings_and_password(store, settings, password, old_account,
                                              password_changed, keyring_ok)

        self._set_busy(True)
        self._form.run_task(
            save,
            lambda outcome: self._on_saved(outcome, settings, password, close_after),
            self._on_save_failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _on_saved(
        self, outcome: dict[str, Any], settings: EmailSettings, password: str, close: bool
    ) -> None:
        if not outcome["file"]:
            self._set_busy(False)
            from PySide6.QtWidgets import QMessageBox  # on first need: not at start-up

            QMessageBox.warning(self._host, "Settings not saved", outcome["message"])
            return
        self._password_field.mark_saved(password, settings.effective_login,
                                        stored=outcome["password"] != "session")
        self.busy = False
        self.saved.emit(settings, outcome["message"], close)

    def _on_save_failed(self, error: object) -> None:
        self._set_busy(False)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(
            self._host, "Settings not saved",
            f"Saving failed ({type(error).__name__}); nothing changed.")
