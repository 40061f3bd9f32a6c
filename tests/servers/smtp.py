"""Real SMTP servers on 127.0.0.1 for tests and benchmarks (aiosmtpd + trustme).

Reusable by any area (test-send, the setup wizard, detect):

    from tests.servers.smtp import SmtpTestServer, SilentServer, smtp_ca, smtp_servers

    def test_x(smtp_servers):
        server = smtp_servers(tls="ssl", replies={"auth": "535 5.7.139 ..."})
        server.host, server.port, server.cafile, server.messages, server.commands

`tls`: "starttls" (STARTTLS required before MAIL/AUTH, like port 587), "ssl" (implicit
TLS, like 465) or "plain" (no TLS; AUTH offered in clear).
`replies`: exact provider replies by stage: "greeting", "ehlo", "starttls", "auth",
"mail_from", "rcpt_to", "data_command" (the reply to DATA), "data" (after the message).
The special value CLOSE hangs up at that stage (for "data_command": after 354 and the
first message line, i.e. mid-DATA).
`delay`: seconds slept before every reply (benchmark "slow server").
`hide`: EHLO keywords to leave out ("STARTTLS", "AUTH").
`exclude_auth`: SASL mechanisms not offered (("PLAIN",) leaves LOGIN).
`smtputf8`: offer SMTPUTF8 (RFC 6531) in the EHLO reply.
`pipelining`: offer PIPELINING (RFC 2920) in the EHLO reply, as Postfix and Exchange do.
aiosmtpd reads pipelined commands one by one anyway; it only does not advertise it.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

# free_port and closed_port: tests import them from here too (aiosmtpd cannot bind port 0).
from tests.servers.raw_tcp import (  # noqa: F401
    RawTcpServer,
    closed_port,
    free_port,
    loopback_listener,
    port_of,
)

CLOSE = "CLOSE"
DEFAULT_USER = "sender@example.com"
DEFAULT_PASSWORD = "Corr3ct-Horse!pw"


@dataclass
class Certificates:
    """A CA, its PEM file, and server contexts for chosen host names."""

    folder: Path
    ca: trustme.CA = field(default_factory=trustme.CA)

    @property
    def cafile(self) -> str:
        path = self.folder / "smtp-test-ca.pem"
        if not path.exists():
            self.ca.cert_pem.write_to_path(str(path))
        return str(path)

    def server_context(self, *names: str) -> Any:
        import ssl

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self.ca.issue_cert(*(names or ("localhost", "127.0.0.1"))).configure_cert(context)
        return context


class _Handler:
    def __init__(self, server: SmtpTestServer) -> None:
        self.server = server

    def _scripted(self, smtp: SMTP, stage: str) -> str | None:
        reply = self.server.replies.get(stage)
        if reply == CLOSE:
            smtp.transport.abort()  # type: ignore[union-attr]
            return "421 closing"  # never delivered: the transport is gone
        return reply

    async def handle_EHLO(self, smtp: SMTP, session: Session, envelope: Envelope,
                          hostname: str, responses: list[str]) -> list[str]:
        session.host_name = hostname
        scripted = self._scripted(smtp, "ehlo")
        if scripted:
            return [scripted]
        kept = [r for r in responses
                if not any(r[4:].upper().startswith(word) for word in self.server.hide)]
        if self.server.pipelining:
            kept.insert(1, "250-PIPELINING")
        # The last line must use "250 " (space), the others "250-".
        return [r[:3] + "-" + r[4:] for r in kept[:-1]] + [kept[-1][:3] + " " + kept[-1][4:]]

    async def handle_MAIL(self, smtp: SMTP, session: Session, envelope: Envelope,
                          address: str, options: list[str]) -> str:
        if smtp._reader._buffer:  # the next commands came in the same write
            self.server.commands_read_ahead += 1
        scripted = self._scripted(smtp, "mail_from")
        if scripted:
            return scripted
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 2.1.0 Sender OK"

    async def handle_RCPT(self, smtp: SMTP, session: Session, envelope: Envelope,
                          address: str, options: list[str]) -> str:
        scripted = self._scripted(smtp, "rcpt_to")
        if scripted:
            return scripted
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Recipient OK"

    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:
        scripted = self._scripted(smtp, "data")
        if scripted:
            return scripted
        self.server.messages.append(envelope)
        return "250 2.0.0 OK queued as TEST123"


class _ScriptedSMTP(SMTP):
    """aiosmtpd's SMTP with scripted greeting/STARTTLS/DATA replies and a per-reply delay."""

    test_server: SmtpTestServer

    async def push(self, status: Any) -> None:
        server = self.test_server
        text = status.decode() if isinstance(status, bytes) else str(status)
        if server.delay and getattr(self, "_reply_done", True):
            await asyncio.sleep(server.delay)  # once per reply, before its first line
        self._reply_done = text[3:4] != "-"
        if self._reply_done:  # the last line of a reply: one round trip (no PIPELINING)
            server.replies_sent += 1
        if text.startswith("220 ") and not getattr(self, "_greeted", False):
            self._greeted = True
            greeting = server.replies.get("greeting")
            if greeting == CLOSE:
                self.transport.abort()  # type: ignore[union-attr]
                return
            if greeting:
                await super().push(greeting)
                if greeting[:1] in "45":
                    self.transport.close()  # type: ignore[union-attr]
                return
        await super().push(status)

    async def smtp_STARTTLS(self, arg: str) -> None:
        scripted = self.test_server.replies.get("starttls")
        if scripted:
            await self.push(scripted)
            return
        await super().smtp_STARTTLS(arg)

    async def smtp_DATA(self, arg: str) -> None:
        scripted = self.test_server.replies.get("data_command")
        if scripted == CLOSE:
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.readuntil(b"\r\n")
            self.transport.abort()  # type: ignore[union-attr]
            return
        if scripted and self.envelope is not None and self.envelope.rcpt_tos:
            await self.push(scripted)
            return
        await super().smtp_DATA(arg)


def _recorded(verb: str, method: Any, commands: list[str]) -> Any:
    """The command's handler, writing its verb into the server's transcript first."""
    async def handler(arg: str) -> None:
        commands.append(verb)
        await method(arg)
    return handler


class _Controller(Controller):
    def __init__(self, test_server: SmtpTestServer, **kwargs: Any) -> None:
        self.test_server = test_server
        super().__init__(**kwargs)

    def factory(self) -> SMTP:
        smtp = _ScriptedSMTP(self.handler, **self.SMTP_kwargs)
        smtp.test_server = self.test_server
        smtp._smtp_methods = {verb: _recorded(verb, method, self.test_server.commands)
                              for verb, method in smtp._smtp_methods.items()}
        return smtp

    def _trigger_server(self) -> None:
        """aiosmtpd's start-up self-connection, with a client that accepts any TLS version,
        so servers limited to old TLS (for handshake-failure tests) can start too."""
        import ssl

        with socket.create_connection((self.hostname, self.port), 2.0) as raw:
            if not self.ssl_context:
                raw.recv(1024)
                return
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.set_ciphers("DEFAULT:@SECLEVEL=0")
            context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
            with context.wrap_socket(raw) as wrapped:
                wrapped.recv(1024)


class SmtpTestServer:
    host = "127.0.0.1"

    def __init__(
        self,
        certificates: Certificates,
        *,
        tls: str = "starttls",
        cert_names: tuple[str, ...] = ("localhost", "127.0.0.1"),
        users: dict[str, str] | None = None,
        replies: dict[str, str] | None = None,
        delay: float = 0.0,
        hide: tuple[str, ...] = (),
        server_context: Any = None,
        exclude_auth: tuple[str, ...] = (),
        smtputf8: bool = False,
        pipelining: bool = False,
    ) -> None:
        self.certificates = certificates
        self.tls = tls
        self.users = {DEFAULT_USER: DEFAULT_PASSWORD} if users is None else users
        self.replies = dict(replies or {})
        self.delay = delay
        self.hide = tuple(word.upper() for word in hide)
        self.exclude_auth = list(exclude_auth)
        self.smtputf8 = smtputf8
        self.pipelining = pipelining
        # Command lines the server read before it had sent the previous reply: > 0 means
        # the client pipelined (aiosmtpd reads one line per command from its stream).
        self.commands_read_ahead = 0
        self.messages: list[Envelope] = []
        # The server's transcript: every command verb it handled, in order (a command
        # refused before its handler, e.g. AUTH before STARTTLS, is not in it).
        self.commands: list[str] = []
        self.logins: list[tuple[str, str]] = []  # (mechanism, login) of successful logins
        self.replies_sent = 0
        self.port = 0
        self._context = server_context or certificates.server_context(*cert_names)
        self._controller: _Controller | None = None

    @property
    def cafile(self) -> str:
        return self.certificates.cafile

    def _authenticate(self, smtp: SMTP, session: Session, envelope: Envelope,
                      mechanism: str, data: Any) -> AuthResult:
        if "auth" in self.replies:
            return AuthResult(success=False, handled=False, message=self.replies["auth"])
        if isinstance(data, LoginPassword):
            login = data.login.decode("utf-8", "replace")
            password = data.password.decode("utf-8", "replace")
            if self.users.get(login) == password:
                self.logins.append((mechanism, login))
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    def start(self) -> SmtpTestServer:
        kwargs: dict[str, Any] = {"authenticator": self._authenticate,
                                  "server_hostname": "mail.test.local", "ready_timeout": 5.0,
                                  "auth_exclude_mechanism": self.exclude_auth,
                                  "enable_SMTPUTF8": self.smtputf8}
        if self.tls == "ssl":
            kwargs.update(ssl_context=self._context, auth_require_tls=False)
        elif self.tls == "starttls":
            kwargs.update(tls_context=self._context, require_starttls=True,
                          auth_require_tls=True)
        else:
            kwargs.update(auth_require_tls=False)
        for attempt in range(5):  # another test process may grab the free port first
            self.port = free_port()
            controller = _Controller(self, handler=_Handler(self), hostname=self.host,
                                     port=self.port, **kwargs)
            try:
                controller.start()
            except (OSError, RuntimeError):
                if attempt == 4:
                    raise
                continue
            self._controller = controller
            return self
        raise RuntimeError("no free port")

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class SilentServer:
    """Accepts TCP connections and never says a word (a stuck server or a tarpit)."""

    host = "127.0.0.1"

    def __init__(self) -> None:
        self._listener = loopback_listener(8)
        self.port = port_of(self._listener)
        self._accepted: list[socket.socket] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        self._listener.settimeout(0.1)
        while not self._stopped.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            self._accepted.append(conn)

    def start(self) -> SilentServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(2)
        for conn in self._accepted:
            conn.close()
        self._listener.close()

    def __enter__(self) -> SilentServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class BlackholeServer:
    """A port whose SYNs go unanswered: connect() times out, like a firewall that silently
    drops traffic to port 25. The same on both OSes, made the way each allows:
    - Linux drops the SYN of a listener whose accept queue is full (backlog 0, one filler).
    - Winsock answers that with a reset instead ("refused"); there the listener is in
      conditional-accept mode (SO_CONDITIONAL_ACCEPT) and never accepts, so the stack
      holds every SYN unanswered until the application decides, which it never does.
    A probe checks the promise when the server starts: where the OS still answers, the
    test skips naming why (and fails under CI, where it must work)."""

    host = "127.0.0.1"
    SO_CONDITIONAL_ACCEPT = 0x3002  # ws2def.h; Python's socket module has no name for it

    def __init__(self) -> None:
        self._filler: socket.socket | None = None
        if os.name == "nt":
            self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            self._listener.setsockopt(socket.SOL_SOCKET, self.SO_CONDITIONAL_ACCEPT, 1)
            self._listener.bind((self.host, 0))
            # Room for the probe's held SYN and the test's own.
            self._listener.listen(16)
            self.port = port_of(self._listener)
        else:
            self._listener = loopback_listener(0)
            self.port = port_of(self._listener)
            self._filler = socket.create_connection((self.host, self.port), timeout=2)
        self._check_that_connect_times_out()

    def _check_that_connect_times_out(self) -> None:
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.settimeout(0.3)
        try:
            probe.connect((self.host, self.port))
        except TimeoutError:
            return
        except OSError as exc:
            answer = f"answered ({exc})"
        else:
            answer = "completed the connection"
        finally:
            probe.close()
        self.__exit__()
        reason = (f"this OS {answer} where a dropped SYN was needed; a connect timeout "
                  "cannot be made on loopback here")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)

    def __enter__(self) -> BlackholeServer:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._filler is not None:
            self._filler.close()
        self._listener.close()


class LoopbackDns:
    """A real DNS server (dnslib) on 127.0.0.1 answering A records for test names, e.g.
    smtp.office365.com -> 127.0.0.1, so provider-specific advice is tested end to end.
    Unknown names get NXDOMAIN. Pass `dns_servers=(dns.address,)` in the settings."""

    def __init__(self, names: dict[str, str]) -> None:
        from dnslib.server import DNSLogger, DNSServer
        from dnslib.zoneresolver import ZoneResolver

        zone = "\n".join(f"{name}. 60 IN A {ip}" for name, ip in names.items())
        self.port = _free_udp_port()
        quiet = DNSLogger(log="-request,-reply,-truncated,-error,-recv,-send,-data",
                          prefix=False)
        self._server = DNSServer(ZoneResolver(zone), port=self.port, address="127.0.0.1",
                                 logger=quiet)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> LoopbackDns:
        self._server.start_thread()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop()


def _free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DeafDns:
    """A UDP port that receives DNS queries and never answers (DNS timeout)."""

    def __init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self._sock.getsockname()[1]}"

    def __enter__(self) -> DeafDns:
        return self

    def __exit__(self, *exc: object) -> None:
        self._sock.close()


class TextServer(RawTcpServer):
    """Answers every connection with fixed bytes (e.g. an HTTP or POP3 server on the port)."""

    def __init__(self, banner: bytes) -> None:
        self.banner = banner
        super().__init__(backlog=8)

    def handle(self, conn: socket.socket) -> None:
        conn.sendall(self.banner)
        conn.settimeout(0.5)
        try:
            conn.recv(1024)
        except OSError:
            pass


# ------------------------------------------------------------------ pytest fixtures


@pytest.fixture(scope="session")
def smtp_ca(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    """The CA the client is told to trust (pass `smtp_ca.cafile` as ca_file)."""
    return Certificates(tmp_path_factory.mktemp("smtp-ca"))


@pytest.fixture
def smtp_servers(smtp_ca: Certificates) -> Iterator[Any]:
    """A factory: smtp_servers(tls=..., replies=...) starts a server, stopped at teardown."""
    started: list[SmtpTestServer | SilentServer] = []

    def start(**kwargs: Any) -> SmtpTestServer:
        certificates = kwargs.pop("certificates", smtp_ca)
        server = SmtpTestServer(certificates, **kwargs).start()
        started.append(server)
        return server

    yield start
    for server in reversed(started):
        server.stop()


@pytest.fixture
def silent_server() -> Iterator[SilentServer]:
    with SilentServer() as server:
        yield server


def settings_for(server: SmtpTestServer | SilentServer, security: str = "starttls",
                 **overrides: Any) -> Any:
    """EmailSettings pointing at a loopback server (host 'localhost' so certificates match)."""
    from a2k_settings_gui.core.settings import EmailSettings, Security

    values: dict[str, Any] = {
        "sender_email": DEFAULT_USER, "smtp_host": "localhost", "port": server.port,
        "security": Security(security), "sender_name": "ACME Accounts",
    }
    values.update(overrides)
    return EmailSettings(**values)
