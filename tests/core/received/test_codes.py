"""The remaining finding codes on small messages: compauth_fail (Microsoft's documented
example), slow_hop, no_auth_results and X-Spam-Status."""

from __future__ import annotations

from a2k_settings_gui.core.received import read_received_text


def codes(report) -> set[str]:
    return {f.code for f in report.findings}


def test_microsoft_documented_spoof_example_fails_compauth():
    # Microsoft's "Email authentication in EOP" page (MicrosoftDocs, the fabrikam.com
    # example of a domain without SPF, DKIM or DMARC records).
    report = read_received_text(
        "Authentication-Results: spf=none (sender IP is 10.2.3.4)\n"
        "  smtp.mailfrom=fabrikam.com; contoso.com; dkim=none\n"
        "  (message not signed) header.d=none; contoso.com; dmarc=none\n"
        "  action=none header.from=fabrikam.com; compauth=fail reason=001\n"
        "Received: from mail.fabrikam.com (203.0.113.5) by\n"
        "  BN8NAM11FT012.mail.protection.outlook.com (10.13.177.1) with Microsoft SMTP\n"
        "  Server; Mon, 30 Nov 2026 08:05:00 +0000\n"
        "From: chris@fabrikam.com\nTo: michelle@contoso.com\n")
    assert report.final_receiver.name == "Microsoft 365 / Outlook.com"
    assert {"compauth_fail", "dmarc_not_evaluated", "spf_fail", "dkim_fail"} <= codes(report)
    assert not report.dmarc_pass


def test_a_step_of_20_minutes_is_a_slow_hop():
    report = read_received_text(
        "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=acme.example;"
        " dkim=pass header.d=acme.example; dmarc=pass header.from=acme.example\n"
        "Received: from relay.acme.example (relay.acme.example [192.0.2.7]) by mx.example.net"
        " with ESMTPS; Mon, 30 Nov 2026 08:25:10 +0000\n"
        "Received: from erp-pc (erp-pc [10.0.0.5]) by relay.acme.example with ESMTPSA;"
        " Mon, 30 Nov 2026 08:05:00 +0000\n"
        "From: accounts@acme.example\nDate: Mon, 30 Nov 2026 08:04:58 +0000\n")
    assert report.dmarc_pass
    slow = next(f for f in report.findings if f.code == "slow_hop")
    assert "20 minutes" in slow.message and "relay.acme.example" in slow.message
    assert [h.delay_seconds for h in report.hops] == [2.0, 1210.0]


def test_spamassassin_yes_is_marked_as_spam():
    report = read_received_text(
        "X-Spam-Status: Yes, score=7.3 required=5.0 tests=HTML_MESSAGE,RDNS_NONE\n"
        "Authentication-Results: mail.example.org; spf=pass smtp.mailfrom=acme.example;"
        " dmarc=pass header.from=acme.example\nFrom: accounts@acme.example\n")
    assert "marked_as_spam" in codes(report)
    assert report.spam[0].values == {"score": "7.3", "required": "5.0"}


def test_the_sent_copy_has_no_verdict():
    report = read_received_text("From: accounts@acme.example\nTo: a@example.net\n"
                                "Subject: A2000ERP test e-mail\nMessage-ID: <1@acme.example>\n")
    assert codes(report) == {"no_auth_results"}
    assert report.verdict.startswith("Not proven")


def test_a_broken_dmarc_record_is_named_as_such():
    report = read_received_text(
        "Authentication-Results: mx.example.net; spf=pass smtp.mailfrom=acme.example;"
        " dkim=pass header.d=acme.example; dmarc=permerror header.from=acme.example\n"
        "Received: from relay.acme.example (relay.acme.example [192.0.2.7]) by mx.example.net"
        " with ESMTPS; Mon, 30 Nov 2026 08:25:10 +0000\n"
        "From: accounts@acme.example\n")
    finding = next(f for f in report.findings if f.code == "dmarc_fail")
    assert "record is broken" in finding.message and "_dmarc.acme.example" in finding.fix
