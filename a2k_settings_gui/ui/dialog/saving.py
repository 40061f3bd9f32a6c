"""The dialog's Save and Apply: validate, then on a worker the file first, the keyring
second (`save_settings_and_password`).

Runs off the GUI thread because the keyring may talk to the OS and the settings file may
sit on a network profile. The outcome says what was written, in words for the admin.
`SaveFlow` is a mixin of EmailSettingDialog (ui/dialog/form.py), kept apart so the form
stays about the form.
"""

from __future__ import annotations

from typing import Any

from a2k_settings_gui.core import settings as settings_module
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore


def save_settings_and_password(store: SettingsStore, settings: EmailSettings, password: str,
                               old_account: str, password_changed: bool,
                               keyring_ok: bool) -> dict[str, Any]:
    """{"file": written?, "password": "unchanged"|"session"|what the keyring did,
    "message": words for the admin or ""}. A password is never part of the outcome."""
    from a2k_settings_gui.core import secrets
    from a2k_settings_gui.core.store import StoreError

    outcome: dict[str, Any] = {"file": False, "password": "unchanged", "message": ""}
    try:
        # The save and the password's move to a renamed login as one step under the
        # settings file's lock: a `password --stdin` in between cannot be lost.
        with store.locked():
            store.save(settings)
            outcome["file"] = True
            if not keyring_ok:
                outcome["password"] = "session"
                return outcome
            new_account = settings.effective_login
            try:
                if password_changed or old_account != new_account:
                    outcome["password"] = secrets.update_login_password(
                        old_account, new_account, password,
                        delete_if_empty=password_changed)
            except secrets.KeyringUnavailable as exc:
                outcome["password"] = "session"
                outcome["message"] = str(exc)
    except StoreError as exc:
        outcome["message"] = str(exc)
    return outcome


class SaveFlow:
    """Save (Ctrl+S, Save, Apply) for the dialog, which provides what is declared here."""

    store: SettingsStore
    fields: dict[str, Any]
    password: Any
    password_field: Any
    save_button: Any
    saved: Any
    _saving: bool
    _saved_settings: EmailSettings
    _touched: set[str]

    def _on_save_shortcut(self) -> None:
        if self.save_button.isEnabled():
            self._save(close_after=False)

    def _save(self, close_after: bool) -> None:
        self.finish_building()
        if not settings_module.email_library_loaded():
            import email_validator  # noqa: F401 - Save always runs the full address check
        if self.form_problems() or self._saving:
            self._touched.update(self.fields)
            self._revalidate()
            return
        settings = self.current_settings()
        password = self.password.text()
        old_account = self.password_field.saved_account
        password_changed = self.password_field.is_changed()
        keyring_ok, store = self.password_field.keyring_ok, self.store

        def save(_token: Any, _progress: Any) -> dict[str, Any]:
            return save_settings_and_password(store, settings, password, old_account,
                                              password_changed, keyring_ok)

        self._saving = True
        self._revalidate()
        self.run_task(
            save,
            lambda outcome: self._on_saved(outcome, settings, password, close_after),
            self._on_save_failed,
        )

    def _on_saved(
        self, outcome: dict[str, Any], settings: EmailSettings, password: str, close: bool
    ) -> None:
        self._saving = False
        if not outcome["file"]:
            self._revalidate()
            from PySide6.QtWidgets import QMessageBox  # on first need: not at start-up

            QMessageBox.warning(self, "Settings not saved", outcome["message"])
            return
        self._saved_settings = settings
        self.password_field.mark_saved(password, settings.effective_login,
                                       stored=outcome["password"] != "session")
        if outcome["message"]:
            self._show_banner(outcome["message"])
        self._revalidate()
        self.saved.emit(settings)
        if close:
            self.accept()

    def _on_save_failed(self, error: object) -> None:
        self._saving = False
        self._revalidate()
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(
            self, "Settings not saved", f"Saving failed ({type(error).__name__}); nothing changed."
        )
