"""The one HTTP session factory: our TLS context, our DNS servers, the system proxy (PAC).

`http_session(ca_file=..., dns_servers=...)` returns a requests.Session that trusts
core.net.tls's context also through a proxy, looks names up through `dns_servers` when
given (core.net.transport, the machinery), and routes each URL as this computer does
(core.net.proxy: the system proxy or PAC file).

One session per thread: requests does not promise that a Session is thread-safe.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.net.proxy import ProxyRouter
from a2k_settings_gui.core.net.transport import session_for

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def has_credentials(url: str) -> bool:
    """True when the URL carries a user name or password (https://user:pass@host/...)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        return bool(parts.username or parts.password)
    except ValueError:
        return False


def without_credentials(url: str, mask: str = "") -> str:
    """The URL without its user:password@ part (or with it replaced by `mask`), for what we
    fetch, send as a Referer, put into an e-mail or report."""
    from urllib.parse import urlsplit, urlunsplit

    if not has_credentials(url):
        return url
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{mask}@{host}" if mask else host))


def http_session(
    *,
    ca_file: str = "",
    dns_servers: Sequence[str] = (),
    timeout: float = 10.0,
    context: ssl.SSLContext | None = None,
    cancel: CancelToken | None = None,
    router: ProxyRouter | None = None,
) -> Any:  # requests.Session
    """A requests session for one check (see the module text). Raises CaFileProblem.

    `router` picks the proxy per URL (default: this computer's, see core.net.proxy).
    """
    if router is None:
        router = ProxyRouter(ca_file=ca_file, dns_servers=tuple(dns_servers), timeout=timeout)
    return session_for(router, ca_file=ca_file, dns_servers=dns_servers, timeout=timeout,
                       context=context, cancel=cancel)
