"""Turn what detection saw into findings an admin can act on.

The key distinction: "this network blocks outgoing mail ports" (names resolve, yet every
connection attempt is swallowed: timeouts and silent sockets) versus "there is no server
there" (the names do not exist, or the machines answer with a refusal). The first is a
firewall to open, the second a server name to ask the provider for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from a2k_settings_gui.core.detect import port_probe
from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.net.proxy import web_only_through_proxy

if TYPE_CHECKING:
    from a2k_settings_gui.core.detect.report import DetectReport

DNS_TROUBLE = ("timeout", "servfail", "error")


def _ports(probes: list[port_probe.ProbeResult]) -> str:
    return ", ".join(sorted({f"{p.host}:{p.port}" for p in probes}))


def _network_findings(report: DetectReport) -> list[Finding]:
    probes = report.probes
    reached = [p for p in probes if p.reached]
    addressed = [p for p in probes if p.outcome not in
                 (port_probe.NO_ADDRESS, port_probe.DNS_FAILED)]
    silent = [p for p in addressed
              if p.outcome in port_probe.SILENCE or p.outcome == port_probe.PENDING]
    out: list[Finding] = []
    if addressed and not reached and len(silent) == len(addressed) and report.proxy:
        out.append(web_only_through_proxy(report.proxy, _ports(silent)))
    elif addressed and not reached and len(silent) == len(addressed):
        out.append(Finding(
            "outbound_smtp_blocked", "error",
            f"The server names exist, but no connection to a mail port was answered "
            f"({_ports(silent)}). This network most likely blocks outgoing e-mail "
            "connections (a firewall, antivirus or the internet provider).",
            "Ask your network administrator to allow outgoing connections to the mail "
            "server on ports 587 and 465, or try from another network to confirm.",
        ))
    elif reached and silent:
        quiet = [p for p in silent if p.outcome != port_probe.PENDING]
        if quiet:
            out.append(Finding(
                "ports_filtered", "info",
                f"Some mail ports did not answer at all ({_ports(quiet)}); they are probably "
                "filtered by a firewall. The settings found use a port that answered.",
                "Nothing to do unless you need one of those ports.",
            ))
    return out


def _nothing_found(report: DetectReport, blocked: bool,
                   dns_servers_set: bool = True) -> list[Finding]:
    if blocked:
        return []
    domain = report.domain
    mx_outcome = report.dns_outcomes.get("mx", "")
    probe_dns = {p.outcome for p in report.probes}
    if mx_outcome == "nxdomain" and probe_dns <= {port_probe.NO_ADDRESS, port_probe.PENDING}:
        return [Finding(
            "domain_not_found", "error",
            f"The domain {domain} does not exist in DNS.",
            "Check the spelling of the address after the @." if dns_servers_set else
            f"Check the spelling of the address after the @. If it is right, {domain} may "
            "be known only to your company's own DNS servers: enter them under Network "
            "settings (DNS servers) and detect again.",
        )]
    if mx_outcome in DNS_TROUBLE or (probe_dns and probe_dns <= {port_probe.DNS_FAILED}):
        return [Finding(
            "dns_timeout", "error",
            f"The DNS servers did not answer for {domain}, so nothing could be looked up.",
            "Check the network connection, or enter your company's DNS servers under "
            "Network settings (or --dns-server).",
        )]
    return [Finding(
        "no_server_found", "error",
        f"No outgoing mail server was found for {domain}: it is not a known provider, "
        "publishes no autoconfig or SRV records, and smtp./mail. names either do not exist "
        "or refuse connections on ports 465, 587, 25 and 2525.",
        "Ask your e-mail provider or IT service provider for the outgoing (SMTP) server "
        "name, port and security, and type them in.",
    )]


def _ispdb_findings(report: DetectReport) -> list[Finding]:
    """Thunderbird's ISPDB names steps some providers need first; keep them."""
    info, best = report.ispdb, report.best
    if not info or best is None or best.provider_id != f"ispdb:{info['id']}":
        return []
    out: list[Finding] = []
    if best.oauth_only:
        out.append(Finding(
            "oauth_only", "warning",
            f"{info['name']} accepts only OAuth sign-in for sending (Thunderbird's ISP "
            "database); A2000ERP sends with a password, which will be refused.",
            "Ask the provider for an app password or another SMTP service that accepts "
            "a password."))
    if info.get("enable_instruction") or info.get("enable_url"):
        out.append(Finding(
            "provider_enable_step", "info",
            f"{info['name']}: " + (info.get("enable_instruction") or
                                   "a setting must be switched on before mail programs "
                                   "may send."),
            "Do this once in the account's web settings"
            + (f": {info['enable_url']}" if info.get("enable_url") else ".")))
    return out


def _provider_findings(report: DetectReport) -> list[Finding]:
    provider = report.server_provider
    if provider is None:
        return _ispdb_findings(report)
    out: list[Finding] = []
    if provider.oauth_only:
        out.append(Finding(
            "oauth_only", "warning",
            f"{provider.name} accepts only OAuth sign-in for sending; a password will be "
            "refused.", provider.login_hint))
    elif provider.login_password == "app_password":
        out.append(Finding("app_password_required", "info",
                           f"{provider.name} needs an app password, not the normal one.",
                           provider.login_hint))
    elif provider.id == "microsoft365":
        from a2k_settings_gui.core.erp_profile import microsoft_365_exit_plan

        host = report.best.host if report.best else "smtp.office365.com"
        out.append(microsoft_365_exit_plan(host))
    elif provider.login_user == "apikey":
        out.append(Finding("login_is_apikey", "info",
                           f"{provider.name}: the login name is literally 'apikey'. "
                           "A2000ERP logs in with the Sender Email ID, so it cannot use "
                           "this login (erp_login_differs).",
                           provider.login_hint))
    elif provider.login_hint:
        out.append(Finding("provider_sign_in", "info", f"{provider.name} sign-in.",
                           provider.login_hint))
    if provider.regions and report.provider_source != "mx":
        out.append(Finding(
            "region_unknown", "warning",
            f"{provider.name} has one server per region; {provider.default_region} was "
            "assumed.",
            f"Use the server of the region where your domain is set up in {provider.name} "
            f"(e.g. email-smtp.eu-west-1.amazonaws.com).",
        ))
    return out


def _server_findings(report: DetectReport) -> list[Finding]:
    best = report.best
    if best is None:
        return []
    out: list[Finding] = []
    if best.security == "none":
        out.append(Finding(
            "no_encryption", "warning",
            f"{best.host}:{best.port} offers no encryption: the password would travel "
            "readable over the network.",
            "Ask your provider for a server with SSL/TLS (465) or STARTTLS (587)."))
    probe = best.probe
    if probe is not None and probe.reached:
        if probe.certificate_ok is False:
            out.append(Finding(
                "certificate_untrusted", "warning",
                f"{best.host} answered, but its certificate is not trusted by this computer.",
                "Use the server name on the certificate, or add your company's CA file "
                "under Network settings (--cafile)."))
        if not probe.auth_mechanisms:
            out.append(Finding(
                "auth_not_offered", "warning",
                f"{best.host}:{best.port} does not offer a login (no AUTH), so it may only "
                "accept mail from allowed IP addresses.",
                "Check with your provider whether this computer's IP address is allowed to "
                "relay, or use the submission port they give you."))
    elif probe is not None and probe.outcome in (port_probe.REFUSED, port_probe.NO_ADDRESS):
        out.append(Finding(
            "server_not_answering", "warning",
            f"{best.host}:{best.port} was suggested ({best.source}) but refused the "
            "connection from this computer.",
            "Check the server name and port with your provider."))
    return out


def _leftover_findings(report: DetectReport, options: Any) -> list[Finding]:
    out: list[Finding] = []
    late = [n.split(" ", 1)[0] for n in report.unfinished if not n.startswith("probe ")]
    if late:
        out.append(Finding(
            "detection_incomplete", "info",
            f"Some lookups did not answer in time ({', '.join(sorted(set(late)))}).",
            "Run detection again with a longer timeout if the result looks wrong."))
    for result in report.autoconfig:
        if result.outcome == "invalid":
            out.append(Finding(
                "autoconfig_invalid", "info",
                f"The autoconfig file at {result.url} was ignored: {result.detail}.",
                "Nothing to do here; tell whoever runs that web site if you know them."))
    return out


def build_findings(report: DetectReport, options: Any,
                   dns_servers_set: bool = True) -> list[Finding]:
    """`dns_servers_set`: whether the admin named DNS servers (without, a name unknown to
    this computer's DNS may still be the company's internal one)."""
    network = _network_findings(report)
    blocked = any(f.code in ("outbound_smtp_blocked", "web_only_through_proxy")
                  for f in network)
    findings = network
    if report.best is None:
        findings += _nothing_found(report, blocked, dns_servers_set)
    findings += _provider_findings(report)
    findings += _server_findings(report)
    findings += _leftover_findings(report, options)
    return findings
