"""Check Domain against a real DNS server on loopback: one zone per finding code."""

from __future__ import annotations

import time

import pytest

from a2k_settings_gui.core.cancel import Cancelled, CancelToken
from a2k_settings_gui.core.domain.check import DomainInputProblem, check_domain
from tests.servers.dns import TestDnsServer
from tests.servers.dns_zones import (
    SERVER,
    SERVFAIL_DOMAINS,
    SILENT_DOMAINS,
    build_zone,
)


@pytest.fixture(scope="module")
def dns_server():
    with TestDnsServer(build_zone(), servfail=SERVFAIL_DOMAINS, silent=SILENT_DOMAINS) as server:
        yield server


def run(dns_server, target: str, smtp_host: str = SERVER, **kwargs):
    kwargs.setdefault("timeout", 2.0)
    return check_domain(target, smtp_host, dns_servers=[dns_server.address], **kwargs)


def codes(report) -> dict[str, str]:
    return {f.code: f.severity for f in report.findings}


def finding(report, code: str):
    return next(f for f in report.findings if f.code == code)


def test_good_domain_passes_everything(dns_server) -> None:
    report = run(dns_server, "billing@good.test")
    data = report.to_dict()
    assert report.ok, data["findings"]
    assert data["domain"] == "good.test"
    assert data["smtp_host"] == SERVER
    assert data["mx"] == [{"preference": 10, "host": "mx.good.test"}]
    assert data["spf"]["record"] == "v=spf1 ip4:192.0.2.0/24 -all"
    assert data["spf"]["result"] == "pass"
    assert data["spf"]["authorizes_server"] is True
    assert data["spf"]["dns_lookups"] == 0
    assert data["dkim"]["selectors_found"] == ["default"]
    assert data["dkim"]["keys"][0]["bits"] == 2048
    assert len(data["dkim"]["selectors_checked"]) >= 20
    assert data["dmarc"]["policy"] == "reject"
    assert [r["status"] for r in data["receivers"]] == ["pass", "pass", "pass"]
    assert set(data) >= {"domain", "smtp_host", "mx", "spf", "dkim", "dmarc", "findings"}


def test_spf_missing_offers_a_record_for_the_server(dns_server) -> None:
    report = run(dns_server, "billing@nospf.test")
    f = finding(report, "spf_missing")
    assert f.severity == "error"
    assert f.record.name == "nospf.test" and f.record.type == "TXT"
    assert f.record.value == f"v=spf1 a:{SERVER} ~all"
    assert "5.7.26" in f.message
    gmail = run(dns_server, "billing@nospf.test", "smtp.gmail.com")
    assert finding(gmail, "spf_missing").record.value == "v=spf1 include:_spf.google.com ~all"
    # Neither SPF nor DKIM: every receiver's light is red.
    assert {r["all_senders"]["status"] for r in report.to_dict()["receivers"]} == {"fail"}


def test_two_spf_records(dns_server) -> None:
    f = finding(run(dns_server, "twospf.test"), "spf_multiple_records")
    assert f.severity == "error" and "2 SPF records" in f.message
    assert f.record.value.startswith("v=spf1 ")


def test_too_many_lookups(dns_server) -> None:
    report = run(dns_server, "billing@toomany.test")
    assert report.to_dict()["spf"]["dns_lookups"] == 11
    assert codes(report)["spf_too_many_lookups"] == "error"
    assert report.to_dict()["spf"]["result"] == "permerror"
    # The permerror is explained by the lookup count: no second, vaguer finding.
    assert "spf_syntax_error" not in codes(report)


def test_void_lookups(dns_server) -> None:
    report = run(dns_server, "billing@void.test")
    assert report.to_dict()["spf"]["void_lookups"] == 3
    assert codes(report)["spf_void_lookups"] == "error"
    mild = run(dns_server, "billing@onevoid.test")
    assert codes(mild)["spf_void_lookups"] == "warning"
    assert mild.to_dict()["spf"]["result"] == "pass"


def test_syntax_error(dns_server) -> None:
    report = run(dns_server, "billing@syntax.test")
    f = finding(report, "spf_syntax_error")
    assert "inclde" in f.message and f.severity == "error"
    assert report.to_dict()["spf"]["result"] == "permerror"


def test_plus_all(dns_server) -> None:
    f = finding(run(dns_server, "billing@plusall.test"), "spf_allows_all")
    assert f.severity == "error"
    assert f.record.value == f"v=spf1 mx a:{SERVER} ~all"


def test_relay_not_authorised_gets_the_term_before_all(dns_server) -> None:
    report = run(dns_server, "billing@relay.test")
    f = finding(report, "spf_not_authorized")
    assert f.record.value == f"v=spf1 ip4:198.51.100.0/24 a:{SERVER} -all"
    assert report.to_dict()["spf"]["result"] == "fail"
    assert report.to_dict()["spf"]["authorizes_server"] is False
    gmail = finding(run(dns_server, "billing@o365.test", "smtp.gmail.com"), "spf_not_authorized")
    assert gmail.record.value == (
        "v=spf1 include:spf.protection.outlook.com include:_spf.google.com -all"
    )


def test_provider_include_present_authorises(dns_server) -> None:
    report = run(dns_server, "billing@o365.test", "smtp.office365.com")
    spf = report.to_dict()["spf"]
    assert spf["provider_include"] == "spf.protection.outlook.com"
    assert spf["provider_include_present"] is True
    assert spf["authorizes_server"] is True and spf["result"] == "pass"
    assert "spf_not_authorized" not in codes(report)
    # No DKIM for a bulk sender: error, with where to find it in Microsoft's portal.
    f = finding(report, "dkim_not_found")
    assert f.severity == "error" and "Defender" in f.fix
    assert f.record.type == "CNAME" and f.record.name == "selector1._domainkey.o365.test"


def test_dkim_not_found_says_how_many_selectors(dns_server) -> None:
    report = run(dns_server, "billing@relay.test")
    f = finding(report, "dkim_not_found")
    n = len(report.to_dict()["dkim"]["selectors_checked"])
    assert f"among the {n} selectors we tried" in f.message


def test_dkim_weak_key(dns_server) -> None:
    report = run(dns_server, "billing@weakdkim.test")
    assert codes(report)["dkim_weak_key"] == "error"
    assert report.to_dict()["dkim"]["keys"][0]["bits"] == 512


def test_dkim_revoked(dns_server) -> None:
    report = run(dns_server, "billing@revoked.test")
    assert codes(report)["dkim_revoked"] == "warning"
    assert report.to_dict()["dkim"]["keys"][0]["revoked"] is True


def test_dkim_through_cname(dns_server) -> None:
    data = run(dns_server, "billing@cnamedkim.test").to_dict()
    key = data["dkim"]["keys"][0]
    assert key["selector"] == "selector1"
    assert key["cname_target"] == "selector1-cnamedkim-test._domainkey.contoso.onmicrosoft.test"
    assert key["bits"] == 2048


def test_dkim_selector_typed_by_the_admin(dns_server) -> None:
    plain = run(dns_server, "billing@custom.test")
    assert "dkim_not_found" in codes(plain)
    typed = run(dns_server, "billing@custom.test", dkim_selectors=("erp2026",))
    assert typed.to_dict()["dkim"]["selectors_found"] == ["erp2026"]
    assert "dkim_not_found" not in codes(typed)


def test_dmarc_missing_gives_a_starter_record(dns_server) -> None:
    f = finding(run(dns_server, "billing@nodmarc.test"), "dmarc_missing")
    assert f.severity == "error"  # default batch settings allow > 5,000 a day: bulk rules
    assert f.record.name == "_dmarc.nodmarc.test"
    assert f.record.value == "v=DMARC1; p=none; rua=mailto:dmarc-reports@nodmarc.test"
    few = run(dns_server, "billing@nodmarc.test", max_mails_per_batch=10,
              batch_interval_seconds=3600)
    assert finding(few, "dmarc_missing").severity == "warning"
    assert few.to_dict()["bulk_sender"] is False
    assert all(r["bulk_senders"] is None for r in few.to_dict()["receivers"])


def test_dmarc_policy_none_and_reject(dns_server) -> None:
    assert codes(run(dns_server, "billing@pnone.test"))["dmarc_policy_none"] == "info"
    reject = run(dns_server, "billing@good.test")
    assert not any(c.startswith("dmarc") for c in codes(reject))


def test_dmarc_falls_back_to_the_organizational_domain(dns_server) -> None:
    data = run(dns_server, "billing@sub.parent.test").to_dict()
    assert data["dmarc"]["found_at"] == "_dmarc.parent.test"
    assert data["dmarc"]["policy"] == "quarantine"
    assert data["dmarc"]["subdomain_policy"] == "reject"


def test_freemail_sender_through_another_server(dns_server) -> None:
    report = run(dns_server, "accounts.acme@gmail.com")
    assert codes(report) == {"freemail_sender": "error"}
    assert {r["status"] for r in report.to_dict()["receivers"]} == {"fail"}
    own = run(dns_server, "accounts.acme@gmail.com", "smtp.gmail.com")
    assert "freemail_sender" not in codes(own)


def test_no_mx(dns_server) -> None:
    f = finding(run(dns_server, "billing@nomx.test"), "mx_missing")
    assert f.severity == "warning" and f.record.type == "MX"


def test_domain_that_does_not_exist(dns_server) -> None:
    report = run(dns_server, "billing@nosuch.test")
    assert codes(report) == {"domain_not_found": "error"}


def test_servfail_is_a_finding(dns_server) -> None:
    report = run(dns_server, "billing@broken.test")
    f = finding(report, "dns_servfail")
    assert "broken.test" in f.message
    assert "spf_missing" not in codes(report)  # unknown is not the same as missing
    assert {r["status"] for r in report.to_dict()["receivers"]} == {"unknown"}


def test_timeout_is_a_finding_and_does_not_hang(dns_server) -> None:
    started = time.monotonic()
    report = run(dns_server, "billing@slow.test", timeout=1.0)
    elapsed = time.monotonic() - started
    assert "dns_timeout" in codes(report)
    assert "spf_missing" not in codes(report)
    # Generous "did not hang" bound: all queries run at once, each gives up after 1 s.
    assert elapsed < 4.0


def test_cancel_stops_the_check(dns_server) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        run(dns_server, "billing@slow.test", timeout=1.0, cancel=token)


@pytest.mark.parametrize("bad", ["", "not an address", "x@", "@@", "a b@c d"])
def test_bad_input_names_the_fix(bad: str) -> None:
    with pytest.raises(DomainInputProblem) as info:
        check_domain(bad, SERVER, dns_servers=["127.0.0.1:9"], timeout=0.5)
    assert "e.g. statements@yourcompany.com" in str(info.value)


def test_server_name_that_does_not_resolve(dns_server) -> None:
    report = run(dns_server, "billing@good.test", "smtp.nosuch.test")
    assert codes(report)["smtp_host_not_found"] == "warning"
    assert report.to_dict()["spf"]["authorizes_server"] is None
    blank = run(dns_server, "billing@good.test", "")
    assert codes(blank) == {"smtp_host_missing": "info"}


def test_server_given_as_an_ip_address(dns_server) -> None:
    ok = run(dns_server, "billing@good.test", "192.0.2.10")
    assert ok.to_dict()["spf"]["server_addresses"] == {"192.0.2.10": "pass"}
    f = finding(run(dns_server, "billing@relay.test", "192.0.2.10"), "spf_not_authorized")
    assert f.record.value == "v=spf1 ip4:198.51.100.0/24 ip4:192.0.2.10 -all"


@pytest.mark.parametrize("domain", ["ptr.test", "exists.test", "mxmech.test"])
def test_mechanisms_resolved_through_the_real_server(dns_server, domain: str) -> None:
    spf = run(dns_server, f"billing@{domain}").to_dict()["spf"]
    assert spf["server_addresses"] == {"192.0.2.10": "pass"}
    assert spf["dns_lookups"] == 1


def test_fix_that_would_pass_ten_lookups_warns(dns_server) -> None:
    report = run(dns_server, "billing@nearlimit.test", "smtp.gmail.com")
    assert report.to_dict()["spf"]["dns_lookups"] == 9
    f = finding(report, "spf_not_authorized")
    assert f.record.value.endswith("include:i9.toomany.test include:_spf.google.com -all")
    # _spf.google.com includes _netblocks.google.com: 9 + 2 = 11 lookups.
    assert "11 DNS lookups" in f.fix and "11 DNS lookups" in f.message
    within = finding(run(dns_server, "billing@relay.test", "smtp.gmail.com"),
                     "spf_not_authorized")
    assert "Careful" not in within.fix


# ---------------------------------------------------------------- DMARC per RFC 9989

def test_dmarc_testing_mode_is_one_level_below(dns_server) -> None:
    report = run(dns_server, "billing@testing.test")
    dmarc = report.to_dict()["dmarc"]
    assert dmarc["policy"] == "reject" and dmarc["testing"] is True
    assert dmarc["applied_policy"] == "quarantine"
    f = finding(report, "dmarc_testing")
    assert "p=reject acts as p=quarantine" in f.message
    assert "t=y" not in f.record.value and "p=reject" in f.record.value
    assert "dmarc_invalid" not in codes(report)


def test_dmarc_pct_is_obsolete_not_invalid(dns_server) -> None:
    report = run(dns_server, "billing@pct50.test")
    dmarc = report.to_dict()["dmarc"]
    assert dmarc["obsolete_tags"] == ["pct=50"] and dmarc["problems"] == []
    assert dmarc["applied_policy"] == "quarantine"  # RFC 9989 receivers ignore pct
    f = finding(report, "dmarc_obsolete_tags")
    assert "RFC 9989" in f.message and "50%" in f.message
    assert "pct=" not in f.record.value and "t=y" in f.fix
    assert "dmarc_invalid" not in codes(report)


def test_dmarc_tree_walk_finds_the_public_suffix_policy(dns_server) -> None:
    report = run(dns_server, "billing@mail.org.psd.test")
    dmarc = report.to_dict()["dmarc"]
    assert dmarc["found_at"] == "_dmarc.psd.test" and dmarc["psd"] == "y"
    # psd=y: the Organizational Domain is one label below the public suffix.
    assert dmarc["organizational_domain"] == "org.psd.test"
    assert dmarc["tree_walk"] == ["_dmarc.mail.org.psd.test", "_dmarc.org.psd.test",
                                  "_dmarc.psd.test"]
    assert "dmarc_inherited" in codes(report)


def test_dmarc_alignment_uses_the_tree_walk(dns_server) -> None:
    from a2k_settings_gui.core.domain import dmarc as dmarc_check
    from a2k_settings_gui.core.net.dns import make_resolver

    lookup = make_resolver((dns_server.address,), 2.0, None).lookup
    assert dmarc_check.aligned(lookup, "sub.parent.test", "parent.test", "r")
    assert not dmarc_check.aligned(lookup, "sub.parent.test", "parent.test", "s")
    # Two registrants under one public suffix are not aligned (psd=y), with no list.
    assert not dmarc_check.aligned(lookup, "mail.org.psd.test", "other.psd.test", "r")
    assert dmarc_check.aligned(lookup, "mail.org.psd.test", "org.psd.test", "r")


def test_localhost_as_the_server_is_never_a_dns_question(dns_server) -> None:
    before = len(dns_server.resolver.queries)
    report = run(dns_server, "billing@good.test", "localhost")
    asked = [name for name, _type in dns_server.resolver.queries[before:]]
    assert not any(name.rstrip(".").lower() == "localhost" for name in asked)
    assert codes(report).get("smtp_host_local") == "info"
    assert "smtp_host_not_found" not in codes(report)
    assert not any(f.code.startswith("dns_") for f in report.findings)
