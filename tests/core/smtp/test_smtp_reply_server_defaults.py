"""Replies in the words mail servers send by default (Postfix, Sendmail, Exim, qmail,
Exchange, amavis, rspamd) and in other languages: read by their cause, also where the
words of another cause stand beside them. Sources of each wording:
tests/data/replies/documented_families.yml."""

from __future__ import annotations

import pytest

from tests.core.smtp.test_smtp_reply_verdicts import read


@pytest.mark.parametrize(("stage", "raw"), [
    ("mail_from", "503 5.5.1 Error: send HELO/EHLO first"),
    ("mail_from", "503 sender already given"),
    ("data", "554 5.5.1 Error: no valid recipients"),
    ("mail_from", "500 Syntax error, command unrecognized"),
    # Postfix says "Client host rejected" here, yet nothing is wrong with the address.
    ("rcpt_to", "503 5.5.0 <b@example.net>: Client host rejected: Improper use of SMTP "
                "command pipelining"),
])
def test_a_protocol_error_is_not_blamed_on_the_sender_or_the_ip(stage, raw):
    finding = read(stage, raw)
    assert finding.code == "server_rejected"
    assert "protocol error" in finding.message


def test_a_malformed_address_at_rcpt_is_still_the_recipient():
    # 501 is a syntax reply, but its enhanced code names the address.
    assert read("rcpt_to", "501 5.1.3 Bad recipient address syntax").code == \
        "recipient_rejected"
    assert read("rcpt_to", "501 5.1.5 Recipient address reserved by RFC 2606").code == \
        "recipient_rejected"


@pytest.mark.parametrize(("raw", "code"), [
    ("454 4.7.1 <b@example.pt>: Relay access denied", "relay_denied"),
    ("451 Open relay not allowed - https://community.mimecast.com/docs/DOC-1369#451",
     "relay_denied"),
    ("450 4.1.1 <b@example.net>: Recipient address rejected: User unknown in local "
     "recipient table", "recipient_rejected"),
])
def test_a_4xx_that_names_its_cause_gets_the_cause_but_stays_temporary(raw, code):
    finding = read("rcpt_to", raw)
    assert finding.code == code
    assert "permanent failure" not in finding.message


def test_address_verification_names_the_recipient_unless_it_is_still_running():
    unknown = read("rcpt_to", "450 4.1.1 <b@example.net>: Recipient address rejected: "
                              "unverified address: host mx.example.net[192.0.2.1] said: "
                              "550 5.1.1 <b@example.net>: Recipient address rejected: "
                              "User unknown")
    assert unknown.code == "recipient_rejected"
    running = read("rcpt_to", "450 4.1.1 <b@example.net>: Recipient address rejected: "
                              "unverified address: Address verification in progress")
    assert running.code == "temporary_failure"


def test_a_named_public_block_list_beats_the_word_blocked():
    assert read("rcpt_to", "550 5.7.1 Mail from 192.0.2.7 refused - see "
                           "http://www.spamhaus.org/query/bl?ip=192.0.2.7").code == \
        "ip_blocklisted"
    assert read("greeting", "550 mwinf5c14 ME Adresse IP source bloquee pour incident de "
                            "spam. Client host blocked for spamming issues. OFR006_102 Ref "
                            "http://csi.cloudmark.com/reset-request/?ip=192.0.2.7 "
                            "[102]").code == "ip_blocklisted"
    # Without a list named, the provider's own block.
    assert read("greeting", "550 IP 192.0.2.7 is blocked by EarthLink. Go to "
                            "earthlink.net/block for details.").code == "ip_blocked"


def test_cpanel_words_name_the_recipient_at_rcpt_and_the_sender_in_a_sender_check():
    words = ("The mail server could not deliver mail to b@example.net.  The account or "
             "domain may not exist, they may be blacklisted, or missing the proper dns "
             "entries.")
    assert read("rcpt_to", f"550-{words}").code == "recipient_rejected"
    assert read("rcpt_to", f"550-Verification failed for <s@example.com>\r\n550-{words}\r\n"
                           "550 Sender verify failed").code == "sender_address_invalid"


def test_advice_to_publish_dmarc_is_not_a_dmarc_failure():
    advice = read("data", "554 5.7.1 Rejected due to potential send/reply spoof attempt, "
                          "make sure your sending domain has a DMARC policy")
    assert advice.code == "unauthenticated_sender"
    failure = read("data", "550 5.7.509 Access denied, sending domain example.com does not "
                           "pass DMARC verification and has a DMARC policy of reject.")
    assert failure.code == "dmarc_rejected"


@pytest.mark.parametrize(("raw", "code"), [
    ("550 Benutzer nicht bekannt/User unknown", "recipient_rejected"),
    ("550 5.1.1 Utilisateur inconnu !", "recipient_rejected"),
    ("550 5.1.1 Usuario desconocido", "recipient_rejected"),
    ("550 5.1.1 Nessun utente simile in questo indirizzo", "recipient_rejected"),
    ("550 Benutzer hat das Speichervolumen ueberschritten. / User has exhausted allowed "
     "storage space.", "mailbox_full"),
    ("550 5.5.0 Le compte du destinataire est bloque. The recipient account isblocked. "
     "LPN007_426", "mailbox_disabled"),
])
def test_other_languages_are_read_by_their_cause(raw, code):
    assert read("rcpt_to", raw).code == code


def test_a_lockout_after_bad_logins_is_a_wait_not_a_wrong_password():
    finding = read("auth", "535 5.7.0 (#AUTH005) Too many bad auth attempts.")
    assert finding.code == "rate_limited"
    assert read("auth", "535 5.7.8 Error: authentication failed: authentication "
                        "failure").code == "auth_failed"


@pytest.mark.parametrize(("raw", "code"), [
    ("554 Message rejected: Stream is more than 10485760 bytes long.", "message_too_large"),
    ("552 message line is too long", "content_rejected"),
    ("554 5.7.0 Reject, id=12345-01 - BANNED: P=p003,L=1,M=multipart/mixed", "content_rejected"),
    ("554 This message contain invalid MIME headers", "content_rejected"),
])
def test_size_in_bytes_is_size_and_a_long_line_is_content(raw, code):
    assert read("data", raw).code == code


@pytest.mark.parametrize(("raw", "code"), [
    # The address may stand between the noun and the verdict, at any delivery step.
    ("550 The address b@example.net is not valid", "recipient_rejected"),
    ("550 Recipient <b@example.net> unknown", "recipient_rejected"),
    # A link listed by a URI block list is the message's content, not the sending IP.
    ("550 5.7.1 URL in message is listed on URIBL", "content_rejected"),
    # Sender authentication (SPF/DKIM) at DATA is not the login.
    ("550 5.7.1 Sender authentication failed (SPF and DKIM)", "unauthenticated_sender"),
])
def test_families_read_their_cause_in_other_word_orders(raw, code):
    assert read("data", raw).code == code


def test_a_sender_address_between_the_words_is_not_read_as_the_recipient():
    finding = read("data", "550 Sender address s@example.com is invalid")
    assert finding.code != "recipient_rejected"


@pytest.mark.parametrize(("raw", "code"), [
    ("535 5.7.13 User account disabled", "sender_blocked"),
    ("535 Authentication failed: account disabled", "sender_blocked"),
    ("534 5.7.9 Authentication mechanism is too weak", "auth_mechanism_rejected"),
    ("535 5.7.8 Authentication credentials invalid", "auth_failed"),
])
def test_a_535_that_says_more_than_wrong_password_is_read_by_its_words(raw, code):
    # A disabled account or a refused mechanism needs another fix than a new password.
    assert read("auth", raw).code == code


def test_a_4xx_unknown_user_is_the_recipient_but_a_failed_lookup_is_temporary():
    assert read("rcpt_to", "450 User unknown").code == "recipient_rejected"
    assert read("rcpt_to", "451 4.4.0 Recipient lookup failed, try again later").code == \
        "temporary_failure"
    assert read("rcpt_to", "451 Could not complete recipient verify callout").code == \
        "temporary_failure"


@pytest.mark.parametrize(("stage", "raw", "code"), [
    ("data", "550 Rejected by header-based Manually Blocked Senders - block for manual block",
     "policy_rejected"),
    ("mail_from", "550 Submitter failed to authenticate", "auth_failed"),
    ("greeting", "554 5.7.1 Your IP 192.0.2.7 has sent too much spam, connection refused",
     "ip_blocked"),
    ("rcpt_to", "451 4.7.1 <b@example.net>: Recipient address rejected: Intentional policy "
                "rejection, please try again in 5 minutes", "temporary_failure"),
])
def test_blocked_senders_logins_spam_sources_and_greylisting(stage, raw, code):
    assert read(stage, raw).code == code


def test_spf_and_dkim_failing_together_is_the_domains_authentication():
    finding = read("data", "554 5.7.1 [HME1] This message was blocked for failing both SPF "
                           "and DKIM authentication checks.")
    assert finding.code == "unauthenticated_sender"
    assert read("data", "550 SPF fail - not authorized").code == "spf_rejected"


def test_a_listed_link_is_content_even_when_a_list_is_named():
    assert read("data", "554 5.7.1 Message rejected: URL listed on "
                        "dbl.spamhaus.org").code == "content_rejected"
    assert read("rcpt_to", "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked "
                           "using zen.spamhaus.org").code == "ip_blocklisted"
