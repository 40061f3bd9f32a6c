"""The Email Setting model: every field declared once with type, default and validation.

Mirrors HOME - SYSTEM ADMIN - COMPANY - Email Setting of A2000ERP plus the fields this
tool adds (security mode, login name, sender name, network options). The password is
deliberately not a field: it lives only in the OS keyring (see core.secrets).

`parse_value(key, raw)` turns user input (text from a form, a JSON value from a file or
the command line) into a typed value or a FieldProblem; it never raises anything else.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from urllib.parse import urlsplit


class Security(str, Enum):
    AUTO = "auto"
    SSL = "ssl"
    STARTTLS = "starttls"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "auto": "Auto (detect and remember)",
            "ssl": "SSL/TLS",
            "starttls": "STARTTLS",
            "none": "None (unencrypted)",
        }[self.value]


# Port that each security mode uses when the admin has not typed one (RFC 8314, RFC 6409).
DEFAULT_PORTS: dict[Security, int] = {
    Security.AUTO: 587,
    Security.SSL: 465,
    Security.STARTTLS: 587,
    Security.NONE: 25,
}


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


class ValueProblem(Exception):
    """Raised by a parser with the message shown beside the field."""


@dataclass(frozen=True)
class SettingField:
    key: str
    label: str
    default: Any
    parse: Callable[[Any], Any]
    help: str = ""
    group: str = ""


# ---------------------------------------------------------------- parsers
# Each parser accepts str (form input) or the JSON type and returns the typed value,
# or raises ValueProblem with the words shown to the admin.


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ValueProblem("must be text")
    if any(ch in raw for ch in "\r\n\x00"):
        raise ValueProblem("must be on one line")
    return raw.strip()


def _whole_number(raw: Any, label: str, low: int, high: int) -> int:
    message = f"{label} must be a whole number from {low} to {high}"
    if isinstance(raw, bool):
        raise ValueProblem(message)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        value = int(raw.strip())
    else:
        raise ValueProblem(message)
    if not low <= value <= high:
        raise ValueProblem(message)
    return value


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
    if not at or not local or " " in local or not _hostname_ok(domain):
        raise ValueProblem(f"{label} is not a valid e-mail address, e.g. ar@yourcompany.com")
    return text


def parse_email(raw: Any, *, required: bool = True, label: str = "Sender Email ID") -> str:
    text = _text(raw)
    if not text:
        if required:
            raise ValueProblem(f"{label} is required, e.g. statements@yourcompany.com")
        return ""
    if _defer_library_import and not email_library_loaded():
        return _provisional_email(text, label)
    # Imported here: email_validator pulls in idna, which start-up does not need.
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(
            text,
            check_deliverability=False,
            allow_quoted_local=True,
            allow_domain_literal=False,
        )
    except EmailNotValidError as exc:
        raise ValueProblem(f"{label} is not a valid e-mail address: {exc}") from None
    return result.normalized


def _hostname_ok(name: str) -> bool:
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
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


def parse_host(
    raw: Any, *, required: bool = True, label: str = "Outgoing Mail Server (SMTP)"
) -> str:
    text = _text(raw)
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if not text:
        if required:
            raise ValueProblem(f"{label} is required, e.g. smtp.yourprovider.com")
        return ""
    if "://" in text or "/" in text or " " in text:
        raise ValueProblem(f"{label} must be a server name only, without http:// or a path")
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        pass
    if ":" in text:
        raise ValueProblem(f"{label} must not include the port; put the port in the Port field")
    if not _hostname_ok(text):
        raise ValueProblem(f"{label} must be a host name such as smtp.example.com or an IP address")
    return text.lower()


def parse_port(raw: Any) -> int | None:
    """None means 'follow the security mode'."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return _whole_number(raw, "Port", 1, 65535)


def parse_security(raw: Any) -> Security:
    if isinstance(raw, Security):
        return raw
    text = _text(raw).lower().replace("/", "").replace("-", "").replace(" ", "")
    aliases = {"": "auto", "tls": "ssl", "ssltls": "ssl", "implicit": "ssl", "plain": "none"}
    text = aliases.get(text, text)
    try:
        return Security(text)
    except ValueError:
        raise ValueProblem("Security must be one of: auto, ssl, starttls, none") from None


def parse_login(raw: Any) -> str:
    text = _text(raw)
    if len(text) > 256:
        raise ValueProblem("Login name must be at most 256 characters")
    return text


def parse_sender_name(raw: Any) -> str:
    text = _text(raw)
    if len(text) > 120:
        raise ValueProblem("Sender name must be at most 120 characters")
    return text


def parse_logo_url(raw: Any) -> str:
    text = _text(raw)
    if not text:
        return ""
    if len(text) > 2048:
        raise ValueProblem("Company Logo URL must be at most 2,048 characters")
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        raise ValueProblem("Company Logo URL is not a valid web address") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueProblem(
            "Company Logo URL must start with https:// (or http://), "
            "e.g. https://www.yourcompany.com/logo.png"
        )
    if not parts.hostname or not port_ok or " " in text:
        raise ValueProblem("Company Logo URL is not a valid web address")
    host = parts.hostname
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not _hostname_ok(host):
            raise ValueProblem("Company Logo URL has an invalid host name") from None
    return text


def parse_logo_height(raw: Any) -> int:
    return _whole_number(raw, "Logo Height", 1, 2000)


def parse_logo_width(raw: Any) -> int:
    return _whole_number(raw, "Logo Width", 1, 2000)


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueProblem("must be true or false")


def parse_batch_size(raw: Any) -> int:
    return _whole_number(raw, "Maximum Mails per Batch", 1, 10000)


def parse_batch_interval(raw: Any) -> int:
    return _whole_number(raw, "Batch Interval", 0, 86400)


def parse_dns_server(raw: Any) -> str:
    """An IP address with an optional port: 192.0.2.53, 192.0.2.53:5353, [2001:db8::1]:53."""
    # The one parser lives in the network layer (pure text work, no sockets).
    from a2k_settings_gui.core.net.servers import DnsServerProblem, normalize_dns_server

    try:
        return normalize_dns_server(_text(raw))
    except DnsServerProblem as exc:
        raise ValueProblem(str(exc)) from None


def parse_dns_servers(raw: Any) -> tuple[str, ...]:
    from a2k_settings_gui.core.net.servers import split_dns_servers

    if raw is None or raw == "":
        return ()
    if not isinstance(raw, (str, list, tuple)):
        raise ValueProblem("DNS servers must be a list of IP addresses")
    return tuple(parse_dns_server(item) for item in split_dns_servers(raw))


def parse_ca_file(raw: Any) -> str:
    # Existence is checked when the file is used (it may live on a share not mounted now).
    return _text(raw)


# ---------------------------------------------------------------- the declaration

MAIL_SERVER = "Mail Server Setting"
LOGO = "Company Logo Information"
SENDING = "Mail Sending Control"
NETWORK = "Network"

FIELDS: tuple[SettingField, ...] = (
    SettingField("sender_email", "Sender Email ID", "", parse_email, group=MAIL_SERVER,
                 help="The address your customers see e-statements and invoices come from."),
    SettingField("smtp_host", "Outgoing Mail Server (SMTP)", "", parse_host, group=MAIL_SERVER,
                 help="Ask your IT service provider, e.g. smtp.office365.com."),
    SettingField("security", "Security", Security.AUTO, parse_security, group=MAIL_SERVER,
                 help="SSL/TLS on port 465, STARTTLS on 587; Auto finds the one that works."),
    SettingField("port", "Port", None, parse_port, group=MAIL_SERVER,
                 help="Leave as it is to follow the security mode."),
    SettingField("login_name", "Login name", "", parse_login, group=MAIL_SERVER,
                 help="Only when it differs from the Sender Email ID (e.g. 'apikey')."),
    SettingField("sender_name", "Sender name", "", parse_sender_name, group=MAIL_SERVER,
                 help="The name shown beside the address, e.g. 'ACME Accounts'."),
    SettingField("logo_url", "Company Logo URL", "", parse_logo_url, group=LOGO,
                 help="A direct https:// link to the image file."),
    SettingField("logo_height", "Logo Height", 60, parse_logo_height, group=LOGO),
    SettingField("logo_width", "Logo Width", 200, parse_logo_width, group=LOGO),
    SettingField("logo_keep_aspect", "Keep aspect ratio", True, parse_bool, group=LOGO),
    SettingField("max_mails_per_batch", "Maximum Mails per Batch", 50, parse_batch_size,
                 group=SENDING),
    SettingField("batch_interval_seconds", "Batch Interval", 10, parse_batch_interval,
                 group=SENDING),
    SettingField("dns_servers", "DNS servers", (), parse_dns_servers, group=NETWORK,
                 help="Leave empty to use this computer's DNS servers."),
    SettingField("ca_file", "Extra CA certificates", "", parse_ca_file, group=NETWORK,
                 help="A PEM file with your company's proxy or internal CA certificates."),
)

FIELDS_BY_KEY: dict[str, SettingField] = {f.key: f for f in FIELDS}


def parse_value(key: str, raw: Any) -> tuple[Any, FieldProblem | None]:
    """Parse one field; returns (value, None) or (None, problem). Never raises."""
    spec = FIELDS_BY_KEY[key]
    try:
        return spec.parse(raw), None
    except ValueProblem as exc:
        message = str(exc)
        # Shared parsers (text, bool) say only "must ..."; name the field for them.
        if message.startswith("must"):
            message = f"{spec.label} {message}"
        return None, FieldProblem(key, message)
    except Exception:  # noqa: BLE001 - the contract is "value or message", whatever the input
        return None, FieldProblem(key, f"{spec.label} has a value this tool cannot read")


@dataclass(frozen=True)
class EmailSettings:
    sender_email: str = ""
    smtp_host: str = ""
    security: Security = Security.AUTO
    port: int | None = None
    login_name: str = ""
    sender_name: str = ""
    logo_url: str = ""
    logo_height: int = 60
    logo_width: int = 200
    logo_keep_aspect: bool = True
    max_mails_per_batch: int = 50
    batch_interval_seconds: int = 10
    dns_servers: tuple[str, ...] = ()
    ca_file: str = ""
    # Keys this version does not know (written by a newer version or by hand) survive a
    # load/save round trip untouched.
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def effective_port(self) -> int:
        return self.port if self.port is not None else DEFAULT_PORTS[self.security]

    @property
    def effective_login(self) -> str:
        """The account name used for AUTH and as the keyring account."""
        return self.login_name or self.sender_email

    def replace(self, **changes: Any) -> EmailSettings:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.extra)
        for spec in FIELDS:
            value = getattr(self, spec.key)
            if isinstance(value, Security):
                value = value.value
            elif isinstance(value, tuple):
                value = list(value)
            data[spec.key] = value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> tuple[EmailSettings, list[FieldProblem]]:
        """Build settings from a mapping. Unreadable values fall back to their default
        and are reported; an empty required field is kept empty (it is not an error until
        the admin saves)."""
        values: dict[str, Any] = {}
        problems: list[FieldProblem] = []
        for spec in FIELDS:
            if spec.key not in data:
                continue
            raw = data[spec.key]
            if spec.key in ("sender_email", "smtp_host") and (raw is None or raw == ""):
                values[spec.key] = ""
                continue
            value, problem = parse_value(spec.key, raw)
            if problem:
                problems.append(problem)
            else:
                values[spec.key] = value
        extra = {k: v for k, v in data.items() if k not in FIELDS_BY_KEY}
        return cls(**values, extra=extra), problems


def validate(settings: EmailSettings) -> list[FieldProblem]:
    """Every problem that stops these settings from being saved, with its field."""
    problems: list[FieldProblem] = []
    for spec in FIELDS:
        value = getattr(settings, spec.key)
        if isinstance(value, Security):
            value = value.value
        _, problem = parse_value(spec.key, value)
        if problem:
            problems.append(problem)
    return problems
