"""One DNS resolver for every check: honours the configured servers, a timeout and cancel.

`make_resolver(servers, timeout)` builds a `DnsClient` that asks the servers from
settings.dns_servers / --dns-server ("IP", "IP:port" or "[IPv6]:port"), or the system's
servers when none are given. `DnsClient.lookup(name, rdtype)` never raises for DNS
trouble: it returns a `DnsAnswer` whose `outcome` says what happened (ok, nxdomain,
no_answer, timeout, servfail, error), so callers turn outcomes into findings instead of
catching a zoo of dnspython exceptions. Answers are cached for the life of the client
(one check), which lets the SPF evaluator reuse what the concurrent pre-fetch found.

dnspython is imported inside the functions: start-up of the dialog must not load it.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.net.idn import DomainNameProblem, to_ascii
from a2k_settings_gui.core.net.servers import DnsServerProblem, parse_dns_server

__all__ = ["DnsAnswer", "DnsClient", "DnsServerProblem", "make_resolver", "parse_server"]

DEFAULT_TIMEOUT = 5.0

OK = "ok"
NXDOMAIN = "nxdomain"
NO_ANSWER = "no_answer"
TIMEOUT = "timeout"
SERVFAIL = "servfail"
# The server answered but will not resolve this name: it is not a resolver for it (an
# authoritative-only server asked about another zone). Not the zone's fault.
REFUSED = "refused"
ERROR = "error"

# A query waits in slices this long so that a cancel lands quickly even against a DNS
# server that never answers; the client's timeout is still the deadline of one lookup.
_CANCEL_SLICE = 0.5

# Outcomes that say "the DNS could not tell us", as opposed to "the record does not exist".
FAILED_OUTCOMES = frozenset({TIMEOUT, SERVFAIL, REFUSED, ERROR})


@dataclass(frozen=True)
class DnsAnswer:
    """The result of one query.

    records: A/AAAA -> address text; MX -> (preference, exchange text without the final
    dot); TXT/SPF -> tuple of the raw byte strings of each record; CNAME/PTR/NS -> name
    text. `canonical_name` is where CNAMEs led (equal to `name` when there were none).
    """

    name: str
    rdtype: str
    outcome: str
    records: tuple[Any, ...] = ()
    canonical_name: str = ""
    detail: str = ""
    server: str = ""  # the DNS server that answered ("IP" or "IP:port"), or those asked

    @property
    def ok(self) -> bool:
        return self.outcome == OK

    @property
    def failed(self) -> bool:
        """True when the DNS did not answer usefully (timeout, SERVFAIL, other error)."""
        return self.outcome in FAILED_OUTCOMES

    def texts(self) -> list[str]:
        """TXT records joined and decoded (the way SPF, DKIM and DMARC read them)."""
        out = []
        for chunks in self.records:
            raw = b"".join(chunks) if isinstance(chunks, tuple) else chunks
            out.append(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw))
        return out


# The one "IP[:PORT]" parser (re-exported: callers import it from here or from servers).
parse_server = parse_dns_server


def _without_dns_over_https() -> None:
    """dnspython imports httpx for DNS over HTTPS whenever it is installed (~90 ms per
    command); the checks ask plain DNS only. `dns._features.force` is dnspython's own switch
    for a feature; it must be set before dns.query is first imported."""
    import dns._features

    dns._features.force("doh", False)


def make_resolver(
    servers: tuple[str, ...] | list[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    cancel: CancelToken | None = None,
) -> DnsClient:
    """A DnsClient for these servers ("IP" / "IP:port"), or the system's when empty."""
    _without_dns_over_https()
    import dns.nameserver
    import dns.resolver

    parsed = [parse_server(s) for s in servers]
    if parsed:
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [dns.nameserver.Do53Nameserver(ip, port) for ip, port in parsed]
    else:
        try:
            resolver = dns.resolver.Resolver()
        except Exception as exc:  # noqa: BLE001 - no system DNS config: say so, don't crash
            return DnsClient(None, timeout, cancel, setup_error=str(exc))
    # Per-try timeout a little under the lifetime so a second server still gets a chance.
    resolver.timeout = max(0.2, timeout / max(1, len(resolver.nameservers)))
    resolver.lifetime = timeout
    resolver.retry_servfail = False
    return DnsClient(resolver, timeout, cancel)


@dataclass
class DnsClient:
    resolver: Any
    timeout: float = DEFAULT_TIMEOUT
    cancel: CancelToken | None = None
    setup_error: str = ""
    # time.monotonic() when the whole command's budget ends (check-domain's --timeout):
    # no query runs past it, however many come one after another.
    budget_ends: float | None = None
    queries: int = 0
    _cache: dict[tuple[str, str], DnsAnswer] = field(default_factory=dict)
    _inflight: dict[tuple[str, str], threading.Event] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def lookup(self, name: str, rdtype: str) -> DnsAnswer:
        """Query once per (name, type) per client; concurrent callers share one query."""
        if not name.isascii():
            try:
                name = to_ascii(name)  # IDNA 2008 / UTS 46, never dnspython's default
            except DomainNameProblem as exc:
                return DnsAnswer(name, rdtype.upper(), NXDOMAIN, detail=str(exc))
        key = (name.rstrip(".").lower(), rdtype.upper())
        while True:
            with self._lock:
                if key in self._cache:
                    return self._cache[key]
                waiting = self._inflight.get(key)
                if waiting is None:
                    self._inflight[key] = threading.Event()
                    break
            waiting.wait(self.timeout + 1)
        try:
            answer = self._query(*key)
            with self._lock:
                self._cache[key] = answer
            return answer
        finally:
            with self._lock:
                event = self._inflight.pop(key)
            event.set()

    def answers(self) -> list[DnsAnswer]:
        """Every answer this client has received so far (for reports and benchmarks)."""
        with self._lock:
            return list(self._cache.values())

    def _query(self, name: str, rdtype: str) -> DnsAnswer:
        import dns.exception
        import dns.message
        import dns.name
        import dns.resolver

        if self.cancel is not None:
            self.cancel.raise_if_cancelled()
        if self.resolver is None:
            return DnsAnswer(name, rdtype, ERROR, detail=f"no DNS servers: {self.setup_error}")
        with self._lock:
            self.queries += 1
        asked = self.servers_text()
        try:
            answer = self._resolve_in_slices(name, rdtype)
        except dns.resolver.NXDOMAIN:
            return DnsAnswer(name, rdtype, NXDOMAIN, canonical_name=name, server=asked)
        except dns.resolver.NoAnswer:
            return DnsAnswer(name, rdtype, NO_ANSWER, canonical_name=name, server=asked)
        except dns.exception.Timeout:
            return DnsAnswer(name, rdtype, TIMEOUT, server=asked,
                             detail=f"no answer within {self.timeout:g} s")
        except dns.resolver.NoNameservers as exc:
            # Every server answered SERVFAIL/REFUSED, or none could be reached at all.
            errors = exc.kwargs.get("errors") or []
            if errors and all(isinstance(e[3], dns.message.ChainTooLong) for e in errors):
                # A CNAME loop leads nowhere: no data, as RFC 7208's test suite expects.
                return DnsAnswer(name, rdtype, NO_ANSWER, canonical_name=name, server=asked,
                                 detail="CNAME loop or chain too long")
            if errors and all(isinstance(e[3], OSError) for e in errors):
                return DnsAnswer(name, rdtype, ERROR, server=asked,
                                 detail=f"could not reach the DNS server ({_short(errors[0][3])})")
            refusing = [e for e in errors if e[3] == "REFUSED"]
            if errors and len(refusing) == len(errors):
                servers = ", ".join(dict.fromkeys(_server_text(e[0], e[2]) for e in refusing))
                return DnsAnswer(name, rdtype, REFUSED, server=servers,
                                 detail="the server refused to answer")
            failing = [e for e in errors if e[3] != "REFUSED"] or errors
            servers = ", ".join(dict.fromkeys(_server_text(e[0], e[2]) for e in failing))
            return DnsAnswer(name, rdtype, SERVFAIL, detail=_short(exc),
                             server=servers or asked)
        except (dns.name.LabelTooLong, dns.name.NameTooLong, dns.name.EmptyLabel) as exc:
            return DnsAnswer(name, rdtype, NXDOMAIN, detail=_short(exc), server=asked)
        except (dns.exception.DNSException, OSError, ValueError) as exc:
            return DnsAnswer(name, rdtype, ERROR, detail=_short(exc), server=asked)
        records = tuple(_record_value(rdtype, r) for r in answer)
        canonical = answer.canonical_name.to_text(omit_final_dot=True).lower()
        server = _server_text(str(getattr(answer, "nameserver", "") or ""),
                              getattr(answer, "port", 53)) or asked
        return DnsAnswer(name, rdtype, OK, records, canonical, server=server)

    def servers_text(self) -> str:
        """The servers this client asks, as the admin would type them."""
        if self.resolver is None:
            return "no DNS server"
        return ", ".join(_server_text(str(getattr(ns, "address", ns)),
                                      getattr(ns, "port", 53))
                         for ns in self.resolver.nameservers)


    def _resolve_in_slices(self, name: str, rdtype: str) -> Any:
        """resolver.resolve under the client's timeout, in short lifetimes with a cancel
        check between them (the lifetime is per call: the resolver is shared by threads)."""
        import dns.exception

        deadline = time.monotonic() + self.timeout
        if self.budget_ends is not None:
            deadline = min(deadline, self.budget_ends)
            if deadline - time.monotonic() <= 0:
                raise dns.exception.Timeout()
        # With several servers one call must get the whole lifetime: each call starts
        # again at the first server, so short slices would never reach the second.
        sliced = self.cancel is not None and len(self.resolver.nameservers) == 1
        while True:
            remaining = deadline - time.monotonic()
            lifetime = min(remaining, _CANCEL_SLICE) if sliced else remaining
            try:
                return self.resolver.resolve(name, rdtype, search=False,
                                             raise_on_no_answer=True,
                                             lifetime=max(0.05, lifetime))
            except dns.exception.Timeout:
                if self.cancel is not None:
                    self.cancel.raise_if_cancelled()
                if deadline - time.monotonic() <= 0:
                    raise


def _record_value(rdtype: str, rdata: Any) -> Any:
    if rdtype in ("A", "AAAA"):
        return rdata.address
    if rdtype == "MX":
        return (rdata.preference, rdata.exchange.to_text(omit_final_dot=True))
    if rdtype in ("TXT", "SPF"):
        return tuple(rdata.strings)
    if rdtype in ("CNAME", "PTR", "NS"):
        return rdata.target.to_text(omit_final_dot=True)
    return rdata.to_text()


def _server_text(address: str, port: int | None) -> str:
    """'IP' for port 53, else 'IP:port'; dnspython may name a server '[Do53:IP@port]'."""
    named = re.fullmatch(r"\[?Do53:(.+)@(\d+)\]?", address)
    if named:
        address, port = named.group(1), int(named.group(2))
    if not address:
        return ""
    if port in (None, 53):
        return address
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
