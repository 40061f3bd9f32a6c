"""DNS for server detection: a resolver honouring settings.dns_servers, with a timeout.

Stop-gap until core/dns_resolver.py (issue 5) is on main: same shape on purpose
(`make_resolver(servers, timeout, cancel)` → client with `lookup(name, rdtype)` returning
an answer whose `outcome` is ok / nxdomain / no_answer / timeout / servfail / error), so
switching is a one-line import change. dnspython is imported inside the functions.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from a2k_settings_gui.core.cancel import CancelToken

OK, NXDOMAIN, NO_ANSWER, TIMEOUT, SERVFAIL, ERROR = (
    "ok", "nxdomain", "no_answer", "timeout", "servfail", "error",
)


class DnsServerProblem(ValueError):
    """A DNS server text that is not "IP" or "IP:port"."""


@dataclass(frozen=True)
class DnsAnswer:
    name: str
    rdtype: str
    outcome: str
    records: tuple[Any, ...] = ()
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == OK

    @property
    def failed(self) -> bool:
        return self.outcome in (TIMEOUT, SERVFAIL, ERROR)

    def texts(self) -> list[str]:
        out = []
        for chunks in self.records:
            raw = b"".join(chunks) if isinstance(chunks, tuple) else chunks
            out.append(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw))
        return out


def parse_server(text: str) -> tuple[str, int]:
    raw = text.strip()
    host, port_text = raw, ""
    if raw.startswith("["):
        host, _, rest = raw[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else rest
    elif raw.count(":") == 1:
        host, port_text = raw.split(":")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise DnsServerProblem(
            f"DNS server {text!r} is not an IP address; write it as 192.0.2.1 or 192.0.2.1:5353"
        ) from None
    if port_text and (not port_text.isdigit() or not 1 <= int(port_text) <= 65535):
        raise DnsServerProblem(f"DNS server {text!r} has a bad port; use 1 to 65535")
    return host, int(port_text) if port_text else 53


class DnsClient:
    def __init__(self, resolver: Any, timeout: float, cancel: CancelToken | None,
                 setup_error: str = "") -> None:
        self.resolver = resolver
        self.timeout = timeout
        self.cancel = cancel
        self.setup_error = setup_error

    def lookup(self, name: str, rdtype: str) -> DnsAnswer:
        import dns.exception
        import dns.resolver

        if self.cancel is not None:
            self.cancel.raise_if_cancelled()
        if self.resolver is None:
            return DnsAnswer(name, rdtype, ERROR, detail=f"no DNS servers: {self.setup_error}")
        try:
            answer = self.resolver.resolve(name, rdtype, search=False)
        except dns.resolver.NXDOMAIN:
            return DnsAnswer(name, rdtype, NXDOMAIN)
        except dns.resolver.NoAnswer:
            return DnsAnswer(name, rdtype, NO_ANSWER)
        except dns.exception.Timeout:
            return DnsAnswer(name, rdtype, TIMEOUT, detail=f"no answer within {self.timeout:g} s")
        except dns.resolver.NoNameservers as exc:
            return DnsAnswer(name, rdtype, SERVFAIL, detail=str(exc)[:200])
        except (dns.exception.DNSException, OSError, ValueError) as exc:
            return DnsAnswer(name, rdtype, ERROR, detail=str(exc)[:200])
        return DnsAnswer(name, rdtype, OK, tuple(_value(rdtype, r) for r in answer))


def _value(rdtype: str, rdata: Any) -> Any:
    if rdtype in ("A", "AAAA"):
        return rdata.address
    if rdtype == "MX":
        return (rdata.preference, rdata.exchange.to_text(omit_final_dot=True))
    if rdtype == "TXT":
        return tuple(rdata.strings)
    return rdata.to_text()


def make_resolver(servers: tuple[str, ...] | list[str] = (), timeout: float = 5.0,
                  cancel: CancelToken | None = None) -> DnsClient:
    """A client asking `servers` ("IP" / "IP:port"), or the system's servers when empty."""
    import dns.nameserver
    import dns.resolver

    parsed = [parse_server(s) for s in servers]
    if parsed:
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [dns.nameserver.Do53Nameserver(ip, port) for ip, port in parsed]
    else:
        try:
            resolver = dns.resolver.Resolver()
        except Exception as exc:  # noqa: BLE001 - no system DNS configuration: report it
            return DnsClient(None, timeout, cancel, setup_error=str(exc))
    resolver.timeout = max(0.2, timeout / max(1, len(resolver.nameservers)))
    resolver.lifetime = timeout
    resolver.retry_servfail = False
    return DnsClient(resolver, timeout, cancel)


def parse_srv(record: Any) -> tuple[int, int, int, str] | None:
    """(priority, weight, port, target) from an SRV record text "0 1 587 host."."""
    parts = str(record).split()
    if len(parts) != 4 or not all(p.isdigit() for p in parts[:3]):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2]), parts[3].rstrip(".").lower()
