"""`a2k-email-settings check-domain` against a real DNS server on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from a2k_settings_gui.cli import main
from tests.servers.dns import TestDnsServer
from tests.servers.dns_zones import SERVER, SILENT_DOMAINS, build_zone

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dns_server():
    with TestDnsServer(build_zone(), silent=SILENT_DOMAINS) as server:
        yield server


@pytest.fixture
def config(tmp_path) -> str:
    # A settings file of our own: never the developer's.
    return str(tmp_path / "settings.json")


def cli(dns_server, config: str, *args: str) -> int:
    return main(["check-domain", *args, "--dns-server", dns_server.address,
                 "--config", config, "--timeout", "2"])


def test_json_report_for_a_good_domain(dns_server, config, capsys) -> None:
    status = cli(dns_server, config, "billing@good.test", "--smtp-host", SERVER, "--json")
    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert {"domain", "smtp_host", "mx", "spf", "dkim", "dmarc", "findings"} <= set(data)
    assert data["spf"]["authorizes_server"] is True
    assert set(data["spf"]) >= {"record", "result", "dns_lookups", "authorizes_server"}
    assert set(data["dkim"]) >= {"selectors_found", "selectors_checked"}
    assert set(data["dmarc"]) >= {"record", "policy"}


def test_problem_exits_1_and_prints_the_record_to_publish(dns_server, config, capsys) -> None:
    status = cli(dns_server, config, "relay.test", "--smtp-host", SERVER)
    out = capsys.readouterr().out
    assert status == 1
    assert f"Publish: relay.test  TXT  v=spf1 ip4:198.51.100.0/24 a:{SERVER} -all" in out
    assert "BLOCKED  Gmail" in out


def test_json_findings_carry_the_record(dns_server, config, capsys) -> None:
    assert cli(dns_server, config, "nodmarc.test", "--smtp-host", SERVER, "--json") == 1
    data = json.loads(capsys.readouterr().out)
    dmarc = next(f for f in data["findings"] if f["code"] == "dmarc_missing")
    assert dmarc["record"] == {"name": "_dmarc.nodmarc.test", "type": "TXT",
                               "value": "v=DMARC1; p=none; rua=mailto:dmarc-reports@nodmarc.test"}
    assert set(dmarc) >= {"code", "severity", "message", "fix"}


def test_typed_dkim_selector(dns_server, config, capsys) -> None:
    cli(dns_server, config, "custom.test", "--smtp-host", SERVER, "--dkim-selector", "erp2026",
        "--json")
    assert json.loads(capsys.readouterr().out)["dkim"]["selectors_found"] == ["erp2026"]


def test_bad_target_exits_2(dns_server, config, capsys) -> None:
    assert cli(dns_server, config, "not an address") == 2
    assert "e.g. statements@yourcompany.com" in capsys.readouterr().err


def test_bad_dns_server_exits_2(config, capsys) -> None:
    status = main(["check-domain", "good.test", "--dns-server", "dns.example",
                   "--config", config])
    assert status == 2
    assert "--dns-server" in capsys.readouterr().err


def test_no_answer_at_all_exits_3(dns_server, config, capsys) -> None:
    status = main(["check-domain", "billing@slow.test", "--smtp-host", "192.0.2.10",
                   "--dns-server", dns_server.address, "--config", config, "--timeout", "1"])
    assert status == 3
    assert "no DNS server answered" in capsys.readouterr().err


def test_answers_that_come_only_after_the_timeout_are_no_answer_either(config, capsys) -> None:
    """Every answer arrives after --timeout has run out: some queries have timed out, the
    rest were still waiting at the deadline. Either way nothing was answered (exit 3), not
    "the domain has no records" (exit 1) — which one an admin got used to depend on the
    machine's load."""
    with TestDnsServer(build_zone(), delay=3.0) as late:
        status = main(["check-domain", "billing@good.test", "--smtp-host", "192.0.2.10",
                       "--dns-server", late.address, "--config", config, "--timeout", "1"])
    assert status == 3
    assert "no DNS server answered" in capsys.readouterr().err


@pytest.mark.parametrize(("answered", "failed", "queries", "nothing"), [
    # Two of the domain's queries timed out, three were still waiting at the deadline
    # (a loaded machine): before, that counted as "the domain has no records".
    ((), ("good.test", "_dmarc.good.test"), 5, True),
    # Only a name above the domain answered (the DMARC walk's _dmarc.test).
    (("_dmarc.test",), ("good.test",), 3, True),
    # One of the domain's own names answered: the check ran.
    (("good.test",), ("_dmarc.good.test",), 2, False),
])
def test_nothing_answered_counts_the_queries_still_waiting(answered, failed, queries, nothing):
    from a2k_settings_gui.cli.check_domain import _nothing_answered
    from a2k_settings_gui.core.domain.check import DomainFacts, DomainReport
    from a2k_settings_gui.core.net.dns import DnsAnswer

    facts = DomainFacts("good.test", "billing@good.test", "", None, None, False, None)
    facts.dns_failures = [DnsAnswer(name, "TXT", "timeout") for name in failed]
    report = DomainReport(facts, [], [], 900, queries, answered)
    assert _nothing_answered(report) is nothing


def test_module_entry_point(dns_server, config) -> None:
    env = dict(os.environ)
    done = subprocess.run(
        [sys.executable, "-m", "a2k_settings_gui", "check-domain", "billing@good.test",
         "--smtp-host", SERVER, "--dns-server", dns_server.address, "--config", config,
         "--json"],
        capture_output=True, text=True, timeout=60, cwd=tempfile.gettempdir(), env=env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["domain"] == "good.test"


@pytest.mark.parametrize("smtp_host", [("--smtp-host", SERVER), ()])
def test_twelve_chained_includes_with_or_without_smtp_host(dns_server, config, capsys,
                                                           smtp_host) -> None:
    status = cli(dns_server, config, "billing@chain12.test", *smtp_host, "--json")
    data = json.loads(capsys.readouterr().out)
    assert status == 1
    codes = [f["code"] for f in data["findings"]]
    assert "spf_too_many_lookups" in codes and "spf_syntax_error" not in codes
    assert data["spf"]["dns_lookups"] == 11  # where a receiver stops: permerror
    assert data["spf"]["counting_stopped"] is True
    finding = next(f for f in data["findings"] if f["code"] == "spf_too_many_lookups")
    assert "flattening" in finding["fix"]


@pytest.mark.parametrize(("domain", "code"), [("testing.test", "dmarc_testing"),
                                              ("pct50.test", "dmarc_obsolete_tags")])
def test_dmarc_judged_per_rfc_9989(dns_server, config, capsys, domain, code) -> None:
    cli(dns_server, config, domain, "--smtp-host", SERVER, "--json")
    data = json.loads(capsys.readouterr().out)
    assert code in [f["code"] for f in data["findings"]]
    assert "dmarc_invalid" not in [f["code"] for f in data["findings"]]
