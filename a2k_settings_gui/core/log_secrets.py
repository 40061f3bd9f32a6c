"""The secrets that must never reach the log file (core.app_log masks them in every
record): registered by whoever handles a password, without importing logging."""

from __future__ import annotations

import threading

MASK = "********"

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


# Every form in which a secret may come back from a server or a library: a server that
# echoes what it received, an HTTP library that puts a URL in an error, a proxy that
# repeats its request may show the password encoded some other way than it was typed.
# Whatever masks secrets (the transcript, the log, the JSON and the reports) masks all of
# these forms: as typed, as Python escapes it (repr), HTML- and JSON-escaped; URL-encoded
# (percent escapes in upper and lower case, with and without '/' kept) and form-encoded
# (quote_plus); hex; base64 and URL-safe base64 with and without padding, of the secret
# alone and of the SMTP AUTH PLAIN / LOGIN blobs that carry it with the login name.
def forms_of(secret: str, login: str = "") -> set[str]:
    """The secret in every encoding above ("" gives an empty set)."""
    if not secret:
        return set()
    # Imported here: a command that only registers a secret stays light at start-up.
    import base64
    import json
    import re
    from urllib.parse import quote, quote_plus

    percent = re.compile(r"%[0-9A-F]{2}")
    # html.escape's five replacements, without importing html (its entity table).
    html_escaped = (secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    .replace('"', "&quot;").replace("'", "&#x27;"))
    forms = {secret, repr(secret)[1:-1], html_escaped, json.dumps(secret)[1:-1],
             json.dumps(secret, ensure_ascii=False)[1:-1]}
    for encoded in (quote(secret, safe=""), quote(secret), quote_plus(secret),
                    quote_plus(secret, safe="/")):
        forms.add(encoded)
        forms.add(percent.sub(lambda m: m.group(0).lower(), encoded))
    raw = secret.encode("utf-8")
    forms.update({raw.hex(), raw.hex().upper()})
    blobs = [raw]
    if login:
        user = login.encode("utf-8")
        blobs += [b"\0" + user + b"\0" + raw, user + b"\0" + user + b"\0" + raw,
                  user + b"\0" + raw]
    for blob in blobs:
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            text = encode(blob).decode("ascii")
            forms.update({text, text.rstrip("=")})
    return {form for form in forms if form}


def mask(text: str, secrets: set[str] | list[str], replacement: str = "***") -> str:
    """`text` with every form replaced, longest first (no partial leak of a longer one)."""
    for form in sorted(secrets, key=len, reverse=True):
        if form in text:
            text = text.replace(form, replacement)
    return text


def keep_out_of_log(secret: str, login: str = "") -> None:
    """Never write `secret` to the log nor print it: in none of the forms a server or a
    library may echo it (forms_of: as typed, escaped, URL-encoded, hex, base64
    with and without padding, alone or in the SMTP AUTH blobs with the login)."""
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
