"""Testing as A2000ERP: the plan of security modes the ERP would use, and what a result
means for the ERP when the test needed something the ERP's screen does not have.

The ERP's screen has Sender Email ID, Email Password, Outgoing Mail Server and Port only
(core.erp_profile). So the ERP logs in with the Sender Email ID and picks the security by
the port (assumed: SSL/TLS on 465, otherwise STARTTLS when offered). A pass that needed a
Login name or a Security choice says so, with the ways out.
"""

from __future__ import annotations

import ssl

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.erp_profile import ErpProfile, port_fix
from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.net.resolve import Address
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.smtp.commands import _ehlo_name, _extensions
from a2k_settings_gui.core.smtp.conversation import AttemptOutcome
from a2k_settings_gui.core.smtp.session import SessionError, SmtpSession
from a2k_settings_gui.core.smtp.transcript import Transcript

# Seconds for the side look at the STARTTLS port (only after a pass on SSL/TLS).
_PROBE_TIMEOUT = 5.0


def erp_plan(port: int | None, profile: ErpProfile) -> list[tuple[Security, int]]:
    """Security "Auto" as the ERP: the ERP's mode for the port first; the other mode after
    it only to diagnose (a pass there is reported as `erp_security_differs`)."""
    if port is None:
        starttls, ssl_port = profile.starttls_port, (profile.ssl_ports or (465,))[0]
        return [(Security.STARTTLS, starttls), (Security.SSL, ssl_port)]
    first = profile.security_for_port(port)
    other = Security.STARTTLS if first is Security.SSL else Security.SSL
    return [(first, port), (other, port)]


def login_differs(settings: EmailSettings, profile: ErpProfile) -> Finding:
    login, sender = settings.effective_login, profile.login_for(settings)
    return Finding(
        "erp_login_differs", "warning",
        f"The test logged in as '{login}' (the Login name), but A2000ERP can only log in "
        f"with the Sender Email ID '{sender}': its screen has no Login name field. This "
        "pass does not prove that A2000ERP can send.",
        "Ways out: (1) a mailbox or SMTP user whose login is exactly the Sender Email ID "
        "(many providers let you name an SMTP user after the address, e.g. SMTP2GO, "
        "Mailgun SMTP credentials, your own mail server); (2) a provider whose SMTP login "
        "is the mailbox address (Microsoft 365, Google Workspace with an app password, "
        "Zoho); (3) ask the A2000ERP vendor whether a separate login name can be set. "
        "Services whose user name is fixed (SendGrid's 'apikey', Amazon SES access keys) "
        "cannot be used by A2000ERP directly.",
    )


def security_differs(used: Security, port: int, erp_mode: Security,
                     profile: ErpProfile) -> Finding:
    return Finding(
        "erp_security_differs", "warning",
        f"The test worked with {used.label} on port {port}, but A2000ERP is assumed to use "
        f"{erp_mode.label} on port {port} (its screen has no Security choice; it goes by "
        "the port). A2000ERP will probably fail with these values.",
        port_fix(port, used is Security.SSL, profile) + " Then test again. (How "
        "A2000ERP picks the security is assumed, not confirmed by the vendor.)",
    )


def ssl_only_unconfirmed(host: str, port: int, profile: ErpProfile) -> Finding:
    return Finding(
        "erp_ssl_unconfirmed", "warning",
        f"{host} works only with SSL/TLS on port {port}; STARTTLS on port "
        f"{profile.starttls_port} did not. That A2000ERP supports SSL/TLS on {port} is "
        "assumed, not confirmed by the vendor.",
        "Before relying on it, send one e-statement from A2000ERP to yourself, or ask the "
        "A2000ERP vendor whether SSL/TLS on port 465 is supported. If your provider offers "
        f"STARTTLS on port {profile.starttls_port}, prefer it.",
    )


def offers_starttls(addresses: list[Address], port: int, timeout: float,
                    cancel: CancelToken) -> bool:
    """A side look: does the server on `port` greet and offer STARTTLS? No login, no mail.

    Only the address family and IP of the main test are used; the connection closes at
    once. Any failure counts as "no".
    """
    session = SmtpSession(Transcript(), cancel, timeout)
    for address in addresses:
        try:
            session.connect(address.sockaddr[:1] + (port,) + address.sockaddr[2:],
                            address.family, timeout)
            try:
                if session.read_reply().code != 220:
                    return False
                reply = session.command(f"EHLO {_ehlo_name(session.sock)}")
                found = reply.code == 250 and "STARTTLS" in _extensions(reply)
                try:
                    session.command("QUIT")
                except SessionError:
                    pass
                return found
            finally:
                session.close()
        except (SessionError, OSError, ssl.SSLError):
            continue
    return False


def erp_findings(
    settings: EmailSettings,
    outcome: AttemptOutcome,
    outcomes: list[AttemptOutcome],
    addresses: list[Address],
    profile: ErpProfile,
    timeout: float,
    cancel: CancelToken,
) -> list[Finding]:
    """What the result means for A2000ERP (empty when the test did just what the ERP does)."""
    findings: list[Finding] = []
    if (outcome.used_password_login and settings.login_name
            and settings.login_name != profile.login_for(settings)):
        findings.append(login_differs(settings, profile))
    if not outcome.succeeded:
        return findings
    erp_mode = profile.security_for_port(outcome.port)
    if outcome.security is Security.NONE:
        return findings  # chosen by the admin; `encryption_available` already warns
    if outcome.security is not erp_mode:
        findings.append(security_differs(outcome.security, outcome.port, erp_mode, profile))
    elif outcome.security is Security.SSL:
        starttls_failed = any(o.security is Security.STARTTLS and not o.succeeded
                              and o.port == profile.starttls_port for o in outcomes)
        if starttls_failed or not offers_starttls(
                addresses, profile.starttls_port, min(timeout, _PROBE_TIMEOUT), cancel):
            findings.append(ssl_only_unconfirmed(settings.smtp_host, outcome.port, profile))
    return findings
