"""The Windows-only branches, run on every OS with fakes at the OS boundary:
the Credential Manager keyring backend (win32cred faked: tests/core/credential_fakes.py,
the `credential_manager` fixture in tests/core/conftest.py; the direct read without keyring
is in test_credential_manager.py), the trust store choice
(truststore on win32), and the AppUserModelID call (shell32 faked)."""

from __future__ import annotations

import ssl
import sys

import pytest

from tests.core.credential_fakes import FakePywinError

PASSWORD = "Kennwort-Wünsche-7"
REAL_PLATFORM = sys.platform  # before any test pretends to be another OS


def test_keyring_selects_the_credential_manager_and_the_password_goes_there(
        credential_manager):
    from a2k_settings_gui.core import secrets

    report = secrets.backend_report()
    assert report["in_use"] in ("keyring.backends.Windows.WinVaultKeyring",
                                "keyring.backends.chainer.ChainerBackend")
    import keyring

    chosen = keyring.get_keyring()
    backends = getattr(chosen, "backends", [chosen])
    assert type(backends[0]).__name__ == "WinVaultKeyring"
    secrets.set_password("ar@acme.com", PASSWORD)
    assert secrets.get_password("ar@acme.com") == PASSWORD
    # Stored as Windows stores generic credentials: UTF-16, under the app's service name.
    (target, credential), = credential_manager.store.items()
    assert target == secrets.SERVICE_NAME and credential["UserName"] == "ar@acme.com"
    assert credential["CredentialBlob"] == PASSWORD.encode("utf-16-le")
    assert secrets.delete_password("ar@acme.com") is True
    assert credential_manager.store == {}


def test_a_refusing_credential_manager_is_words_not_a_traceback(credential_manager,
                                                                monkeypatch):
    from a2k_settings_gui.core import secrets

    def locked(credential, flags):
        raise FakePywinError(5, "CredWrite", "Access is denied.")

    monkeypatch.setattr(credential_manager, "CredWrite", locked)
    with pytest.raises(secrets.KeyringUnavailable) as caught:
        secrets.set_password("ar@acme.com", PASSWORD)
    assert "Windows Credential Manager" in str(caught.value)
    assert PASSWORD not in str(caught.value)


@pytest.mark.parametrize("platform, truststore_expected, words", [
    ("win32", True, "the Windows certificate store"),
    ("darwin", True, "the macOS keychain"),
    ("linux", False, "the system certificate store (OpenSSL)"),
])
def test_the_trust_store_choice(monkeypatch, platform, truststore_expected, words):
    import truststore

    from a2k_settings_gui.core.net import tls

    monkeypatch.delenv("A2K_TLS_TRUSTSTORE", raising=False)
    monkeypatch.setattr(tls.sys, "platform", platform)
    tls.clear_cache()
    try:
        assert tls.uses_truststore() is truststore_expected
        assert tls.trust_description() == words
        if truststore_expected:
            # Windows: SChannel decides (truststore), never an OpenSSL bundle or certifi.
            context = tls.tls_context()
            assert isinstance(context, truststore.SSLContext)
        elif REAL_PLATFORM.startswith("linux"):  # OpenSSL's bundle exists only there
            context = tls.tls_context()
            assert not isinstance(context, truststore.SSLContext)
            assert isinstance(context, ssl.SSLContext) and context.cert_store_stats()["x509_ca"]
    finally:
        tls.clear_cache()


class FakeShell32:
    def __init__(self, result: int = 0, error: Exception | None = None) -> None:
        self.calls: list[str] = []
        self.result, self.error = result, error

    def SetCurrentProcessExplicitAppUserModelID(self, app_id: str) -> int:  # noqa: N802
        self.calls.append(app_id)
        if self.error is not None:
            raise self.error
        return self.result


def test_the_app_user_model_id_is_set_on_windows_only(monkeypatch):
    from a2k_settings_gui.ui import app

    shell = FakeShell32()
    assert app.set_app_user_model_id(shell32=shell, platform="win32") is True
    assert shell.calls == [app.APP_USER_MODEL_ID]
    other = FakeShell32()
    assert app.set_app_user_model_id(shell32=other, platform="linux") is False
    assert other.calls == []


@pytest.mark.parametrize("shell", [FakeShell32(result=-2147024891),  # E_ACCESSDENIED
                                   FakeShell32(error=OSError("shell32 missing"))])
def test_a_failing_app_user_model_id_is_logged_not_fatal(shell, caplog):
    import logging

    from a2k_settings_gui.core import app_log
    from a2k_settings_gui.ui import app

    app_log.logger().propagate = True
    try:
        with caplog.at_level(logging.WARNING, logger="a2k_settings_gui"):
            assert app.set_app_user_model_id(shell32=shell, platform="win32") is False
    finally:
        app_log.logger().propagate = False
    assert "AppUserModelID" in caplog.text


def test_the_tests_move_every_windows_folder_the_app_uses(monkeypatch):
    """platformdirs' Windows code, run here with the overrides tests/conftest.py sets on
    Windows: settings, log and preset all land under the overriding folders, never in
    the runner's real profile (APPDATA/LOCALAPPDATA alone would not move them)."""
    from platformdirs.windows import Windows

    roaming, local, common = r"C:\iso\Roaming", r"C:\iso\Local", r"C:\iso\ProgramData"
    monkeypatch.setenv("WIN_PD_OVERRIDE_APPDATA", roaming)
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", local)
    monkeypatch.setenv("WIN_PD_OVERRIDE_COMMON_APPDATA", common)
    dirs = Windows("a2k-settings-gui", appauthor=False, roaming=True)
    assert dirs.user_config_dir.startswith(roaming)
    assert Windows("a2k-settings-gui", appauthor=False).user_log_dir.startswith(local)
    assert dirs.site_config_dir.startswith(common)
