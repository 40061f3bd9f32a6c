"""Pure pieces of Check Domain: parsing, record building, key sizes (no network)."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from a2k_settings_gui.core.domain import dkim as dkim_check
from a2k_settings_gui.core.domain import dmarc as dmarc_check
from a2k_settings_gui.core.domain import spf as spf_check
from a2k_settings_gui.core.domain.check import daily_capacity, split_target
from a2k_settings_gui.core.domain.providers import (
    freemail_owner,
    provider_for_host,
    selectors_to_try,
)
from a2k_settings_gui.core.net.dns import DnsServerProblem, make_resolver, parse_server
from tests.servers.dns_zones import dkim_key


@pytest.mark.parametrize(("text", "expected"), [
    ("192.0.2.1", ("192.0.2.1", 53)),
    ("192.0.2.1:5353", ("192.0.2.1", 5353)),
    ("2001:db8::1", ("2001:db8::1", 53)),
    ("[2001:db8::1]:5353", ("2001:db8::1", 5353)),
    (" 127.0.0.1 ", ("127.0.0.1", 53)),
])
def test_parse_server(text: str, expected: tuple[str, int]) -> None:
    assert parse_server(text) == expected


@pytest.mark.parametrize("text", ["dns.example", "192.0.2.1:0", "192.0.2.1:99999", "1.2.3:53",
                                  "[::1]:x"])
def test_parse_server_rejects_with_the_form_to_use(text: str) -> None:
    with pytest.raises(DnsServerProblem):
        parse_server(text)


def test_make_resolver_uses_every_server_and_port() -> None:
    client = make_resolver(["192.0.2.1:5353", "[2001:db8::1]:53"], timeout=2)
    servers = [(ns.address, ns.port) for ns in client.resolver.nameservers]
    assert servers == [("192.0.2.1", 5353), ("2001:db8::1", 53)]
    assert client.resolver.lifetime == 2


@pytest.mark.parametrize(("record", "expected"), [
    (None, "v=spf1 include:_spf.google.com ~all"),
    ("v=spf1 mx -all", "v=spf1 mx include:_spf.google.com -all"),
    ("v=spf1 mx ~all exp=x.example", "v=spf1 mx include:_spf.google.com ~all exp=x.example"),
    ("v=spf1 redirect=_spf.example.com",
     "v=spf1 include:_spf.google.com redirect=_spf.example.com"),
    ("v=spf1 ip4:192.0.2.1", "v=spf1 ip4:192.0.2.1 include:_spf.google.com ~all"),
])
def test_include_goes_before_the_all_term(record: str | None, expected: str) -> None:
    assert spf_check.with_include(record, "_spf.google.com") == expected


@given(st.lists(st.sampled_from(["mx", "a", "ip4:192.0.2.0/24", "include:x.example", "ptr"]),
                max_size=6), st.sampled_from(["-all", "~all", "?all"]))
def test_with_term_keeps_every_term_and_precedes_all(terms: list[str], final: str) -> None:
    record = " ".join(["v=spf1", *terms, final])
    out = spf_check.with_term(record, "include:new.example").split()
    assert out[-1] == final and out[-2] == "include:new.example"
    assert out[:-2] == record.split()[:-1]


@pytest.mark.parametrize(("record", "problem"), [
    ("v=spf1 inclde:x.example -all", "not an SPF mechanism"),
    ("v=spf1 ip4:192.0.2.300 -all", "not a valid ip4"),
    ("v=spf1 ip6:192.0.2.1 -all", "not a valid ip6"),
    ("v=spf1 include: -all", "needs a domain"),
    ("v=spf1 redirect= ", "needs a domain"),
])
def test_spf_syntax_problems(record: str, problem: str) -> None:
    assert any(problem in p for p in spf_check.check_syntax(record))


def test_spf_syntax_accepts_a_normal_record() -> None:
    assert spf_check.check_syntax(
        "v=spf1 a mx/24 a:mail.example.com/28//64 ip6:2001:db8::/32 include:_spf.google.com "
        "exists:%{i}.bl.example ?ptr ~all exp=explain.example unknown-mod=1") == []


@pytest.mark.parametrize("bits", [512, 1024, 2048, 4096])
def test_rsa_key_bits_from_dkim_records(bits: int) -> None:
    key = dkim_check.read_key("s", "s._domainkey.example.com", f"v=DKIM1; p={dkim_key(bits)}")
    assert (key.bits, key.key_type, key.revoked, key.problem) == (bits, "rsa", False, "")


def test_pkcs1_key_revoked_ed25519_and_garbage() -> None:
    spki = base64.b64decode(dkim_key(2048))
    pkcs1 = spki[24:]  # the RSAPublicKey inside the SPKI bit string (2048-bit layout)
    bare = base64.b64encode(pkcs1).decode()
    assert dkim_check.read_key("s", "n", f"v=DKIM1; p={bare}").bits == 2048
    assert dkim_check.read_key("s", "n", "v=DKIM1; k=rsa; p=").revoked
    ed = base64.b64encode(bytes(32)).decode()
    assert dkim_check.read_key("s", "n", f"v=DKIM1; k=ed25519; p={ed}").bits == 256
    assert dkim_check.read_key("s", "n", "v=DKIM1; p=not*base64").problem
    assert dkim_check.read_key("s", "n", "v=DKIM1; p=AAAA").problem


def test_dmarc_tags_and_problems() -> None:
    tags = dkim_check.parse_tags("v=DMARC1; p=quarantine; pct=50; rua=mailto:a@x.example")
    assert tags["p"] == "quarantine" and tags["pct"] == "50"
    assert dmarc_check.check_tags(tags) == []
    # RFC 9989: pct is obsolete, not invalid, even out of range; t and psd are checked.
    bad = dkim_check.parse_tags("v=DMARC1; p=block; adkim=x; pct=150; rua=https://x; t=maybe")
    assert len(dmarc_check.check_tags(bad)) == 4
    assert not any("pct" in p for p in dmarc_check.check_tags(bad))


@pytest.mark.parametrize(("domain", "names"), [
    ("example.com", ["example.com", "com"]),
    ("mail.shop.example.co.uk", ["mail.shop.example.co.uk", "shop.example.co.uk",
                                 "example.co.uk", "co.uk", "uk"]),
    # 10 labels: the walk jumps to the 7 right-most, then one at a time: 8 queries.
    ("a.b.c.d.e.f.g.h.example.com", ["a.b.c.d.e.f.g.h.example.com", "d.e.f.g.h.example.com",
                                     "e.f.g.h.example.com", "f.g.h.example.com",
                                     "g.h.example.com", "h.example.com", "example.com",
                                     "com"]),
])
def test_dmarc_tree_walk_names(domain: str, names: list[str]) -> None:
    assert dmarc_check.walk_names(domain) == names
    assert len(dmarc_check.walk_names(domain)) <= 8


def _found(*items: tuple[str, str]) -> list:
    return [dmarc_check.WalkRecord(name, rec, dmarc_check._tags(rec)) for name, rec in items]


def test_organizational_domain_by_the_tree_walk() -> None:
    od = dmarc_check.organizational_domain_from
    assert od("mail.example.com", []) == "mail.example.com"  # no record: the domain itself
    assert od("mail.example.com", _found(("example.com", "v=DMARC1; p=reject"))) == \
        "example.com"
    # psd=y marks a public suffix: the Organizational Domain is one label below it.
    assert od("a.b.example.gov", _found(("gov", "v=DMARC1; p=reject; psd=y"))) == \
        "example.gov"
    # psd=n stops the walk there.
    assert od("x.dept.example.com", _found(("dept.example.com", "v=DMARC1; psd=n"),
                                           ("example.com", "v=DMARC1; p=none"))) == \
        "dept.example.com"
    # Otherwise the record with the fewest labels.
    assert od("x.dept.example.com", _found(("dept.example.com", "v=DMARC1; p=none"),
                                           ("example.com", "v=DMARC1; p=none"))) == \
        "example.com"


def test_daily_capacity_and_bulk_threshold() -> None:
    assert daily_capacity(50, 10) == 432000
    assert daily_capacity(10, 3600) == 240
    assert daily_capacity(5, 0) is None


def test_split_target() -> None:
    assert split_target("Billing@Example.COM") == ("Billing@example.com", "example.com")
    assert split_target("example.com.") == ("", "example.com")
    assert split_target("rechnung@bücher.example") == ("rechnung@xn--bcher-kva.example",
                                                       "xn--bcher-kva.example")


def test_provider_data() -> None:
    assert provider_for_host("smtp.gmail.com").spf_include == "_spf.google.com"
    assert provider_for_host("SMTP.Office365.com.").spf_include == "spf.protection.outlook.com"
    assert provider_for_host("mail.mycompany.example") is None
    assert freemail_owner("hotmail.com").id == "microsoft"
    assert freemail_owner("gmx.net") is True
    assert freemail_owner("mycompany.example") is None
    order = selectors_to_try(provider_for_host("smtp.office365.com"), ("Mine",))
    assert order[:3] == ["mine", "selector1", "selector2"]
    assert len(order) == len(set(order))
