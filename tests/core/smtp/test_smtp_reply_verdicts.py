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
    for name in ("provider_docs.yml", "bug_reports.yml", "held_out.yml"):
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
