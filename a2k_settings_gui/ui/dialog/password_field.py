"""The dialog's Email Password: loaded from the keyring on a worker, never from a file.

The field stays disabled until the keyring has answered, so the admin never types into a
field that the stored password then overwrites. The status line under it says where the
password is (or will be) kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from a2k_settings_gui.ui.kit.form_fields import PasswordRow, help_label


class StoredPasswordField(QObject):
    """Signals:
    edited(): the admin typed in the password field.
    load_failed(str): the keyring could not be read (the message names why).

    Attributes:
    row: the password field with its Show button; `edit`, `toggle` are its parts.
    status: the line saying where the password is kept.
    saved_password, saved_account: what the keyring holds (as far as we know).
    keyring_ok: False once the keyring failed: the password is for this session only.
    """

    edited = Signal()
    load_failed = Signal(str)

    def __init__(self, run_task: Callable[..., Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run_task = run_task
        self.row = PasswordRow("email_password", "password_toggle")
        self.edit, self.toggle = self.row.edit, self.row.toggle
        self.edit.setPlaceholderText("Loading from the password store…")
        self.edit.textEdited.connect(self._on_edit_text_edited)
        self.status = help_label("", "password_status", wrap=False)
        self.saved_password = ""
        self.saved_account = ""
        self.keyring_ok = True

    def text(self) -> str:
        return self.edit.text()

    def is_changed(self) -> bool:
        return self.edit.text() != self.saved_password

    # ------------------------------------------------------------ loading
    def load(self, account: str) -> None:
        """Read the stored password of `account` on a worker (the keyring may be slow)."""
        from a2k_settings_gui.core import secrets

        self.saved_account = account

        def read(_token: Any, _progress: Any) -> str | None:
            secrets.ensure_available()
            return secrets.get_password(account) if account else None

        self.edit.setEnabled(False)
        self._run_task(read, self._on_loaded, self._on_load_failed)

    def _on_loaded(self, password: object) -> None:
        self.edit.setEnabled(True)
        self.edit.setPlaceholderText("")
        if self.edit.isModified():
            return
        self.saved_password = str(password or "")
        self.edit.setText(self.saved_password)
        self.update_status()

    def _on_load_failed(self, error: object) -> None:
        self.edit.setEnabled(True)
        self.edit.setPlaceholderText("Type the password for this session")
        self.keyring_ok = False
        self.load_failed.emit(str(error))
        self.update_status()

    # ------------------------------------------------------------ saving
    def mark_saved(self, password: str | None, account: str, stored: bool) -> None:
        """After a save: `stored` False means the keyring refused (session only).
        `password` None: the save left the stored password as it was. What the keyring
        read meanwhile stays the saved one (a save can start before that read answers)."""
        self.saved_account = account
        if not stored:
            self.keyring_ok = False
        elif password is not None:
            self.saved_password = password
        self.update_status()

    # ------------------------------------------------------------ status
    def _on_edit_text_edited(self, _text: str) -> None:
        self.update_status()
        self.edited.emit()

    def update_status(self) -> None:
        # Each line no longer than the first one shown: typing must not widen the column
        # (a longer line once added a scroll bar and cut the right-hand column).
        typed = self.edit.text()
        if not self.keyring_ok:
            text = "No password store: for this session only."
        elif typed and typed == self.saved_password:
            text = "Stored in this computer's password store."
        elif typed:
            text = "Goes to the password store on Save."
        elif self.saved_password:
            text = "Removed from the store when you save."
        else:
            text = "No password stored yet."
        self.status.setText(text)
