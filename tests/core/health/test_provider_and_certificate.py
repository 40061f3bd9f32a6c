"""Dated provider changes counted down in days; certificate days left and their verdict."""

from __future__ import annotations

from datetime import datetime, timezone

from a2k_settings_gui.core.health.certificate import certificate_check, days_left, expiry_of
from a2k_settings_gui.core.health.provider import provider_check
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.smtp.session import TlsInfo


def test_microsoft_365_retirement_counted_down_in_days():
    settings = EmailSettings(sender_email="ar@acme.com", smtp_host="smtp.office365.com",
                             port=587)
    findings, facts = provider_check(settings, datetime(2026, 12, 6, tzinfo=timezone.utc))
    retiring = next(f for f in findings if f.code == "basic_auth_retiring")
    assert retiring.severity == "warning"
    assert retiring.message.startswith("25 days left")
    assert facts["provider"] == "Microsoft 365"
    after, _ = provider_check(settings, datetime(2027, 1, 10, tzinfo=timezone.utc))
    assert "10 days ago" in next(f for f in after if f.code == "basic_auth_retiring").message


def test_sending_plan_over_the_providers_minute_limit():
    settings = EmailSettings(sender_email="ar@acme.com", smtp_host="smtp.office365.com",
                             port=587, max_mails_per_batch=200, batch_interval_seconds=10,
                             mails_per_month=3000)
    findings, _ = provider_check(settings, datetime(2026, 6, 1, tzinfo=timezone.utc))
    assert "exceeds_minute_limit" in {f.code for f in findings}


def test_other_server_has_nothing_dated():
    settings = EmailSettings(sender_email="ar@acme.com", smtp_host="mail.acme.com", port=587)
    findings, _ = provider_check(settings, datetime(2026, 12, 6, tzinfo=timezone.utc))
    assert [f.code for f in findings] == ["provider_ok"]


def test_certificate_days_left_and_verdicts():
    now = datetime(2026, 12, 6, 12, tzinfo=timezone.utc)
    expiry = expiry_of("Dec 16 12:00:00 2026 GMT")
    assert expiry is not None and days_left(expiry, now) == 10
    tls = TlsInfo(issuer="R11", not_after="Dec 16 12:00:00 2026 GMT")
    findings, facts = certificate_check("mail.acme.com", tls, [], "done", "starttls", now)
    assert [f.code for f in findings] == ["certificate_expiring"]
    assert "ends in 10 days" in findings[0].message and "R11" in findings[0].message
    assert facts == {"issuer": "R11", "subject": "", "not_after": "2026-12-16",
                     "days_left": 10}
    old = TlsInfo(issuer="R11", not_after="Dec  1 12:00:00 2026 GMT")
    assert certificate_check("m", old, [], "done", "starttls", now)[0][0].severity == "error"
    fine = TlsInfo(issuer="R11", not_after="Mar  1 12:00:00 2027 GMT")
    assert certificate_check("m", fine, [], "done", "starttls", now)[0][0].code == \
        "certificate_ok"
