"""A real DNS server on loopback (dnslib) serving test zones, with injectable faults.

    zone = {
        "example.com": [("MX", (10, "mx.example.com")), ("TXT", "v=spf1 -all")],
        "mx.example.com": [("A", "192.0.2.25")],
        "www.example.com": [("CNAME", "example.com")],
    }
    with TestDnsServer(zone, delay=0.05, servfail={"bad.example.com"}) as server:
        client = make_resolver([server.address])   # "127.0.0.1:PORT"

Record values: A/AAAA address text, MX (preference, name), TXT a string or a list of
strings (one record made of several character-strings), CNAME/PTR/NS a name.
Faults: `delay` seconds before every answer (benchmarks), `servfail` names answer
SERVFAIL, `silent` names get no answer at all (the client times out). Both fault sets
match the name and anything below it; `silent_queries` silences single (name, type)
pairs. `authoritative_for` makes it an authoritative-only server: every name outside
those zones is answered REFUSED, as BIND or NSD do for zones they do not serve. The
server answers like a recursive resolver would: it follows CNAMEs inside the
zone, NXDOMAIN for unknown names, NOERROR with no records for names that exist without
that type (including empty non-terminals).

Used by the domain-check tests and benchmark, and reusable by the wizard helper.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any

from dnslib import AAAA, CNAME, MX, NS, PTR, QTYPE, RCODE, RR, TXT, A, DNSError, DNSLabel
from dnslib.server import BaseResolver, DNSLogger, DNSServer

Zone = Mapping[str, Iterable[tuple[str, Any]]]

_RDATA = {
    "A": lambda v: A(v),
    "AAAA": lambda v: AAAA(v),
    "MX": lambda v: MX(v[1], v[0]),
    "CNAME": lambda v: CNAME(v),
    "PTR": lambda v: PTR(v),
    "NS": lambda v: NS(v),
    "TXT": lambda v: TXT(_chunks(v) if isinstance(v, str) else list(v)),
}


def _chunks(text: str) -> list[str]:
    # One DNS character-string holds at most 255 bytes; longer records are several strings.
    return [text[i : i + 255] for i in range(0, len(text), 255)] or [""]


def _norm(name: str) -> str:
    # Through DNSLabel so that odd bytes (spaces, escapes) compare the same way in the
    # zone and in queries.
    return str(DNSLabel(name)).rstrip(".").lower()


def _matches(name: str, names: set[str]) -> bool:
    return any(name == n or name.endswith("." + n) for n in names)


class _QuietLogger(DNSLogger):
    def __init__(self) -> None:
        super().__init__(log="-request,-reply,-truncated,-error,-recv,-send,-data")


class FaultyZoneResolver(BaseResolver):
    def __init__(self, zone: Zone, delay: float, servfail: set[str], silent: set[str],
                 silent_queries: set[tuple[str, str]] = frozenset(),  # noqa: B006
                 authoritative_for: set[str] = frozenset()):  # noqa: B006
        self.zone = {_norm(k): [(t.upper(), v) for t, v in recs] for k, recs in zone.items()}
        self.delay = delay
        self.servfail = {_norm(n) for n in servfail}
        self.silent = {_norm(n) for n in silent}
        self.silent_queries = {(_norm(n), t.upper()) for n, t in silent_queries}
        self.authoritative_for = {_norm(n) for n in authoritative_for}
        self.queries: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def _exists(self, name: str) -> bool:
        return any(k == name or k.endswith("." + name) for k in self.zone)

    def resolve(self, request, handler):  # noqa: ANN001 - dnslib's interface
        qname = _norm(str(request.q.qname))
        qtype = QTYPE[request.q.qtype]
        with self._lock:
            self.queries.append((qname, qtype))
        if self.delay:
            time.sleep(self.delay)
        if _matches(qname, self.silent) or (qname, qtype) in self.silent_queries:
            raise DNSError("silent test name: no answer")  # the handler sends nothing
        reply = request.reply()
        if self.authoritative_for and not _matches(qname, self.authoritative_for):
            reply.header.rcode = RCODE.REFUSED
            return reply
        if _matches(qname, self.servfail):
            reply.header.rcode = RCODE.SERVFAIL
            return reply
        name, seen = qname, set()
        while name not in seen:
            seen.add(name)
            records = self.zone.get(name, [])
            cnames = [v for t, v in records if t == "CNAME"]
            if cnames and qtype != "CNAME":
                reply.add_answer(RR(name + ".", QTYPE.CNAME, rdata=CNAME(cnames[0]), ttl=60))
                name = _norm(cnames[0])
                continue
            for rtype, value in records:
                if rtype == qtype:
                    rdata = _RDATA[rtype](value)
                    reply.add_answer(RR(name + ".", getattr(QTYPE, rtype), rdata=rdata, ttl=60))
            if not self._exists(name) and not reply.rr:
                reply.header.rcode = RCODE.NXDOMAIN
            break
        return reply


class TestDnsServer:
    """dnslib DNSServer on 127.0.0.1 at a port picked by the OS; a context manager."""

    __test__ = False  # not a pytest test class

    def __init__(
        self,
        zone: Zone,
        *,
        delay: float = 0.0,
        servfail: Iterable[str] = (),
        silent: Iterable[str] = (),
        silent_queries: Iterable[tuple[str, str]] = (),
        authoritative_for: Iterable[str] = (),
    ) -> None:
        self.resolver = FaultyZoneResolver(
            zone, delay, set(servfail), set(silent), set(silent_queries),
            set(authoritative_for),
        )
        self._server = DNSServer(
            self.resolver, address="127.0.0.1", port=0, logger=_QuietLogger()
        )
        self.port: int = self._server.server.server_address[1]

    @property
    def address(self) -> str:
        """The "IP:port" text that settings.dns_servers / --dns-server take."""
        return f"127.0.0.1:{self.port}"

    @property
    def query_count(self) -> int:
        return len(self.resolver.queries)

    def start(self) -> TestDnsServer:
        # Our own thread with a short poll interval: stop() then returns in ~50 ms instead
        # of socketserver's default 0.5 s, which adds up over many servers in a test run.
        self._thread = threading.Thread(
            target=self._server.server.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"test-dns-{self.port}", daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.server.shutdown()
        self._server.server.server_close()
        self._thread.join(5)

    def __enter__(self) -> TestDnsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
