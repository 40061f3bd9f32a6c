"""The SMTP password, kept only in the OS keyring (Windows Credential Manager on Windows).

The service name is fixed; the account is the login name (the Sender Email ID when no
separate login is set). Nothing here logs, prints or puts the password in an exception.
"""

from __future__ import annotations

import threading
import time

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.log_secrets import keep_out_of_log

SERVICE_NAME = "a2k-settings-gui/smtp"
# Delivery proof: the test mailbox's IMAP password (account "user@imap-host"), kept apart
# from the SMTP one so neither can overwrite the other.
IMAP_SERVICE_NAME = "a2k-settings-gui/imap"


class KeyringUnavailable(Exception):
    """No usable keyring backend, or the backend refused. The message says what to do."""


_NO_BACKEND_HELP = (
    "No password store (keyring) is available on this computer, so the password cannot be "
    "saved. On Windows the Credential Manager is used; on Linux install and unlock a Secret "
    "Service (e.g. GNOME Keyring). You can still type the password for this session."
)


def _backend():
    # Imported lazily: keyring discovers backends at import, which start-up does not need.
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        raise KeyringUnavailable(_NO_BACKEND_HELP)
    # A chainer with nothing to chain is as good as no backend.
    if getattr(backend, "backends", None) == []:
        raise KeyringUnavailable(_NO_BACKEND_HELP)
    return backend


def _fail(action: str, exc: Exception) -> KeyringUnavailable:
    # The backend's own text may not be fit to show; name the type and the action only.
    return KeyringUnavailable(
        f"The password store refused to {action} the password ({type(exc).__name__}). "
        "Unlock your keyring or Windows Credential Manager and try again."
    )


def backend_report() -> dict[str, object]:
    """Which password store is in use, and every backend keyring found through its
    entry-point metadata (support asks for it; the frozen build's smoke test checks that
    freezing kept that metadata, without which no backend is ever found)."""
    from importlib.metadata import entry_points

    found = sorted({ep.name for ep in entry_points(group="keyring.backends")})
    try:
        backend = _backend()
    except KeyringUnavailable:
        return {"in_use": None, "found": found}
    return {"in_use": f"{type(backend).__module__}.{type(backend).__qualname__}", "found": found}


def ensure_available() -> None:
    """Raise KeyringUnavailable (with what to do) when passwords cannot be stored."""
    _backend()


def keyring_available() -> bool:
    try:
        _backend()
    except KeyringUnavailable:
        return False
    return True


def get_password(account: str, service: str = SERVICE_NAME) -> str | None:
    if not account:
        return None
    # On Windows, when keyring would read Credential Manager first anyway (no
    # PYTHON_KEYRING_BACKEND, no keyringrc.cfg), the same CredRead without importing
    # keyring (~36 ms and an entry-point scan); core/kit/credential_manager.py says why that is
    # the same answer. Not found or any failure: keyring below, exactly as before.
    from a2k_settings_gui.core.kit import credential_manager

    password = credential_manager.read(service, account)
    if password is not None:
        if password:
            keep_out_of_log(password, account)
        return password
    backend = _backend()
    try:
        password = backend.get_password(service, account)
    except Exception as exc:  # noqa: BLE001 - every backend error means the same to the admin
        raise _fail("read", exc) from None
    if password:
        keep_out_of_log(password, account)  # whatever fails later, the log masks it
    return password


class PendingPassword:
    """The stored password, read from the keyring on a thread that starts at once.

    Importing keyring and finding its backend costs ~36 ms (its own imports: jaraco's
    urllib.request and http.client, inspect, the entry-point scan of every installed
    package); on Windows get_password usually skips keyring (core/kit/credential_manager.py)
    and the read is one or two CredRead calls. The command line's test-send needs the
    password only at AUTH, after the greeting, EHLO, STARTTLS with its handshake and the
    second EHLO: started before the connection opens, the read goes on while those wait on
    the network.

    The thread never raises: a failure is kept as the KeyringUnavailable text, which names
    the backend's error type only, never the password (no traceback is kept, so no frame
    holding it outlives the read). It is a daemon thread: a command that ends before it
    needed the password does not wait for the keyring.
    """

    def __init__(self, account: str, service: str = SERVICE_NAME) -> None:
        self._password: str | None = None
        self._error = ""
        self._done = threading.Event()
        threading.Thread(target=self._read, args=(account, service), daemon=True,
                         name="keyring-read").start()

    def _read(self, account: str, service: str) -> None:
        try:
            self._password = get_password(account, service)
        except KeyringUnavailable as exc:
            self._error = str(exc)
        except BaseException as exc:  # noqa: BLE001 - a backend that fails to load or init
            self._error = str(_fail("read", exc))
        finally:
            self._done.set()

    def peek(self) -> str | None:
        """The password if it has been read by now; never waits."""
        return self._password if self._done.is_set() else None

    def wait(self, timeout: float, cancel: CancelToken | None = None) -> str:
        """The password ("" when none is stored, as before). KeyringUnavailable when it
        could not be read, or not within `timeout` seconds (a keyring that waits for
        someone to unlock it); Cancelled within 50 ms of `cancel`."""
        end = time.monotonic() + timeout
        while not self._done.wait(max(0.0, min(0.05, end - time.monotonic()))):
            if cancel is not None:
                cancel.raise_if_cancelled()
            if time.monotonic() >= end:
                raise KeyringUnavailable(
                    "The password store did not answer in time (it may be waiting to be "
                    "unlocked). Unlock your keyring or Windows Credential Manager and try "
                    "again.")
        if self._error:
            raise KeyringUnavailable(self._error)
        return self._password or ""


def set_password(account: str, password: str, service: str = SERVICE_NAME) -> None:
    if not account:
        raise KeyringUnavailable(
            "Enter the Sender Email ID (or a Login name) first: the password is stored for it."
        )
    keep_out_of_log(password, account)
    backend = _backend()
    try:
        backend.set_password(service, account, password)
    except Exception as exc:  # noqa: BLE001
        raise _fail("store", exc) from None


def delete_password(account: str, service: str = SERVICE_NAME) -> bool:
    """Remove the stored password; False when there was none."""
    if not account:
        return False
    backend = _backend()
    try:
        if backend.get_password(service, account) is None:
            return False
        backend.delete_password(service, account)
    except Exception as exc:  # noqa: BLE001
        raise _fail("delete", exc) from None
    return True


def move_password(old_account: str, new_account: str) -> bool:
    """When the login name changes, the secret follows it. False when nothing was stored."""
    if not old_account or old_account == new_account:
        return False
    secret = get_password(old_account)
    if secret is None:
        return False
    set_password(new_account, secret)
    delete_password(old_account)
    return True

