"""What changed since the previous run, in plain words.

- `new`: a problem (a warning or an error) that the previous run did not have;
- `resolved`: a problem of the previous run that is gone;
- `changed` with code `dns_changed`: a DNS record whose text differs (before and after);
- `changed` with code `logo_changed`: the logo image's bytes differ (its fingerprint).

A check that did not run in either run (skipped, timed out) is not compared: a problem
cannot be called resolved when nobody looked.
"""

from __future__ import annotations

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.health.model import Change, CheckResult, HealthRun

_PROBLEMS = ("warning", "error")


def _compared(check: CheckResult | None) -> bool:
    return check is not None and check.status != "skipped" and not any(
        f.code == "check_timed_out" for f in check.findings)


def _problems(check: CheckResult) -> dict[str, Finding]:
    return {f.code: f for f in check.findings if f.severity in _PROBLEMS}


def compare(previous: HealthRun | None, current: HealthRun) -> list[Change]:
    if previous is None:
        return []
    changes: list[Change] = []
    for now in current.checks:
        before = previous.check(now.name)
        if not (_compared(before) and _compared(now)):
            continue
        assert before is not None
        old, new = _problems(before), _problems(now)
        for code, finding in new.items():
            if code not in old:
                changes.append(Change("new", now.name, code, finding.message))
        for code, finding in old.items():
            if code not in new:
                changes.append(Change("resolved", now.name, code,
                                      f"This problem is gone: {finding.message}"))
        if now.name == "domain":
            changes.extend(_dns_changes(before.facts.get("dns") or {},
                                        now.facts.get("dns") or {}))
        if now.name == "logo":
            changes.extend(_logo_change(before.facts, now.facts))
    return changes


def _dns_changes(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    changes = []
    for key in sorted(set(old) | set(new)):
        was, now = old.get(key), new.get(key)
        if was == now:
            continue
        kind, _, name = key.partition(" ")
        if was is None:
            message = f"A {kind} record for {name} appeared: {now}"
        elif now is None:
            message = f"The {kind} record for {name} is gone (it was: {was})"
        else:
            message = f"The {kind} record for {name} changed from “{was}” to “{now}”"
        changes.append(Change("changed", "domain", "dns_changed", message,
                              was or "", now or ""))
    return changes


def _logo_change(old: dict, new: dict) -> list[Change]:
    was, now = old.get("sha256"), new.get("sha256")
    if not was or not now or was == now:
        return []
    what = f" (now {new['image']})" if new.get("image") else ""
    return [Change("changed", "logo", "logo_changed",
                   f"The logo image at {new.get('url', 'the Company Logo URL')} is a "
                   f"different picture than at the last check{what}.", was, now)]


def change_findings(changes: list[Change]) -> list[Finding]:
    """The changed records and images as findings too (the codes scripts look for)."""
    findings = []
    for change in changes:
        if change.code == "dns_changed":
            findings.append(Finding(
                "dns_changed", "warning", f"{change.message}.",
                "If nobody meant to change it, put the old record back; then run Check "
                "Domain."))
        elif change.code == "logo_changed":
            findings.append(Finding(
                "logo_changed", "warning", change.message,
                "Open Check Logo and look at the picture: if it is not your logo (a "
                "placeholder or another image), publish the logo again."))
    return findings
