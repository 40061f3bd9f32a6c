"""The openspf RFC 7208 test suite (203 cases) through our SPF evaluator.

The zone data of each scenario is served in-process as DnsAnswer objects, the same type
our DnsClient returns, so the suite exercises core.domain.spf.evaluate and its adapter
between our resolver and pyspf exactly as a real check does, without starting a DNS
server per case (keeps the suite fast). Behaviour tests elsewhere use a real DNS server.

The YAML is vendored in tests/data (with its BSD licence) so the suite runs anywhere; the
shared copy beside the clone (../shared/conformance/) is used only when the vendored one
is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from a2k_settings_gui.core.domain.spf import evaluate
from a2k_settings_gui.core.net import dns as d

REPO_ROOT = Path(__file__).resolve().parents[3]
CANDIDATES = [
    REPO_ROOT / "tests" / "data" / "rfc7208-tests.yml",
    REPO_ROOT.parent / "shared" / "conformance" / "rfc7208-tests.yml",
]
SUITE = next((p for p in CANDIDATES if p.exists()), None)


class ZoneData:
    """Answers queries from one scenario's `zonedata`, following the suite's conventions.

    SPF (type 99) entries also stand for TXT unless the name lists TXT itself; "NONE"
    means no record; a bare TIMEOUT entry (or a TIMEOUT value) makes the query time out
    unless a record of the asked type came before it.
    """

    def __init__(self, zonedata: dict) -> None:
        self.zone = {name.lower().rstrip("."): entries for name, entries in zonedata.items()}

    def _entries(self, name: str) -> list:
        out, generated = [], []
        entries = self.zone[name]
        has_txt = any(isinstance(e, dict) and "TXT" in e for e in entries)
        for entry in entries:
            if entry == "TIMEOUT":
                out.append(("TIMEOUT", None))
                continue
            for rtype, value in entry.items():
                if rtype == "SPF" and not has_txt:
                    generated.append(("TXT", value))
                if value != "NONE":
                    out.append((rtype, value))
        # Records generated from SPF entries come after the listed ones (and after TIMEOUT).
        return out + generated

    def lookup(self, name: str, rdtype: str, depth: int = 0) -> d.DnsAnswer:
        key = name.lower().rstrip(".")
        if key not in self.zone:
            return d.DnsAnswer(name, rdtype, d.NXDOMAIN, canonical_name=key)
        records, seen_type = [], False
        for rtype, value in self._entries(key):
            if rtype == "TIMEOUT" and not seen_type:
                return d.DnsAnswer(name, rdtype, d.TIMEOUT, detail="suite TIMEOUT")
            if rtype == "CNAME" and rdtype != "CNAME" and depth < 10:
                followed = self.lookup(value, rdtype, depth + 1)
                return d.DnsAnswer(
                    name, rdtype, followed.outcome, followed.records, followed.canonical_name
                )
            if rtype != rdtype:
                continue
            seen_type = True
            if value == "TIMEOUT":
                return d.DnsAnswer(name, rdtype, d.TIMEOUT, detail="suite TIMEOUT")
            records.append(self._value(rtype, value))
        outcome = d.OK if records else d.NO_ANSWER
        return d.DnsAnswer(name, rdtype, outcome, tuple(records), key)

    @staticmethod
    def _value(rtype: str, value):  # noqa: ANN001, ANN205 - YAML shapes
        if rtype in ("TXT", "SPF"):
            strings = [value] if isinstance(value, str) else list(value)
            return tuple(s.encode("utf-8") for s in strings)
        if rtype == "MX":
            return (int(value[0]), str(value[1]).rstrip("."))
        return str(value).rstrip(".") if rtype in ("PTR", "CNAME") else str(value)


def _cases() -> list:
    if SUITE is None:
        return []
    cases = []
    with SUITE.open("rb") as fh:
        for scenario in yaml.safe_load_all(fh):
            zone = ZoneData(scenario.get("zonedata") or {})
            for test_id, test in scenario["tests"].items():
                cases.append(pytest.param(zone, test, id=test_id))
    return cases


CASES = _cases()


def test_the_suite_is_there_and_complete() -> None:
    assert SUITE is not None, f"rfc7208-tests.yml not found in {CANDIDATES}"
    assert len(CASES) == 203


@pytest.mark.parametrize(("zone", "case"), CASES)
def test_rfc7208_case(zone: ZoneData, case: dict) -> None:
    outcome = evaluate(
        zone.lookup, case["host"], case["mailfrom"], case["helo"], default_explanation="DEFAULT"
    )
    expected = case["result"]
    allowed = [expected] if isinstance(expected, str) else list(expected)
    assert outcome.result in allowed, f"{case.get('description', '')} spec {case.get('spec')}"
    if "explanation" in case:
        assert outcome.explanation == case["explanation"]


# ---------------------------------------------------------------- the same suite on the wire
# Each scenario's zone is also served by a real DNS server on loopback, and the cases run
# through make_resolver() -> dnspython -> our adapter -> pyspf: the path a real check takes.
WIRE_TYPES = ("A", "AAAA", "MX", "PTR", "TXT", "CNAME")


def _wire_zone(zone: ZoneData) -> tuple[dict, set]:
    records: dict[str, list] = {}
    silent = set()
    for name in zone.zone:
        labels = name.split(".")
        if not all(0 < len(label) < 64 for label in labels):
            continue  # pyspf never asks for such names; the wire cannot carry them
        records[name] = []
        for rtype, value in zone._entries(name):
            if rtype in ("TIMEOUT", "SPF") or value == "TIMEOUT":
                continue
            records[name].append((rtype, ZoneData._wire_value(rtype, value)))
        for rtype in WIRE_TYPES:
            if zone.lookup(name, rtype).outcome == d.TIMEOUT:
                silent.add((name, rtype))
    return records, silent


def _wire_value(rtype: str, value):  # noqa: ANN001, ANN205 - YAML shapes
    if rtype == "TXT":
        # A TXT record holds at least one string on the wire; "[ ]" becomes one empty one.
        return [value] if isinstance(value, str) else (list(value) or [""])
    if rtype == "MX":
        return (int(value[0]), str(value[1]) or ".")
    return str(value)


ZoneData._wire_value = staticmethod(_wire_value)


def _scenarios() -> list:
    if SUITE is None:
        return []
    with SUITE.open("rb") as fh:
        return [s for s in yaml.safe_load_all(fh)]


@pytest.mark.parametrize("scenario", _scenarios(), ids=lambda s: s["description"][:40])
def test_rfc7208_scenario_over_real_dns(scenario: dict) -> None:
    from tests.servers.dns import TestDnsServer

    zone = ZoneData(scenario.get("zonedata") or {})
    records, silent = _wire_zone(zone)
    failures = []
    with TestDnsServer(records, silent_queries=silent) as server:
        for test_id, case in scenario["tests"].items():
            client = d.make_resolver([server.address], timeout=0.3)
            outcome = evaluate(client.lookup, case["host"], case["mailfrom"], case["helo"],
                               default_explanation="DEFAULT")
            expected = case["result"]
            allowed = [expected] if isinstance(expected, str) else list(expected)
            if outcome.result not in allowed or (
                    "explanation" in case and outcome.explanation != case["explanation"]):
                failures.append(f"{test_id}: got {outcome.result} {outcome.explanation!r}, "
                                f"want {allowed} {case.get('explanation', '')!r}")
    assert not failures, "\n".join(failures)
