"""A fake Windows Credential Manager: win32ctypes' win32cred and pywintypes as keyring's
Windows backend and core/kit/credential_manager.py call them, over a dict.

No pytest here: a subprocess (the no-keyring-import test) loads this file by its path.
tests/core/conftest.py builds the `credential_manager` fixture from it.
"""

from __future__ import annotations

import sys
import types

ERROR_NOT_FOUND = 1168


class FakeCredentialManager:
    """win32cred as keyring calls it, over a dict: Windows Credential Manager's behaviour
    (generic credentials by target name, blobs as UTF-16, 1168 when missing)."""

    CRED_TYPE_GENERIC = 1
    CRED_PERSIST_ENTERPRISE = 3

    def __init__(self, error_class: type[Exception]) -> None:
        self.store: dict[str, dict] = {}
        self._error = error_class
        self.reads: list[str] = []  # every CredRead's target, in order
        self.__name__ = "win32cred"

    def CredRead(self, Type, TargetName):  # noqa: N802,N803 - the Win32 names
        self.reads.append(TargetName)
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


def fake_modules(manager: FakeCredentialManager) -> dict[str, types.ModuleType]:
    """The sys.modules entries that make `from win32ctypes.pywin32 import pywintypes,
    win32cred` give the fake."""
    pywin32 = types.ModuleType("win32ctypes.pywin32")
    pywin32.win32cred = manager
    pywin32.pywintypes = types.SimpleNamespace(error=FakePywinError)
    return {"win32ctypes": types.ModuleType("win32ctypes"),
            "win32ctypes.pywin32": pywin32,
            "win32ctypes.pywin32.win32cred": manager,
            "win32ctypes.pywin32.pywintypes": pywin32.pywintypes}


def install(manager: FakeCredentialManager) -> None:
    """For a process of its own (no monkeypatch to undo it)."""
    sys.modules.update(fake_modules(manager))
