"""Probe one SMTP port: connect, read the greeting, EHLO, and (when offered) STARTTLS + EHLO
again, to learn whether a mail server is there, which security it speaks and which AUTH
mechanisms it offers. Nothing is sent beyond EHLO/STARTTLS/QUIT: no login, no mail.

Every step runs against one deadline, so a filtered port (connect never answers) or a
black hole (accepts and never speaks) costs at most the probe's timeout. A cancel closes
the socket, which wakes a blocked connect or recv at once.
"""

from __future__ import annotations

import socket
import ssl
import time
from dataclasses import dataclass, field
from typing import Any

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.net.ports import IMPLICIT_TLS_PORTS
from a2k_settings_gui.core.net.tls import CaFileProblem, tls_context

# Outcomes
SMTP = "smtp"            # a mail server answered 220 and EHLO
REFUSED = "refused"      # nothing listens there (RST): "no server there"
TIMEOUT = "timeout"      # connect never answered: filtered, typically a firewall
SILENT = "silent"        # connected but no greeting: a black hole or a filtering proxy
NO_ADDRESS = "no_address"  # the name does not exist / has no address
DNS_FAILED = "dns_failed"  # DNS did not answer, so we cannot tell
TLS_FAILED = "tls_failed"  # TLS handshake failed (not a certificate problem)
NOT_SMTP = "not_smtp"    # something answered, but not a mail server greeting
ERROR = "error"
PENDING = "pending"      # detection finished before this probe answered

SILENCE = frozenset({TIMEOUT, SILENT})


@dataclass
class ProbeResult:
    host: str
    port: int
    outcome: str
    address: str = ""
    security: str | None = None  # "ssl" | "starttls" | "none" when outcome == SMTP
    greeting: str = ""
    starttls_offered: bool = False
    auth_mechanisms: list[str] = field(default_factory=list)
    certificate_ok: bool | None = None
    detail: str = ""
    elapsed_ms: int = 0

    @property
    def reached(self) -> bool:
        return self.outcome == SMTP

    def to_dict(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "address": self.address,
            "outcome": self.outcome,
            "security": self.security,
            "greeting": self.greeting,
            "starttls_offered": self.starttls_offered,
            "auth_mechanisms": self.auth_mechanisms,
            "certificate_ok": self.certificate_ok,
            "detail": self.detail,
            "elapsed_ms": self.elapsed_ms,
        }


class _ProbeStop(Exception):
    def __init__(self, outcome: str, detail: str) -> None:
        super().__init__(detail)
        self.outcome = outcome
        self.detail = detail


class _CertificateRejected(Exception):
    """The TLS handshake failed on the certificate (after STARTTLS: no way to retry)."""


class _Conversation:
    """Line-based SMTP reading with a shared deadline."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self.sock = sock
        self.deadline = deadline
        self.buffer = b""

    def _remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline")
        return left

    def read_reply(self) -> tuple[int, list[str]]:
        lines: list[str] = []
        while True:
            while b"\n" not in self.buffer:
                self.sock.settimeout(self._remaining())
                chunk = self.sock.recv(4096)
                if not chunk:
                    raise ConnectionResetError("server closed the connection")
                self.buffer += chunk
                if len(self.buffer) > 65536:
                    raise _ProbeStop(NOT_SMTP, "reply line too long")
            raw, self.buffer = self.buffer.split(b"\n", 1)
            line = raw.decode("utf-8", "replace").rstrip("\r")
            lines.append(line)
            if len(line) < 4 or not line[:3].isdigit():
                raise _ProbeStop(NOT_SMTP, f"not an SMTP reply: {line[:80]!r}")
            if line[3] != "-":
                return int(line[:3]), [entry[4:] for entry in lines]

    def command(self, text: str) -> tuple[int, list[str]]:
        self.sock.settimeout(self._remaining())
        self.sock.sendall(text.encode("ascii") + b"\r\n")
        return self.read_reply()


def _parse_ehlo(lines: list[str]) -> tuple[bool, list[str]]:
    starttls, mechanisms = False, []
    for entry in lines[1:]:
        words = entry.upper().replace("=", " ").split()
        if not words:
            continue
        if words[0] == "STARTTLS":
            starttls = True
        elif words[0] == "AUTH":
            mechanisms += [w for w in words[1:] if w not in mechanisms]
    return starttls, mechanisms


def probe_smtp(
    host: str,
    port: int,
    *,
    address: str | None = None,
    connect_port: int | None = None,
    timeout: float = 5.0,
    ca_file: str = "",
    cancel: CancelToken | None = None,
) -> ProbeResult:
    """Probe `host`:`port`. `address`/`connect_port` let callers (and tests) say where the
    name really points; TLS still checks the certificate against `host`."""
    started = time.monotonic()
    deadline = started + max(0.05, timeout)
    result = ProbeResult(host, port, ERROR, address=address or host)
    sock: socket.socket | None = None
    unregister = None
    try:
        if cancel is not None:
            cancel.raise_if_cancelled()
        sock = socket.socket(socket.AF_INET6 if ":" in result.address else socket.AF_INET)
        if cancel is not None:
            unregister = cancel.on_cancel(sock.close)
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            sock.connect((result.address, connect_port or port))
        except ConnectionRefusedError:
            raise _ProbeStop(REFUSED, "connection refused: nothing listens on this port") from None
        except TimeoutError:
            raise _ProbeStop(TIMEOUT, "no answer to the connection attempt") from None
        implicit = port in IMPLICIT_TLS_PORTS
        if implicit:
            sock, result.certificate_ok = _wrap(sock, host, ca_file, deadline, result.address,
                                                connect_port or port, cancel)
        talk = _Conversation(sock, deadline)
        try:
            code, lines = talk.read_reply()
        except TimeoutError:
            raise _ProbeStop(SILENT, "connected, but the server never sent a greeting") from None
        result.greeting = lines[0] if lines else ""
        if code != 220:
            raise _ProbeStop(NOT_SMTP, f"greeting {code} {result.greeting}")
        local = sock.getsockname()[0]
        ehlo_name = f"[IPv6:{local}]" if ":" in local else f"[{local}]"
        code, lines = talk.command(f"EHLO {ehlo_name}")
        if code != 250:
            raise _ProbeStop(NOT_SMTP, f"EHLO refused: {code} {' '.join(lines)[:120]}")
        result.starttls_offered, result.auth_mechanisms = _parse_ehlo(lines)
        result.security = "ssl" if implicit else "none"
        if not implicit and result.starttls_offered:
            code, lines = talk.command("STARTTLS")
            if code == 220:
                result.security = "starttls"
                try:
                    talk.sock, result.certificate_ok = _wrap(
                        talk.sock, host, ca_file, deadline, None, None, cancel)
                except _CertificateRejected:
                    # The server is there and speaks STARTTLS; only its certificate is bad.
                    result.certificate_ok = False
                    result.outcome = SMTP
                    result.detail = "the server's certificate is not trusted"
                    return result
                sock = talk.sock
                code, lines = talk.command(f"EHLO {ehlo_name}")
                if code == 250:
                    _, result.auth_mechanisms = _parse_ehlo(lines)
        try:
            talk.command("QUIT")
        except (OSError, _ProbeStop):
            pass  # the answer to QUIT does not matter
        result.outcome = SMTP
    except _ProbeStop as stop:
        result.outcome, result.detail = stop.outcome, stop.detail
    except TimeoutError:
        result.outcome, result.detail = SILENT, "the server stopped answering"
    except CaFileProblem as exc:
        result.outcome, result.detail = ERROR, str(exc)
    except ssl.SSLError as exc:
        result.outcome, result.detail = TLS_FAILED, f"TLS handshake failed: {exc.reason or exc}"
    except OSError as exc:
        if cancel is not None and cancel.cancelled:
            result.outcome, result.detail = PENDING, "cancelled"
        else:
            result.outcome, result.detail = ERROR, f"{type(exc).__name__}: {exc}"[:200]
    finally:
        if unregister is not None:
            unregister()
        if sock is not None:
            sock.close()
        result.elapsed_ms = round((time.monotonic() - started) * 1000)
    return result


def _wrap(sock: socket.socket, host: str, ca_file: str, deadline: float,
          address: str | None, connect_port: int | None,
          cancel: CancelToken | None) -> tuple[ssl.SSLSocket, bool]:
    """TLS with certificate checks; on a certificate problem, redo without them (only for
    an implicit-TLS port, where a new connection is possible) so detection still learns
    what the server offers, and report the certificate as not OK."""
    sock.settimeout(max(0.05, deadline - time.monotonic()))
    try:
        return tls_context(ca_file).wrap_socket(sock, server_hostname=host), True
    except ssl.SSLCertVerificationError:
        sock.close()
        if address is None:
            raise _CertificateRejected() from None
    plain = socket.create_connection((address, connect_port),
                                     timeout=max(0.05, deadline - time.monotonic()))
    if cancel is not None:
        cancel.on_cancel(plain.close)
    plain.settimeout(max(0.05, deadline - time.monotonic()))
    return tls_context(ca_file, verify=False).wrap_socket(plain, server_hostname=host), False
