"""Round-9 families (reply_families9.py): the kinds of round 9's misses both blind readers
labelled alike, each with more published wordings of the same cause and replies the family
must leave alone. Sources of the wordings: tests/data/replies/documented_families.yml (the
"round-9 families" part) and held_out_round9.yml."""

from __future__ import annotations

import pytest

from tests.core.smtp.test_smtp_reply_verdicts import read

ERP_FIRST = "On A2000ERP's Email Setting screen"


@pytest.mark.parametrize("raw", [
    "500 TLS Negotiation Failed",
    "554 5.7.3 Unable to initialize security subsystem",
])
def test_a_failed_tls_negotiation_after_starttls_is_the_handshake(raw):
    finding = read("ehlo", raw)
    assert finding.code == "tls_handshake_failed"
    assert finding.fix.startswith(ERP_FIRST) and "Port 465" in finding.fix


@pytest.mark.parametrize(("raw", "code"), [
    ("454 4.3.5 unable to start TLS: no certificate configured", "starttls_not_offered"),
    ("454 TLS not available due to temporary reason", "temporary_failure"),
    ("454 Command not permitted when TLS active", "wrong_security_mode"),
])
def test_the_tls_family_leaves_other_starttls_refusals_alone(raw, code):
    assert read("ehlo", raw).code == code


@pytest.mark.parametrize(("stage", "raw"), [
    ("rcpt_to", "550-\"Your IP: 192.0.2.7 : Your domain example.com is not allowed in\r\n"
                "550 header From\""),
    ("rcpt_to", "550 \"Your IP: 192.0.2.7 : Your domain gmail.com is not allowed in header "
                "From\""),
    ("data", "550 Incorrect sender header (LOCAL)"),
    ("data", "550 5.7.0 Sender or From header address rejected: not owned by authorized user"),
    ("data", "530 From/Sender name is not valid"),
])
def test_a_from_header_the_login_may_not_use_is_sender_not_allowed(stage, raw):
    finding = read(stage, raw)
    assert finding.code == "sender_not_allowed"
    assert finding.fix.startswith(ERP_FIRST) and "Sender Email ID" in finding.fix


def test_the_from_header_family_leaves_a_header_syntax_error_alone():
    # Exim's "header syntax" ACL (a malformed Sender: header) is not about permission.
    assert read("data", "550 header syntax").code != "sender_not_allowed"


@pytest.mark.parametrize(("stage", "raw", "code"), [
    # An unknown recipient and a missing login are not the sender's permission.
    ("rcpt_to", "550 5.1.1 <user@example.com>: Recipient address rejected: User unknown",
     "recipient_rejected"),
    ("auth", "530 5.7.0 Authentication required", "auth_required"),
])
def test_the_from_header_family_leaves_syntax_recipients_and_logins_alone(stage, raw, code):
    assert read(stage, raw).code == code


@pytest.mark.parametrize("raw", [
    "554 Access denied: User `arn:aws:iam::123456789012:user/mwaa-ses' is not authorized to "
    "perform `ses:SendRawEmail' on resource `arn:aws:ses:eu-west-2:123456789012:identity/"
    "sender@example.com'",
    "554 Access denied: User UserARN is not authorized to perform ses:SendRawEmail on "
    "resource IdentityARN",
])
def test_amazon_ses_refusing_the_identity_names_the_iam_permission(raw):
    finding = read("data", raw)
    assert finding.code == "sender_not_allowed"
    assert finding.fix.startswith(ERP_FIRST)
    assert "ses:SendRawEmail" in finding.fix


def test_tencent_cloud_ses_unverified_sender_is_sender_not_allowed():
    finding = read("data", "554 5.0.0 Error: transaction failed, blame it on the weather: "
                           "##SES-response-json:{\"Response\":{\"QcloudError\":{\"Error\":"
                           "{\"Code\":\"FailedOperation.NotAuthenticatedSender.操作失败。发件"
                           "sender没有经过认证，无法发送。\"}}}}")
    assert finding.code == "sender_not_allowed"
    assert finding.fix.startswith(ERP_FIRST)


@pytest.mark.parametrize(("raw", "code"), [
    ("554 Message rejected: Email address is not verified. The following identities failed "
     "the check in region US-WEST-2: sender@example.com", "sender_not_allowed"),
    ("535 Authentication Credentials Invalid", "auth_failed"),
])
def test_the_ses_families_leave_sess_own_other_replies_alone(raw, code):
    stage = "auth" if raw.startswith("535") else "data"
    assert read(stage, raw).code == code


@pytest.mark.parametrize(("stage", "raw"), [
    ("data", "554 Sender domain does not have any MX records."),
    ("data", "550 <> Sender Rejected - MAILFROM must be a valid domain. Ensure the mailfrom "
             "domain: \"\" has a valid MX or A record."),
    ("mail_from", "451 4.1.8 Domain of sender address does not resolve."),
])
def test_a_sender_domain_without_mx_is_an_invalid_sender_address(stage, raw):
    finding = read(stage, raw)
    assert finding.code == "sender_address_invalid"


def test_the_no_mx_fix_names_the_erps_sender_email_id_first():
    finding = read("data", "554 Sender domain does not have any MX records.")
    assert finding.fix.startswith(ERP_FIRST) and "Check Domain" in finding.fix


@pytest.mark.parametrize(("stage", "raw", "code"), [
    # The recipient's domain without MX is the recipient's; an SPF record's "mx" is SPF's.
    ("rcpt_to", "550 5.1.2 Host unknown: recipient domain has no MX record",
     "recipient_rejected"),
    ("rcpt_to", "550 5.7.23 SPF fail - not authorized", "spf_rejected"),
])
def test_the_no_mx_family_leaves_the_recipients_domain_and_spf_alone(stage, raw, code):
    assert read(stage, raw).code == code


@pytest.mark.parametrize("raw", [
    "550 send spam mail rejected: exceeded hour limit",
    "550 Domain example.com has exceeded the max emails per hour (3/2 (150%)) allowed. "
    "Message discarded.",
])
def test_a_count_per_hour_is_a_rate_limit_whatever_else_the_reply_says(raw):
    finding = read("data", raw)
    assert finding.code == "rate_limited"
    assert "Batch Interval" in finding.fix


@pytest.mark.parametrize(("raw", "code"), [
    ("554 5.7.1 Message rejected as spam", "content_rejected"),
    ("550 5.7.1 Exceed Sending Limit (daily)", "quota_exceeded"),
])
def test_the_hourly_family_leaves_spam_verdicts_and_daily_quotas_alone(raw, code):
    assert read("data", raw).code == code


@pytest.mark.parametrize("raw", [
    "553 That domain is not in my allowed list of rcpt hosts",
    "553 sorry, that domain isn't in my allowed list of rcpthosts",
    "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
])
def test_qmails_rcpthosts_refusal_is_relay_denied(raw):
    assert read("rcpt_to", raw).code == "relay_denied"


def test_the_rcpthosts_family_leaves_an_unknown_recipient_alone():
    assert read("rcpt_to", "550 5.1.1 <nobody@example.com>: Recipient address rejected: "
                           "User unknown in virtual mailbox table").code == "recipient_rejected"


def test_a_terminated_recipient_is_a_disabled_mailbox():
    finding = read("data", "550 Message was not accepted -- invalid mailbox. Local mailbox "
                           "example@mail.ru is unavailable: user is terminated")
    assert finding.code == "mailbox_disabled"


def test_the_terminated_family_leaves_unknown_mailboxes_and_the_senders_account():
    assert read("rcpt_to", "550 Invalid mailbox").code == "recipient_rejected"
    # At the login it is the sender's own account, never the recipient's mailbox.
    assert read("auth", "535 5.7.8 Your account has been terminated").code != \
        "mailbox_disabled"
    assert read("rcpt_to", "550 5.7.1 Your account has been terminated").code != \
        "mailbox_disabled"


@pytest.mark.parametrize("raw", [
    "554-kundenserver.de (mxeue106) Nemesis ESMTP Service not available\r\n554-No SMTP "
    "service\r\n554-IP address is black listed.\r\n554 For explanation visit "
    "http://postmaster.1and1.com/en/error-messages?ip=192.0.2.7&c=bip",
    "554-gmx.net (mxgmx007) Nemesis ESMTP Service not available\r\n554-No SMTP service\r\n"
    "554-IP address is black listed.\r\n554 For explanation visit "
    "http://postmaster.gmx.com/en/error-messages",
])
def test_united_internets_own_black_list_is_ip_blocked(raw):
    assert read("greeting", raw).code == "ip_blocked"


@pytest.mark.parametrize("raw", [
    # GMX's documented "block listed" wording (its error page) and a named public list.
    "554-gmx.net (mxgmx104) Nemesis ESMTP Service not available\r\n554-No SMTP service\r\n"
    "554-IP address is block listed.\r\n554 For explanation visit "
    "https://postmaster.gmx.net/en/case?c=r0201&i=ip&v=198.51.100.42",
    "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org",
])
def test_the_black_list_family_leaves_documented_and_public_lists_alone(raw):
    assert read("greeting", raw).code == "ip_blocklisted"
