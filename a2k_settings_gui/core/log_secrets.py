"""The secrets that must never reach the log file (core.app_log masks them in every
record): registered by whoever handles a password, without importing logging."""

from __future__ import annotations

import threading

MASK = "********"

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def keep_out_of_log(secret: str, login: str = "") -> None:
    """Never write `secret` to the log nor print it: in none of the forms a server or a
    library may echo it (core.secret_forms: as typed, escaped, URL-encoded, hex, base64
    with and without padding, alone or in the SMTP AUTH blobs with the login)."""
    from a2k_settings_gui.core.secret_forms import forms_of

    forms = forms_of(secret, login)
    with _secrets_lock:
        _secrets.update(forms)


# What is printed or kept beside the settings (JSON, readable reports, latest-checks)
# masks only forms this long: a secret of one to three characters cannot be masked in
# every word without destroying the words ("ok", "bulk"), and no real password is that
# short. The log keeps masking every form.
PRINTED_MIN_CHARS = 4


def redact(text: str, min_chars: int = 1) -> str:
    """`text` with every registered secret form of at least `min_chars` characters
    masked, longest first (no partial leak of a longer form)."""
    with _secrets_lock:
        secrets = sorted((s for s in _secrets if len(s) >= min_chars), key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def redact_printed(text: str) -> str:
    """`redact` for what is printed or written beside the settings."""
    return redact(text, PRINTED_MIN_CHARS)
