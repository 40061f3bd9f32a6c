"""Host name -> addresses for every connection we make (SMTP, port probes, HTTP).

Two paths: the admin's own DNS servers (settings.dns_servers / --dns-server, for corporate
networks and for tests) through the one DNS client (core.net.dns), or the operating
system's resolver through getaddrinfo, which follows what the OS knows (hosts file, VPN
split DNS, the active adapters). getaddrinfo cannot be interrupted, so it runs on a
(reused) daemon thread and the caller stops waiting when the timeout passes or the token
is cancelled.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time

# queue.SimpleQueue and queue.Empty are these C classes; importing them from `queue` also
# loads its pure-Python queues and heapq (~1.5 ms of every command line start).
from _queue import Empty, SimpleQueue

from a2k_settings_gui.core.cancel import Cancelled, CancelToken
from a2k_settings_gui.core.kit.record import record
from a2k_settings_gui.core.net.failure import NetFailure
from a2k_settings_gui.core.net.idn import DomainNameProblem, to_ascii

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class ResolveError(NetFailure):
    """kind: "not_found" (no such name), "no_address" (name exists, no A/AAAA),
    "timeout" (DNS did not answer), "cancelled"."""


@record(frozen=True)
class Address:
    family: int
    sockaddr: tuple[Any, ...]

    @property
    def ip(self) -> str:
        return str(self.sockaddr[0])


def _literal(host: str, port: int) -> list[Address] | None:
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    if ip.version == 6:
        return [Address(socket.AF_INET6, (str(ip), port, 0, 0))]
    return [Address(socket.AF_INET, (str(ip), port))]


def is_localhost(host: str) -> bool:
    """RFC 6761 §6.3: "localhost" and names under it are this computer, never a DNS
    question."""
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


_is_localhost = is_localhost


def _with_dns_servers(
    host: str, port: int, servers: tuple[str, ...], timeout: float, cancel: CancelToken
) -> list[Address]:
    from a2k_settings_gui.core.net import dns

    client = dns.make_resolver(servers, timeout=timeout, cancel=cancel)
    deadline = time.monotonic() + timeout
    addresses: list[Address] = []
    for rdtype, family in (("A", socket.AF_INET), ("AAAA", socket.AF_INET6)):
        if time.monotonic() >= deadline:
            break
        client.timeout = max(0.05, deadline - time.monotonic())
        try:
            answer = client.lookup(host, rdtype)
        except Cancelled:
            raise ResolveError("cancelled") from None
        if answer.outcome == dns.NXDOMAIN:
            if addresses:  # some servers say NXDOMAIN for "no AAAA"; the A answer counts
                break
            raise ResolveError("not_found", f"{host} does not exist in DNS")
        if answer.outcome == dns.TIMEOUT and not addresses:
            raise ResolveError("timeout", f"no DNS answer within {timeout:g} s")
        for address in answer.records if answer.ok else ():
            sockaddr = (address, port) if family == socket.AF_INET else (address, port, 0, 0)
            addresses.append(Address(family, sockaddr))
    if not addresses:
        raise ResolveError("no_address", f"{host} has no address (A/AAAA) record")
    return addresses


class _LookupThreads:
    """Reusable daemon threads for getaddrinfo.

    A new thread per lookup costs ~0.2-0.8 ms on a busy machine, a visible share of a
    loopback test. Idle threads wait for the next lookup; a lookup that hangs keeps its
    thread, and the next caller simply gets a fresh one, so nothing ever queues behind it.
    Daemon threads never hold up the application's exit.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[SimpleQueue[Any]] = []

    def submit(self, host: str, port: int) -> SimpleQueue[Any]:
        answer: SimpleQueue[Any] = SimpleQueue()
        with self._lock:
            inbox = self._idle.pop() if self._idle else None
        if inbox is None:
            inbox = SimpleQueue()
            threading.Thread(target=self._serve, args=(inbox,), name="net-resolve",
                             daemon=True).start()
        inbox.put((host, port, answer))
        return answer

    def _serve(self, inbox: SimpleQueue[Any]) -> None:
        while True:
            host, port, answer = inbox.get()
            try:
                answer.put(("ok", socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)))
            except OSError as exc:
                answer.put(("error", exc))
            with self._lock:
                if len(self._idle) >= 4:
                    return  # enough spare threads
                self._idle.append(inbox)


_LOOKUPS = _LookupThreads()


def _with_system(host: str, port: int, timeout: float, cancel: CancelToken) -> list[Address]:
    answer = _LOOKUPS.submit(host, port)
    deadline = time.monotonic() + timeout
    while True:
        try:
            kind, value = answer.get(timeout=min(0.05, max(0.0, deadline - time.monotonic())))
            break
        except Empty:
            if cancel.cancelled:
                raise ResolveError("cancelled") from None
            if time.monotonic() >= deadline:
                raise ResolveError("timeout", f"no DNS answer within {timeout:g} s") from None
    if kind == "error":
        error = value
        if isinstance(error, socket.gaierror) and error.errno in (
            getattr(socket, "EAI_AGAIN", -3), 11002,  # 11002 = WSATRY_AGAIN
        ):
            raise ResolveError("timeout", "the DNS server did not answer")
        raise ResolveError("not_found", f"{host} could not be found ({error})")
    seen: set[tuple[Any, ...]] = set()
    addresses = []
    for family, _, _, _, sockaddr in value:
        if family in (socket.AF_INET, socket.AF_INET6) and sockaddr not in seen:
            seen.add(sockaddr)
            addresses.append(Address(family, sockaddr))
    if not addresses:
        raise ResolveError("no_address", f"{host} has no address")
    return addresses


def resolve_host(
    host: str,
    port: int,
    *,
    dns_servers: tuple[str, ...] = (),
    timeout: float,
    cancel: CancelToken | None = None,
) -> list[Address]:
    """Addresses for host:port, IPv4 first (most SMTP servers' firewalls expect it).

    Raises ResolveError. With `dns_servers` only those servers are asked; without, the
    operating system's resolver.
    """
    cancel = cancel or CancelToken()
    literal = _literal(host, port)
    if literal is not None:
        return literal
    if not host.isascii():
        # getaddrinfo would encode with IDNA 2003 (straße -> strasse): another domain.
        try:
            host = to_ascii(host)
        except DomainNameProblem as exc:
            raise ResolveError("not_found", str(exc)) from None
    if _is_localhost(host):
        # RFC 6761 §6.3: "localhost" is this computer; no DNS server is asked about it.
        return _literal("127.0.0.1", port) + _literal("::1", port)  # type: ignore[operator]
    if dns_servers:
        addresses = _with_dns_servers(host, port, dns_servers, timeout, cancel)
    else:
        addresses = _with_system(host, port, timeout, cancel)
    return sorted(addresses, key=lambda a: a.family != socket.AF_INET)


def first_address(host: str, *, dns_servers: tuple[str, ...], timeout: float,
                  cancel: CancelToken | None = None) -> str:
    """The first address of `host` (IPv4 first): for connections that take one address."""
    return resolve_host(host, 0, dns_servers=dns_servers, timeout=timeout, cancel=cancel)[0].ip
