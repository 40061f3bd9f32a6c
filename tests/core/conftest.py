"""The `credential_manager` fixture: keyring's real Windows backend over the fake
Credential Manager of tests/core/credential_fakes.py (used by test_windows_branches.py
and test_credential_manager.py)."""

from __future__ import annotations

import importlib
import sys

import pytest

from tests.core.credential_fakes import FakeCredentialManager, FakePywinError, fake_modules


@pytest.fixture
def credential_manager(monkeypatch):
    """keyring's Windows backend loaded against a fake win32cred, and keyring left to
    choose its backend itself (no PYTHON_KEYRING_BACKEND), as on an admin's desktop."""
    import keyring
    import keyring.backend
    import keyring.backends.Windows as windows_backend

    manager = FakeCredentialManager(FakePywinError)
    for name, module in fake_modules(manager).items():
        monkeypatch.setitem(sys.modules, name, module)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    # Nothing but the built-in backends compete, as in the frozen Windows program.
    monkeypatch.setattr(keyring.core, "load_config", lambda: None)
    importlib.reload(windows_backend)
    _forget_detected_backends()
    keyring.core.init_backend(limit=lambda b: b.__module__.startswith("keyring.backends."))
    yield manager
    monkeypatch.undo()
    importlib.reload(windows_backend)
    _forget_detected_backends()


def _forget_detected_backends() -> None:
    import keyring.backend

    vars(keyring.backend.get_all_keyring).pop("saved_result", None)  # jaraco's once()
