"""The password in a real (file-backed, temp-folder) keyring."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core import secrets


def test_round_trip(temp_keyring):
    assert secrets.get_password("ar@acme.com") is None
    secrets.set_password("ar@acme.com", "s3cr3t-Pa55")
    assert secrets.get_password("ar@acme.com") == "s3cr3t-Pa55"
    assert temp_keyring.get_password(secrets.SERVICE_NAME, "ar@acme.com") == "s3cr3t-Pa55"
    assert secrets.delete_password("ar@acme.com") is True
    assert secrets.get_password("ar@acme.com") is None
    assert secrets.delete_password("ar@acme.com") is False


def test_changing_the_login_moves_the_secret():
    secrets.set_password("old@acme.com", "pw-1")
    assert secrets.move_password("old@acme.com", "new@acme.com") is True
    assert secrets.get_password("new@acme.com") == "pw-1"
    assert secrets.get_password("old@acme.com") is None


def test_no_backend_is_a_clear_error(no_keyring):
    assert secrets.keyring_available() is False
    with pytest.raises(secrets.KeyringUnavailable, match="No password store"):
        secrets.get_password("ar@acme.com")
    with pytest.raises(secrets.KeyringUnavailable, match="type the password for this session"):
        secrets.set_password("ar@acme.com", "pw")


def test_backend_errors_never_carry_the_password(monkeypatch, temp_keyring):
    def explode(service, user, password):
        raise RuntimeError(f"backend echoed {password}")

    monkeypatch.setattr(temp_keyring, "set_password", explode)
    with pytest.raises(secrets.KeyringUnavailable) as caught:
        secrets.set_password("ar@acme.com", "TopSecret-42")
    assert "TopSecret-42" not in str(caught.value)
    assert caught.value.__cause__ is None

