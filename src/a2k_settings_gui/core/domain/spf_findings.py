"""SPF findings of Check Domain, each with the SPF record that fixes it.

The suggested record is the admin's current one with the term that authorises their
mail server (the provider's include, or a:<server>) added just before the all term, so
nothing they already authorise is lost.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from a2k_settings_gui.core.domain import spf as spf_check
from a2k_settings_gui.core.domain.record_finding import DnsRecord, DomainFinding

GMAIL_5726 = "Gmail rejects such mail with '550 5.7.26 … the sender is unauthenticated'"


def _spf_term_for_server(facts: Any) -> str:
    if facts.provider and facts.provider.spf_include:
        return f"include:{facts.provider.spf_include}"
    if not facts.smtp_host:
        return ""
    try:  # a server given as an IP address is authorised by address, not by name
        ip = ipaddress.ip_address(facts.smtp_host)
    except ValueError:
        return f"a:{facts.smtp_host}"
    return f"ip{ip.version}:{ip}"


def _spf_suggestion(facts: Any, record: str | None) -> str:
    """The record with the term that authorises the server added before its all term."""
    term = _spf_term_for_server(facts)
    if not term:
        return record or "v=spf1 ~all"
    if record and term.lower() in (t.lower() for t in record.split()):
        return record
    return spf_check.with_term(record, term)


def spf_findings(facts: Any) -> list[DomainFinding]:
    tree = facts.spf_tree
    if tree is None or (tree.record is None and tree.dns_failures):
        return []
    d = facts.domain
    if tree.records_found == 0:
        return [DomainFinding(
            "spf_missing", "error",
            f"{d} has no SPF record, so receivers cannot tell which servers may send its mail. "
            f"Without SPF or DKIM, {GMAIL_5726}.",
            f"Publish this TXT record at {d} (your DNS provider's control panel).",
            DnsRecord(d, "TXT", _spf_suggestion(facts, None)),
        )]
    if tree.records_found > 1:
        return [DomainFinding(
            "spf_multiple_records", "error",
            f"{d} has {tree.records_found} SPF records. RFC 7208 makes that an error "
            "(permerror): receivers ignore all of them.",
            "Delete the extra SPF TXT records and keep one that lists every service that "
            "sends for you, like the one below.",
            DnsRecord(d, "TXT", _spf_suggestion(facts, tree.record)),
        )]
    out: list[DomainFinding] = []
    if tree.syntax_errors:
        out.append(DomainFinding(
            "spf_syntax_error", "error",
            "The SPF record has an error, so receivers treat it as broken (permerror): "
            + "; ".join(tree.syntax_errors[:3]) + ".",
            f"Correct the SPF TXT record at {d}. Current record: {tree.record}",
        ))
    if tree.missing_includes:
        out.append(DomainFinding(
            "spf_include_missing", "error",
            "The SPF record includes "
            + ", ".join(tree.missing_includes)
            + ", which has no SPF record, so the whole check ends in an error (permerror).",
            "Remove that include or correct its spelling (ask the service for the include "
            "it publishes).",
        ))
    if tree.all_qualifier == "+":
        fixed = " ".join("~all" if t.lower() in ("+all", "all") else t
                         for t in tree.record.split())
        out.append(DomainFinding(
            "spf_allows_all", "error",
            f"The SPF record of {d} ends in '+all' (or 'all'): it allows every server in the "
            "world to send as you. That is worse than no SPF and spam filters penalise it.",
            "Replace '+all' with '~all' (or '-all' once you are sure every sender is listed).",
            DnsRecord(d, "TXT", _spf_suggestion(facts, fixed)),
        ))
    if tree.dns_lookups > spf_check.MAX_DNS_LOOKUPS:
        out.append(DomainFinding(
            "spf_too_many_lookups", "error",
            f"The SPF record needs {tree.dns_lookups} DNS lookups (include, a, mx, ptr, "
            "exists, redirect); the limit is 10, so receivers treat it as broken (permerror).",
            "Remove includes of services you no longer use, or replace 'a' and 'mx' terms by "
            "ip4:/ip6: ranges, until the count is 10 or less.",
        ))
    if tree.void_lookups:
        severe = tree.void_lookups > spf_check.MAX_VOID_LOOKUPS
        out.append(DomainFinding(
            "spf_void_lookups", "error" if severe else "warning",
            f"The SPF record points at {tree.void_lookups} name(s) that do not exist in DNS"
            + (" (more than 2 makes receivers treat the record as broken)." if severe
               else " (more than 2 would break it)."),
            "Remove the terms that point at names which no longer exist.",
        ))
    out += _server_unknown(facts)
    out += _spf_authorization(facts, tree)
    return out


def _server_unknown(facts: Any) -> list[DomainFinding]:
    """The SMTP server's own name does not resolve: SPF cannot be tested for it."""
    if not facts.smtp_host:
        return [DomainFinding(
            "smtp_host_missing", "info",
            "No outgoing mail server is set, so SPF was read but not tested for a server.",
            "Fill in Outgoing Mail Server (SMTP), or pass --smtp-host, and check again.",
        )]
    answers = facts.host_answers
    if facts.addresses or not answers or any(a.failed for a in answers):
        return []
    return [DomainFinding(
        "smtp_host_not_found", "warning",
        f"The mail server name {facts.smtp_host} has no address in DNS, so SPF could not "
        "be tested for it (and sending through it will fail).",
        "Check the spelling of Outgoing Mail Server (SMTP) against your provider's setup page.",
    )]


def _spf_authorization(facts: Any, tree: Any) -> list[DomainFinding]:
    d = facts.domain
    results = facts.spf_results
    if facts.authorizes_server is not False:
        return []
    if any(r.result in ("permerror", "temperror") for r in results.values()):
        problems = {r.problem for r in results.values() if r.problem}
        explained = tree.syntax_errors or tree.missing_includes or tree.dns_lookups > 10 or (
            tree.void_lookups > 2) or facts.dns_failures
        if explained:
            return []
        return [DomainFinding(
            "spf_syntax_error", "error",
            "Receivers cannot evaluate the SPF record: " + "; ".join(sorted(problems)) + ".",
            f"Correct the SPF TXT record at {d}. Current record: {tree.record}",
        )]
    if not facts.addresses and not (facts.provider and facts.provider.spf_include):
        return []
    suggestion = _spf_suggestion(facts, tree.record)
    shown = ", ".join(f"{ip} → {r.result}" for ip, r in results.items()) or "unknown"
    who = f"{facts.provider.name}, " if facts.provider else ""
    message = (
        f"The SPF record of {d} does not authorise the mail server {facts.smtp_host} "
        f"({who}SPF result for its addresses: {shown}). Unless DKIM passes, {GMAIL_5726}."
    )
    after = _lookups_after(facts, tree, suggestion)
    fix = f"Replace the SPF TXT record at {d} with the record below."
    if after > spf_check.MAX_DNS_LOOKUPS:
        message += (f" Warning: the corrected record would need {after} DNS lookups, over "
                    "the limit of 10.")
        fix += (f" Careful: it would need {after} DNS lookups (limit 10), which breaks SPF; "
                "remove includes of services you no longer use at the same time.")
    return [DomainFinding("spf_not_authorized", "error", message, fix,
                          DnsRecord(d, "TXT", suggestion))]


def _lookups_after(facts: Any, tree: Any, suggestion: str) -> int:
    """DNS lookups the suggested record would need (the include's own tree counts too)."""
    if suggestion == tree.record:
        return tree.dns_lookups
    term = _spf_term_for_server(facts)
    cost = facts.provider_include_lookups if term.startswith("include:") else (
        1 if term.startswith("a:") else 0)
    return tree.dns_lookups + cost
