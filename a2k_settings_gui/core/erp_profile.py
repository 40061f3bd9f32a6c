"""The A2000ERP profile: what the ERP's Email Setting screen holds and how the ERP uses it.

The facts are data (resources/a2000erp_profile.json), each marked known or assumed, so a
correction from the vendor is an edit of one file. This module answers three questions
the rest of the tool asks:

- the hand-over: each ERP field in the screen's order with the exact value to type in
  (`handover`), used by `show --json` ("erp"), the report and the hand-over windows;
- how the ERP connects: which login and which security it uses for a port, so the test
  can behave like the ERP (`security_for_port`, `login_for`);
- what outside receivers and providers will do with these values (`sender_findings`,
  `microsoft_365_exit_plan`).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.kit.record import record, replace
from a2k_settings_gui.core.net.addresses import special_use_suffix
from a2k_settings_gui.core.resources import read_text
from a2k_settings_gui.core.settings import EmailSettings, Security

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

PROFILE_FILE = "a2000erp_profile.json"
PASSWORD_KEY = "password"


class ProfileError(ValueError):
    """The profile file is not what this version expects (a broken installation)."""


@record(frozen=True)
class ErpField:
    key: str
    label: str
    group: str
    status: str  # "known" | "assumed"
    basis: str
    secret: bool = False


@record(frozen=True)
class ExitPlan:
    hosts: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]  # (date, event)
    sources: tuple[dict[str, str], ...]
    ways_out: tuple[str, ...]


@record(frozen=True)
class ErpProfile:
    screen: str
    fields: tuple[ErpField, ...]
    login_field: str
    login_status: str
    login_basis: str
    ssl_ports: tuple[int, ...]
    starttls_port: int
    security_status: str
    security_basis: str
    microsoft_365: ExitPlan

    @property
    def labels(self) -> list[str]:
        return [f.label for f in self.fields]

    def field(self, key: str) -> ErpField:
        for item in self.fields:
            if item.key == key:
                return item
        raise KeyError(key)

    def security_for_port(self, port: int) -> Security:
        """The security A2000ERP is assumed to use on this port."""
        return Security.SSL if port in self.ssl_ports else Security.STARTTLS

    def login_for(self, settings: EmailSettings) -> str:
        """The account name A2000ERP logs in with (the Sender Email ID)."""
        return str(getattr(settings, self.login_field))

    def with_ports(self, *, ssl_ports: tuple[int, ...] | None = None,
                   starttls_port: int | None = None) -> ErpProfile:
        """A copy for a lab server on other ports (tests and benchmarks on loopback)."""
        return replace(self, ssl_ports=ssl_ports if ssl_ports is not None else self.ssl_ports,
                       starttls_port=starttls_port or self.starttls_port)


def _parse(data: Any) -> ErpProfile:
    try:
        if data.get("format") != "a2000erp-profile" or data.get("version") != 1:
            raise ProfileError("unknown format or version")
        fields = tuple(
            ErpField(f["key"], f["label"], f["group"], f["status"], f["basis"],
                     bool(f.get("secret", False)))
            for f in data["fields"]
        )
        for item in fields:
            if item.status not in ("known", "assumed"):
                raise ProfileError(f"{item.key}: status must be known or assumed")
        connection = data["connection"]
        login, security = connection["login"], connection["security"]
        plan = data["exit_plans"]["microsoft_365"]
        return ErpProfile(
            screen=data["screen"],
            fields=fields,
            login_field=login["uses"],
            login_status=login["status"],
            login_basis=login["basis"],
            ssl_ports=tuple(int(p) for p in security["ssl_ports"]),
            starttls_port=int(connection["starttls_port"]),
            security_status=security["status"],
            security_basis=security["basis"],
            microsoft_365=ExitPlan(
                hosts=tuple(h.lower() for h in plan["hosts"]),
                facts=tuple((f["date"], f["event"]) for f in plan["facts"]),
                sources=tuple(dict(s) for s in plan["sources"]),
                ways_out=tuple(plan["ways_out"]),
            ),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ProfileError(f"{PROFILE_FILE} is damaged ({exc}); reinstall the tool") from None


@lru_cache(maxsize=1)
def load_profile() -> ErpProfile:
    return _parse(json.loads(read_text(PROFILE_FILE)))


# ------------------------------------------------------------------ the hand-over


def handover(settings: EmailSettings, password_stored: bool | None,
             profile: ErpProfile | None = None,
             logo_size: tuple[int, int] | None = None) -> list[dict[str, Any]]:
    """Each ERP field in the screen's order with the exact value to enter.

    The password's value is always None (it is never written anywhere); `stored` says
    whether the keyring holds one (None: no keyring to ask). Port is the effective port,
    so the ERP gets a number even when the tool follows the security mode. `logo_size`
    (height, width): the whole pixels the logo preview shows (with Keep aspect ratio the
    logo is fitted inside the fields' box); the ERP has no aspect option and sends exactly
    these numbers, so they are what to type. Without it, the fields' values.
    """
    profile = profile or load_profile()
    rows: list[dict[str, Any]] = []
    for item in profile.fields:
        row: dict[str, Any] = {"key": item.key, "label": item.label, "group": item.group}
        if item.key == PASSWORD_KEY:
            row["value"] = None
            row["stored"] = password_stored
        elif item.key == "port":
            row["value"] = settings.effective_port
        elif item.key in ("logo_height", "logo_width") and logo_size is not None:
            row["value"] = int(logo_size[0] if item.key == "logo_height" else logo_size[1])
        else:
            row["value"] = getattr(settings, item.key)
        rows.append(row)
    return rows


def handover_notes(settings: EmailSettings, profile: ErpProfile | None = None) -> list[str]:
    """What the hand-over must say about values the ERP will not use the way the tool did."""
    profile = profile or load_profile()
    notes = []
    sender = profile.login_for(settings)
    if settings.login_name and settings.login_name != sender:
        notes.append(
            f"The Login name '{settings.login_name}' is not on A2000ERP's screen: A2000ERP "
            f"will log in as {sender or 'the Sender Email ID'}. If the server needs "
            f"'{settings.login_name}', A2000ERP cannot send through it (erp_login_differs).")
    if settings.security.value not in ("auto", profile.security_for_port(
            settings.effective_port).value):
        erp_mode = profile.security_for_port(settings.effective_port)
        notes.append(
            f"Security is set to {settings.security.label} in this tool, but A2000ERP is "
            f"assumed to use {erp_mode.label} on port {settings.effective_port}.")
    if settings.smtp_host and is_microsoft_365(settings.smtp_host, profile):
        when = next((date for date, event in profile.microsoft_365.facts
                     if "disabled by default" in event), "the end of December 2026")
        notes.append(
            f"Microsoft 365: password sign-in for SMTP AUTH, the only sign-in A2000ERP's "
            f"screen has, is disabled by default for existing tenants at {when} "
            f"({profile.microsoft_365.sources[0]['title'].split(',')[0]}). Plan the way "
            "out now: Send Test Email's advice (basic_auth_retiring) lists them.")
    return notes


# Which field of A2000ERP's screen a test-send failure is about (the finding's fix says
# how); failures not listed are not fixed on that screen (the recipient, the provider, the
# network or this computer).
_ERP_FIELD_OF_CODE = {
    "host_not_found": ("smtp_host",), "not_smtp_server": ("smtp_host", "port"),
    "connection_refused": ("smtp_host", "port"), "connection_timeout": ("smtp_host", "port"),
    "certificate_hostname_mismatch": ("smtp_host",),
    "wrong_security_mode": ("port",), "starttls_not_offered": ("port",),
    "starttls_required": ("port",), "plaintext_auth_refused": ("port",),
    "erp_security_differs": ("port",),
    "auth_failed": ("sender_email", "password"), "app_password_required": ("password",),
    "basic_auth_disabled": ("password",), "web_login_required": ("password",),
    "auth_required": ("password",), "erp_login_differs": ("sender_email",),
    "sender_address_invalid": ("sender_email",), "sender_not_allowed": ("sender_email",),
    "unauthenticated_sender": ("sender_email",), "sender_blocked": ("sender_email",),
}


def erp_fields_to_change(code: str, profile: ErpProfile | None = None) -> list[str]:
    """The labels of the ERP screen's fields that the finding `code` asks to change."""
    profile = profile or load_profile()
    return [profile.field(key).label for key in _ERP_FIELD_OF_CODE.get(code, ())]


def port_fix(port: int, speaks_tls_first: bool, profile: ErpProfile | None = None) -> str:
    """The fix for a port whose security is not the one tested, as a change on
    A2000ERP's screen first (it has no Security field: it picks the security by the
    port), then the same here with Security left on Auto (Advanced)."""
    profile = profile or load_profile()
    ssl_port = profile.ssl_ports[0] if profile.ssl_ports else 465
    starttls_port = profile.starttls_port
    same_here = "Security on Auto (Advanced) makes this tool do the same."
    if speaks_tls_first and port in profile.ssl_ports:
        return (f"Keep Port {port} in A2000ERP: it uses SSL/TLS on that port by itself. "
                + same_here)
    if speaks_tls_first:
        return (f"In A2000ERP, change Port to {ssl_port} (SSL/TLS) or {starttls_port} "
                f"(STARTTLS), whichever the provider offers: A2000ERP uses SSL/TLS only on "
                f"port {ssl_port}, so it cannot use port {port}. Type the same Port here; "
                + same_here)
    if port in profile.ssl_ports:
        return (f"In A2000ERP, change Port to {starttls_port} (STARTTLS): A2000ERP uses "
                f"SSL/TLS on port {port}, which this server does not speak there. Type the "
                f"same Port here; " + same_here)
    return (f"Keep Port {port} in A2000ERP: it uses STARTTLS on that port by itself. "
            + same_here)


def handover_text(value: Any) -> str:
    """The text to type (or copy) into the ERP field."""
    return "" if value is None else str(value)


# ------------------------------------------------------------------ findings

def sender_findings(settings: EmailSettings) -> list[Finding]:
    """What receivers outside will do with the Sender Email ID (no network needed)."""
    suffix = special_use_suffix(settings.sender_email) if settings.sender_email else ""
    if not suffix:
        return []
    domain = settings.sender_email.rpartition("@")[2]
    return [Finding(
        "sender_domain_reserved", "warning",
        f"The Sender Email ID is at {domain}, a reserved name (.{suffix}) that does not "
        "exist on the internet: customers' mail servers will refuse e-statements from it.",
        "Use an address at your company's public domain (e.g. statements@yourcompany.com). "
        "A .local or .test address is fine only for testing against a lab server.",
    )]


def is_microsoft_365(host: str, profile: ErpProfile | None = None) -> bool:
    profile = profile or load_profile()
    host = host.lower().rstrip(".")
    return host in profile.microsoft_365.hosts or bool(
        re.search(r"(^|\.)(office365\.com|outlook\.com)$", host))


def microsoft_365_exit_plan(host: str, *, severity: str = "warning",
                            profile: ErpProfile | None = None) -> Finding:
    """Dated facts with their source and the ways that keep A2000ERP sending."""
    plan = (profile or load_profile()).microsoft_365
    facts = " ".join(f"{date[:1].upper()}{date[1:]}: {event}" for date, event in plan.facts)
    source = plan.sources[0]["title"] if plan.sources else "Microsoft"
    ways = " ".join(f"({n}) {way}" for n, way in enumerate(plan.ways_out, start=1))
    return Finding(
        "basic_auth_retiring", severity,  # type: ignore[arg-type]
        f"{host} is Microsoft 365, which is retiring password sign-in (Basic "
        f"authentication) for SMTP AUTH, the only sign-in A2000ERP's screen has. {facts} "
        f"(Source: {source}.)",
        f"Plan how A2000ERP keeps sending without a password login: {ways}",
    )


def settings_findings(settings: EmailSettings) -> list[Finding]:
    """Findings about the settings themselves, without a network check (show, report)."""
    findings = sender_findings(settings)
    if settings.smtp_host and is_microsoft_365(settings.smtp_host):
        findings.append(microsoft_365_exit_plan(settings.smtp_host))
    return findings
