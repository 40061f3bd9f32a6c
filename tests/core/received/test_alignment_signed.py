"""Alignment on messages signed with dkimpy and judged by a receiver (authheaders) that
really verifies DKIM and evaluates DMARC against test DNS records.

The ERP case behind them: the company sends through a provider (SendGrid) that signs
with its own domain unless "domain authentication" is set up.
"""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.received import read_received_bytes
from tests.servers.dkim_receiver import PaperReceiver, make_key, signed_message


@pytest.fixture(scope="module")
def key():
    return make_key()


def codes(report) -> set[str]:
    return {f.code for f in report.findings}


def sent_through_sendgrid(key, signed_by: str):
    """accounts@example.com sent through SendGrid (SPF passes for its bounce domain) and
    signed with d=signed_by; example.com publishes p=reject. The report on the delivery."""
    receiver = PaperReceiver()
    receiver.publish_key("s1", signed_by, key)
    receiver.publish_dmarc("example.com", "v=DMARC1; p=reject")
    delivered = receiver.receive(
        signed_message("accounts@example.com", d=signed_by, selector="s1", key=key),
        spf="spf=pass smtp.mailfrom=bounces+4711@em.sendgrid.net")
    return read_received_bytes(delivered)


def test_dkim_pass_for_sendgrid_net_does_not_align_with_the_from_domain(key):
    report = sent_through_sendgrid(key, signed_by="sendgrid.net")
    assert report.final_receiver.authserv_id == "mx.receiver.test"
    assert report.alignment["dkim"].result == "pass"
    assert report.alignment["dkim"].domain == "sendgrid.net"
    assert not report.alignment["dkim"].aligned
    assert not report.dmarc_pass  # the receiver itself said fail
    assert {"dmarc_fail", "dkim_not_aligned", "spf_not_aligned"} <= codes(report)
    dmarc_fail = next(f for f in report.findings if f.code == "dmarc_fail")
    assert "p=reject" in dmarc_fail.message
    assert "signed by sendgrid.net" in dmarc_fail.fix
    assert report.dkim_selector is None


def test_domain_authentication_at_the_provider_makes_dkim_align(key):
    report = sent_through_sendgrid(key, signed_by="example.com")
    assert report.dmarc_pass
    assert report.alignment["dkim"].aligned
    assert report.dkim_selector == "s1"
    assert codes(report) == {"spf_not_aligned"}
    assert next(f for f in report.findings).severity == "info"


def test_subdomain_signature_aligns_relaxed_but_not_strict(key):
    receiver = PaperReceiver()
    receiver.publish_key("mail", "news.example.com", key)
    receiver.publish_dmarc("example.com", "v=DMARC1; p=quarantine")
    message = signed_message("accounts@example.com", d="news.example.com", selector="mail",
                             key=key)
    relaxed = read_received_bytes(receiver.receive(message, spf="spf=softfail "
                                                   "smtp.mailfrom=accounts@example.com"))
    assert relaxed.dmarc_pass and relaxed.alignment["dkim"].aligned
    assert relaxed.alignment["dkim"].mode == "relaxed"

    receiver.publish_dmarc("example.com", "v=DMARC1; p=quarantine; adkim=s")
    strict = read_received_bytes(receiver.receive(message, spf="spf=softfail "
                                                  "smtp.mailfrom=accounts@example.com"),
                                 adkim="s")
    assert not strict.dmarc_pass  # the receiver applied adkim=s
    assert not strict.alignment["dkim"].aligned and strict.alignment["dkim"].mode == "strict"
    assert {"dmarc_fail", "dkim_not_aligned", "spf_fail"} <= codes(strict)


def test_a_tampered_message_fails_dkim(key):
    receiver = PaperReceiver()
    receiver.publish_key("s1", "example.com", key)
    receiver.publish_dmarc("example.com", "v=DMARC1; p=none")
    message = signed_message("accounts@example.com", d="example.com", selector="s1", key=key)
    tampered = message.replace(b"Statement of account", b"Pay to account 666")
    report = read_received_bytes(receiver.receive(tampered,
                                                  spf="spf=none smtp.mailfrom=example.com"))
    assert report.alignment["dkim"].result == "fail"
    assert {"dkim_fail", "dmarc_fail", "spf_fail"} <= codes(report)


def test_strict_alignment_is_inferred_from_the_receivers_failure(key):
    """Without the record at hand: the receiver failed DMARC although d=news.example.com
    shares example.com's organizational domain, so the record must say adkim=s."""
    receiver = PaperReceiver()
    receiver.publish_key("mail", "news.example.com", key)
    receiver.publish_dmarc("example.com", "v=DMARC1; p=reject; adkim=s")
    message = signed_message("accounts@example.com", d="news.example.com", selector="mail",
                             key=key)
    report = read_received_bytes(receiver.receive(
        message, spf="spf=softfail smtp.mailfrom=accounts@example.com"))
    dkim = report.alignment["dkim"]
    assert dkim.mode == "strict" and dkim.inferred and not dkim.aligned
    assert report.to_dict()["alignment"]["dkim"]["mode_inferred"] is True
    finding = next(f for f in report.findings if f.code == "dkim_not_aligned")
    assert "adkim=s" in finding.message
