"""The secrets that must never reach the log file (core.app_log masks them in every
record): registered by whoever handles a password, without importing logging."""

from __future__ import annotations

import base64
import threading

MASK = "********"

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def keep_out_of_log(secret: str, login: str = "") -> None:
    """Never write `secret` to the log: neither as typed, nor escaped as Python shows it in
    an exception, nor base64-encoded as SMTP AUTH sends it (alone or with the login)."""
    if not secret:
        return
    forms = {secret, repr(secret)[1:-1]}
    encoded = [_b64(secret)]
    if login:
        # The AUTH PLAIN blobs (with and without an authzid) and user NUL password.
        encoded += [_b64(f"\0{login}\0{secret}"), _b64(f"{login}\0{login}\0{secret}"),
                    _b64(f"{login}\0{secret}")]
    # Each with and without its '=' padding: servers echo either.
    forms.update(encoded)
    forms.update(form.rstrip("=") for form in encoded)
    with _secrets_lock:
        _secrets.update(form for form in forms if len(form) >= 1)


def redact(text: str) -> str:
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)  # longest first: no partial leak
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")
