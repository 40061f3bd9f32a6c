"""One attempt of the SMTP conversation in one security mode, step by step.

connect -> [implicit TLS] -> greeting -> EHLO -> [STARTTLS -> EHLO] -> AUTH -> MAIL FROM ->
RCPT TO -> DATA -> (connection test: hang up at 354 | send test: message, QUIT). A login
check ends after AUTH with QUIT.

When the server offers PIPELINING (RFC 2920), MAIL FROM, RCPT TO and DATA go in one write
and the message's final "." goes with QUIT: two waits instead of five. The replies are
still read one by one, so each step keeps its own progress, transcript line and diagnosis.

Each step is timed and reported through `progress`; the first failure becomes a Finding
from the catalogue (core.smtp.replies) and ends the attempt. The caller (core.smtp.check)
decides whether Security "Auto" tries another mode.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable

from a2k_settings_gui.core.cancel import Cancelled, CancelToken
from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.kit.record import field, record
from a2k_settings_gui.core.log_secrets import forms_of
from a2k_settings_gui.core.net.resolve import Address
from a2k_settings_gui.core.net.tls import tls_context
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.smtp.commands import _b64, _ehlo_name, _envelope, _extensions
from a2k_settings_gui.core.smtp.result import StepChanged, StepRecord, TestMode
from a2k_settings_gui.core.smtp.session import Reply, SessionError, SmtpSession, TlsInfo
from a2k_settings_gui.core.smtp.tls_port import certificate_names, port_waits_for_tls
from a2k_settings_gui.core.smtp.transcript import Transcript

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # core.secrets is imported only when a password comes from the keyring
    from a2k_settings_gui.core.secrets import PendingPassword

class StepFailed(Exception):
    def __init__(self, finding: Finding, reply: Reply | None = None) -> None:
        super().__init__(finding.code)
        self.finding = finding
        self.reply = reply


@record
class AttemptOutcome:
    security: Security
    port: int
    stage: str = "connect"
    finding: Finding | None = None
    reply: Reply | None = None
    tls: TlsInfo | None = None
    auth_mechanisms: list[str] = field(default_factory=list)
    steps: list[StepRecord] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    used_password_login: bool = False
    round_trips: int = 0

    @property
    def succeeded(self) -> bool:
        return self.finding is None


@record
class ConversationInput:
    settings: EmailSettings
    password: str | PendingPassword  # pending: still being read from the keyring
    recipient: str
    mode: TestMode
    timeout: float
    tls_context: ssl.SSLContext | None  # None: security "none", no TLS expected
    allow_plaintext_auth: bool
    ca_file: str = ""
    # time.monotonic() by which the whole command ends (--timeout is its budget); None:
    # only the per-step timeout applies.
    deadline: float | None = None


@record(frozen=True)
class Skipped:
    """A step's action returns this (instead of its detail text) when the step did not
    run, with the reason shown beside the step."""

    reason: str


class Conversation:
    def __init__(
        self,
        data: ConversationInput,
        security: Security,
        port: int,
        transcript: Transcript,
        cancel: CancelToken,
        progress: Callable[[object], None],
    ) -> None:
        self.data = data
        self.security = security
        self.port = port
        self.transcript = transcript
        self.cancel = cancel
        self.progress = progress
        self.session = SmtpSession(transcript, cancel, data.timeout)
        self.session.set_budget(data.deadline, data.timeout)
        self.outcome = AttemptOutcome(security, port)
        self._address: Address | None = None
        self.extensions: dict[str, str] = {}  # EHLO keywords -> parameters
        host = data.settings.smtp_host
        self.values = {
            "host": host, "port": str(port), "timeout": f"{data.timeout:g}",
            "sender": data.settings.sender_email, "login": data.settings.effective_login,
            "recipient": data.recipient,
            "security": {"none": "None (unencrypted)", "starttls": "STARTTLS"}.get(
                security.value, security.value),
        }

    # ------------------------------------------------------------ helpers

    # The reply tables are imported only when a server refused: a test that works, or
    # fails locally (a time-out, TLS), never compiles their rules (~150 ms).
    def _fail_local(self, kind: str, detail: str = "", **extra: str) -> StepFailed:
        from a2k_settings_gui.core.smtp.local_failures import diagnose_local

        return StepFailed(diagnose_local(kind, stage=self.outcome.stage, detail=detail,
                                         **self.values, **extra))

    def _fail_reply(self, reply: Reply) -> StepFailed:
        from a2k_settings_gui.core.smtp.replies import diagnose_reply

        finding = diagnose_reply(self.outcome.stage, reply.code, reply.enhanced, reply.text,
                                 **self.values)
        return StepFailed(finding, reply)

    def _session_failure(self, exc: SessionError) -> StepFailed:
        stage = self.outcome.stage
        if exc.kind == "cancelled":
            return self._fail_local("cancelled")
        if exc.kind == "timeout":
            return self._fail_local("server_timeout")
        if exc.kind == "budget":
            return self._fail_local("time_budget_used")
        if exc.kind == "too_long":
            return self._fail_local("reply_too_long", exc.detail)
        if exc.kind == "closed":
            return self._fail_local("server_closed_connection", exc.detail)
        if exc.kind == "tls_record":
            return self._fail_local("plain_on_tls_port")
        if exc.kind == "garbage":
            return self._fail_local("not_smtp_server", exc.detail)
        if exc.kind == "tls_protocol":
            if stage == "tls":
                return self._fail_local("tls_on_plain_port")
            return self._fail_local("tls_handshake_failed", exc.detail)
        if exc.kind == "tls_timeout":
            return self._fail_local("server_timeout")
        mapping = {"tls": "tls_handshake_failed", "cert_untrusted": "certificate_untrusted",
                   "cert_expired": "certificate_expired",
                   "cert_hostname": "certificate_hostname_mismatch"}
        return self._fail_local(mapping.get(exc.kind, "server_closed_connection"), exc.detail)

    def _expect(self, reply: Reply, *codes: int) -> Reply:
        self.outcome.reply = reply
        if reply.code not in codes:
            raise self._fail_reply(reply)
        return reply

    def _run_step(self, name: str, action: Callable[[], str | Skipped | None]) -> None:
        self.outcome.stage = name
        step = StepRecord(name)
        self.outcome.steps.append(step)
        self.progress(StepChanged(step.copy()))
        started = time.monotonic()
        try:
            detail = action()
            if isinstance(detail, Skipped):
                step.status, step.detail = "skipped", detail.reason
            else:
                step.status, step.detail = "ok", detail or ""
        except StepFailed as failure:
            step.status, step.detail = "failed", failure.finding.message
            raise
        except SessionError as exc:
            failure = self._session_failure(exc)
            step.status, step.detail = "failed", failure.finding.message
            # The transcript says what happened locally too (handshake errors, hang-ups),
            # so a copied report is complete without the findings.
            self.transcript.note(f"{name} failed: {exc.detail or exc.kind}")
            raise failure from None
        finally:
            step.elapsed_ms = round((time.monotonic() - started) * 1000)
            self.progress(StepChanged(step.copy()))

    # ------------------------------------------------------------ the steps

    def run(self, addresses: list[Address]) -> AttemptOutcome:
        try:
            self._run_step("connect", lambda: self._connect(addresses))
            if self.security is Security.SSL:
                self._run_step("tls", self._implicit_tls)
            self._run_step("greeting", self._greeting)
            self._run_step("ehlo", self._ehlo)
            if self.security is Security.STARTTLS:
                self._run_step("starttls", self._starttls)
            self._run_step("auth", self._auth)
            if self.data.mode is TestMode.LOGIN:
                self._run_step("quit", self._quit)
                self.outcome.stage = "done"
                return self.outcome
            self._run_step("mail_from", self._mail_from)
            self._run_step("rcpt_to", self._rcpt_to)
            self._run_step("data", self._data)
            if self.data.mode is TestMode.SEND:
                self._run_step("quit", self._quit)
            self.outcome.stage = "done"
        except StepFailed as failure:
            self.outcome.finding = failure.finding
            if failure.reply is not None or failure.finding.code == "keyring_unavailable":
                self.outcome.reply = failure.reply
                self._quit_after_rejection(failure.reply)
            elif failure.finding.code != "cancelled":
                self.outcome.reply = None  # a local failure: no reply explains it
        except Exception as exc:  # noqa: BLE001 - a bug must become a message, not a traceback
            self.outcome.finding = Finding(
                "internal_error", "error",
                f"The test stopped because of an error in this tool ({type(exc).__name__}).",
                "Copy the report and send it to the vendor's support.")
        finally:
            self.outcome.round_trips = self.session.round_trips
            self.session.close()
        return self.outcome

    def _connect(self, addresses: list[Address]) -> str:
        deadline = time.monotonic() + self.data.timeout
        if self.data.deadline is not None:
            deadline = min(deadline, self.data.deadline)
        last: SessionError | None = None
        for address in addresses:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self.transcript.note(f"connecting to {address.ip} port {self.port}")
            try:
                self.session.connect(address.sockaddr[:1] + (self.port,) + address.sockaddr[2:],
                                     address.family, remaining)
                self._address = address
                self.transcript.note(f"connected to {address.ip} port {self.port}")
                return address.ip
            except SessionError as exc:
                if exc.kind in ("cancelled", "budget"):
                    raise
                self.transcript.note(f"{address.ip}: {exc.detail or exc.kind}")
                last = exc
        kind = last.kind if last else "connect_timeout"
        detail = last.detail if last else ""
        local = {"refused": "connection_refused", "unreachable": "network_unreachable"}.get(
            kind, "connection_timeout")
        raise self._fail_local(local, detail)

    def _tls(self) -> TlsInfo:
        context = self.data.tls_context or tls_context()
        try:
            info = self.session.start_tls(context, self.data.settings.smtp_host)
        except SessionError as exc:
            if exc.kind != "cert_hostname":
                raise
            names = self._certificate_names()
            shown = ", ".join(names[:6]) if names else "another name"
            raise self._fail_local("certificate_hostname_mismatch", exc.detail,
                                   cert_names=shown) from None
        self.outcome.tls = info
        names = ", ".join(info.names[:4]) or info.subject or "?"
        self.transcript.note(f"TLS established: {info.version}, {info.cipher}; certificate "
                             f"for {names} issued by {info.issuer or '?'}: verified")
        return info

    def _certificate_names(self) -> list[str]:
        names = None if self._address is None else certificate_names(
            self._address, self.port, self.security is Security.SSL, self.data, self.cancel)
        if names is not None:
            self.transcript.note(f"the certificate is made out to: {', '.join(names)}")
        return names or []

    def _implicit_tls(self) -> str:
        return self._tls().version

    def _greeting(self) -> str:
        plaintext_start, started = self.security is not Security.SSL, time.monotonic()
        if plaintext_start and self._address is not None and port_waits_for_tls(
                self.session, self._address, self.port, self.data.settings.smtp_host,
                self.data.timeout, self.data.deadline, self.transcript, self.cancel):
            raise self._fail_local("plain_on_tls_port")
        # A silent port is either waiting for a TLS handshake or stuck. To tell them apart
        # we poke it once; the poke's time comes out of the step's budget, so a silent
        # server is reported within the timeout.
        probe_wait = min(1.0, 0.05 * self.data.timeout) if plaintext_start else 0.0
        greeting_wait = max(0.1, self.data.timeout - probe_wait - time.monotonic() + started)
        try:
            reply = self.session.read_reply(timeout=greeting_wait)
        except SessionError as exc:
            if exc.kind == "timeout" and plaintext_start:
                self.transcript.note(f"no greeting within {greeting_wait:g} s; "
                                     "checking whether the port expects SSL/TLS")
                if self.session.poke_silent_server(probe_wait):
                    raise self._fail_local("plain_on_tls_port") from None
            raise
        self._expect(reply, 220)
        return reply.text.split("\n")[0][:60]

    def _ehlo(self) -> str:
        reply = self.session.command(f"EHLO {_ehlo_name(self.session.sock)}")
        if reply.code in (500, 502):  # a very old server: HELO, no extensions
            reply = self.session.command(f"HELO {_ehlo_name(self.session.sock)}")
        self._expect(reply, 250)
        self.extensions = _extensions(reply)
        self.outcome.auth_mechanisms = self.extensions.get("AUTH", "").upper().split()
        return ""

    def _starttls(self) -> str:
        if "STARTTLS" not in self.extensions:
            raise self._fail_local("starttls_not_offered")
        self._expect(self.session.command("STARTTLS"), 220)
        info = self._tls()
        reply = self.session.command(f"EHLO {_ehlo_name(self.session.sock)}")
        self._expect(reply, 250)
        self.extensions = _extensions(reply)
        self.outcome.auth_mechanisms = self.extensions.get("AUTH", "").upper().split()
        return info.version

    def _auth(self) -> str | Skipped:
        if self.security is Security.NONE and "STARTTLS" in self.extensions:
            self.outcome.notes.append(Finding(
                "encryption_available", "warning",
                f"{self.data.settings.smtp_host} offers STARTTLS, but Security is None, so "
                "mail and password travel unencrypted.",
                "Set Security to STARTTLS (or Auto) and test again."))
        login = self.data.settings.effective_login
        password = self.data.password
        if not isinstance(password, str):
            password = self._stored_password(password, login)
        if not password:
            return Skipped("no password entered: sending without a login")
        offered = self.outcome.auth_mechanisms
        usable = [m for m in ("PLAIN", "LOGIN") if m in offered]
        if not usable:
            if offered:
                offered_text = f" (it offers only {', '.join(offered)})"
                fix = ("The server wants a sign-in this tool and A2000ERP cannot do with a "
                       "password (e.g. OAuth). Ask the provider for SMTP with a password or "
                       "an app password.")
            elif self.session.tls is None:
                offered_text = " because the connection is not encrypted"
                fix = "Set Security to STARTTLS (port 587) or SSL/TLS (port 465)."
            else:
                offered_text = ""
                fix = ("Ask the mail provider whether this server needs a login at all; if "
                       "not, clear the Email Password.")
            raise self._fail_local("auth_not_offered", offered=offered_text, auth_fix=fix)
        if self.session.tls is None:
            if not (self.security is Security.NONE and self.data.allow_plaintext_auth):
                raise self._fail_local("plaintext_auth_refused")
            self.outcome.notes.append(Finding(
                "password_sent_unencrypted", "warning",
                "The password was sent without encryption, as you confirmed.",
                "Switch to STARTTLS or SSL/TLS as soon as the server supports it."))
        self.outcome.used_password_login = True
        if usable[0] == "PLAIN":
            command = "AUTH PLAIN " + _b64(f"\0{login}\0{password}")
            self.transcript.client_auth(command)
            self.session.send_line(command, record=False)
            reply = self.session.read_reply()
        else:
            command = "AUTH LOGIN " + _b64(login)
            self.transcript.client_auth(command)
            self.session.send_line(command, record=False)
            reply = self.session.read_reply(secret=True)
            if reply.code == 334:
                self.transcript.client_secret()
                self.session.send_line(_b64(password), record=False)
                reply = self.session.read_reply()
        self._expect(reply, 235)
        return usable[0]

    def _stored_password(self, pending: PendingPassword, login: str) -> str:
        """The password read from the keyring on its thread, waited for only now. If it
        could not be read nothing is sent: `keyring_unavailable`, then a polite QUIT."""
        from a2k_settings_gui.core.secrets import KeyringUnavailable

        # Until the deadline, less a moment for the polite QUIT after giving up.
        end = (self.data.deadline or time.monotonic() + self.data.timeout) - min(
            1.0, self.data.timeout / 10)
        try:
            password = pending.wait(max(0.0, end - time.monotonic()), self.cancel)
        except Cancelled:
            raise self._fail_local("cancelled") from None
        except KeyringUnavailable as exc:
            raise StepFailed(Finding("keyring_unavailable", "error", str(exc),
                                     "Or pass the password with --password-stdin.")) from None
        self.transcript.add_secret(password, *forms_of(password, login))  # as a typed one
        return password

    def _mail_from(self) -> str:
        sender, needs_utf8 = _envelope(self.data.settings.sender_email)
        self.needs_utf8 = needs_utf8 or not _envelope(self.data.recipient)[0].isascii()
        suffix = ""
        if self.needs_utf8:
            # RFC 6531: a non-ASCII local part travels only with SMTPUTF8; without it the
            # address would be mangled on the way, so nothing is sent.
            if "SMTPUTF8" not in self.extensions:
                raise self._fail_local("smtputf8_not_offered")
            suffix = (" BODY=8BITMIME" if "8BITMIME" in self.extensions else "") + " SMTPUTF8"
        mail = f"MAIL FROM:<{sender}>{suffix}"
        if self.pipelining:
            # DATA ends the group: the message itself waits for its 354 (RFC 2920 3.1).
            self.transcript.note("the server offers PIPELINING: MAIL FROM, RCPT TO and DATA "
                                 "are sent together; each reply is shown under its command")
            self.session.send_group([mail, f"RCPT TO:<{_envelope(self.data.recipient)[0]}>",
                                     "DATA"])
        else:
            self.session.send_line(mail)
        self._expect(self.session.read_reply(), 250)
        return sender

    @property
    def pipelining(self) -> bool:
        return "PIPELINING" in self.extensions

    def _rcpt_to(self) -> str:
        recipient, _ = _envelope(self.data.recipient)
        if not self.pipelining:
            self.session.send_line(f"RCPT TO:<{recipient}>")
        self._expect(self.session.read_reply(), 250, 251)
        return recipient

    def _data(self) -> str:
        if not self.pipelining:
            self.session.send_line("DATA")
        self._expect(self.session.read_reply(), 354)
        if self.data.mode is TestMode.CONNECT:
            # In DATA mode any command would become message text, so the only way to send
            # nothing is to hang up; servers discard a message without its final dot.
            self.transcript.note("connection test: hanging up without sending a message")
            return "ready to accept a message (nothing sent)"
        # Imported only to send: a connection test builds no message.
        from a2k_settings_gui.core.smtp.message import build_test_message, dot_stuffed

        settings = self.data.settings
        message = build_test_message(
            settings, self.data.recipient, security_label=self.security.label,
            server_label=f"{settings.smtp_host}:{self.port}", utf8=self.needs_utf8)
        payload = dot_stuffed(message)
        for name in ("Date", "Message-ID", "From", "To", "Subject"):
            self.transcript.client(f"{name}: {message[name]}")
        self.transcript.client(f"<message of {len(payload):,} bytes: plain text and HTML>")
        self.transcript.client(".")
        if self.pipelining:
            self.session.send_group(["QUIT"], before=payload)
        else:
            self.session.send_bytes(payload)
        reply = self._expect(self.session.read_reply(), 250)
        return reply.text.split("\n")[0][:80]

    def _quit_after_rejection(self, reply: Reply | None) -> None:
        """Say goodbye after a refusal, or an unreadable password (reply None): RFC 5321
        4.1.1.10, the client SHOULD send QUIT; servers count dropped connections against
        the sender. Not after 421 (the channel is closed); a server hanging up is fine."""
        if (reply is not None and reply.code == 421) or self.session.sock is None:
            return
        wait = min(self.data.timeout, 3.0)
        try:
            # Replies to pipelined commands sent after the refused one come first; they
            # are recorded but explain nothing the refusal did not.
            while self.session.pending:
                if self.session.pending[0] == "QUIT":
                    self.session.read_reply(timeout=wait)
                    return
                late = self.session.read_reply(timeout=wait)
                if late.code == 354:
                    # DATA accepted although the envelope failed: end the empty message
                    # with "." so the server is back in command mode (RFC 2920 3.1).
                    self.session.send_group(["."])
                    self.session.read_reply(timeout=wait)
            self.session.send_line("QUIT")
            self.session.read_reply(timeout=wait)
        except SessionError:
            pass

    def _quit(self) -> str | Skipped:
        # The message is already accepted: a server that hangs up instead of saying 221
        # is not a failure.
        try:
            if "QUIT" in self.session.pending:  # sent with the message's "."
                self.session.read_reply()
            else:
                self.session.command("QUIT")
        except SessionError as exc:
            if exc.kind == "cancelled":
                raise
            return Skipped("the server hung up without saying goodbye (harmless)")
        return ""
