"""A small line-based SMTP client on a plain socket.

Why not smtplib: the test needs every line with a timestamp, a timeout per step (not one
for the whole socket), the AUTH exchange masked as it is written, and a cancel that lands
within half a second even while the worker thread is blocked in recv(). smtplib hides the
socket reads inside getreply() and logs credentials in debug mode, so this client is
written out; it speaks only what the test needs (RFC 5321 replies, STARTTLS, AUTH).

Cancel: connect() and the TLS handshake are non-blocking and poll the token in 0.1 s
slices; reads wait in 0.25 s slices. On top of that `token.on_cancel` shuts the socket
down, which wakes a blocked call at once where the platform allows. Either way the call
ends with SessionError("cancelled") well within half a second.
"""

from __future__ import annotations

import os
import re
import select
import socket
import ssl
import time

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.kit.record import field, record
from a2k_settings_gui.core.net.failure import NetFailure
from a2k_settings_gui.core.net.idn import to_ascii
from a2k_settings_gui.core.net.tls import (
    EXPIRED,
    HOSTNAME_MISMATCH,
    certificate_message,
    certificate_problem,
)
from a2k_settings_gui.core.smtp.reply_charset import decode_reply_bytes
from a2k_settings_gui.core.smtp.transcript import Transcript

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_REPLY_LINE = re.compile(rb"^(\d{3})([ -])(.*)$", re.DOTALL)
_ENHANCED = re.compile(r"^([245]\.\d{1,3}\.\d{1,3})\b")
_MAX_REPLY_BYTES = 64 * 1024
# One reply, bounded (an endless "220-" greeting once took 984 MB in 5 s). RFC 5321
# lines are at most 512 octets and real EHLO replies have about 10-20 lines.
MAX_REPLY_LINES = 100
MAX_REPLY_TOTAL_BYTES = 64 * 1024
_CONNECT_SLICE = 0.1
_READ_SLICE = 0.25


class SessionError(NetFailure):
    """A local failure of the conversation (not a server reply).

    kind: "timeout", "budget" (the whole command's --timeout is used up), "too_long" (a
    reply over MAX_REPLY_LINES / MAX_REPLY_TOTAL_BYTES), "closed", "refused", "unreachable",
    "connect_timeout", "tls",
    "tls_protocol" (the peer did not speak TLS), "cert_untrusted", "cert_hostname",
    "cert_expired", "garbage" (not SMTP), "tls_record" (TLS bytes where SMTP was expected),
    "cancelled".
    """


@record(frozen=True)
class Reply:
    code: int
    text: str  # all lines joined with "\n", without the codes
    enhanced: str = ""  # e.g. "5.7.8"; "" when the server gave none

    @property
    def positive(self) -> bool:
        return 200 <= self.code < 400

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "enhanced": self.enhanced or None, "text": self.text}

    def one_line(self) -> str:
        first = " ".join(self.text.split())
        return f"{self.code} {self.enhanced + ' ' if self.enhanced else ''}{first}".strip()


def parse_reply(lines: list[str]) -> Reply:
    """Build a Reply from its raw lines ("250-PIPELINING", "250 OK")."""
    code = int(lines[0][:3])
    texts: list[str] = []
    enhanced = ""
    for line in lines:
        text = line[4:]
        match = _ENHANCED.match(text)
        if match:
            enhanced = enhanced or match.group(1)
            text = text[match.end():].lstrip()
        texts.append(text)
    return Reply(code, "\n".join(texts), enhanced)


@record
class TlsInfo:
    version: str = ""
    cipher: str = ""
    certificate_ok: bool = False
    hostname_verified: bool = False
    subject: str = ""
    issuer: str = ""
    not_after: str = ""
    names: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "cipher": self.cipher,
            "certificate_ok": self.certificate_ok,
            "hostname_verified": self.hostname_verified,
            "subject": self.subject,
            "issuer": self.issuer,
            "not_after": self.not_after,
            "names": list(self.names),
        }


def _name_of(rdns: Any) -> str:
    parts = dict(item for rdn in rdns or () for item in rdn)
    return parts.get("commonName") or parts.get("organizationName") or ""


def _sni_name(host: str) -> str | bytes:
    """The name for SNI and the certificate check, in its ASCII (IDNA 2008) form as bytes.
    The ssl module passes bytes through as they are; a str it encodes with Python's "idna"
    codec, which is IDNA 2003 ("straße" becomes "strasse", another domain) and costs
    every command an import (~1 ms)."""
    try:
        return to_ascii(host).encode("ascii")
    except ValueError:  # not a domain name IDNA can encode: ssl says what is wrong with it
        return host


class SmtpSession:
    """One connection. Not thread-safe except for cancel, which may come from any thread."""

    def __init__(self, transcript: Transcript, cancel: CancelToken | None, timeout: float):
        self.transcript = transcript
        self.cancel = cancel or CancelToken()
        self.timeout = timeout
        self.sock: socket.socket | None = None
        self._buffer = b""
        self._unregister = lambda: None
        # Times this client waits on the server: the greeting, each reply to a command sent
        # alone or to the first of a pipelined group (RFC 2920), and the TLS handshake.
        self.round_trips = 0
        self._sent_since_reply = True  # the connect itself: the greeting is awaited
        # Commands already sent whose replies are still unread, oldest first; None for a
        # line recorded in the transcript when it was sent (the message's final dot).
        self.pending: list[str | None] = []
        self.tls: TlsInfo | None = None
        # The whole command's deadline (time.monotonic()); no step waits past it, so
        # --timeout bounds the whole command, not each of its steps.
        self.budget_deadline: float | None = None
        self.budget_seconds = 0.0
        self._cut_by_budget = False

    def set_budget(self, deadline: float | None, seconds: float) -> None:
        self.budget_deadline, self.budget_seconds = deadline, seconds

    def _deadline(self, seconds: float) -> float:
        """The end of a wait of `seconds`, never past the command's deadline. Remembers
        whether the budget cut this wait short (waits run one at a time on the worker)."""
        deadline = time.monotonic() + seconds
        self._cut_by_budget = self.budget_deadline is not None and self.budget_deadline < (
            deadline - 0.01)
        return min(deadline, self.budget_deadline) if self._cut_by_budget else deadline

    def _timed_out(self, kind: str, detail: str) -> SessionError:
        if self._cut_by_budget:
            return SessionError("budget", f"the test's {self.budget_seconds:g} s were used up")
        return SessionError(kind, detail)

    # ------------------------------------------------------------ connect / close

    def connect(self, sockaddr: tuple[Any, ...], family: int, timeout: float) -> None:
        """Non-blocking connect polled in short slices so a cancel is seen at once."""
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setblocking(False)
        deadline = self._deadline(timeout)
        try:
            error = sock.connect_ex(sockaddr)
            while error not in (0, 10056):  # 10056 = WSAEISCONN on Windows
                if self.cancel.cancelled:
                    raise SessionError("cancelled")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise self._timed_out("connect_timeout", f"no answer within {timeout:g} s")
                _, writable, failed = select.select(
                    [], [sock], [sock], min(_CONNECT_SLICE, remaining)
                )
                if writable or failed:
                    error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if error == 0:
                        break
                    raise _connect_error(error)
        except BaseException:
            sock.close()
            raise
        sock.setblocking(True)
        self.sock = sock
        self._unregister = self.cancel.on_cancel(self._abort)

    def _abort(self) -> None:
        """Called from the cancelling thread: wake a recv() blocked in the worker."""
        sock = self.sock
        if sock is not None:
            try:
                # socket.socket.shutdown, not SSLSocket.shutdown: no TLS state is touched
                # from this thread, only the file descriptor.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        self._unregister()
        sock, self.sock = self.sock, None
        if sock is not None:
            try:
                sock.close()
            except OSError:
                pass

    # ------------------------------------------------------------ TLS

    def start_tls(self, context: ssl.SSLContext, server_hostname: str) -> TlsInfo:
        assert self.sock is not None
        raw = self.sock
        raw.settimeout(self.timeout)
        wrapped = context.wrap_socket(
            raw, server_hostname=_sni_name(server_hostname), do_handshake_on_connect=False
        )
        # From here on the cancel callback must shut the wrapped socket (same descriptor).
        self.sock = wrapped
        self._buffer = b""
        try:
            self._handshake(wrapped)
        except ssl.SSLCertVerificationError as exc:
            raise _certificate_error(exc) from None
        except TimeoutError:
            self._raise_if_cancelled()
            raise self._timed_out(
                "tls_timeout", f"no TLS answer within {self.timeout:g} s") from None
        except ssl.SSLError as exc:
            self._raise_if_cancelled()
            reason = getattr(exc, "reason", "") or str(exc)
            protocol_mixups = (
                "WRONG_VERSION_NUMBER", "UNKNOWN_PROTOCOL", "RECORD_LAYER_FAILURE",
                "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST", "RECORD_TOO_LARGE",
            )
            if any(marker in str(reason).upper() for marker in protocol_mixups):
                raise SessionError("tls_protocol", str(reason)) from None
            raise SessionError("tls", str(reason)) from None
        except OSError as exc:
            self._raise_if_cancelled()
            raise SessionError("closed", f"during the TLS handshake: {exc}") from None
        self.round_trips += 1  # the handshake's flight to the server and back
        self.tls = _tls_info(wrapped)
        return self.tls

    def _handshake(self, wrapped: ssl.SSLSocket) -> None:
        """The TLS handshake, non-blocking and polled in slices: it obeys the step timeout
        and a cancel on every platform (not only where shutdown() wakes a blocked call)."""
        deadline = self._deadline(self.timeout)
        wrapped.setblocking(False)
        try:
            while True:
                try:
                    wrapped.do_handshake()
                    return
                except ssl.SSLWantReadError:
                    readers, writers = [wrapped], []
                except ssl.SSLWantWriteError:
                    readers, writers = [], [wrapped]
                self._raise_if_cancelled()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError("TLS handshake")
                select.select(readers, writers, [], min(remaining, _CONNECT_SLICE))
        finally:
            if self.sock is wrapped and wrapped.fileno() != -1:
                wrapped.setblocking(True)

    # ------------------------------------------------------------ reading and writing

    def _raise_if_cancelled(self) -> None:
        if self.cancel.cancelled:
            raise SessionError("cancelled")

    def _recv(self, deadline: float) -> bytes:
        assert self.sock is not None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._timed_out("timeout", f"no answer within {self.timeout:g} s")
            # Short slices: a cancel is seen within _READ_SLICE even where shutting the
            # socket down from another thread does not wake recv() (the shutdown in
            # _abort is the fast path; this is the guarantee).
            self.sock.settimeout(min(remaining, _READ_SLICE))
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                self._raise_if_cancelled()
                continue
            except OSError as exc:
                self._raise_if_cancelled()
                raise SessionError("closed", str(exc)) from None
            self._raise_if_cancelled()
            if not data:
                raise SessionError("closed", "the server closed the connection")
            return data

    def read_reply(self, timeout: float | None = None, *, secret: bool = False) -> Reply:
        """Read one (possibly multi-line) reply and record it.

        `secret`: a 334 SASL challenge, recorded as `334 ***`.
        """
        self._raise_if_cancelled()
        if self._sent_since_reply:
            self.round_trips += 1
            self._sent_since_reply = False
        if self.pending:
            # A pipelined command is written into the transcript just before its reply, so
            # every reply stands under the command it answers.
            command = self.pending.pop(0)
            if command is not None:
                self.transcript.client(command)
        deadline = self._deadline(self.timeout if timeout is None else timeout)
        lines: list[str] = []
        total = 0
        while True:
            while b"\n" not in self._buffer:
                if len(self._buffer) > _MAX_REPLY_BYTES:
                    raise SessionError("garbage", "an endless line that is not SMTP")
                self._buffer += self._recv(deadline)
                self._check_first_bytes(lines)
            raw, self._buffer = self._buffer.split(b"\n", 1)
            total += len(raw) + 1
            if len(lines) >= MAX_REPLY_LINES or total > MAX_REPLY_TOTAL_BYTES:
                self.transcript.note(
                    f"reply stopped after {len(lines)} lines: longer than any SMTP reply "
                    f"({MAX_REPLY_LINES} lines / {MAX_REPLY_TOTAL_BYTES // 1024} KB)")
                raise SessionError(
                    "too_long", f"a reply of more than {len(lines)} lines or "
                    f"{MAX_REPLY_TOTAL_BYTES // 1024} KB")
            raw = raw.rstrip(b"\r")
            match = _REPLY_LINE.match(raw)
            if not match:
                self._check_first_bytes(lines, force=True)
                shown = self.transcript.scrub(raw[:80].decode("utf-8", "replace"))
                self.transcript.server(shown)
                raise SessionError("garbage", f"the server answered {shown!r}, which is not SMTP")
            if lines and match.group(1).decode() != lines[0][:3]:
                raise SessionError("garbage", "a reply changed its code in the middle")
            # Scrubbed here so a server that echoes credentials cannot leak them into the
            # reply, the findings or the JSON.
            # Masked as bytes too: a line that is not UTF-8 is decoded another way, in
            # which a password the server echoed would no longer match its text form.
            text = self.transcript.scrub(
                decode_reply_bytes(self.transcript.scrub_bytes(raw)))
            lines.append(text)
            if secret:
                self.transcript.server_challenge(int(match.group(1)))
            else:
                self.transcript.server(text)
            if match.group(2) == b" ":
                return parse_reply(lines)

    def _check_first_bytes(self, lines: list[str], force: bool = False) -> None:
        """A TLS record (0x15/0x16 0x03 ...) where a reply should be: the port wants TLS."""
        head = self._buffer[:2]
        if not lines and len(head) == 2 and head[0] in (0x15, 0x16) and head[1] == 0x03:
            self.transcript.note(f"received {len(self._buffer)} bytes of TLS, not SMTP text")
            raise SessionError("tls_record", "the server answered with TLS data")
        if force and not lines and self._buffer[:1] and self._buffer[:1] < b" ":
            raise SessionError("garbage", "binary data that is not SMTP")

    def send_line(self, line: str, *, record: bool = True) -> None:
        if record:
            self.transcript.client(line)
        self.send_bytes(line.encode("utf-8") + b"\r\n")

    def send_group(self, lines: list[str], *, before: bytes = b"") -> None:
        """RFC 2920 PIPELINING: several commands in one write, their replies read later one
        by one (read_reply records each command as its reply comes). `before`: bytes
        already recorded that go first in the same write (the message ending in ".")."""
        if before:
            self.pending.append(None)
        self.pending.extend(lines)
        self.send_bytes(before + b"".join(line.encode("utf-8") + b"\r\n" for line in lines))

    def send_bytes(self, data: bytes) -> None:
        self._raise_if_cancelled()
        self._sent_since_reply = True
        assert self.sock is not None
        remaining = self._deadline(self.timeout) - time.monotonic()
        if remaining <= 0:
            raise self._timed_out("timeout", "the server stopped reading")
        self.sock.settimeout(remaining)
        try:
            self.sock.sendall(data)
        except TimeoutError:
            self._raise_if_cancelled()
            raise self._timed_out("timeout", "the server stopped reading") from None
        except OSError as exc:
            self._raise_if_cancelled()
            raise SessionError("closed", str(exc)) from None

    def command(self, line: str) -> Reply:
        self.send_line(line)
        return self.read_reply()

    def wait_for_data(self, seconds: float) -> bool:
        """True as soon as the server has sent something (or hung up), False after
        `seconds` of silence. Nothing is read or sent; polled in slices for a cancel."""
        if self._buffer:
            return True
        assert self.sock is not None
        deadline = self._deadline(seconds)
        while True:
            self._raise_if_cancelled()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            readable, _, failed = select.select([self.sock], [], [self.sock],
                                                min(_READ_SLICE, remaining))
            if readable or failed:
                return True

    def poke_silent_server(self, wait: float) -> bool:
        """After a silent greeting: send a line and see whether the server hangs up.

        A port that expects TLS from the first byte takes our text as a broken TLS record
        and closes (or answers with a TLS alert); a server that is merely silent does not.
        Returns True when the server reacted like a TLS port.
        """
        try:
            self.send_line("EHLO probe")
            self.read_reply(timeout=wait)
        except SessionError as exc:
            return exc.kind in ("closed", "tls_record", "garbage")
        return False


def _connect_error(error: int) -> SessionError:
    import errno

    refused = {errno.ECONNREFUSED, 10061}
    unreachable = {errno.ENETUNREACH, errno.EHOSTUNREACH, 10051, 10065}
    if error in refused:
        return SessionError("refused", "connection refused")
    if error in unreachable:
        return SessionError("unreachable", "network or host unreachable")
    if error in (errno.ETIMEDOUT, 10060):
        return SessionError("connect_timeout", "no answer")

    return SessionError("unreachable", os.strerror(error) if error < 10000 else str(error))


def _certificate_error(exc: ssl.SSLCertVerificationError) -> SessionError:
    message = certificate_message(exc)
    problem = certificate_problem(exc)
    if problem == HOSTNAME_MISMATCH:
        return SessionError("cert_hostname", message)
    if problem == EXPIRED:
        return SessionError("cert_expired", message)
    return SessionError("cert_untrusted", message)


def _tls_info(sock: ssl.SSLSocket) -> TlsInfo:
    cert = sock.getpeercert() or {}
    cipher = sock.cipher()
    names = [value for kind, value in cert.get("subjectAltName", ())
             if kind in ("DNS", "IP Address")]
    return TlsInfo(
        version=sock.version() or "",
        cipher=cipher[0] if cipher else "",
        certificate_ok=True,  # the handshake verified it; a failure raises instead
        hostname_verified=sock.context.check_hostname,
        subject=_name_of(cert.get("subject")),
        issuer=_name_of(cert.get("issuer")),
        not_after=str(cert.get("notAfter", "")),
        names=names,
    )
