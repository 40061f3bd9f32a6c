"""The dialog's Save and Apply: on a worker the one save path of core
(core.store.saving.save_with_password: the file first, the keyring second).

Runs off the GUI thread because the keyring may talk to the OS and the settings file may
sit on a network profile. The outcome says what was written, in words for the admin.
`SaveController` is an object the dialog (ui/dialog/form.py) holds: the dialog validates
and hands it the settings; it saves, tells the password field what the keyring now holds,
and reports back by signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog.password_field import StoredPasswordField
from a2k_settings_gui.ui.kit.form_state import FormState

if TYPE_CHECKING:
    from a2k_settings_gui.core.store.saving import SaveOutcome


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
        changed = field.is_changed()
        # An unchanged password is already in the keyring: it only follows a renamed login.
        # Imported on the first save, not before the window first paints.
        from a2k_settings_gui.core.store.saving import PasswordChange, save_with_password

        change = PasswordChange(old_account=field.saved_account,
                                password=password if changed else "", replace=changed,
                                keyring_ok=field.keyring_ok)
        store = self._store

        def save(_token: Any, _progress: Any) -> SaveOutcome:
            return save_with_password(store, settings, change)

        self._set_busy(True)
        self._form.run_task(
            save,
            lambda outcome: self._on_saved(
                outcome, settings, password if changed else None, close_after),
            self._on_save_failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _on_saved(
        self, outcome: SaveOutcome, settings: EmailSettings, password: str | None,
        close: bool
    ) -> None:
        if not outcome.saved:
            self._set_busy(False)
            from PySide6.QtWidgets import QMessageBox  # on first need: not at start-up

            QMessageBox.warning(self._host, "Settings not saved", outcome.file_problem)
            return
        self._password_field.mark_saved(password, settings.effective_login,
                                        stored=outcome.password_in_keyring)
        self.busy = False
        self.saved.emit(settings, outcome.password_problem, close)

    def _on_save_failed(self, error: object) -> None:
        self._set_busy(False)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(
            self._host, "Settings not saved",
            f"Saving failed ({type(error).__name__}); nothing changed.")
