"""DMARC (RFC 7489): find the policy record, with the organizational-domain fallback.

A receiver looks at _dmarc.<From domain>; when there is none it looks at
_dmarc.<organizational domain> (the registrable domain, found with the public suffix
list, so that shop.example.co.uk falls back to example.co.uk, not co.uk).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from a2k_settings_gui.core.domain.dkim import parse_tags
from a2k_settings_gui.core.net.dns import DnsAnswer

Lookup = Callable[[str, str], DnsAnswer]
POLICIES = ("none", "quarantine", "reject")


@functools.lru_cache(maxsize=1)
def _psl():  # noqa: ANN202 - publicsuffixlist type, imported lazily (it parses a big list)
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def organizational_domain(domain: str) -> str:
    """example.co.uk for mail.shop.example.co.uk; the domain itself when unsure."""
    try:
        org = _psl().privatesuffix(domain.lower().rstrip("."))
    except Exception:  # noqa: BLE001 - odd input: fall back to the domain as typed
        org = None
    return org or domain.lower().rstrip(".")


@dataclass
class DmarcResult:
    domain: str
    record: str | None = None
    found_at: str | None = None  # _dmarc.<domain> or _dmarc.<organizational domain>
    tags: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    records_found: int = 0
    dns_failures: list[DnsAnswer] = field(default_factory=list)

    @property
    def policy(self) -> str | None:
        return self.tags.get("p") if self.record else None

    @property
    def subdomain_policy(self) -> str | None:
        return self.tags.get("sp", self.policy) if self.record else None

    @property
    def pct(self) -> int:
        try:
            return int(self.tags.get("pct", "100"))
        except ValueError:
            return 100

    def to_dict(self) -> dict[str, object]:
        return {
            "record": self.record,
            "policy": self.policy,
            "found_at": self.found_at,
            "subdomain_policy": self.subdomain_policy,
            "pct": self.pct if self.record else None,
            "rua": self.tags.get("rua") or None,
            "adkim": self.tags.get("adkim", "r") if self.record else None,
            "aspf": self.tags.get("aspf", "r") if self.record else None,
            "problems": list(self.problems),
        }


def _dmarc_records(answer: DnsAnswer) -> list[str]:
    return [t.strip() for t in answer.texts() if t.strip().lower().startswith("v=dmarc1")]


def check_tags(tags: dict[str, str]) -> list[str]:
    problems = []
    if tags.get("p", "").lower() not in POLICIES:
        problems.append("p= must be none, quarantine or reject")
    if "sp" in tags and tags["sp"].lower() not in POLICIES:
        problems.append("sp= must be none, quarantine or reject")
    for key in ("adkim", "aspf"):
        if key in tags and tags[key].lower() not in ("r", "s"):
            problems.append(f"{key}= must be r (relaxed) or s (strict)")
    if "pct" in tags and not (tags["pct"].isdigit() and 0 <= int(tags["pct"]) <= 100):
        problems.append("pct= must be a whole number from 0 to 100")
    for key in ("rua", "ruf"):
        for uri in filter(None, tags.get(key, "").split(",")):
            if not uri.lower().startswith("mailto:"):
                problems.append(f"{key}= addresses must start with mailto:")
    return problems


def find(lookup: Lookup, domain: str, first: DnsAnswer | None = None) -> DmarcResult:
    """The DMARC record for `domain`; `first` is _dmarc.<domain> when already fetched."""
    result = DmarcResult(domain)
    names = [f"_dmarc.{domain}"]
    org = organizational_domain(domain)
    if org != domain:
        names.append(f"_dmarc.{org}")
    for index, name in enumerate(names):
        answer = first if (index == 0 and first is not None) else lookup(name, "TXT")
        if answer.failed:
            result.dns_failures.append(answer)
            return result  # a receiver would treat this as a temporary error, so do we
        records = _dmarc_records(answer)
        if not records:
            continue
        result.records_found = len(records)
        result.record, result.found_at = records[0], name
        result.tags = {k: v for k, v in parse_tags(records[0]).items()}
        result.tags = {k: (v.lower() if k in ("p", "sp", "adkim", "aspf") else v)
                       for k, v in result.tags.items()}
        result.problems = check_tags(result.tags)
        if len(records) > 1:
            result.problems.insert(0, f"{name} has {len(records)} DMARC records; "
                                      "receivers ignore all of them")
        return result
    return result
