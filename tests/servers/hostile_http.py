"""A hostile HTTP image host on loopback: dripped headers, dripped bodies, nonsense SVG.

    with HostileHttpServer() as host:
        host.url("/drip-body")        # 200, Content-Length 100000, then 1 byte per interval
        host.url("/drip-headers")     # the status line, then one header byte per interval
        host.url("/svg?width=1.2.3&height=...")   # an SVG with the given width/height
        host.url("/logo.png")         # a good PNG (for the happy path)
        host.requests                 # (path, headers) of every request seen

Every drip ends when the client goes away or after `max_seconds`.
"""

from __future__ import annotations

import socket
import time
from urllib.parse import parse_qs, urlsplit

from tests.servers.raw_tcp import RawTcpServer


class HostileHttpServer(RawTcpServer):
    def __init__(self, interval: float = 0.1, max_seconds: float = 30.0) -> None:
        self.interval, self.max_seconds = interval, max_seconds
        self.requests: list[tuple[str, dict[str, str]]] = []
        super().__init__(backlog=16)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def _drip(self, conn: socket.socket, data: bytes) -> None:
        deadline = time.monotonic() + self.max_seconds
        for index in range(len(data)):
            if self._stopped.is_set() or time.monotonic() > deadline:
                return
            conn.sendall(data[index:index + 1])
            time.sleep(self.interval)

    def handle(self, conn: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            data = conn.recv(4096)
            if not data:
                return
            head += data
        request_line, *header_lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split(
            "\r\n")
        path = request_line.split(" ")[1]
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        self.requests.append((path, headers))
        parts = urlsplit(path)
        if parts.path == "/drip-body":
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
                         b"Content-Length: 100000\r\n\r\n")
            self._drip(conn, b"\x89PNG" + b"\0" * 99996)
        elif parts.path == "/drip-headers":
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            self._drip(conn, b"X-Slow: " + b"a" * 10000 + b"\r\n\r\n")
        elif parts.path == "/svg":
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            body = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{query.get("width", "")}"'
                    f' height="{query.get("height", "")}"><rect width="10" height="10"/>'
                    "</svg>").encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: image/svg+xml\r\n"
                         + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        elif parts.path == "/logo.png":
            from tests.servers.http_images import logo_png

            body = logo_png()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
                         + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        else:
            conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
