"""Which values a check tested, and the verdict it gave for exactly those values.

A result belongs to the settings it checked: each check records the values it tested (its
`checked` fingerprint, {field: value}) beside its report. Whoever shows a result (the
hand-over, the wizard's summary, the dialog, the support report) shows it only when the
fingerprint equals the values shown now; otherwise the value is "not checked yet", and an
older result is at most "for earlier settings". A one-off check of other values (a CLI
option such as --server) therefore never passes for the saved setup's.

The password is never part of a fingerprint (it is never written to a file); windows that
hold the typed password compare it in memory.
"""

from __future__ import annotations

from a2k_settings_gui.core.kit.record import record
from a2k_settings_gui.core.settings import EmailSettings

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal

    VerdictStatus = Literal["passed", "failed", "not_checked"]


# The values each check tests. Test-send: where, how and as whom it connects (the
# recipient is only where the proof goes, not part of the setup). The logo check: the
# address it fetches. The domain check: the sender's domain and the server that must be
# allowed to send for it.
CHECKED_FIELDS: dict[str, tuple[str, ...]] = {
    "test_send": ("smtp_host", "port", "security", "sender_email", "login_name"),
    "check_logo": ("logo_url",),
    "check_domain": ("sender_domain", "smtp_host"),
}

# The ERP screen's fields and the check whose verdict stands beside each of them.
CHECK_OF_FIELD: dict[str, str] = {
    "sender_email": "test_send",
    "password": "test_send",
    "smtp_host": "test_send",
    "port": "test_send",
    "logo_url": "check_logo",
}

CHECK_NAMES = {"test_send": "Send Test Email", "check_logo": "Check Logo",
               "check_domain": "Check Domain"}


def checked_values(kind: str, settings: EmailSettings) -> dict[str, Any]:
    """The fingerprint of `settings` for check `kind` (JSON-ready, compared with ==)."""
    values: dict[str, Any] = {}
    for key in CHECKED_FIELDS[kind]:
        if key == "port":
            values[key] = settings.effective_port
        elif key == "login_name":
            values[key] = settings.effective_login
        elif key == "security":
            values[key] = settings.security.value
        elif key == "sender_domain":
            values[key] = settings.sender_email.rpartition("@")[2].lower().rstrip(".")
        elif key == "smtp_host":
            values[key] = settings.smtp_host.strip().lower().rstrip(".")
        else:
            values[key] = getattr(settings, key)
    return values


def checked_domain_values(domain: str, smtp_host: str) -> dict[str, Any]:
    """The domain check's fingerprint when it was given a domain rather than settings."""
    return {"sender_domain": domain.rpartition("@")[2].lower().rstrip("."),
            "smtp_host": (smtp_host or "").strip().lower().rstrip(".")}


@record(frozen=True)
class Verdict:
    """A check's word on one set of values: passed, failed (with a one-line reason) or
    not checked yet (for these values)."""

    kind: str
    status: VerdictStatus
    reason: str = ""
    at: str = ""
    earlier: bool = False  # not checked for these values, but for earlier ones

    @property
    def words(self) -> str:
        """One line for the admin, e.g. 'Check Logo failed: Blocked for every reader'."""
        name = CHECK_NAMES.get(self.kind, self.kind)
        if self.status == "passed":
            return f"{name} passed"
        if self.status == "failed":
            return f"{name} failed: {self.reason}" if self.reason else f"{name} failed"
        if self.earlier:
            return f"{name}: not checked yet for these values (the last check was for " \
                   "earlier settings)"
        return f"{name}: not checked yet"

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.kind, "status": self.status, "reason": self.reason,
                "at": self.at, "earlier": self.earlier}


def verdict_of(kind: str, report: dict[str, Any]) -> tuple[VerdictStatus, str]:
    """(passed|failed, the one-line reason) of a check's JSON report."""
    findings = [f for f in report.get("findings") or [] if isinstance(f, dict)]
    first_error = next((f for f in findings if f.get("severity") == "error"), None)
    if kind == "test_send":
        if report.get("ok"):
            return "passed", ""
        if first_error and first_error.get("message"):
            return "failed", _one_line(first_error["message"])
        return "failed", "the test e-mail was not accepted by the server"
    if kind == "check_logo":
        verdict = report.get("verdict")
        refused = (report.get("readers") or {}).get("refused") or []
        if verdict == "ok" and not refused:
            return "passed", ""
        if verdict == "warning" and not refused:
            return "passed", str(report.get("verdict_text") or "")
        return "failed", _one_line(str(report.get("verdict_text") or "the logo cannot be "
                                                                       "shown"))
    # check_domain: errors fail it; warnings are advice, not a refusal.
    if first_error:
        return "failed", _one_line(str(first_error.get("message") or ""))
    return "passed", ""


def _one_line(text: str, limit: int = 160) -> str:
    """The first sentence of a message, at most `limit` characters."""
    text = " ".join(str(text).split())
    for end in (". ", ": "):
        head, sep, _rest = text.partition(end)
        if sep and len(head) >= 20:
            text = head + ("." if end == ". " else "")
            break
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def entries_of(latest: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """Every kept result of `kind`, newest first: the latest, then earlier ones."""
    entries = []
    if isinstance(latest.get(kind), dict):
        entries.append(latest[kind])
    others = (latest.get("others") or {}).get(kind) or []
    entries += [e for e in others if isinstance(e, dict) and isinstance(e.get("report"), dict)]
    return sorted(entries, key=lambda e: str(e.get("at", "")), reverse=True)


def entry_for(latest: dict[str, Any], kind: str,
              values: dict[str, Any]) -> dict[str, Any] | None:
    """The newest kept result of `kind` that tested exactly `values`."""
    return next((e for e in entries_of(latest, kind) if e.get("checked") == values), None)


def verdict_for(latest: dict[str, Any], kind: str, settings: EmailSettings) -> Verdict:
    """The latest verdict of `kind` for exactly these settings' values."""
    entry = entry_for(latest, kind, checked_values(kind, settings))
    if entry is None:
        return Verdict(kind, "not_checked", earlier=bool(entries_of(latest, kind)))
    status, reason = verdict_of(kind, entry["report"])
    return Verdict(kind, status, reason, str(entry.get("at", "")))


def field_verdicts(latest: dict[str, Any], settings: EmailSettings) -> dict[str, Verdict]:
    """{ERP field key: the verdict that stands beside its value}. Fields no check tests
    (the logo's size, the batch numbers) have none; an empty logo URL has none either."""
    by_kind = {kind: verdict_for(latest, kind, settings) for kind in CHECKED_FIELDS}
    verdicts = {key: by_kind[kind] for key, kind in CHECK_OF_FIELD.items()}
    if not settings.logo_url:
        verdicts.pop("logo_url")
    return verdicts


def next_checks(latest: dict[str, Any], settings: EmailSettings) -> list[Verdict]:
    """The recommended next checks (logo, domain) with their status for these values."""
    kinds = ["check_domain"] + (["check_logo"] if settings.logo_url else [])
    return [verdict_for(latest, kind, settings) for kind in kinds]
