"""The catalogue itself: every DESIGN.md code is reachable, every rule is well formed."""

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
