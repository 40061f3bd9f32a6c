"""The truststore code path (what Windows and macOS run) exercised on this machine:
A2K_TLS_TRUSTSTORE=1 makes core.net.tls use truststore on Linux too. HTTPS through a
proxy with the CA file, and a STARTTLS test-send, trusted and untrusted."""

from __future__ import annotations

import pytest
import trustme
import truststore

from a2k_settings_gui.core.net import tls
from a2k_settings_gui.core.net.http import http_session
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.smtp.check import run_test_send
from tests.servers.detect_env import make_tls, smtp_server
from tests.servers.https_origin import https_origin
from tests.servers.proxy import forward_proxy


@pytest.fixture
def with_truststore(no_proxy_env):
    no_proxy_env.setenv("A2K_TLS_TRUSTSTORE", "1")
    tls.clear_cache()
    yield no_proxy_env
    no_proxy_env.delenv("A2K_TLS_TRUSTSTORE")
    tls.clear_cache()


def test_context_is_truststore_with_the_ca_file_on_top(with_truststore, tmp_path):
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    context = tls.tls_context(str(ca_file))
    assert isinstance(context, truststore.SSLContext)
    with https_origin({"/x": (b"ok", "text/plain")}, cert=ca.issue_cert("logo.corp.test")) \
            as origin, forward_proxy(hosts={"logo.corp.test": "127.0.0.1"}) as proxy:
        with_truststore.setenv("HTTPS_PROXY", proxy.url)
        with http_session(ca_file=str(ca_file), timeout=5) as session:
            response = session.get(f"https://logo.corp.test:{origin.port}/x", timeout=5)
    assert response.status_code == 200 and proxy.targets("CONNECT")


def test_starttls_test_send_trusted_and_untrusted(with_truststore, tmp_path):
    server_tls = make_tls(tmp_path, "localhost")
    with smtp_server(server_tls, users={"a@acme-widgets.com": "pw-1"}) as smtp:
        settings = EmailSettings(sender_email="a@acme-widgets.com", smtp_host="localhost",
                                 port=smtp.port, security=Security.STARTTLS)
        trusted = run_test_send(settings.replace(ca_file=server_tls.ca_file), "pw-1",
                                timeout=10)
        untrusted = run_test_send(settings, "pw-1", timeout=10)
    assert trusted.ok and trusted.tls.certificate_ok, [f.code for f in trusted.findings]
    assert [f.code for f in untrusted.findings][0] == "certificate_untrusted"
