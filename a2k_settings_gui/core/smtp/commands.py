"""What the client writes and reads besides the replies: envelope addresses for MAIL FROM
and RCPT TO, the EHLO name, the EHLO keywords, base64 for AUTH."""

from __future__ import annotations

import base64
import re
import socket

from a2k_settings_gui.core.net.idn import to_ascii
from a2k_settings_gui.core.settings import without_forbidden_characters
from a2k_settings_gui.core.smtp.session import Reply


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _envelope(address: str) -> tuple[str, bool]:
    """The address for MAIL/RCPT: IDN domain in ASCII; True if the local part needs SMTPUTF8.

    Control characters are already refused by validation; replacing them here as well means
    no value can end the command line and start another (SMTP command injection)."""
    local, _, domain = without_forbidden_characters(address).rpartition("@")
    try:
        domain = to_ascii(domain)
    except ValueError:
        pass
    return f"{local}@{domain}", not local.isascii()


def _ehlo_name(sock: socket.socket | None) -> str:
    """This computer's name if it is a dotted name, else its address literal (RFC 5321)."""
    name = socket.gethostname()  # no DNS lookup, unlike getfqdn()
    if "." in name and re.fullmatch(r"[A-Za-z0-9.-]+", name):
        return name
    try:
        ip = sock.getsockname()[0] if sock else "127.0.0.1"
    except OSError:
        ip = "127.0.0.1"
    return f"[IPv6:{ip}]" if ":" in ip else f"[{ip}]"


def _extensions(reply: Reply) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in reply.text.split("\n")[1:]:
        keyword, _, params = line.strip().partition(" ")
        if keyword.upper().startswith("AUTH="):  # old form "AUTH=LOGIN PLAIN"
            keyword, params = "AUTH", keyword[5:] + " " + params
        if keyword:
            found[keyword.upper()] = (found.get(keyword.upper(), "") + " " + params).strip()
    return found
