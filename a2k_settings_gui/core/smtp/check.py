"""Send Test Email: prove that the settings deliver, or say exactly why not and the fix.

    result = run_test_send(settings, password, recipient="me@x.com", mode=TestMode.SEND,
                           timeout=20, cancel=token, progress=callback)
    result.ok, result.findings, result.to_dict()

Security "Auto" tries the modes a port is known for (465 -> SSL/TLS first, anything else
-> STARTTLS first; no port -> STARTTLS on 587 then SSL/TLS on 465) and falls back only on
failures that mean "wrong mode" (never after a login was tried, so a wrong password is
sent once). Auto never falls back to an unencrypted connection. The mode that worked is
reported in `security_detected` so the UI can offer to save it.

Progress events (from the worker thread): AttemptStarted, StepChanged, TranscriptAdded.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.erp_profile import ErpProfile, load_profile, sender_findings
from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.log_secrets import keep_out_of_log
from a2k_settings_gui.core.net.ports import IMPLICIT_TLS_PORTS
from a2k_settings_gui.core.net.proxy import system_proxy, web_only_through_proxy
from a2k_settings_gui.core.net.resolve import ResolveError, resolve_host
from a2k_settings_gui.core.net.tls import tls_context
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.smtp.as_erp import erp_findings, erp_plan
from a2k_settings_gui.core.smtp.conversation import AttemptOutcome, Conversation, ConversationInput
from a2k_settings_gui.core.smtp.provider_advice import provider_advice
from a2k_settings_gui.core.smtp.result import (
    DEFAULT_TIMEOUT,
    AttemptStarted,
    StepChanged,
    StepRecord,
    TestMode,
    TestSendResult,
    TranscriptAdded,
)
from a2k_settings_gui.core.smtp.transcript import Transcript

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:  # core.secrets is imported only when a password comes from the keyring
    from a2k_settings_gui.core.secrets import PendingPassword

__all__ = ["TestMode", "TestSendResult", "run_test_send", "auto_plan", "DEFAULT_TIMEOUT"]

# Failures after which Auto tries the next mode: they mean "this port does not speak
# this mode", not "the server refused you".
_FALLBACK_CODES = {"wrong_security_mode", "tls_handshake_failed", "starttls_not_offered",
                   "not_smtp_server"}
_FALLBACK_CODES_DEFAULT_PORT = _FALLBACK_CODES | {"connection_refused", "connection_timeout"}


def diagnose_local(kind: str, **values: str) -> Finding:
    # Loaded only when something failed; a local failure needs none of the reply tables.
    from a2k_settings_gui.core.smtp.local_failures import diagnose_local as diagnose

    return diagnose(kind, **values)


def auto_plan(port: int | None) -> list[tuple[Security, int]]:
    if port is None:
        return [(Security.STARTTLS, 587), (Security.SSL, 465)]
    if port in IMPLICIT_TLS_PORTS:
        return [(Security.SSL, port), (Security.STARTTLS, port)]
    return [(Security.STARTTLS, port), (Security.SSL, port)]


def run_test_send(
    settings: EmailSettings,
    password: str | PendingPassword,
    *,
    recipient: str = "",
    mode: TestMode = TestMode.CONNECT,
    timeout: float = DEFAULT_TIMEOUT,
    ca_file: str | None = None,
    allow_plaintext_auth: bool = False,
    cancel: CancelToken | None = None,
    progress: Callable[[object], None] | None = None,
    as_erp: bool = True,
    profile: ErpProfile | None = None,
) -> TestSendResult:
    """Run the test; never raises for network trouble, never prints, never hangs.

    `as_erp` (the default) tests the way A2000ERP will connect (core.erp_profile): Auto
    tries the ERP's security for the port first, and a pass that needed something the
    ERP's screen lacks (a Login name, another Security) carries a finding that says so.
    The recipient defaults to the Test recipient setting, else the sender. A
    PendingPassword (core.secrets: read from the keyring on a thread) is waited for only
    at the login; if it cannot be read, nothing is sent and the finding is
    `keyring_unavailable`.
    """
    cancel = cancel or CancelToken()
    report = progress or (lambda _event: None)
    started = time.monotonic()
    # --timeout is the budget of the whole test (every attempt, probe and step within it).
    deadline = started + timeout
    transcript = Transcript(started, on_line=lambda line: report(TranscriptAdded(line.render())))
    if isinstance(password, str):  # a pending one is masked once it has been read
        transcript.add_secret(password, *auth_forms(settings.effective_login, password))
        keep_out_of_log(password, settings.effective_login)  # a typed, unsaved one too
    recipient = recipient or settings.test_recipient or settings.sender_email
    profile = profile or load_profile()
    result = TestSendResult(settings.smtp_host, settings.effective_port, settings.security, mode)

    def finish() -> TestSendResult:
        result.transcript = transcript.rendered()
        # Every text we return, scrubbed once more: a server that echoes the AUTH line
        # must not get any form of the password into a finding or a step.
        result.findings = [Finding(f.code, f.severity, transcript.scrub(f.message),
                                   transcript.scrub(f.fix)) for f in result.findings]
        for step in result.steps:
            step.detail = transcript.scrub(step.detail)
        result.elapsed_ms = round((time.monotonic() - started) * 1000)
        return result

    missing = _missing(settings, recipient)
    if missing:
        result.findings.append(missing)
        return finish()

    ca_file = ca_file if ca_file is not None else settings.ca_file
    context = None
    if settings.security is not Security.NONE:
        try:
            context = tls_context(ca_file)
        except (OSError, ssl.SSLError, ValueError) as exc:
            result.stage = "tls"
            result.findings.append(diagnose_local("ca_file_unreadable", detail=str(exc)))
            return finish()

    # ---- resolve (once, shared by every attempt)
    resolve_step = StepRecord("resolve")
    report(StepChanged(resolve_step.copy()))
    try:
        addresses = resolve_host(settings.smtp_host, settings.effective_port,
                                 dns_servers=settings.dns_servers, timeout=timeout,
                                 cancel=cancel)
    except ResolveError as exc:
        resolve_step.status, resolve_step.detail = "failed", exc.detail
        kind = {"not_found": "host_not_found", "no_address": "host_no_address",
                "timeout": "dns_timeout", "cancelled": "cancelled"}[exc.kind]
        result.findings.append(diagnose_local(kind, host=settings.smtp_host))
        transcript.note(f"looking up {settings.smtp_host}: {exc.detail or exc.kind}")
        resolve_step.elapsed_ms = round((time.monotonic() - started) * 1000)
        result.steps = [resolve_step]
        report(StepChanged(resolve_step.copy()))
        return finish()
    resolve_step.status = "ok"
    resolve_step.detail = ", ".join(a.ip for a in addresses)
    resolve_step.elapsed_ms = round((time.monotonic() - started) * 1000)
    transcript.note(f"{settings.smtp_host} is {resolve_step.detail}")
    report(StepChanged(resolve_step.copy()))

    # ---- the conversation, in one or more security modes
    data = ConversationInput(settings, password, recipient, mode, timeout, context,
                             allow_plaintext_auth, ca_file or "", deadline)
    if settings.security is Security.AUTO:
        plan = erp_plan(settings.port, profile) if as_erp else auto_plan(settings.port)
    else:
        plan = [(settings.security, settings.effective_port)]
    fallback_codes = _FALLBACK_CODES_DEFAULT_PORT if settings.port is None else _FALLBACK_CODES
    outcomes: list[AttemptOutcome] = []
    for number, (security, port) in enumerate(plan, start=1):
        if number > 1:
            if time.monotonic() >= deadline:
                transcript.note(f"Auto: no time left to try {security.label} on port {port}")
                break
            transcript.note(f"Auto: trying {security.label} on port {port}")
        report(AttemptStarted(number, security, port))
        outcome = Conversation(data, security, port, transcript, cancel, report).run(addresses)
        outcomes.append(outcome)
        result.attempts.append({
            "security": security.value, "port": port, "stage": outcome.stage,
            "ok": outcome.succeeded,
            "code": outcome.finding.code if outcome.finding else None,
        })
        result.round_trips += outcome.round_trips
        if outcome.succeeded or outcome.finding is None:
            break
        if outcome.finding.code not in fallback_codes or cancel.cancelled:
            break

    if not outcome.succeeded and len(outcomes) > 1:
        # Every mode failed: the attempt that got furthest explains most (e.g. "STARTTLS
        # not offered" beats the TLS mix-up that the fallback then ran into).
        outcome = max(outcomes, key=lambda o: len(o.steps))
    result.port, result.security = outcome.port, outcome.security
    result.stage = outcome.stage
    result.reply = outcome.reply
    result.tls = outcome.tls
    result.auth_mechanisms = outcome.auth_mechanisms
    result.steps = [resolve_step, *outcome.steps]
    if outcome.finding is not None:
        result.findings.append(outcome.finding)
        if outcome.finding.code == "connection_timeout":
            proxy = system_proxy()
            if proxy.in_use:  # the web has a way out; mail has none
                result.findings.append(web_only_through_proxy(
                    proxy.describe(), f"{settings.smtp_host}:{outcome.port}"))
            result.findings.extend(proxy.findings())
    result.findings.extend(outcome.notes)
    if not (outcome.finding and outcome.finding.code == "basic_auth_disabled"):
        # (When Microsoft already refused password sign-in, "it is retiring" adds nothing.)
        result.findings.extend(provider_advice(settings.smtp_host,
                                               outcome.used_password_login))
    remaining = deadline - time.monotonic()
    if as_erp and not cancel.cancelled and remaining > 0:
        result.findings.extend(erp_findings(settings, outcome, outcomes, addresses, profile,
                                            remaining, cancel))
    result.findings.extend(sender_findings(settings))
    if outcome.succeeded:
        result.findings.extend(_recipient_notes(settings, recipient, mode))
        result.findings.append(_success(settings, outcome, mode, recipient))
        if settings.security is Security.AUTO and (
                outcome.security is profile.security_for_port(outcome.port)):
            # Only what A2000ERP does on that port: a pass in another mode (reported as
            # erp_security_differs) is never offered as a setting.
            result.security_detected = outcome.security
    return finish()


def _recipient_notes(settings: EmailSettings, recipient: str, mode: TestMode) -> list[Finding]:
    """Mail that stays inside one provider skips the checks outside receivers apply."""
    sender_domain = settings.sender_email.rpartition("@")[2].lower()
    if mode is not TestMode.SEND or recipient.rpartition("@")[2].lower() != sender_domain:
        return []
    return [Finding(
        "test_recipient_internal", "info",
        f"The test e-mail went to {recipient}, at the sender's own domain: it stays inside "
        "one provider, which skips the SPF/DKIM checks Gmail and others apply to your "
        "customers' mail.",
        "Set a Test recipient at another provider (your own personal Gmail or Outlook.com "
        "mailbox) and send the test again.",
    )]


def auth_forms(login: str, password: str) -> list[str]:
    """Every form of the password a conversation can carry, to be masked in every text:
    as typed, its base64 (AUTH LOGIN's step), the AUTH PLAIN blobs, and the URL-encoded,
    form-encoded, hex and escaped forms a server may echo (core.log_secrets.forms_of). Longest
    first, so a blob is masked whole."""
    from a2k_settings_gui.core.log_secrets import forms_of

    return sorted(forms_of(password, login), key=len, reverse=True)


def _missing(settings: EmailSettings, recipient: str) -> Finding | None:
    if not settings.smtp_host:
        return Finding("missing_setting", "error", "The Outgoing Mail Server (SMTP) is empty.",
                       "Enter the server name, e.g. smtp.office365.com, or let the Setup Wizard "
                       "find it from the Sender Email ID.")
    if not settings.sender_email:
        return Finding("missing_setting", "error", "The Sender Email ID is empty.",
                       "Enter the address e-statements are sent from.")
    if "@" not in recipient:
        return Finding("missing_setting", "error", f"The recipient {recipient!r} is not an "
                       "e-mail address.", "Enter the address that should receive the test.")
    return None


def _success(settings: EmailSettings, outcome: AttemptOutcome, mode: TestMode,
             recipient: str) -> Finding:
    how = f"{outcome.security.label} on port {outcome.port}"
    if mode is TestMode.SEND:
        message = (f"The server accepted the test e-mail for {recipient} ({how}).")
        fix = ("Check that inbox, including the spam folder. If it landed in spam, run "
               "Check Domain.")
        code = "test_email_sent"
    elif mode is TestMode.LOGIN:
        message = f"The server accepted the login ({how}). Nothing was sent."
        fix = "Nothing to do."
        code = "login_ok"
    else:
        message = (f"The server accepted the login, the sender and the recipient ({how}). "
                   "No e-mail was sent.")
        fix = "Use 'Send a test e-mail' to see the message in an inbox."
        code = "connection_ok"
    if settings.security is Security.AUTO and settings.port != outcome.port:
        # The ERP's screen has a Port, not a Security: the port is what to keep.
        fix += (f" Auto found {how}: enter Port {outcome.port} in A2000ERP and here, and "
                "leave Security on Auto.")
    return Finding(code, "info", message, fix)
