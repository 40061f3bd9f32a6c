"""The password's move to a renamed login happens under the settings file's lock: a
`set login_name=…` racing `password --stdin` never reports success while the keyring
keeps the older password. Real processes, started together, several rounds."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore

OLD, NEW = "old.login@acme.example.com", "new.login@acme.example.com"
# The second process starts this much later: the windows where the race bites differ
# with the machine's speed, so several offsets are tried.
OFFSETS = (0.0, 0.02, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25, 0.3)


def _start(*args: str, stdin: bytes | None = None) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "a2k_settings_gui", *args, "--json"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if stdin is not None:
        process.stdin.write(stdin)
    process.stdin.close()
    return process


def _finish(process: subprocess.Popen) -> tuple[bytes, bytes]:
    out, err = process.stdout.read(), process.stderr.read()
    process.wait(timeout=60)
    return out, err


@pytest.mark.parametrize("offset", OFFSETS)
def test_set_login_racing_password_never_loses_the_new_password(config_path, temp_keyring,
                                                                 offset):
    config_path.parent.mkdir(parents=True, exist_ok=True)
    SettingsStore(config_path).save(EmailSettings(sender_email="ar@acme.example.com",
                                                  smtp_host="smtp.acme.example.com",
                                                  login_name=OLD))
    secrets.set_password(OLD, "Older-password-1")
    new_password = f"Newer-password-{offset}"
    setter = _start("set", f"login_name={NEW}", "--config", str(config_path))
    time.sleep(offset)
    storer = _start("password", "--stdin", "--config", str(config_path),
                    stdin=(new_password + "\n").encode())
    set_out, set_err = _finish(setter)
    store_out, store_err = _finish(storer)
    assert setter.returncode == 0, set_err.decode()
    if storer.returncode != 0:  # refused with words is allowed; a false success is not
        assert b"error:" in store_err and b"Traceback" not in store_err
        return
    stored_for = json.loads(store_out)["account"]
    assert stored_for in (OLD, NEW)
    # Whichever ran first, the login in the file now is NEW and its password the newer.
    assert json.loads(set_out)["changed"]["login_name"]["new"] == NEW
    assert secrets.get_password(NEW) == new_password
    assert secrets.get_password(OLD) is None
