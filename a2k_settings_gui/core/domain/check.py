"""Check Domain: will Gmail, Yahoo and Outlook.com accept mail from this sender domain?

`check_domain(...)` gathers the facts (MX, SPF, DKIM, DMARC, the SMTP server's
addresses) with every independent DNS query in flight at once, then hands them to
domain_findings (what is wrong and the record that fixes it) and receiver_rules (the
per-receiver verdict). DNS trouble becomes findings; cancel and timeouts are honoured.

Concurrency: the first wave asks MX, the SPF TXT, the server's A/AAAA, _dmarc (also at
the organizational domain), the provider's published SPF include and every DKIM
selector at the same time. The SPF include tree is then fetched a level at a time, and
pyspf evaluates against answers that are already in the per-check cache.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from a2k_settings_gui.core.cancel import Cancelled, CancelToken
from a2k_settings_gui.core.domain import dkim as dkim_check
from a2k_settings_gui.core.domain import dmarc as dmarc_check
from a2k_settings_gui.core.domain import providers as domain_providers
from a2k_settings_gui.core.domain import spf as spf_check
from a2k_settings_gui.core.findings import has_errors
from a2k_settings_gui.core.net.dns import NXDOMAIN, DnsAnswer, DnsClient, make_resolver
from a2k_settings_gui.core.net.idn import DomainNameProblem, to_ascii
from a2k_settings_gui.core.net.resolve import is_localhost

ProgressCallback = Callable[[object], None]
BULK_THRESHOLD_PER_DAY = 5000
ALL_PARTS = ("mx", "spf", "dkim", "dmarc")


class DomainInputProblem(ValueError):
    """The e-mail address or domain to check is unusable (message names the fix)."""


@dataclass
class DomainFacts:
    """Everything the DNS told us; findings and receiver verdicts are built from this."""

    domain: str
    sender: str
    smtp_host: str
    provider: domain_providers.MailProvider | None
    freemail: Any  # MailProvider, True (other free-mail) or None
    bulk: bool
    daily_capacity: int | None
    # Judged on the e-mails a month actually sent (a run may leave in one day),
    # not on the theoretical maximum of the batch settings.
    mails_per_month: int | None = None
    busiest_day: int | None = None
    mx_answer: DnsAnswer | None = None
    host_answers: list[DnsAnswer] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    spf_tree: spf_check.SpfTree | None = None
    spf_results: dict[str, spf_check.SpfEvaluation] = field(default_factory=dict)
    provider_include_present: bool | None = None
    provider_include_lookups: int = 1  # what adding the provider's include would cost
    dkim: dkim_check.DkimResult | None = None
    dmarc: dmarc_check.DmarcResult | None = None
    dns_failures: list[DnsAnswer] = field(default_factory=list)
    dns_servers: str = ""  # the servers asked, as typed ("192.0.2.53, 10.0.0.1:5353")

    @property
    def domain_exists(self) -> bool:
        return not (self.mx_answer is not None and self.mx_answer.outcome == NXDOMAIN)

    @property
    def spf_result(self) -> str | None:
        if not self.spf_results:
            return None
        order = ["permerror", "temperror", "fail", "softfail", "neutral", "none", "pass"]
        return min((r.result for r in self.spf_results.values()), key=order.index)

    @property
    def authorizes_server(self) -> bool | None:
        if self.spf_tree is None or self.spf_tree.record is None:
            return False if self.spf_tree is not None and not self.spf_tree.dns_failures else None
        if self.provider_include_present:
            return True
        if not self.spf_results:
            return None
        return all(r.result == "pass" for r in self.spf_results.values())

    @property
    def dkim_keys_ok(self) -> list[dkim_check.DkimKey]:
        if self.dkim is None:
            return []
        return [k for k in self.dkim.found if not k.revoked and (k.bits or 0) >= 1024]


@dataclass
class DomainReport:
    facts: DomainFacts
    findings: list  # DomainFinding
    receivers: list[dict[str, Any]]
    elapsed_ms: int
    dns_queries: int
    # Names the DNS gave an answer for (records or "no such name"), for telling "nothing
    # answered" from "the domain has nothing": queries still unanswered at the deadline
    # are in neither this nor facts.dns_failures.
    answered_names: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not any(f.severity in ("error", "warning") for f in self.findings)

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)

    def to_dict(self) -> dict[str, Any]:
        f = self.facts
        tree = f.spf_tree
        mx = []
        if f.mx_answer is not None and f.mx_answer.ok:
            mx = [{"preference": p, "host": h} for p, h in sorted(f.mx_answer.records)]
        dkim = f.dkim
        return {
            "domain": f.domain,
            "smtp_host": f.smtp_host,
            "mx": mx,
            "spf": {
                "record": tree.record if tree else None,
                "result": f.spf_result,
                "dns_lookups": tree.dns_lookups if tree else None,
                "authorizes_server": f.authorizes_server,
                "void_lookups": tree.void_lookups if tree else None,
                "void_names": list(dict.fromkeys(tree.void_names)) if tree else [],
                # Each term of the published record with the DNS lookups it costs,
                # counted through its includes ("counting_stopped": past the walk's cap).
                "term_costs": [{"term": t, "dns_lookups": c} for t, c in tree.term_costs]
                if tree else [],
                "counting_stopped": tree.capped if tree else False,
                "server_addresses": {ip: r.result for ip, r in f.spf_results.items()},
                "provider_include": f.provider.spf_include if f.provider else None,
                "provider_include_present": f.provider_include_present,
            },
            "dkim": {
                "selectors_found": [k.selector for k in dkim.found] if dkim else [],
                "selectors_checked": list(dkim.selectors_checked) if dkim else [],
                "keys": [k.to_dict() for k in dkim.found] if dkim else [],
            },
            "dmarc": f.dmarc.to_dict() if f.dmarc else {"record": None, "policy": None},
            "bulk_sender": f.bulk,
            "daily_capacity": f.daily_capacity,
            "mails_per_month": f.mails_per_month,
            "busiest_day": f.busiest_day,
            "receivers": self.receivers,
            "findings": [x.to_dict() for x in self.findings],
            "elapsed_ms": self.elapsed_ms,
            "dns_queries": self.dns_queries,
        }


def split_target(target: str) -> tuple[str, str]:
    """(sender address or "", domain) from "a@b.com" or "b.com"; raises DomainInputProblem."""
    text = (target or "").strip()
    if not text:
        raise DomainInputProblem(
            "Sender Email ID is empty: type the sender address or its domain, "
            "e.g. statements@yourcompany.com"
        )
    sender, _, domain = text.rpartition("@")
    domain = domain.strip().rstrip(".").lower()
    try:
        ascii_domain = to_ascii(domain)
    except DomainNameProblem as exc:
        raise DomainInputProblem(str(exc)) from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(0 < len(x) <= 63 for x in labels) or " " in ascii_domain:
        raise DomainInputProblem(
            f"{target!r} is not an e-mail address or domain; use e.g. statements@yourcompany.com"
        )
    return (f"{sender}@{ascii_domain}" if sender else ""), ascii_domain


def daily_capacity(max_per_batch: int, interval_seconds: int) -> int | None:
    """Messages a day the Mail Sending Control settings allow; None when unlimited."""
    if interval_seconds <= 0:
        return None
    batches = -(-86400 // interval_seconds)  # ceiling: the first batch starts at once
    return max_per_batch * batches


def busiest_day(mails_per_month: int | None, capacity: int | None) -> int | None:
    """The most e-mails that may leave in one day: a month's run can go out on one day,
    but never faster than the batch settings allow. None: unknown and unlimited."""
    if mails_per_month is None:
        return capacity
    return mails_per_month if capacity is None else min(mails_per_month, capacity)


_VERDICT_SECONDS = 0.15


def _gather(futures: list[Future], cancel: CancelToken | None, deadline: float) -> None:
    pending = set(futures)
    while pending:
        if cancel is not None:
            cancel.raise_if_cancelled()
        if time.monotonic() > deadline:
            return
        _done, pending = wait(pending, timeout=0.05, return_when=FIRST_EXCEPTION)
        for fut in _done:
            if fut.exception() is not None:
                raise fut.exception()  # type: ignore[misc]


def check_domain(
    target: str,
    smtp_host: str = "",
    *,
    dns_servers: tuple[str, ...] | list[str] = (),
    timeout: float = 5.0,
    dkim_selectors: tuple[str, ...] = (),
    max_mails_per_batch: int = 50,
    batch_interval_seconds: int = 10,
    mails_per_month: int | None = None,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
    client: DnsClient | None = None,
    parts: tuple[str, ...] = ALL_PARTS,
) -> DomainReport:
    """Run every check for the sender domain in `target` (address or domain).

    `parts` narrows the check (e.g. ("spf", "dmarc") for the benchmark's like-for-like
    comparison with checkdmarc); the UI and CLI run them all.
    """
    from a2k_settings_gui.core.domain import findings as domain_findings
    from a2k_settings_gui.core.domain import receivers as receiver_rules

    started = time.monotonic()
    sender, domain = split_target(target)
    smtp_host = (smtp_host or "").strip().rstrip(".").lower()
    client = client or make_resolver(tuple(dns_servers), timeout, cancel)
    capacity = daily_capacity(max_mails_per_batch, batch_interval_seconds)
    busiest = busiest_day(mails_per_month, capacity)
    provider = domain_providers.provider_for_host(smtp_host)
    facts = DomainFacts(
        domain=domain,
        sender=sender,
        smtp_host=smtp_host,
        provider=provider,
        freemail=domain_providers.freemail_owner(domain),
        bulk=busiest is None or busiest > BULK_THRESHOLD_PER_DAY,
        daily_capacity=capacity,
        mails_per_month=mails_per_month,
        busiest_day=busiest,
    )
    report_progress = progress or (lambda _msg: None)
    # `timeout` is the budget of the whole check, DNS included: no query outlives it, and
    # what has not answered by then is reported as not answered (a moment is kept for the
    # verdict).
    deadline = started + max(0.1, timeout - _VERDICT_SECONDS)
    if hasattr(client, "budget_ends"):
        # Queries end a moment before the wait for them does: each one that ran out of
        # time is then counted as not answered, not left unfinished.
        client.budget_ends = deadline - _VERDICT_SECONDS
    queries = ThreadPoolExecutor(max_workers=32, thread_name_prefix="dns")
    steps = ThreadPoolExecutor(max_workers=4, thread_name_prefix="domain-check")
    try:
        report_progress({"stage": "dns", "message": f"Asking DNS about {domain}…"})
        lookup = client.lookup
        selectors = domain_providers.selectors_to_try(provider, tuple(dkim_selectors))
        # Every name of the DMARC tree walk (RFC 9989: at most 8) in the first wave.
        prefetch = [(domain, "MX"), (domain, "TXT")]
        prefetch += [(f"_dmarc.{name}", "TXT") for name in dmarc_check.walk_names(domain)]
        if "spf" in parts:
            if provider and provider.spf_include:
                prefetch.append((provider.spf_include, "TXT"))
            if smtp_host and not _is_ip(smtp_host) and not is_localhost(smtp_host):
                prefetch += [(smtp_host, "A"), (smtp_host, "AAAA")]
        if "dkim" not in parts:
            selectors = []
        if "dmarc" not in parts:
            prefetch = [q for q in prefetch if not q[0].startswith("_dmarc.")]
        if "mx" not in parts:
            prefetch = [q for q in prefetch if q[1] != "MX"]
        for name, rdtype in prefetch:
            queries.submit(lookup, name, rdtype)

        def run_spf() -> None:
            facts.spf_tree = spf_check.walk(lookup, domain, queries)
            facts.addresses = _server_addresses(facts, lookup)
            if provider and provider.spf_include and facts.spf_tree.record:
                facts.provider_include_present = provider.spf_include in facts.spf_tree.includes
                if not facts.provider_include_present:
                    # The fix adds the include: count its own tree against the limit of 10.
                    extra = spf_check.walk(lookup, provider.spf_include, queries)
                    facts.provider_include_lookups = 1 + extra.dns_lookups
            if facts.spf_tree.record is None or facts.spf_tree.records_found > 1:
                return
            helo = smtp_host or domain
            mail_from = sender or f"postmaster@{domain}"
            results = queries.map(
                lambda ip: (ip, spf_check.evaluate(lookup, ip, mail_from, helo)),
                facts.addresses,
            )
            facts.spf_results = dict(results)

        def run_dkim() -> None:
            facts.dkim = dkim_check.probe(lookup, domain, selectors, queries)

        def run_dmarc() -> None:
            facts.dmarc = dmarc_check.find(lookup, domain)

        def run_mx() -> None:
            facts.mx_answer = lookup(domain, "MX")

        steps_by_part = {"mx": run_mx, "spf": run_spf, "dkim": run_dkim, "dmarc": run_dmarc}
        futures = [steps.submit(steps_by_part[p]) for p in ALL_PARTS if p in parts]
        _gather(futures, cancel, deadline)
        report_progress({"stage": "verdict", "message": "Working out the verdict…"})
        timed_out = [f for f in futures if not f.done()]
        if facts.dmarc is not None:
            facts.dmarc.domain_exists = facts.domain_exists
        facts.dns_failures = _collect_failures(facts, client)
        facts.dns_servers = getattr(client, "servers_text", str)()
        findings = domain_findings.build(facts, incomplete=bool(timed_out))
        receivers = receiver_rules.summarise(facts, findings)
    except Cancelled:
        raise
    finally:
        queries.shutdown(wait=False, cancel_futures=True)
        steps.shutdown(wait=False, cancel_futures=True)
    elapsed = int((time.monotonic() - started) * 1000)
    return DomainReport(facts, findings, receivers, elapsed, client.queries,
                        tuple(a.name for a in client.answers() if not a.failed))


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def _server_addresses(facts: DomainFacts, lookup: Callable[[str, str], DnsAnswer]) -> list[str]:
    if not facts.smtp_host:
        return []
    if _is_ip(facts.smtp_host):
        return [facts.smtp_host]
    if is_localhost(facts.smtp_host):
        # RFC 6761: "localhost" is this computer, never a DNS question; its address on
        # the internet (what receivers' SPF sees) cannot be known from here.
        return []
    facts.host_answers = [lookup(facts.smtp_host, "A"), lookup(facts.smtp_host, "AAAA")]
    return [ip for answer in facts.host_answers if answer.ok for ip in answer.records]


def _collect_failures(facts: DomainFacts, client: DnsClient) -> list[DnsAnswer]:
    """Every query of this check that the DNS could not answer (timeout, SERVFAIL…)."""
    return [a for a in client.answers() if a.failed]
