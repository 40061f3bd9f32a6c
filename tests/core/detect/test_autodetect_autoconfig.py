"""Parsing autoconfig XML safely (the fetch itself is tested over HTTPS in test_autodetect)."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.detect.autoconfig import MAX_BYTES, AutoconfigError, parse_autoconfig
from tests.servers.detect_env import AUTOCONFIG_XML


def test_parses_outgoing_server_and_fills_placeholders():
    xml = AUTOCONFIG_XML.format(domain="contoso-mail.com", host="smtp.%EMAILDOMAIN%", port=587,
                                socket_type="STARTTLS", username="%EMAILADDRESS%")
    provider_id, servers = parse_autoconfig(xml.encode(), "ap@contoso-mail.com")
    assert provider_id == "contoso-mail.com"
    assert [(s.host, s.port, s.security, s.username) for s in servers] == [
        ("smtp.contoso-mail.com", 587, "starttls", "ap@contoso-mail.com")]


def test_oauth_only_server_is_marked():
    xml = AUTOCONFIG_XML.format(domain="d.com", host="smtp.d.com", port=587,
                                socket_type="STARTTLS", username="%EMAILADDRESS%")
    xml = xml.replace("<authentication>password-cleartext</authentication>\n    </outgoing",
                      "<authentication>OAuth2</authentication>\n    </outgoing")
    _, servers = parse_autoconfig(xml.encode(), "a@d.com")
    assert servers[0].oauth_only


@pytest.mark.parametrize("data, words", [
    (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><clientConfig>&lol;'
     b"</clientConfig>", "DTD"),
    (b'<!ENTITY x SYSTEM "file:///etc/passwd">', "DTD"),
    (b"<clientConfig><emailProvider id='x'>", "well-formed"),
    (b"<html><body>Not here</body></html>", "<html>"),
    (b"<clientConfig><emailProvider id='x'></emailProvider></clientConfig>", "outgoingServer"),
    (b"<clientConfig/>", "emailProvider"),
    (b" " * (MAX_BYTES + 1), "larger"),
])
def test_hostile_or_useless_files_are_refused(data, words):
    with pytest.raises(AutoconfigError, match=words):
        parse_autoconfig(data, "a@d.com")


def test_bad_port_or_socket_type_entries_are_skipped():
    xml = AUTOCONFIG_XML.format(domain="d.com", host="smtp.d.com", port=99999,
                                socket_type="SSL", username="x")
    with pytest.raises(AutoconfigError, match="usable"):
        parse_autoconfig(xml.encode(), "a@d.com")
