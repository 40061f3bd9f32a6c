"""The one parser of DNS-server text: "IP", "IP:PORT", "[IPv6]:PORT", and lists of them.

Used by the settings model (the Network field), the command line (--dns-server) and the
DNS client, so a server that one accepts the others read the same way.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

DNS_PORT = 53


class DnsServerProblem(ValueError):
    """A DNS server text that is not "IP" or "IP:port" (the message shows the form to use)."""


def parse_dns_server(text: str) -> tuple[str, int]:
    """ "192.0.2.1" -> ("192.0.2.1", 53); "192.0.2.1:5353"; "::1"; "[::1]:5353"."""
    raw = str(text).strip()
    host, port_text = raw, ""
    if raw.startswith("["):
        host, _, rest = raw[1:].partition("]")
        if rest and not rest.startswith(":"):
            raise DnsServerProblem(f"DNS server {text!r}: write [IPv6]:port, e.g. [2001:db8::1]:53")
        port_text = rest[1:]
    elif raw.count(":") == 1:
        host, port_text = raw.split(":")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise DnsServerProblem(
            f"DNS server {text!r} must be an IP address, optionally with :port "
            "(e.g. 192.0.2.1 or 192.0.2.1:5353)"
        ) from None
    port = DNS_PORT
    if raw.startswith("[") or raw.count(":") == 1:  # a port was written: it must be one
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise DnsServerProblem(f"DNS server {text!r} has a bad port; use 1 to 65535")
        port = int(port_text)
    return str(address), port


def format_dns_server(address: str, port: int = DNS_PORT) -> str:
    """The canonical text of a server: "192.0.2.1", "192.0.2.1:5353", "[::1]:5353"."""
    if port == DNS_PORT:
        return address
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def normalize_dns_server(text: str) -> str:
    """Parse and write back in the canonical form (raises DnsServerProblem)."""
    raw = str(text).strip()
    address, port = parse_dns_server(raw)
    explicit_port = raw.startswith("[") or (raw.count(":") == 1)
    if explicit_port:  # keep ":53" when the admin wrote it, as the form always did
        return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    return address


def split_dns_servers(raw: str | Iterable[str]) -> list[str]:
    """A list of server texts from one line ("a, b; c") or an iterable of them."""
    items = str(raw).replace(";", ",").split(",") if isinstance(raw, str) else list(raw)
    return [str(item).strip() for item in items if str(item).strip()]
