"""Every provider reply of email-facts §2 (and Gmail §1 samples), answered by a real server.

The server (aiosmtpd on loopback) answers at the given stage with the exact provider text;
the test-send must name the right finding code, quote the reply and give a fix.
"""

from __future__ import annotations

import re

import pytest

from a2k_settings_gui.core.smtp.check import TestMode, run_test_send
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import (
    DEFAULT_PASSWORD,
    settings_for,
)

# Fixtures from the shared loopback-server module.
smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers

# (stage the server answers at, exact reply, expected finding code)
PROVIDER_REPLIES = [
    # Gmail / Google Workspace
    ("auth", "535-5.7.8 Username and Password not accepted. For more information, go to\r\n"
             "535 5.7.8  https://support.google.com/mail/?p=BadCredentials",
     "app_password_required"),
    ("auth", "534-5.7.9 Application-specific password required. For more information, go to\r\n"
             "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor",
     "app_password_required"),
    ("auth", "534 5.7.14 Please log in through your web browser and then try again.",
     "web_login_required"),
    ("mail_from", "530 5.7.0 Must issue a STARTTLS command first.", "starttls_required"),
    ("mail_from", "530 5.7.0 Authentication Required.", "auth_required"),
    ("auth", "504 5.7.4 Unrecognized authentication type.", "auth_mechanism_rejected"),
    ("auth", "454 4.7.0 Too many login attempts, please try again later.", "rate_limited"),
    ("mail_from", "421 4.7.0 Try again later, closing connection.", "rate_limited"),
    ("data", "550 5.4.5 Daily user sending limit exceeded.", "quota_exceeded"),
    ("data", "550 5.4.5 Daily SMTP relay limit exceeded for user.", "quota_exceeded"),
    ("data", "552 5.3.4 Your message exceeded Google's message size limits.",
     "message_too_large"),
    ("rcpt_to", "550 5.7.1 [192.0.2.7] The IP you're using to send mail is not authorized to "
                "send email directly to our servers. Please use the SMTP relay at your "
                "service provider instead.", "relay_denied"),
    ("rcpt_to", "550 5.7.0 Mail relay denied [192.0.2.7]. Invalid credentials for relay for "
                "one of the domains in: example.com", "relay_denied"),
    ("data", "550-5.7.26 This mail is unauthenticated, which poses a security risk to the\r\n"
             "550 5.7.26 sender and Gmail users, and has been blocked.",
     "unauthenticated_sender"),
    ("data", "421-4.7.26 This mail has been rate limited because it is unauthenticated.\r\n"
             "421 4.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.",
     "unauthenticated_sender"),
    ("data", "550 5.7.25 The IP address sending this message does not have a PTR record "
             "setup.", "reverse_dns_missing"),
    # Microsoft 365 / Exchange Online
    ("auth", "535 5.7.3 Authentication unsuccessful", "auth_failed"),
    ("auth", "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled "
             "for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.",
     "basic_auth_disabled"),
    ("auth", "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled "
             "for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.",
     "basic_auth_disabled"),
    ("auth", "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.",
     "basic_auth_disabled"),
    ("auth", "550 5.7.30 Basic authentication is not supported for Client Submission.",
     "basic_auth_disabled"),
    ("mail_from", "530 5.7.57 Client not authenticated to send mail. Error: 535 5.7.139",
     "auth_required"),
    ("mail_from", "550 5.7.57 Client not authenticated to send anonymous mail during MAIL FROM",
     "auth_required"),
    ("data", "550 5.7.60 SMTP; Client does not have permissions to send as this sender",
     "sender_not_allowed"),
    ("data", "554 5.2.252 SendAsDenied; sender@example.com not allowed to send as "
             "boss@example.com; STOREDRV.Submission.Exception:SendAsDeniedException",
     "sender_not_allowed"),
    ("mail_from", "432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded",
     "rate_limited"),
    ("data", "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; "
             "Failed to process message due to a permanent exception", "quota_exceeded"),
    ("mail_from", "550 5.1.8 Access denied, bad outbound sender", "sender_blocked"),
    # Yahoo
    ("rcpt_to", "421 4.7.0 [TSS04] Messages from 192.0.2.7 temporarily deferred due to "
                "unexpected volume or user complaints", "rate_limited"),
    ("data", "554 5.7.9 Message not accepted for policy reasons.  See "
             "https://senders.yahooinc.com/error-codes", "policy_rejected"),
    ("mail_from", "553 5.7.2 [TSS06] All messages from 192.0.2.7 will be permanently "
                  "deferred; Retrying will NOT succeed.", "ip_blocked"),
    # Postfix / Dovecot / generic
    ("rcpt_to", "554 5.7.1 <boss@example.net>: Relay access denied", "relay_denied"),
    ("rcpt_to", "553 5.7.1 <sender@example.com>: Sender address rejected: not owned by user "
                "sender@example.com", "sender_not_allowed"),
    ("data", "552 5.3.4 Message size exceeds fixed limit", "message_too_large"),
    ("auth", "535 5.7.8 Error: authentication failed: authentication failure", "auth_failed"),
    ("rcpt_to", "550 5.1.1 <boss@example.net>: Recipient address rejected: User unknown in "
                "virtual mailbox table", "recipient_rejected"),
    ("greeting", "421 4.3.2 Service not available, closing transmission channel",
     "server_busy"),
    ("greeting", "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using "
                 "zen.spamhaus.org", "connection_rejected"),
    ("starttls", "454 4.7.0 TLS not available due to local problem", "tls_handshake_failed"),
    ("data_command", "451 4.3.0 Mail server temporarily rejected message.",
     "temporary_failure"),
    ("data", "550 5.7.1 Message rejected as spam by Content Filtering.", "server_rejected"),
]


@pytest.mark.parametrize(("stage", "reply", "code"), PROVIDER_REPLIES,
                         ids=[f"{r[0]}-{r[1][:20]}" for r in PROVIDER_REPLIES])
def test_provider_reply_becomes_the_right_finding(smtp_servers, smtp_ca, stage, reply, code):
    tls = "plain" if stage == "mail_from" and "STARTTLS" in reply else "starttls"
    server = smtp_servers(tls=tls, replies={stage: reply})
    security = "none" if tls == "plain" else "starttls"
    result = run_test_send(settings_for(server, security), "" if tls == "plain" else
                           DEFAULT_PASSWORD, recipient="boss@example.net", mode=TestMode.SEND,
                           timeout=5, ca_file=smtp_ca.cafile)
    assert not result.ok
    finding = result.findings[0]
    assert finding.code == code, (finding, result.transcript)
    assert finding.severity in ("error", "warning")
    assert finding.fix
    expected_stage = {"data_command": "data"}.get(stage, stage)
    assert result.stage == expected_stage
    assert result.reply is not None
    assert str(result.reply.code) == reply[:3]
    assert reply[:3] in finding.message  # the admin sees the server's own words too
    enhanced = re.match(r"\d{3}[ -]([245]\.\d+\.\d+)", reply)
    assert result.reply.enhanced == (enhanced.group(1) if enhanced else "")
