"""user:password@ in web addresses: never shown, and the password never printed.

Two readings, for two kinds of address:

* `strip_userinfo` (any text): removes `user:password@` as a URL parser reads it, up to
  the first '/', '?' or '#'. It leaves `https://cdn.example/logo@2x.png` alone.
* `strip_proxy_userinfo` (proxy and PAC addresses, and errors that quote them): a proxy
  password is often typed unencoded and may hold '/', so everything between '//' and the
  last '@' before the host is removed.

`remember_proxy_secrets` also hands the password to the log's mask (app_log), in all its
encodings, so an HTTP library that quotes the address in an error cannot print it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_USERINFO = re.compile(r"(?<=//)[^/?#@\s'\"<>]+@")
# user (no '/'), then ':' and a password that may hold '/', up to an '@' followed by a host.
_PROXY_USERINFO = re.compile(r"(?<=//)[^/?#@\s'\"<>:]*(?::[^@\s'\"<>]*)?@(?=[\w\[])")


def strip_userinfo(text: str) -> str:
    return _USERINFO.sub("", text)


def strip_proxy_userinfo(text: str) -> str:
    return strip_userinfo(_PROXY_USERINFO.sub("", text))


def proxy_password(url: str) -> tuple[str, str]:
    """(user, password) written into a proxy address, as typed and undecoded."""
    rest = url.split("//", 1)[1] if "//" in url else url
    userinfo, at, _host = rest.rpartition("@")
    if not at:
        return "", ""
    user, _colon, password = userinfo.partition(":")
    return user, password


def remember_proxy_secrets(*urls: str) -> None:
    """Keep the passwords in these addresses out of the log and every printed text."""
    from a2k_settings_gui.core.log_secrets import keep_out_of_log

    for url in urls:
        user, password = proxy_password(url or "")
        if password:
            keep_out_of_log(password, user)
            decoded = unquote(password)
            if decoded != password:
                keep_out_of_log(decoded, unquote(user))
