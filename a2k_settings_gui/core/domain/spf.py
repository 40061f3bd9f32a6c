"""SPF (RFC 7208): evaluate the record for an address, and walk its include tree.

Two jobs, kept apart on purpose:
- `evaluate(lookup, ip, sender, helo)` gives the RFC 7208 result (pass, fail, softfail,
  neutral, none, permerror, temperror). It runs pyspf, the reference implementation of
  the openspf test suite, with its DNS layer replaced by our resolver (`lookup` is a
  DnsClient.lookup or anything returning DnsAnswer), so --dns-server, timeouts and cancel
  apply and answers come from the same per-check cache. tests/core/domain/test_spf_conformance.py
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
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from a2k_settings_gui.core.net.dns import DnsAnswer

Lookup = Callable[[str, str], DnsAnswer]

MAX_DNS_LOOKUPS = 10  # RFC 7208 4.6.4
MAX_VOID_LOOKUPS = 2
# DNS queries the include walk may ask in all: a second bound under the one that counts
# (the walk stops where a receiver's evaluation stops: at the 11th DNS-querying term).
WALK_CAP = 40
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
    dns_lookups: int = 0  # DNS-querying terms met in evaluation order (limit 10)
    void_lookups: int = 0  # querying terms whose name does not exist / has no answer
    includes: set[str] = field(default_factory=set)  # every include/redirect target reached
    syntax_errors: list[str] = field(default_factory=list)
    dns_failures: list[DnsAnswer] = field(default_factory=list)
    missing_includes: list[str] = field(default_factory=list)
    void_names: list[str] = field(default_factory=list)
    all_qualifier: str | None = None  # qualifier of the top record's all term
    # (term of the top record, DNS lookups it costs with everything below it)
    term_costs: list[tuple[str, int]] = field(default_factory=list)
    # Counting stopped (past 10 DNS-querying terms, where a receiver stops with
    # permerror, or at WALK_CAP): the true count is higher.
    capped: bool = False
    exceeded_at: str = ""  # the top-level term during which the count passed 10
    queries: int = 0  # DNS queries the walk itself asked

    @property
    def too_many_lookups(self) -> bool:
        return self.dns_lookups > MAX_DNS_LOOKUPS

    @property
    def too_many_void_lookups(self) -> bool:
        return self.void_lookups > MAX_VOID_LOOKUPS


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


def _querying_terms(record: str, domain: str) -> list[tuple[str, str, str]]:
    """(term as written, mechanism, target) for each DNS-querying term, in evaluation
    order; redirect last and only when the record has no all term (RFC 7208 6.1)."""
    found: list[tuple[str, str, str]] = []
    has_all, redirect = False, None
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
        target = rest.split("/")[0] if rest and not rest.startswith("/") else domain
        found.append((term, name, target.rstrip(".").lower()))
    if redirect and not has_all:
        found.append((f"redirect={redirect}", "redirect", redirect.rstrip(".").lower()))
    return found


class _Walker:
    """Depth first, in the order a receiver evaluates (RFC 7208 4.6.4 counts across the
    whole evaluation), with a hard cap on the DNS queries it asks: a record whose includes
    fan out wide or deep costs at most WALK_CAP queries and ends as "more than 10"."""

    def __init__(self, lookup: Lookup, tree: SpfTree, pool: ThreadPoolExecutor) -> None:
        self.lookup, self.tree, self.pool = lookup, tree, pool
        self.fetched: dict[str, Future] = {}
        self.on_path: set[str] = set()

    def _fetch(self, name: str) -> Future:
        if name not in self.fetched:
            self.tree.queries += 1
            self.fetched[name] = self.pool.submit(self.lookup, name, "TXT")
        return self.fetched[name]

    def _budget_left(self) -> bool:
        if self.tree.queries >= WALK_CAP or self.past_the_limit:
            self.tree.capped = True
            return False
        return True

    @property
    def past_the_limit(self) -> bool:
        """RFC 7208 4.6.4: evaluation ends with permerror at the 11th DNS-querying term,
        so nothing past it is asked or counted."""
        return self.tree.dns_lookups > MAX_DNS_LOOKUPS

    def visit(self, name: str, record: str) -> None:
        tree = self.tree
        tree.syntax_errors += [f"{name}: {p}" for p in check_syntax(record)]
        terms = _querying_terms(record, name)
        # Ask for the children's records at once (bounded by the budget), then read them
        # in evaluation order.
        for _term, mechanism, target in terms:
            if mechanism in ("include", "redirect") and "%" not in target and \
                    self._budget_left():
                self._fetch(target)
        probes = []
        for _term, mechanism, target in terms:
            if mechanism in ("a", "mx") and "%" not in target and self._budget_left():
                tree.queries += 1
                rdtype = "MX" if mechanism == "mx" else "A"
                probes.append((target, rdtype, self.pool.submit(self.lookup, target, rdtype)))
        for term, mechanism, target in terms:
            if self.past_the_limit:
                tree.capped = True
                return
            tree.dns_lookups += 1
            if name == tree.domain and tree.dns_lookups > MAX_DNS_LOOKUPS and \
                    not tree.exceeded_at:
                tree.exceeded_at = term
            if mechanism not in ("include", "redirect") or "%" in target:
                continue
            tree.includes.add(target)
            if target in self.on_path or target not in self.fetched:
                continue  # a loop (pyspf reports it) or past the budget
            answer = self.fetched[target].result()
            if answer.failed:
                tree.dns_failures.append(answer)
                continue
            found = spf_records(answer.texts())
            if not found:
                tree.missing_includes.append(target)
                if not answer.ok:
                    tree.void_lookups += 1
                    tree.void_names.append(target)
                continue
            self.on_path.add(target)
            self.visit(target, found[0])
            self.on_path.discard(target)
        for target, rdtype, future in probes:
            answer = future.result()
            if answer.failed:
                tree.dns_failures.append(answer)
            elif not answer.ok:
                tree.void_lookups += 1
                tree.void_names.append(target)
            elif rdtype == "MX":
                # Warm the cache for the evaluator, which asks each exchange's address next.
                for _pref, exchange in answer.records[:MAX_DNS_LOOKUPS]:
                    self.pool.submit(self.lookup, exchange, "A")


def walk(lookup: Lookup, domain: str, pool: ThreadPoolExecutor | None = None) -> SpfTree:
    """Read the domain's SPF record and everything it includes, in evaluation order."""
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
    if len(records) > 1:
        # RFC 7208 4.5: more than one record is a permerror before any term is looked at;
        # a receiver reads none of them, so neither does the walk.
        return tree
    for term in parse_terms(tree.record):
        qualifier, name, _ = _split_term(term)
        if name == "all":
            tree.all_qualifier = qualifier
    own_pool = pool is None
    pool = pool or ThreadPoolExecutor(max_workers=8)
    try:
        walker = _Walker(lookup, tree, pool)
        walker.on_path.add(domain)
        # Each top-level term's cost: the count before and after visiting it alone.
        tree.syntax_errors += [f"{domain}: {p}" for p in check_syntax(tree.record)]
        top_terms = _querying_terms(tree.record, domain)
        for _term, mechanism, target in top_terms:
            if mechanism in ("include", "redirect") and "%" not in target:
                walker._fetch(target)
        for term, _mechanism, _target in top_terms:
            if walker.past_the_limit:
                tree.capped = True
                break
            before = tree.dns_lookups
            single = f"v=spf1 {term}"
            errors_before = len(tree.syntax_errors)
            walker.visit(domain, single)
            del tree.syntax_errors[errors_before:]  # the term was checked with its record
            tree.term_costs.append((term, tree.dns_lookups - before))
    finally:
        if own_pool:
            pool.shutdown(wait=False)
    return tree


def without_terms(record: str, terms: set[str]) -> str:
    """The record with these terms (as written) left out."""
    return " ".join(t for t in record.split() if t not in terms)


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
