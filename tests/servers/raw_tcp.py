"""Loopback TCP for the test servers: free ports, listening sockets, and a server that
hands each connection to a method on its own thread.

The base of the test servers that need byte-level control that http.server and aiosmtpd
do not give (the hostile HTTP and SMTP servers' drips and endless replies, smtp.TextServer's
fixed bytes), and the same plumbing:
listen on 127.0.0.1, accept until stopped, one daemon thread per client, clean stop.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any


def free_port() -> int:
    """A free TCP port on loopback (for servers that cannot bind port 0 themselves)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def closed_port() -> int:
    """A loopback port where nothing listens: connecting is refused at once."""
    return free_port()


def loopback_listener(backlog: int) -> socket.socket:
    """A TCP socket listening on 127.0.0.1 at a port the system picks; nothing accepts
    unless the caller does (the kernel completes up to `backlog` handshakes itself)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(backlog)
    return listener


def port_of(listener: socket.socket) -> int:
    return int(listener.getsockname()[1])


class RawTcpServer:
    host = "127.0.0.1"

    def __init__(self, backlog: int = 16) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((self.host, 0))
        self._listener.listen(backlog)
        self._listener.settimeout(0.1)
        self.port = int(self._listener.getsockname()[1])
        self._stopped = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accepter = threading.Thread(target=self._accept, daemon=True)
        self._accepter.start()

    def handle(self, conn: socket.socket) -> None:
        """Talk to one client; subclasses say how. Errors from a client going away are
        expected (that is what most hostile tests do) and end only this connection."""
        raise NotImplementedError

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._serve_safely, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve_safely(self, conn: Any) -> None:
        try:
            conn.settimeout(5)
            self.handle(conn)
        except (OSError, ValueError):
            pass  # the client went away
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def stop(self) -> None:
        self._stopped.set()
        self._accepter.join(2)
        self._listener.close()
        for thread in self._threads:
            thread.join(2)

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class LineServer(RawTcpServer):
    """A raw server for a line-based protocol (SMTP, IMAP) that misbehaves on purpose:
    optional implicit TLS, a time limit per connection, and a count of what it sent.
    Subclasses set `ssl_context`, `max_seconds` and `bytes_sent = 0` before calling
    RawTcpServer.__init__, and implement `_serve(conn, deadline)`."""

    max_line = 100_000  # what a client may send before its line ends
    ssl_context: Any = None
    max_seconds = 30.0
    bytes_sent = 0

    def handle(self, conn: socket.socket) -> None:
        if self.ssl_context is not None:
            conn = self.ssl_context.wrap_socket(conn, server_side=True)
        self._serve(conn, time.monotonic() + self.max_seconds)

    def _serve(self, conn: Any, deadline: float) -> None:
        raise NotImplementedError

    def _send(self, conn: Any, data: bytes) -> None:
        conn.sendall(data)
        self.bytes_sent += len(data)

    def _read_line(self, conn: Any, buffer: bytearray) -> str:
        while b"\n" not in buffer:
            data = conn.recv(4096)
            if not data:
                raise OSError("client closed")
            buffer.extend(data)
            if len(buffer) > self.max_line:
                raise OSError("client sent too much")
        line, _, rest = bytes(buffer).partition(b"\n")
        buffer[:] = rest
        return line.rstrip(b"\r").decode("utf-8", "replace")
