"""SPF (RFC 7208): evaluate the record for an address, and walk its include tree.

Two jobs, kept apart on purpose:
- `evaluate(lookup, ip, sender, helo)` gives the RFC 7208 result (pass, fail, softfail,
  neutral, none, permerror, temperror). It runs pyspf, the reference implementation of
  the openspf test suite, with its DNS layer replaced by our resolver (`lookup` is a
  DnsClient.lookup or anything returning DnsAnswer), so --dns-server, timeouts and cancel
  apply and answers come from the same per-check cache. tests/core/test_spf_conformance.py
  runs all 203 cases of rfc7208-tests.yml through this function.
- `walk(lookup, domain)` reads the whole record tree (includes and redirect, fetched one
  level at a time, concurrently) to count DNS-querying terms and void lookups for the
  record as a whole, whatever address is asked about, and to tell which includes it
  reaches. The evaluator alone would stop at the first match.
"""

from __future__ import annotations

import ipaddress
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from a2k_settings_gui.core.net.dns import DnsAnswer

Lookup = Callable[[str, str], DnsAnswer]

MAX_DNS_LOOKUPS = 10  # RFC 7208 4.6.4
MAX_VOID_LOOKUPS = 2
QUERYING_MECHANISMS = ("include", "a", "mx", "ptr", "exists")
KNOWN_MECHANISMS = {"all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"}
_SPF_START = re.compile(r"^v=spf1(\s|$)", re.IGNORECASE)
_MODIFIER = re.compile(r"^([a-z][a-z0-9_.-]*)=(.*)$", re.IGNORECASE)

# ------------------------------------------------------------------ evaluation (pyspf)

_local = threading.local()
_install_lock = threading.Lock()
_installed = False


def _dns_lookup_via_our_resolver(name, qtype, strict=True, timeout=None):  # noqa: ANN001
    """Stands in for spf.DNSLookup: same arguments, same return shape, our resolver."""
    import spf

    lookup: Lookup | None = getattr(_local, "lookup", None)
    if lookup is None:  # someone else's pyspf call in this process: keep pyspf's default
        return _original_dns_lookup(name, qtype)
    answer = lookup(name, qtype)
    if answer.failed:
        raise spf.TempError(f"DNS {answer.outcome} looking up {qtype} {name}")
    return [((name, qtype), value) for value in answer.records]


def _install() -> None:
    # pyspf calls its module-level DNSLookup; one dispatcher routes each thread's queries
    # to that thread's resolver, so concurrent checks with different servers stay apart.
    global _installed, _original_dns_lookup
    with _install_lock:
        if _installed:
            return
        import spf

        _original_dns_lookup = spf.DNSLookup
        spf.DNSLookup = _dns_lookup_via_our_resolver
        _installed = True


_original_dns_lookup: Callable = lambda name, qtype: []  # noqa: E731 - set by _install


@dataclass(frozen=True)
class SpfEvaluation:
    result: str  # pass fail softfail neutral none permerror temperror
    explanation: str
    dns_lookups: int
    void_lookups: int
    problem: str = ""  # pyspf's reason for permerror/temperror


def evaluate(
    lookup: Lookup,
    ip: str,
    sender: str,
    helo: str,
    default_explanation: str | None = None,
) -> SpfEvaluation:
    """check_host() for this client address and MAIL FROM (or HELO when sender is empty)."""
    _install()
    import spf

    _local.lookup = lookup
    try:
        query = spf.query(i=ip, s=sender, h=helo, strict=True, querytime=0)
        if default_explanation is not None:
            query.set_default_explanation(default_explanation)
        result, _code, explanation = query.check()
    finally:
        _local.lookup = None
    # pyspf prefixes its message; the admin gets the plain reason.
    problem = getattr(query, "prob", "") if result in ("permerror", "temperror") else ""
    return SpfEvaluation(
        result, explanation, query.lookups, query.void_lookups, str(problem or "")
    )


# ------------------------------------------------------------------ the record tree


def spf_records(texts: list[str]) -> list[str]:
    return [t for t in texts if _SPF_START.match(t.strip())]


@dataclass
class SpfTree:
    domain: str
    record: str | None = None
    records_found: int = 0
    dns_lookups: int = 0  # DNS-querying terms in the whole tree (limit 10)
    void_lookups: int = 0
    includes: set[str] = field(default_factory=set)  # every include/redirect target reached
    syntax_errors: list[str] = field(default_factory=list)
    dns_failures: list[DnsAnswer] = field(default_factory=list)
    missing_includes: list[str] = field(default_factory=list)
    all_qualifier: str | None = None  # qualifier of the top record's all term


def parse_terms(record: str) -> list[str]:
    return record.split()[1:]


def _split_term(term: str) -> tuple[str, str, str]:
    """ "-include:x" -> ("-", "include", "x"); "a/24" -> ("+", "a", "/24")."""
    qualifier = "+"
    if term[:1] in "+-~?":
        qualifier, term = term[0], term[1:]
    name, sep, rest = term.partition(":")
    if not sep:
        name, sep, rest = term.partition("/")
        rest = sep + rest
    return qualifier, name.lower(), rest


def check_syntax(record: str) -> list[str]:
    """Plain-words problems of one record; [] when RFC 7208 accepts it."""
    problems = []
    for term in parse_terms(record):
        modifier = _MODIFIER.match(term)
        if modifier:
            if modifier.group(1).lower() in ("redirect", "exp") and not modifier.group(2):
                problems.append(f"'{term}' needs a domain after '='")
            continue
        qualifier, name, rest = _split_term(term)
        if name not in KNOWN_MECHANISMS:
            problems.append(f"'{term}' is not an SPF mechanism (typo?)")
        elif name in ("ip4", "ip6"):
            try:
                net = ipaddress.ip_network(rest, strict=False)
                if (name == "ip4") != (net.version == 4):
                    raise ValueError
            except ValueError:
                problems.append(f"'{term}' is not a valid {name} address or range")
        elif name in ("include", "exists") and not rest:
            problems.append(f"'{term}' needs a domain after ':'")
        elif name == "all" and rest:
            problems.append(f"'{term}': 'all' takes no value")
    return problems


def _targets(record: str, domain: str) -> tuple[list[str], list[tuple[str, str]], int]:
    """(SPF records to fetch, (name, type) queries for void counting, querying terms)."""
    fetch: list[str] = []
    probes: list[tuple[str, str]] = []
    count, has_all, redirect = 0, False, None
    for term in parse_terms(record):
        if _MODIFIER.match(term):
            key, _, value = term.partition("=")
            if key.lower() == "redirect":
                redirect = value
            continue
        _q, name, rest = _split_term(term)
        has_all = has_all or name == "all"
        if name not in QUERYING_MECHANISMS:
            continue
        count += 1
        target = rest.split("/")[0] if rest and not rest.startswith("/") else domain
        if "%" in target:
            continue  # macros depend on the message; nothing to pre-fetch
        target = target.rstrip(".").lower()
        if name == "include":
            fetch.append(target)
        elif name == "a":
            probes.append((target, "A"))
        elif name == "mx":
            probes.append((target, "MX"))
    # redirect is ignored when the record has an all term (RFC 7208 6.1).
    if redirect and not has_all:
        count += 1
        if "%" not in redirect:
            fetch.append(redirect.rstrip(".").lower())
    return fetch, probes, count


def walk(lookup: Lookup, domain: str, pool: ThreadPoolExecutor | None = None) -> SpfTree:
    """Read the domain's SPF record and everything it includes, level by level."""
    tree = SpfTree(domain)
    top = lookup(domain, "TXT")
    if top.failed:
        tree.dns_failures.append(top)
        return tree
    records = spf_records(top.texts())
    tree.records_found = len(records)
    if not records:
        return tree
    tree.record = records[0]
    for term in parse_terms(tree.record):
        qualifier, name, _ = _split_term(term)
        if name == "all":
            tree.all_qualifier = qualifier
    own_pool = pool is None
    pool = pool or ThreadPoolExecutor(max_workers=8)
    try:
        seen = {domain}
        level = [(domain, tree.record)]
        depth = 0
        while level and depth < 10:
            depth += 1
            fetch: list[str] = []
            probes: list[tuple[str, str]] = []
            for name, record in level:
                tree.syntax_errors += [f"{name}: {p}" for p in check_syntax(record)]
                more_fetch, more_probes, count = _targets(record, name)
                tree.dns_lookups += count
                fetch += [f for f in more_fetch if f not in seen]
                probes += more_probes
                tree.includes.update(more_fetch)
            seen.update(fetch)
            asked = [(f, "TXT") for f in fetch] + probes
            answers = list(pool.map(lambda q: lookup(*q), asked))
            next_level = []
            for (name, rdtype), answer in zip(asked, answers, strict=True):
                if answer.failed:
                    tree.dns_failures.append(answer)
                elif rdtype == "TXT":
                    found = spf_records(answer.texts())
                    if found:
                        next_level.append((name, found[0]))
                    else:
                        tree.missing_includes.append(name)
                        tree.void_lookups += 0 if answer.ok else 1
                elif not answer.ok:
                    tree.void_lookups += 1
                elif rdtype == "MX":
                    # Warm the cache for the evaluator, which asks each exchange's address
                    # next; not awaited here (the client shares in-flight queries).
                    for _pref, exchange in answer.records[: MAX_DNS_LOOKUPS]:
                        pool.submit(lookup, exchange, "A")
            level = next_level
    finally:
        if own_pool:
            pool.shutdown(wait=False)
    return tree


def with_term(record: str | None, term: str) -> str:
    """The record with `term` (e.g. include:_spf.google.com) added just before its all
    term or redirect, so it is evaluated before the record says no."""
    if not record:
        return f"v=spf1 {term} ~all"
    terms = record.split()
    for index, existing in enumerate(terms):
        _q, name, _ = _split_term(existing)
        if name == "all" or existing.lower().startswith("redirect="):
            return " ".join(terms[:index] + [term] + terms[index:])
    return " ".join(terms + [term, "~all"])


def with_include(record: str | None, include: str) -> str:
    return with_term(record, f"include:{include}")
