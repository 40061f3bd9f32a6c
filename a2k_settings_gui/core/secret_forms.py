"""Every form in which a secret may come back from a server or a library.

A server that echoes what it received, an HTTP library that puts a URL in an error, a
proxy that repeats its request: each may show the password encoded some other way than
it was typed. Whatever masks secrets (the transcript, the log, the JSON and the reports)
masks all of these forms:

* as typed, as Python escapes it in an exception (repr), HTML-escaped, JSON-escaped;
* URL-encoded (percent escapes in upper and lower case, with and without '/' kept),
  and form-encoded (`quote_plus`: spaces as '+');
* hex (lower and upper case);
* base64 and URL-safe base64, with and without '=' padding, of the secret alone and of
  the SMTP AUTH PLAIN / LOGIN blobs that carry it with the login name.
"""

from __future__ import annotations

import base64
import html
import json
import re
from urllib.parse import quote, quote_plus

_PERCENT = re.compile(r"%[0-9A-F]{2}")


def forms_of(secret: str, login: str = "") -> set[str]:
    """The secret in every encoding above ("" gives an empty set)."""
    if not secret:
        return set()
    forms = {secret, repr(secret)[1:-1], html.escape(secret), json.dumps(secret)[1:-1],
             json.dumps(secret, ensure_ascii=False)[1:-1]}
    for encoded in (quote(secret, safe=""), quote(secret), quote_plus(secret),
                    quote_plus(secret, safe="/")):
        forms.add(encoded)
        forms.add(_PERCENT.sub(lambda m: m.group(0).lower(), encoded))
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
