"""Server detection against real loopback servers: DNS (dnslib), SMTP (aiosmtpd with
trustme certificates) and autoconfig over HTTPS. No network layer is mocked; only the
addresses are pointed at 127.0.0.1 (names via the loopback DNS, ports via port_map)."""

from __future__ import annotations

import json

import pytest

from a2k_settings_gui.core.detect.autodetect import DetectOptions, detect
from tests.servers.detect_env import (  # noqa: F401 - fixtures
    AUTOCONFIG_XML,
    closed_port,
    detect_tls,
    dns_server,
    https_files,
    implicit_smtp,
    starttls_smtp,
)

pytestmark = pytest.mark.timeout(60)


def options(detect_tls, **overrides) -> DetectOptions:  # noqa: F811
    values = dict(autoconfig_urls=(), ca_file=detect_tls.ca_file, connect_timeout=3.0,
                  port_map={25: closed_port(), 2525: closed_port(), 465: closed_port(),
                            587: closed_port()})
    values.update(overrides)
    return DetectOptions(**values)


def codes(report) -> set[str]:
    return {f.code for f in report.findings}


def test_mx_of_the_domain_identifies_microsoft_365(detect_tls, starttls_smtp):  # noqa: F811
    zone = """
    acme-widgets.com. 60 IN MX 10 acme-widgets-com.mail.protection.outlook.com.
    smtp.office365.com. 60 IN A 127.0.0.1
    """
    with dns_server(zone) as dns:
        report = detect("statements@acme-widgets.com", timeout=8, dns_servers=[dns],
                        options=options(detect_tls, port_map={587: starttls_smtp.port}))
    assert report.provider is not None and report.provider.id == "microsoft365"
    best = report.best
    assert (best.host, best.port, best.security, best.source) == (
        "smtp.office365.com", 587, "starttls", "mx")
    assert best.verified is True
    assert best.probe.auth_mechanisms  # AUTH is offered after STARTTLS
    assert report.mx_hosts == ["acme-widgets-com.mail.protection.outlook.com"]
    assert "basic_auth_retiring" in codes(report)


def test_srv_record_gives_the_server_and_dot_target_means_not_offered(
        detect_tls, starttls_smtp):  # noqa: F811
    zone = """
    northwind-traders.com. 60 IN A 127.0.0.1
    _submissions._tcp.northwind-traders.com. 60 IN SRV 0 0 0 .
    _submission._tcp.northwind-traders.com. 60 IN SRV 0 1 587 mx1.northwind-traders.com.
    mx1.northwind-traders.com. 60 IN A 127.0.0.1
    """
    with dns_server(zone) as dns:
        report = detect("billing@northwind-traders.com", timeout=8, dns_servers=[dns],
                        options=options(detect_tls, port_map={587: starttls_smtp.port}))
    best = report.best
    assert (best.host, best.port, best.security, best.source) == (
        "mx1.northwind-traders.com", 587, "starttls", "srv")
    assert best.verified is True
    assert not [c for c in report.candidates if c.security == "ssl" and c.source == "srv"]
    assert report.provider is None


def test_autoconfig_file_from_https_server(detect_tls, implicit_smtp):  # noqa: F811
    xml = AUTOCONFIG_XML.format(domain="contoso-mail.com", host="mail.%EMAILDOMAIN%",
                                port=465, socket_type="SSL", username="%EMAILLOCALPART%")
    zone = "mail.contoso-mail.com. 60 IN A 127.0.0.1"
    files = {"/mail/config-v1.1.xml": xml.encode()}
    with dns_server(zone) as dns, https_files(detect_tls, files) as base:
        report = detect(
            "accounts@contoso-mail.com", timeout=8, dns_servers=[dns],
            options=options(detect_tls, port_map={465: implicit_smtp.port},
                            autoconfig_urls=(base + "/mail/config-v1.1.xml?emailaddress={email}",
                                             base + "/.well-known/autoconfig/missing.xml")))
    best = report.best
    assert (best.host, best.port, best.security, best.source) == (
        "mail.contoso-mail.com", 465, "ssl", "autoconfig")
    assert best.login_name == "accounts"  # %EMAILLOCALPART% filled in
    assert best.verified is True and best.probe.certificate_ok is True
    outcomes = sorted(a.outcome for a in report.autoconfig)
    assert outcomes == ["not_found", "ok"]


def test_well_known_autoconfig_with_a_dtd_is_refused(detect_tls):  # noqa: F811
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><clientConfig/>'
    with dns_server("x.contoso-mail.com. 60 IN A 127.0.0.1") as dns, \
            https_files(detect_tls, {"/.well-known/autoconfig/mail/config-v1.1.xml": evil}) as base:
        report = detect(
            "a@contoso-mail.com", timeout=5, dns_servers=[dns],
            options=options(detect_tls, autoconfig_urls=(
                base + "/.well-known/autoconfig/mail/config-v1.1.xml",)))
    assert report.autoconfig[0].outcome == "invalid"
    assert "DTD" in report.autoconfig[0].detail
    assert "autoconfig_invalid" in codes(report)
    assert report.best is None


def test_builtin_gmail_with_probe_of_the_provider_server(
        detect_tls, starttls_smtp, implicit_smtp):  # noqa: F811
    with dns_server("smtp.gmail.com. 60 IN A 127.0.0.1") as dns:
        report = detect("acme.statements@gmail.com", timeout=8, dns_servers=[dns],
                        options=options(detect_tls, port_map={465: implicit_smtp.port,
                                                              587: starttls_smtp.port}))
    assert report.provider.id == "gmail" and report.provider_source == "builtin"
    assert [(c.port, c.security) for c in report.candidates] == [(465, "ssl"), (587, "starttls")]
    assert report.best.verified is True
    # 587 may still be unanswered when 465 has settled the answer: then it is "not needed".
    assert report.candidates[1].verified in (True, None)
    assert "app_password_required" in codes(report)


def test_report_json_matches_the_cli_contract(detect_tls, starttls_smtp):  # noqa: F811
    with dns_server("smtp.gmail.com. 60 IN A 127.0.0.1") as dns:
        report = detect("x@googlemail.com", timeout=5, dns_servers=[dns],
                        options=options(detect_tls, port_map={587: starttls_smtp.port}))
    data = json.loads(json.dumps(report.to_dict()))
    assert {"email", "provider", "server", "source", "candidates", "findings"} <= set(data)
    assert data["server"] == {"host": "smtp.gmail.com", "port": 587, "security": "starttls"}
    assert data["source"] == "builtin"
    for finding in data["findings"]:
        assert set(finding) == {"code", "severity", "message", "fix"}


def test_domain_that_does_not_exist(detect_tls):  # noqa: F811
    with dns_server("other.com. 60 IN A 127.0.0.1") as dns:
        report = detect("a@no-such-domain-here.com", timeout=5, dns_servers=[dns],
                        options=options(detect_tls))
    assert report.best is None
    assert "domain_not_found" in codes(report)


def test_invalid_address_is_a_value_error():
    with pytest.raises(ValueError, match="Sender Email ID"):
        detect("not-an-address", timeout=1)


def test_spf_include_names_the_sending_service_and_its_login(detect_tls, starttls_smtp):  # noqa: F811
    spf = "v=spf1 include:spf.protection.outlook.com include:sendgrid.net -all"
    zone = f"""
    acme-widgets.com. 60 IN TXT "{spf}"
    smtp.sendgrid.net. 60 IN A 127.0.0.1
    """
    with dns_server(zone) as dns:
        report = detect("statements@acme-widgets.com", timeout=8, dns_servers=[dns],
                        options=options(detect_tls, port_map={587: starttls_smtp.port}))
    sendgrid = next(c for c in report.candidates if c.host == "smtp.sendgrid.net")
    assert sendgrid.source == "spf" and sendgrid.login_name == "apikey"
    assert sendgrid.verified is True
    assert report.best.host == "smtp.sendgrid.net"  # the only one that answered
    assert report.provider.id == "sendgrid"
    assert "login_is_apikey" in codes(report)


def test_amazon_ses_region_from_the_mx(detect_tls):  # noqa: F811
    zone = "acme-widgets.com. 60 IN MX 10 inbound-smtp.eu-west-1.amazonaws.com."
    with dns_server(zone) as dns:
        report = detect("statements@acme-widgets.com", timeout=5, dns_servers=[dns],
                        options=options(detect_tls))
    assert report.provider.id == "amazon_ses"
    assert report.best.host == "email-smtp.eu-west-1.amazonaws.com"
    assert "region_unknown" not in codes(report)


def test_domain_server_from_srv_beats_the_mx_provider_and_its_advice(
        detect_tls, starttls_smtp):  # noqa: F811
    zone = f"""
    acme-widgets.com. 60 IN MX 10 acme-widgets-com.mail.protection.outlook.com.
    _submission._tcp.acme-widgets.com. 60 IN SRV 0 1 {starttls_smtp.port} mail.acme-widgets.com.
    mail.acme-widgets.com. 60 IN A 127.0.0.1
    """
    with dns_server(zone) as dns:
        report = detect("ar@acme-widgets.com", timeout=8, dns_servers=[dns],
                        options=options(detect_tls))
    assert report.best.host == "mail.acme-widgets.com" and report.best.source == "srv"
    assert report.provider.id == "microsoft365"  # where the mailboxes are
    assert report.server_provider is None  # but not whose server is used
    assert "basic_auth_retiring" not in codes(report)
