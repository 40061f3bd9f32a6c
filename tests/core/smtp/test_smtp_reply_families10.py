"""Round-10 families (reply_families10.py): the kinds of round 10's misses both blind
readers labelled alike, each with more published wordings of the same cause and replies the
family must leave alone. Sources of the wordings: tests/data/replies/documented_families.yml
(the "round-10 families" part) and held_out_round10.yml."""

from __future__ import annotations

import pytest

from tests.core.smtp.test_smtp_reply_verdicts import read

ERP_FIRST = "On A2000ERP's Email Setting screen"
NOTHING_THERE = "Nothing on A2000ERP's Email Setting screen causes this"


@pytest.mark.parametrize("stage", ["ehlo", "starttls"])
@pytest.mark.parametrize("raw", [
    "500 5.0.0 'XXXXXXXX': command not understood.",
    "502 5.5.1 Command not implemented.",
    "502 5.5.1 Error: command not implemented",
])
def test_starttls_answered_as_an_unknown_command_is_starttls_not_offered(stage, raw):
    finding = read(stage, raw)
    assert finding.code == "starttls_not_offered"
    assert finding.fix.startswith(ERP_FIRST) and "Port to 465" in finding.fix


@pytest.mark.parametrize(("stage", "raw", "code"), [
    # The same words at other steps stay what they were: the step decides, not the words.
    ("mail_from", "502 5.5.1 Command not implemented.", "server_rejected"),
    ("rcpt_to", "500 5.0.0 'XXXXXXXX': command not understood.", "recipient_rejected"),
    ("auth", "502 5.5.1 Error: command not implemented", "auth_not_offered"),
    # Exchange's answer to a STARTTLS it had not offered: round 6's first reader's label.
    ("ehlo", "500 5.3.3 Unrecognized command", "server_rejected"),
    # A 4xx "TLS not available" and a TLS already running keep their own findings.
    ("ehlo", "454 TLS not available due to temporary reason", "temporary_failure"),
    ("ehlo", "454 Command not permitted when TLS active", "wrong_security_mode"),
])
def test_the_unknown_command_family_holds_only_at_the_starttls_step(stage, raw, code):
    assert read(stage, raw).code == code


@pytest.mark.parametrize("raw", [
    "554-5.7.0 Too Many Unauthenticated commands. For more information, go to\r\n554 5.7.0  "
    "https://support.google.com/a/answer/3221692 a640c23a62f3a-a8d2593cffcsm887424466b.55 - "
    "gsmtp",
    "554 5.7.0 Too many unauthenticated commands.",
    "550 5.1.0 piWs1j0010jifNx01iWsdh authentication failed",
])
def test_mail_commands_without_a_login_are_auth_required(raw):
    finding = read("mail_from", raw)
    assert finding.code == "auth_required"
    assert finding.fix.startswith(ERP_FIRST) and "Email Password" in finding.fix


@pytest.mark.parametrize(("stage", "raw", "code"), [
    # At the login itself "authentication failed" is a refused password.
    ("auth", "535 5.7.8 Error: authentication failed: authentication failure",
     "auth_failed"),
    # A 4xx count of unauthenticated commands (nodemailer's smtp-server) is not read as a
    # missing login: it asks to come back later.
    ("mail_from", "421 Error: too many unauthenticated commands", "rate_limited"),
    # "Authentication failed" with more words at RCPT stays the older rule's.
    ("rcpt_to", "550 5.7.1 Authentication failed", "auth_failed"),
])
def test_the_no_login_family_leaves_refused_passwords_and_4xx_alone(stage, raw, code):
    assert read(stage, raw).code == code


@pytest.mark.parametrize("raw", [
    "504 5.5.2 <JKLJLKJ@KJHJ>: Recipient address rejected: need fully-qualified address",
    "501 www-data: recipient address must contain a domain",
])
def test_a_recipient_that_is_not_a_full_address_is_the_recipients(raw):
    finding = read("rcpt_to", raw)
    assert finding.code == "recipient_rejected"
    assert finding.fix.startswith(NOTHING_THERE)


@pytest.mark.parametrize(("stage", "raw", "code"), [
    ("mail_from", "504 5.5.2 <JKLJLKJ>: Sender address rejected: need fully-qualified address",
     "sender_address_invalid"),
    ("rcpt_to", "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname",
     "server_rejected"),
])
def test_the_recipient_fqdn_family_leaves_the_sender_and_helo_alone(stage, raw, code):
    assert read(stage, raw).code == code


@pytest.mark.parametrize("raw", [
    "550 Rejected due to bad file extension in attachment",
    "554 5.7.1 Message cannot be accepted, 'blocked file type \"*.*\"'",
])
def test_an_attachment_refused_for_its_type_is_content_rejected(raw):
    finding = read("data", raw)
    assert finding.code == "content_rejected"


def test_the_attachment_fix_says_no_setting_causes_it():
    finding = read("data", "550 Rejected due to bad file extension in attachment")
    assert finding.fix.startswith(NOTHING_THERE) and "PDF" in finding.fix


@pytest.mark.parametrize(("raw", "code"), [
    ("552 5.3.4 Message size exceeds fixed limit", "message_too_large"),
    ("554 5.7.1 Message rejected as spam", "content_rejected"),
])
def test_the_attachment_family_leaves_size_and_spam_verdicts_alone(raw, code):
    assert read("data", raw).code == code


@pytest.mark.parametrize(("stage", "raw"), [
    ("data", "541 5.4.1 Mail rejected by destination domain"),
    ("rcpt_to", "541 5.4.1 Mail rejected by destination domain"),
    ("rcpt_to", "452 <example@zoho.com> Mailbox delivery restricted by policy error"),
])
def test_the_recipient_domains_own_filters_are_policy_rejected(stage, raw):
    finding = read(stage, raw)
    assert finding.code == "policy_rejected"
    assert finding.fix.startswith(NOTHING_THERE)


@pytest.mark.parametrize(("raw", "code"), [
    # Zoho's unknown mailbox (sisimai files it as such) and Exchange's 5.4.1 access denied.
    ("552 5.1.1 <example@zoho.com> Mailbox delivery failure policy error",
     "recipient_rejected"),
    ("550 5.4.1 Recipient address rejected: Access denied", "recipient_rejected"),
])
def test_the_destination_family_leaves_unknown_recipients_alone(raw, code):
    assert read("rcpt_to", raw).code == code


@pytest.mark.parametrize(("stage", "raw"), [
    ("mail_from", "421 SPF validation failed with result \"temperror\" and explanation \"SPF "
                  "Temporary Error: DNS: TCP Fallback error: no working nameservers found\""),
    ("rcpt_to", "451 SPF check temporary error. Try again later"),
    ("rcpt_to", "451 4.5.1 Temporary DNS error while checking SPF record. Try again later."),
])
def test_an_spf_temperror_is_a_temporary_failure(stage, raw):
    finding = read(stage, raw)
    assert finding.code == "temporary_failure"
    assert finding.fix.startswith(NOTHING_THERE)


def test_the_temperror_family_leaves_spf_failures_and_5xx_alone():
    assert read("rcpt_to", "550 5.7.23 SPF fail - not authorized").code == "spf_rejected"
    # A 5xx is never temporary, whatever its words.
    assert read("rcpt_to", "550 5.7.1 SPF temperror").code not in ("temporary_failure",
                                                                      "server_busy")


def test_a_sender_domain_that_may_not_exist_after_the_recipient_is_the_senders():
    finding = read("data", "550 Domain may not exist or DNS check failed")
    assert finding.code == "sender_address_invalid"
    assert finding.fix.startswith(ERP_FIRST) and "Sender Email ID" in finding.fix


def test_at_rcpt_a_domain_that_may_not_exist_stays_the_recipients():
    assert read("rcpt_to", "550 5.1.2 Domain may not exist").code == "recipient_rejected"


@pytest.mark.parametrize("raw", [
    "450 4.7.1 <name@example.com>: Recipient address rejected: Policy Rejection- Quota "
    "Exceeded.",
    "554 5.7.1 <billie@holiday.com>: Recipient address rejected: Policy Rejection- Quota "
    "Exceeded.",
])
def test_a_policy_services_quota_is_the_senders_quota(raw):
    finding = read("rcpt_to", raw)
    assert finding.code == "quota_exceeded"
    assert "Batch Interval" in finding.fix


@pytest.mark.parametrize("raw", [
    "452 4.2.2 <name@example.com>: Recipient address rejected: Mailbox quota exceeded",
    "550 5.2.2 Quota exceeded",
])
def test_the_policy_quota_family_leaves_full_mailboxes_alone(raw):
    assert read("rcpt_to", raw).code == "mailbox_full"
