"""Resolve the logo host through the admin's DNS servers (--dns-server / Network settings).

Corporate networks sometimes resolve names only through their own DNS servers; every check
must then ask those. urllib3 connects to `_dns_host` while TLS (SNI, certificate name) and
the Host header keep using the real name, so resolving the name ourselves and handing
urllib3 the address changes only where the socket goes.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence


def parse_server(text: str) -> tuple[str, int]:
    """"192.0.2.53", "192.0.2.53:5353", "[2001:db8::1]:53" -> (address, port)."""
    if text.startswith("["):
        address, _, rest = text[1:].partition("]")
        return address, int(rest[1:]) if rest.startswith(":") else 53
    if text.count(":") == 1:
        address, port = text.split(":")
        return address, int(port)
    return text, 53


def make_resolver(dns_servers: Sequence[str], timeout: float) -> Callable[[str], str]:
    """A function name -> IP address asking only `dns_servers`; raises socket.gaierror."""
    import ipaddress

    import dns.exception
    import dns.nameserver
    import dns.resolver

    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [dns.nameserver.Do53Nameserver(*parse_server(s))
                            for s in dns_servers]
    resolver.lifetime = timeout
    resolver.timeout = min(timeout, 3.0)

    def resolve(host: str) -> str:
        try:
            ipaddress.ip_address(host)
            return host  # already an address
        except ValueError:
            pass
        for record_type in ("A", "AAAA"):
            try:
                answer = resolver.resolve(host, record_type)
                return answer[0].to_text()
            except (dns.resolver.NoAnswer, dns.resolver.NXDOMAIN):
                continue
            except dns.exception.DNSException as exc:
                raise socket.gaierror(f"DNS servers {', '.join(dns_servers)} did not answer "
                                      f"for {host}: {exc}") from None
        raise socket.gaierror(f"{host} not found by DNS servers {', '.join(dns_servers)}")

    return resolve


def mount_resolver(adapter, resolve: Callable[[str], str]) -> None:  # type: ignore[no-untyped-def]
    """Make a requests HTTPAdapter's connections resolve names with `resolve`."""
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class _Resolved:
        def _new_conn(self):  # type: ignore[no-untyped-def]
            self._dns_host = resolve(self.host)  # type: ignore[attr-defined]
            return super()._new_conn()  # type: ignore[misc]

    class _HTTP(_Resolved, HTTPConnection):
        pass

    class _HTTPS(_Resolved, HTTPSConnection):
        pass

    class _HTTPPool(HTTPConnectionPool):
        ConnectionCls = _HTTP

    class _HTTPSPool(HTTPSConnectionPool):
        ConnectionCls = _HTTPS

    # A new dict: urllib3's default one is shared by every PoolManager in the process.
    adapter.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
