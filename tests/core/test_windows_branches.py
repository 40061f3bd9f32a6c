"""The Windows-only branches, run on every OS with fakes at the OS boundary:
the Credential Manager keyring backend (win32cred faked), the trust store choice
(truststore on win32), and the AppUserModelID call (shell32 faked)."""

from __future__ import annotations

import importlib
import ssl
import sys
import types

import pytest

PASSWORD = "Kennwort-Wünsche-7"
REAL_PLATFORM = sys.platform  # before any test pretends to be another OS
ERROR_NOT_FOUND = 1168


class FakeCredentialManager:
    """win32cred as keyring calls it, over a dict: Windows Credential Manager's behaviour
    (generic credentials by target name, blobs as UTF-16, 1168 when missing)."""

    CRED_TYPE_GENERIC = 1
    CRED_PERSIST_ENTERPRISE = 3

    def __init__(self, error_class: type[Exception]) -> None:
        self.store: dict[str, dict] = {}
        self._error = error_class
        self.__name__ = "win32cred"

    def CredRead(self, Type, TargetName):  # noqa: N802,N803 - the Win32 names
        if TargetName not in self.store:
            raise self._error(ERROR_NOT_FOUND, "CredRead", "Element not found.")
        return dict(self.store[TargetName])

    def CredWrite(self, credential, flags):  # noqa: N802
        stored = dict(credential)
        stored["CredentialBlob"] = credential["CredentialBlob"].encode("utf-16-le")
        self.store[credential["TargetName"]] = stored

    def CredDelete(self, Type, TargetName):  # noqa: N802,N803
        if self.store.pop(TargetName, None) is None:
            raise self._error(ERROR_NOT_FOUND, "CredDelete", "Element not found.")


class FakePywinError(Exception):
    def __init__(self, winerror: int, funcname: str, strerror: str) -> None:
        super().__init__(winerror, funcname, strerror)
        self.winerror, self.funcname, self.strerror = winerror, funcname, strerror


@pytest.fixture
def credential_manager(monkeypatch):
    """keyring's Windows backend loaded against a fake win32cred, and keyring left to
    choose its backend itself (no PYTHON_KEYRING_BACKEND), as on an admin's desktop."""
    import keyring
    import keyring.backend
    import keyring.backends.Windows as windows_backend

    manager = FakeCredentialManager(FakePywinError)
    pywin32 = types.ModuleType("win32ctypes.pywin32")
    pywin32.win32cred = manager
    pywin32.pywintypes = types.SimpleNamespace(error=FakePywinError)
    monkeypatch.setitem(sys.modules, "win32ctypes", types.ModuleType("win32ctypes"))
    monkeypatch.setitem(sys.modules, "win32ctypes.pywin32", pywin32)
    monkeypatch.setitem(sys.modules, "win32ctypes.pywin32.win32cred", manager)
    monkeypatch.setitem(sys.modules, "win32ctypes.pywin32.pywintypes", pywin32.pywintypes)
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
