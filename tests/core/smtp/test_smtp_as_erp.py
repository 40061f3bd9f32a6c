"""Test-send tests as A2000ERP: real loopback servers, the profile's rules.

A loopback server cannot listen on 465/587, so the profile is pointed at the test ports
with `ErpProfile.with_ports` (the rule itself, "SSL/TLS on the SSL port, else STARTTLS",
is what is tested).
"""

from __future__ import annotations

from a2k_settings_gui.core.erp_profile import load_profile
from a2k_settings_gui.core.settings import Security
from a2k_settings_gui.core.smtp.check import TestMode, run_test_send
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER, closed_port, settings_for

smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers


def codes(result):
    return [f.code for f in result.findings]


def test_login_other_than_sender_passes_with_erp_login_differs(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls", users={"apikey": "SG.secret-key"})
    settings = settings_for(server, login_name="apikey")
    result = run_test_send(settings, "SG.secret-key", mode=TestMode.SEND, timeout=5,
                           ca_file=smtp_ca.cafile, recipient="boss@example.net")
    assert result.ok, result.findings
    assert server.logins == [("PLAIN", "apikey")]
    finding = next(f for f in result.findings if f.code == "erp_login_differs")
    assert finding.severity == "warning"
    assert "A2000ERP can only log in with the Sender Email ID" in finding.message
    assert "Ways out" in finding.fix


def test_login_same_as_sender_has_no_erp_finding(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls")
    result = run_test_send(settings_for(server, security="auto"), DEFAULT_PASSWORD,
                           mode=TestMode.SEND, timeout=5, ca_file=smtp_ca.cafile,
                           recipient="boss@example.net")
    assert result.ok
    assert codes(result) == ["test_email_sent"]
    assert result.security_detected is Security.STARTTLS


def test_auto_tries_the_erp_mode_first_and_flags_a_pass_in_another_mode(smtp_servers, smtp_ca):
    # Implicit TLS on a port where the ERP would use STARTTLS: the ERP will fail there.
    server = smtp_servers(tls="ssl")
    result = run_test_send(settings_for(server, security="auto"), DEFAULT_PASSWORD,
                           mode=TestMode.CONNECT, timeout=5, ca_file=smtp_ca.cafile)
    assert [a["security"] for a in result.attempts] == ["starttls", "ssl"]
    assert result.stage == "done"
    assert "erp_security_differs" in codes(result)


def test_ssl_port_of_the_profile_is_tried_with_ssl_first(smtp_servers, smtp_ca):
    server = smtp_servers(tls="ssl")
    # The STARTTLS port of this profile is closed: only SSL/TLS works -> the warning.
    profile = load_profile().with_ports(ssl_ports=(server.port,), starttls_port=closed_port())
    result = run_test_send(settings_for(server, security="auto"), DEFAULT_PASSWORD,
                           mode=TestMode.CONNECT, timeout=5, ca_file=smtp_ca.cafile,
                           profile=profile)
    assert [a["security"] for a in result.attempts] == ["ssl"]
    assert result.ok
    assert "erp_ssl_unconfirmed" in codes(result)
    assert "erp_security_differs" not in codes(result)


def test_no_ssl_warning_when_starttls_port_also_works(smtp_servers, smtp_ca):
    ssl_server = smtp_servers(tls="ssl")
    starttls_server = smtp_servers(tls="starttls")
    profile = load_profile().with_ports(ssl_ports=(ssl_server.port,),
                                        starttls_port=starttls_server.port)
    result = run_test_send(settings_for(ssl_server, security="ssl"), DEFAULT_PASSWORD,
                           mode=TestMode.CONNECT, timeout=5, ca_file=smtp_ca.cafile,
                           profile=profile)
    assert result.ok
    assert "erp_ssl_unconfirmed" not in codes(result)


def test_reserved_sender_domain_is_tested_and_warned(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls", users={"ar@corp.local": DEFAULT_PASSWORD})
    settings = settings_for(server, sender_email="ar@corp.local")
    result = run_test_send(settings, DEFAULT_PASSWORD, mode=TestMode.SEND, timeout=5,
                           ca_file=smtp_ca.cafile, recipient="boss@example.net")
    assert result.ok
    warning = next(f for f in result.findings if f.code == "sender_domain_reserved")
    assert warning.severity == "warning" and "corp.local" in warning.message


def test_default_recipient_is_the_test_recipient_setting(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls")
    settings = settings_for(server, test_recipient="me.personal@gmail.example")
    result = run_test_send(settings, DEFAULT_PASSWORD, mode=TestMode.SEND, timeout=5,
                           ca_file=smtp_ca.cafile)
    assert result.ok
    assert server.messages[0].rcpt_tos == ["me.personal@gmail.example"]
    assert "test_recipient_internal" not in codes(result)


def test_sending_to_the_own_domain_says_it_skips_outside_checks(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls")
    result = run_test_send(settings_for(server), DEFAULT_PASSWORD, mode=TestMode.SEND,
                           timeout=5, ca_file=smtp_ca.cafile)
    assert result.ok
    assert server.messages[0].rcpt_tos == [DEFAULT_USER]
    assert "test_recipient_internal" in codes(result)


def test_not_as_erp_keeps_the_plain_auto_behaviour(smtp_servers, smtp_ca):
    server = smtp_servers(tls="ssl", users={"apikey": "k"})
    result = run_test_send(settings_for(server, security="auto", login_name="apikey"), "k",
                           mode=TestMode.CONNECT, timeout=5, ca_file=smtp_ca.cafile,
                           as_erp=False)
    assert result.ok
    assert not {"erp_login_differs", "erp_security_differs"} & set(codes(result))
