"""DMARC identifier alignment (RFC 7489 §3.1, RFC 9989): does SPF's or DKIM's domain
belong to the From domain?

Relaxed (the default, `adkim=r` / `aspf=r`): the two domains share their organizational
domain (bounces.shop.example.co.uk aligns with example.co.uk). Strict (`s`): exactly the
same domain. A DKIM pass for d=sendgrid.net, or an SPF pass for amazonses.com's bounce
address, proves the provider sent it, not that the From domain did: DMARC then fails
unless the other method aligns.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

RELAXED, STRICT = "relaxed", "strict"


@functools.lru_cache(maxsize=1)
def _psl():  # noqa: ANN202 - publicsuffixlist type, loaded lazily (it parses a big list)
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


@functools.lru_cache(maxsize=256)
def organizational_domain(domain: str) -> str:
    """example.co.uk for mail.shop.example.co.uk; the domain itself when unsure."""
    clean = domain.lower().strip().rstrip(".")
    try:
        org = _psl().privatesuffix(clean)
    except Exception:  # noqa: BLE001 - odd input: compare the domain as written
        org = None
    return org or clean


def domain_of(value: str | None) -> str:
    """The domain of "user@example.com", "@example.com" or "example.com"; "" for none."""
    if not value:
        return ""
    text = value.strip().strip("<>").rstrip(".").lower()
    if "@" in text:
        text = text.rsplit("@", 1)[1]
    if text in ("none", "unknown") or "." not in text:
        return ""
    return text


def aligned(domain: str, from_domain: str, mode: str = RELAXED) -> bool:
    if not domain or not from_domain:
        return False
    if mode == STRICT or domain == from_domain:
        # The same domain aligns in either mode: no need to build the public suffix list
        # (~40 ms of parsing) for the common case of a sender signing as itself.
        return domain == from_domain
    return organizational_domain(domain) == organizational_domain(from_domain)


@dataclass(frozen=True)
class Alignment:
    method: str  # "spf" or "dkim"
    result: str | None  # the receiver's result for the method (best one for DKIM)
    domain: str  # the authenticated domain (smtp.mailfrom's domain, DKIM d=)
    aligned: bool  # passed AND aligned with the From domain
    mode: str  # relaxed or strict
    # strict was inferred: the receiver failed DMARC although a relaxed check aligns, so
    # the domain's record must say adkim=s / aspf=s (no DNS lookup was made)
    inferred: bool = False

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"result": self.result, "domain": self.domain or None,
                                   "aligned": self.aligned, "mode": self.mode}
        if self.inferred:
            data["mode_inferred"] = True
        return data
