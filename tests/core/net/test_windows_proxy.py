"""The Windows proxy settings, on every OS: the registry is faked (a dict behind the
reader that core.net.windows_proxy calls), everything after it is the real code, down to
a request through a real loopback proxy."""

from __future__ import annotations

import logging

import pytest
import trustme

from a2k_settings_gui.core.net import windows_proxy as wp
from a2k_settings_gui.core.net.http import http_session
from a2k_settings_gui.core.net.proxy import DIRECT, PAC, STATIC, ProxyRouter, system_proxy
from tests.servers.https_origin import https_origin
from tests.servers.proxy import forward_proxy

USER = (wp.HKCU, wp.INTERNET_SETTINGS)


def registry(values: dict[tuple[str, str, str], object]):
    """A reader over fake registry values; an exception as value is raised when read."""
    def read(hive: str, key: str, name: str) -> object:
        value = values.get((hive, key, name))
        if isinstance(value, BaseException):
            raise value
        return value
    return read


def user(**values: object) -> dict[tuple[str, str, str], object]:
    return {(*USER, name): value for name, value in values.items()}


@pytest.mark.parametrize("text, expected", [
    ("proxy.corp:8080", {"http": "http://proxy.corp:8080", "https": "http://proxy.corp:8080"}),
    ("http=a.corp:1;https=b.corp:2", {"http": "http://a.corp:1", "https": "http://b.corp:2"}),
    ("HTTP=a:1; https=b:2;ftp=f:21;socks=s:1080;", {"http": "http://a:1", "https": "http://b:2"}),
    ("http=a:1", {"http": "http://a:1"}),                 # https not named: it goes direct
    ("socks=s:1080", {}),
    ("https=http://b:2", {"https": "http://b:2"}),
    ("", {}),
])
def test_proxy_server_per_scheme(text, expected):
    assert wp.parse_proxy_server(text) == expected


def test_proxy_override_with_local():
    patterns, local = wp.parse_proxy_override("*.corp.local; 10.*;<local>;Intranet")
    assert patterns == ("*.corp.local", "10.*", "intranet") and local
    assert wp.bypasses("erp", patterns, local)             # <local>: no dot
    assert wp.bypasses("Mail.Corp.Local", patterns, local)
    assert wp.bypasses("10.1.2.3", patterns, local)
    assert not wp.bypasses("www.example.com", patterns, local)
    assert not wp.bypasses("erp", *wp.parse_proxy_override("*.corp.local"))


def test_proxy_enable_off_means_the_server_is_not_used(no_proxy_env):
    setup = system_proxy(registry(user(ProxyEnable=0, ProxyServer="proxy.corp:8080")))
    assert setup.kind == DIRECT and not setup.problems


def test_proxy_enable_on_gives_the_per_scheme_proxies_and_the_override(no_proxy_env):
    setup = system_proxy(registry(user(ProxyEnable=1, ProxyServer="http=a:1;https=b:2",
                                       ProxyOverride="*.corp.local;<local>")))
    assert (setup.kind, setup.source) == (STATIC, "Windows settings")
    assert setup.proxies == {"http": "http://a:1", "https": "http://b:2"}
    router = ProxyRouter(setup)
    assert router.proxies_for("https://logo.example.com/x.png") == {"https": "http://b:2"}
    assert router.proxies_for("http://logo.example.com/x.png") == {"http": "http://a:1"}
    assert router.proxies_for("https://intranet/logo.png") == {}
    assert router.proxies_for("https://www.corp.local/logo.png") == {}


def test_auto_config_url_wins_and_group_policy_wins_over_the_user(no_proxy_env):
    values = user(ProxyEnable=1, ProxyServer="proxy:8080",
                  AutoConfigURL="http://wpad.corp/user.pac")
    setup = system_proxy(registry(values))
    assert (setup.kind, setup.pac_url) == (PAC, "http://wpad.corp/user.pac")
    assert setup.source == "Windows settings (Internet Options)"
    values[(wp.HKLM, wp.POLICY_INTERNET_SETTINGS, "AutoConfigURL")] = "http://gpo/m.pac"
    setup = system_proxy(registry(values))
    assert (setup.pac_url, setup.source) == ("http://gpo/m.pac",
                                             "Windows settings (machine policy)")


def test_the_environment_still_comes_before_the_registry(no_proxy_env):
    no_proxy_env.setenv("HTTPS_PROXY", "http://env-proxy:3128")
    setup = system_proxy(registry(user(ProxyEnable=1, ProxyServer="reg:8080")))
    assert setup.proxies == {"https": "http://env-proxy:3128"}


def test_an_unreadable_registry_is_logged_and_a_finding_not_silently_no_proxy(
        no_proxy_env, caplog):
    values = user(ProxyEnable=1, ProxyServer=PermissionError(5, "Access is denied"))
    with caplog.at_level(logging.WARNING, logger="a2k_settings_gui"):
        from a2k_settings_gui.core import app_log

        app_log.logger().propagate = True  # caplog listens at the root
        try:
            setup = system_proxy(registry(values))
        finally:
            app_log.logger().propagate = False
    assert setup.kind == DIRECT
    assert setup.problems and "Access is denied" in setup.problems[0]
    assert [f.code for f in setup.findings()] == ["proxy_settings_unreadable"]
    assert "could not all be read" in setup.describe()
    assert "proxy settings unreadable" in caplog.text and "ProxyServer" in caplog.text


def test_a_value_of_the_wrong_type_is_a_problem(no_proxy_env):
    setup = system_proxy(registry(user(ProxyEnable="yes", ProxyServer="proxy:8080")))
    assert setup.kind == DIRECT
    assert any("ProxyEnable has an unexpected type" in p for p in setup.problems)
    setup = system_proxy(registry(user(ProxyEnable=1, ProxyServer="ftp=f:21")))
    assert setup.kind == DIRECT and "names no proxy" in setup.problems[0]


def test_a_request_goes_through_the_proxy_the_registry_names(no_proxy_env, tmp_path):
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    with https_origin({"/logo.png": (b"ok", "text/plain")},
                      cert=ca.issue_cert("logo.corp.test")) as origin, \
            forward_proxy(hosts={"logo.corp.test": "127.0.0.1"}) as proxy:
        address = proxy.url.split("://", 1)[1].rstrip("/")
        setup = system_proxy(registry(user(ProxyEnable=1,
                                           ProxyServer=f"http={address};https={address}",
                                           ProxyOverride="<local>")))
        with http_session(ca_file=str(ca_file), timeout=5,
                          router=ProxyRouter(setup, ca_file=str(ca_file))) as session:
            response = session.get(f"https://logo.corp.test:{origin.port}/logo.png",
                                   timeout=5)
    assert response.status_code == 200
    assert proxy.targets("CONNECT") == [f"logo.corp.test:{origin.port}"]


def test_the_real_reader_is_winreg_on_windows_only():
    import sys

    if sys.platform == "win32":
        # Whatever this runner's settings are, reading them must not raise.
        assert isinstance(wp.read_internet_settings(), wp.InternetSettings)
    else:
        with pytest.raises(ImportError):
            wp.winreg_reader(wp.HKCU, wp.INTERNET_SETTINGS, "ProxyEnable")
