"""Port probes: real SMTP servers, refused ports and black holes on loopback.

The deadline tests carry the only timing asserts of this area, as the issue asks: a
filtered port must cost at most its timeout (in parallel), never the sum, and detection
must never run past its deadline. Bounds are generous (timeout + 10 % + scheduling).
"""

from __future__ import annotations

import threading
import time

import pytest

from a2k_settings_gui.core.cancel import Cancelled, CancelToken
from a2k_settings_gui.core.detect import port_probe
from a2k_settings_gui.core.detect.autodetect import DetectOptions, detect
from tests.servers.detect_env import (  # noqa: F401 - fixtures
    closed_port,
    detect_tls,
    dns_server,
    implicit_smtp,
    silent_port,
    smtp_server,
    starttls_smtp,
    unanswered_port,
)

pytestmark = pytest.mark.timeout(60)
ZONE = """
smtp.fabrikam-mail.com. 60 IN A 127.0.0.1
mail.fabrikam-mail.com. 60 IN A 127.0.0.1
"""


def test_probe_reads_starttls_and_auth(detect_tls, starttls_smtp):  # noqa: F811
    result = port_probe.probe_smtp("smtp.fabrikam-mail.com", 587, address="127.0.0.1",
                                   connect_port=starttls_smtp.port, timeout=5,
                                   ca_file=detect_tls.ca_file)
    assert result.outcome == port_probe.SMTP
    assert result.security == "starttls" and result.starttls_offered
    assert "PLAIN" in result.auth_mechanisms and result.certificate_ok is True
    assert result.greeting


def test_probe_implicit_tls_and_untrusted_certificate(detect_tls, implicit_smtp):  # noqa: F811
    trusted = port_probe.probe_smtp("smtp.fabrikam-mail.com", 465, address="127.0.0.1",
                                    connect_port=implicit_smtp.port, timeout=5,
                                    ca_file=detect_tls.ca_file)
    assert (trusted.outcome, trusted.security, trusted.certificate_ok) == ("smtp", "ssl", True)
    # Without our CA file the certificate is not trusted: still found, flagged.
    untrusted = port_probe.probe_smtp("smtp.fabrikam-mail.com", 465, address="127.0.0.1",
                                      connect_port=implicit_smtp.port, timeout=5)
    assert (untrusted.outcome, untrusted.certificate_ok) == ("smtp", False)
    assert untrusted.auth_mechanisms


def test_probe_outcomes_refused_silent_unanswered():
    refused = port_probe.probe_smtp("x", 587, address="127.0.0.1", connect_port=closed_port(),
                                    timeout=2)
    assert refused.outcome == port_probe.REFUSED
    with silent_port() as quiet:
        silent = port_probe.probe_smtp("x", 587, address="127.0.0.1", connect_port=quiet,
                                       timeout=0.5)
    assert silent.outcome == port_probe.SILENT
    with unanswered_port() as dropped:
        timed_out = port_probe.probe_smtp("x", 587, address="127.0.0.1", connect_port=dropped,
                                          timeout=0.5)
    assert timed_out.outcome == port_probe.TIMEOUT


def test_probing_finds_the_server_and_filtered_ports_cost_one_timeout(
        detect_tls, starttls_smtp):  # noqa: F811
    connect_timeout = 1.5
    with dns_server(ZONE) as dns, silent_port() as quiet, unanswered_port() as dropped:
        started = time.monotonic()
        report = detect("ar@fabrikam-mail.com", timeout=10, dns_servers=[dns],
                        options=DetectOptions(
                            autoconfig_urls=(), ca_file=detect_tls.ca_file,
                            connect_timeout=connect_timeout,
                            port_map={465: quiet, 587: dropped, 25: quiet,
                                      2525: starttls_smtp.port}))
        elapsed = time.monotonic() - started
    best = report.best
    assert (best.host, best.port, best.security, best.source) == (
        "mail.fabrikam-mail.com", 2525, "starttls", "probe") or (
        best.host, best.port, best.source) == ("smtp.fabrikam-mail.com", 2525, "probe")
    assert {c.host for c in report.candidates} == {"smtp.fabrikam-mail.com",
                                                  "mail.fabrikam-mail.com"}
    # Six black-holed probes run side by side: about one timeout (plus DNS and the TLS
    # attempt on the silent "465"), never the sum of six (9 s) or of one host's three.
    assert elapsed < connect_timeout * 2
    assert "ports_filtered" in {f.code for f in report.findings}
    assert "outbound_smtp_blocked" not in {f.code for f in report.findings}


def test_all_ports_black_holed_means_network_blocks_smtp_within_deadline(detect_tls):  # noqa: F811
    deadline = 2.0
    with dns_server(ZONE) as dns, silent_port() as quiet, unanswered_port() as dropped:
        started = time.monotonic()
        report = detect("ar@fabrikam-mail.com", timeout=deadline, dns_servers=[dns],
                        options=DetectOptions(autoconfig_urls=(), connect_timeout=30,
                                              port_map={465: quiet, 587: dropped, 25: dropped,
                                                        2525: quiet}))
        elapsed = time.monotonic() - started
    assert elapsed < deadline * 1.1 + 0.3  # the deadline, with 10 % + scheduling slack
    assert report.best is None
    codes = [f.code for f in report.findings]
    assert codes[0] == "outbound_smtp_blocked"
    assert "no_server_found" not in codes


def test_names_resolve_but_everything_refuses_means_no_server_there(detect_tls):  # noqa: F811
    with dns_server(ZONE) as dns:
        report = detect("ar@fabrikam-mail.com", timeout=5, dns_servers=[dns],
                        options=DetectOptions(autoconfig_urls=(), port_map={
                            465: closed_port(), 587: closed_port(), 25: closed_port(),
                            2525: closed_port()}))
    codes = [f.code for f in report.findings]
    assert report.best is None
    assert "no_server_found" in codes and "outbound_smtp_blocked" not in codes
    assert {p.outcome for p in report.probes} == {port_probe.REFUSED}


def test_known_provider_behind_a_blocking_firewall(detect_tls):  # noqa: F811
    with dns_server("smtp.gmail.com. 60 IN A 127.0.0.1") as dns, silent_port() as quiet:
        report = detect("ar@gmail.com", timeout=2, dns_servers=[dns], options=DetectOptions(
            autoconfig_urls=(), port_map={465: quiet, 587: quiet, 25: quiet, 2525: quiet}))
    # The settings are still known (from the provider table), but the network is named.
    assert report.best.host == "smtp.gmail.com" and report.best.verified is False
    assert "outbound_smtp_blocked" in {f.code for f in report.findings}


def test_cancel_stops_detection_promptly(detect_tls):  # noqa: F811
    cancel = CancelToken()
    with dns_server(ZONE) as dns, silent_port() as quiet:
        threading.Timer(0.3, cancel.cancel).start()
        started = time.monotonic()
        with pytest.raises(Cancelled):
            detect("ar@fabrikam-mail.com", timeout=20, dns_servers=[dns], cancel=cancel,
                   options=DetectOptions(autoconfig_urls=(), connect_timeout=20, port_map={
                       465: quiet, 587: quiet, 25: quiet, 2525: quiet}))
        assert time.monotonic() - started < 2


def test_sequential_mode_gives_the_same_answer(detect_tls, starttls_smtp):  # noqa: F811
    with dns_server(ZONE) as dns:
        opts = dict(autoconfig_urls=(), ca_file=detect_tls.ca_file, port_map={
            465: closed_port(), 587: starttls_smtp.port, 25: closed_port(), 2525: closed_port()})
        parallel = detect("ar@fabrikam-mail.com", timeout=10, dns_servers=[dns],
                          options=DetectOptions(**opts))
        sequential = detect("ar@fabrikam-mail.com", timeout=10, dns_servers=[dns],
                            options=DetectOptions(max_parallel=1, **opts))
    assert parallel.to_dict()["server"] == sequential.to_dict()["server"]
    assert parallel.best.port == 587


def test_dns_that_never_answers_is_named_and_costs_only_the_deadline(detect_tls):  # noqa: F811
    import socket

    silent_dns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent_dns.bind(("127.0.0.1", 0))
    try:
        started = time.monotonic()
        report = detect("ar@fabrikam-mail.com", timeout=1.5,
                        dns_servers=[f"127.0.0.1:{silent_dns.getsockname()[1]}"],
                        options=DetectOptions(autoconfig_urls=()))
        elapsed = time.monotonic() - started
    finally:
        silent_dns.close()
    assert elapsed < 1.5 * 1.1 + 0.3
    assert report.best is None
    assert [f.code for f in report.findings][0] == "dns_timeout"
