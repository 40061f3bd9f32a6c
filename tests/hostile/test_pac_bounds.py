"""A PAC file runs where it cannot freeze us: a FindProxyForURL that loops is stopped at
its deadline inside --timeout, the check goes on direct and says so (pac_no_answer), and
dnsResolve asks the DNS servers from the settings. Real PAC files served on loopback."""

from __future__ import annotations

import sys

import pytest

from a2k_settings_gui.core.net.proxy import PAC, ProxyRouter, ProxySetup, clear_pac_cache
from tests.hostile.measure import run_measured
from tests.servers.dns import TestDnsServer
from tests.servers.http_images import ImageHost, image, logo_png
from tests.servers.https_origin import https_origin

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="measured with getrusage")

START_UP_ALLOWANCE = 4.0
LOOPING_PAC = b"function FindProxyForURL(url, host) { while (true) {} }\n"
PAC_TYPE = "application/x-ns-proxy-autoconfig"


@pytest.fixture(autouse=True)
def fresh_pac_cache():
    clear_pac_cache()
    yield
    clear_pac_cache()


@pytest.fixture
def looping_pac():
    with https_origin({"/proxy.pac": (LOOPING_PAC, PAC_TYPE)}) as server:
        yield f"http://127.0.0.1:{server.port}/proxy.pac"


def test_a_looping_pac_file_ends_inside_the_timeout_and_goes_direct(looping_pac,
                                                                     config_path):
    with ImageHost() as host:
        host.route("/logo.png", lambda request: image(logo_png()))
        run = run_measured("check-logo", "--json", host.url("/logo.png"), "--timeout", "3",
                           "--config", str(config_path), env={"A2K_PAC_URL": looping_pac},
                           timeout=60)
        fetched = len(host.log)
    assert run.returncode in (0, 1), run.stderr
    assert run.elapsed <= 3 + START_UP_ALLOWANCE  # still running at 100 s before
    report = run.json()
    assert "pac_no_answer" in {f["code"] for f in report["findings"]}
    assert fetched >= 1  # the logo was fetched direct


def test_a_looping_pac_file_in_process_does_not_hold_other_threads(looping_pac):
    """While the PAC file loops, this thread keeps running (its JavaScript is in a child
    process): a ticking thread here counts many ticks during the wait."""
    import threading
    import time

    ticks = []
    stop = threading.Event()

    def tick() -> None:
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    router = ProxyRouter(ProxySetup(PAC, "test", pac_url=looping_pac), timeout=3)
    try:
        assert router.proxies_for("http://logo.example/x.png") == {}
    finally:
        router.close()
        stop.set()
        ticker.join(1)
    assert router.pac_no_answer and "did not answer within" in router.pac_error
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    assert max(gaps) < 0.1


def test_dns_resolve_in_the_pac_file_asks_the_configured_dns_server():
    zone = {"proxy-switch.corp.test": [("A", "192.0.2.77")]}
    pac = (b"function FindProxyForURL(url, host) {\n"
           b"  if (dnsResolve('proxy-switch.corp.test') == '192.0.2.77' &&\n"
           b"      isResolvable('proxy-switch.corp.test'))\n"
           b"    return 'PROXY 127.0.0.1:3128';\n"
           b"  return 'DIRECT';\n}\n")
    with TestDnsServer(zone) as dns, https_origin({"/proxy.pac": (pac, PAC_TYPE)}) as server:
        url = f"http://127.0.0.1:{server.port}/proxy.pac"
        router = ProxyRouter(ProxySetup(PAC, "test", pac_url=url),
                             dns_servers=(dns.address,), timeout=5)
        try:
            chosen = router.proxies_for("http://logo.example/x.png")
        finally:
            router.close()
        asked = [q for q in dns.resolver.queries]
    assert chosen == {"http": "http://127.0.0.1:3128"}, router.pac_error
    assert any("proxy-switch.corp.test" in str(q) for q in asked)


def test_a_pac_file_that_is_a_fifo_is_refused_at_once(tmp_path):
    import os

    fifo = tmp_path / "proxy.pac"
    os.mkfifo(fifo)
    router = ProxyRouter(ProxySetup(PAC, "test", pac_url=str(fifo)), timeout=3)
    assert router.proxies_for("http://logo.example/x.png") == {}
    assert "pipe (FIFO)" in router.pac_error


def test_a_ca_file_that_is_a_fifo_or_a_device_is_refused_at_once(tmp_path):
    import os

    from a2k_settings_gui.core.net.tls import CaFileProblem, tls_context

    fifo = tmp_path / "ca.pem"
    os.mkfifo(fifo)
    for path in (str(fifo), "/dev/zero"):
        with pytest.raises(CaFileProblem) as problem:
            tls_context(path)
        assert "not a regular file" in str(problem.value)
