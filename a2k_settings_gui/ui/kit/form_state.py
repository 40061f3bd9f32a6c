"""What a settings form tells the windows it opens: the `FormState` protocol.

The Email Setting dialog is one such form. The windows it opens (Send Test Email, Check
Domain, Enter in A2000ERP…, the setup wizard) and its save controller read the form only
through this protocol, never through its panels and editors: they stay correct when the
form's layout changes, and a test can hand them any object with these methods.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.ui.kit.worker import Task


class PasswordState(Enum):
    """Where the form's password is kept, as far as the form knows."""

    STORED = "stored"  # the keyring holds a password for the account
    NOT_STORED = "not stored"  # the keyring answered and holds none
    SESSION_ONLY = "session only"  # no keyring: the password lives in this session only

    @property
    def stored(self) -> bool | None:
        """True/False as the keyring answered; None when there is no keyring (the form
        cannot know)."""
        return None if self is PasswordState.SESSION_ONLY else self is PasswordState.STORED


class FormState(Protocol):
    """The form as the windows it opens see it."""

    @property
    def settings_file(self) -> Path:
        """The settings file; the latest checks are kept beside it."""
        ...

    def current_settings(self) -> EmailSettings:
        """The settings as the form shows them, saved or not."""
        ...

    def current_password(self) -> str:
        """The password as typed (never written anywhere but the keyring)."""
        ...

    def password_state(self) -> PasswordState:
        ...

    def logo_size(self) -> tuple[int, int] | None:
        """(height, width) the logo preview draws once a check measured the picture;
        None before (the box is then the Logo Height and Width fields)."""
        ...

    def has_unsaved_changes(self) -> bool:
        ...

    def run_task(self, fn: Callable[[Any, Any], Any],
                 on_done: Callable[[Any], None] | None = None,
                 on_fail: Callable[[Any], None] | None = None) -> Task:
        """Run `fn(cancel_token, progress)` on a worker; cancelled when the form closes."""
        ...
