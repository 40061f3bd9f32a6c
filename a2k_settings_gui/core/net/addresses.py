"""What counts as a valid name on the network: e-mail addresses and server names.

Pure text work (no connection is made): the settings' parsers and the checks call these,
so every place judges an address the same way. A problem is an AddressProblem whose words
name the field (`label`) and say what to type instead.
"""

from __future__ import annotations

import ipaddress
import re
import sys


class AddressProblem(ValueError):
    """An address or server name that cannot be used, in words for the admin."""


# email_validator takes ~70 ms to import (it compiles large RFC regexes). A window that
# wants to appear first may ask for a provisional structural check until the library has
# been imported on a worker; once it is loaded every check is the full one again.
_defer_library_import = False


def defer_email_library_import(defer: bool = True) -> None:
    global _defer_library_import
    _defer_library_import = defer


def email_library_loaded() -> bool:
    return "email_validator" in sys.modules


def _provisional_email(text: str, label: str) -> str:
    local, at, domain = text.rpartition("@")
    if not at or not local or " " in local or not hostname_ok(domain):
        raise AddressProblem(f"{label} is not a valid e-mail address, e.g. ar@yourcompany.com")
    return text


# The everyday address (ASCII dot-atom, host name of letters, digits and single hyphens,
# a letter-only top-level domain) that email_validator accepts unchanged except for the
# domain's case. It is judged here without importing the library, which costs a command
# line run ~20 ms of regex compiling; anything else goes to the library.
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")


def _plain_email(text: str) -> str | None:
    if len(text) > 254 or "--" in text.rpartition("@")[2] or not _PLAIN_EMAIL.fullmatch(text):
        return None
    local, _, domain = text.rpartition("@")
    return None if len(local) > 64 else f"{local}@{domain.lower()}"


def check_email_address(text: str, label: str = "Sender Email ID") -> str:
    """The normalized address, or AddressProblem with words that name `label`."""
    plain = _plain_email(text)
    if plain is not None:
        return plain
    if _defer_library_import and not email_library_loaded():
        return _provisional_email(text, label)
    # Imported here: email_validator pulls in idna, which start-up does not need.
    from email_validator import EmailNotValidError, validate_email

    _accept_special_use_domains()

    try:
        result = validate_email(
            text,
            check_deliverability=False,
            allow_quoted_local=True,
            allow_domain_literal=False,
        )
    except EmailNotValidError as exc:
        raise AddressProblem(f"{label} is not a valid e-mail address: {exc}") from None
    return result.normalized


def _accept_special_use_domains() -> None:
    # email_validator refuses these outright; its README (section "Testing") documents
    # removing names from SPECIAL_USE_DOMAIN_NAMES to accept them. We warn instead.
    import email_validator

    email_validator.SPECIAL_USE_DOMAIN_NAMES[:] = []


def hostname_ok(name: str) -> bool:
    from a2k_settings_gui.core.net.idn import to_ascii

    try:
        ascii_name = to_ascii(name)
    except ValueError:
        return False
    if ascii_name.endswith("."):
        ascii_name = ascii_name[:-1]
    if not ascii_name or len(ascii_name) > 253:
        return False
    labels = ascii_name.split(".")
    for part in labels:
        if not 1 <= len(part) <= 63:
            return False
        if part.startswith("-") or part.endswith("-"):
            return False
        if not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in part):
            return False
    # An all-numeric name that is not a valid IP ("999.1.1.1") is a typo, not a host.
    return not all(part.isdigit() for part in labels)


def check_host(text: str, label: str = "Outgoing Mail Server (SMTP)") -> str:
    """A server's name or IP address as typed (no brackets, not empty), normalized."""
    if "://" in text or "/" in text or " " in text:
        raise AddressProblem(f"{label} must be a server name only, without http:// or a path")
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        pass
    if ":" in text:
        raise AddressProblem(
            f"{label} must not include the port; put the port in the Port field")
    if not hostname_ok(text):
        raise AddressProblem(
            f"{label} must be a host name such as smtp.example.com or an IP address")
    return text.lower()


# Special-use and reserved names (RFC 6761 test/invalid/localhost/example, RFC 6762 local,
# RFC 7686 onion, RFC 8375 home.arpa, ICANN's internal). A sender there is valid syntax and
# useful against a lab server, but receivers outside refuse it: it is accepted with the
# warning `sender_domain_reserved` (core.erp_profile.sender_findings); core.settings
# accepts them.
SPECIAL_USE_SUFFIXES: tuple[str, ...] = (
    "test", "invalid", "localhost", "example", "local", "onion", "home.arpa", "arpa",
    "internal", "alt",
)


def special_use_suffix(address: str) -> str:
    """The special-use suffix the address's domain ends in ("local"), or ""."""
    domain = address.rpartition("@")[2].strip().rstrip(".").lower()
    for suffix in SPECIAL_USE_SUFFIXES:
        if domain == suffix or domain.endswith("." + suffix):
            return suffix
    return ""
