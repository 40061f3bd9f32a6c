"""The received copies of real messages (Gmail, Microsoft 365, Yahoo, an OpenDMARC
receiver): each report says what the receiver said, and why. Sources: SOURCES.md."""

from __future__ import annotations

from a2k_settings_gui.core.received import read_received_file


def codes(report) -> set[str]:
    return {f.code for f in report.findings}


def test_gmail_dkim_pass_for_the_provider_domain_does_not_carry_dmarc(real):
    report = read_received_file(real("gmail-amazonses-dmarc-fail.txt"))
    assert report.final_receiver.name == "Gmail"
    assert report.from_domain == "gmail.com"  # from header.from: pasted without From
    assert report.dmarc_result == "fail" and not report.dmarc_pass
    assert report.alignment["dkim"].domain == "amazonses.com"
    assert report.alignment["dkim"].result == "pass" and not report.alignment["dkim"].aligned
    assert not report.alignment["spf"].aligned
    assert {"dmarc_fail", "dkim_not_aligned", "spf_not_aligned"} <= codes(report)
    assert report.dkim_selector is None  # no signature by gmail.com: nothing to look up
    fix = next(f.fix for f in report.findings if f.code == "dmarc_fail")
    assert "smtp.gmail.com" in fix  # gmail.com cannot be authenticated elsewhere


def test_microsoft_365_pass_but_junk(real):
    report = read_received_file(real("m365-dmarc-pass-marked-spam.txt"))
    final = report.final_receiver
    assert final.authserv_id == "mx.microsoft.com"
    assert final.name == "Microsoft 365 / Outlook.com"
    assert report.dmarc_pass
    assert final.first("compauth").reason == "100"
    assert report.alignment["spf"].aligned and report.alignment["dkim"].aligned
    assert report.dkim_selector == "20251104"
    assert codes(report) == {"marked_as_spam"}
    spam = {v.source: v for v in report.spam}
    assert spam["X-Forefront-Antispam-Report"].values["SFV"] == "SPM"
    assert "Junk" in report.verdict


def test_microsoft_365_older_stamp_dkim_carries_dmarc_despite_spf_softfail(real):
    report = read_received_file(real("m365-older-stamp-spf-softfail-dmarc-pass.txt"))
    assert report.final_receiver.authserv_id is None
    assert report.dmarc_pass
    assert report.alignment["dkim"].aligned and not report.alignment["spf"].aligned
    spf_fail = next(f for f in report.findings if f.code == "spf_fail")
    assert spf_fail.severity == "warning"  # DMARC passed through DKIM
    assert "marked_as_spam" not in codes(report)  # SFV:NSPM, SCL 1
    assert report.dkim_selector == "20161025"


def test_yahoo_pass_with_two_signatures_one_aligned(real):
    report = read_received_file(real("yahoo-postmark-dmarc-pass.eml"))
    assert report.final_receiver.name == "Yahoo"
    assert report.dmarc_pass
    assert report.from_domain == "mail.app.supabase.io"
    signatures = {(s.domain, s.selector): s for s in report.dkim_signatures}
    assert not signatures[("pm.mtasv.net", "pm20250324")].aligned
    assert signatures[("mail.app.supabase.io", "20240920183138pm")].aligned
    assert report.dkim_selector == "20240920183138pm"  # the From domain's, not Postmark's
    assert report.final_receiver.first("dmarc").policy == {"p": "reject"}
    assert codes(report) == set()


def test_yahoo_softfail_without_dmarc_is_not_proven(real):
    report = read_received_file(real("yahoo-softfail-dmarc-unknown.txt"))
    assert not report.dmarc_pass
    assert {"dmarc_not_evaluated", "spf_fail", "dkim_fail"} <= codes(report)
    assert "Not proven" in report.verdict
    # The droplet queued the message 97 s: a delay, but not yet a slow hop.
    assert max(h.delay_seconds or 0 for h in report.hops) == 97
    assert "slow_hop" not in codes(report)


def test_final_receiver_is_the_top_one_when_several_wrote(real):
    report = read_received_file(real("kernel-org-gmail-from-via-hosting-dmarc-fail.eml"))
    assert [r.authserv_id for r in report.receivers] == ["smtp.subspace.kernel.org"]
    # The web host's header came with the message: a claim, not a verdict.
    assert [c.header.authserv_id for c in report.claims] == ["webhostingserver.nl"]
    # kernel.org wrote three headers (one per milter); the lower two only add failures.
    assert {r.method for r in report.final_receiver.results} == {"arc", "dmarc", "spf"}
    assert report.dmarc_result == "fail"
    assert {"dmarc_fail", "spf_fail", "dkim_fail"} <= codes(report)
    assert report.subject.startswith("Re: [PATCH v2] dmaengine")
    assert [h.by_host for h in report.hops][-1] == "smtp.subspace.kernel.org"


def test_report_json_follows_the_contract(real):
    data = read_received_file(real("m365-dmarc-pass-marked-spam.txt")).to_dict()
    for key in ("from_domain", "receivers", "alignment", "dkim_selectors", "hops", "spam",
                "findings"):
        assert key in data
    receiver = data["receivers"][0]
    for key in ("spf", "dkim", "dmarc", "compauth"):
        assert receiver[key]["result"]
    assert receiver["dkim"]["domains"] == ["gmail.com"]
    assert receiver["spf"]["domain"] == "gmail.com"
    assert set(data["alignment"]) == {"spf", "dkim"}
