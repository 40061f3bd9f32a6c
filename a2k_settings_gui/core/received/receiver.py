"""Who received the message last, and which Authentication-Results that server wrote.

RFC 8601 §5: only the receiver's own results count; an Authentication-Results that came
with the message is a claim by whoever sent it (anyone can write `dmarc=pass`). The
final receiver is found from the Received chain, top down:

* its block is the Received fields at the top whose `by` host belongs to one
  organization (internal relays with an IP or no name as `by` belong to it too);
* the block ends at the entry hop: the first field whose `from` is outside that
  organization (a public address or a foreign name): the server that took the message
  from the outside. Everything below the next Received came with the message.

A header is the receiver's verdict when it sits in that region (Gmail and Postfix write
it just below their Received field, Microsoft and Yahoo just above) and names the
receiver as its authserv-id; Microsoft's stamp without an authserv-id counts only when
the receiver is Microsoft. The verdict is the topmost such header. A lower header with
the same authserv-id (one per milter on Postfix) may add a method the topmost one does
not mention only when that result is not a pass: a lower header can make the verdict
worse, never better, because a sender can place one there. Everything else is returned
as a claim, with the reason it does not count.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field

from a2k_settings_gui.core.received.alignment import organizational_domain
from a2k_settings_gui.core.received.auth_results import AuthResultsHeader, MethodResult
from a2k_settings_gui.core.received.headers import HeaderSection
from a2k_settings_gui.core.received.hops import MAX_HOPS

_BY = re.compile(r"\bby\s+(\S+)", re.IGNORECASE)
_FROM = re.compile(r"^\s*from\s+(\S+)(?:\s+\(([^)]*)\))?", re.IGNORECASE)
_BRACKET_IP = re.compile(r"\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9_-]{1,63}\.)+[A-Za-z][A-Za-z0-9-]{0,62}$")

# One company's servers under several registered domains (Microsoft relays through
# protection.outlook.com, outlook.office365.com and prod.outlook.com in one delivery).
_FAMILIES = {
    "outlook.com": "microsoft", "office365.com": "microsoft", "microsoft.com": "microsoft",
    "exchangelabs.com": "microsoft", "hotmail.com": "microsoft",
    "google.com": "google", "gmail.com": "google", "googlemail.com": "google",
    "1e100.net": "google",
    "yahoo.com": "yahoo", "yahoo.net": "yahoo", "yahoodns.net": "yahoo", "aol.com": "yahoo",
}


@dataclass(frozen=True)
class Claim:
    """An Authentication-Results that is not the receiver's verdict, and why."""

    header: AuthResultsHeader
    why: str

    def to_dict(self) -> dict[str, object]:
        return {"authserv_id": self.header.authserv_id,
                "results": [f"{r.method}={r.result}" for r in self.header.results][:20],
                "why": self.why}


@dataclass
class FinalReceiver:
    """The organization that received the message last, as the Received chain shows it."""

    hosts: list[str]  # `by` names of its Received fields, top first
    families: set[str]  # the known providers among them (microsoft, google, yahoo)
    region_end: int  # fields above this index were written by the receiver or its relays
    entry_host: str = ""  # the server that took the message from outside
    verdict: AuthResultsHeader | None = None
    merged: list[MethodResult] = field(default_factory=list)  # non-pass results added
    claims: list[Claim] = field(default_factory=list)

    @property
    def microsoft(self) -> bool:
        return "microsoft" in self.families

    def owns(self, authserv_id: str | None) -> bool:
        if authserv_id is None:
            return self.microsoft
        return _belongs(authserv_id.strip().rstrip(".").lower(), self.hosts, self.families)


def find_final_receiver(headers: HeaderSection) -> FinalReceiver | None:
    """The receiver's block from the Received chain; None when the chain names none."""
    received = [(index, value) for index, (name, value) in enumerate(headers.fields)
                if name.lower() == "received"][:MAX_HOPS]
    families: set[str] = set()
    hosts: list[str] = []
    entry = -1
    entry_host = ""
    for number, (_index, value) in enumerate(received):
        by = _by_host(value)
        if by:
            if hosts and not _belongs(by, hosts, families):
                break  # a hop inside someone else's network: below the receiver
            hosts.append(by)
            family = _known_family(by)
            if family:
                families.add(family)
        entry = number
        if _from_outside(value, hosts, families):
            entry_host = by
            break
    if not hosts or entry < 0:
        return None
    region_end = received[entry + 1][0] if entry + 1 < len(received) else len(headers.fields)
    return FinalReceiver(hosts=hosts, families=families, region_end=region_end,
                         entry_host=entry_host or hosts[-1])


def choose_verdict(final: FinalReceiver | None,
                   headers: list[tuple[int, AuthResultsHeader]]) -> FinalReceiver | None:
    """Fill in the receiver's verdict and the claims; `headers` are (field index, parsed)
    top first."""
    if final is None:
        return None
    for index, parsed in headers:
        if parsed.too_long:
            final.claims.append(Claim(parsed, "it is far longer than any receiver writes "
                                              "and was not read"))
        elif index >= final.region_end:
            final.claims.append(Claim(parsed, "it came with the message: it is below the "
                                              "Received field of the server that took the "
                                              "message in"))
        elif not final.owns(parsed.authserv_id):
            name = parsed.authserv_id or "a server that writes no name (Microsoft's style)"
            final.claims.append(Claim(parsed, f"{name} is not the receiving server "
                                              f"({', '.join(final.hosts[:3])})"))
        elif final.verdict is None:
            final.verdict = parsed
        elif parsed.authserv_id == final.verdict.authserv_id:
            said = {r.method for r in final.verdict.results} | {r.method for r in final.merged}
            added = [r for r in parsed.results if r.method not in said and r.result != "pass"]
            final.merged.extend(added)
            if len(added) != len(parsed.results):
                final.claims.append(Claim(parsed, "a lower header under the receiver's name: "
                                                  "only its topmost header can give a pass"))
        else:
            final.claims.append(Claim(parsed, "another header of the receiving organization "
                                              "below its topmost one"))
    return final


def _known_family(host: str) -> str:
    """microsoft, google or yahoo for their names (several registered domains each)."""
    for domain, family in _FAMILIES.items():
        if host == domain or host.endswith("." + domain):
            return family
    return ""


def _belongs(host: str, hosts: list[str], families: set[str]) -> bool:
    """`host` is of the same organization as the receiver's `hosts`."""
    family = _known_family(host)
    if family:
        return family in families
    return any(_same_organization(host, known) for known in hosts
               if not _known_family(known))


def _same_organization(one: str, other: str) -> bool:
    """Same organizational domain. The public suffix list (~40 ms to build) is asked only
    when the names share their last two labels without one being inside the other."""
    if one == other or one.endswith("." + other) or other.endswith("." + one):
        return True
    if one.split(".")[-2:] != other.split(".")[-2:]:
        return False  # an organizational domain has two labels at least: they differ
    return organizational_domain(one) == organizational_domain(other)


def _by_host(value: str) -> str:
    head = value.rsplit(";", 1)[0] if ";" in value else value
    match = _BY.search(head)
    name = match.group(1).rstrip(".").lower() if match else ""
    return name if _is_hostname(name) else ""


def _is_hostname(name: str) -> bool:
    if not _HOSTNAME.match(name):
        return False
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return True
    return False


def _from_outside(value: str, hosts: list[str], families: set[str]) -> bool:
    """The hop took the message from a server outside the receiver's organization."""
    match = _FROM.search(value)
    if not match:
        return False  # "Received: by …" only: a local hand-over
    name = match.group(1).rstrip(".").lower()
    if _is_hostname(name):
        return bool(hosts) and not _belongs(name, hosts, families)
    address = _address_of(match)  # an address or a bare name ("localhost", "erp-pc")
    return address is not None and address.is_global


def _address_of(match: re.Match[str]):  # noqa: ANN202 - ip_address or None
    candidates = [match.group(1).strip("[]()")]
    bracket = _BRACKET_IP.search(match.group(0))
    if bracket:
        candidates.insert(0, bracket.group(1))
    comment = (match.group(2) or "").strip()
    if comment:
        candidates.append(comment.split()[0].strip("[]"))
    for text in candidates:
        text = text.removeprefix("IPv6:")
        try:
            return ipaddress.ip_address(text)
        except ValueError:
            continue
    return None
