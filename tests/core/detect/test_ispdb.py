"""Thunderbird's ISP database in detection: a domain listed only there, and a domain whose
MX host belongs to an ISPDB provider, found against real loopback servers (DNS, SMTP)."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.detect import ispdb
from a2k_settings_gui.core.detect.autodetect import DetectOptions, detect
from a2k_settings_gui.core.resources import resource_path
from tests.servers.detect_env import (  # noqa: F401 - fixtures
    closed_port,
    detect_tls,
    dns_server,
    implicit_smtp,
    starttls_smtp,
)

pytestmark = pytest.mark.timeout(60)


def test_the_database_ships_with_its_licence_and_provenance() -> None:
    folder = resource_path("ispdb")
    assert len(list(folder.glob("*.xml"))) >= 160
    assert "Mozilla Public License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "c6ad79659b5fc321d1593ec4c277815b83e5dec5" in (folder / "README.md").read_text(
        encoding="utf-8")
    assert len(ispdb.index()) > 900  # domains served


def detect_on_loopback(address: str, zone: str,
                       detect_tls, implicit_smtp, starttls_smtp):  # noqa: F811
    """detect() with the zone on a loopback DNS server, SSL/TLS on 465 and STARTTLS on 587
    answered by loopback servers, 25 and 2525 closed."""
    with dns_server(zone) as dns:
        return detect(address, timeout=8, dns_servers=[dns],
                      options=DetectOptions(
                          autoconfig_urls=(), ca_file=detect_tls.ca_file,
                          connect_timeout=3.0,
                          port_map={25: closed_port(), 2525: closed_port(),
                                    465: implicit_smtp.port, 587: starttls_smtp.port}))


def test_a_domain_listed_only_in_ispdb(detect_tls, implicit_smtp, starttls_smtp):  # noqa: F811
    report = detect_on_loopback("statements@gmx.de", "mail.gmx.net. 60 IN A 127.0.0.1",
                                detect_tls, implicit_smtp, starttls_smtp)
    best = report.best
    assert (best.host, best.port, best.security, best.source) == (
        "mail.gmx.net", 465, "ssl", "ispdb")
    assert best.verified is True
    data = report.to_dict()
    assert data["provider"] == {"id": "ispdb:gmx.net", "name": "GMX Freemail",
                                "detected_by": "ispdb"}
    assert data["ispdb"]["via"] == "domain" and data["ispdb"]["looked_up"] == "gmx.de"
    # The step GMX asks for first is kept, with its link.
    step = next(f for f in report.findings if f.code == "provider_enable_step")
    assert "hilfe.gmx.net" in step.fix


def test_a_domain_whose_mx_host_is_an_ispdb_provider(
        detect_tls, implicit_smtp, starttls_smtp):  # noqa: F811
    zone = """
    kanzlei-beispiel.de. 60 IN MX 10 mx00.emig.gmx.net.
    mail.gmx.net. 60 IN A 127.0.0.1
    """
    report = detect_on_loopback("rechnung@kanzlei-beispiel.de", zone, detect_tls,
                                implicit_smtp, starttls_smtp)
    assert report.best.host == "mail.gmx.net" and report.best.source == "ispdb"
    assert report.to_dict()["ispdb"]["via"] == "MX mx00.emig.gmx.net"
    assert report.to_dict()["ispdb"]["looked_up"] == "gmx.net"


def test_builtin_providers_still_come_first(
        detect_tls, implicit_smtp, starttls_smtp):  # noqa: F811
    """gmail.com is in both tables; detect() answers from the built-in one, which carries
    our advice (app passwords, limits), and never falls back to ISPDB's entry."""
    in_ispdb = ispdb.lookup_domain("gmail.com")
    assert in_ispdb is not None and in_ispdb.id == "googlemail.com"  # ISPDB could answer
    report = detect_on_loopback("statements@gmail.com", "smtp.gmail.com. 60 IN A 127.0.0.1",
                                detect_tls, implicit_smtp, starttls_smtp)
    assert report.provider is not None and report.provider.id == "gmail"
    assert report.provider_source == "builtin"
    assert report.best.source == "builtin" and report.best.verified is True
    assert all(not c.provider_id.startswith("ispdb:") for c in report.candidates
               if c.provider_id)
    data = report.to_dict()
    assert data["provider"]["detected_by"] == "builtin" and data["source"] == "builtin"
    assert data["ispdb"] is None
    assert "app_password_required" in {f.code for f in report.findings}  # our advice


def test_ispdb_files_are_parsed_safely() -> None:
    from defusedxml import DTDForbidden

    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
            b'<clientConfig><emailProvider id="x"><domain>&a;</domain></emailProvider>'
            b'</clientConfig>')
    with pytest.raises(DTDForbidden):
        ispdb.parse_provider(bomb)
    assert ispdb.base_domain("aspmx.l.google.com") == "google.com"
    assert ispdb.base_domain("mx1.mail.example.co.uk") == "example.co.uk"


def test_the_cli_names_the_ispdb_provider(detect_tls, implicit_smtp, capsys):  # noqa: F811
    from a2k_settings_gui.cli.detect import human_lines

    with dns_server("mail.gmx.net. 60 IN A 127.0.0.1") as dns:
        report = detect("statements@gmx.de", timeout=8, dns_servers=[dns],
                        options=DetectOptions(autoconfig_urls=(), ca_file=detect_tls.ca_file,
                                              connect_timeout=3.0,
                                              port_map={25: closed_port(),
                                                        2525: closed_port(),
                                                        465: implicit_smtp.port,
                                                        587: closed_port()}))
    lines = human_lines(report)
    assert ("Provider: GMX Freemail (from Thunderbird's ISP database, by the address's "
            "domain)") in lines
