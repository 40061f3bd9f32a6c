"""The sending plan: how a run of N e-mails goes out with the Mail Sending Control
settings, how long it takes, and which provider limit it would hit.

A2000ERP sends a batch of "Maximum Mails per Batch" e-mails, pauses "Batch Interval"
seconds, and repeats. Providers throttle or refuse above their limits (Microsoft 365: 30
per minute; Gmail: about 500 per day), and the admin only finds out when customers
complain. This module does the arithmetic before the first run; it is pure (no I/O) so
the dialog can recompute it on every keystroke.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from a2k_settings_gui.core.findings import Finding

if TYPE_CHECKING:  # annotations only: the provider table module stays out of start-up
    from a2k_settings_gui.core.providers import Limits, Provider


@dataclass(frozen=True)
class SendingPlan:
    mails: int
    batch_size: int
    interval_seconds: int
    batches: int
    total_seconds: float
    peak_per_minute: int
    days_needed: int
    provider_name: str | None
    limits: Limits | None
    headline: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not any(f.severity in ("error", "warning") for f in self.findings)

    def lines(self) -> list[str]:
        """The 2-3 lines the dialog and the wizard show under the batch fields."""
        out = [self.headline]
        out += [f.message for f in self.findings if f.severity != "info"]
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "mails": self.mails,
            "max_mails_per_batch": self.batch_size,
            "batch_interval_seconds": self.interval_seconds,
            "batches": self.batches,
            "total_seconds": round(self.total_seconds, 1),
            "peak_per_minute": self.peak_per_minute,
            "days_needed": self.days_needed,
            "provider": self.provider_name,
            "limits": self.limits.to_dict() if self.limits else None,
            "headline": self.headline,
            "findings": [f.to_dict() for f in self.findings],
        }


def format_duration(seconds: float) -> str:
    """Rounded the way a person says it: 'about 2 minutes', 'about 3.5 hours'."""
    if seconds < 1:
        return "a few seconds"
    if seconds < 60:
        return f"about {round(seconds)} second{'s' if round(seconds) != 1 else ''}"
    minutes = seconds / 60
    if minutes < 90:
        whole = max(1, round(minutes))
        return f"about {whole} minute{'s' if whole != 1 else ''}"
    hours = minutes / 60
    if hours < 48:
        text = f"{round(hours * 2) / 2:g}"
        return f"about {text} hour{'s' if text != '1' else ''}"
    return f"about {round(hours / 24)} days"


def peak_per_minute(mails: int, batch_size: int, interval_seconds: int) -> int:
    """The most e-mails that leave within any one minute.

    A batch goes out back to back (the ERP does not pace inside a batch), so with an
    interval of 10 s six batch starts fall inside one minute.
    """
    if mails <= 0:
        return 0
    batches = math.ceil(mails / batch_size)
    if interval_seconds <= 0:
        return mails
    starts_per_minute = min(batches, math.ceil(60 / interval_seconds))
    return min(mails, batch_size * starts_per_minute)


def settings_within_minute_limit(batch_size: int, per_minute: int) -> tuple[int, int]:
    """The nearest (batch size, interval) that stays at or below `per_minute`."""
    size = max(1, min(batch_size, per_minute))
    batches_per_minute = max(1, per_minute // size)
    return size, math.ceil(60 / batches_per_minute)


def recommended_control(provider: Provider | None) -> tuple[int, int]:
    """Default Maximum Mails per Batch and Batch Interval for a provider."""
    if provider is None:
        return 50, 10
    size, interval = provider.recommended_batch, provider.recommended_interval
    if provider.limits.per_minute:
        size, interval = settings_within_minute_limit(size, provider.limits.per_minute)
        interval = max(interval, provider.recommended_interval)
    return size, interval


def plan_sending(
    mails: int,
    batch_size: int,
    interval_seconds: int,
    *,
    limits: Limits | None = None,
    provider_name: str | None = None,
    noun: str = "e-mails",
    seconds_per_mail: float = 0.0,
) -> SendingPlan:
    """Batches, total time and limit warnings for sending `mails` e-mails.

    `seconds_per_mail` is the time the server takes per e-mail; 0 counts only the pauses,
    which dominate for typical settings.
    """
    mails = max(0, int(mails))
    batch_size = max(1, int(batch_size))
    interval_seconds = max(0, int(interval_seconds))
    batches = math.ceil(mails / batch_size) if mails else 0
    total = max(0, batches - 1) * interval_seconds + mails * seconds_per_mail
    peak = peak_per_minute(mails, batch_size, interval_seconds)
    who = provider_name or "the provider"
    findings: list[Finding] = []

    days = 1 if mails else 0
    over_day = False
    if limits and limits.per_day and mails > limits.per_day:
        over_day = True
        days = math.ceil(mails / limits.per_day)
        findings.append(Finding(
            "exceeds_daily_limit", "warning",
            f"{mails:,} {noun} exceed {who}'s {limits.per_day:,} per day: "
            f"the rest is refused until the next day.",
            f"Send the run over {days} days (at most {limits.per_day:,} a day), or use a "
            "sending service such as Amazon SES, SendGrid or Mailgun for e-statement runs.",
        ))
    if limits and limits.per_minute and peak > limits.per_minute:
        size, interval = settings_within_minute_limit(batch_size, limits.per_minute)
        findings.append(Finding(
            "exceeds_minute_limit", "warning",
            f"Up to {peak:,} {noun} leave within one minute; more than "
            f"{limits.per_minute} per minute is throttled by {who}.",
            f"Set Maximum Mails per Batch to {size} and Batch Interval to {interval} seconds.",
        ))
    if interval_seconds == 0 and batches > 1:
        findings.append(Finding(
            "no_pause_between_batches", "warning",
            "Batch Interval is 0: all batches go out back to back, which providers "
            "often treat as a burst.",
            "Set Batch Interval to at least 10 seconds.",
        ))
    if total > 8 * 3600:
        findings.append(Finding(
            "long_run", "info",
            f"The run takes {format_duration(total)}; keep the computer on until it ends.",
            "Raise Maximum Mails per Batch or shorten Batch Interval if the provider allows.",
        ))

    if not mails:
        headline = "Nothing to send."
    else:
        headline = (
            f"{mails:,} {noun} at {batch_size:,} per batch every {interval_seconds} s "
            f"take {format_duration(total)} ({batches:,} batch{'es' if batches != 1 else ''})"
        )
        if over_day and limits and limits.per_day:
            headline += f", but exceed {who}'s {limits.per_day:,} per day"
        headline += "."
    return SendingPlan(
        mails, batch_size, interval_seconds, batches, total, peak, days,
        provider_name, limits, headline, tuple(findings),
    )
