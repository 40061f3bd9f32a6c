"""A small forward web proxy on 127.0.0.1 (asyncio), as a company network has one.

CONNECT tunnels (HTTPS) and absolute-form requests (plain HTTP), optional Basic proxy
authentication, and a hosts map so that the proxy, not the client, resolves the names (as
a real proxy does). Every request is logged, so a test can prove what went through it.

    with forward_proxy(hosts={"logo.corp.test": "127.0.0.1"}, users={"u": "p"}) as proxy:
        proxy.url          # "http://127.0.0.1:PORT"
        proxy.log          # [("CONNECT", "logo.corp.test:443", True), ...]

In-repo rather than Debian's tinyproxy so that CI needs no system package.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

# Where a proxy comes from besides the system settings (A2K_PAC_URL: our own PAC address).
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY",
                   "all_proxy", "NO_PROXY", "no_proxy", "A2K_PAC_URL")


@dataclass
class Proxy:
    port: int = 0
    log: list[tuple[str, str, bool]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def targets(self, method: str | None = None) -> list[str]:
        return [target for m, target, _ in self.log if method is None or m == method]


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


@contextlib.contextmanager
def forward_proxy(hosts: dict[str, str] | None = None,
                  users: dict[str, str] | None = None) -> Iterator[Proxy]:
    proxy = Proxy()
    names = {k.lower(): v for k, v in (hosts or {}).items()}
    loop = asyncio.new_event_loop()
    ready = threading.Event()

    def allowed(headers: dict[str, str]) -> bool:
        if not users:
            return True
        kind, _, token = headers.get("proxy-authorization", "").partition(" ")
        if kind.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(token).decode().partition(":")
        except ValueError:
            return False
        return users.get(user) == password

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            writer.close()
            return
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = (lines[0].split(" ") + ["", ""])[:3]
        headers = {}
        for line in lines[1:]:
            if ":" in line:
                key, _, value = line.partition(":")
                headers[key.strip().lower()] = value.strip()
        ok = allowed(headers)
        proxy.log.append((method, target, ok))
        if not ok:
            writer.write(b"HTTP/1.1 407 Proxy Authentication Required\r\n"
                         b"Proxy-Authenticate: Basic realm=\"test proxy\"\r\n"
                         b"Content-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
            writer.close()
            return
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            rest = b""
        else:  # absolute-form: GET http://host:port/path HTTP/1.1
            scheme_less = target.split("://", 1)[-1]
            hostport, _, path = scheme_less.partition("/")
            host, _, port = hostport.rpartition(":") if ":" in hostport else (hostport, "", "80")
            kept = [line for line in lines[1:] if line and not line.lower().startswith(
                ("proxy-", "connection:"))]
            rest = "\r\n".join([f"{method} /{path} HTTP/1.1", *kept, "Connection: close",
                                "", ""]).encode("latin-1")
        address = names.get(host.strip("[]").lower(), host.strip("[]"))
        try:
            up_reader, up_writer = await asyncio.wait_for(
                asyncio.open_connection(address, int(port)), 10)
        except (OSError, ValueError, TimeoutError):
            writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n"
                         b"Connection: close\r\n\r\n")
            await writer.drain()
            writer.close()
            return
        if method == "CONNECT":
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
        else:
            up_writer.write(rest)
            await up_writer.drain()
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    async def start() -> asyncio.base_events.Server:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        proxy.port = server.sockets[0].getsockname()[1]
        return server

    def run() -> None:
        asyncio.set_event_loop(loop)
        state["server"] = loop.run_until_complete(start())
        ready.set()
        loop.run_forever()

    state: dict = {}
    thread = threading.Thread(target=run, name="test-proxy", daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield proxy
    finally:
        async def stop() -> None:
            state["server"].close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
