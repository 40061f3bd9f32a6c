"""The stored password read straight from Windows Credential Manager, without keyring.

Importing keyring and letting it choose a backend costs ~36 ms (jaraco.context's
urllib.request and http.client, importlib_metadata, inspect, logging, configparser) and,
on Windows, a scan of every installed package's entry points: over half of a whole
test-send. On Windows keyring itself would read the password with
keyring.backends.Windows.WinVaultKeyring, through win32ctypes' win32cred (which
keyring requires there). This module makes the same one or two CredRead calls and decodes
the blob the same way, and is used only when keyring would give the same answer:

- sys.platform is win32: keyring picks WinVaultKeyring (priority 5) there;
- PYTHON_KEYRING_BACKEND is not set: keyring's load_env() would load that backend first;
- there is no keyringrc.cfg in keyring's config root: load_config() would load the
  backend it names (and may put its keyring-path on sys.path);
- otherwise keyring takes the backend of highest priority among those found. WinVault is
  the only built-in one that is viable on Windows (Secret Service, KWallet and macOS need
  what Windows lacks), so that is WinVault itself, or the chainer (priority 10 when more
  than one backend is viable), which asks the viable backends in priority order and
  returns the first password found: WinVault first. The one way round this is a
  third-party backend of priority above 5 installed beside the app that also holds a
  password for our service; the frozen program ships keyring's built-in backends only.

When the credential is found, that is what keyring would have returned. When it is not
found, or anything here fails (win32ctypes missing or broken, CredRead refusing, a blob
that is not UTF-16), read() returns None and the caller asks keyring as before, so a
missing password, another backend or an error behaves exactly as it did: keyring repeats
the read and raises or returns what it always has.

Nothing here logs, prints or keeps the password; no keyring, no Qt.
"""

from __future__ import annotations

import os
import sys

# keyring.core._config_path() is config_root() / 'keyringrc.cfg'.
CONFIG_FILENAME = "keyringrc.cfg"
# keyring.backends.Windows: the winerror of a CredRead whose target does not exist.
ERROR_NOT_FOUND = 1168


def keyring_config_root() -> str:
    """keyring.util.platform_._config_root_Windows(), without importing keyring:
    %LOCALAPPDATA%, else %ProgramData%, else the current folder, then 'Python Keyring'.
    (keyring 25 has no Windows XP branch any more; Python 3.10 does not run on XP, so the
    older versions' %USERPROFILE%\\Local Settings can never be the one chosen.)"""
    root = os.environ.get("LOCALAPPDATA", os.environ.get("ProgramData", "."))
    return os.path.join(root, "Python Keyring")


def keyring_config_path() -> str:
    return os.path.join(keyring_config_root(), CONFIG_FILENAME)


def applies() -> bool:
    """Whether keyring, left to itself, would read from Credential Manager first."""
    return (sys.platform == "win32"
            and "PYTHON_KEYRING_BACKEND" not in os.environ
            and not os.path.exists(keyring_config_path()))


def compound_name(account: str, service: str) -> str:
    """WinVaultKeyring._compound_name: where a second account of one service is kept."""
    return f"{account}@{service}"


def read(service: str, account: str) -> str | None:
    """The password keyring's WinVaultKeyring would return for (service, account); None
    when this path does not apply, nothing is stored, or anything failed (ask keyring)."""
    if not account or not applies():
        return None
    try:
        return _read(service, account)
    except Exception:  # noqa: BLE001 - any failure: keyring reads again and says why
        return None


def _read(service: str, account: str) -> str | None:
    # The module keyring prefers (it falls back to pywin32's, which our build never has).
    from win32ctypes.pywin32 import pywintypes, win32cred

    def credential(target: str) -> dict | None:
        try:
            return win32cred.CredRead(Type=win32cred.CRED_TYPE_GENERIC, TargetName=target)
        except pywintypes.error as exc:
            if exc.winerror == ERROR_NOT_FOUND and exc.funcname == "CredRead":
                return None
            raise

    # WinVaultKeyring._resolve_credential: the service's own target holds the first
    # account stored; another account's password is moved to "account@service".
    found = credential(service)
    if not found or found["UserName"] != account:
        found = credential(compound_name(account, service))
    if not found:
        return None
    # keyring writes UTF-16 and decodes with this same codec. A blob that is not UTF-16
    # (another tool's UTF-8) raises here: keyring decodes it as UTF-8 and logs its
    # warning, so it is left to keyring to do both.
    return found["CredentialBlob"].decode("utf-16")
