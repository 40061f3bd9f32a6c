"""What detection returns: the options it ran with, the ranked candidates and the report.

Kept apart from the detector so the UI, the CLI and the findings can use the shapes
without pulling in the thread machinery.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from a2k_settings_gui.core.detect import port_probe
from a2k_settings_gui.core.detect.autoconfig import AUTOCONFIG_URLS, AutoconfigResult
from a2k_settings_gui.core.detect.port_probe import ProbeResult
from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.providers import Provider

# ispdb sits below the domain's own autoconfig file (the owner's word) and above SRV, as
# in Thunderbird's order (ISP autoconfig, then ISPDB, then MX, then guessing).
SOURCE_WEIGHT = {"builtin": 100, "autoconfig": 90, "ispdb": 88, "srv": 85, "mx": 80, "spf": 60,
                 "probe": 40}


@dataclass
class DetectOptions:
    """What detection asks, and where; tests point every part at loopback servers."""

    autoconfig_urls: tuple[str, ...] = AUTOCONFIG_URLS
    probe_hosts: tuple[str, ...] = ("smtp.{domain}", "mail.{domain}")
    probe_ports: tuple[int, ...] = (465, 587, 25, 2525)
    # Port the probe really connects to, per logical port (tests run servers on free ports).
    port_map: dict[int, int] = field(default_factory=dict)
    connect_timeout: float = 5.0
    ca_file: str = ""
    verify_candidates: bool = True
    # 1 runs the jobs one after another: the benchmark's sequential baseline.
    max_parallel: int = 64


@dataclass
class Candidate:
    host: str
    port: int
    security: str
    sources: list[str]
    provider_id: str | None = None
    provider_name: str | None = None
    login_name: str = ""
    order: int = 0  # position in the source's own list (the provider's preference)
    oauth_only: bool = False
    probe: ProbeResult | None = None

    @property
    def source(self) -> str:
        return max(self.sources, key=lambda s: SOURCE_WEIGHT.get(s, 0))

    @property
    def score(self) -> int:
        score = SOURCE_WEIGHT.get(self.source, 0) + 5 * (len(set(self.sources)) - 1) - self.order
        score += {"ssl": 6, "starttls": 5, "none": -30}.get(self.security, 0)
        if self.port == 25:
            score -= 4  # often blocked by ISPs and meant for server-to-server mail
        if self.probe is not None:
            if self.probe.reached:
                score += 50
                score += 5 if self.probe.auth_mechanisms else -10
                if self.probe.certificate_ok is False:
                    score -= 15
            elif self.probe.outcome in (port_probe.REFUSED, port_probe.NO_ADDRESS):
                score -= 60
            elif self.probe.outcome in port_probe.SILENCE:
                score -= 20
        return score

    @property
    def verified(self) -> bool | None:
        if self.probe is None or self.probe.outcome == port_probe.PENDING:
            return None
        return self.probe.reached

    def to_dict(self) -> dict[str, Any]:
        return {
            "host": self.host, "port": self.port, "security": self.security,
            "source": self.source, "sources": sorted(set(self.sources)),
            "provider": self.provider_id, "login_name": self.login_name,
            "score": self.score, "verified": self.verified,
            "probe": self.probe.to_dict() if self.probe else None,
        }


@dataclass
class DetectReport:
    email: str
    domain: str
    provider: Provider | None = None
    provider_source: str = ""
    candidates: list[Candidate] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    probes: list[ProbeResult] = field(default_factory=list)
    mx_hosts: list[str] = field(default_factory=list)
    autoconfig: list[AutoconfigResult] = field(default_factory=list)
    dns_outcomes: dict[str, str] = field(default_factory=dict)
    unfinished: list[str] = field(default_factory=list)
    elapsed_ms: int = 0
    ispdb: dict[str, Any] | None = None  # the ISPDB provider found, and how
    # The web proxy this computer uses ("" for none): mail ports never go through it.
    proxy: str = ""

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def server_provider(self) -> Provider | None:
        """The provider whose server was chosen: its sign-in advice and limits apply.
        None when the best server is the domain's own (e.g. an SRV record), even if the
        mailboxes are hosted by a known provider."""
        best = self.best
        if self.provider is None or (best is not None and best.provider_id != self.provider.id):
            return None
        return self.provider

    @property
    def provider_label(self) -> str:
        """The provider's name and where it came from, for people ("" when unknown)."""
        if self.provider is not None:
            return f"{self.provider.name} (from {self.provider_source})"
        if self.ispdb:
            via = "the address's domain" if self.ispdb["via"] == "domain" else self.ispdb["via"]
            return f"{self.ispdb['name']} (from Thunderbird's ISP database, by {via})"
        return ""

    @property
    def found(self) -> bool:
        return self.best is not None

    def to_dict(self) -> dict[str, Any]:
        best = self.best
        return {
            "email": self.email,
            "provider": self.provider.summary() | {"detected_by": self.provider_source}
            if self.provider else ({"id": f"ispdb:{self.ispdb['id']}",
                                    "name": self.ispdb["name"], "detected_by": "ispdb"}
                                   if self.ispdb else None),
            "ispdb": self.ispdb,
            "server": {"host": best.host, "port": best.port, "security": best.security}
            if best else None,
            "login_name": best.login_name if best else "",
            "source": best.source if best else None,
            "candidates": [c.to_dict() for c in self.candidates],
            "mx": self.mx_hosts,
            "autoconfig": [a.to_dict() for a in self.autoconfig],
            "unfinished": self.unfinished,
            "proxy": self.proxy or None,
            "elapsed_ms": self.elapsed_ms,
            "findings": [f.to_dict() for f in self.findings],
        }
