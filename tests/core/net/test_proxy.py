"""Web proxies: a real forward proxy on loopback (tests/servers/proxy.py), a PAC file served
locally, Basic proxy authentication, and our trust (system store + CA file) kept on every
HTTPS request that goes through a proxy (psf/requests#6109)."""

from __future__ import annotations

import pytest
import requests
import trustme

from a2k_settings_gui.core.net.http import http_session
from a2k_settings_gui.core.net.proxy import (
    DIRECT,
    PAC,
    STATIC,
    ProxyRouter,
    clear_pac_cache,
    redact,
    system_proxy,
)
from tests.servers.https_origin import https_origin
from tests.servers.proxy import forward_proxy

PNG = (b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "image/png")


@pytest.fixture
def clean_env(no_proxy_env):
    clear_pac_cache()
    yield no_proxy_env
    clear_pac_cache()


@pytest.fixture
def company_ca(tmp_path):
    ca = trustme.CA()
    path = tmp_path / "company-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return ca, str(path)


def test_https_through_the_proxy_keeps_our_ca_file(clean_env, company_ca):
    ca, ca_file = company_ca
    with https_origin({"/logo.png": PNG}, cert=ca.issue_cert("logo.corp.test")) as origin, \
            forward_proxy(hosts={"logo.corp.test": "127.0.0.1"}) as proxy:
        clean_env.setenv("HTTPS_PROXY", proxy.url)
        with http_session(ca_file=ca_file, timeout=5) as session:
            response = session.get(f"https://logo.corp.test:{origin.port}/logo.png", timeout=5)
    assert response.status_code == 200 and response.content == PNG[0]
    # It really went through the proxy, which resolved the name (we did not).
    assert proxy.targets("CONNECT") == [f"logo.corp.test:{origin.port}"]
    assert origin.paths == ["/logo.png"]


def test_without_the_ca_file_the_proxied_request_is_refused(clean_env, company_ca):
    ca, _ = company_ca
    with https_origin({"/logo.png": PNG}, cert=ca.issue_cert("logo.corp.test")) as origin, \
            forward_proxy(hosts={"logo.corp.test": "127.0.0.1"}) as proxy:
        clean_env.setenv("HTTPS_PROXY", proxy.url)
        with http_session(timeout=5) as session, pytest.raises(requests.exceptions.SSLError):
            session.get(f"https://logo.corp.test:{origin.port}/logo.png", timeout=5)


def test_pac_file_sends_only_the_matching_hosts_through_the_proxy(clean_env, company_ca):
    ca, ca_file = company_ca
    with https_origin({"/logo.png": PNG}, cert=ca.issue_cert("logo.corp.test",
                                                             "127.0.0.1")) as origin, \
            forward_proxy(hosts={"logo.corp.test": "127.0.0.1"}) as proxy:
        pac = ("function FindProxyForURL(url, host) {\n"
               "  if (shExpMatch(host, '*.corp.test')) "
               f"return 'PROXY 127.0.0.1:{proxy.port}; DIRECT';\n"
               "  return 'DIRECT';\n}\n")
        with https_origin({"/proxy.pac": (pac.encode(), "application/x-ns-proxy-autoconfig")}
                          ) as pac_server:
            clean_env.setenv("A2K_PAC_URL", f"http://127.0.0.1:{pac_server.port}/proxy.pac")
            setup = system_proxy()
            assert setup.kind == PAC and setup.source == "A2K_PAC_URL"
            with http_session(ca_file=ca_file, timeout=5) as session:
                via_proxy = session.get(f"https://logo.corp.test:{origin.port}/logo.png",
                                        timeout=5)
                direct = session.get(f"https://127.0.0.1:{origin.port}/logo.png", timeout=5)
        assert pac_server.paths == ["/proxy.pac"]  # fetched once, directly
    assert via_proxy.status_code == 200 and direct.status_code == 200
    assert proxy.targets() == [f"logo.corp.test:{origin.port}"]
    assert len(origin.paths) == 2


def test_an_unreachable_pac_file_means_direct_and_says_why(clean_env):
    clean_env.setenv("A2K_PAC_URL", "http://127.0.0.1:9/proxy.pac")
    router = ProxyRouter(timeout=2)
    assert router.proxies_for("https://logo.corp.test/x.png") == {}
    assert "could not be fetched" in router.pac_error


def test_basic_proxy_authentication_and_the_password_is_never_shown(clean_env, company_ca):
    ca, ca_file = company_ca
    with https_origin({"/logo.png": PNG}, cert=ca.issue_cert("logo.corp.test")) as origin, \
            forward_proxy(hosts={"logo.corp.test": "127.0.0.1"},
                          users={"svc-mail": "Pr0xy-Secret"}) as proxy:
        url = f"https://logo.corp.test:{origin.port}/logo.png"
        clean_env.setenv("HTTPS_PROXY", f"http://svc-mail:Pr0xy-Secret@127.0.0.1:{proxy.port}")
        setup = system_proxy()
        with http_session(ca_file=ca_file, timeout=5) as session:
            assert session.get(url, timeout=5).status_code == 200
        clean_env.setenv("HTTPS_PROXY", f"http://svc-mail:wrong@127.0.0.1:{proxy.port}")
        with http_session(ca_file=ca_file, timeout=5) as session, \
                pytest.raises(requests.exceptions.ProxyError, match="407"):
            session.get(url, timeout=5)
    assert [ok for _, _, ok in proxy.log] == [True, False]
    assert setup.kind == STATIC and "HTTPS_PROXY" in setup.source
    assert "Pr0xy-Secret" not in setup.describe() and "Pr0xy-Secret" not in str(setup.to_dict())
    assert setup.describe().startswith(f"http://127.0.0.1:{proxy.port}")


def test_no_proxy_bypasses_the_proxy(clean_env):
    clean_env.setenv("HTTPS_PROXY", "http://proxy.corp.test:3128")
    clean_env.setenv("NO_PROXY", "intranet.corp.test")
    router = ProxyRouter()
    assert router.proxies_for("https://intranet.corp.test/logo.png") == {}
    assert router.proxies_for("https://www.example.com/logo.png") == {
        "https": "http://proxy.corp.test:3128"}


def test_nothing_configured_is_direct(clean_env):
    setup = system_proxy()
    assert setup.kind == DIRECT and not setup.in_use
    assert setup.describe() == "none: direct connections"


def test_redact_removes_credentials_from_any_url():
    assert redact("via http://u:p@proxy:8080 and https://x@y/") == "via http://proxy:8080 and https://y/"
