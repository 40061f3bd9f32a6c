"""Automatic read-back: log in to the test mailbox over IMAP, wait for the test e-mail
(by its unique Message-ID) and read its headers, so the admin need not copy them.

Optional and bounded like the SMTP test: the wait polls INBOX and the Junk folder every
few seconds (IMAP IDLE would need a second code path for no visible gain at this scale),
and the WHOLE read-back (connect, greeting, log in, look, fetch) ends by one deadline: a
timer shuts the socket down then, so a server that drips its greeting one byte at a time
cannot hold us. What the server sends is capped before it is read: a line at
MAX_LINE_BYTES, a literal ({N}) at MAX_LITERAL_BYTES (refused from its announced size, so
`{99999999999}` or a 300 MB FETCH is never read), all lines of a session at MAX_LINES and
MAX_SESSION_BYTES. A cancel closes the socket at once. The fetched message's Message-ID
must be the one asked for (IMAP's HEADER search matches substrings). Headers only
(BODY.PEEK[HEADER]): nothing is marked read, nothing of the body is downloaded. The
connection is made through the shared network layer (core.net: DNS servers from the
settings, the one TLS context).

Many personal mailboxes allow IMAP with an app password; Outlook.com and Microsoft 365
accept only Microsoft sign-in (OAuth) for IMAP, which this tool does not do: `imap_server_for`
says so, and the admin pastes the headers instead.
"""

from __future__ import annotations

import imaplib
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from a2k_settings_gui.core.cancel import Cancelled, CancelToken

DEFAULT_WAIT_SECONDS = 120.0
DEFAULT_POLL_SECONDS = 5.0
STEP_TIMEOUT = 15.0  # seconds for any one IMAP command
MAX_HEADER_BYTES = 1024 * 1024
# A real session (log in, LIST, a SELECT and SEARCH per folder per poll for two minutes)
# is a few hundred lines and tens of KiB; a header FETCH is one literal of 5-100 KiB.
MAX_LINE_BYTES = 64 * 1024
MAX_LITERAL_BYTES = MAX_HEADER_BYTES + 64 * 1024
MAX_LINES = 20_000
MAX_SESSION_BYTES = 8 * 1024 * 1024
MAX_CANDIDATES = 5  # messages whose Message-ID contains the one asked for
_JUNK_NAMES = {"junk", "junk email", "junk e-mail", "spam", "[gmail]/spam", "bulk",
               "bulk mail"}
_LIST_LINE = re.compile(rb'^\((?P<flags>[^)]*)\) (?P<sep>"[^"]*"|NIL) (?P<name>.+)$')


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int = 993
    security: str = "ssl"  # "ssl" (implicit TLS) or "starttls"
    note: str = ""  # what the admin must know to log in
    password_login: bool = True  # False: the provider allows only OAuth for IMAP


# From each provider's help pages on IMAP access (2024-2026). Microsoft: Outlook.com
# requires Microsoft sign-in (modern auth) for IMAP since September 2024, and Exchange
# Online turned off basic authentication for IMAP in October 2022.
_KNOWN: dict[str, ImapServer] = {}
for _domains, _server in (
    (("gmail.com", "googlemail.com"), ImapServer(
        "imap.gmail.com", note="Use an app password (Google Account → Security → 2-Step "
                               "Verification → App passwords); your normal password is "
                               "refused.")),
    (("yahoo.com", "ymail.com", "rocketmail.com"), ImapServer(
        "imap.mail.yahoo.com", note="Use an app password (Yahoo Account security → "
                                    "Generate app password).")),
    (("aol.com",), ImapServer("imap.aol.com", note="Use an app password.")),
    (("icloud.com", "me.com", "mac.com"), ImapServer(
        "imap.mail.me.com", note="Use an app-specific password (appleid.apple.com).")),
    (("zoho.com", "zohomail.com"), ImapServer(
        "imap.zoho.com", note="With two-factor sign-in, use an app password.")),
    (("outlook.com", "hotmail.com", "live.com", "msn.com"), ImapServer(
        "outlook.office365.com", password_login=False,
        note="Outlook.com accepts IMAP only with Microsoft sign-in (OAuth), which this tool "
             "does not do. Paste the headers instead (View message source).")),
):
    for _domain in _domains:
        _KNOWN[_domain] = _server

OFFICE365 = ImapServer(
    "outlook.office365.com", password_login=False,
    note="Microsoft 365 accepts IMAP only with Microsoft sign-in (OAuth), which this tool "
         "does not do. Paste the headers instead (View message source).")


def imap_server_for(address: str) -> ImapServer | None:
    """The IMAP server of a well-known mailbox provider, with what to know; else None."""
    domain = address.rsplit("@", 1)[-1].strip().lower()
    return _KNOWN.get(domain)


class ImapProblem(Exception):
    """The read-back could not finish: `code` (stable), `message` and `fix` in words."""

    def __init__(self, code: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.code, self.message, self.fix = code, message, fix


@dataclass(frozen=True)
class ImapFound:
    folder: str
    junk: bool  # it sits in the Junk/Spam folder: the receiver's spam verdict
    headers: bytes
    elapsed_ms: int
    polls: int


@dataclass(frozen=True)
class ImapWaiting:
    """Progress: still looking (passed to the progress callback after each poll)."""

    elapsed_seconds: float
    wait_seconds: float
    folders: tuple[str, ...]


class _TooMuch(Exception):
    """The server sent more than a mailbox ever needs (named in the message)."""


class _Imap(imaplib.IMAP4):
    """imaplib with the connection made to an address we resolved (DNS servers from the
    settings) and TLS from the shared context; the host name stays for SNI and checks.
    Every line and literal is checked against the caps before it is read."""

    def __init__(self, host: str, port: int, address: str, context: ssl.SSLContext,
                 implicit_tls: bool, timeout: float,
                 on_socket: Callable[[socket.socket], None]) -> None:
        self._address, self._context, self._implicit = address, context, implicit_tls
        self._on_socket = on_socket
        self._lines = self._bytes = 0
        super().__init__(host, port, timeout=timeout)

    def _create_socket(self, timeout: float | None) -> socket.socket:
        sock = socket.create_connection((self._address, self.port), timeout)
        self._on_socket(sock)  # the deadline and a cancel can shut it from now on
        if self._implicit:
            sock = self._context.wrap_socket(sock, server_hostname=self.host)
            self._on_socket(sock)
        return sock

    def _count(self, size: int) -> None:
        self._lines += 1
        self._bytes += size
        if self._lines > MAX_LINES or self._bytes > MAX_SESSION_BYTES:
            raise _TooMuch(f"more than {MAX_LINES:,} lines or {MAX_SESSION_BYTES // 2**20} MB")

    def readline(self) -> bytes:
        line = self.file.readline(MAX_LINE_BYTES + 1)
        if len(line) > MAX_LINE_BYTES:
            raise _TooMuch(f"a line longer than {MAX_LINE_BYTES // 1024} KiB")
        self._count(len(line))
        return line

    def read(self, size: int) -> bytes:
        # The size comes from the server's {N}: refused before a byte is read.
        if size > MAX_LITERAL_BYTES:
            raise _TooMuch(f"a {size:,}-byte answer where headers take at most "
                           f"{MAX_HEADER_BYTES // 2**20} MB")
        data = self.file.read(size)
        self._count(len(data))
        return data


class _Deadline:
    """Shuts the connection down when the read-back's time is up (or on cancel)."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            late = self.expired
        if late:
            self.close()

    def _expire(self) -> None:
        self.expired = True
        self.close()

    def close(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self) -> None:
        self._timer.cancel()


def wait_for_message(
    server: ImapServer,
    user: str,
    password: str,
    message_id: str,
    *,
    wait_seconds: float = DEFAULT_WAIT_SECONDS,
    poll_seconds: float = DEFAULT_POLL_SECONDS,
    ca_file: str = "",
    dns_servers: tuple[str, ...] = (),
    cancel: CancelToken | None = None,
    progress: Callable[[object], None] | None = None,
) -> ImapFound:
    """Find the message with `message_id` in INBOX or Junk, waiting up to `wait_seconds`.

    Raises ImapProblem (connection, TLS, login, not found in time) or Cancelled.
    """
    from a2k_settings_gui.core.log_secrets import keep_out_of_log

    keep_out_of_log(password, user)  # whatever fails later, the log masks it
    cancel = cancel or CancelToken()
    wanted = _quoted_message_id(message_id)
    if not server.password_login:
        raise ImapProblem("imap_oauth_only", server.note or f"{server.host} does not accept "
                          "a password for IMAP.", "Paste the headers instead.")
    if not 1 <= server.port <= 65535:
        raise ImapProblem("imap_unreachable", f"IMAP port {server.port} does not exist.",
                          "Give a port from 1 to 65535 (993 for SSL/TLS, 143 for STARTTLS).")
    started = time.monotonic()
    deadline = _Deadline(wait_seconds)  # the whole read-back, connecting included
    # The last look starts early enough to end before the deadline shuts the socket.
    look_until = wait_seconds - min(2.0, wait_seconds / 4)
    unregister = cancel.on_cancel(deadline.close)
    imap: _Imap | None = None
    try:
        imap = _connect(server, ca_file, dns_servers, cancel, deadline,
                        min(STEP_TIMEOUT, wait_seconds))
        _login(imap, server, user, password)
        folders = ("INBOX", *_junk_folders(imap))
        polls = 0
        while True:
            cancel.raise_if_cancelled()
            polls += 1
            for folder in folders:
                found = _find(imap, folder, wanted)
                if found is not None:
                    return ImapFound(folder=folder, junk=folder != "INBOX", headers=found,
                                     elapsed_ms=int((time.monotonic() - started) * 1000),
                                     polls=polls)
            elapsed = time.monotonic() - started
            if elapsed >= look_until:
                raise _not_found(message_id, user, wait_seconds)
            if progress is not None:
                progress(ImapWaiting(elapsed, wait_seconds, folders))
            if cancel.wait(min(poll_seconds, look_until - elapsed)):
                raise Cancelled()
    except _TooMuch as exc:
        raise ImapProblem("imap_reply_too_large", f"{server.host} sent {exc}; a mailbox "
                          "never needs that. The read-back stopped.",
                          "Check the IMAP server name and port; paste the headers "
                          "instead.") from None
    except (OSError, imaplib.IMAP4.error, EOFError, ImapProblem) as exc:
        if cancel.cancelled:
            raise Cancelled() from None
        if deadline.expired:
            raise ImapProblem(
                "imap_timeout", f"{server.host} did not finish answering within "
                f"{wait_seconds:.0f} seconds (the whole read-back's time).",
                "Try again with a longer wait; if it repeats, check the IMAP server and "
                "port, or paste the headers instead.") from None
        if isinstance(exc, ImapProblem):
            raise
        raise ImapProblem("imap_unreachable", f"The connection to {server.host} broke off "
                          f"({type(exc).__name__}).", "Try again; if it repeats, check the "
                          "IMAP server name and port.") from None
    finally:
        deadline.stop()
        unregister()
        if imap is not None:
            _logout_quietly(imap, deadline)


def _not_found(message_id: str, user: str, wait_seconds: float) -> ImapProblem:
    return ImapProblem(
        "imap_message_not_found",
        f"The test e-mail ({message_id}) did not arrive in {user}'s Inbox or "
        f"Junk folder within {wait_seconds:.0f} seconds.",
        "Look in the mailbox yourself (other folders, filters). If it is not "
        "there, the receiver dropped it or is still holding it: wait and try "
        "again, then check the sender's domain (Check Domain).")


def _connect(server: ImapServer, ca_file: str, dns_servers: tuple[str, ...],
             cancel: CancelToken, deadline: _Deadline, step_timeout: float) -> _Imap:
    from a2k_settings_gui.core.net.resolve import ResolveError, first_address
    from a2k_settings_gui.core.net.tls import tls_context

    try:
        address = first_address(server.host, dns_servers=dns_servers, timeout=step_timeout,
                                cancel=cancel)
    except ResolveError:
        raise ImapProblem("imap_unreachable", f"The IMAP server name {server.host} was not "
                          "found.", "Check the IMAP server name (e.g. imap.gmail.com).") \
            from None
    context = tls_context(ca_file)
    try:
        imap = _Imap(server.host, server.port, address, context,
                     implicit_tls=server.security == "ssl", timeout=step_timeout,
                     on_socket=deadline.watch)
        if server.security == "starttls":
            imap.starttls(ssl_context=context)
            deadline.watch(imap.sock)
        return imap
    except ssl.SSLCertVerificationError:
        raise ImapProblem("imap_tls_failed", f"{server.host}'s certificate is not trusted.",
                          "Check the server name; behind a company proxy add its CA file "
                          "under Network → Extra CA certificates.") from None
    except (ssl.SSLError, imaplib.IMAP4.error):
        raise ImapProblem("imap_tls_failed", f"No secure connection to {server.host}:"
                          f"{server.port} ({server.security}).",
                          "Use port 993 with SSL/TLS, or 143 with STARTTLS.") from None
    except OSError:
        if cancel.cancelled:
            raise Cancelled() from None
        if deadline.expired:
            raise
        raise ImapProblem("imap_unreachable", f"{server.host} did not answer on port "
                          f"{server.port}.", "Check the IMAP server and port (993 for "
                          "SSL/TLS); a firewall may block it.") from None


def _login(imap: _Imap, server: ImapServer, user: str, password: str) -> None:
    """LOGIN for ASCII; a non-ASCII login or password goes as UTF-8 through AUTHENTICATE
    PLAIN (RFC 4616), which LOGIN's quoted strings cannot carry."""
    try:
        if (user + password).isascii():
            imap.login(user, password)
            return
        if "AUTH=PLAIN" not in imap.capabilities:
            raise ImapProblem(
                "imap_login_failed", f"{server.host} offers no way to send a password with "
                "non-English letters (it lacks AUTHENTICATE PLAIN).",
                "Use an app password (they are plain letters and digits), or paste the "
                "headers instead.")
        blob = b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")
        imap.authenticate("PLAIN", lambda _challenge: blob)
    except imaplib.IMAP4.error:
        # The server's words can echo the login; never pass them on (no secret leaks).
        raise ImapProblem("imap_login_failed", f"{server.host} refused the login for {user}.",
                          server.note or "Check the login and password; many providers "
                          "want an app password for IMAP.") from None


def _junk_folders(imap: _Imap) -> list[str]:
    """Folders flagged \\Junk (RFC 6154), else the usual names (Junk, Spam, Bulk)."""
    status, lines = imap.list()
    if status != "OK":
        return []
    flagged, named = [], []
    for raw in lines or []:
        if not isinstance(raw, bytes):
            continue
        match = _LIST_LINE.match(raw)
        if not match:
            continue
        name = match.group("name").decode("utf-8", "replace").strip().strip('"')
        if b"\\junk" in match.group("flags").lower():
            flagged.append(name)
        elif name.lower() in _JUNK_NAMES:
            named.append(name)
    return (flagged or named)[:3]


def _find(imap: _Imap, folder: str, wanted: str) -> bytes | None:
    """The headers of the message whose Message-ID is exactly `wanted` (IMAP's HEADER
    search matches a substring, so each candidate's own Message-ID is compared)."""
    status, _data = imap.select(_mailbox(folder), readonly=True)
    if status != "OK":
        return None
    status, data = imap.uid("SEARCH", None, "HEADER", "Message-ID", wanted)
    uids = data[0].split() if status == "OK" and data and data[0] else []
    for uid in reversed(uids[-MAX_CANDIDATES:]):
        status, fetched = imap.uid("FETCH", uid.decode("ascii", "replace"),
                                   "(BODY.PEEK[HEADER])")
        for part in fetched or []:
            if isinstance(part, tuple) and len(part) == 2 and isinstance(part[1], bytes):
                headers = part[1][:MAX_HEADER_BYTES]
                if _message_id_of(headers) == wanted.strip('"'):
                    return headers
    return None


def _message_id_of(headers: bytes) -> str:
    from email.parser import BytesHeaderParser
    from email.policy import compat32

    value = BytesHeaderParser(policy=compat32).parsebytes(headers).get("Message-ID", "")
    return "".join(str(value).split())


def _quoted_message_id(message_id: str) -> str:
    text = message_id.strip()
    if not re.fullmatch(r"<[!-~]{3,250}>", text) or '"' in text or "\\" in text:
        raise ImapProblem("imap_message_not_found", f"{message_id!r} is not a Message-ID.",
                          "Send the test e-mail again, then fetch it.")
    return f'"{text}"'


def _mailbox(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _logout_quietly(imap: _Imap, deadline: _Deadline) -> None:
    """Say goodbye within a second; never wait for a hostile server's answer."""
    if deadline.expired:
        _shutdown(imap)
        return
    try:
        imap.sock.settimeout(1.0)
        imap.logout()
    except Exception:  # noqa: BLE001 - the result is known; a failing goodbye changes nothing
        _shutdown(imap)


def _shutdown(imap: _Imap) -> None:
    try:
        imap.shutdown()
    except Exception:  # noqa: BLE001 - the socket may be gone already
        pass
