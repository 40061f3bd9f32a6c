"""Loopback servers for detection tests: DNS zone, SMTP servers, autoconfig over HTTPS and
black-holed ports. Everything listens on 127.0.0.1 on ports picked free at run time.

Used by tests/core/detect/test_autodetect*.py, tests/cli/test_cli_detect.py,
tests/ui/wizard/test_wizard*.py and benchmarks/bench_detect.py.
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trustme

# closed_port and free_port: tests import them from here too.
from tests.servers.raw_tcp import (  # noqa: F401
    closed_port,
    free_port,
    loopback_listener,
    port_of,
)


# ---------------------------------------------------------------- DNS
@contextlib.contextmanager
def dns_server(zone: str) -> Iterator[str]:
    """A dnslib server answering `zone` (RFC 1035 text); yields "127.0.0.1:PORT".

    Names outside the zone get NXDOMAIN, as a real authoritative server would say.
    """
    from dnslib import RCODE
    from dnslib.server import BaseResolver, DNSLogger, DNSServer
    from dnslib.zoneresolver import ZoneResolver

    class Authoritative(BaseResolver):
        def __init__(self) -> None:
            text = "\n".join(line.strip() for line in zone.splitlines() if line.strip())
            self.zone = ZoneResolver(text, glob=False)
            # Compared as text: dnslib's DNSLabel does not hash like it compares.
            self.names = {str(name).lower() for name, _, _ in self.zone.zone}

        def resolve(self, request, handler):  # noqa: ANN001 - dnslib's interface
            reply = self.zone.resolve(request, handler)
            # NXDOMAIN only for names that do not exist; an existing name without the
            # asked type answers NOERROR with no records, as a real server does.
            exists = str(request.q.qname).lower() in self.names
            reply.header.rcode = RCODE.NOERROR if reply.rr or exists else RCODE.NXDOMAIN
            return reply

    for _ in range(5):
        port = free_port()
        quiet = DNSLogger(log="-request,-reply,-truncated,-error,-recv,-send,-data",
                          prefix=False)
        server = DNSServer(Authoritative(), port=port, address="127.0.0.1", logger=quiet)
        try:
            server.start_thread()
            break
        except OSError:
            continue
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.stop()


# ---------------------------------------------------------------- TLS
@dataclass
class Tls:
    ca: trustme.CA
    ca_file: str
    server_context: ssl.SSLContext


def make_tls(tmp_path: Path, *names: str) -> Tls:
    ca = trustme.CA()
    cert = ca.issue_cert(*(names or ("localhost",)), "127.0.0.1")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    ca_file = tmp_path / "detect-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return Tls(ca, str(ca_file), context)


# ---------------------------------------------------------------- SMTP
@dataclass
class Smtp:
    port: int
    controller: object
    received: list = field(default_factory=list)


@contextlib.contextmanager
def smtp_server(tls: Tls, *, implicit: bool = False, auth: bool = True,
                users: dict[str, str] | None = None) -> Iterator[Smtp]:
    """aiosmtpd: STARTTLS + AUTH (default), or implicit TLS with `implicit=True`.

    `users` maps login → password; received messages land in `.received`.
    """
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    accounts = users or {"statements@acme-widgets.com": "s3cret-pass"}
    received: list = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
            received.append(envelope)
            return "250 2.0.0 OK queued"

    def authenticator(server, session, envelope, mechanism, data):  # noqa: ANN001
        ok = data is not None and accounts.get(
            data.login.decode(), object()) == data.password.decode()
        return AuthResult(success=ok, handled=False)

    port = free_port()
    kwargs: dict = {"hostname": "127.0.0.1", "port": port}
    if auth:
        kwargs["authenticator"] = authenticator
    if implicit:
        kwargs.update(ssl_context=tls.server_context, auth_require_tls=False)
    else:
        kwargs.update(tls_context=tls.server_context, require_starttls=True,
                      auth_require_tls=True)
    controller = Controller(Handler(), **kwargs)
    controller.start()
    try:
        yield Smtp(port, controller, received)
    finally:
        controller.stop()


# ---------------------------------------------------------------- black holes
@contextlib.contextmanager
def silent_port() -> Iterator[int]:
    """Accepts connections (the kernel completes the handshake) and never says a word."""
    listener = loopback_listener(64)
    try:
        yield port_of(listener)
    finally:
        listener.close()


@contextlib.contextmanager
def unanswered_port() -> Iterator[int]:
    """A port whose connection attempts are never answered: a listener with backlog 0
    whose single slot is taken, so the kernel drops further SYNs (like a firewall)."""
    listener = loopback_listener(0)
    port = port_of(listener)
    filler = socket.create_connection(("127.0.0.1", port), timeout=1)
    try:
        yield port
    finally:
        filler.close()
        listener.close()


# ---------------------------------------------------------------- autoconfig over HTTPS
@contextlib.contextmanager
def https_files(tls: Tls, files: dict[str, bytes]) -> Iterator[str]:
    """Serve `files` (path → body) over HTTPS; yields the base URL https://localhost:PORT.

    Other paths answer 404. Requests are recorded in `.requests` of the yielded str's
    server (see `served_paths`)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = self.path.split("?", 1)[0]
            served_paths.append(self.path)
            body = files.get(path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # noqa: ANN002 - keep test output clean
            pass

    served_paths: list[str] = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = tls.server_context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://localhost:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


AUTOCONFIG_XML = """<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="{domain}">
    <domain>{domain}</domain>
    <displayName>Test mail</displayName>
    <incomingServer type="imap">
      <hostname>imap.{domain}</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>{host}</hostname>
      <port>{port}</port>
      <socketType>{socket_type}</socketType>
      <username>{username}</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"""


# ---------------------------------------------------------------- pytest fixtures
# Imported by the test modules that use them (keeps tests/conftest.py the lead's).
import pytest  # noqa: E402

TLS_NAMES = ("localhost", "smtp.office365.com", "smtp.gmail.com", "mx1.northwind-traders.com",
             "mail.contoso-mail.com", "smtp.fabrikam-mail.com", "mail.fabrikam-mail.com",
             "smtp.acme-widgets.com", "mail.acme-widgets.com", "smtp.sendgrid.net")


@pytest.fixture(scope="module")
def detect_tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("detect-tls"), *TLS_NAMES)


@pytest.fixture(scope="module")
def starttls_smtp(detect_tls: Tls) -> Iterator[Smtp]:
    with smtp_server(detect_tls) as server:
        yield server


@pytest.fixture(scope="module")
def implicit_smtp(detect_tls: Tls) -> Iterator[Smtp]:
    with smtp_server(detect_tls, implicit=True) as server:
        yield server
