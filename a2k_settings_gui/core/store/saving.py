"""The one save path: the settings file first, then the password in the keyring.

Every writer uses it: the Email Setting dialog, the setup wizard, `set` and `import`.

Rules (and why):
- The file comes first. When it cannot be written, the keyring is not touched, so the
  stored password always belongs to the login name the file names.
- A renamed login takes its stored password along, so no orphaned secret stays behind
  under the old name (`PasswordChange.old_account`; empty means "nothing to follow", as
  for an import from another desktop).
- A keyring that is missing or refuses is not a failed save: the file is written and the
  outcome says the password was not stored (it is kept for this session only), with the
  keyring's words for what to do.
- The file and the keyring change as one step under the settings file's lock.
- The outcome never carries the password.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore, StoreError


class PasswordOutcome(str, Enum):
    """What the save did with the password (the value is the word in JSON reports)."""

    STORED = "stored"  # the typed password is in the keyring under the login name
    MOVED = "moved"  # no password typed; the stored one now belongs to the renamed login
    DELETED = "deleted"  # the admin emptied the password field: the stored one is removed
    UNCHANGED = "unchanged"  # nothing to do, or the file was not written
    NOT_STORED = "not_stored"  # no usable keyring: the password is kept for this session


@dataclass(frozen=True)
class PasswordChange:
    """What the caller asks of the keyring.

    old_account: the keyring account the saved settings used ("" when there is none to
        follow: a first save, an import).
    password: the password typed now ("" when none was typed).
    replace: the typed value replaces the stored one, and an empty one deletes it (the
        dialog's password field was edited). False: a typed password is stored, an empty
        one leaves the keyring as it is.
    keyring_ok: False when the caller already knows there is no usable keyring (the
        dialog found none when it opened): nothing is tried and the password is kept for
        the session.
    """

    old_account: str = ""
    password: str = ""
    replace: bool = False
    keyring_ok: bool = True

    def __repr__(self) -> str:  # never the password, even in a traceback or a log
        return (f"PasswordChange(old_account={self.old_account!r}, password=<hidden>, "
                f"replace={self.replace}, keyring_ok={self.keyring_ok})")


KEEP = PasswordChange()


@dataclass(frozen=True)
class SaveOutcome:
    """written: the settings as written to the file (merged with another program's save
    of other fields), or None when the file was not written; `file_problem` then says
    why and what to do. password: what happened to the password; `password_problem` the
    keyring's words when it is NOT_STORED for a reason the admin can fix."""

    written: EmailSettings | None
    password: PasswordOutcome
    file_problem: str = ""
    password_problem: str = ""

    @property
    def saved(self) -> bool:
        return self.written is not None

    @property
    def password_in_keyring(self) -> bool:
        """False when the typed password lives only in this session."""
        return self.password is not PasswordOutcome.NOT_STORED


def save_with_password(store: SettingsStore, settings: EmailSettings,
                       change: PasswordChange = KEEP) -> SaveOutcome:
    """Write `settings` (the default-port rule applied by the store), then bring the
    keyring in line. Never raises for a file or keyring the admin can fix.

    Both happen under the settings file's lock (SettingsStore.holding_lock), as one step for
    every other copy of this tool: a `password --stdin` (which reads the login and stores
    its password under the same lock) lands before or after, never between the save and
    the password's move to a renamed login, where it would be lost."""
    try:
        with store.holding_lock():
            return _save_locked(store, settings, change)
    except StoreError as exc:
        return SaveOutcome(None, PasswordOutcome.UNCHANGED, file_problem=str(exc))


def _save_locked(store: SettingsStore, settings: EmailSettings,
                 change: PasswordChange) -> SaveOutcome:
    try:
        written = store.save(settings)
    except StoreError as exc:
        return SaveOutcome(None, PasswordOutcome.UNCHANGED, file_problem=str(exc))
    new_account = written.effective_login
    renamed = bool(change.old_account) and change.old_account != new_account
    if not (change.password or renamed or (change.replace and new_account)):
        return SaveOutcome(written, PasswordOutcome.UNCHANGED)
    if not change.keyring_ok:
        return SaveOutcome(written, PasswordOutcome.NOT_STORED)
    try:
        outcome = _update_keyring(change, new_account, renamed)
    except secrets.KeyringUnavailable as exc:
        return SaveOutcome(written, PasswordOutcome.NOT_STORED, password_problem=str(exc))
    return SaveOutcome(written, outcome)


def _update_keyring(change: PasswordChange, new_account: str, renamed: bool) -> PasswordOutcome:
    moved = secrets.move_password(change.old_account, new_account) if renamed else False
    if change.password:
        secrets.set_password(new_account, change.password)
        return PasswordOutcome.STORED
    if change.replace and secrets.delete_password(new_account):
        return PasswordOutcome.DELETED
    return PasswordOutcome.MOVED if moved else PasswordOutcome.UNCHANGED
