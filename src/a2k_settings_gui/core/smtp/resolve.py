"""Resolve the SMTP host name to addresses, with a timeout and a cancel.

Two paths: the admin's own DNS servers (settings.dns_servers / --dns-server, for corporate
networks and for tests) through dnspython, or the operating system's resolver through
getaddrinfo. getaddrinfo cannot be interrupted, so it runs on a (reused) daemon thread and the
caller stops waiting when the timeout passes or the token is cancelled.
"""

from __future__ import annotations

import ipaddress
import queue
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

from a2k_settings_gui.core.cancel import CancelToken


class ResolveError(Exception):
    """kind: "not_found" (no such name), "no_address" (name exists, no A/AAAA),
    "timeout" (DNS did not answer), "cancelled"."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
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


def _split_server(server: str) -> tuple[str, int]:
    if server.startswith("["):
        host, _, rest = server[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else 53
    if server.count(":") == 1:
        host, port = server.split(":")
        return host, int(port)
    return server, 53


def _with_dns_servers(
    host: str, port: int, servers: tuple[str, ...], timeout: float, cancel: CancelToken
) -> list[Address]:
    # Imported here: start-up must not load dnspython.
    import dns.exception
    import dns.nameserver
    import dns.resolver

    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [
        dns.nameserver.Do53Nameserver(*_split_server(server)) for server in servers
    ]
    deadline = time.monotonic() + timeout
    addresses: list[Address] = []
    missing = 0
    for rdtype, family in (("A", socket.AF_INET), ("AAAA", socket.AF_INET6)):
        cancel.raise_if_cancelled()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ResolveError("timeout", f"no DNS answer within {timeout:g} s")
        # Short lifetimes keep a cancel prompt; the loop below retries until the deadline.
        resolver.lifetime = min(remaining, 0.5)
        while True:
            try:
                answer = resolver.resolve(host, rdtype, search=False)
            except dns.resolver.NXDOMAIN:
                if addresses:  # some servers say NXDOMAIN for "no AAAA"; the A answer counts
                    break
                raise ResolveError("not_found", f"{host} does not exist in DNS") from None
            except (dns.resolver.NoAnswer, dns.resolver.NoNameservers):
                missing += 1
                break
            except dns.exception.Timeout:
                if cancel.cancelled:
                    raise ResolveError("cancelled") from None
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise ResolveError("timeout", f"no DNS answer within {timeout:g} s") from None
                resolver.lifetime = min(remaining, 0.5)
                continue
            for record in answer:
                sockaddr = (record.address, port) if family == socket.AF_INET else (
                    record.address, port, 0, 0)
                addresses.append(Address(family, sockaddr))
            break
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
        self._idle: list[queue.SimpleQueue[Any]] = []

    def submit(self, host: str, port: int) -> queue.SimpleQueue[Any]:
        answer: queue.SimpleQueue[Any] = queue.SimpleQueue()
        with self._lock:
            inbox = self._idle.pop() if self._idle else None
        if inbox is None:
            inbox = queue.SimpleQueue()
            threading.Thread(target=self._serve, args=(inbox,), name="smtp-resolve",
                             daemon=True).start()
        inbox.put((host, port, answer))
        return answer

    def _serve(self, inbox: queue.SimpleQueue[Any]) -> None:
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
        except queue.Empty:
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


def resolve(
    host: str,
    port: int,
    *,
    dns_servers: tuple[str, ...] = (),
    timeout: float,
    cancel: CancelToken | None = None,
) -> list[Address]:
    """Addresses for host:port, IPv4 first (most SMTP servers' firewalls expect it)."""
    cancel = cancel or CancelToken()
    literal = _literal(host, port)
    if literal is not None:
        return literal
    if dns_servers:
        addresses = _with_dns_servers(host, port, dns_servers, timeout, cancel)
    else:
        addresses = _with_system(host, port, timeout, cancel)
    return sorted(addresses, key=lambda a: a.family != socket.AF_INET)
