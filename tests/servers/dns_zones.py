"""Test zones for Check Domain: one scenario domain per finding, served by TestDnsServer.

Each scenario is its own registrable domain under .test so DMARC's organizational-domain
fallback of one scenario never picks up another's record. Senders go through
smtp.mailhost.test (192.0.2.10) unless a scenario says otherwise; smtp.gmail.com and
smtp.office365.com with their published SPF includes are served too, with made-up
addresses from the documentation ranges where possible.
"""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

SERVER = "smtp.mailhost.test"
SERVER_IP = "192.0.2.10"


def dkim_key(bits: int) -> str:
    """The p= value of an RSA public key of `bits` bits (deterministic test modulus)."""
    modulus = (1 << (bits - 1)) | (0x5DEECE66D << 8) | 1  # any odd number of that size
    key = rsa.RSAPublicNumbers(65537, modulus).public_key()
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode("ascii")


def dkim_record(bits: int = 2048) -> list[str]:
    text = f"v=DKIM1; k=rsa; p={dkim_key(bits)}"
    # Long TXT values are published as several 255-byte strings; receivers join them.
    return [text[i : i + 255] for i in range(0, len(text), 255)]


def _mail_domain(domain: str, spf: str | None = "v=spf1 ip4:192.0.2.0/24 -all",
                 dmarc: str | None = "v=DMARC1; p=reject; rua=mailto:dmarc@{d}",
                 dkim: dict[str, list[str] | str] | None = None, mx: bool = True) -> dict:
    zone: dict[str, list] = {domain: [("TXT", "google-site-verification=abc123")]}
    if mx:
        zone[domain].append(("MX", (10, f"mx.{domain}")))
        zone[f"mx.{domain}"] = [("A", "192.0.2.25")]
    if spf:
        zone[domain].append(("TXT", spf))
    if dmarc:
        zone[f"_dmarc.{domain}"] = [("TXT", dmarc.format(d=domain))]
    for selector, record in (dkim if dkim is not None else {"default": dkim_record()}).items():
        zone[f"{selector}._domainkey.{domain}"] = [("TXT", record)]
    return zone


def build_zone() -> dict[str, list]:
    zone: dict[str, list] = {
        SERVER: [("A", SERVER_IP)],
        # Providers: their SMTP host and the SPF include they publish.
        "smtp.gmail.com": [("A", "142.250.4.108"), ("AAAA", "2001:db8:4860::6c")],
        "_spf.google.com": [("TXT", "v=spf1 include:_netblocks.google.com ~all")],
        "_netblocks.google.com": [("TXT", "v=spf1 ip4:142.250.0.0/15 ip6:2001:db8:4860::/48 ~all")],
        "smtp.office365.com": [("A", "52.97.1.10")],
        "spf.protection.outlook.com": [("TXT", "v=spf1 ip4:52.96.0.0/14 -all")],
        # Free-mail domains as they really publish them (abridged).
        "gmail.com": [("MX", (5, "gmail-smtp-in.l.google.com")),
                      ("TXT", "v=spf1 redirect=_spf.google.com")],
        "_dmarc.gmail.com": [("TXT", "v=DMARC1; p=none; sp=quarantine")],
    }
    scenarios = [
        _mail_domain("good.test"),
        _mail_domain("nospf.test", spf=None, dkim={}),
        _mail_domain("twospf.test", dkim={}),
        _mail_domain("toomany.test", spf="v=spf1 " + " ".join(
            f"include:i{n}.toomany.test" for n in range(1, 12)) + " ip4:192.0.2.0/24 -all"),
        _mail_domain("void.test", spf="v=spf1 a:gone1.void.test a:gone2.void.test "
                     "a:gone3.void.test ip4:192.0.2.0/24 -all"),
        _mail_domain("onevoid.test", spf="v=spf1 a:gone.onevoid.test ip4:192.0.2.0/24 -all"),
        _mail_domain("syntax.test", spf="v=spf1 ip4:192.0.2.0/24 inclde:_spf.google.com -all"),
        _mail_domain("plusall.test", spf="v=spf1 mx +all"),
        _mail_domain("relay.test", spf="v=spf1 ip4:198.51.100.0/24 -all", dkim={}),
        _mail_domain("o365.test", spf="v=spf1 include:spf.protection.outlook.com -all",
                     dkim={}),
        _mail_domain("weakdkim.test", dkim={"default": dkim_record(512)}),
        _mail_domain("revoked.test", dkim={"s1": "v=DKIM1; k=rsa; p="}),
        _mail_domain("cnamedkim.test", dkim={}),
        _mail_domain("custom.test", dkim={"erp2026": dkim_record(2048)}),
        _mail_domain("nodmarc.test", dmarc=None),
        _mail_domain("pnone.test", dmarc="v=DMARC1; p=none; rua=mailto:r@{d}"),
        _mail_domain("nomx.test", mx=False),
        _mail_domain("sub.parent.test", dmarc=None),
        {"_dmarc.parent.test": [("TXT", "v=DMARC1; p=quarantine; sp=reject")]},
        # Mechanisms whose answers take other shapes: PTR names, MX pairs, macros.
        _mail_domain("ptr.test", spf="v=spf1 ptr:mailhost.test -all"),
        _mail_domain("exists.test", spf="v=spf1 exists:%{i}.allow.exists.test -all"),
        _mail_domain("mxmech.test", spf="v=spf1 mx -all", mx=False),
        # The settings form refuses .test addresses (a special-use name), so UI tests that
        # go through the Email Setting dialog use this one.
        _mail_domain("acme-relay.example", spf="v=spf1 ip4:198.51.100.0/24 -all", dkim={}),
        # RFC 9989: testing mode, an obsolete pct, a public suffix domain (psd=y).
        _mail_domain("testing.test", dmarc="v=DMARC1; p=reject; t=y; rua=mailto:r@{d}"),
        _mail_domain("pct50.test", dmarc="v=DMARC1; p=quarantine; pct=50; rua=mailto:r@{d}"),
        {"_dmarc.psd.test": [("TXT", "v=DMARC1; p=reject; psd=y")]},
        _mail_domain("mail.org.psd.test", dmarc=None),
        _mail_domain("nearlimit.test", spf="v=spf1 " + " ".join(
            f"include:i{n}.toomany.test" for n in range(1, 10)) + " -all"),
    ]
    for part in scenarios:
        zone.update(part)
    zone["twospf.test"].append(("TXT", "v=spf1 include:_spf.google.com ~all"))
    for n in range(1, 12):
        zone[f"i{n}.toomany.test"] = [("TXT", f"v=spf1 ip4:203.0.113.{n} -all")]
    zone.update(spf_fanout_zone())
    zone["10.2.0.192.in-addr.arpa"] = [("PTR", SERVER)]
    zone["192.0.2.10.allow.exists.test"] = [("A", "127.0.0.2")]
    zone["mxmech.test"].append(("MX", (10, "relay.mxmech.test")))
    zone["relay.mxmech.test"] = [("A", SERVER_IP)]
    # Microsoft-style DKIM: a CNAME from the customer's domain to the tenant's key.
    zone["selector1._domainkey.cnamedkim.test"] = [
        ("CNAME", "selector1-cnamedkim-test._domainkey.contoso.onmicrosoft.test")]
    zone["selector1-cnamedkim-test._domainkey.contoso.onmicrosoft.test"] = [
        ("TXT", dkim_record(2048))]
    return zone


def spf_fanout_zone(width: int = 10, depth: int = 3, chain: int = 12,
                    deep: int = 60) -> dict[str, list]:
    """SPF records whose includes fan out: chain12.test (12 includes one below the other,
    the issue's case), wide.test (`width` includes per record, `depth` levels: 1,110
    records for 10 x 3) and deep.test (a chain of `deep` includes). A receiver stops after
    10 DNS-querying terms; reading such trees in full is what must not happen."""
    zone: dict[str, list] = {}
    zone.update(_mail_domain("chain12.test", spf="v=spf1 include:c1.chain12.test -all"))
    for n in range(1, chain + 1):
        below = f"include:c{n + 1}.chain12.test " if n < chain else ""
        zone[f"c{n}.chain12.test"] = [("TXT", f"v=spf1 {below}ip4:203.0.113.{n} ~all")]
    zone.update(_mail_domain("wide.test", spf="v=spf1 " + " ".join(
        f"include:w{i}.wide.test" for i in range(width)) + " -all"))
    level = [f"w{i}.wide.test" for i in range(width)]
    for _ in range(depth - 1):
        below_level = []
        for name in level:
            children = [f"w{i}.{name}" for i in range(width)]
            zone[name] = [("TXT", "v=spf1 " + " ".join(f"include:{c}" for c in children)
                           + " -all")]
            below_level += children
        level = below_level
    for name in level:
        zone[name] = [("TXT", "v=spf1 ip4:198.51.100.0/24 -all")]
    zone.update(_mail_domain("deep.test", spf="v=spf1 include:d1.deep.test -all"))
    for n in range(1, deep + 1):
        below = f"include:d{n + 1}.deep.test " if n < deep else ""
        zone[f"d{n}.deep.test"] = [("TXT", f"v=spf1 {below}a:h{n}.deep.test -all")]
        zone[f"h{n}.deep.test"] = [("A", "198.51.100.9")]
    return zone


# Names under these answer SERVFAIL / never answer.
SERVFAIL_DOMAINS = ("broken.test",)
SILENT_DOMAINS = ("slow.test",)
