"""The password never leaks; provider-specific advice for real provider host names.

Provider host names (smtp.office365.com, smtp.gmail.com) resolve to 127.0.0.1 through a
real DNS server on loopback, and the test server's certificate is made out to that name,
so the whole path (DNS, TLS name check, provider rules) runs for real.
"""

from __future__ import annotations

import base64
import json
import logging

import pytest

from a2k_settings_gui.core.smtp.check import TestMode, run_test_send
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER, LoopbackDns, settings_for

# Fixtures from the shared loopback-server module.
smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers

SECRET_FORMS = [
    DEFAULT_PASSWORD,
    base64.b64encode(DEFAULT_PASSWORD.encode()).decode(),
    base64.b64encode(f"\0{DEFAULT_USER}\0{DEFAULT_PASSWORD}".encode()).decode(),
]


def assert_no_secret(text: str) -> None:
    for secret in SECRET_FORMS:
        assert secret not in text


@pytest.mark.parametrize("exclude", [(), ("PLAIN",)], ids=["PLAIN", "LOGIN"])
@pytest.mark.parametrize("password_ok", [True, False], ids=["accepted", "refused"])
def test_password_and_its_base64_never_appear(smtp_servers, smtp_ca, caplog, exclude,
                                              password_ok):
    caplog.set_level(logging.DEBUG)
    replies = {} if password_ok else {
        # A server that echoes what it got must not leak it either.
        "auth": f"535 5.7.8 Authentication failed for {SECRET_FORMS[2]} {SECRET_FORMS[1]}"}
    server = smtp_servers(tls="ssl", exclude_auth=exclude, replies=replies)
    events: list[object] = []
    result = run_test_send(settings_for(server, "ssl"), DEFAULT_PASSWORD, mode=TestMode.SEND,
                           timeout=5, ca_file=smtp_ca.cafile, progress=events.append)
    assert result.ok is password_ok
    auth_lines = [line for line in result.transcript if "AUTH" in line]
    assert auth_lines and all(line.endswith("***") for line in auth_lines if " C: " in line)
    assert_no_secret("\n".join(result.transcript))
    assert_no_secret(json.dumps(result.to_dict()))
    assert_no_secret(repr(events))
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("a2k_settings_gui")]
    assert_no_secret("\n".join(ours))


def test_microsoft_365_password_login_warns_about_retirement_even_when_it_works(
        smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls", cert_names=("smtp.office365.com",))
    with LoopbackDns({"smtp.office365.com": "127.0.0.1"}) as dns:
        settings = settings_for(server, "starttls", smtp_host="smtp.office365.com",
                                dns_servers=(dns.address,))
        result = run_test_send(settings, DEFAULT_PASSWORD, timeout=5, ca_file=smtp_ca.cafile)
    assert result.ok
    codes = [f.code for f in result.findings]
    assert "basic_auth_retiring" in codes
    warning = next(f for f in result.findings if f.code == "basic_auth_retiring")
    assert warning.severity == "warning"
    assert "relay connector" in warning.fix


def test_gmail_refusal_says_app_password(smtp_servers, smtp_ca):
    server = smtp_servers(tls="ssl", cert_names=("smtp.gmail.com",),
                          replies={"auth": "535 5.7.8 Authentication credentials invalid"})
    with LoopbackDns({"smtp.gmail.com": "127.0.0.1"}) as dns:
        settings = settings_for(server, "ssl", smtp_host="smtp.gmail.com",
                                dns_servers=(dns.address,))
        result = run_test_send(settings, DEFAULT_PASSWORD, timeout=5, ca_file=smtp_ca.cafile)
    assert result.findings[0].code == "app_password_required"
    assert "apppasswords" in result.findings[0].fix


def test_other_hosts_get_no_microsoft_warning(smtp_servers, smtp_ca):
    server = smtp_servers(tls="ssl")
    result = run_test_send(settings_for(server, "ssl"), DEFAULT_PASSWORD, timeout=5,
                           ca_file=smtp_ca.cafile)
    assert "basic_auth_retiring" not in [f.code for f in result.findings]


def test_microsoft_refusal_is_not_doubled_by_the_retirement_warning(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls", cert_names=("smtp.office365.com",), replies={
        "auth": "535 5.7.139 Authentication unsuccessful, basic authentication is disabled."})
    with LoopbackDns({"smtp.office365.com": "127.0.0.1"}) as dns:
        settings = settings_for(server, "starttls", smtp_host="smtp.office365.com",
                                dns_servers=(dns.address,))
        result = run_test_send(settings, DEFAULT_PASSWORD, timeout=5, ca_file=smtp_ca.cafile)
    assert [f.code for f in result.findings] == ["basic_auth_disabled"]


def test_an_international_server_name_is_checked_in_its_idna_2008_form(smtp_servers, smtp_ca):
    # "straße" is "xn--strae-oqa" in IDNA 2008, as mail systems and certificates spell it;
    # Python's own "idna" codec (IDNA 2003) would ask for "strasse", another domain.
    server = smtp_servers(tls="starttls", cert_names=("mail.xn--strae-oqa.test",))
    with LoopbackDns({"mail.xn--strae-oqa.test": "127.0.0.1"}) as dns:
        settings = settings_for(server, "starttls", smtp_host="mail.straße.test",
                                dns_servers=(dns.address,))
        result = run_test_send(settings, DEFAULT_PASSWORD, timeout=5, ca_file=smtp_ca.cafile)
    assert result.ok, result.findings
    assert result.tls is not None and result.tls.hostname_verified
    assert result.tls.names == ["mail.xn--strae-oqa.test"]
