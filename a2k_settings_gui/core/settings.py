"""The Email Setting model: every field declared once with type, default and validation.

Mirrors HOME - SYSTEM ADMIN - COMPANY - Email Setting of A2000ERP plus the fields this
tool adds (security mode, login name, sender name, network options). The password is
deliberately not a field: it lives only in the OS keyring (see core.secrets).

`parse_value(key, raw)` turns user input (text from a form, a JSON value from a file or
the command line) into a typed value or a FieldProblem; it never raises anything else.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from enum import Enum
from urllib.parse import urlsplit

# Re-exported: the dialog, the ERP profile and the CLI use them from the model.
from a2k_settings_gui.core.kit.record import field, record, replace
from a2k_settings_gui.core.net.addresses import (  # noqa: F401
    AddressProblem,
    check_email_address,
    check_host,
    defer_email_library_import,
    email_library_loaded,
    hostname_ok,
)

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Security(str, Enum):
    AUTO = "auto"
    SSL = "ssl"
    STARTTLS = "starttls"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "auto": "Auto (as A2000ERP: by the port)",
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


def stored_port(security: Security, port: int | None) -> int | None:
    """The default-port rule: a port equal to its security mode's default is stored as
    null, so it keeps following the mode (and the ERP hand-over shows the mode's port).
    Only a port the admin chose apart from the default is kept as a number. The store
    applies it on every save; the form and the wizard use it to decide what they save."""
    return None if port is None or port == DEFAULT_PORTS[security] else port


@record(frozen=True)
class FieldProblem:
    field: str
    message: str


class ValueProblem(Exception):
    """Raised by a parser with the message shown beside the field."""


@record(frozen=True)
class SettingField:
    key: str
    label: str
    default: Any
    parse: Callable[[Any], Any]
    help: str = ""
    group: str = ""
    # Whole-number fields: the accepted range and the unit shown after the number. The
    # parser checks the range and the forms set their spin box limits from it.
    low: int | None = None
    high: int | None = None
    unit: str = ""
    # What a form shows in an empty field, e.g. "statements@yourcompany.com".
    example: str = ""


# ---------------------------------------------------------------- parsers
# Each parser accepts str (form input) or the JSON type and returns the typed value,
# or raises ValueProblem with the words shown to the admin.


# Every control character (C0, DEL, C1), the Unicode line and paragraph separators and
# lone surrogates. Python's own str.splitlines() breaks lines at 0x1C-0x1E, 0x85 and
# U+2028/2029 too, and the e-mail library once turned a Sender name holding 0x1C into a
# second header on the wire: no field may hold any of them.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def forbidden_character_problem(text: str) -> str | None:
    """'must ...' words for the first character no field may hold, or None."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    char = match.group()
    where = f"U+{ord(char):04X} at position {match.start() + 1}"
    if char in _LINE_BREAKS:
        return f"must be on one line (it holds a line break, {where})"
    if "\ud800" <= char <= "\udfff":
        return f"must be valid text (it holds a broken character, {where})"
    return f"must not contain control characters (it holds {where}); retype the value"


def without_forbidden_characters(text: str) -> str:
    """Each forbidden character replaced by a space: the last guard where a value becomes
    a mail header, whatever path it came by."""
    return _FORBIDDEN.sub(" ", text)


def _text(raw: Any, label: str = "") -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ValueProblem(f"{label} must be text".strip())
    problem = forbidden_character_problem(raw)
    if problem:
        raise ValueProblem(f"{label} {problem}".strip())
    return raw.strip()


def _in_range(key: str, raw: Any) -> int:
    """A whole number within the field's declared range (looked up when called, so the
    declaration below stays the one place that says it)."""
    spec = FIELDS_BY_KEY[key]
    assert spec.low is not None and spec.high is not None
    return _whole_number(raw, spec.label, spec.low, spec.high)


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


def _address(raw: Any, label: str, required: bool, example: str,
             check: Callable[[str, str], str], brackets: bool = False) -> str:
    """Text that must be an address of some kind: required or empty, then `check`ed."""
    text = _text(raw, label)
    if brackets and text.startswith("[") and text.endswith("]"):
        text = text[1:-1]  # a server typed as [192.0.2.1]
    if not text:
        if required:
            raise ValueProblem(f"{label} is required, e.g. {example}")
        return ""
    try:
        return check(text, label)
    except AddressProblem as exc:
        raise ValueProblem(str(exc)) from None


def parse_email(raw: Any, *, required: bool = True, label: str = "Sender Email ID") -> str:
    return _address(raw, label, required, "statements@yourcompany.com", check_email_address)


def parse_host(
    raw: Any, *, required: bool = True, label: str = "Outgoing Mail Server (SMTP)"
) -> str:
    return _address(raw, label, required, "smtp.yourprovider.com", check_host, brackets=True)


def parse_port(raw: Any) -> int | None:
    """None means 'follow the security mode'."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    return _in_range("port", raw)


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


def _text_up_to(key: str, limit: int) -> Callable[[Any], str]:
    """The parser of a free-text field: at most `limit` characters."""
    def parse(raw: Any) -> str:
        text = _text(raw)
        if len(text) > limit:
            raise ValueProblem(f"{FIELDS_BY_KEY[key].label} must be at most {limit} characters")
        return text

    return parse


def _whole_number_field(key: str) -> Callable[[Any], int]:
    """The parser of a whole-number field: within the range its declaration gives."""
    def parse(raw: Any) -> int:
        return _in_range(key, raw)

    return parse


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
        if not hostname_ok(host):
            raise ValueProblem("Company Logo URL has an invalid host name") from None
    return text


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise ValueProblem("must be true or false")


def parse_test_recipient(raw: Any) -> str:
    return parse_email(raw, required=False, label="Test recipient")


def parse_dns_server(raw: Any) -> str:
    """An IP address with an optional port: 192.0.2.53, 192.0.2.53:5353, [2001:db8::1]:53."""
    # The one parser lives in the network layer (pure text work, no sockets).
    from a2k_settings_gui.core.net.servers import DnsServerProblem, normalize_dns_server

    try:
        return normalize_dns_server(_text(raw))
    except DnsServerProblem as exc:
        raise ValueProblem(str(exc)) from None


# Windows takes a handful of DNS servers per adapter and resolv.conf reads three; more is a
# mistake (or a hostile import), and every one is asked in turn when the others fail.
MAX_DNS_SERVERS = 8
MAX_PATH_CHARS = 1024  # a file path; Windows' long paths reach 32767, real ones far less


def parse_dns_servers(raw: Any) -> tuple[str, ...]:
    from a2k_settings_gui.core.net.servers import split_dns_servers

    if raw is None or raw == "":
        return ()
    if not isinstance(raw, (str, list, tuple)):
        raise ValueProblem("DNS servers must be a list of IP addresses")
    if len(raw) > MAX_DNS_SERVERS * 64:
        raise ValueProblem(f"DNS servers: give at most {MAX_DNS_SERVERS} servers")
    # Checked before splitting: the split strips tabs and line breaks it should refuse.
    for item in [raw] if isinstance(raw, str) else raw:
        if isinstance(item, str):
            _text(item)
    items = split_dns_servers(raw)
    if len(items) > MAX_DNS_SERVERS:
        raise ValueProblem(f"DNS servers: give at most {MAX_DNS_SERVERS} servers "
                           f"({len(items)} given); a company network has one to four")
    return tuple(parse_dns_server(item) for item in items)


def parse_ca_file(raw: Any) -> str:
    # Existence is checked when the file is used (it may live on a share not mounted now).
    text = _text(raw)
    if len(text) > MAX_PATH_CHARS:
        raise ValueProblem(f"Extra CA certificates: the path is longer than "
                           f"{MAX_PATH_CHARS} characters")
    return text


# ---------------------------------------------------------------- the declaration

MAIL_SERVER = "Mail Server Setting"
LOGO = "Company Logo Information"
SENDING = "Mail Sending Control"
NETWORK = "Network"
ADVANCED = "Advanced (not on the A2000ERP screen)"

FIELDS: tuple[SettingField, ...] = (
    SettingField("sender_email", "Sender Email ID", "", parse_email, group=MAIL_SERVER,
                 help="The address your customers see e-statements and invoices come from.",
                 example="statements@yourcompany.com"),
    SettingField("smtp_host", "Outgoing Mail Server (SMTP)", "", parse_host, group=MAIL_SERVER,
                 help="Ask your IT service provider, e.g. smtp.office365.com.",
                 example="smtp.yourprovider.com"),
    SettingField("security", "Security", Security.AUTO, parse_security, group=MAIL_SERVER,
                 help="SSL/TLS on port 465, STARTTLS on 587; Auto finds the one that works."),
    SettingField("port", "Port", None, parse_port, group=MAIL_SERVER, low=1, high=65535,
                 help="Leave as it is to follow the security mode."),
    SettingField("login_name", "Login name", "", _text_up_to("login_name", 256),
                 group=MAIL_SERVER,
                 help="Only when it differs from the Sender Email ID (e.g. 'apikey').",
                 example="Same as Sender Email ID"),
    SettingField("sender_name", "Sender name", "", _text_up_to("sender_name", 120),
                 group=MAIL_SERVER,
                 help="The name shown beside the address, e.g. 'ACME Accounts'.",
                 example="e.g. ACME Accounts"),
    SettingField("logo_url", "Company Logo URL", "", parse_logo_url, group=LOGO,
                 help="A direct https:// link to the image file.",
                 example="https://www.yourcompany.com/logo.png"),
    SettingField("logo_height", "Logo Height", 60, _whole_number_field("logo_height"),
                 group=LOGO, low=1, high=2000, unit=" px"),
    SettingField("logo_width", "Logo Width", 200, _whole_number_field("logo_width"),
                 group=LOGO, low=1, high=2000, unit=" px"),
    SettingField("logo_keep_aspect", "Keep aspect ratio", True, parse_bool, group=LOGO),
    SettingField("max_mails_per_batch", "Maximum Mails per Batch", 50,
                 _whole_number_field("max_mails_per_batch"), group=SENDING, low=1, high=10000),
    SettingField("batch_interval_seconds", "Batch Interval", 10,
                 _whole_number_field("batch_interval_seconds"), group=SENDING, low=0,
                 high=86400, unit=" seconds"),
    SettingField("dns_servers", "DNS servers", (), parse_dns_servers, group=NETWORK,
                 help="Leave empty to use this computer's DNS servers.",
                 example="Empty: this computer's DNS servers"),
    SettingField("ca_file", "Extra CA certificates", "", parse_ca_file, group=NETWORK,
                 help="A PEM file with your company's proxy or internal CA certificates.",
                 example="Empty: Windows' trusted certificates"),
    # Tool-only settings (not on the A2000ERP screen): the Advanced section.
    SettingField("test_recipient", "Test recipient", "", parse_test_recipient, group=ADVANCED,
                 help="Your own mailbox at another provider (e.g. a personal Gmail): mail "
                      "that stays inside one provider skips the checks Gmail applies."),
    SettingField("mails_per_month", "E-mails per month", 1000,
                 _whole_number_field("mails_per_month"), group=SENDING, low=1, high=1_000_000,
                 help="About how many e-statements and invoices go out in a month; the "
                      "sending plan and the bulk-sender rules are judged on it."),
)

FIELDS_BY_KEY: dict[str, SettingField] = {f.key: f for f in FIELDS}


def _default(key: str) -> Any:
    """A field's default as declared above (EmailSettings repeats no value)."""
    return FIELDS_BY_KEY[key].default


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


@record(frozen=True)
class EmailSettings:
    sender_email: str = _default("sender_email")
    smtp_host: str = _default("smtp_host")
    security: Security = _default("security")
    port: int | None = _default("port")
    login_name: str = _default("login_name")
    sender_name: str = _default("sender_name")
    logo_url: str = _default("logo_url")
    logo_height: int = _default("logo_height")
    logo_width: int = _default("logo_width")
    logo_keep_aspect: bool = _default("logo_keep_aspect")
    max_mails_per_batch: int = _default("max_mails_per_batch")
    batch_interval_seconds: int = _default("batch_interval_seconds")
    dns_servers: tuple[str, ...] = _default("dns_servers")
    ca_file: str = _default("ca_file")
    test_recipient: str = _default("test_recipient")
    mails_per_month: int = _default("mails_per_month")
    # Keys this version does not know (written by a newer version or by hand) survive a
    # load/save round trip untouched.
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def effective_port(self) -> int:
        return self.port if self.port is not None else DEFAULT_PORTS[self.security]

    def as_stored(self) -> EmailSettings:
        """These settings as the file keeps them (the default-port rule applied)."""
        port = stored_port(self.security, self.port)
        return self if port == self.port else self.replace(port=port)

    @property
    def effective_login(self) -> str:
        """The account name used for AUTH and as the keyring account."""
        return self.login_name or self.sender_email

    def replace(self, **changes: Any) -> EmailSettings:
        return replace(self, **changes)

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
