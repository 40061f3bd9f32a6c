"""The SMTP server's certificate, read from the login check's own TLS session.

A renewal that failed silently is found here weeks before the certificate ends: fewer than
EXPIRING_DAYS days left is a warning (`certificate_expiring`); an expired, untrusted or
wrongly named certificate is an error, since A2000ERP's connection then fails.
"""

from __future__ import annotations

import math
import ssl
from datetime import datetime, timezone
from typing import Any

from a2k_settings_gui.core.findings import Finding

# Let's Encrypt renews at 30 days left and warns at 20; three weeks leaves the admin two
# weekly statement runs to get a failed renewal fixed.
EXPIRING_DAYS = 21
# The login check's failures that are about the certificate itself.
CERTIFICATE_CODES = {"certificate_expired", "certificate_untrusted",
                     "certificate_hostname_mismatch"}
# Failures before any TLS: the certificate could not be looked at.
_NOT_REACHED_STAGES = {"resolve", "connect", "greeting", "ehlo"}


def expiry_of(not_after: str) -> datetime | None:
    """The `notAfter` text of ssl.getpeercert() ("Jan  5 09:00:00 2027 GMT") as UTC."""
    if not not_after:
        return None
    try:
        return datetime.fromtimestamp(ssl.cert_time_to_seconds(not_after), timezone.utc)
    except ValueError:
        return None


def days_left(expiry: datetime, now: datetime) -> int:
    """Whole days left, rounded down: 9.5 days left is "9 days" (never promise a day more)."""
    return math.floor((expiry - now).total_seconds() / 86400)


def certificate_check(host: str, tls: Any, login_findings: list[Finding], stage: str,
                      security: str, now: datetime) -> tuple[list[Finding], dict[str, Any]]:
    """(findings, facts) for the certificate the login check's TLS session saw.

    `tls` is the session's TlsInfo or None; `login_findings` say why there is none.
    """
    failed = [f for f in login_findings if f.code in CERTIFICATE_CODES]
    if failed:
        return [Finding(f.code, "error", f.message, f.fix) for f in failed], {}
    if tls is None:
        if security == "none":
            return [Finding(
                "certificate_not_used", "warning",
                f"The connection to {host} is not encrypted (Security None), so there is no "
                "certificate to watch and the password travels readable.",
                "Use STARTTLS on port 587 or SSL/TLS on port 465.")], {}
        why = ("the server could not be reached" if stage in _NOT_REACHED_STAGES
               else "the encrypted connection was not set up")
        return [Finding(
            "certificate_not_checked", "info",
            f"The certificate of {host} was not looked at: {why} (see Sign-in).",
            "Fix the sign-in problem; the next check looks at the certificate again.")], {}
    expiry = expiry_of(tls.not_after)
    facts = {"issuer": tls.issuer, "subject": tls.subject,
             "not_after": expiry.date().isoformat() if expiry else tls.not_after}
    if expiry is None:
        return [Finding("certificate_ok", "info",
                        f"The certificate of {host} (issued by {tls.issuer or '?'}) is "
                        "trusted; its end date could not be read.", "")], facts
    left = days_left(expiry, now)
    facts["days_left"] = left
    ends = expiry.strftime("%d %B %Y")
    who = f"issued by {tls.issuer}" if tls.issuer else "issuer unknown"
    if left < 0:
        return [Finding(
            "certificate_expired", "error",
            f"The certificate of {host} ({who}) ended on {ends}.",
            "Tell the mail server's admin to renew the certificate now; until then "
            "A2000ERP cannot send.")], facts
    if left < EXPIRING_DAYS:
        return [Finding(
            "certificate_expiring", "warning",
            f"The certificate of {host} ({who}) ends in {left} day{'s' if left != 1 else ''}, "
            f"on {ends}. If it is not renewed by then, A2000ERP's e-mail stops.",
            "Ask the mail server's admin (or the provider) to renew it now and check that "
            "automatic renewal works; the health watch will say when the new one is in "
            "place.")], facts
    return [Finding("certificate_ok", "info",
                    f"The certificate of {host} ({who}) is trusted and ends on {ends}, "
                    f"in {left} days.", "")], facts
