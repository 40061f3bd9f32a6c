"""A small HTTPS (or HTTP) origin server on 127.0.0.1 for network-layer tests.

    with https_origin({"/logo.png": (b"...", "image/png")}, cert=ca.issue_cert("logo.test"))
            as origin:
        origin.port, origin.paths   # paths requested so far

With `cert=None` it speaks plain HTTP. Other paths answer 404.
"""

from __future__ import annotations

import contextlib
import http.server
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import trustme


@dataclass
class Origin:
    port: int
    paths: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)  # the Host header of each request


@contextlib.contextmanager
def https_origin(files: dict[str, tuple[bytes, str]],
                 cert: trustme.LeafCert | None = None) -> Iterator[Origin]:
    origin = Origin(0)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            origin.paths.append(self.path)
            origin.hosts.append(self.headers.get("Host", ""))
            body, kind = files.get(self.path.split("?", 1)[0], (b"", ""))
            self.send_response(200 if kind else 404)
            self.send_header("Content-Type", kind or "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    if cert is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    origin.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield origin
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
