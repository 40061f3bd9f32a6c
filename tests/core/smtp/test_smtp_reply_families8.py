"""Round-8 families (reply_families8.py): the kinds of round 8's misses both blind readers
labelled alike, each with more published wordings of the same cause and a reply the family
must not take. Sources of the wordings: tests/data/replies/documented_families.yml (the
"round-8 families" part) and held_out_round8.yml."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.smtp.replies import diagnose_reply
from a2k_settings_gui.core.smtp.session import parse_reply
from tests.core.smtp.test_smtp_reply_verdicts import VALUES, read

TLS_ACTIVE = "454 Command not permitted when TLS active"


@pytest.mark.parametrize("raw", [
    "535 5.7.139 Autenticação malsucedida, a solicitação não atendeu aos critérios para ser "
    "autenticada com sucesso. Entre em contato com seu administrador. "
    "[MN2PR07CA0004.namprd07.prod.outlook.com 2024-08-13T18:27:55.030Z 08DCBB430284475F]",
    "535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be "
    "authenticated successfully. Contact your administrator.",
    "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
    "Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.",
])
def test_microsofts_5_7_139_in_any_words_is_password_sign_in_blocked(raw):
    finding = read("auth", raw)
    assert finding.code == "basic_auth_disabled"
    assert "Microsoft 365 admin" in finding.fix


@pytest.mark.parametrize("raw", [
    "535 5.7.139 Authentication unsuccessful, the user credentials were incorrect.",
    "535 5.7.139 Authentication unsuccessful, the user credentials were incorrect. "
    "[PH0PR07CA0004.namprd07.prod.outlook.com]",
])
def test_microsofts_5_7_139_naming_wrong_credentials_is_a_wrong_password(raw):
    finding = read("auth", raw)
    assert finding.code == "auth_failed"
    # The ERP's screen first: the fields the admin types there.
    assert finding.fix.startswith("On A2000ERP's Email Setting screen")
    assert "Email Password" in finding.fix and "Sender Email ID" in finding.fix


def test_microsofts_plain_5_7_3_stays_a_refused_login():
    assert read("auth", "535 5.7.3 Authentication unsuccessful").code == "auth_failed"


@pytest.mark.parametrize(("stage", "raw"), [
    ("ehlo", TLS_ACTIVE),
    ("starttls", TLS_ACTIVE),
    ("starttls", "554 5.5.1 Error: TLS already active"),
])
def test_starttls_on_an_encrypted_connection_is_the_wrong_security_mode(stage, raw):
    finding = read(stage, raw)
    assert finding.code == "wrong_security_mode"
    assert "A2000ERP" in finding.fix and "Port" in finding.fix
    assert "{" not in finding.fix  # no template field left unfilled


@pytest.mark.parametrize(("port", "words"), [
    ("465", "Keep Port 465 in A2000ERP: it uses SSL/TLS on that port by itself"),
    ("2465", "In A2000ERP, change Port to 465 (SSL/TLS) or 587 (STARTTLS)"),
])
def test_the_security_mode_fix_names_the_erps_port_for_the_port_tested(port, words):
    reply = parse_reply([TLS_ACTIVE])
    finding = diagnose_reply("starttls", reply.code, reply.enhanced, reply.text,
                             **{**VALUES, "port": port})
    assert finding.code == "wrong_security_mode"
    assert finding.fix.startswith(words)


@pytest.mark.parametrize("raw", [
    "454 TLS not available due to temporary reason",
    "454 4.7.0 TLS not available due to local problem",
])
def test_a_passing_tls_trouble_is_not_called_a_security_mode_or_missing_starttls(raw):
    assert read("ehlo", raw).code == "temporary_failure"


def test_starttls_without_a_certificate_is_starttls_not_offered_with_the_erp_port_fix():
    finding = read("ehlo", "454 4.3.5 unable to start TLS: no certificate configured")
    assert finding.code == "starttls_not_offered"
    assert finding.fix.startswith("On A2000ERP's Email Setting screen change Port to 465")


@pytest.mark.parametrize(("stage", "raw"), [
    ("auth", "451 Authentication failed: Maximum credits exceeded"),
    ("data", "451 You've exceeded your messaging limits"),
])
def test_a_sending_services_used_up_credits_are_its_quota(stage, raw):
    finding = read(stage, raw)
    assert finding.code == "quota_exceeded"
    assert "credits" in finding.fix


def test_a_per_user_rate_limit_stays_a_rate_limit():
    assert read("data", '451 4.7.1 Ratelimit "user" exceeded').code == "rate_limited"


def test_a_recipients_locked_or_deactivated_address_is_a_disabled_mailbox():
    finding = read("rcpt_to", "554 5.7.1 <mail-pg1-f174.google.com[]>: Client host rejected: "
                              "Address locked or deactivated; see "
                              "http://mail.messagingengine.com/docs/locked.html")
    assert finding.code == "mailbox_disabled"


@pytest.mark.parametrize(("raw", "code"), [
    # Postfix's own client refusal stays the IP's; "your account" is the sender's.
    ("554 5.7.1 <unknown[192.0.2.7]>: Client host rejected: Access denied", "ip_blocked"),
    ("550 5.7.1 Your account is locked", "sender_blocked"),
])
def test_the_locked_address_family_leaves_the_client_and_the_sender_alone(raw, code):
    assert read("rcpt_to", raw).code == code


@pytest.mark.parametrize(("stage", "raw"), [
    ("greeting", "554 IP=192.0.2.7 - None/bad reputation. Ask your postmaster for help or to "
                 "contact tobr@rx.t-online.de for reset. (NOWL)"),
    ("greeting", "554-mx.example.com.mx\r\n554 Your access to this mail system has been "
                 "rejected due to the sending MTA's poor reputation. If you believe that this "
                 "failure is in error, please contact the intended recipient via alternate "
                 "means."),
    ("rcpt_to", "550 5.7.1 Rejected because of the sending MTA's poor reputation"),
    ("greeting", "421 4.7.0  : Sender IP rejected: sending IP has insufficient reputation.  "
                 "Please retry later."),
])
def test_reputation_named_as_the_reason_is_sender_reputation(stage, raw):
    assert read(stage, raw).code == "sender_reputation"


@pytest.mark.parametrize(("stage", "raw", "code"), [
    # A named public list still says block list; T-Online's (BL) is its own IP block.
    ("greeting", "554 p3plibsmtp03-07.prod.phx3.secureserver.net CMGW IB103. Connection "
                 "refused. 192.0.2.7 has a poor reputation on Cloudmark Sender Intelligence "
                 "(CSI). Please visit http://csi.cloudmark.com/reset-request/?ip=192.0.2.7 to "
                 "request a delisting.", "ip_blocklisted"),
    ("greeting", "554 IP=192.0.2.7 - A problem occurred. (Ask your postmaster for help or to "
                 "contact tobr@rx.t-online.de to clarify.) (BL)", "ip_blocked"),
])
def test_the_reputation_family_leaves_named_lists_and_own_blocks_alone(stage, raw, code):
    assert read(stage, raw).code == code


@pytest.mark.parametrize(("stage", "raw"), [
    ("mail_from", "550 5.7.1 Service unavailable, MailFrom domain is listed in Spamhaus. To "
                  "request removal from this list see https://www.spamhaus.org/query/lookup/ "
                  "(S8002) [#.eop-nam02.prod.protection.outlook.com]"),
    ("rcpt_to", "554 5.7.1 Service unavailable; Sender address [sender@example.com] blocked "
                "using dbl.spamhaus.org; https://www.spamhaus.org/query/dbl?domain=example.com"),
])
def test_the_sender_domain_on_a_domain_block_list_is_its_reputation_not_the_ips(stage, raw):
    finding = read(stage, raw)
    assert finding.code == "sender_reputation"
    assert "check.spamhaus.org" in finding.fix


@pytest.mark.parametrize(("raw", "code"), [
    ("554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org; "
     "https://www.spamhaus.org/query/ip/192.0.2.7", "ip_blocklisted"),
    ("554 5.7.1 Service unavailable; Sender address [user@example.com] blocked using "
     "dbl.spamhaus.org; Error: open resolver; "
     "https://check.spamhaus.org/returnc/pub/192.0.2.7/", "server_rejected"),
])
def test_an_ip_listing_and_a_broken_list_lookup_keep_their_own_codes(raw, code):
    assert read("rcpt_to", raw).code == code


def test_exchanges_submission_rate_limit_is_a_rate_limit_whatever_4_4_2_says():
    finding = read("mail_from", "421 4.4.2 Message submission rate for this client has "
                                "exceeded the configured limit")
    assert finding.code == "rate_limited"
    assert "the words decide" in finding.message
    assert "Batch Interval" in finding.fix
    assert read("mail_from", "451 4.4.2 connection dropped").code == "temporary_failure"


@pytest.mark.parametrize(("stage", "raw", "code"), [
    ("greeting", "421 cmsmtp blocked. Refer to Error Codes section at for more information. "
                 "AUP#CXCNCT", "rate_limited"),
    ("greeting", "421 cox too many sessions from 192.0.2.7 AUP#CXCNCT", "rate_limited"),
    ("greeting", "554 cdptpa-ibmta.cox.net cox 192.0.2.7 rejected - no rDNS - AUP#CXDNS",
     "reverse_dns_missing"),
    ("rcpt_to", "554 cox too many invalid recipients from 192.0.2.7 AUP#CXBL", "ip_blocked"),
    # The codes' documented meanings (postmaster.cox.net Error Codes), in Cox's reply form.
    ("greeting", "554 cox 192.0.2.7 rejected AUP#IPBL0001", "ip_blocklisted"),
    ("auth", "535 Email sending blocked due to suspicious account activity AUP#CXMJ",
     "sender_blocked"),
])
def test_coxs_aup_codes_decide_over_their_shared_words(stage, raw, code):
    assert read(stage, raw).code == code
