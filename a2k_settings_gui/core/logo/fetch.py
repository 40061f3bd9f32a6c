"""Fetch one image URL the way one kind of mail client does, with hard limits.

Redirects are followed here, not by requests, so that a loop, a login page or a hop from
https to http is seen and named. The body is streamed under a byte cap and an overall
deadline: a host that trickles bytes cannot hold the check longer than the timeout, and a
20 MB "logo" is cut off at the cap instead of being held in memory.

requests/urllib3 are imported inside the functions: start-up must not load them.
"""

from __future__ import annotations

import io
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from a2k_settings_gui.core.cancel import Cancelled, CancelToken

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
CHUNK_SIZE = 64 * 1024

# Words in a redirect target that mean "sign in first" (Google, Microsoft, Flickr, SSO).
_LOGIN_WORDS = ("login", "signin", "sign-in", "sign_in", "logon", "auth", "sso", "account")
_LOGIN_HOSTS = ("accounts.google.com", "login.microsoftonline.com", "login.live.com")


@dataclass
class FetchResult:
    """What one fetch saw. `error` is a short cause code when no usable answer came back.

    error codes: "unreachable", "tls_error", "timeout", "too_large", "redirect_loop",
    "login_required", "cancelled".
    """

    url: str
    final_url: str = ""
    status: int | None = None
    content_type: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    elapsed_ms: int = 0
    redirects: list[str] = field(default_factory=list)
    # A redirect named user:password@: they were stripped, never sent nor shown.
    redirect_credentials: bool = False
    error: str | None = None
    error_detail: str = ""
    bytes_received: int = 0

    @property
    def ok_status(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


def looks_like_login(url: str) -> bool:
    """True when a redirect target is a sign-in page rather than an image."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in _LOGIN_HOSTS:
        return True
    path = parts.path.lower()
    return any(word in path for word in _LOGIN_WORDS)


def fetch(
    url: str,
    *,
    session,  # requests.Session from core.net.http.http_session()
    user_agent: str,
    referer: str | None = None,
    timeout: float = 10.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    cancel: CancelToken | None = None,
) -> FetchResult:
    """GET `url` like one client; never raises for network trouble, never exceeds `timeout`."""
    import requests

    from a2k_settings_gui.core.net.transport import SocketWatch, watched

    cancel = cancel or CancelToken()
    # A cancel (the admin closing the dialog, or the check's deadline) shuts the sockets
    # down from the cancelling thread: it never waits, whatever the server does, and the
    # blocked read here wakes at once (see core.net.transport.SocketWatch).
    watch = SocketWatch()
    unwatch = cancel.on_cancel(watch.stop)
    result = FetchResult(url=url, final_url=url)
    started = time.monotonic()
    deadline = started + timeout
    headers = {
        "User-Agent": user_agent,
        "Accept": "image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5",
        "Accept-Encoding": "gzip, deflate",
    }
    if referer:
        headers["Referer"] = referer

    def finish(error: str | None = None, detail: str = "") -> FetchResult:
        result.error = error
        result.error_detail = detail
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
        return result

    # The deadline stops a read the same way, even one in the middle of a dripped header.
    alarm = threading.Timer(timeout, watch.stop)
    alarm.daemon = True
    alarm.start()
    try:
        with watched(watch):
            return _fetch_loop(url, session, headers, result, finish,
                               _Limits(deadline, timeout, max_bytes, max_redirects), cancel)
    except Cancelled:
        return finish("cancelled")
    except requests.exceptions.SSLError as exc:
        return finish(_stopped(cancel, deadline) or "tls_error", _short(exc))
    except (requests.exceptions.Timeout, TimeoutError) as exc:
        return finish(_stopped(cancel, deadline) or "timeout", _short(exc))
    except requests.exceptions.ChunkedEncodingError as exc:
        return finish(_stopped(cancel, deadline) or "unreachable",
                      "the connection broke off: " + _short(exc))
    except (requests.exceptions.RequestException, OSError) as exc:
        return finish(_stopped(cancel, deadline) or "unreachable", _short(exc))
    finally:
        alarm.cancel()
        unwatch()


def _stopped(cancel: CancelToken, deadline: float) -> str | None:
    """Why a read that broke off was stopped by us: our cancel or our deadline."""
    if cancel.cancelled:
        return "cancelled"
    if time.monotonic() >= deadline:
        return "timeout"
    return None


@dataclass(frozen=True)
class _Limits:
    deadline: float
    timeout: float
    max_bytes: int
    max_redirects: int


def _fetch_loop(url: str, session, headers: dict[str, str], result: FetchResult,  # type: ignore[no-untyped-def]  # noqa: E501
                finish, limits: _Limits, cancel: CancelToken) -> FetchResult:
    """The GET and its redirects; errors propagate to fetch(), which names them."""
    deadline, timeout = limits.deadline, limits.timeout
    max_bytes, max_redirects = limits.max_bytes, limits.max_redirects
    current = url
    seen = {url}
    while True:
        cancel.raise_if_cancelled()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return finish("timeout", f"no answer within {timeout:g} s")
        response = session.get(
            current,
            headers=headers,
            allow_redirects=False,
            stream=True,
            timeout=(min(remaining, timeout), min(remaining, timeout)),
        )
        try:
            result.final_url = current
            result.status = response.status_code
            result.headers = {k.lower(): v for k, v in response.headers.items()}
            result.content_type = result.header("content-type")
            if response.is_redirect and "location" in result.headers:
                target = urljoin(current, result.headers["location"])
                if "@" in urlsplit(target).netloc:
                    # Never sent (requests would answer with Authorization: Basic) nor
                    # shown; the check reports logo_url_credentials.
                    result.redirect_credentials = True
                    target = _without_userinfo(target)
                result.redirects.append(target)
                if target in seen:
                    return finish("redirect_loop", " -> ".join([url, *result.redirects]))
                if len(result.redirects) > max_redirects:
                    return finish(
                        "redirect_loop", f"more than {max_redirects} redirects"
                    )
                if looks_like_login(target):
                    result.final_url = target
                    return finish("login_required", target)
                seen.add(target)
                current = target
                continue
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                result.bytes_received = int(declared)
                return finish("too_large", f"{int(declared)} bytes announced")
            # BytesIO, not a list joined at the end: getvalue() hands over its own buffer,
            # so a body is held once, not twice, at the end of each download.
            chunks = io.BytesIO()
            received = 0
            for chunk in response.iter_content(CHUNK_SIZE):
                cancel.raise_if_cancelled()
                received += len(chunk)
                if received > max_bytes:
                    result.bytes_received = received
                    return finish("too_large", f"more than {max_bytes} bytes")
                chunks.write(chunk)
                if time.monotonic() > deadline:
                    result.bytes_received = received
                    return finish(
                        "timeout", f"only {received} bytes in {timeout:g} s (a slow host)"
                    )
            if _stopped(cancel, deadline):  # the socket was shut down under the read
                result.bytes_received = received
                return finish(_stopped(cancel, deadline),
                              f"only {received} bytes in {timeout:g} s (a slow host)")
            result.body = chunks.getvalue()
            chunks.close()
            result.bytes_received = received
            return finish()
        finally:
            response.close()  # on this (the reading) thread: no lock is contended


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _short(exc: BaseException) -> str:
    """A one-line cause without urllib3's nested repr noise, nor a proxy's or a redirect's
    user:password@ (urllib3 quotes the address it could not use)."""
    from a2k_settings_gui.core.net.proxy import redact

    text = redact(str(exc))
    incomplete = re.search(r"IncompleteRead\((\d+) bytes read, (\d+) more expected\)", text)
    if incomplete:
        got, missing = (int(n) for n in incomplete.groups())
        return (f"the download broke off before the picture was complete ({got // 1024} of "
                f"{(got + missing) // 1024} KB arrived)")
    for marker in ("CERTIFICATE_VERIFY_FAILED", "Name or service not known",
                   "getaddrinfo failed", "Connection refused", "timed out",
                   "No connection could be made", "hostname mismatch",
                   "doesn't match"):
        if marker in text:
            if marker == "CERTIFICATE_VERIFY_FAILED":
                tail = text.split("CERTIFICATE_VERIFY_FAILED]", 1)[-1].split("(")[0]
                tail = tail.split("'")[0].strip(" ,")
                # OpenSSL repeats the words: "certificate verify failed: self-signed …".
                tail = re.sub(r"(?i)^certificate verify failed:?\s*", "", tail)
                return "certificate verify failed" + (f": {tail}" if tail else "")
            return marker
    return text[:200]
