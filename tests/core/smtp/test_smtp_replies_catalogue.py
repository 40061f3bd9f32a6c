"""The catalogue itself: every docs/DESIGN.md code is reachable, every rule is well formed."""

from __future__ import annotations

import re

from a2k_settings_gui.core.smtp.replies import (
    LOCAL_FAILURES,
    REPLY_RULES,
    diagnose_reply,
    provider_advice,
)

DESIGN_CODES = {
    "host_not_found", "connection_refused", "connection_timeout", "tls_handshake_failed",
    "certificate_untrusted", "certificate_hostname_mismatch", "wrong_security_mode",
    "starttls_required", "starttls_not_offered", "auth_not_offered", "auth_failed",
    "app_password_required", "basic_auth_disabled", "sender_not_allowed",
    "unauthenticated_sender", "rate_limited", "quota_exceeded", "recipient_rejected",
    "message_too_large", "server_closed_connection", "server_timeout", "cancelled",
}


def test_every_design_code_is_in_the_catalogue():
    codes = {rule.diagnosis.code for rule in REPLY_RULES}
    codes |= {d.code for d in LOCAL_FAILURES.values()}
    assert DESIGN_CODES <= codes


def test_rules_are_well_formed():
    for rule in REPLY_RULES:
        d = rule.diagnosis
        assert re.fullmatch(r"[a-z][a-z0-9_]*", d.code)
        assert d.severity in ("error", "warning", "info")
        assert d.message and d.fix
        for pattern in (rule.enhanced, rule.text, rule.host):
            re.compile(pattern)
    for d in LOCAL_FAILURES.values():
        assert d.message and d.fix


def test_every_reply_gets_a_finding_with_its_words():
    finding = diagnose_reply("quit", 599, "", "something odd", host="x")
    assert finding.code == "server_rejected" and "599" in finding.message
    temporary = diagnose_reply("mail_from", 450, "4.2.0", "mailbox busy", host="x")
    assert temporary.code == "temporary_failure" and temporary.severity == "warning"


def test_templates_leave_no_placeholders():
    finding = diagnose_reply("auth", 535, "5.7.139", "Authentication unsuccessful, "
                             "SmtpClientAuthentication is disabled for the Mailbox.",
                             host="smtp.office365.com", login="a@b.com", sender="a@b.com",
                             port="587", recipient="c@d.com", timeout="20")
    assert finding.code == "basic_auth_disabled"
    assert "mailbox" in finding.message
    assert "{" not in finding.message + finding.fix
    assert "Set-CASMailbox -Identity a@b.com" in finding.fix


def test_microsoft_host_patterns():
    for host in ("smtp.office365.com", "smtp-legacy.office365.com", "smtp-mail.outlook.com"):
        assert [f.code for f in provider_advice(host, True)] == ["basic_auth_retiring"]
    assert provider_advice("smtp.office365.com", False) == []
    assert provider_advice("mail.notoffice365.com.example", True) == []


# ---------------------------------------------------------------- enhanced status codes

def test_every_registered_enhanced_code_has_a_meaning():
    from a2k_settings_gui.core.smtp import enhanced_codes

    assert len(enhanced_codes.REGISTERED) >= 80  # the IANA registry has about 85 entries
    for key, words in enhanced_codes.REGISTERED.items():
        for klass in ("4", "5"):
            meaning = enhanced_codes.meaning(f"{klass}.{key}")
            assert meaning.startswith(words), (key, meaning)
            assert ("permanent" in meaning) == (klass == "5")


def test_unknown_enhanced_code_falls_back_to_class_and_subject():
    from a2k_settings_gui.core.smtp import enhanced_codes

    meaning = enhanced_codes.meaning("5.7.509")
    assert "not in the IANA registry" in meaning
    assert "security or policy" in meaning and "permanent" in meaning
    assert "mailbox status" in enhanced_codes.meaning("4.2.77")
    assert enhanced_codes.meaning("") == "" and enhanced_codes.meaning("x.y.z") == ""


def test_the_enhanced_code_decides_before_the_basic_code():
    # 552 alone would be "message too large"; 5.2.2 says the mailbox is full.
    full = diagnose_reply("rcpt_to", 552, "5.2.2", "Mailbox full", recipient="a@b.c")
    assert full.code == "mailbox_full" and "Mailbox full (permanent" in full.message
    # A 4xx whose enhanced code names a lasting cause is not "try later".
    assert diagnose_reply("rcpt_to", 450, "4.2.2", "Mailbox Full").code == "mailbox_full"
    # 550 at RCPT would be "recipient rejected"; 5.2.2 says full.
    assert diagnose_reply("rcpt_to", 550, "5.2.2", "Mailbox Full").code == "mailbox_full"
    # A registered code nobody wrote a rule for still explains itself.
    odd = diagnose_reply("data", 554, "5.6.7", "no")
    assert "Non-ASCII addresses not permitted" in odd.message


def test_new_codes_have_their_own_fix():
    from a2k_settings_gui.core.smtp.reply_causes import BY_ENHANCED

    codes = {rule.diagnosis.code for rule in REPLY_RULES}
    codes |= {diagnosis.code for diagnosis, _stages in BY_ENHANCED.values()}
    new = {"dmarc_rejected", "spf_rejected", "ip_blocklisted", "ip_blocked",
           "mailbox_disabled", "mailbox_full", "relay_denied", "sender_reputation",
           "content_rejected", "sender_address_invalid", "policy_rejected"}
    assert new <= codes
    fixes = {rule.diagnosis.code: rule.diagnosis.fix for rule in REPLY_RULES}
    assert "DKIM" in fixes["dmarc_rejected"] and "SPF" in fixes["spf_rejected"]
    assert "spamhaus" in fixes["ip_blocklisted"].lower()
