"""The diagnosis catalogue: what a server reply or a local failure means, and the fix.

A negative reply is read in four steps; the first that knows it decides:

1. `PROVIDER_RULES`: replies that providers document with their own meaning (Gmail's
   5.7.26 DMARC words, Microsoft's 5.7.139, Yahoo's TSS06 …) and the login/encryption
   steps. Providers reuse registered enhanced codes for their own causes (Gmail's 5.2.1
   "receiving mail at a rate", 5.7.27 "SPF did not pass"), so their words come first.
2. The enhanced status code (RFC 3463 / RFC 5248, the IANA registry in enhanced_codes.py)
   when it names a cause: 552 5.2.2 is a full mailbox, whatever the basic code says.
3. The words (reply_causes.CAUSE_PHRASES) when the enhanced code is absent or generic
   (5.0.0, 5.7.1), then an unregistered code's subject (5.7.509 -> policy).
4. `FALLBACK_RULES`: the basic code and the stage.

Every message ends with what the enhanced code means, so even an unknown reply tells the
admin "mailbox status, permanent failure". Messages and fixes may use {host}, {port},
{sender}, {login}, {recipient}, {reply}. Sources of the provider replies: reference/
email-facts.md §1-2 and tests/core/smtp/reply_catalogue.py (each reply with its URL);
`LOCAL_FAILURES` covers what happens before a server can answer (DNS, TCP, TLS, silence,
hang-ups).
"""

from __future__ import annotations

import re

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.smtp import enhanced_codes
from a2k_settings_gui.core.smtp.reply_causes import BY_ENHANCED, BY_SUBJECT, CAUSE_PHRASES
from a2k_settings_gui.core.smtp.reply_rule import D, Diagnosis, ReplyRule

GMAIL_HOST = r"(^|\.)(gmail|googlemail|google)\.com$"
MICROSOFT_HOST = r"(^|\.)(office365\.com|outlook\.com|office\.com|hotmail\.com|live\.com)$"
YAHOO_HOST = r"(^|\.)yahoo\.(com|co\.\w+)$"
_MICROSOFT_HOST_RE = re.compile(MICROSOFT_HOST, re.IGNORECASE)

AUTH_STAGES = ("auth",)
SEND_STAGES = ("mail_from", "rcpt_to", "data", "message")

# ------------------------------------------------------------------ server replies
# Step 1: documented provider replies and the login/encryption steps, most specific first.
PROVIDER_RULES: tuple[ReplyRule, ...] = (
    # --- Google
    ReplyRule(D("app_password_required", "error",
                "Google refused the password ({reply}). Google accounts no longer accept the "
                "normal account password from programs: they need an app password.",
                "Turn on 2-Step Verification for {login}, create an app password at "
                "https://myaccount.google.com/apppasswords and enter it as the Email Password."),
              codes=(534,), enhanced=r"5\.7\.9", text=r"application-specific password"),
    ReplyRule(D("app_password_required", "error",
                "Google did not accept the user name and password ({reply}). Either the "
                "password is wrong or it is the account password where Google wants an app "
                "password.",
                "Check the Sender Email ID / Login name, then create an app password "
                "(needs 2-Step Verification) at https://myaccount.google.com/apppasswords "
                "and enter it as the Email Password."),
              codes=(535,), enhanced=r"5\.7\.8",
              text=r"BadCredentials|Username and Password not accepted"),
    ReplyRule(D("app_password_required", "error",
                "Google did not accept the user name and password ({reply}).",
                "Use an app password (needs 2-Step Verification), created at "
                "https://myaccount.google.com/apppasswords."),
              codes=(535,), host=GMAIL_HOST),
    ReplyRule(D("web_login_required", "error",
                "Google wants someone to sign in to {login} in a web browser first ({reply}).",
                "Sign in to the account once at https://mail.google.com from this office's "
                "network, accept any security prompt, then test again."),
              codes=(534,), enhanced=r"5\.7\.14"),
    ReplyRule(D("relay_denied", "error",
                "Google's relay service does not know this office ({reply}).",
                "In the Google Admin console add this office's public IP address under "
                "Apps > Gmail > Routing > SMTP relay service, or use smtp.gmail.com with a login."),
              codes=(550,), enhanced=r"5\.7\.[01]",
              text=r"relay denied|Invalid credentials for relay"),
    ReplyRule(D("relay_denied", "error",
                "{host} is a receiving server, not one for sending ({reply}).",
                "Use your provider's submission server with a login (for Google: "
                "smtp.gmail.com, port 587 STARTTLS or 465 SSL/TLS)."),
              codes=(550,), enhanced=r"5\.7\.1", text=r"not authorized to send email directly"),
    ReplyRule(D("rate_limited", "warning",
                "The recipient {recipient} is receiving mail faster than Google accepts for "
                "it, or the relay's peak limit was reached ({reply}).",
                "Nothing to change in your settings: try again later. For batches, raise "
                "the Batch Interval."),
              codes=(450, 550), enhanced=r"[45]\.2\.1",
              text=r"receiving mail (too quickly|at a rate)|relay limit"),
    # --- Microsoft 365 / Outlook.com
    ReplyRule(D("basic_auth_disabled", "error",
                "Microsoft 365 has turned off password sign-in (SMTP AUTH) for this "
                "{scope} ({reply}).",
                "A Microsoft 365 admin can re-enable it for this one mailbox: "
                "Set-CASMailbox -Identity {login} -SmtpClientAuthenticationDisabled $false "
                "(or for the tenant: Set-TransportConfig -SmtpClientAuthenticationDisabled "
                "$false). Password sign-in is being retired; plan a move to an SMTP relay "
                "connector or a sending service."),
              codes=(535,), enhanced=r"5\.7\.139", text=r"SmtpClientAuthentication is disabled"),
    ReplyRule(D("basic_auth_disabled", "error",
                "Microsoft no longer accepts a password for sending from programs on this "
                "account ({reply}).",
                "Basic authentication is switched off: use an SMTP relay connector "
                "(<domain>-com.mail.protection.outlook.com:25 from a fixed IP), Azure "
                "Communication Services Email, or another sending service."),
              codes=(535, 550), enhanced=r"5\.7\.(139|30)"),
    ReplyRule(D("auth_failed", "error",
                "Microsoft 365 did not accept the login ({reply}). Either the password is "
                "wrong, SMTP AUTH is off for the mailbox, or MFA / Security Defaults / "
                "Conditional Access block password sign-in.",
                "Check the password by signing in at https://outlook.office.com. Then ask "
                "the Microsoft 365 admin to enable 'Authenticated SMTP' for {login} "
                "(Microsoft 365 admin center > Users > Mail > Manage email apps) and to "
                "check Security Defaults."),
              codes=(535,), enhanced=r"5\.7\.3"),
    ReplyRule(D("auth_required", "error",
                "The server refused to accept mail without a login over an encrypted "
                "connection ({reply}).",
                "Enter the mailbox's Email Password and use STARTTLS on port 587."),
              codes=(530, 550), enhanced=r"5\.7\.57"),
    ReplyRule(D("sender_not_allowed", "error",
                "The server does not let {login} send as {sender} ({reply}).",
                "Make the Sender Email ID the same as the login mailbox, or have the mail "
                "admin grant {login} 'Send As' permission on {sender}."),
              enhanced=r"5\.7\.60|5\.2\.252"),
    ReplyRule(D("sender_not_allowed", "error",
                "The server says {sender} does not belong to the login {login} ({reply}).",
                "Use a Sender Email ID that belongs to the login account, or log in as the "
                "owner of {sender}."),
              codes=(553, 550), text=r"not owned by user|sender address rejected"),
    ReplyRule(D("rate_limited", "warning",
                "Microsoft 365 allows only 3 connections at once per mailbox ({reply}).",
                "Make sure only one program sends from {login} at a time, then test again."),
              codes=(432,), enhanced=r"4\.3\.2"),
    ReplyRule(D("quota_exceeded", "error",
                "The mailbox reached its daily limit of recipients ({reply}).",
                "Wait up to 24 hours. For more than 10,000 recipients a day use a bulk "
                "sending service; lower Maximum Mails per Batch to spread sending."),
              codes=(554,), enhanced=r"5\.2\.0", text=r"SubmissionQuotaExceeded"),
    ReplyRule(D("sender_blocked", "error",
                "The provider has blocked {sender} from sending, usually after spam was "
                "sent from it ({reply}).",
                "Change the mailbox password, then ask the mail admin to release the "
                "account (Microsoft 365: Defender portal > Restricted entities)."),
              codes=(550,), enhanced=r"5\.1\.8"),
    # --- Yahoo
    ReplyRule(D("ip_blocked", "error",
                "Yahoo has blocked mail from this office's IP address ({reply}).",
                "Ask Yahoo sender support to review the IP, or send through your own "
                "provider's submission server."),
              codes=(553,), enhanced=r"5\.7\.2", text=r"TSS06|permanently deferred"),
    ReplyRule(D("policy_rejected", "error",
                "The message was refused for policy reasons: usually SPF, DKIM or DMARC of "
                "the sender's domain do not pass ({reply}).",
                "Run Check Domain for the sender's domain and fix SPF, DKIM and DMARC. Do not "
                "keep retrying."),
              codes=(554,), enhanced=r"5\.7\.9"),
    # --- STARTTLS refused
    ReplyRule(D("tls_handshake_failed", "error",
                "{host} offered STARTTLS but could not start encryption ({reply}).",
                "Test again later; if it persists, try SSL/TLS on port 465 or tell the "
                "mail provider."),
              stages=("starttls",), codes=("4xx", "5xx")),
    # --- authentication
    ReplyRule(D("auth_mechanism_rejected", "error",
                "The server rejected the login method this tool used ({reply}).",
                "The server expects a different sign-in (often OAuth). Ask the provider for "
                "SMTP settings that accept a password, or for an app password."),
              stages=AUTH_STAGES, codes=(504,)),
    ReplyRule(D("rate_limited", "warning",
                "Too many login attempts in a short time; the server is refusing logins for "
                "now ({reply}).",
                "Wait 15 minutes before testing again, and do not retry in a loop."),
              stages=AUTH_STAGES, codes=(454, 421), text=r"too many|try again later|rate"),
    ReplyRule(D("starttls_required", "error",
                "The server wants the connection encrypted with STARTTLS before a login "
                "({reply}).",
                "Set Security to STARTTLS (port 587) or SSL/TLS (port 465)."),
              codes=(530, 538), text=r"STARTTLS|encryption required"),
    ReplyRule(D("starttls_required", "error",
                "The server refused because the connection is not encrypted ({reply}).",
                "Set Security to STARTTLS (port 587) or SSL/TLS (port 465)."),
              enhanced=r"5\.7\.11|[45]\.7\.29"),
    ReplyRule(D("auth_failed", "error",
                "The server did not accept the user name and password ({reply}).",
                "Check the Login name ({login}) and re-enter the Email Password. If the "
                "account uses two-step sign-in, create an app password for it."),
              codes=(535,)),
    ReplyRule(D("auth_failed", "error",
                "The login was refused ({reply}).",
                "Check the Login name ({login}) and the Email Password."),
              stages=AUTH_STAGES, codes=("5xx",)),
    ReplyRule(D("auth_required", "error",
                "The server requires a login before it accepts mail ({reply}).",
                "Enter the Email Password (and Login name if it differs from the sender)."),
              codes=(530,), text=r"auth"),
    ReplyRule(D("auth_required", "error",
                "The server requires a login before it accepts mail ({reply}).",
                "Enter the Email Password (and Login name if it differs from the sender)."),
              codes=(530,)),
    # --- sender authentication (SPF/DKIM/DMARC) and reputation, Gmail §1
    # Gmail gives 5.7.26 DMARC rejections their own words; its 5.7.27/30/32/40 are its
    # own codes (the registry's 5.7.27 is "sender has null MX").
    ReplyRule(D("dmarc_rejected", "error",
                "The receiving server refused the message because {sender}'s domain has a "
                "DMARC policy that rejects mail which passes neither SPF nor DKIM for that "
                "domain ({reply}).",
                "Run Check Domain for the sender's domain: let SPF authorise {host} (your "
                "provider's include) and turn on DKIM signing for the domain at your mail "
                "provider, so at least one of them passes for the From domain."),
              codes=("5xx",), enhanced=r"5\.7\.26", text=r"DMARC"),
    ReplyRule(D("unauthenticated_sender", "error",
                "The receiving server blocked the message because {sender}'s domain could "
                "not be authenticated (SPF/DKIM/DMARC) for this server ({reply}).",
                "Run Check Domain: publish an SPF record that includes {host}, turn on DKIM "
                "signing at your mail provider, and add a DMARC record."),
              enhanced=r"[45]\.7\.(26|27|30|32|40)"),
    ReplyRule(D("reverse_dns_missing", "error",
                "The receiving server refused mail from this IP address because it has no "
                "matching reverse DNS (PTR) record ({reply}).",
                "Send through your provider's submission server, or ask your internet "
                "provider to set a PTR record for your public IP."),
              enhanced=r"5\.7\.25|4\.7\.23"),
    ReplyRule(D("quota_exceeded", "error",
                "The account reached its daily sending limit ({reply}).",
                "Wait up to 24 hours; then spread the e-statements over more time (lower "
                "Maximum Mails per Batch, longer Batch Interval) or use a bulk sending service."),
              enhanced=r"5\.4\.5", text=r"limit"),
)

# Step 4: the basic code and the stage, when neither the enhanced code nor the words tell.
FALLBACK_RULES: tuple[ReplyRule, ...] = (
    ReplyRule(D("message_too_large", "error",
                "The message is bigger than the server accepts ({reply}).",
                "Make attachments smaller (e.g. compress the PDF statements) or send fewer "
                "per message."),
              codes=(552,)),
    ReplyRule(D("rate_limited", "warning",
                "The server is slowing this sender down and asks to try later ({reply}).",
                "Wait a few minutes, then test again. If it keeps happening during batches, "
                "lower Maximum Mails per Batch and raise the Batch Interval."),
              codes=(421, 451, 450, 452, 454), text=r"too many|rate|limit|deferred|throttl"),
    ReplyRule(D("rate_limited", "warning",
                "The server closed the connection and asks to try later ({reply}).",
                "Wait a few minutes, then test again. If it keeps happening during batches, "
                "lower Maximum Mails per Batch and raise the Batch Interval."),
              codes=(421,), text=r"try again later"),
    ReplyRule(D("recipient_rejected", "error",
                "The server refused the recipient {recipient} ({reply}).",
                "Check the recipient address for typos, or test with another address."),
              stages=("rcpt_to",), codes=("5xx",)),
    ReplyRule(D("sender_not_allowed", "error",
                "The server refused {sender} as the sender ({reply}).",
                "Use the address of the mailbox you log in with as the Sender Email ID."),
              stages=("mail_from",), codes=("5xx",)),
    ReplyRule(D("server_busy", "warning",
                "The server is not accepting connections right now ({reply}).",
                "Wait a few minutes and test again; if it persists, contact the mail provider."),
              stages=("greeting",), codes=("4xx",)),
    ReplyRule(D("connection_rejected", "error",
                "{host} refuses to talk to this computer ({reply}). Often this office's IP "
                "address is on a block list, or the port is not for sending mail.",
                "Check the Port (587 or 465). If it is right, give the server's words to "
                "the mail provider and ask them to allow this office's IP address."),
              stages=("greeting",), codes=("5xx",)),
    ReplyRule(D("temporary_failure", "warning",
                "The server had a temporary problem ({reply}).",
                "Wait a few minutes and test again. Do not retry in a fast loop."),
              codes=("4xx",)),
    ReplyRule(D("server_rejected", "error",
                "The server refused at the '{stage}' step ({reply}).",
                "Read the server's words above; give them to your mail provider if unclear."),
              codes=("5xx",)),
)


# Every rule of the catalogue, in the order they are tried (the enhanced-code table sits
# between PROVIDER_RULES and CAUSE_PHRASES).
REPLY_RULES: tuple[ReplyRule, ...] = PROVIDER_RULES + CAUSE_PHRASES + FALLBACK_RULES


def _choose(stage: str, code: int, enhanced: str, text: str, host: str,
            parsed: enhanced_codes.EnhancedCode | None) -> Diagnosis | None:
    for rule in PROVIDER_RULES:
        if rule.matches(stage, code, enhanced, text, host):
            return rule.diagnosis
    if parsed is not None and not parsed.generic:
        entry = BY_ENHANCED.get(parsed.key)
        if entry is not None and (not entry[1] or stage in entry[1]):
            return entry[0]
    for rule in CAUSE_PHRASES:
        if rule.matches(stage, code, enhanced, text, host):
            return rule.diagnosis
    if parsed is not None and not parsed.registered and parsed.klass == str(code)[:1]:
        by_subject = BY_SUBJECT.get(parsed.subject)
        if by_subject is not None and stage not in ("greeting", "ehlo", "auth"):
            return by_subject
    for rule in FALLBACK_RULES:
        if rule.matches(stage, code, enhanced, text, host):
            return rule.diagnosis
    return None


def diagnose_reply(stage: str, code: int, enhanced: str, text: str, **values: str) -> Finding:
    """The finding for a negative reply; every reply gets one.

    `values` fill the message templates; `host` also selects provider-specific rules.
    """
    host = values.get("host", "")
    reply = " ".join(f"{code} {enhanced} {text}".split())
    parsed = enhanced_codes.parse(enhanced)
    diagnosis = _choose(stage, code, enhanced, text.lower(), host, parsed)
    if diagnosis is None:
        return Finding("server_rejected", "error",
                       f"The server answered {reply} at '{stage}'.", "")
    scope = "mailbox" if "for the mailbox" in text.lower() else "tenant"
    # The server's own words, quoted as such (they may hold brackets of their own); the
    # meaning of its status code is the diagnosis itself, the code stays in the reply.
    quoted = f"the server said “{_first_line(reply)}”"
    finding = diagnosis.finding(**{**values, "reply": quoted, "stage": stage, "scope": scope})
    by_code = parsed is not None and BY_ENHANCED.get(parsed.key, (None,))[0] is diagnosis
    if parsed is None or not parsed.registered or by_code:
        return finding
    # A general diagnosis: the registered meaning of the code says what it is about.
    meaning = enhanced_codes.REGISTERED[parsed.key]
    return Finding(finding.code, finding.severity,
                   f"{finding.message} Its status code {parsed} means: {meaning}.",
                   finding.fix)


def _first_line(reply: str, limit: int = 140) -> str:
    return reply if len(reply) <= limit else reply[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------ local failures

LOCAL_FAILURES: dict[str, Diagnosis] = {
    "host_not_found": D("host_not_found", "error",
        "The mail server name {host} could not be found in DNS.",
        "Check the spelling of the Outgoing Mail Server (SMTP), e.g. smtp.office365.com."),
    "host_no_address": D("host_not_found", "error",
        "The name {host} exists but has no address for a server.",
        "Check the Outgoing Mail Server (SMTP): it is probably the wrong name."),
    "dns_timeout": D("dns_timeout", "error",
        "The DNS server did not answer when looking up {host}.",
        "Check this computer's network connection and DNS servers (or the DNS servers "
        "set in this tool's network options)."),
    "connection_refused": D("connection_refused", "error",
        "{host} refused the connection on port {port}: no mail service is listening there.",
        "Check the Port: 587 for STARTTLS, 465 for SSL/TLS. If those are right, a firewall "
        "may be blocking it."),
    "connection_timeout": D("connection_timeout", "error",
        "{host} did not answer on port {port} within {timeout} seconds.",
        "Check the Port and ask IT whether a firewall or the internet provider blocks "
        "outgoing port {port} (port 25 is often blocked; use 587 or 465)."),
    "network_unreachable": D("connection_timeout", "error",
        "This computer cannot reach {host} ({detail}).",
        "Check the network connection, VPN and proxy settings."),
    "tls_handshake_failed": D("tls_handshake_failed", "error",
        "The encrypted connection with {host} could not be set up ({detail}). Most often "
        "the server offers only an old TLS version (1.0/1.1) that this computer no longer "
        "accepts, or a security product in between breaks the connection.",
        "Ask the mail provider whether the server supports TLS 1.2 or newer (required by "
        "Microsoft 365 and Gmail too). If your company uses a security proxy, add its CA "
        "certificate under Extra CA certificates."),
    "tls_on_plain_port": D("wrong_security_mode", "error",
        "Port {port} on {host} expects a plain start with STARTTLS, but the setting is "
        "SSL/TLS (encrypted from the first byte).",
        "{erp_fix}"),
    "plain_on_tls_port": D("wrong_security_mode", "error",
        "Port {port} on {host} expects SSL/TLS from the first byte, but the test used "
        "{security}.",
        "{erp_fix}"),
    "certificate_untrusted": D("certificate_untrusted", "error",
        "The certificate of {host} is not from an authority this computer trusts "
        "({detail}). The connection could be intercepted, so the test stopped.",
        "If your company inspects traffic, add its CA certificate under Extra CA "
        "certificates; otherwise ask the mail provider, and never turn checking off."),
    "certificate_expired": D("certificate_untrusted", "error",
        "The certificate of {host} has expired ({detail}).",
        "Tell the mail server's admin to renew the certificate; check this computer's "
        "date and time too."),
    "certificate_hostname_mismatch": D("certificate_hostname_mismatch", "error",
        "The server's certificate is made out to {cert_names}, not to {host}. The "
        "connection could be intercepted, so the test stopped.",
        "Enter the Outgoing Mail Server exactly as your provider gives it (one of the "
        "names on its certificate: {cert_names}), not an IP address or an alias."),
    "starttls_not_offered": D("starttls_not_offered", "error",
        "{host} does not offer STARTTLS on port {port}, so the login would travel "
        "unencrypted. The test stopped before sending the password.",
        "Use SSL/TLS on port 465 if the server has it; otherwise ask the provider for "
        "the secure port."),
    "auth_not_offered": D("auth_not_offered", "error",
        "{host} did not offer a password login on this connection{offered}.",
        "{auth_fix}"),
    "plaintext_auth_refused": D("plaintext_auth_refused", "error",
        "Security is None, so the password would cross the network unencrypted. The test "
        "did not send it.",
        "Choose STARTTLS or SSL/TLS. Only on a trusted office network with a server that "
        "has no encryption, confirm sending the password unencrypted."),
    "server_closed_connection": D("server_closed_connection", "error",
        "{host} closed the connection during '{stage}' without an explanation.",
        "Test again in a few minutes. If it keeps happening at the same step, the server "
        "or a firewall/antivirus on this computer is cutting the connection."),
    "server_timeout": D("server_timeout", "error",
        "{host} stopped answering during '{stage}' (nothing for {timeout} seconds).",
        "Test again later; if it persists, a firewall or antivirus that scans mail may be "
        "holding the connection, or the server is overloaded."),
    "not_smtp_server": D("not_smtp_server", "error",
        "The service on {host} port {port} is not a mail server ({detail}).",
        "Check the Port (587 or 465) and the Outgoing Mail Server name."),
    "time_budget_used": D("server_timeout", "error",
        "{host} answered too slowly: the whole test may take {timeout} seconds, and they "
        "were used up during '{stage}'.",
        "Test again later. If every step is this slow, the server or a mail-scanning "
        "firewall/antivirus is holding the connection; A2000ERP will wait on it too. "
        "Give the test more time only to see how far it gets (--timeout)."),
    "reply_too_long": D("reply_too_long", "error",
        "The service on {host} port {port} sent {detail}, far longer than any mail "
        "server's reply, so the test stopped reading it.",
        "Check the Port (587 or 465) and the Outgoing Mail Server name; if they are right, "
        "tell the mail provider that the server answers with endless text."),
    "smtputf8_not_offered": D("smtputf8_not_offered", "error",
        "{host} does not offer SMTPUTF8, which an address with letters beyond ASCII before "
        "the @ needs ({sender} to {recipient}). Without it the address would arrive "
        "mangled, so nothing was sent.",
        "Use an address with only plain ASCII letters before the @, or a mail server that "
        "supports SMTPUTF8 (RFC 6531)."),
    "ca_file_unreadable": D("ca_file_unreadable", "error",
        "The Extra CA certificates file could not be used ({detail}).",
        "Choose a PEM file with the CA certificates, or clear the field."),
    "cancelled": D("cancelled", "info",
        "The test was cancelled before it finished.", "Start it again when ready."),
}


def diagnose_local(kind: str, **values: str) -> Finding:
    return LOCAL_FAILURES[kind].finding(**values)


# ------------------------------------------------------------------ advice on success

def provider_advice(host: str, used_password_login: bool) -> list[Finding]:
    """Advice on a provider's future, e.g. Microsoft 365 retiring password sign-in: the
    dated facts, their source and the exit plan come from the A2000ERP profile data."""
    from a2k_settings_gui.core.erp_profile import microsoft_365_exit_plan

    findings = []
    if used_password_login and _MICROSOFT_HOST_RE.search(host):
        findings.append(microsoft_365_exit_plan(host))
    return findings
