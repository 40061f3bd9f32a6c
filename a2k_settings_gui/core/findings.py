"""The Finding: one thing a check found, in plain words, with the fix.

Every report (test-send, logo, domain, detect) carries a list of these, so the UI and the
CLI render them the same way. Codes are stable identifiers that scripts may match on;
message and fix are for people and may be reworded.
"""

from __future__ import annotations

from collections.abc import Iterable

from a2k_settings_gui.core.kit.record import record

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Literal

    Severity = Literal["error", "warning", "info"]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@record(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    fix: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def to_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
        }


def worst_severity(findings: Iterable[Finding]) -> Severity | None:
    """The most serious severity among the findings, or None when there are none."""
    seen = {f.severity for f in findings}
    for severity in SEVERITIES:
        if severity in seen:
            return severity
    return None


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
