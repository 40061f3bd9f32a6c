"""Automatic read-back: log in to the test mailbox over IMAP, wait for the test e-mail
(by its unique Message-ID) and read its headers, so the admin need not copy them.

Optional and bounded: the wait polls INBOX and the Junk folder every few seconds up to a
deadline (IMAP IDLE would need a second code path for no visible gain at this scale), and
a cancel closes the socket at once. Headers only (BODY.PEEK[HEADER]): nothing is marked
read, nothing of the body is downloaded. The connection is made through the shared
network layer (core.net: DNS servers from the settings, the one TLS context).

Many personal mailboxes allow IMAP with an app password; Outlook.com and Microsoft 365
accept only Microsoft sign-in (OAuth) for IMAP, which this tool does not do: `imap_server_for`
says so, and the admin pastes the headers instead.
"""

from __future__ import annotations

import imaplib
import re
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from a2k_settings_gui.core.cancel import Cancelled, CancelToken

DEFAULT_WAIT_SECONDS = 120.0
DEFAULT_POLL_SECONDS = 5.0
STEP_TIMEOUT = 15.0  # seconds for any one IMAP command
MAX_HEADER_BYTES = 1024 * 1024
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


class _Imap(imaplib.IMAP4):
    """imaplib with the connection made to an address we resolved (DNS servers from the
    settings) and TLS from the shared context; the host name stays for SNI and checks."""

    def __init__(self, host: str, port: int, address: str, context: ssl.SSLContext,
                 implicit_tls: bool, timeout: float) -> None:
        self._address, self._context, self._implicit = address, context, implicit_tls
        super().__init__(host, port, timeout=timeout)

    def _create_socket(self, timeout: float | None) -> socket.socket:
        sock = socket.create_connection((self._address, self.port), timeout)
        if self._implicit:
            return self._context.wrap_socket(sock, server_hostname=self.host)
        return sock


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
    started = time.monotonic()
    imap = _connect(server, ca_file, dns_servers, cancel)
    unregister = cancel.on_cancel(lambda: _close_quietly(imap))
    try:
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
            if elapsed >= wait_seconds:
                raise ImapProblem(
                    "imap_message_not_found",
                    f"The test e-mail ({message_id}) did not arrive in {user}'s Inbox or "
                    f"Junk folder within {wait_seconds:.0f} seconds.",
                    "Look in the mailbox yourself (other folders, filters). If it is not "
                    "there, the receiver dropped it or is still holding it: wait and try "
                    "again, then check the sender's domain (Check Domain).")
            if progress is not None:
                progress(ImapWaiting(elapsed, wait_seconds, folders))
            if cancel.wait(min(poll_seconds, wait_seconds - elapsed)):
                raise Cancelled()
    except (OSError, imaplib.IMAP4.error, EOFError) as exc:
        if cancel.cancelled:
            raise Cancelled() from None
        raise ImapProblem("imap_unreachable", f"The connection to {server.host} broke off "
                          f"({type(exc).__name__}).", "Try again; if it repeats, check the "
                          "IMAP server name and port.") from None
    finally:
        unregister()
        _logout_quietly(imap)


def _connect(server: ImapServer, ca_file: str, dns_servers: tuple[str, ...],
             cancel: CancelToken) -> _Imap:
    from a2k_settings_gui.core.net.resolve import ResolveError, first_address
    from a2k_settings_gui.core.net.tls import tls_context

    try:
        address = first_address(server.host, dns_servers=dns_servers, timeout=STEP_TIMEOUT,
                                cancel=cancel)
    except ResolveError:
        raise ImapProblem("imap_unreachable", f"The IMAP server name {server.host} was not "
                          "found.", "Check the IMAP server name (e.g. imap.gmail.com).") \
            from None
    context = tls_context(ca_file)
    try:
        imap = _Imap(server.host, server.port, address, context,
                     implicit_tls=server.security == "ssl", timeout=STEP_TIMEOUT)
        if server.security == "starttls":
            imap.starttls(ssl_context=context)
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
        raise ImapProblem("imap_unreachable", f"{server.host} did not answer on port "
                          f"{server.port}.", "Check the IMAP server and port (993 for "
                          "SSL/TLS); a firewall may block it.") from None


def _login(imap: _Imap, server: ImapServer, user: str, password: str) -> None:
    try:
        imap.login(user, password)
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
    status, _data = imap.select(_mailbox(folder), readonly=True)
    if status != "OK":
        return None
    status, data = imap.uid("SEARCH", None, "HEADER", "Message-ID", wanted)
    uids = data[0].split() if status == "OK" and data and data[0] else []
    if not uids:
        return None
    status, fetched = imap.uid("FETCH", uids[-1].decode(), "(BODY.PEEK[HEADER])")
    for part in fetched or []:
        if isinstance(part, tuple) and len(part) == 2 and isinstance(part[1], bytes):
            return part[1][:MAX_HEADER_BYTES]
    return None


def _quoted_message_id(message_id: str) -> str:
    text = message_id.strip()
    if not re.fullmatch(r"<[!-~]{3,250}>", text) or '"' in text or "\\" in text:
        raise ImapProblem("imap_message_not_found", f"{message_id!r} is not a Message-ID.",
                          "Send the test e-mail again, then fetch it.")
    return f'"{text}"'


def _mailbox(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _close_quietly(imap: _Imap) -> None:
    try:
        imap.shutdown()
    except Exception:  # noqa: BLE001 - cancel must not fail because the socket is gone
        pass


def _logout_quietly(imap: _Imap) -> None:
    try:
        imap.logout()
    except Exception:  # noqa: BLE001 - the result is known; a failing goodbye changes nothing
        pass
