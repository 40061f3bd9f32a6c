"""What a health run reports: each check's result, the run, and the changes since the last.

`HealthRun.to_dict()` is the `health --json` object of DESIGN.md (ok, at, elapsed_ms,
checks, changes, findings) plus `facts`: what the next run compares against (the DNS
records, the logo's fingerprint, the certificate's expiry), never the password.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

from a2k_settings_gui.core.findings import Finding, worst_severity

Status = Literal["ok", "warning", "error", "skipped"]
CHECK_NAMES = ("login", "certificate", "domain", "logo", "provider")
CHECK_LABELS = {
    "login": "Sign-in",
    "certificate": "Certificate",
    "domain": "Domain (SPF, DKIM, DMARC)",
    "logo": "Logo",
    "provider": "Provider changes",
}
# The kinds of change between two runs: `changed` is DESIGN.md's kind for a DNS record or
# a logo image that differs (its code says which: dns_changed, logo_changed).
CHANGE_KINDS = ("new", "resolved", "changed")


def status_of(findings: list[Finding]) -> Status:
    """A check's status: its worst finding (info only is ok)."""
    worst = worst_severity(findings)
    return "error" if worst == "error" else "warning" if worst == "warning" else "ok"


@dataclass
class CheckResult:
    name: str
    status: Status = "skipped"
    findings: list[Finding] = field(default_factory=list)
    elapsed_ms: int = 0
    # What later runs compare: {"dns": {"TXT example.com": [...]}, "logo_sha256": "..."}.
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return CHECK_LABELS.get(self.name, self.name)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status,
                "findings": [f.to_dict() for f in self.findings],
                "elapsed_ms": self.elapsed_ms, "facts": self.facts}


@dataclass
class Change:
    kind: str  # new | resolved | changed
    check: str
    code: str
    message: str
    before: str | None = None
    after: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "check": self.check, "code": self.code,
                               "message": self.message}
        if self.before is not None or self.after is not None:
            out["before"], out["after"] = self.before, self.after
        return out


@dataclass
class HealthRun:
    at: datetime
    checks: list[CheckResult]
    elapsed_ms: int = 0
    changes: list[Change] = field(default_factory=list)
    # Findings about the run itself, not a check (e.g. history_damaged).
    notes: list[Finding] = field(default_factory=list)
    run_id: int | None = None

    @property
    def ok(self) -> bool:
        return not any(c.status == "error" for c in self.checks)

    @property
    def findings(self) -> list[Finding]:
        return [f for c in self.checks for f in c.findings] + list(self.notes)

    def check(self, name: str) -> CheckResult | None:
        return next((c for c in self.checks if c.name == name), None)

    @property
    def at_text(self) -> str:
        return iso_utc(self.at)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "at": self.at_text,
            "elapsed_ms": self.elapsed_ms,
            "checks": [c.to_dict() for c in self.checks],
            "changes": [c.to_dict() for c in self.changes],
            "findings": [f.to_dict() for f in self.findings],
        }


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a Z, to the second: sortable as text, readable anywhere."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace(
        "+00:00", "Z")


def parse_iso_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
