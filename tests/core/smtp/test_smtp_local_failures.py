"""Failures before or around the server's replies: DNS, TCP, TLS, silence, hang-ups, cancel."""

from __future__ import annotations

import threading
import time

import pytest

from a2k_settings_gui.core.cancel import CancelToken
from a2k_settings_gui.core.smtp.check import TestMode, run_test_send
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import (
    CLOSE,
    DEFAULT_PASSWORD,
    BlackholeServer,
    Certificates,
    DeafDns,
    LoopbackDns,
    SilentServer,
    TextServer,
    closed_port,
    settings_for,
)

# Fixtures from the shared loopback-server module.
silent_server = smtp_fixtures.silent_server
smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers


def codes(result):
    return [f.code for f in result.findings]


def send_trusting_the_test_ca(server, security: str, smtp_ca, timeout: float = 3):
    """A test-send to a loopback server, with the test CA as the Extra CA file."""
    return run_test_send(settings_for(server, security), DEFAULT_PASSWORD, timeout=timeout,
                         ca_file=smtp_ca.cafile)


def assert_stopped(result, code: str, stage: str, fix_names: str) -> None:
    """The test stopped at `stage` with this one finding, whose fix names `fix_names`."""
    assert codes(result) == [code]
    assert result.stage == stage
    assert fix_names in result.findings[0].fix


def test_unknown_host(smtp_ca):
    with LoopbackDns({"smtp.example.com": "127.0.0.1"}) as dns:
        settings = settings_for(SilentServer(), smtp_host="smtp.exampel.com",
                                dns_servers=(dns.address,))
        result = run_test_send(settings, DEFAULT_PASSWORD, timeout=3)
    assert codes(result) == ["host_not_found"]
    assert result.stage == "resolve"
    assert "smtp.exampel.com" in result.findings[0].message
    assert result.steps[0].status == "failed"


def test_dns_that_never_answers_times_out_in_time():
    with DeafDns() as dns:
        settings = settings_for(SilentServer(), smtp_host="smtp.example.com",
                                dns_servers=(dns.address,))
        started = time.monotonic()
        result = run_test_send(settings, DEFAULT_PASSWORD, timeout=1.0)
        elapsed = time.monotonic() - started
    assert codes(result) == ["dns_timeout"]
    assert elapsed < 1.1 + 0.2


def test_connection_refused():
    settings = settings_for(SilentServer(), "starttls", smtp_host="127.0.0.1", port=closed_port())
    result = run_test_send(settings, DEFAULT_PASSWORD, timeout=3)
    assert codes(result) == ["connection_refused"]
    assert result.stage == "connect"
    assert result.reply is None


def test_connection_timeout_when_packets_are_dropped():
    with BlackholeServer() as server:
        settings = settings_for(server, "starttls", smtp_host="127.0.0.1")
        started = time.monotonic()
        result = run_test_send(settings, DEFAULT_PASSWORD, timeout=1.0)
        elapsed = time.monotonic() - started
    assert codes(result) == ["connection_timeout"]
    assert elapsed < 1.1


@pytest.mark.parametrize("security", ["starttls", "none", "ssl"])
def test_silent_server_is_a_server_timeout_within_timeout_plus_ten_percent(
        silent_server, security):
    settings = settings_for(silent_server, security, smtp_host="127.0.0.1")
    started = time.monotonic()
    result = run_test_send(settings, DEFAULT_PASSWORD, timeout=1.0)
    elapsed = time.monotonic() - started
    assert codes(result) == ["server_timeout"]
    assert result.stage == ("tls" if security == "ssl" else "greeting")
    assert elapsed <= 1.0 * 1.1


def test_tls_to_a_starttls_port_is_wrong_security_mode(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls")
    result = send_trusting_the_test_ca(server, "ssl", smtp_ca)
    assert_stopped(result, "wrong_security_mode", "tls", "STARTTLS")


@pytest.mark.parametrize("security", ["starttls", "none"])
def test_plaintext_to_an_implicit_tls_port_is_wrong_security_mode(smtp_servers, smtp_ca,
                                                                  security):
    server = smtp_servers(tls="ssl")
    started = time.monotonic()
    result = send_trusting_the_test_ca(server, security, smtp_ca, timeout=1.5)
    assert time.monotonic() - started <= 1.5 * 1.1
    assert_stopped(result, "wrong_security_mode", "greeting", "SSL/TLS")


def test_untrusted_certificate(smtp_servers, smtp_ca, tmp_path):
    stranger = Certificates(tmp_path)  # a CA the client was not told to trust
    server = smtp_servers(tls="ssl", certificates=stranger)
    result = send_trusting_the_test_ca(server, "ssl", smtp_ca)
    assert_stopped(result, "certificate_untrusted", "tls", "Extra CA")


@pytest.mark.parametrize("tls", ["ssl", "starttls"])
def test_certificate_for_another_host_name(smtp_servers, smtp_ca, tls):
    server = smtp_servers(tls=tls, cert_names=("mail.other-company.test",))
    result = send_trusting_the_test_ca(server, tls, smtp_ca)
    assert codes(result) == ["certificate_hostname_mismatch"]
    assert result.stage == {"ssl": "tls"}.get(tls, tls)
    message = result.findings[0].message
    assert "made out to mail.other-company.test, not to localhost" in message
    assert "mail.other-company.test" in result.findings[0].fix
    assert server.logins == []


def test_server_with_only_old_tls_is_a_handshake_failure(smtp_servers, smtp_ca):
    import ssl
    import warnings

    context = smtp_ca.server_context("localhost", "127.0.0.1")
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    with warnings.catch_warnings():  # an outdated server is exactly what this test needs
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        context.maximum_version = ssl.TLSVersion.TLSv1_1
    server = smtp_servers(tls="ssl", server_context=context)
    result = send_trusting_the_test_ca(server, "ssl", smtp_ca)
    assert codes(result) == ["tls_handshake_failed"]
    assert "TLS 1.2" in result.findings[0].fix
    assert "tls failed:" in result.transcript[-1]


def test_starttls_not_offered(smtp_servers):
    server = smtp_servers(tls="plain")
    result = run_test_send(settings_for(server, "starttls"), DEFAULT_PASSWORD, timeout=3)
    assert codes(result) == ["starttls_not_offered"]
    assert server.logins == []  # the password never left


def test_auth_hidden_on_an_unencrypted_connection(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls")  # offers AUTH only after STARTTLS
    result = run_test_send(settings_for(server, "none"), DEFAULT_PASSWORD, timeout=3,
                           allow_plaintext_auth=True)
    assert codes(result) == ["auth_not_offered", "encryption_available"]
    assert "STARTTLS" in result.findings[0].fix


def test_auth_not_offered_at_all(smtp_servers, smtp_ca):
    server = smtp_servers(tls="ssl", hide=("AUTH",))
    result = send_trusting_the_test_ca(server, "ssl", smtp_ca)
    assert codes(result) == ["auth_not_offered"]
    assert result.stage == "auth"


def test_password_is_not_sent_in_clear_without_confirmation(smtp_servers):
    server = smtp_servers(tls="plain")
    result = run_test_send(settings_for(server, "none"), DEFAULT_PASSWORD, timeout=3)
    assert codes(result) == ["plaintext_auth_refused"]
    assert server.logins == []
    assert not any("AUTH" in line for line in result.transcript if " C: " in line)


def test_server_hangs_up_mid_session(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls", replies={"mail_from": CLOSE})
    result = run_test_send(settings_for(server), DEFAULT_PASSWORD, timeout=3,
                           ca_file=smtp_ca.cafile)
    assert codes(result) == ["server_closed_connection"]
    assert result.stage == "mail_from"


def test_server_hangs_up_mid_data(smtp_servers, smtp_ca):
    server = smtp_servers(tls="starttls", replies={"data_command": CLOSE})
    result = run_test_send(settings_for(server), DEFAULT_PASSWORD, mode=TestMode.SEND,
                           timeout=3, ca_file=smtp_ca.cafile)
    assert codes(result) == ["server_closed_connection"]
    assert result.stage == "data"
    assert server.messages == []


def test_not_an_smtp_server():
    with TextServer(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n") as server:
        result = run_test_send(settings_for(server, "starttls", smtp_host="127.0.0.1"),
                               DEFAULT_PASSWORD, timeout=3)
    assert codes(result) == ["not_smtp_server"]
    assert "HTTP/1.1 400" in result.findings[0].message


def test_unreadable_ca_file(smtp_servers, tmp_path):
    server = smtp_servers(tls="ssl")
    result = run_test_send(settings_for(server, "ssl"), DEFAULT_PASSWORD, timeout=3,
                           ca_file=str(tmp_path / "missing.pem"))
    assert codes(result) == ["ca_file_unreadable"]


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_cancel_lands_within_half_a_second(silent_server, security):
    token = CancelToken()
    settings = settings_for(silent_server, security, smtp_host="127.0.0.1")
    outcome = {}

    def run():
        outcome["result"] = run_test_send(settings, DEFAULT_PASSWORD, timeout=30, cancel=token)
        outcome["ended"] = time.monotonic()

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.3)  # the worker is now blocked waiting for the greeting / handshake
    cancelled_at = time.monotonic()
    token.cancel()
    worker.join(5)
    assert not worker.is_alive()
    assert outcome["ended"] - cancelled_at < 0.5
    assert codes(outcome["result"]) == ["cancelled"]


def test_cancel_during_connect():
    token = CancelToken()
    with BlackholeServer() as server:
        settings = settings_for(server, "starttls", smtp_host="127.0.0.1")
        threading.Timer(0.3, token.cancel).start()
        started = time.monotonic()
        result = run_test_send(settings, DEFAULT_PASSWORD, timeout=30, cancel=token)
    assert time.monotonic() - started < 0.3 + 0.5
    assert codes(result) == ["cancelled"]


@pytest.mark.parametrize("security", ["starttls", "ssl"])  # blocked in a read / handshake
def test_cancel_lands_even_where_shutdown_does_not_wake_recv(silent_server, monkeypatch,
                                                             security):
    # Some platforms do not wake a blocked call on shutdown(); the polling slices must.
    from a2k_settings_gui.core.smtp.session import SmtpSession

    monkeypatch.setattr(SmtpSession, "_abort", lambda self: None)
    token = CancelToken()
    settings = settings_for(silent_server, security, smtp_host="127.0.0.1")
    threading.Timer(0.3, token.cancel).start()
    started = time.monotonic()
    result = run_test_send(settings, DEFAULT_PASSWORD, timeout=30, cancel=token)
    assert time.monotonic() - started < 0.3 + 0.5
    assert codes(result) == ["cancelled"]


def test_an_ssl_port_is_recognised_within_three_seconds_of_a_long_budget(
        smtp_servers, smtp_ca):
    # Port 10465-style: SSL/TLS from the first byte on a port where A2000ERP starts plain.
    server = smtp_servers(tls="ssl")
    started = time.monotonic()
    result = send_trusting_the_test_ca(server, "starttls", smtp_ca, timeout=15)
    assert time.monotonic() - started < 3
    assert_stopped(result, "wrong_security_mode", "greeting", "SSL/TLS")
    fix = result.findings[0].fix
    # A change on A2000ERP's screen first: it has a Port, no Security field.
    assert fix.startswith("In A2000ERP, change Port to 465 (SSL/TLS) or 587 (STARTTLS)")
    assert fix.index("Port") < fix.index("Security")
