"""SPF limits (RFC 7208 4.6.4) named right, with or without an SMTP host, and a bounded
walk: include trees that fan out wide or deep end as spf_too_many_lookups quickly."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.domain.check import check_domain
from tests.servers.dns import TestDnsServer
from tests.servers.dns_zones import SERVER, build_zone


@pytest.fixture(scope="module")
def dns_server():
    with TestDnsServer(build_zone()) as server:
        yield server


def run(dns_server, target: str, smtp_host: str = SERVER):
    return check_domain(target, smtp_host, dns_servers=[dns_server.address], timeout=2.0)


def codes(report) -> set[str]:
    return {f.code for f in report.findings}


@pytest.mark.parametrize("smtp_host", [SERVER, ""])
def test_twelve_chained_includes_are_too_many_lookups(dns_server, smtp_host) -> None:
    report = run(dns_server, "billing@chain12.test", smtp_host)
    spf = report.to_dict()["spf"]
    # A receiver stops at the 11th DNS-querying term (permerror); so does the count.
    assert spf["dns_lookups"] == 11 and spf["counting_stopped"] is True
    assert "spf_too_many_lookups" in codes(report)
    assert "spf_syntax_error" not in codes(report)
    finding = next(f for f in report.findings if f.code == "spf_too_many_lookups")
    assert "needs more than 11 DNS lookups" in finding.message
    assert "include:c1.chain12.test 11+" in finding.message  # the cost of each term
    # The excess is inside the include's own chain: flatten it, not "drop everything".
    assert "'include:c1.chain12.test' alone needs 11+ lookups" in finding.fix
    assert finding.record is None
    assert spf["term_costs"] == [{"term": "include:c1.chain12.test", "dns_lookups": 11}]
    # c12's record is never asked for: nothing past the limit is queried.
    assert "c12.chain12.test" not in [a.name for a in report.facts.spf_tree.dns_failures]
    if smtp_host:
        assert spf["result"] == "permerror"


def test_the_fix_drops_the_dearest_include_and_keeps_the_rest(dns_server) -> None:
    report = run(dns_server, "billing@toomany.test")
    finding = next(f for f in report.findings if f.code == "spf_too_many_lookups")
    assert "11 DNS lookups" in finding.message
    # 11 includes of cost 1: dropping one is enough, and the record keeps the others.
    assert finding.record.value.count("include:") == 10
    assert finding.record.value.endswith("ip4:192.0.2.0/24 -all")


@pytest.mark.parametrize("domain", ["wide.test", "deep.test"])
def test_include_fan_out_is_bounded(dns_server, domain) -> None:
    report = run(dns_server, f"billing@{domain}")
    data = report.to_dict()
    assert "spf_too_many_lookups" in codes(report)
    assert "dns_timeout" not in codes(report)
    assert data["spf"]["result"] == "permerror"
    # wide.test has 1,110 records and deep.test 120 names: the check asks a few dozen.
    assert report.dns_queries < 120, report.dns_queries


def test_void_lookups_name_the_names(dns_server) -> None:
    report = run(dns_server, "billing@void.test")
    finding = next(f for f in report.findings if f.code == "spf_void_lookups")
    assert "gone1.void.test" in finding.message and finding.severity == "error"
    assert finding.record.value == "v=spf1 ip4:192.0.2.0/24 -all"


@pytest.mark.parametrize(("domain", "problem", "lookups", "voids"), [
    ("wide.test", "Too many DNS lookups", 11, 0),
    ("deep.test", "Too many DNS lookups", 11, 0),
    ("void.test", "Void lookup limit of 2 exceeded", 3, 3),
])
def test_the_evaluation_stops_at_the_limits(dns_server, domain, problem, lookups,
                                            voids) -> None:
    # RFC 7208 4.6.4 across the whole evaluation: the 11th DNS-querying term or the 3rd
    # void lookup ends it with permerror, however large the tree is.
    report = run(dns_server, f"billing@{domain}")
    (evaluation,) = report.facts.spf_results.values()
    assert evaluation.result == "permerror" and evaluation.problem == problem
    assert (evaluation.dns_lookups, evaluation.void_lookups) == (lookups, voids)


@pytest.mark.parametrize(("problem", "code"), [
    ("Too many DNS lookups", "spf_too_many_lookups"),
    ("Void lookup limit of 2 exceeded", "spf_void_lookups"),
    ("Two or more type TXT spf records found.", "spf_multiple_records"),
    ("Unknown mechanism found: inclde", "spf_syntax_error"),
])
def test_each_permerror_cause_gets_its_code(problem, code) -> None:
    from types import SimpleNamespace

    from a2k_settings_gui.core.domain.spf_findings import _permerror_finding

    tree = SimpleNamespace(record="v=spf1 exists:%{i}.x.example -all")
    finding = _permerror_finding("x.example", tree, {problem})
    assert finding.code == code and problem in finding.message
    assert "v=spf1 exists" in finding.fix


def test_two_spf_records_stop_the_walk_at_once(dns_server) -> None:
    # RFC 7208 4.5: a permerror before any term is read; the includes are never asked.
    report = run(dns_server, "billing@twospf.test")
    tree = report.facts.spf_tree
    assert tree.records_found == 2 and "spf_multiple_records" in codes(report)
    assert tree.queries == 0 and tree.dns_lookups == 0 and tree.includes == set()
