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
from a2k_settings_gui.core.net.resolve import is_localhost

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
    if tree.too_many_lookups:
        out.append(_too_many_lookups(facts, tree))
    if tree.void_lookups:
        severe = tree.too_many_void_lookups
        names = ", ".join(dict.fromkeys(tree.void_names)) or "unknown names"
        out.append(DomainFinding(
            "spf_void_lookups", "error" if severe else "warning",
            f"The SPF record points at {tree.void_lookups} name(s) that do not exist in DNS "
            f"or have no answer ({names})"
            + (". RFC 7208 4.6.4 allows 2 such 'void lookups': receivers treat the record "
               "as broken (permerror)." if severe else
               "; more than 2 would make receivers treat the record as broken."),
            f"Remove the terms that point at {names}, or correct their spelling.",
            DnsRecord(d, "TXT", spf_check.without_terms(
                tree.record, {t for t, _c in tree.term_costs
                              if any(n in t.lower() for n in tree.void_names)}))
            if severe else None,
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
    if is_localhost(facts.smtp_host):
        return [DomainFinding(
            "smtp_host_local", "info",
            f"The outgoing mail server is this computer ({facts.smtp_host}): the address "
            "receivers see cannot be known from here, so SPF was read but not tested for "
            "a server.",
            "Nothing to change for a lab test. For real sending, set your provider's "
            "outgoing mail server and check again.",
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
        explained = tree.syntax_errors or tree.missing_includes or tree.too_many_lookups or (
            tree.too_many_void_lookups) or facts.dns_failures
        if explained:
            return []
        return [_permerror_finding(d, tree, problems)]
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


# pyspf's words for each PermError cause -> the finding code whose fix applies.
_PERMERROR_CAUSES = (
    ("too many dns lookups", "spf_too_many_lookups"),
    ("void lookup", "spf_void_lookups"),
    ("two or more type txt spf records", "spf_multiple_records"),
)


def _permerror_finding(d: str, tree: Any, problems: set[str]) -> DomainFinding:
    """A permerror the record tree did not explain (the evaluator saw more, e.g. a macro
    that expands to many names): named by its cause, never lumped into a syntax error."""
    text = "; ".join(sorted(problems)) or "permerror"
    code = next((c for words, c in _PERMERROR_CAUSES if words in text.lower()),
                "spf_syntax_error")
    fixes = {
        "spf_too_many_lookups": "Remove includes of services you no longer use, or replace "
        "'a', 'mx' and includes by the ip4:/ip6: ranges they stand for, until the record "
        "needs 10 DNS lookups or fewer.",
        "spf_void_lookups": "Remove the terms that point at names which do not exist.",
        "spf_multiple_records": "Keep exactly one TXT record starting with v=spf1.",
        "spf_syntax_error": f"Correct the SPF TXT record at {d}.",
    }
    return DomainFinding(
        code, "error",
        f"Receivers cannot evaluate the SPF record of {d} (permerror): {text}.",
        f"{fixes[code]} Current record: {tree.record}",
    )


def _too_many_lookups(facts: Any, tree: Any) -> DomainFinding:
    """Which terms cost what, and the record that results from dropping the dearest."""
    d = facts.domain
    count = f"more than {tree.dns_lookups}" if tree.capped else str(tree.dns_lookups)
    costs = sorted(tree.term_costs, key=lambda tc: -tc[1])
    # When the count stopped at the limit, the term it stopped in may cost more.
    cut = tree.term_costs[-1][0] if tree.capped and tree.term_costs else ""
    listed = ", ".join(f"{term} {cost}{'+' if term == cut else ''}"
                       for term, cost in costs if cost) or "none"
    keep = f"include:{facts.provider.spf_include}".lower() if facts.provider and (
        facts.provider.spf_include) else ""
    dropped: list[tuple[str, int]] = []
    total = tree.dns_lookups
    for term, cost in costs:
        if total <= spf_check.MAX_DNS_LOOKUPS or tree.capped and len(dropped) >= 3:
            break
        if term.lower() == keep or not cost:
            continue
        dropped.append((term, cost))
        total -= cost
    message = (
        f"The SPF record of {d} needs {count} DNS lookups (include, a, mx, ptr, exists, "
        f"redirect, counted through every include); RFC 7208 allows 10, so receivers stop at "
        f"'{tree.exceeded_at or costs[0][0]}' and treat the record as broken (permerror). "
        f"Cost per term: {listed}.")
    heavy = [(t, c) for t, c in costs if c > spf_check.MAX_DNS_LOOKUPS]
    if heavy:
        term, cost = heavy[0]
        fix = (f"'{term}' alone needs {cost}{'+' if tree.capped else ''} lookups: the excess "
               "is inside the record it points to, not in yours. Replace it by the ip4:/ip6: "
               "ranges that service sends from (flattening; ask the service for them or for "
               "a leaner include), or stop using it.")
        record = None
    elif dropped:
        names = ", ".join(f"'{t}' ({c})" for t, c in dropped)
        fix = (f"Drop {names} if you no longer send through those services; if you do, "
               "flatten them instead: replace each include by the ip4:/ip6: ranges it "
               "publishes (ask the service). The record without them needs "
               f"{max(total, 0)} lookups" + (" or more" if tree.capped else "") + ":")
        record = DnsRecord(d, "TXT", spf_check.without_terms(
            tree.record, {t for t, _c in dropped}))
    else:
        fix = ("Replace 'a' and 'mx' terms and includes by the ip4:/ip6: ranges they stand "
               "for, until the record needs 10 DNS lookups or fewer.")
        record = None
    return DomainFinding("spf_too_many_lookups", "error", message, fix, record)
