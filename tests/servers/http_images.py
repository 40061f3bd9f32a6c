"""A real HTTP/HTTPS image host on 127.0.0.1 that imitates hot-link protection.

Each route behaves like a kind of host the admin may meet (nginx `valid_referers`,
Photobucket's placeholder, Flickr's share pages, signed S3 links, ...). The server logs
every request (path, User-Agent, Referer) so tests can check what each client sent.

Use from tests:  `with ImageHost() as host: host.url("/logo.png")`, or
`ImageHost(tls=trustme_ca)` for HTTPS. Reusable by other areas (e.g. the setup wizard).
"""

from __future__ import annotations

import io
import ssl
import struct
import threading
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

# ------------------------------------------------------------------ sample pictures


def encoded(image: Any, image_format: str, **options: Any) -> bytes:
    """The bytes of a PIL image saved in `image_format` (PNG, JPEG, GIF, WEBP)."""
    out = io.BytesIO()
    image.save(out, image_format, **options)
    return out.getvalue()


@cache
def logo_png(width: int = 400, height: int = 120) -> bytes:
    """A company-logo-like PNG with a transparent background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, height - 4, height - 4), radius=height // 6,
                           fill=(20, 90, 170, 255))
    draw.ellipse((height // 4, height // 4, 3 * height // 4, 3 * height // 4),
                 fill=(255, 255, 255, 255))
    for i in range(5):
        x = height + 12 + i * (width - height - 24) // 5
        draw.rectangle((x, height // 3, x + (width - height) // 7, 2 * height // 3),
                       fill=(40, 40, 40, 255))
    return encoded(image, "PNG")


@cache
def placeholder_png() -> bytes:
    """Photobucket-style 'update your account' image: different size and content."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 200), (240, 240, 240))
    ImageDraw.Draw(image).text((20, 90), "Please update your account to enable 3rd party "
                               "hosting", fill=(200, 0, 0))
    return encoded(image, "PNG")


@cache
def same_size_placeholder_png() -> bytes:
    """A placeholder of exactly the logo's size: caught by comparing the pictures."""
    from PIL import Image

    image = Image.new("RGBA", (400, 120), (255, 0, 0, 255))
    return encoded(image, "PNG")


@cache
def exif_rotated_jpeg() -> bytes:
    """Stored 300 wide x 100 high, EXIF orientation 6: shown 100 wide x 300 high."""
    from PIL import Image

    image = Image.new("RGB", (300, 100), (10, 120, 60))
    exif = Image.Exif()
    exif[0x0112] = 6
    return encoded(image, "JPEG", exif=exif)


@cache
def animated_gif() -> bytes:
    from PIL import Image

    colours = ((200, 30, 30), (30, 200, 30), (30, 30, 200))
    frames = [Image.new("RGB", (120, 40), colour) for colour in colours]
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=200,
                   loop=0)


@cache
def webp_logo() -> bytes:
    from PIL import Image

    return encoded(Image.open(io.BytesIO(logo_png())), "WEBP")


SVG_LOGO = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="400" '
            b'height="120"><rect width="400" height="120" fill="#1459aa"/></svg>\n')


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


@cache
def bomb_png(side: int = 20000) -> bytes:
    """A ~50 KB PNG that declares side x side pixels (400 M at 20000): a decompression bomb.

    Built by hand, row by row, so making it never holds the decoded picture in memory.
    """
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" * (1 + (side + 7) // 8)
    compressor = zlib.compressobj(9)
    parts = [compressor.compress(row) for _ in range(side)]
    parts.append(compressor.flush())
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", b"".join(parts)) + _png_chunk(b"IEND", b""))


SHARE_PAGE = b"""<!DOCTYPE html>
<html><head><title>Company logo - Photo sharing</title>
<meta property="og:image" content="%s">
</head><body><div class="photo"><img src="%s"></div><p>Shared by Admin</p></body></html>
"""

LOGIN_PAGE = b"""<!doctype html><html><head><title>Sign in</title></head><body>
<form method="post" action="/login"><input name="user"><input type="password" name="pw">
<button>Sign in</button></form></body></html>"""

# ------------------------------------------------------------------ the server


@dataclass
class Request:
    path: str
    query: str
    headers: dict[str, str]
    host: str  # the address the client used, e.g. 127.0.0.1:PORT

    @property
    def referer(self) -> str | None:
        return self.headers.get("referer")

    @property
    def user_agent(self) -> str:
        return self.headers.get("user-agent", "")


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""
    content_length: bool = True


Route = Callable[[Request], Reply]


def image(body: bytes, content_type: str = "image/png", **headers: str) -> Reply:
    return Reply(200, {"Content-Type": content_type, **headers}, body)


def forbidden() -> Reply:
    return Reply(403, {"Content-Type": "text/html"}, b"<html><body>403 Forbidden</body></html>")


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, {"Location": location}, b"")


def own_site_referer(request: Request) -> bool:
    referer = request.referer or ""
    return urlsplit(referer).netloc == request.host


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        request = Request(parts.path, parts.query,
                          {k.lower(): v for k, v in self.headers.items()},
                          self.headers.get("Host", ""))
        self.server.log.append(request)
        route = self.server.routes.get(parts.path)
        reply = route(request) if route else Reply(404, {"Content-Type": "text/plain"},
                                                   b"not found")
        try:
            self._send(reply)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass  # the client gave up (byte cap, deadline): that is the point of some routes

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if isinstance(reply.body, bytes):
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
            return
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        for chunk in reply.body:
            if self.server.stopping.is_set():
                return
            self.wfile.write(chunk)
            self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]
    log: list[Request]
    stopping: threading.Event


class ImageHost:
    """The image host. `tls` is a trustme.CA: the server then speaks HTTPS only."""

    def __init__(self, tls=None, extra_routes: dict[str, Route] | None = None,  # type: ignore[no-untyped-def]
                 names: tuple[str, ...] = ()) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.log = []
        self._server.stopping = threading.Event()
        self.scheme = "http"
        if tls is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls.issue_cert("localhost", "127.0.0.1", *names).configure_cert(context)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self.port = self._server.server_address[1]
        self._server.routes = {**default_routes(self), **(extra_routes or {})}
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def log(self) -> list[Request]:
        return self._server.log

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Route) -> None:
        self._server.routes[path] = handler

    def start(self) -> ImageHost:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> ImageHost:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def trickle(body: bytes, chunk: int, pause: float, host: ImageHost) -> Iterable[bytes]:
    for start in range(0, len(body), chunk):
        yield body[start:start + chunk]
        if host._server.stopping.wait(pause):
            return


def endless(chunk_size: int = 256 * 1024) -> Iterable[bytes]:
    """A 'logo' that never ends (until the client hangs up): starts like a PNG."""
    yield logo_png()[:64]
    block = b"\x00" * chunk_size
    for _ in range(400):  # 100 MB at most, so a broken client cannot spin forever
        yield block


def default_routes(host: ImageHost) -> dict[str, Route]:
    """Every behaviour the logo check must recognise, one path each."""

    def referer_none(req: Request) -> Reply:
        # nginx: valid_referers none blocked server_names;  (no Referer allowed)
        if req.referer is None or own_site_referer(req):
            return image(logo_png())
        return forbidden()

    def referer_strict(req: Request) -> Reply:
        # nginx: valid_referers server_names;  (a missing Referer is refused too)
        return image(logo_png()) if own_site_referer(req) else forbidden()

    def placeholder(req: Request) -> Reply:
        if req.referer is None or own_site_referer(req):
            return image(logo_png())
        return image(placeholder_png())

    def placeholder_same_size(req: Request) -> Reply:
        if req.referer and not own_site_referer(req):
            return image(same_size_placeholder_png())
        return image(logo_png())

    def ua_block(req: Request) -> Reply:
        return forbidden() if "GoogleImageProxy" in req.user_agent else image(logo_png())

    def slow_for_proxy(req: Request) -> Reply:
        if "GoogleImageProxy" in req.user_agent:
            return Reply(200, {"Content-Type": "image/png"}, trickle(logo_png(), 200, 0.4, host))
        return image(logo_png())

    def share_page(req: Request) -> Reply:
        direct = host.url("/photos/direct/logo.png").encode()
        return Reply(200, {"Content-Type": "text/html; charset=utf-8"},
                     SHARE_PAGE % (direct, direct))

    return {
        "/logo.png": lambda req: image(logo_png()),
        "/photos/direct/logo.png": lambda req: image(logo_png()),
        "/small.png": lambda req: image(logo_png(100, 30)),
        "/referer-none/logo.png": referer_none,
        "/referer-strict/logo.png": referer_strict,
        "/placeholder/logo.png": placeholder,
        "/placeholder-same-size/logo.png": placeholder_same_size,
        "/ua-block/logo.png": ua_block,
        "/share/photo/123": share_page,
        "/private/logo.png": lambda req: redirect("/accounts/login?next=/private/logo.png"),
        "/accounts/login": lambda req: Reply(200, {"Content-Type": "text/html"}, LOGIN_PAGE),
        "/basic-auth/logo.png": lambda req: Reply(
            401, {"WWW-Authenticate": 'Basic realm="intranet"', "Content-Type": "text/plain"},
            b"authentication required"),
        "/loop/a": lambda req: redirect("/loop/b"),
        "/loop/b": lambda req: redirect("/loop/a"),
        "/moved/logo.png": lambda req: redirect("/logo.png", 301),
        "/slow/logo.png": lambda req: Reply(
            200, {"Content-Type": "image/png"}, trickle(logo_png(), 200, 0.4, host)),
        "/slow-for-proxy/logo.png": slow_for_proxy,
        # Finishes, but only after ~3.5 s: slower than a reader waits comfortably.
        "/slowish/logo.png": lambda req: Reply(
            200, {"Content-Type": "image/png"},
            trickle(logo_png(), -(-len(logo_png()) // 8), 0.5, host)),
        "/huge.png": lambda req: Reply(200, {"Content-Type": "image/png"}, endless()),
        "/bomb.png": lambda req: image(bomb_png()),
        "/wrong-type/logo.png": lambda req: image(logo_png(), "text/plain"),
        "/octet/logo.png": lambda req: image(logo_png(), "application/octet-stream"),
        "/truncated.png": lambda req: image(logo_png()[: len(logo_png()) // 2]),
        "/logo.svg": lambda req: image(SVG_LOGO, "image/svg+xml"),
        "/signed/logo.png": lambda req: image(logo_png()),
        "/pw/AP1GczNlogo=w600-h315": lambda req: image(logo_png()),
        "/corp/logo.png": lambda req: image(logo_png(), **{
            "Cross-Origin-Resource-Policy": "same-origin"}),
        "/exif.jpg": lambda req: image(exif_rotated_jpeg(), "image/jpeg"),
        "/animated.gif": lambda req: image(animated_gif(), "image/gif"),
        "/logo.webp": lambda req: image(webp_logo(), "image/webp"),
        "/gone.png": lambda req: Reply(404, {"Content-Type": "text/html"}, b"<html>404</html>"),
        "/server-error.png": lambda req: Reply(500, {"Content-Type": "text/plain"}, b"oops"),
    }



# ------------------------------------------------------------------ pytest fixtures
# Import them into a test module: `from tests.servers.http_images import image_host, ...`.

import pytest  # noqa: E402 - fixtures below only; the server above works without pytest


@pytest.fixture(scope="module")
def image_host():
    """A plain-HTTP image host for the module's tests."""
    with ImageHost() as host:
        yield host


@pytest.fixture(scope="module")
def image_ca():
    import trustme

    return trustme.CA()


@pytest.fixture(scope="module")
def image_ca_file(image_ca, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("logo-ca") / "company-ca.pem"
    image_ca.cert_pem.write_to_path(str(path))
    return str(path)


TEST_HOST_NAME = "logo.example.test"  # in the certificate; resolvable via `logo_dns`
# A Google Photos image host name, served by the local host through `logo_dns`.
PHOTOS_HOST_NAME = "lh3.googleusercontent.com"


@pytest.fixture(scope="module")
def https_image_host(image_ca):
    """The same host over HTTPS, with a certificate from `image_ca` (trusted via a CA file).

    The certificate also names TEST_HOST_NAME, for tests that resolve it with their own
    DNS server (see `logo_dns`)."""
    with ImageHost(tls=image_ca, names=(TEST_HOST_NAME, PHOTOS_HOST_NAME)) as host:
        yield host


@pytest.fixture(scope="module")
def logo_dns():
    """A real DNS server on 127.0.0.1 answering TEST_HOST_NAME -> 127.0.0.1.

    Yields its address as "127.0.0.1:PORT" (the --dns-server form)."""
    import socket

    from dnslib.server import DNSLogger, DNSServer
    from dnslib.zoneresolver import ZoneResolver

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    zone = f"{TEST_HOST_NAME}. 60 IN A 127.0.0.1\n{PHOTOS_HOST_NAME}. 60 IN A 127.0.0.1\n"
    quiet = DNSLogger(logf=lambda _text: None)  # its default prints every query to stdout
    server = DNSServer(ZoneResolver(zone), port=port, address="127.0.0.1", logger=quiet)
    server.start_thread()
    yield f"127.0.0.1:{port}"
    server.stop()
