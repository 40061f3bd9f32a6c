"""Advice on a provider's future after a test that worked, e.g. Microsoft 365 retiring
password sign-in. Apart from the reply tables, so a test that succeeds never loads them."""

from __future__ import annotations

import re

from a2k_settings_gui.core.findings import Finding

MICROSOFT_HOST = r"(^|\.)(office365\.com|outlook\.com|office\.com|hotmail\.com|live\.com)$"
_MICROSOFT_HOST_RE = re.compile(MICROSOFT_HOST, re.IGNORECASE)


def provider_advice(host: str, used_password_login: bool) -> list[Finding]:
    """The dated facts, their source and the exit plan come from the A2000ERP profile."""
    findings = []
    if used_password_login and _MICROSOFT_HOST_RE.search(host):
        from a2k_settings_gui.core.erp_profile import microsoft_365_exit_plan

        findings.append(microsoft_365_exit_plan(host))
    return findings
