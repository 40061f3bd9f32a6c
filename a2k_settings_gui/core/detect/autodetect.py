"""Find the outgoing mail server for an address: every source at once, under one deadline.

Sources, all started together on worker threads:
  builtin     the provider table by the address's domain (gmail.com → Gmail)
  ispdb       Thunderbird's ISP database (resources/ispdb): the address's domain, then
              the MX host's registrable domain, as Thunderbird looks them up
  mx          the domain's MX host → provider by MX pattern (*.mail.protection.outlook.com)
  spf         include: terms of the domain's SPF record → sending service (sendgrid.net)
  srv         RFC 6186 / 8314 SRV records _submissions._tcp and _submission._tcp
  autoconfig  Thunderbird's config-v1.1.xml from autoconfig.<domain> and .well-known
  probe       smtp.<domain> and mail.<domain> on 465, 587, 25 and 2525 (greeting + EHLO)
Every server another source suggests is probed too, so a candidate can be shown as
"answered" and a network that blocks outgoing mail ports is told apart from a domain that
has no server at all. Results are merged per (host, port, security) and ranked.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from a2k_settings_gui.core.cancel import Cancelled, CancelToken, ProgressCallback
from a2k_settings_gui.core.detect import ispdb, port_probe
from a2k_settings_gui.core.detect.autoconfig import fetch_autoconfig
from a2k_settings_gui.core.detect.findings import build_findings
from a2k_settings_gui.core.detect.port_probe import ProbeResult
from a2k_settings_gui.core.detect.report import (
    SOURCE_WEIGHT,
    Candidate,
    DetectOptions,
    DetectReport,
)
from a2k_settings_gui.core.net.dns import make_resolver
from a2k_settings_gui.core.net.idn import to_ascii
from a2k_settings_gui.core.net.ports import IMPLICIT_TLS_PORTS
from a2k_settings_gui.core.net.proxy import system_proxy
from a2k_settings_gui.core.net.resolve import ResolveError, resolve_host
from a2k_settings_gui.core.providers import (
    Provider,
    match_domain,
    match_mx,
    match_spf_include,
    provider_by_id,
)

__all__ = ["Candidate", "DetectOptions", "DetectReport", "detect", "split_address"]

DEFAULT_TIMEOUT = 10.0


def parse_srv(record: Any) -> tuple[int, int, int, str] | None:
    """(priority, weight, port, target) from an SRV record text "0 1 587 host."."""
    parts = str(record).split()
    if len(parts) != 4 or not all(p.isdigit() for p in parts[:3]):
        return None
    return int(parts[0]), int(parts[1]), int(parts[2]), parts[3].rstrip(".").lower()


def split_address(email: str) -> tuple[str, str]:
    """(address, ASCII domain for DNS); ValueError with a plain message when invalid."""
    from a2k_settings_gui.core.settings import ValueProblem, parse_email

    try:
        address = parse_email(email)
    except ValueProblem as exc:
        raise ValueError(str(exc)) from None
    domain = address.rpartition("@")[2].rstrip(".").lower()
    try:
        ascii_domain = to_ascii(domain)
    except ValueError:
        raise ValueError(f"The domain of {address} cannot be looked up in DNS") from None
    return address, ascii_domain


class _Jobs:
    """Daemon threads feeding one queue; a semaphore caps how many run at once."""

    def __init__(self, max_parallel: int) -> None:
        self.results: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.pending: set[str] = set()
        self.started: set[str] = set()
        self._slots = threading.Semaphore(max(1, max_parallel))

    def start(self, name: str, fn: Callable[[], Any]) -> bool:
        if name in self.started:
            return False
        self.started.add(name)
        self.pending.add(name)

        def run() -> None:
            with self._slots:
                try:
                    value: Any = fn()
                except BaseException as exc:  # noqa: BLE001 - delivered to the collector
                    value = exc
            self.results.put((name, value))

        threading.Thread(target=run, name=f"detect-{name}", daemon=True).start()
        return True


class _Detector:
    def __init__(self, email: str, domain: str, timeout: float, dns_servers: tuple[str, ...],
                 options: DetectOptions, cancel: CancelToken, progress: ProgressCallback | None):
        self.report = DetectReport(email, domain)
        self.options = options
        self.cancel = cancel
        self.progress = progress
        self.started = time.monotonic()
        self.deadline = self.started + timeout
        self.dns_servers = dns_servers
        self.dns = make_resolver(dns_servers, timeout=timeout, cancel=cancel)
        self.jobs = _Jobs(options.max_parallel)
        self.candidates: dict[tuple[str, int, str], Candidate] = {}
        self.probes: dict[tuple[str, int], ProbeResult] = {}
        self._resolve_lock = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._addresses: dict[str, tuple[str, str]] = {}
        self.settled_early = False
        self._probe_order: dict[str, int] = {}

    # ------------------------------------------------------------ helpers
    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def say(self, source: str, message: str) -> None:
        if self.progress is not None:
            self.progress({"source": source, "message": message})

    def add(self, source: str, host: str, port: int, security: str, *, order: int = 0,
            provider: Provider | None = None, login_name: str = "",
            oauth_only: bool = False) -> None:
        key = (host.lower().rstrip("."), port, security)
        candidate = self.candidates.get(key)
        if candidate is None:
            candidate = self.candidates[key] = Candidate(key[0], port, security, [], order=order)
        candidate.sources.append(source)
        candidate.order = min(candidate.order, order)
        if provider is not None and candidate.provider_id is None:
            candidate.provider_id, candidate.provider_name = provider.id, provider.name
            candidate.oauth_only = candidate.oauth_only or provider.oauth_only
            login_name = login_name or provider.login_name_for(self.report.email)
        candidate.login_name = candidate.login_name or login_name
        candidate.oauth_only = candidate.oauth_only or oauth_only
        if self.options.verify_candidates:
            self.schedule_probe(key[0], port)

    def set_provider(self, provider: Provider, source: str) -> None:
        current = self.report.provider_source
        if not current or SOURCE_WEIGHT[source] > SOURCE_WEIGHT.get(current, 0):
            self.report.provider, self.report.provider_source = provider, source

    def add_provider_servers(self, provider: Provider, source: str, servers: Any = None) -> None:
        self.set_provider(provider, source)
        for index, server in enumerate(servers or provider.servers_for()):
            self.add(source, server.host, server.port, server.security, order=index,
                     provider=provider)

    def add_ispdb(self, entry: ispdb.IspdbProvider, looked_up: str, via: str) -> None:
        """Candidates from an ISPDB provider file; the first match (own domain) wins."""
        if self.report.ispdb is not None:
            return
        self.report.ispdb = {
            "id": entry.id, "name": entry.display_name, "file": entry.file,
            "looked_up": looked_up, "via": via, "enable_url": entry.enable_url,
            "enable_instruction": entry.enable_instruction,
            "documentation": list(entry.documentation),
        }
        self.say("ispdb", f"{looked_up} is in Thunderbird's ISP database: "
                          f"{entry.display_name}")
        for index, server in enumerate(entry.servers_for(self.report.email)):
            login = server.username if server.username != self.report.email else ""
            self.add("ispdb", server.host, server.port, server.security, order=index,
                     login_name=login, oauth_only=server.oauth_only)
            key = (server.host.rstrip("."), server.port, server.security)
            candidate = self.candidates[key]
            if candidate.provider_id is None:
                candidate.provider_id = f"ispdb:{entry.id}"
                candidate.provider_name = entry.display_name

    # ------------------------------------------------------------ sources
    def mx(self) -> Any:
        answer = self.dns.lookup(self.report.domain, "MX")
        self.report.dns_outcomes["mx"] = answer.outcome
        return sorted(answer.records) if answer.ok else []

    def spf(self) -> Any:
        answer = self.dns.lookup(self.report.domain, "TXT")
        includes = []
        for text in answer.texts() if answer.ok else []:
            if text.lower().startswith("v=spf1"):
                includes += [t.split(":", 1)[1] for t in text.split()
                             if t.lower().lstrip("+~?-").startswith("include:")]
        return includes

    def srv(self, name: str) -> Any:
        answer = self.dns.lookup(f"{name}.{self.report.domain}", "SRV")
        return [parse_srv(r) for r in answer.records] if answer.ok else []

    def resolve(self, host: str) -> tuple[str, str]:
        """(outcome, address) for a probe host: A record through the configured DNS."""
        import ipaddress

        try:
            return "ok", str(ipaddress.ip_address(host))
        except ValueError:
            pass
        # Four ports share one name: ask the DNS once, the other probes wait for it.
        with self._resolve_lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:
            if host not in self._addresses:
                # The admin's DNS servers when named, else the system resolver (hosts
                # file, VPN split DNS), exactly as the test-send will look the name up.
                try:
                    found = resolve_host(host, 0, dns_servers=self.dns_servers,
                                         timeout=max(0.1, self.remaining()),
                                         cancel=self.cancel)
                    self._addresses[host] = ("ok", found[0].ip)
                except ResolveError as exc:
                    outcome = {"not_found": "nxdomain", "no_address": "no_answer"}.get(
                        exc.kind, exc.kind)
                    self._addresses[host] = (outcome, "")
            return self._addresses[host]

    def probe(self, host: str, port: int) -> ProbeResult:
        outcome, address = self.resolve(host)
        if outcome != "ok":
            kind = port_probe.NO_ADDRESS if outcome in ("nxdomain", "no_answer") \
                else port_probe.DNS_FAILED
            return ProbeResult(host, port, kind, detail=f"DNS: {outcome}")
        budget = min(self.options.connect_timeout, self.remaining())
        return port_probe.probe_smtp(
            host, port, address=address, connect_port=self.options.port_map.get(port),
            timeout=budget, ca_file=self.options.ca_file, cancel=self.cancel)

    def schedule_probe(self, host: str, port: int) -> None:
        if self.jobs.start(f"probe {host}:{port}", lambda: self.probe(host, port)):
            self.probes[(host, port)] = ProbeResult(host, port, port_probe.PENDING)

    # ------------------------------------------------------------ collect
    def on_result(self, name: str, value: Any) -> None:
        if isinstance(value, Cancelled):
            raise value
        if isinstance(value, BaseException):
            self.say(name, f"{name}: failed ({type(value).__name__})")
            return
        if name == "mx":
            self.report.mx_hosts = [host for _, host in value]
            for _, host in value:
                matched = match_mx(host)
                if matched:
                    self.say("mx", f"MX {host} belongs to {matched[0].name}")
                    self.add_provider_servers(matched[0], "mx", matched[1])
                    break
            if self.report.provider is None and self.report.ispdb is None:
                for _, host in sorted(value):  # lowest preference first, as Thunderbird
                    found = ispdb.lookup_mx(host)
                    if found:
                        self.add_ispdb(found[1], found[0], f"MX {host}")
                        break
        elif name == "spf":
            for include in value:
                provider = match_spf_include(include)
                if provider:
                    self.say("spf", f"SPF includes {include}: sends through {provider.name}")
                    self.add_provider_servers(provider, "spf")
        elif name.startswith("srv "):
            for priority, _weight, port, target in sorted(r for r in value if r):
                if target in ("", "."):
                    self.say("srv", f"{name[4:]}: not offered (target '.')")
                    continue
                security = "ssl" if name.endswith("_submissions._tcp") else "starttls"
                self.say("srv", f"{name[4:]} → {target}:{port}")
                self.add("srv", target, port, security, order=priority)
        elif name.startswith("autoconfig "):
            self.report.autoconfig.append(value)
            for index, server in enumerate(value.servers):
                self.say("autoconfig", f"autoconfig → {server.host}:{server.port}")
                login = server.username if server.username != self.report.email else ""
                self.add("autoconfig", server.host, server.port, server.security,
                         order=index, login_name=login, oauth_only=server.oauth_only)
        elif name.startswith("probe "):
            self.probes[(value.host, value.port)] = value
            if value.reached:
                self.say("probe", f"{value.host}:{value.port} answered ({value.security})")
                key = (value.host, value.port, value.security or "none")
                if key not in self.candidates:
                    self.add("probe", value.host, value.port, value.security or "none",
                             order=self._probe_order.get(value.host, 0))
            for candidate in self.candidates.values():
                if (candidate.host, candidate.port) == (value.host, value.port):
                    candidate.probe = value

    def settled(self) -> bool:
        """True when nothing still running could change the answer: every DNS and
        autoconfig job is done, the best candidate answered, and no pending probe could
        lift another candidate above it. A filtered port 25 then costs nothing."""
        if any(not name.startswith("probe ") for name in self.jobs.pending):
            return False
        best = max(self.candidates.values(), key=lambda c: c.score, default=None)
        if best is None or not best.verified:
            return False
        for name in self.jobs.pending:
            host, _, port = name[len("probe "):].rpartition(":")
            at_target = [c for c in self.candidates.values()
                         if (c.host, c.port) == (host, int(port))]
            # A probe adds at most 55 points (+50 reached, +5 AUTH) to a known candidate;
            # a new probe-only candidate scores at most its source, security and port
            # points plus those 55.
            fresh = SOURCE_WEIGHT["probe"] + 55 + (
                6 if int(port) in IMPLICIT_TLS_PORTS else 5) - (
                4 if int(port) == 25 else 0)
            ceiling = max([c.score + 55 for c in at_target if c.probe is None] + [fresh])
            if ceiling >= best.score:
                return False
        return True

    def run(self) -> DetectReport:
        domain = self.report.domain
        provider = match_domain(domain)
        if provider is not None:
            self.say("builtin", f"{domain} is {provider.name}")
            self.add_provider_servers(provider, "builtin")
        else:
            entry = ispdb.lookup_domain(domain)
            if entry is not None:
                self.add_ispdb(entry, domain, "domain")
        self.jobs.start("mx", self.mx)
        self.jobs.start("spf", self.spf)
        for service in ("_submissions._tcp", "_submission._tcp"):
            self.jobs.start(f"srv {service}", lambda s=service: self.srv(s))
        for url in self.options.autoconfig_urls:
            self.jobs.start(f"autoconfig {url}", lambda u=url: fetch_autoconfig(
                u, self.report.email, timeout=max(0.1, self.remaining()),
                ca_file=self.options.ca_file, dns_servers=self.dns_servers,
                cancel=self.cancel))
        for index, template in enumerate(self.options.probe_hosts):
            host = template.format(domain=domain)
            self._probe_order[host] = index  # smtp.<d> before mail.<d>, as Thunderbird
            for port in self.options.probe_ports:
                self.schedule_probe(host, port)
        while self.jobs.pending:
            self.cancel.raise_if_cancelled()
            left = self.remaining()
            if left <= 0:
                break
            if self.settled():
                self.settled_early = True
                break
            try:
                name, value = self.jobs.results.get(timeout=min(left, 0.1))
            except queue.Empty:
                continue
            self.jobs.pending.discard(name)
            self.on_result(name, value)
        self.cancel.raise_if_cancelled()
        return self.finish()

    def unanswered_probe(self, name: str) -> ProbeResult:
        """What a probe still running at the end stands for: a timeout when the deadline
        cut it off, "pending" when detection finished early because it no longer mattered."""
        host, _, port = name[len("probe "):].rpartition(":")
        if self.settled_early:
            return ProbeResult(host, int(port), port_probe.PENDING,
                               detail="not needed: a better server had already answered")
        resolved = self._addresses.get(host, ("timeout", ""))
        if resolved[0] != "ok":
            return ProbeResult(host, int(port), port_probe.DNS_FAILED,
                               detail="DNS did not answer before the deadline")
        return ProbeResult(host, int(port), port_probe.TIMEOUT, address=resolved[1],
                           detail="no answer before the detection deadline")

    def finish(self) -> DetectReport:
        report = self.report
        report.unfinished = sorted(self.jobs.pending)
        for name in report.unfinished:
            if name.startswith("probe "):
                self.on_result(name, self.unanswered_probe(name))
        report.probes = list(self.probes.values())
        report.candidates = sorted(
            (c for c in self.candidates.values() if c.verified is not False or
             c.source != "probe"),
            key=lambda c: (-c.score, c.host, c.port))
        best = report.best
        if best is not None and best.provider_id and report.provider is not None \
                and best.provider_id != report.provider.id \
                and not best.provider_id.startswith("ispdb:"):
            # Two providers hinted (SPF listing both Microsoft 365 and SendGrid): the one
            # whose server ranks first is the one the admin will sign in to.
            report.provider = provider_by_id(best.provider_id)
            report.provider_source = best.source
        report.elapsed_ms = round((time.monotonic() - self.started) * 1000)
        proxy = system_proxy()
        report.proxy = proxy.describe() if proxy.in_use else ""
        report.findings = build_findings(report, self.options,
                                         dns_servers_set=bool(self.dns_servers))
        report.findings += proxy.findings()
        return report


def detect(
    email: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    dns_servers: tuple[str, ...] | list[str] = (),
    options: DetectOptions | None = None,
    cancel: CancelToken | None = None,
    progress: ProgressCallback | None = None,
) -> DetectReport:
    """Detect the outgoing server for `email`; returns within `timeout` seconds.

    Raises ValueError for an invalid address or DNS server text (the message names it),
    Cancelled when `cancel` fires. `progress` receives {"source", "message"} dicts.
    """
    address, domain = split_address(email)
    detector = _Detector(address, domain, max(0.1, timeout), tuple(dns_servers),
                         options or DetectOptions(), cancel or CancelToken(), progress)
    return detector.run()
