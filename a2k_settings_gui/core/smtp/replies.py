"""The diagnosis catalogue: what a server reply means, and the fix.

A negative reply is read in these steps; the first that knows it decides:

1. `PROVIDER_RULES`: replies that providers document with their own meaning (Gmail's
   5.7.26 DMARC words, Microsoft's 5.7.139 and 5.7.5xx, Yahoo's TSS06 …) and the
   login/encryption steps. Providers reuse registered enhanced codes for their own causes
   (Gmail's 5.2.1 "receiving mail at a rate", Microsoft's 5.4.1 edge block), so their
   documented text beats both the words and the code.
2. The words (reply_causes.CAUSE_PHRASES): words that name a cause beat an enhanced code
   that contradicts them ("550 5.2.1 … User Unknown" is an unknown user, not a disabled
   mailbox). When the words also name the code's own cause, the code's reading is kept.
3. The enhanced status code (RFC 3463 / RFC 5248, the IANA registry in enhanced_codes.py)
   when it names a cause: 552 5.2.2 is a full mailbox, whatever the basic code says; then
   an unregistered code's subject (5.7.509 -> policy).
4. `FALLBACK_RULES`: the basic code and the stage (500-504 and 555 are protocol errors,
   whatever step they came at).

The basic code's class is never contradicted: a 5xx is never read as temporary, a 4xx
never as a permanent-only refusal, and the status line takes its class from the basic
code. When words and code disagree the finding says so ("The server says … (its code
5.2.1 would mean …)").

Every message ends with what the enhanced code means, so even an unknown reply tells the
admin "mailbox status, permanent failure". Messages and fixes may use {host}, {port},
{sender}, {login}, {recipient}, {reply}. Sources of the provider replies: reference/
email-facts.md §1-2 and tests/core/smtp/reply_catalogue.py (each reply with its URL);
`LOCAL_FAILURES` (local_failures.py) covers what happens before a server can answer (DNS,
TCP, TLS, silence, hang-ups).
"""

from __future__ import annotations

from dataclasses import dataclass

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.smtp import enhanced_codes
from a2k_settings_gui.core.smtp.local_failures import LOCAL_FAILURES, diagnose_local
from a2k_settings_gui.core.smtp.provider_advice import (  # noqa: F401 - also used from here
    MICROSOFT_HOST,
    provider_advice,
)
from a2k_settings_gui.core.smtp.reply_causes import (
    AUTH_WORDS,
    BY_ENHANCED,
    BY_SUBJECT,
    CAUSE_PHRASES,
    CONTENT_REJECTED,
    DELIVERY_STAGES,
    IP_BLOCKED,
    IP_BLOCKLISTED,
    MAILBOX_FULL,
    MESSAGE_TOO_LARGE,
    POLICY,
    PROTOCOL,
    QUOTA_EXCEEDED,
    RATE_LIMITED,
    RECIPIENT_UNKNOWN,
    SENDER_ADDRESS_INVALID,
    SENDER_BANNED,
    SENDER_NAMED,
    SPF_REJECTED,
)
from a2k_settings_gui.core.smtp.reply_families import PROVIDER_TEXTS
from a2k_settings_gui.core.smtp.reply_families8 import erp_values
from a2k_settings_gui.core.smtp.reply_rule import (
    PERMANENT_ONLY_CODES,
    TEMPORARY_CODES,
    D,
    Diagnosis,
    ReplyRule,
)
from a2k_settings_gui.core.smtp.reply_status import status_note

__all__ = ["LOCAL_FAILURES", "REPLY_RULES", "diagnose_local", "diagnose_reply",
           "provider_advice"]

GMAIL_HOST = r"(^|\.)(gmail|googlemail|google)\.com$"
YAHOO_HOST = r"(^|\.)yahoo\.(com|co\.\w+)$"

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
    ReplyRule(SENDER_BANNED, codes=(550,), enhanced=r"5\.7\.0", text=r"suspended due to abuse"),
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
    *PROVIDER_TEXTS,  # reply_families.py: more providers' and servers' own texts
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
              codes=(535, 550), enhanced=r"5\.7\.(139|30)",
              text=r"basic auth|authentication unsuccessful|smtpclientauthentication|"
                   r"client submission"),
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
    ReplyRule(D("recipient_rejected", "error",
                "Microsoft 365 refused the recipient {recipient}: no mailbox with that "
                "address exists in the recipient's organisation (its Directory-Based Edge "
                "Blocking answers 'Access denied' for unknown addresses) ({reply}).",
                "Check the recipient address for typos, or test with another address; the "
                "recipient's mail admin can confirm the address exists."),
              codes=(550,), enhanced=r"5\.4\.1|5\.7\.504",
              text=r"recipient address rejected: access denied"),
    ReplyRule(D("sender_not_allowed", "error",
                "The server does not let {login} send as {sender} ({reply}).",
                "Make the Sender Email ID the same as the login mailbox, or have the mail "
                "admin grant {login} 'Send As' permission on {sender}."),
              enhanced=r"5\.7\.60|5\.2\.252"),
    ReplyRule(D("sender_not_allowed", "error",
                "The server says {sender} does not belong to the login {login} ({reply}).",
                "Use a Sender Email ID that belongs to the login account, or log in as the "
                "owner of {sender}."),
              codes=(553, 550), text=r"not owned by (auth )?user"),
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
              codes=(550,), enhanced=r"5\.1\.8", text=r"bad outbound sender"),
    ReplyRule(QUOTA_EXCEEDED, text=r"submission ?quota"),
    # Exchange's status tokens (learn.microsoft.com, Exchange NDR reference): RESOLVER.RST.*
    # are the recipient's restrictions on who may write to it, STOREDRV.* the mailbox store.
    ReplyRule(MESSAGE_TOO_LARGE, codes=("5xx",), text=r"resolver\.rst\.\w*sizelimit"),
    ReplyRule(POLICY, codes=("5xx",), text=r"resolver\.rst\.\w+"),
    ReplyRule(MAILBOX_FULL, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"quotaexceededexception|mailbox(is)?full"),
    # Exchange Online's own codes (learn.microsoft.com, "Email non-delivery reports and SMTP
    # errors in Exchange Online"): the number says more than the short words.
    ReplyRule(QUOTA_EXCEEDED, codes=("5xx",), enhanced=r"5\.1\.90"),
    ReplyRule(RATE_LIMITED, codes=("5xx",), enhanced=r"5\.2\.12[12]|5\.7\.508"),
    ReplyRule(SENDER_BANNED, codes=("5xx",), enhanced=r"5\.7\.(50[123]|705)"),
    ReplyRule(RECIPIENT_UNKNOWN, codes=("5xx",), enhanced=r"5\.7\.505|5\.1\.10",
              stages=DELIVERY_STAGES),
    ReplyRule(IP_BLOCKED, codes=("5xx",), enhanced=r"5\.7\.(507|511|513|6[0-4]\d)"),
    # Its 4.7.500-899 "Access denied, please try again later": the IP is held back for a while.
    ReplyRule(IP_BLOCKED, codes=("4xx",), enhanced=r"4\.7\.[5-8]\d\d",
              text=r"access denied, please try again later"),
    ReplyRule(POLICY, codes=("5xx",), enhanced=r"5\.7\.(12|13[3-6]|124|510)",
              text=r"not authenticated|allowed-senders|does not accept"),
    ReplyRule(D("sender_not_allowed", "error",
                "Microsoft 365 blocked sending from a domain that is not registered in this "
                "tenant ({reply}).",
                "Add and verify {sender}'s domain in the Microsoft 365 admin center "
                "(Settings > Domains), or send from an address of a verified domain."),
              codes=("5xx",), enhanced=r"5\.7\.750"),
    ReplyRule(RATE_LIMITED, codes=("4xx",), text=r"organization queue quota"),
    # T-Online documents "(BL)" as its own block list of sending IPs.
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"), text=r"@rx\.t-online\.de|\(bl\)"),
    # NetEase (163.com, 126.com, yeah.net, its enterprise mail) answers with a documented
    # two-part code (help.163.com "退信代码说明"): DT = content checks, HL/MI/RP = limits per
    # IP, sender or connection, WM = its allow lists. The code decides; its words are terse.
    ReplyRule(CONTENT_REJECTED, codes=("4xx", "5xx"),
              text=r"\bdt:(spm|sum)\b|\bmi:spb\b"),
    ReplyRule(IP_BLOCKLISTED, codes=("4xx", "5xx"), text=r"\bdt:rbl\b"),
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"),
              text=r"\b(hl:(ihu|ipb|mep|rep)|wm:bli)\b"),
    ReplyRule(RATE_LIMITED, codes=("4xx", "5xx"),
              text=r"\b(hl:(icc|ifc|ifq)|mi:(dmc|sfq|ccl|cel)|rp:(drc|qrc|ccl|cel|"
                   r"trc|rcl))\b"),
    ReplyRule(SPF_REJECTED, codes=("4xx", "5xx"), text=r"\bmi:spf\b"),
    ReplyRule(SENDER_ADDRESS_INVALID, codes=("4xx", "5xx"), text=r"\bmi:imf\b"),
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
              stages=AUTH_STAGES, codes=(454, 421), text=r"too many|\brate\b"),
    *AUTH_WORDS,  # a 535 whose words or code say more than "wrong password"
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
    ReplyRule(D("temporary_failure", "warning",
                "The receiving server could not check {sender}'s domain (SPF/DKIM/DMARC) "
                "because its DNS lookups failed for now ({reply}).",
                "Test again later. If it persists, run Check Domain: the domain's DNS "
                "servers may be failing."),
              codes=("4xx",), enhanced=r"4\.7\.26", text=r"temporary dns failure"),
    ReplyRule(SPF_REJECTED, codes=("4xx", "5xx"), enhanced=r"[45]\.7\.(26|27)",
              text=r"^(?!.*\bdkim\b).*\bspf\b"),
    ReplyRule(D("unauthenticated_sender", "error",
                "The receiving server blocked the message because {sender}'s domain could "
                "not be authenticated (SPF/DKIM/DMARC) for this server ({reply}).",
                "Run Check Domain: publish an SPF record that includes {host}, turn on DKIM "
                "signing at your mail provider, and add a DMARC record."),
              enhanced=r"[45]\.7\.(26|27|30|32|40)",
              text=r"authenticat|\bdkim\b|\bdmarc\b|\bspf\b|aligned"),
    ReplyRule(IP_BLOCKED, codes=(550,), enhanced=r"5\.7\.28"),
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
    # 500-504 and 555 are the protocol's own refusals (unknown command, bad syntax, bad
    # sequence): they say nothing about the sender or recipient at whose step they came.
    ReplyRule(PROTOCOL, stages=("ehlo", "mail_from", "rcpt_to", "data", "message", "quit"),
              codes=(500, 501, 502, 503, 504, 555), enhanced=r"(5\.5\.\d{1,3})?",
              text=r"^(?!.*\baddress)"),  # "501 Bad address syntax": the address, below
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
    ReplyRule(D("auth_failed", "error",
                "The login was refused ({reply}).",
                "Check the Login name ({login}) and the Email Password."),
              stages=AUTH_STAGES, codes=("5xx",)),
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
REPLY_RULES: tuple[ReplyRule, ...] = (PROVIDER_RULES + CAUSE_PHRASES + SENDER_NAMED
                                      + FALLBACK_RULES)


_PHRASES_BY_CODE: dict[str, tuple[ReplyRule, ...]] = {}
for _rule in CAUSE_PHRASES:
    _PHRASES_BY_CODE[_rule.diagnosis.code] = (
        *_PHRASES_BY_CODE.get(_rule.diagnosis.code, ()), _rule)


@dataclass(frozen=True)
class _Choice:
    diagnosis: Diagnosis | None
    by_code: Diagnosis | None  # what the enhanced code alone would have said


def _choose(stage: str, code: int, enhanced: str, text: str, host: str,
            parsed: enhanced_codes.EnhancedCode | None) -> _Choice:
    by_code = None
    if parsed is not None and not parsed.generic:
        entry = BY_ENHANCED.get(parsed.key)
        if entry is not None and (not entry[1] or stage in entry[1]):
            by_code = entry[0]
    for rule in PROVIDER_RULES:  # a provider's documented words beat words and code
        if rule.matches(stage, code, enhanced, text, host):
            return _Choice(rule.diagnosis, by_code)
    said = next((rule.diagnosis for rule in CAUSE_PHRASES
                 if rule.matches(stage, code, enhanced, text, host)), None)
    if said is not None and by_code is not None and said.code != by_code.code and any(
            rule.matches(stage, code, enhanced, text, host)
            for rule in _PHRASES_BY_CODE.get(by_code.code, ())):
        return _Choice(by_code, by_code)  # the words name the code's cause too
    if said is not None:
        return _Choice(said, by_code)  # words that name a cause beat the code
    if by_code is not None:
        return _Choice(by_code, by_code)
    if parsed is not None and not parsed.registered and parsed.klass == str(code)[:1]:
        by_subject = BY_SUBJECT.get(parsed.subject)
        if by_subject is not None and stage not in ("greeting", "ehlo", "auth"):
            return _Choice(by_subject, None)
    for rule in SENDER_NAMED:
        if rule.matches(stage, code, enhanced, text, host):
            return _Choice(rule.diagnosis, None)
    return _Choice(_fallback(stage, code, enhanced, text, host), None)


def _fallback(stage: str, code: int, enhanced: str, text: str, host: str) -> Diagnosis | None:
    for rule in FALLBACK_RULES:
        if rule.matches(stage, code, enhanced, text, host):
            return rule.diagnosis
    return None


def _keep_class(diagnosis: Diagnosis | None, stage: str, code: int, enhanced: str,
                text: str, host: str) -> Diagnosis | None:
    """The basic code's class wins over any cause that contradicts it (a 5.4.x routing
    code on a 550, an enhanced 4.x.x on a 5xx reply)."""
    if diagnosis is None:
        return None
    klass = str(code)[:1]
    if klass == "5" and diagnosis.code in TEMPORARY_CODES:
        return _fallback(stage, code, "", text, host)
    if klass == "4" and diagnosis.code in PERMANENT_ONLY_CODES:
        return _fallback(stage, code, "", text, host)
    return diagnosis


def diagnose_reply(stage: str, code: int, enhanced: str, text: str, **values: str) -> Finding:
    """The finding for a negative reply; every reply gets one.

    `values` fill the message templates; `host` also selects provider-specific rules.
    """
    host = values.get("host", "")
    reply = " ".join(f"{code} {enhanced} {text}".split())
    enhanced = enhanced or enhanced_codes.written_in_text(text, code)
    parsed = enhanced_codes.parse(enhanced)
    lowered = text.lower()
    choice = _choose(stage, code, enhanced, lowered, host, parsed)
    diagnosis = _keep_class(choice.diagnosis, stage, code, enhanced, lowered, host)
    if diagnosis is None:
        return Finding("server_rejected", "error",
                       f"The server answered {reply} at '{stage}'.", "")
    scope = "mailbox" if "for the mailbox" in lowered else "tenant"
    values = erp_values(diagnosis.code, values)  # a security mismatch's ERP Port fix
    finding = diagnosis.finding(**{**values, "reply": reply, "stage": stage, "scope": scope})
    if parsed is None:
        return finding
    return Finding(finding.code, finding.severity,
                   finding.message + status_note(parsed, code, diagnosis, choice.by_code, text),
                   finding.fix)
