"""DKIM key records read as a verifier reads them (dkimpy's tag-list and key parsers),
with the RFC 6376 edge cases: a tag twice, an empty p= (revoked), an unknown k=, and
whitespace or folding inside the record."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.domain import dkim as dkim_check
from a2k_settings_gui.core.domain.check import check_domain
from tests.servers.dns import TestDnsServer
from tests.servers.dns_zones import dkim_key

KEY = dkim_key(2048)


def read(record: str) -> dkim_check.DkimKey:
    return dkim_check.read_key("s1", "s1._domainkey.example.com", record)


def test_a_duplicate_tag_makes_the_record_invalid() -> None:
    key = read(f"v=DKIM1; k=rsa; p={KEY}; p={dkim_key(1024)}")
    assert key.bits is None and not key.revoked
    assert "p= appears twice" in key.problem and "RFC 6376" in key.problem
    # Tag names are case-sensitive (§3.2): K= is another, unknown tag, ignored.
    assert read(f"v=DKIM1; k=rsa; K=dsa; p={KEY}").problem == ""


def test_an_empty_p_is_a_revoked_key() -> None:
    for record in ("v=DKIM1; k=rsa; p=", "v=DKIM1; p= ;", "v=DKIM1; p=\r\n\t"):
        key = read(record)
        assert key.revoked and key.problem == "" and key.bits is None, record


def test_an_unknown_key_type_cannot_be_used() -> None:
    key = read(f"v=DKIM1; k=dsa; p={KEY}")
    assert key.key_type == "dsa" and key.bits is None
    assert "k=dsa is not a key type receivers know" in key.problem


@pytest.mark.parametrize("record", [
    f"v=DKIM1;k=rsa;p={KEY}",
    f"  v = DKIM1 ;  k = rsa ;  p = {KEY} ;  ",
    f"v=DKIM1; k=rsa; p={KEY[:100]} {KEY[100:200]}\t{KEY[200:]}",
    f"v=DKIM1;\r\n\tk=rsa;\r\n\tp={KEY[:120]}\r\n {KEY[120:]}",
])
def test_whitespace_and_folding_are_allowed(record: str) -> None:
    key = read(record)
    assert (key.bits, key.key_type, key.revoked, key.problem) == (2048, "rsa", False, "")


def test_the_key_size_finding_is_kept() -> None:
    assert read(f"v=DKIM1; k=rsa; p={dkim_key(1024)}").bits == 1024
    assert read(f"v=DKIM1; p={dkim_key(512)}").bits == 512


def test_text_that_is_not_a_tag_list_is_invalid() -> None:
    assert "not a tag=value pair" in read(f"v=DKIM1; p={KEY}; garbage").problem


def test_check_domain_reports_the_duplicate_tag_from_a_real_dns_server() -> None:
    zone = {
        "dup.test": [("MX", (10, "mx.dup.test")), ("TXT", "v=spf1 ip4:192.0.2.0/24 -all")],
        "mx.dup.test": [("A", "192.0.2.25")],
        "smtp.dup.test": [("A", "192.0.2.10")],
        "_dmarc.dup.test": [("TXT", "v=DMARC1; p=reject")],
        "default._domainkey.dup.test": [("TXT", f"v=DKIM1; k=rsa; p={KEY}; p=")],
        "small._domainkey.dup.test": [("TXT", f"v=DKIM1; k=rsa; p={dkim_key(512)}")],
    }
    with TestDnsServer(zone) as server:
        report = check_domain("billing@dup.test", "smtp.dup.test",
                              dns_servers=[server.address], timeout=2.0,
                              dkim_selectors=("small",))
    by_code = {f.code: f for f in report.findings}
    invalid = by_code["dkim_invalid_key"]
    assert invalid.severity == "error"
    assert "default._domainkey.dup.test" in invalid.message and "twice" in invalid.message
    assert by_code["dkim_weak_key"].severity == "error"  # the key-size finding stays
    assert "512 bits" in by_code["dkim_weak_key"].message
