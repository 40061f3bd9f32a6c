"""DMARC per RFC 9989 (which obsoletes RFC 7489): policy discovery and the Organizational
Domain by the DNS Tree Walk, the record's tags, and identifier alignment.

The DNS Tree Walk (RFC 9989 §4.10) replaces RFC 7489's public suffix list: ask
_dmarc.<author domain>, then drop labels from the left one at a time (a name of 8 or more
labels jumps straight to its 7 right-most labels) up to the top-level domain: at most 8
queries. The first record found is the policy that applies. The Organizational Domain is
decided by the records on the way: psd=n marks one, psd=y marks a public suffix (the
Organizational Domain is then the name one label below it), otherwise it is the name with
the fewest labels that has a record, and the author domain itself when none has.

Tags new in RFC 9989: t (testing: receivers apply one level below p), np (policy for
non-existent subdomains), psd. pct, rf and ri are removed: receivers that follow RFC 9989
ignore them, older ones may still honour them, so they are reported as obsolete, not as
errors (the same choice as checkdmarc 5.16.0). Unknown tags are ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from a2k_settings_gui.core.domain.dkim import parse_tags
from a2k_settings_gui.core.net.dns import NXDOMAIN, DnsAnswer

Lookup = Callable[[str, str], DnsAnswer]
POLICIES = ("none", "quarantine", "reject")
OBSOLETE_TAGS = ("pct", "rf", "ri")
MAX_WALK_QUERIES = 8
_ONE_LEVEL_BELOW = {"reject": "quarantine", "quarantine": "none", "none": "none"}
_LOWERED = ("p", "sp", "np", "adkim", "aspf", "t", "psd")


def walk_names(domain: str) -> list[str]:
    """The names whose _dmarc record the tree walk asks for, in order (at most 8)."""
    labels = [label for label in domain.lower().rstrip(".").split(".") if label]
    names = [".".join(labels)] if labels else []
    while len(labels) > 1:
        labels = labels[-7:] if len(labels) >= 8 else labels[1:]
        names.append(".".join(labels))
    return names[:MAX_WALK_QUERIES]


@dataclass(frozen=True)
class WalkRecord:
    name: str  # the domain (without _dmarc.)
    record: str
    tags: dict[str, str]


def _dmarc_records(answer: DnsAnswer) -> list[str]:
    return [t.strip() for t in answer.texts() if t.strip().lower().startswith("v=dmarc1")]


def _tags(record: str) -> dict[str, str]:
    return {k: (v.lower() if k in _LOWERED else v) for k, v in parse_tags(record).items()}


def organizational_domain_from(domain: str, found: list[WalkRecord]) -> str:
    """RFC 9989 §4.10.2 from the records the walk found (author domain first)."""
    domain = domain.lower().rstrip(".")
    labels = domain.split(".")
    for item in found:
        psd = item.tags.get("psd", "u")
        if psd == "n":
            return item.name
        if psd == "y":
            if item.name == domain:
                return domain
            return ".".join(labels[-(len(item.name.split(".")) + 1):])
    if not found:
        return domain
    return min(found, key=lambda item: len(item.name.split("."))).name


@dataclass
class DmarcResult:
    domain: str
    record: str | None = None
    found_at: str | None = None  # _dmarc.<name> of the record that applies
    tags: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    records_found: int = 0
    dns_failures: list[DnsAnswer] = field(default_factory=list)
    # Failures above the name where the policy was found: the policy that applies is
    # known, so they lower nothing (only the Organizational Domain stays unconfirmed).
    failures_above_policy: list[DnsAnswer] = field(default_factory=list)
    organizational_domain: str = ""
    walk: list[str] = field(default_factory=list)  # names asked, in order
    domain_exists: bool = True

    @property
    def policy(self) -> str | None:
        return self.tags.get("p", "none") if self.record else None

    @property
    def subdomain_policy(self) -> str | None:
        return self.tags.get("sp", self.policy) if self.record else None

    @property
    def nonexistent_policy(self) -> str | None:
        return self.tags.get("np", self.subdomain_policy) if self.record else None

    @property
    def testing(self) -> bool:
        return bool(self.record) and self.tags.get("t") == "y"

    @property
    def own_record(self) -> bool:
        return self.found_at == f"_dmarc.{self.domain}"

    @property
    def published_policy(self) -> str | None:
        """The policy the record asks for this domain: p for its own record, sp (or np
        when the name does not exist) when inherited from the Organizational Domain."""
        if not self.record:
            return None
        if self.own_record:
            return self.policy
        return self.subdomain_policy if self.domain_exists else self.nonexistent_policy

    @property
    def applied_policy(self) -> str | None:
        """What an RFC 9989 receiver does: with t=y, one level below the published one."""
        published = self.published_policy
        if published is None or published not in POLICIES:
            return published
        return _ONE_LEVEL_BELOW[published] if self.testing else published

    @property
    def obsolete_tags(self) -> list[str]:
        return [f"{k}={self.tags[k]}" for k in OBSOLETE_TAGS if k in self.tags]

    def to_dict(self) -> dict[str, object]:
        return {
            "record": self.record,
            "policy": self.policy,
            "found_at": self.found_at,
            "subdomain_policy": self.subdomain_policy,
            "nonexistent_subdomain_policy": self.nonexistent_policy,
            "testing": self.testing if self.record else None,
            "applied_policy": self.applied_policy,
            "psd": self.tags.get("psd", "u") if self.record else None,
            "organizational_domain": self.organizational_domain or None,
            "tree_walk": [f"_dmarc.{name}" for name in self.walk],
            "obsolete_tags": self.obsolete_tags,
            "rua": self.tags.get("rua") or None,
            "adkim": self.tags.get("adkim", "r") if self.record else None,
            "aspf": self.tags.get("aspf", "r") if self.record else None,
            "problems": list(self.problems),
        }


def check_tags(tags: dict[str, str]) -> list[str]:
    """Problems that make receivers ignore a tag or the record (RFC 9989 §4.7, §4.10.1).
    Obsolete tags (pct, rf, ri) and unknown tags are not problems: receivers ignore them."""
    problems = []
    if "p" in tags and tags["p"].lower() not in POLICIES:
        problems.append("p= must be none, quarantine or reject")
    for key in ("sp", "np"):
        if key in tags and tags[key].lower() not in POLICIES:
            problems.append(f"{key}= must be none, quarantine or reject")
    for key in ("adkim", "aspf"):
        if key in tags and tags[key].lower() not in ("r", "s"):
            problems.append(f"{key}= must be r (relaxed) or s (strict)")
    if "t" in tags and tags["t"].lower() not in ("y", "n"):
        problems.append("t= must be y (testing) or n")
    if "psd" in tags and tags["psd"].lower() not in ("y", "n", "u"):
        problems.append("psd= must be y, n or u")
    for key in ("rua", "ruf"):
        for uri in filter(None, (u.strip() for u in tags.get(key, "").split(","))):
            if not uri.lower().startswith("mailto:"):
                problems.append(f"{key}= addresses should start with mailto: (receivers "
                                "must support only mailto and ignore other schemes)")
    return problems


def find(lookup: Lookup, domain: str, first: DnsAnswer | None = None,
         domain_exists: bool = True) -> DmarcResult:
    """Walk the tree for `domain`; `first` is _dmarc.<domain> when already fetched."""
    domain = domain.lower().rstrip(".")
    result = DmarcResult(domain, domain_exists=domain_exists)
    found: list[WalkRecord] = []
    for index, name in enumerate(walk_names(domain)):
        result.walk.append(name)
        answer = first if (index == 0 and first is not None) else lookup(f"_dmarc.{name}", "TXT")
        if answer.failed:
            if result.found_at is not None:
                result.failures_above_policy.append(answer)
            else:
                result.dns_failures.append(answer)
            break  # a receiver would treat this as a temporary error, so do we
        records = _dmarc_records(answer)
        if len(records) > 1:
            # RFC 9989 §4.10 step 2: several records at one name are all discarded.
            if result.record is None:
                result.problems.append(f"_dmarc.{name} has {len(records)} DMARC records; "
                                       "receivers ignore all of them")
                result.records_found = len(records)
                result.found_at = f"_dmarc.{name}"
            continue
        if not records:
            continue
        item = WalkRecord(name, records[0], _tags(records[0]))
        found.append(item)
        if result.record is None and not result.problems:
            result.record, result.found_at = item.record, f"_dmarc.{name}"
            result.tags, result.records_found = item.tags, 1
            result.problems = check_tags(item.tags)
        if item.tags.get("psd") in ("y", "n"):
            break  # the Organizational Domain is decided: no need to ask further up
    result.organizational_domain = organizational_domain_from(domain, found)
    return result


def organizational_domain(lookup: Lookup, domain: str) -> str:
    return find(lookup, domain).organizational_domain


def aligned(lookup: Lookup, author_domain: str, identifier: str, mode: str = "r") -> bool:
    """DMARC identifier alignment (RFC 9989 §4.4): strict = the same name; relaxed = the
    same Organizational Domain, each found by the tree walk."""
    a, b = author_domain.lower().rstrip("."), identifier.lower().rstrip(".")
    if a == b:
        return True
    if mode == "s":
        return False
    return organizational_domain(lookup, a) == organizational_domain(lookup, b)


def is_above(name: str, found_at: str | None) -> bool:
    """True when `name` (a _dmarc.<x> query) sits above `found_at` in the DNS tree walk."""
    if not found_at or not name.startswith("_dmarc."):
        return False
    asked, found = name[len("_dmarc."):].lower(), found_at[len("_dmarc."):].lower()
    return found.endswith("." + asked)


def is_nxdomain(answer: DnsAnswer | None) -> bool:
    return answer is not None and answer.outcome == NXDOMAIN
