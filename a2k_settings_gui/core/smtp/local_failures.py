"""What happens before a server can answer (DNS, TCP, TLS, silence, hang-ups): the local
failures of a test-send, each with its words and fix. Messages and fixes may use {host},
{port}, {detail}, {stage}, {timeout} and the other values the session knows.
"""

from __future__ import annotations

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.smtp.reply_rule import D, Diagnosis

LOCAL_FAILURES: dict[str, Diagnosis] = {
    "host_not_found": D("host_not_found", "error",
        "The mail server name {host} could not be found in DNS.",
        "Check the spelling of the Outgoing Mail Server (SMTP), e.g. smtp.office365.com."),
    "host_no_address": D("host_not_found", "error",
        "The name {host} exists but has no address for a server.",
        "Check the Outgoing Mail Server (SMTP): it is probably the wrong name."),
    "dns_timeout": D("dns_timeout", "error",
        "The DNS server did not answer when looking up {host}.",
        "Check this computer's network connection and DNS servers (or the DNS servers "
        "set in this tool's network options)."),
    "connection_refused": D("connection_refused", "error",
        "{host} refused the connection on port {port}: no mail service is listening there.",
        "Check the Port: 587 for STARTTLS, 465 for SSL/TLS. If those are right, a firewall "
        "may be blocking it."),
    "connection_timeout": D("connection_timeout", "error",
        "{host} did not answer on port {port} within {timeout} seconds.",
        "Check the Port and ask IT whether a firewall or the internet provider blocks "
        "outgoing port {port} (port 25 is often blocked; use 587 or 465)."),
    "network_unreachable": D("connection_timeout", "error",
        "This computer cannot reach {host} ({detail}).",
        "Check the network connection, VPN and proxy settings."),
    "tls_handshake_failed": D("tls_handshake_failed", "error",
        "The encrypted connection with {host} could not be set up ({detail}). Most often "
        "the server offers only an old TLS version (1.0/1.1) that this computer no longer "
        "accepts, or a security product in between breaks the connection.",
        "Ask the mail provider whether the server supports TLS 1.2 or newer (required by "
        "Microsoft 365 and Gmail too). If your company uses a security proxy, add its CA "
        "certificate under Extra CA certificates."),
    "tls_on_plain_port": D("wrong_security_mode", "error",
        "Port {port} on {host} expects a plain start with STARTTLS, but the setting is "
        "SSL/TLS (encrypted from the first byte).",
        "{erp_fix}"),
    "plain_on_tls_port": D("wrong_security_mode", "error",
        "Port {port} on {host} expects SSL/TLS from the first byte, but the test used "
        "{security}.",
        "{erp_fix}"),
    "certificate_untrusted": D("certificate_untrusted", "error",
        "The certificate of {host} is not from an authority this computer trusts "
        "({detail}). The connection could be intercepted, so the test stopped.",
        "If your company inspects traffic, add its CA certificate under Extra CA "
        "certificates; otherwise ask the mail provider, and never turn checking off."),
    "certificate_expired": D("certificate_expired", "error",
        "The certificate of {host} has expired ({detail}).",
        "Tell the mail server's admin to renew the certificate; check this computer's "
        "date and time too."),
    "certificate_hostname_mismatch": D("certificate_hostname_mismatch", "error",
        "The server's certificate is made out to {cert_names}, not to {host}. The "
        "connection could be intercepted, so the test stopped.",
        "Enter the Outgoing Mail Server exactly as your provider gives it (one of the "
        "names on its certificate: {cert_names}), not an IP address or an alias."),
    "starttls_not_offered": D("starttls_not_offered", "error",
        "{host} does not offer STARTTLS on port {port}, so the login would travel "
        "unencrypted. The test stopped before sending the password.",
        "Use SSL/TLS on port 465 if the server has it; otherwise ask the provider for "
        "the secure port."),
    "auth_not_offered": D("auth_not_offered", "error",
        "{host} did not offer a password login on this connection{offered}.",
        "{auth_fix}"),
    "plaintext_auth_refused": D("plaintext_auth_refused", "error",
        "Security is None, so the password would cross the network unencrypted. The test "
        "did not send it.",
        "Choose STARTTLS or SSL/TLS. Only on a trusted office network with a server that "
        "has no encryption, confirm sending the password unencrypted."),
    "server_closed_connection": D("server_closed_connection", "error",
        "{host} closed the connection during '{stage}' without an explanation.",
        "Test again in a few minutes. If it keeps happening at the same step, the server "
        "or a firewall/antivirus on this computer is cutting the connection."),
    "server_timeout": D("server_timeout", "error",
        "{host} stopped answering during '{stage}' (nothing for {timeout} seconds).",
        "Test again later; if it persists, a firewall or antivirus that scans mail may be "
        "holding the connection, or the server is overloaded."),
    "not_smtp_server": D("not_smtp_server", "error",
        "The service on {host} port {port} is not a mail server ({detail}).",
        "Check the Port (587 or 465) and the Outgoing Mail Server name."),
    "time_budget_used": D("server_timeout", "error",
        "{host} answered too slowly: the whole test may take {timeout} seconds, and they "
        "were used up during '{stage}'.",
        "Test again later. If every step is this slow, the server or a mail-scanning "
        "firewall/antivirus is holding the connection; A2000ERP will wait on it too. "
        "Give the test more time only to see how far it gets (--timeout)."),
    "reply_too_long": D("reply_too_long", "error",
        "The service on {host} port {port} sent {detail}, far longer than any mail "
        "server's reply, so the test stopped reading it.",
        "Check the Port (587 or 465) and the Outgoing Mail Server name; if they are right, "
        "tell the mail provider that the server answers with endless text."),
    "smtputf8_not_offered": D("smtputf8_not_offered", "error",
        "{host} does not offer SMTPUTF8, which an address with letters beyond ASCII before "
        "the @ needs ({sender} to {recipient}). Without it the address would arrive "
        "mangled, so nothing was sent.",
        "Use an address with only plain ASCII letters before the @, or a mail server that "
        "supports SMTPUTF8 (RFC 6531)."),
    "ca_file_unreadable": D("ca_file_unreadable", "error",
        "The Extra CA certificates file could not be used ({detail}).",
        "Choose a PEM file with the CA certificates, or clear the field."),
    "cancelled": D("cancelled", "info",
        "The test was cancelled before it finished.", "Start it again when ready."),
}


def diagnose_local(kind: str, **values: str) -> Finding:
    if kind in ("plain_on_tls_port", "tls_on_plain_port") and values.get("port"):
        # The fix in A2000ERP's terms: a Port on its screen first (it has no Security).
        from a2k_settings_gui.core.erp_profile import port_fix

        values.setdefault("erp_fix", port_fix(int(values["port"]),
                                              kind == "plain_on_tls_port"))
    return LOCAL_FAILURES[kind].finding(**values)
