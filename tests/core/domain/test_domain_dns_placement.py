"""DNS failures placed where they belong, against real DNS servers on loopback.

An authoritative-only server (it REFUSES every name outside its zone, as BIND or NSD do)
is a common "DNS server" setting in offices that host their own zone. The DMARC tree walk
(RFC 9989) then asks the parent level and gets REFUSED: that says nothing about the
domain, whose own records are fine."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.domain.check import check_domain
from tests.servers.dns import TestDnsServer
from tests.servers.dns_zones import dkim_record

DOMAIN = "acme.test"


def acme_zone(dmarc: str | None = "v=DMARC1; p=reject; rua=mailto:dmarc@acme.test") -> dict:
    zone: dict[str, list] = {
        DOMAIN: [("MX", (10, f"mx.{DOMAIN}")), ("TXT", "v=spf1 ip4:192.0.2.0/24 -all")],
        f"mx.{DOMAIN}": [("A", "192.0.2.25")],
        f"smtp.{DOMAIN}": [("A", "192.0.2.10")],
        f"default._domainkey.{DOMAIN}": [("TXT", dkim_record())],
    }
    if dmarc:
        zone[f"_dmarc.{DOMAIN}"] = [("TXT", dmarc)]
    return zone


def severities(report) -> dict[str, str]:
    return {f.code: f.severity for f in report.findings}


def finding(report, code: str):
    return next(f for f in report.findings if f.code == code)


@pytest.fixture(scope="module")
def authoritative():
    with TestDnsServer(acme_zone(), authoritative_for={DOMAIN}) as server:
        yield server


def test_a_domain_with_good_records_has_no_errors_behind_an_authoritative_server(
        authoritative) -> None:
    report = check_domain(f"billing@{DOMAIN}", f"smtp.{DOMAIN}",
                          dns_servers=[authoritative.address], timeout=2.0)
    assert ("_dmarc.test", "TXT") in authoritative.resolver.queries  # the walk went up
    assert not report.has_errors, [f.to_dict() for f in report.findings]
    assert all(f.severity == "info" for f in report.findings), severities(report)
    data = report.to_dict()
    assert data["dmarc"]["policy"] == "reject" and data["dmarc"]["found_at"] == "_dmarc.acme.test"
    assert {r["status"] for r in data["receivers"]} == {"pass"}
    above = finding(report, "dns_failure_above_policy")
    assert authoritative.address in above.message
    assert "_dmarc.test" in above.message and "REFUSED" in above.message
    assert "changes no verdict" in above.message


def test_refused_is_named_for_what_it_is(authoritative) -> None:
    # The SMTP server's name lies outside the zone the DNS server hosts.
    report = check_domain(f"billing@{DOMAIN}", "smtp.mailhost.test",
                          dns_servers=[authoritative.address], timeout=2.0)
    assert not report.has_errors, [f.to_dict() for f in report.findings]
    refused = finding(report, "dns_refused")
    assert refused.severity == "warning"
    assert refused.message.startswith(
        f"The DNS server {authoritative.address} refused to answer smtp.mailhost.test (A)")
    assert "not a resolver for" in refused.message
    assert "Use a resolving DNS server or none" in refused.fix
    assert "dns_servfail" not in severities(report)


def test_servfail_above_the_policy_lowers_nothing() -> None:
    zone = acme_zone()
    zone["_dmarc.parent.example"] = [("TXT", "v=DMARC1; p=none")]
    with TestDnsServer(zone, servfail={"_dmarc.test"}) as server:
        report = check_domain(f"billing@{DOMAIN}", f"smtp.{DOMAIN}",
                              dns_servers=[server.address], timeout=2.0)
    assert not report.has_errors, [f.to_dict() for f in report.findings]
    above = finding(report, "dns_failure_above_policy")
    assert above.severity == "info" and "SERVFAIL" in above.message
    assert server.address in above.message


def test_servfail_and_timeouts_on_the_domains_own_names_stay_errors() -> None:
    with TestDnsServer(acme_zone(), servfail={f"_dmarc.{DOMAIN}"},
                       silent={f"default._domainkey.{DOMAIN}"}) as server:
        report = check_domain(f"billing@{DOMAIN}", f"smtp.{DOMAIN}",
                              dns_servers=[server.address], timeout=1.0)
    found = severities(report)
    assert found["dns_servfail"] == "error" and found["dns_timeout"] == "error"
    servfail = finding(report, "dns_servfail")
    assert f"The DNS server {server.address} reported a failure (SERVFAIL)" in servfail.message
    assert "_dmarc.acme.test" in servfail.message
    assert server.address in finding(report, "dns_timeout").message
    assert "dns_failure_above_policy" not in found


def test_refused_below_the_policy_leaves_dmarc_unknown_not_missing() -> None:
    # No DMARC record of its own: the walk must ask the parent, which is refused. The
    # policy is unknown (a warning about the server), never "DMARC missing".
    with TestDnsServer(acme_zone(dmarc=None), authoritative_for={DOMAIN}) as server:
        report = check_domain(f"billing@{DOMAIN}", f"smtp.{DOMAIN}",
                              dns_servers=[server.address], timeout=2.0)
    found = severities(report)
    assert found.get("dns_refused") == "warning"
    assert "dmarc_missing" not in found and not report.has_errors
