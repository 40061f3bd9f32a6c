"""Only the final receiver's own Authentication-Results is a verdict (RFC 8601 §5).

Each message in tests/data/received/*forged*, *lower*, *other* is a real message file a
sender could craft; none of them may report "Delivered and authenticated"."""

from __future__ import annotations

from a2k_settings_gui.core.received import read_received_file


def codes(report) -> set[str]:
    return {f.code for f in report.findings}


def test_a_forged_gmail_verdict_below_the_receivers_received_line_is_a_claim(real):
    report = read_received_file(real("forged-gmail-verdict-receiver-wrote-none.eml"))
    assert not report.dmarc_pass and report.receivers == []
    assert report.verdict.startswith("Not proven")
    assert [c.header.authserv_id for c in report.claims] == ["mx.google.com"]
    assert {"no_auth_results", "auth_results_claimed"} <= codes(report)


def test_a_lower_header_with_the_receivers_name_cannot_add_a_pass(real):
    report = read_received_file(real("receiver-softfail-lower-same-id-dmarc-pass.eml"))
    assert not report.dmarc_pass
    assert report.final_receiver.first("dmarc") is None
    assert report.final_receiver.first("spf").result == "softfail"
    assert report.verdict.startswith("Not proven")
    assert "auth_results_claimed" in codes(report)


def test_the_same_trick_in_microsofts_style_without_authserv_id(real):
    report = read_received_file(real("microsoft-own-softfail-lower-dmarc-pass.eml"))
    assert not report.dmarc_pass
    assert report.final_receiver.name == "Microsoft 365 / Outlook.com"
    assert report.final_receiver.first("compauth").result == "fail"
    assert report.dmarc_result is None  # the receiver's own stamp has no DMARC
    assert {"compauth_fail", "auth_results_claimed"} <= codes(report)


def test_a_forged_header_above_the_real_receivers_fail_is_ignored(real):
    report = read_received_file(real("forged-gmail-above-receiver-dmarc-fail.eml"))
    assert report.final_receiver.authserv_id == "mx1.corp.example"
    assert report.dmarc_result == "fail" and not report.dmarc_pass
    assert report.verdict.startswith("Failed: mx1.corp.example says DMARC fail")
    assert "mx.google.com is not the receiving server" in report.claims[0].why


def test_a_pass_for_another_header_from_is_not_a_pass_for_the_from_domain(real):
    report = read_received_file(real("dmarc-pass-for-other-header-from.eml"))
    assert report.receiver_said_pass and not report.dmarc_pass
    assert "dmarc_other_domain" in codes(report)
    assert "evil.example" in report.verdict and "accounts@acme.test" in report.verdict
    assert "passed for acme.test" not in report.verdict


def test_a_message_from_someone_else_than_the_sender_is_not_proof(real):
    path = real("from-other-sender-dmarc-pass.eml")
    report = read_received_file(path, sender="accounts@acme.test")
    assert not report.dmarc_pass and "from_not_sender" in codes(report)
    assert "news@bank.example" in report.verdict and "accounts@acme.test" in report.verdict
    # Without a configured sender the From is named plainly in the verdict.
    unknown = read_received_file(path)
    assert unknown.dmarc_pass and "From: news@bank.example" in unknown.verdict


def test_the_real_receivers_pass_for_the_sender_is_proven(real):
    report = read_received_file(real("corp-receiver-dmarc-pass.eml"),
                                sender="Accounts@acme.test")
    assert report.dmarc_pass
    assert report.verdict.startswith("Delivered and authenticated: mx1.corp.example")
    assert report.claims == []


def test_pasted_results_without_any_received_line_are_not_proven():
    from a2k_settings_gui.core.received import read_received_text

    report = read_received_text(
        "Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=acme.test;"
        " dkim=pass header.d=acme.test; dmarc=pass header.from=acme.test\n"
        "From: accounts@acme.test\n")
    assert not report.dmarc_pass and "receiver_not_identified" in codes(report)
