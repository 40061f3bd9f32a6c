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



def test_a_pending_password_is_read_on_a_thread(temp_keyring):
    secrets.set_password("ar@acme.com", "s3cr3t-Pa55")
    pending = secrets.PendingPassword("ar@acme.com")
    assert pending.wait(30) == "s3cr3t-Pa55"
    assert pending.peek() == "s3cr3t-Pa55"
    assert secrets.PendingPassword("nobody@acme.com").wait(30) == ""  # none stored, as before


def test_a_pending_password_keeps_the_error_not_the_password(monkeypatch, temp_keyring,
                                                             capsys):
    def explode(service, user):
        raise RuntimeError("backend echoed TopSecret-42")

    monkeypatch.setattr(temp_keyring, "get_password", explode)
    pending = secrets.PendingPassword("ar@acme.com")
    with pytest.raises(secrets.KeyringUnavailable) as caught:
        pending.wait(30)
    assert "RuntimeError" in str(caught.value) and "TopSecret-42" not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    assert pending.peek() is None
    assert "Exception in thread" not in capsys.readouterr().err  # nothing printed


def test_a_pending_password_without_a_keyring(no_keyring):
    with pytest.raises(secrets.KeyringUnavailable, match="No password store"):
        secrets.PendingPassword("ar@acme.com").wait(30)


def test_waiting_for_a_stuck_keyring_is_bounded_and_cancellable(monkeypatch, temp_keyring):
    import threading

    from a2k_settings_gui.core.cancel import Cancelled, CancelToken

    release = threading.Event()
    monkeypatch.setattr(temp_keyring, "get_password", lambda s, u: release.wait(30) and "pw")
    try:
        pending = secrets.PendingPassword("ar@acme.com")
        with pytest.raises(secrets.KeyringUnavailable, match="did not answer in time"):
            pending.wait(0.2)
        token = CancelToken()
        threading.Timer(0.1, token.cancel).start()
        with pytest.raises(Cancelled):
            pending.wait(30, token)
    finally:
        release.set()
    assert pending.wait(30) == "pw"  # the read itself was not lost
