"""The stored password read straight from Credential Manager (core/kit/credential_manager.py),
checked against keyring's own Windows backend over the fake Credential Manager
(tests/core/credential_fakes.py): what keyring's WinVaultKeyring writes, the direct read
reads; where keyring might answer otherwise, the direct read steps aside.

These tests pretend to be win32 through monkeypatch only, undone before the next test;
`platform_is_real_after` fails a test that leaves sys.platform changed.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.kit import credential_manager as direct
from tests.core.credential_fakes import FakePywinError

REAL_PLATFORM = sys.platform  # before any test pretends to be another OS
FAKES = Path(__file__).with_name("credential_fakes.py")
ACCOUNT = "ar@acme.com"
PASSWORDS = ["s3cr3t-Pa55", "Kennwort-Wünsche-7", "パスワード-密码-😀-x"]


@pytest.fixture(autouse=True)
def platform_is_real_after():
    yield
    assert sys.platform == REAL_PLATFORM


@pytest.fixture
def windows(credential_manager, monkeypatch, tmp_path):
    """An admin's Windows desktop: keyring over the fake Credential Manager, no
    PYTHON_KEYRING_BACKEND, no keyringrc.cfg in keyring's config root."""
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    return credential_manager


@pytest.fixture
def keyring_reads(monkeypatch):
    """How many times get_password went to the keyring package."""
    calls: list[int] = []
    real = secrets._backend

    def counted():
        calls.append(1)
        return real()

    monkeypatch.setattr(secrets, "_backend", counted)
    return calls


def _keyring_password(account: str) -> str | None:
    import keyring

    return keyring.get_password(secrets.SERVICE_NAME, account)


@pytest.mark.parametrize("password", PASSWORDS)
def test_reads_what_keyrings_windows_backend_wrote(windows, keyring_reads, password):
    secrets.set_password(ACCOUNT, password)  # keyring's WinVaultKeyring writes it
    assert windows.store[secrets.SERVICE_NAME]["CredentialBlob"] == password.encode(
        "utf-16-le")
    keyring_reads.clear()
    windows.reads.clear()
    assert direct.read(secrets.SERVICE_NAME, ACCOUNT) == password
    assert secrets.get_password(ACCOUNT) == password
    assert keyring_reads == []  # the keyring package was not asked
    assert windows.reads == [secrets.SERVICE_NAME] * 2  # one CredRead per read
    assert _keyring_password(ACCOUNT) == password


def test_test_sends_pending_password_takes_the_direct_read(windows, keyring_reads):
    secrets.set_password(ACCOUNT, "pw-pending-ü")
    keyring_reads.clear()
    assert secrets.PendingPassword(ACCOUNT).wait(10) == "pw-pending-ü"
    assert keyring_reads == []
    assert secrets.PendingPassword("nobody@acme.com").wait(10) == ""  # as before
    assert keyring_reads == [1]


def test_two_accounts_under_one_service_use_keyrings_compound_name(windows, keyring_reads):
    secrets.set_password("first@acme.com", "pw-first-ä")
    secrets.set_password("second@acme.com", "pw-second-ö")
    # keyring moved the first account's password to "account@service".
    assert set(windows.store) == {secrets.SERVICE_NAME, f"first@acme.com@{secrets.SERVICE_NAME}"}
    keyring_reads.clear()
    for account in ("first@acme.com", "second@acme.com"):
        assert direct.read(secrets.SERVICE_NAME, account) == _keyring_password(account)
    assert secrets.get_password("first@acme.com") == "pw-first-ä"
    assert secrets.get_password("second@acme.com") == "pw-second-ö"
    assert keyring_reads == []
    windows.reads.clear()
    assert direct.read(secrets.SERVICE_NAME, "first@acme.com") == "pw-first-ä"
    assert windows.reads == [secrets.SERVICE_NAME, f"first@acme.com@{secrets.SERVICE_NAME}"]


def test_a_blob_with_a_byte_order_mark_decodes_as_keyring_decodes_it(windows):
    windows.store[secrets.SERVICE_NAME] = {"UserName": ACCOUNT,
                                           "CredentialBlob": "Wünsche-7".encode("utf-16")}
    assert direct.read(secrets.SERVICE_NAME, ACCOUNT) == _keyring_password(ACCOUNT)
    assert direct.read(secrets.SERVICE_NAME, ACCOUNT) == "Wünsche-7"


def test_a_utf8_blob_is_left_to_keyring(windows, keyring_reads):
    # Another tool's UTF-8 (odd length: not UTF-16): keyring decodes it and warns.
    blob = "Kennwort-Wünsche-7".encode()
    assert len(blob) % 2 == 1
    windows.store[secrets.SERVICE_NAME] = {"UserName": ACCOUNT, "CredentialBlob": blob}
    assert direct.read(secrets.SERVICE_NAME, ACCOUNT) is None
    assert secrets.get_password(ACCOUNT) == "Kennwort-Wünsche-7" == _keyring_password(ACCOUNT)
    assert keyring_reads == [1]


def test_not_found_falls_back_to_the_keyring_package(windows, keyring_reads):
    secrets.set_password("other@acme.com", "pw-other")
    keyring_reads.clear()
    assert direct.read(secrets.SERVICE_NAME, ACCOUNT) is None
    assert secrets.get_password(ACCOUNT) is None
    assert keyring_reads == [1]
    # The same for an empty store, and the IMAP service beside the SMTP one.
    assert secrets.get_password(ACCOUNT, service=secrets.IMAP_SERVICE_NAME) is None
    assert keyring_reads == [1, 1]


def test_an_empty_stored_password_is_returned_as_keyring_returns_it(windows, keyring_reads):
    windows.store[secrets.SERVICE_NAME] = {"UserName": ACCOUNT, "CredentialBlob": b""}
    assert secrets.get_password(ACCOUNT) == "" == _keyring_password(ACCOUNT)
    assert keyring_reads == []


def test_python_keyring_backend_set_means_keyring_decides(windows, keyring_reads,
                                                          monkeypatch):
    secrets.set_password(ACCOUNT, "pw-env")
    keyring_reads.clear()
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.Windows.WinVaultKeyring")
    windows.reads.clear()
    assert direct.applies() is False
    assert direct.read(secrets.SERVICE_NAME, ACCOUNT) is None
    assert windows.reads == []  # not even one CredRead
    assert secrets.get_password(ACCOUNT) == "pw-env"
    assert keyring_reads == [1]


def test_a_keyring_config_file_means_keyring_decides(windows, keyring_reads, tmp_path):
    secrets.set_password(ACCOUNT, "pw-config")
    keyring_reads.clear()
    assert direct.applies() is True
    config = tmp_path / "Local" / "Python Keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring=keyring.backends.Windows.WinVaultKeyring\n",
                      encoding="utf-8")
    windows.reads.clear()
    assert direct.applies() is False
    assert direct.read(secrets.SERVICE_NAME, ACCOUNT) is None
    assert windows.reads == []
    assert secrets.get_password(ACCOUNT) == "pw-config"
    assert keyring_reads == [1]


def test_not_windows_means_keyring_decides(credential_manager, keyring_reads, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    secrets.set_password(ACCOUNT, "pw-linux")
    keyring_reads.clear()
    credential_manager.reads.clear()
    assert direct.read(secrets.SERVICE_NAME, ACCOUNT) is None
    assert credential_manager.reads == []
    assert secrets.get_password(ACCOUNT) == "pw-linux"
    assert keyring_reads == [1]


@pytest.mark.parametrize("failure", [FakePywinError(5, "CredRead", "Access is denied."),
                                     RuntimeError("advapi32 could not be loaded")])
def test_any_other_credread_failure_falls_back_with_todays_message(windows, keyring_reads,
                                                                  monkeypatch, failure):
    secrets.set_password(ACCOUNT, "pw-locked")
    keyring_reads.clear()

    def refuse(Type, TargetName):  # noqa: N803 - the Win32 names
        raise failure

    monkeypatch.setattr(windows, "CredRead", refuse)
    assert direct.read(secrets.SERVICE_NAME, ACCOUNT) is None
    with pytest.raises(secrets.KeyringUnavailable) as caught:
        secrets.get_password(ACCOUNT)
    assert keyring_reads == [1]  # keyring read again and its error is the one reported
    assert str(caught.value) == (
        f"The password store refused to read the password ({type(failure).__name__}). "
        "Unlock your keyring or Windows Credential Manager and try again.")
    assert "pw-locked" not in str(caught.value)


def test_win32ctypes_missing_falls_back(windows, keyring_reads, monkeypatch):
    secrets.set_password(ACCOUNT, "pw-no-ctypes")
    keyring_reads.clear()
    monkeypatch.setitem(sys.modules, "win32ctypes.pywin32", None)  # import fails
    assert direct.read(secrets.SERVICE_NAME, ACCOUNT) is None
    assert secrets.get_password(ACCOUNT) == "pw-no-ctypes"  # keyring's module kept its own
    assert keyring_reads == [1]


@pytest.mark.parametrize("environment", [
    {"LOCALAPPDATA": r"C:\Users\ar\AppData\Local", "ProgramData": r"C:\ProgramData"},
    {"ProgramData": r"C:\ProgramData"},
    {},
    {"LOCALAPPDATA": "", "ProgramData": r"C:\ProgramData"},
])
def test_the_config_path_is_keyrings_own_on_windows(monkeypatch, environment):
    """keyring chooses its config root by platform.system() when keyring.util.platform_ is
    imported: reloaded here as on Windows, its own config_root() and _config_path() are
    compared with ours under each environment."""
    import keyring.core
    from keyring.util import platform_

    for name in ("LOCALAPPDATA", "ProgramData"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(platform, "system", lambda: "Windows")
    importlib.reload(platform_)
    try:
        assert platform_.config_root is platform_._config_root_Windows
        assert Path(direct.keyring_config_root()) == platform_.config_root()
        assert Path(direct.keyring_config_path()) == keyring.core._config_path()
    finally:
        monkeypatch.undo()
        importlib.reload(platform_)
    if not REAL_PLATFORM.startswith("win"):  # keyring's choice for this OS is back
        assert platform_.config_root is not platform_._config_root_Windows


NO_KEYRING_SCRIPT = r"""
import importlib.util, json, sys
sys.platform = "win32"  # this process only
spec = importlib.util.spec_from_file_location("credential_fakes", sys.argv[1])
fakes = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fakes)
manager = fakes.FakeCredentialManager(fakes.FakePywinError)
manager.store["a2k-settings-gui/smtp"] = {
    "UserName": "ar@acme.com", "CredentialBlob": sys.argv[2].encode("utf-16-le")}
fakes.install(manager)
from a2k_settings_gui.core import secrets
try:
    password = secrets.get_password("ar@acme.com")
except secrets.KeyringUnavailable:
    password = None
print(json.dumps({"same": password == sys.argv[2],
                  "keyring": sorted(m for m in sys.modules if m.split(".")[0] == "keyring")}))
"""


@pytest.mark.parametrize("keyring_backend, keyring_expected", [
    (None, False),
    # The check can fail: where keyring decides, keyring is imported, and seen.
    ("keyring.backends.null.Keyring", True),
])
def test_the_direct_read_does_not_import_keyring(tmp_path, keyring_backend,
                                                 keyring_expected):
    environment = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    environment["LOCALAPPDATA"] = str(tmp_path)
    if keyring_backend:
        environment["PYTHON_KEYRING_BACKEND"] = keyring_backend
    done = subprocess.run([sys.executable, "-c", NO_KEYRING_SCRIPT, str(FAKES), "pw-Ünï-7"],
                          capture_output=True, text=True, timeout=60, env=environment)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert bool(report["keyring"]) is keyring_expected, report
    assert report["same"] is not keyring_expected  # null.Keyring stores nothing
