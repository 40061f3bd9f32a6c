"""Replies read as their words say: words that name a cause beat a contradicting enhanced
code, a provider's documented text beats both, and the basic code's class is never
contradicted (a 5xx is never "temporary", a 4xx never "permanent")."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from a2k_settings_gui.core.smtp.replies import diagnose_reply
from a2k_settings_gui.core.smtp.session import parse_reply
from tests.core.smtp.reply_catalogue import CATALOGUE, CONTRADICTING_CODES, HELD_OUT

REPLY_DATA = Path(__file__).resolve().parents[2] / "data" / "replies"
VALUES = {"host": "mail.example.net", "sender": "sender@example.com",
          "login": "sender@example.com", "recipient": "boss@example.net"}
TEMPORARY_CODES = {"temporary_failure", "server_busy"}
PERMANENT_ONLY_CODES = {"server_rejected", "connection_rejected"}


def read(stage: str, raw: str):  # noqa: ANN201 - a Finding
    reply = parse_reply(raw.split("\r\n"))
    return diagnose_reply({"data_command": "data"}.get(stage, stage), reply.code,
                          reply.enhanced, reply.text, **VALUES)


def every_real_reply() -> list[tuple[str, str]]:
    replies = [(stage, raw) for stage, raw, _code, _source in
               CATALOGUE + CONTRADICTING_CODES + HELD_OUT]
    for name in sorted(path.name for path in REPLY_DATA.glob("*.yml")):
        data = yaml.safe_load((REPLY_DATA / name).read_text("utf-8"))
        replies += [(entry["stage"], entry["reply"]) for entry in data["replies"]]
    return replies


@pytest.mark.parametrize(("stage", "raw", "code"),
                         [pytest.param(stage, raw, code, id=raw[:40])
                          for stage, raw, code, _source in CONTRADICTING_CODES])
def test_the_words_decide_over_a_contradicting_code(stage, raw, code):
    finding = read(stage, raw)
    assert finding.code == code, finding


def test_the_finding_says_when_words_and_code_disagree():
    finding = read("rcpt_to", "550 5.2.1 <x@example.jp>... User Unknown")
    assert finding.code == "recipient_rejected"
    assert 'The server says "<x@example.jp>... User Unknown"' in finding.message
    assert "(its code 5.2.1 would mean mailbox disabled, not accepting messages)" \
        in finding.message
    agreeing = read("rcpt_to", "552 5.2.2 Mailbox full")
    assert "would mean" not in agreeing.message


def test_a_finer_cause_than_the_code_is_not_called_a_disagreement():
    # Gmail's 5.7.8 means "credentials invalid"; its words make it "create an app
    # password", a finer form of the same cause, not a contradiction to point out.
    reply = parse_reply(["535-5.7.8 Username and Password not accepted. For more "
                         "information, go to",
                         "535 5.7.8  https://support.google.com/mail/?p=BadCredentials"])
    finding = diagnose_reply("auth", reply.code, reply.enhanced, reply.text,
                             **{**VALUES, "host": "smtp.gmail.com"})
    assert finding.code == "app_password_required"
    assert "Status 5.7.8: Authentication credentials invalid" in finding.message
    assert "would mean" not in finding.message and "the words decide" not in finding.message
    # A real contradiction is still stated.
    assert "would mean" in read("rcpt_to", "550 5.2.1 <x@example.jp>... User Unknown").message


def test_microsoft_edge_block_is_an_unknown_recipient_not_a_temporary_failure():
    finding = read("rcpt_to", "550 5.4.1 Recipient address rejected: Access denied "
                              "[CY1GCC01FT007.eop-gcc01.prod.protection.outlook.com]")
    assert finding.code == "recipient_rejected" and finding.severity == "error"
    assert "Directory-Based Edge Blocking" in finding.message
    assert "temporary" not in finding.message.lower()
    assert "permanent failure" in finding.message


def test_no_5xx_reply_in_any_set_is_read_as_temporary():
    replies = every_real_reply()
    assert len(replies) > 250
    wrong = [(raw, finding.code) for stage, raw in replies
             if raw[:1] == "5" and (finding := read(stage, raw)).code in TEMPORARY_CODES]
    assert wrong == []


def test_no_4xx_reply_in_any_set_is_read_as_permanent():
    wrong = []
    for stage, raw in every_real_reply():
        if raw[:1] != "4":
            continue
        finding = read(stage, raw)
        if finding.code in PERMANENT_ONLY_CODES or "permanent failure" in finding.message:
            wrong.append((raw, finding.code))
    assert wrong == []


def test_a_5xx_with_a_routing_code_is_not_temporary():
    # 5.4.x is "network and routing"; on a 550 it is still a refusal that will not pass.
    loop = read("data", "554 5.4.6 Message exceeded 50 hops, this may indicate an email loop.")
    assert loop.code == "server_rejected" and loop.severity == "error"
    relay = read("rcpt_to", "550 5.4.1 Relay Access Denied")
    assert relay.code == "relay_denied"


def test_the_basic_code_decides_the_class_when_the_enhanced_code_disagrees():
    # Gmail documents "421 5.7.32": a transient basic code with a permanent enhanced one.
    finding = read("data", "421 5.7.32 Your email was blocked because the From: header "
                           "(RFC5322) in this message isn't aligned with either the "
                           "authenticated SPF or DKIM organizational domain.")
    assert "permanent failure" not in finding.message
    assert "basic code 421 says temporary" in finding.message


def documented_wordings() -> list[tuple[str, str, str]]:
    data = yaml.safe_load((REPLY_DATA / "documented_families.yml").read_text("utf-8"))
    return [(entry["stage"], entry["reply"], entry["want"]) for entry in data["replies"]]


@pytest.mark.parametrize(("stage", "raw", "code"),
                         [pytest.param(stage, raw, code, id=raw[:40])
                          for stage, raw, code in documented_wordings()])
def test_documented_wordings_are_read_by_their_cause(stage, raw, code):
    assert read(stage, raw).code == code


def test_an_illegal_attachment_is_content_not_size():
    # Gmail's 552 5.7.0: the basic code 552 alone would say "too big"; the words say why.
    finding = read("data", "552 5.7.0 Our system detected an illegal attachment on your "
                           "message")
    assert finding.code == "content_rejected"
    too_big = read("data", "552 5.3.4 Message size exceeds fixed maximum message size")
    assert too_big.code == "message_too_large"


@pytest.mark.parametrize(("stage", "raw", "code", "written"), [
    ("rcpt_to", "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
     "relay_denied", "5.7.1"),
    ("rcpt_to", "550 sorry, no mailbox here by that name. [#5.1.1]", "recipient_rejected",
     "5.1.1"),
    ("rcpt_to", "552 sorry, mailbox is over quota (#5.2.2)", "mailbox_full", "5.2.2"),
])
def test_an_enhanced_code_written_in_the_words_is_read(stage, raw, code, written):
    finding = read(stage, raw)
    assert finding.code == code
    assert f"Status {written}:" in finding.message


def test_an_address_in_the_words_is_not_taken_for_an_enhanced_code():
    finding = read("greeting", "554 Your IP 192.0.2.7 is blocked")
    assert "Status" not in finding.message
    # a code of the other class is not the reply's own
    assert "Status" not in read("rcpt_to", "550 try again (#4.3.0)").message


def test_reverse_dns_words_beat_the_generic_client_host_refusal():
    assert read("rcpt_to", "550 5.7.1 Client host rejected: cannot find your hostname, "
                           "[192.0.2.7]").code == "reverse_dns_missing"
    assert read("rcpt_to", "450 4.7.1 Client host rejected: cannot find your reverse "
                           "hostname, [192.0.2.7]").code == "reverse_dns_missing"
    assert read("rcpt_to", "554 5.7.1 <unknown[192.0.2.7]>: Client host rejected: Access "
                           "denied").code == "ip_blocked"


# Wordings of submission services and Exchange's status tokens (the login may not send as
# this address, a paused account, a mailbox store quota) and qmail/Exim denials.
@pytest.mark.parametrize(("stage", "raw", "code"), [
    ('data',
     '554 5.2.0 '
     'STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; '
     'Failed to process message due to a permanent exception',
     'sender_not_allowed'),
    ('data',
     '554 Message rejected: Email address is not verified. The following identities '
     'failed the check in region US-EAST-1: x@example.com',
     'sender_not_allowed'),
    ('data',
     '550 The from address does not match a verified Sender Identity.',
     'sender_not_allowed'),
    ('data',
     '554 Message rejected: Sending paused for this account.',
     'sender_blocked'),
    ('data',
     '454 Throttling failure: Daily message quota exceeded.',
     'quota_exceeded'),
    ('data',
     '454 Throttling failure: Maximum sending rate exceeded.',
     'rate_limited'),
    ('rcpt_to',
     '550-Verification failed for <x@example.com>\r\n550-The mail server could not '
     'deliver mail to x@example.com.  The account or domain may not exist, they may be'
     ' blacklisted, or missing the proper dns entries.\r\n550 Sender verify failed',
     'sender_address_invalid'),
    ('data',
     '550 Your message has been rejected because it contains a blacklisted attachment',
     'content_rejected'),
    ('rcpt_to',
     '452 4.2.2 <x>: STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionSh'
     'utoffQuotaExceeded',
     'mailbox_full'),
    ('rcpt_to',
     '452 4.3.1 Insufficient system storage',
     'server_busy'),
    ('rcpt_to',
     '551 User not local; please try <forward-path>',
     'relay_denied'),
    ('mail_from',
     '553 sorry, your envelope sender has been denied (#5.7.1)',
     'sender_not_allowed'),
    ('data',
     '553 sorry, your mail was administratively denied. (#5.7.1)',
     'policy_rejected'),
    ('rcpt_to',
     '550 5.7.1 RESOLVER.RST.AuthRequired; authentication required',
     'policy_rejected'),
    ('mail_from',
     '503 Error: need EHLO and AUTH first !',
     'auth_required'),
    ('mail_from',
     '553 Relaying disallowed as x@example.com',
     'sender_not_allowed'),
    ('rcpt_to',
     '550 Envelope blocked - User Entry - '
     'https://community.mimecast.com/docs/DOC-1369#550',
     'policy_rejected'),
    ('data',
     '554 Maximum email size exceeded',
     'message_too_large'),
])
def test_more_cause_families(stage, raw, code):
    assert read(stage, raw).code == code


def test_the_literal_gate_never_hides_a_match():
    # Each cause's regex runs only when one of its leading words occurs in the reply; on
    # every real reply, a reply the regex matches must pass the gate.
    from a2k_settings_gui.core.smtp.replies import REPLY_RULES

    texts = [parse_reply(raw.split("\r\n")).text.lower() for _stage, raw in every_real_reply()]
    texts += ["the email account that you tried to reach does not exist",
              "e-mail size exceeds the maximum", "user not local; please try"]
    gated = [rule for rule in REPLY_RULES if rule._gate is not None]
    assert len(gated) > 40
    hidden = [(rule.diagnosis.code, text) for rule in gated for text in texts
              if rule._text_re.search(text) and not any(word in text for word in rule._gate)]
    assert hidden == []
