"""The dialog's Save and Apply: validate, then on a worker the one save path of core
(core.store.saving.save_with_password: the file first, the keyring second).

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
from a2k_settings_gui.core.store.saving import PasswordChange, SaveOutcome, save_with_password


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
        changed = self.password_field.is_changed()
        # An unchanged password is already in the keyring: it only follows a renamed login.
        change = PasswordChange(old_account=self.password_field.saved_account,
                                password=password if changed else "", replace=changed,
                                keyring_ok=self.password_field.keyring_ok)
        store = self.store

        def save(_token: Any, _progress: Any) -> SaveOutcome:
            return save_with_password(store, settings, change)

        self._saving = True
        self._revalidate()
        self.run_task(
            save,
            lambda outcome: self._on_saved(outcome, settings, password, close_after),
            self._on_save_failed,
        )

    def _on_saved(
        self, outcome: SaveOutcome, settings: EmailSettings, password: str, close: bool
    ) -> None:
        self._saving = False
        if not outcome.saved:
            self._revalidate()
            from PySide6.QtWidgets import QMessageBox  # on first need: not at start-up

            QMessageBox.warning(self, "Settings not saved", outcome.file_problem)
            return
        self._saved_settings = settings
        self.password_field.mark_saved(password, settings.effective_login,
                                       stored=outcome.password_in_keyring)
        if outcome.password_problem:
            self._show_banner(outcome.password_problem)
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
