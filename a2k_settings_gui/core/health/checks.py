"""The network checks of a health run, each a plain function of the saved settings.

They reuse the features' own public entry points, so a health run checks exactly what
Send Test Email (in its login-only mode), Check Domain and Check Logo check: the sign-in
and the certificate come from one SMTP session (core.smtp, TestMode.LOGIN: AUTH, then
QUIT, never MAIL FROM), the domain from core.domain, the logo from core.logo.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from a2k_settings_gui.core.cancel import Cancelled, CancelToken
from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.health.certificate import CERTIFICATE_CODES, certificate_check
from a2k_settings_gui.core.health.model import CheckResult, status_of
from a2k_settings_gui.core.settings import EmailSettings

# Owned by the provider check (with its count-down); the login check would repeat it.
_PROVIDER_CODES = {"basic_auth_retiring"}


def login_and_certificate(settings: EmailSettings, password: str, timeout: float,
                          cancel: CancelToken, now: datetime) -> tuple[CheckResult,
                                                                       CheckResult]:
    """Sign in as A2000ERP would and read the certificate from that same TLS session."""
    from a2k_settings_gui.core.smtp.check import TestMode, run_test_send

    result = run_test_send(settings, password, mode=TestMode.LOGIN, timeout=timeout,
                           cancel=cancel, as_erp=True)
    if cancel.cancelled:
        raise Cancelled()
    login_findings = [f for f in result.findings
                      if f.code not in _PROVIDER_CODES | CERTIFICATE_CODES]
    cert_failures = [f for f in result.findings if f.code in CERTIFICATE_CODES]
    if cert_failures:
        # The certificate stopped the sign-in: say so on Sign-in, explain on Certificate.
        login_findings.insert(0, Finding(
            "login_not_reached", "error",
            "The sign-in was not tried: the server's certificate failed (see Certificate).",
            "Fix the certificate problem; the next check signs in again."))
    login = CheckResult("login", status_of(login_findings), login_findings,
                        result.elapsed_ms,
                        {"stage": result.stage, "security": result.security.value,
                         "port": result.port, "auth_mechanisms": result.auth_mechanisms})
    cert_findings, cert_facts = certificate_check(
        settings.smtp_host, result.tls, result.findings, result.stage,
        result.security.value, now)
    certificate = CheckResult("certificate", status_of(cert_findings), cert_findings,
                              result.elapsed_ms, cert_facts)
    if any(f.code == "certificate_not_checked" for f in cert_findings):
        certificate.status = "skipped"
    return login, certificate


def domain(settings: EmailSettings, timeout: float, cancel: CancelToken) -> CheckResult:
    from a2k_settings_gui.core.domain.check import DomainInputProblem, check_domain

    try:
        report = check_domain(
            settings.sender_email, settings.smtp_host, dns_servers=settings.dns_servers,
            timeout=timeout, max_mails_per_batch=settings.max_mails_per_batch,
            batch_interval_seconds=settings.batch_interval_seconds,
            mails_per_month=settings.mails_per_month, cancel=cancel)
    except DomainInputProblem as exc:
        return CheckResult("domain", "skipped", [Finding(
            "missing_setting", "warning", str(exc), "Set the Sender Email ID.")])
    findings = [Finding(f.code, f.severity, f.message, f.fix) for f in report.findings]
    return CheckResult("domain", status_of(findings), findings, report.elapsed_ms,
                       {"dns": dns_records(report)})


def dns_records(report: Any) -> dict[str, str]:
    """The records a later run compares, by "TYPE name", as their text (DNS order does not
    matter: sorted). A record that is missing is absent, so its arrival is a change too."""
    facts = report.facts
    records: dict[str, str] = {}
    if facts.mx_answer is not None and facts.mx_answer.ok:
        records[f"MX {facts.domain}"] = "; ".join(
            f"{pref} {host}" for pref, host in sorted(facts.mx_answer.records))
    if facts.spf_tree is not None and facts.spf_tree.record:
        records[f"TXT {facts.domain}"] = facts.spf_tree.record
    if facts.dmarc is not None and facts.dmarc.record:
        records[f"TXT _dmarc.{facts.dmarc.found_at or facts.domain}"] = facts.dmarc.record
    if facts.dkim is not None:
        for key in facts.dkim.found:
            records[f"TXT {key.name}"] = key.record
    return records


def logo(settings: EmailSettings, timeout: float, cancel: CancelToken) -> CheckResult:
    from a2k_settings_gui.core.logo.check import LogoInputError, check_logo

    if not settings.logo_url:
        return CheckResult("logo", "skipped", [Finding(
            "logo_not_set", "info", "No Company Logo URL is set, so there is no logo to "
            "watch.", "")])
    try:
        report = check_logo(settings.logo_url, height=settings.logo_height,
                            width=settings.logo_width, keep_aspect=settings.logo_keep_aspect,
                            timeout=timeout, ca_file=settings.ca_file,
                            dns_servers=settings.dns_servers, cancel=cancel,
                            preview=False)  # no picture is shown: verified, not decoded
    except LogoInputError as exc:
        return CheckResult("logo", "error", [Finding(
            "logo_url_invalid", "error", str(exc), "Correct it in the Email Setting dialog.")])
    facts: dict[str, Any] = {"url": report.url}
    reference = next((c for c in report.clients if c.result == "ok" and c.sha256), None)
    if report.decoded is not None:
        facts["sha256"] = report.decoded.sha256
    elif reference is not None:
        facts["sha256"] = reference.sha256
    if report.image:
        facts["image"] = f"{report.image.get('format')} {report.image.get('width')} x " \
                         f"{report.image.get('height')}"
    findings = list(report.findings)
    if report.verdict == "ok" and not findings:
        shown = f" ({facts['image']})" if "image" in facts else ""
        findings.append(Finding("logo_ok", "info",
                                f"The logo loads for every kind of mail program{shown}.", ""))
    return CheckResult("logo", status_of(findings), findings,
                       int(report.fetch.get("elapsed_ms") or 0), facts)
