"""What is wrong with the sender domain, in plain words, with the exact record to publish.

`build(facts)` turns DomainFacts into DomainFindings. A DomainFinding is a Finding plus,
when a DNS change fixes it, `record`: the name, type and value to give the DNS provider
(the UI shows each with a Copy button; --json prints it as {"name","type","value"}).
"""

from __future__ import annotations

from typing import Any

from a2k_settings_gui.core.domain.dmarc import is_above
from a2k_settings_gui.core.domain.record_finding import DnsRecord, DomainFinding
from a2k_settings_gui.core.domain.spf_findings import spf_findings
from a2k_settings_gui.core.net.dns import REFUSED, SERVFAIL, TIMEOUT, DnsAnswer


def build(facts: Any, incomplete: bool = False) -> list[DomainFinding]:
    """All findings for these facts, errors first."""
    out: list[DomainFinding] = []
    out += _dns_trouble(facts, incomplete)
    if not facts.domain_exists:
        out.append(DomainFinding(
            "domain_not_found", "error",
            f"The domain {facts.domain} does not exist in DNS, so no receiver will accept mail "
            "from it.",
            "Check the spelling of the Sender Email ID. If it is right, the domain has expired "
            "or was never registered: ask whoever registered it.",
        ))
        return _sorted(out)
    freemail = _freemail(facts)
    out += freemail
    if freemail or facts.freemail is not None:
        # gmail.com's SPF, DKIM and DMARC are the provider's business, not the admin's.
        return _sorted(out)
    out += _mx(facts)
    out += spf_findings(facts)
    out += _dkim(facts)
    out += _dmarc(facts)
    return _sorted(out)


def _sorted(findings: list[DomainFinding]) -> list[DomainFinding]:
    rank = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: rank[f.severity])


def _names(answers: list[DnsAnswer]) -> str:
    """The failed names, the domain's own records first and DKIM probes as one count."""
    main = sorted({f"{a.name} ({a.rdtype})" for a in answers if "._domainkey." not in a.name})
    dkim = {a.name for a in answers if "._domainkey." in a.name}
    parts = main[:4] + ([f"{len(main) - 4} more names"] if len(main) > 4 else [])
    if dkim:
        parts.append(f"{len(dkim)} DKIM selector{'s' if len(dkim) > 1 else ''}")
    return ", ".join(parts)


def _servers(answers: list[DnsAnswer], asked: str = "") -> str:
    """Which DNS server answered (or, when none did, which were asked), as typed."""
    servers = list(dict.fromkeys(a.server for a in answers if a.server)) or (
        [asked] if asked else [])
    return f"The DNS server {', '.join(servers)}" if servers else "The DNS server"


def _dns_trouble(facts: Any, incomplete: bool) -> list[DomainFinding]:
    """DNS failures placed where they belong: on the domain's own names a SERVFAIL or a
    time-out is an error; a server that REFUSES a name is not a resolver for it (the
    setting is wrong, not the zone); above the level where the DMARC policy was found a
    failure changes no verdict."""
    found_at = facts.dmarc.found_at if facts.dmarc is not None else None
    above = [a for a in facts.dns_failures if is_above(a.name, found_at)]
    rest = [a for a in facts.dns_failures if not is_above(a.name, found_at)]
    refused = [a for a in rest if a.outcome == REFUSED]
    timeouts = [a for a in rest if a.outcome == TIMEOUT]
    servfails = [a for a in rest if a.outcome == SERVFAIL]
    others = [a for a in rest if a.outcome not in (TIMEOUT, SERVFAIL, REFUSED)]
    out = []
    if timeouts or incomplete:
        out.append(DomainFinding(
            "dns_timeout", "error",
            _servers(timeouts, getattr(facts, "dns_servers", "")) + " did not answer in time for "
            + (_names(timeouts) if timeouts else "part of the check")
            + ", so those results are unknown. Receivers that hit the same delay postpone or "
            "refuse mail ('451 4.7.26 … temporary DNS failures').",
            "Run the check again. If it keeps happening, ask whoever hosts the domain's DNS to "
            "check their name servers; on a corporate network try another DNS server "
            "(Network settings, or --dns-server).",
        ))
    if servfails:
        out.append(DomainFinding(
            "dns_servfail", "error",
            f"{_servers(servfails)} reported a failure (SERVFAIL) for "
            f"{_names(servfails)}. When the domain's own name servers fail like this, "
            "receivers see the same failure and cannot verify your mail.",
            "Ask whoever hosts the domain's DNS to fix the zone (a common cause is a broken "
            "DNSSEC signature). If only this computer sees it, try another DNS server.",
        ))
    if refused:
        out.append(DomainFinding(
            "dns_refused", "warning",
            f"{_servers(refused)} refused to answer {_names(refused)}: it is "
            f"not a resolver for {'it' if len(refused) == 1 else 'them'}. Those results are "
            "unknown; this says nothing about the domain's own records.",
            "Use a resolving DNS server or none: enter your company's resolver instead of a "
            "server that only hosts a zone, or clear the DNS server setting so this "
            "computer's own DNS is used (Network settings, or --dns-server).",
        ))
    if others:
        out.append(DomainFinding(
            "dns_error", "error",
            f"{_servers(others)} could not be asked about {_names(others)}: "
            f"{others[0].detail}",
            "Check the DNS server setting (Network settings, or --dns-server IP[:PORT]) and "
            "the network connection.",
        ))
    if above:
        outcomes = ", ".join(sorted({a.outcome.upper() for a in above}))
        out.append(DomainFinding(
            "dns_failure_above_policy", "info",
            f"{_servers(above)} gave no usable answer ({outcomes}) for "
            f"{_names(above)}, above {found_at} where {facts.domain}'s DMARC policy was "
            "found. That policy applies whatever the names above it say, so this changes "
            "no verdict.",
            "Nothing to change in the domain's records. To see the whole DMARC tree walk, "
            "use a resolving DNS server (or none: this computer's own).",
        ))
    return out


def _freemail(facts: Any) -> list[DomainFinding]:
    owner = facts.freemail
    if owner is None:
        return []
    if owner is not True and facts.smtp_host and owner.serves_host(facts.smtp_host):
        return [DomainFinding(
            "freemail_sender_own_server", "info",
            f"{facts.domain} is a free-mail address sent through its own server "
            f"({facts.smtp_host}): the provider signs it. Free-mail accounts have low daily "
            "limits, so they do not suit sending statements to many customers.",
            "For regular statements and invoices use an address at your company's own domain.",
        )]
    via = f"through {facts.smtp_host}" if facts.smtp_host else "through another server"
    return [DomainFinding(
        "freemail_sender", "error",
        f"The sender address is at {facts.domain}, a free-mail domain, but the mail goes "
        f"{via}. {facts.domain}'s own DMARC policy tells Gmail, Yahoo and Outlook.com to "
        "reject or spam-folder such mail, and you cannot change that policy.",
        "Use a sender address at your company's own domain (e.g. statements@yourcompany.com), "
        "or send through the free-mail provider's own server with that account.",
    )]


def _mx(facts: Any) -> list[DomainFinding]:
    answer = facts.mx_answer
    if answer is None or answer.failed:
        return []
    hosts = [h for _p, h in answer.records]
    if answer.ok and hosts and hosts != ["."]:
        return []
    return [DomainFinding(
        "mx_missing", "warning",
        f"{facts.domain} has no mail server (MX record), so customers' replies and bounce "
        "messages cannot come back, and some receivers distrust mail from a domain that "
        "cannot receive mail.",
        "Ask your mail provider for its MX record and publish it (your provider's setup page "
        "shows it).",
        DnsRecord(facts.domain, "MX", "10 <your mail provider's MX host>"),
    )]


def _dkim(facts: Any) -> list[DomainFinding]:
    result = facts.dkim
    if result is None:
        return []
    d = facts.domain
    n = len(result.selectors_checked)
    out = []
    weak = [k for k in result.found if k.bits is not None and k.bits < 1024]
    broken = [k for k in result.found if k.problem]
    revoked = [k for k in result.found if k.revoked]
    for key in weak:
        out.append(DomainFinding(
            "dkim_weak_key", "error",
            f"The DKIM key at {key.name} is only {key.bits} bits. Gmail and Yahoo ignore "
            "keys shorter than 1024 bits, so this signature does not count.",
            "Generate a new 2048-bit DKIM key at your mail provider and publish the record it "
            "shows (then the old selector can be removed).",
        ))
    for key in broken:
        out.append(DomainFinding(
            "dkim_invalid_key", "error",
            f"The DKIM record at {key.name} cannot be used: {key.problem}.",
            "Copy the DKIM record again from your mail provider; a part of the key is often "
            "lost when pasting long values.",
        ))
    if revoked and not facts.dkim_keys_ok:
        out.append(DomainFinding(
            "dkim_revoked", "warning",
            "The DKIM key at " + ", ".join(k.name for k in revoked)
            + " is revoked (empty p=), so it signs nothing.",
            "Turn on DKIM signing at your mail provider and publish the new key it shows.",
        ))
    if result.found or (result.dns_failures and len(result.dns_failures) == n):
        return out
    provider = facts.provider
    where = provider.dkim_help.format(domain=d) if provider and provider.dkim_help else (
        "Ask your mail provider for the DKIM selector and record for your domain; the "
        "'s=' tag of the DKIM-Signature header of a message it sent names the selector.")
    severe = facts.bulk or facts.authorizes_server is False
    tried = ", ".join(result.selectors_checked[:12]) + (", …" if n > 12 else "")
    record = None
    if provider and provider.id == "microsoft":
        dashed = d.replace(".", "-")
        record = DnsRecord(f"selector1._domainkey.{d}", "CNAME",
                           f"selector1-{dashed}._domainkey.<your-tenant>.onmicrosoft.com")
    elif provider and provider.dkim_selectors:
        record = DnsRecord(f"{provider.dkim_selectors[0]}._domainkey.{d}", "TXT",
                           "v=DKIM1; k=rsa; p=<the public key your provider shows>")
    out.append(DomainFinding(
        "dkim_not_found", "error" if severe else "warning",
        f"No DKIM key was found for {d} among the {n} selectors we tried ({tried}). "
        "Selectors cannot be listed from DNS, so a key under another name may exist: type "
        "it in 'DKIM selector' to check it."
        + (" Bulk senders need DKIM as well as SPF." if facts.bulk else ""),
        where + " Then enter the selector here and run the check again.",
        record,
    ))
    return out


OBSOLETE = ("pct", "rf", "ri")


def _without_tags(record: str | None, names: tuple[str, ...]) -> str:
    parts = [p.strip() for p in (record or "").split(";") if p.strip()]
    kept = [p for p in parts if p.split("=", 1)[0].strip().lower() not in names]
    return "; ".join(kept)


def _dmarc(facts: Any) -> list[DomainFinding]:
    result = facts.dmarc
    if result is None or result.dns_failures:
        return []
    d = facts.domain
    starter = DnsRecord(f"_dmarc.{d}", "TXT", f"v=DMARC1; p=none; rua=mailto:dmarc-reports@{d}")
    if result.record is None:
        return [DomainFinding(
            "dmarc_missing", "error" if facts.bulk else "warning",
            f"{d} has no DMARC record."
            + (" Gmail and Yahoo require one from bulk senders (more than 5,000 a day, which "
               "your Mail Sending Control settings allow); Outlook.com rejects with "
               "'550 5.7.515'." if facts.bulk else " Gmail and Yahoo recommend one."),
            f"Publish this TXT record at _dmarc.{d}. p=none only asks for reports; create the "
            f"mailbox dmarc-reports@{d} (or change the address) to receive them.",
            starter,
        )]
    out = []
    if result.problems:
        out.append(DomainFinding(
            "dmarc_invalid", "error",
            f"The DMARC record at {result.found_at} has problems: "
            + "; ".join(result.problems) + ".",
            "Replace it with one valid record like the one below.",
            DnsRecord(result.found_at or f"_dmarc.{d}", "TXT", starter.value),
        ))
    elif result.policy == "none":
        out.append(DomainFinding(
            "dmarc_policy_none", "info",
            "DMARC policy is p=none: receivers only report, they do not act. That meets the "
            "Gmail and Yahoo bulk-sender rule.",
            "When the reports show all your mail passing, move to p=quarantine and later "
            "p=reject to stop others from sending as you.",
        ))
    if result.record and not result.own_record:
        org = result.organizational_domain or (result.found_at or "")[len("_dmarc."):]
        out.append(DomainFinding(
            "dmarc_inherited", "info",
            f"{d} has no DMARC record of its own; receivers walk up the DNS tree (RFC 9989) "
            f"and use the one at {result.found_at} (Organizational Domain {org}): "
            f"p={result.published_policy} for {d}"
            + (", which does not exist in DNS (np=)" if not result.domain_exists else "")
            + ".",
            "Nothing to do unless you want a different policy for this subdomain.",
        ))
    if result.testing:
        published = result.published_policy
        out.append(DomainFinding(
            "dmarc_testing", "warning" if published != "none" else "info",
            f"The DMARC record has t=y (testing): receivers that follow RFC 9989 apply one "
            f"level below the published policy, so p={published} acts as "
            f"p={result.applied_policy}.",
            "When the aggregate reports show all your mail passing, remove t=y to have the "
            "policy applied in full.",
            DnsRecord(result.found_at or f"_dmarc.{d}", "TXT",
                      _without_tags(result.record, ("t",))),
        ))
    if result.obsolete_tags:
        listed = ", ".join(result.obsolete_tags)
        partial = result.tags.get("pct") not in (None, "100")
        out.append(DomainFinding(
            "dmarc_obsolete_tags", "warning" if partial else "info",
            f"The DMARC record uses {listed}, removed by RFC 9989: receivers that follow it "
            "ignore these tags"
            + (f" and apply the policy to all failing mail, not {result.tags['pct']}%; older "
               "receivers may still apply it partially" if partial else "")
            + ".",
            "Remove them"
            + (" (to test a policy first, use t=y instead of pct)" if partial else "")
            + ". The record without them:",
            DnsRecord(result.found_at or f"_dmarc.{d}", "TXT",
                      _without_tags(result.record, OBSOLETE)),
        ))
    return out


__all__ = ["DnsRecord", "DomainFinding", "build"]
