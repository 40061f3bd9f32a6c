"""The provider check: dated provider changes that affect this server, counted down in
days, and the provider's sending limits against the sending plan. No network: the facts
are data (resources/a2000erp_profile.json, resources/providers.json)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from a2k_settings_gui.core.erp_profile import is_microsoft_365, microsoft_365_exit_plan
from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.settings import EmailSettings

# Microsoft 365 disables password sign-in (Basic authentication) for SMTP AUTH by default
# for existing tenants "at the end of December 2026" (message center MC786329, updated
# 27 January 2026, in the profile's sources). Microsoft names no day: the count-down runs
# to the month's last day, so it never claims more time than there is.
MICROSOFT_365_BASIC_AUTH_OFF = date(2026, 12, 31)


def basic_auth_countdown(settings: EmailSettings, today: date) -> Finding | None:
    """`basic_auth_retiring` with the days left, for a Microsoft 365 password sign-in."""
    host = settings.smtp_host
    if not host or not is_microsoft_365(host):
        return None
    plan = microsoft_365_exit_plan(host)
    left = (MICROSOFT_365_BASIC_AUTH_OFF - today).days
    when = MICROSOFT_365_BASIC_AUTH_OFF.strftime("%d %B %Y")
    if left > 0:
        lead = (f"{left} day{'s' if left != 1 else ''} left: Microsoft 365 turns off "
                f"password sign-in for SMTP AUTH by default at the end of December 2026 "
                f"(counted to {when}). A2000ERP's screen has no other sign-in.")
    else:
        lead = (f"Microsoft 365 turned off password sign-in for SMTP AUTH by default at the "
                f"end of December 2026 ({-left} days ago). If sign-in still works, a "
                "Microsoft 365 admin turned it back on for this tenant; the final removal "
                "is announced for the second half of 2027.")
    return Finding("basic_auth_retiring", "warning", f"{lead} {plan.message}", plan.fix)


def sending_limit_findings(settings: EmailSettings) -> tuple[list[Finding], dict[str, Any]]:
    """The month's e-mails at the Mail Sending Control settings against the provider's
    published limits (the sending plan's own warnings, e.g. exceeds_minute_limit)."""
    from a2k_settings_gui.core.providers import match_server_host
    from a2k_settings_gui.core.sending_plan import plan_sending

    provider = match_server_host(settings.smtp_host) if settings.smtp_host else None
    plan = plan_sending(
        settings.mails_per_month, settings.max_mails_per_batch,
        settings.batch_interval_seconds,
        limits=provider.limits if provider else None,
        provider_name=provider.name if provider else None,
    )
    facts = {"provider": provider.name if provider else None,
             "limits": provider.limits.to_dict() if provider else None,
             "peak_per_minute": plan.peak_per_minute}
    findings = [f for f in plan.findings if f.severity != "info"]
    return findings, facts


def provider_check(settings: EmailSettings, now: datetime) -> tuple[list[Finding],
                                                                      dict[str, Any]]:
    findings: list[Finding] = []
    countdown = basic_auth_countdown(settings, now.date())
    if countdown is not None:
        findings.append(countdown)
    limit_findings, facts = sending_limit_findings(settings)
    findings.extend(limit_findings)
    if not findings:
        if facts["provider"]:
            text = (f"No announced change at {facts['provider']} affects this server, and "
                    "the sending plan stays within its published limits.")
        else:
            text = ("No announced provider change is known for this server; its sending "
                    "limits are not known, so ask the provider how many e-mails a day and "
                    "a minute it accepts.")
        findings.append(Finding("provider_ok", "info", text, ""))
    return findings, facts
