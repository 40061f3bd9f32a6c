"""The dialog's save, as one function for a worker: the file first, then the keyring.

Runs off the GUI thread because the keyring may talk to the OS and the settings file may
sit on a network profile. The outcome says what was written, in words for the admin.
"""

from __future__ import annotations

from typing import Any

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
