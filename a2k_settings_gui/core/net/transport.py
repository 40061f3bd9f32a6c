"""The machinery of our HTTP sessions: our TLS context, our DNS servers, a proxy router.

`session_for(router, ca_file=..., dns_servers=...)` returns a requests.Session whose HTTPS
connections trust core.net.tls's context (system store + the extra CA file) — also through
a proxy: requests builds a separate ProxyManager for proxied requests and does not hand it
the adapter's context (psf/requests#6109; pip fixed the same by overriding
`proxy_manager_for`, pip PR 13343), so both are overridden here. With `dns_servers` every
host name (the target's, or the proxy's) is looked up through those servers only; urllib3
connects to the address we found while TLS (SNI, certificate name) and the Host header keep
the real name. `router` alone picks the proxy for each URL.

Below both core.net.http (which adds this computer's proxy, core.net.proxy) and
core.net.proxy (which fetches a PAC file directly): neither imports the other for it.
requests/urllib3 are imported inside the functions: start-up must not load them.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from a2k_settings_gui.core.cancel import CancelToken

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol

    class Router(Protocol):
        """Picks the proxy for each URL (core.net.proxy.ProxyRouter)."""

        def proxies_for(self, url: str) -> dict[str, str]:
            ...


class SocketWatch:
    """The connections that one thread's requests use, so that a deadline or a cancel can
    stop them from another thread at once, whatever the server does.

    It shuts the sockets down; it never closes them. shutdown() wakes a recv() blocked on
    a dripping server and takes no lock, while closing the response from the cancelling
    thread waits for the lock its reader holds (the logo dialog once froze ~60 s that way).
    """

    def __init__(self) -> None:
        self._items: list[Any] = []
        self._lock = threading.Lock()
        self.stopped = False

    def add(self, item: Any) -> None:
        with self._lock:
            self._items.append(item)
            stopped = self.stopped
        if stopped:  # a request that starts after the stop is stopped too
            _shut(item)

    def stop(self) -> None:
        """Shut every socket down (any thread, never blocks)."""
        with self._lock:
            self.stopped = True
            items = list(self._items)
        for item in items:
            _shut(item)


def _shut(item: Any) -> None:
    sock = item if isinstance(item, socket.socket) else getattr(item, "sock", None)
    if sock is None:
        return
    try:
        # The plain socket's shutdown, also for an SSLSocket: only the descriptor is
        # touched from this thread, no TLS state.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, ValueError, TypeError):
        pass  # already closed or detached


_CURRENT = threading.local()


@contextmanager
def watched(watch: SocketWatch) -> Iterator[SocketWatch]:
    """Connections opened or used by requests of this thread inside the block join `watch`."""
    previous = getattr(_CURRENT, "watch", None)
    _CURRENT.watch = watch
    try:
        yield watch
    finally:
        _CURRENT.watch = previous


def _register(item: Any) -> None:
    watch = getattr(_CURRENT, "watch", None)
    if watch is not None:
        watch.add(item)


def session_for(
    router: Router,
    *,
    ca_file: str = "",
    dns_servers: Sequence[str] = (),
    timeout: float = 10.0,
    context: ssl.SSLContext | None = None,
    cancel: CancelToken | None = None,
) -> Any:  # requests.Session
    """A requests session whose proxies `router` picks (see the module text).
    Raises CaFileProblem."""
    import requests

    from a2k_settings_gui.core.net.tls import tls_context

    context = context or tls_context(ca_file)
    resolve = None
    if dns_servers:
        from a2k_settings_gui.core.net.resolve import first_address

        servers = tuple(dns_servers)

        def resolve(host: str) -> str:
            import socket

            from a2k_settings_gui.core.net.resolve import ResolveError

            try:
                return first_address(host, dns_servers=servers, timeout=timeout,
                                     cancel=cancel)
            except ResolveError as exc:
                # A gaierror is what urllib3 expects from a failed lookup: it becomes a
                # requests ConnectionError, which callers already report as unreachable.
                raise socket.gaierror(f"{host} not found by DNS servers "
                                      f"{', '.join(servers)}: {exc.detail or exc.kind}") from None

    session = requests.Session()
    # The router alone decides about proxies (requests' own environment lookup would
    # miss PAC files and load REQUESTS_CA_BUNDLE in place of our context).
    session.trust_env = False
    adapter = _adapter_class()(context, resolve, router)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def _adapter_class() -> type:
    """Built on first use so that importing this module does not load requests."""
    global _ADAPTER
    if _ADAPTER is None:
        _ADAPTER = _make_adapter_class()
    return _ADAPTER


_ADAPTER: type | None = None


def _make_adapter_class() -> type:
    from requests.adapters import HTTPAdapter

    class NetAdapter(HTTPAdapter):
        """Our TLS context on direct and proxied connections; our resolver if given."""

        def __init__(self, context: ssl.SSLContext,
                     resolve: Callable[[str], str] | None, router: Router) -> None:
            self._context = context
            self._resolve = resolve
            self.router = router
            super().__init__(max_retries=0)

        def send(self, request: Any, **kwargs: Any) -> Any:
            kwargs["proxies"] = self.router.proxies_for(request.url)
            return super().send(request, **kwargs)

        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            kwargs["ssl_context"] = self._context
            super().init_poolmanager(*args, **kwargs)
            _mount_connections(self.poolmanager, self._resolve)

        def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
            # psf/requests#6109: without this the ProxyManager verifies the origin with
            # certifi only, and every HTTPS request through a proxy fails on a company CA.
            proxy_kwargs.setdefault("ssl_context", self._context)
            fresh = proxy not in self.proxy_manager
            manager = super().proxy_manager_for(proxy, **proxy_kwargs)
            if fresh:
                _mount_connections(manager, self._resolve)
            return manager

        def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
            # requests would set ca_certs to certifi's bundle, and urllib3 then loads it
            # into our context on every connection: the context alone decides trust.
            super().cert_verify(conn, url, verify, cert)
            if url.lower().startswith("https") and verify:
                conn.ca_certs = None
                conn.ca_cert_dir = None

    return NetAdapter


def _mount_connections(manager: Any, resolve: Callable[[str], str] | None) -> None:
    """Make a urllib3 PoolManager's connections look names up with `resolve` (if given)
    and join the current thread's SocketWatch."""
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Resolved:
        def request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            # A kept-alive connection is reused without _new_conn: join the watch here.
            _register(self)
            return super().request(*args, **kwargs)  # type: ignore[misc]

        def _new_conn(self):  # type: ignore[no-untyped-def]
            sock = self._resolved_conn()
            # The plain socket (HTTP; for HTTPS it is detached when TLS wraps it, and the
            # connection's own .sock, registered in request(), takes over after the
            # handshake; a handshake itself is bounded by the per-read timeout).
            _register(sock)
            return sock

        def _resolved_conn(self):  # type: ignore[no-untyped-def]
            import ipaddress

            name = self._dns_host  # type: ignore[attr-defined]
            if resolve is None:
                return super()._new_conn()  # type: ignore[misc]
            try:
                ipaddress.ip_address(name.strip("[]"))
                return super()._new_conn()  # type: ignore[misc]
            except ValueError:
                pass
            # Only the socket goes to the address: urllib3 reads `host` again after
            # connecting for SNI and the certificate's name, so the name is put back.
            self._dns_host = resolve(name)  # type: ignore[attr-defined]
            try:
                return super()._new_conn()  # type: ignore[misc]
            finally:
                self._dns_host = name  # type: ignore[attr-defined]

    class HTTP(Resolved, HTTPConnection):
        pass

    class HTTPS(Resolved, HTTPSConnection):
        pass

    class HTTPPool(HTTPConnectionPool):
        ConnectionCls = HTTP

    class HTTPSPool(HTTPSConnectionPool):
        ConnectionCls = HTTPS

    # A new dict: urllib3's default one is shared by every PoolManager in the process.
    manager.pool_classes_by_scheme = {"http": HTTPPool, "https": HTTPSPool}
