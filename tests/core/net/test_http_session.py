"""The HTTP session factory: our CA file on top, our DNS servers, the real host name in TLS."""

from __future__ import annotations

import pytest
import trustme

from a2k_settings_gui.core.net.http import http_session
from a2k_settings_gui.core.net.tls import CaFileProblem
from tests.servers.dns import TestDnsServer
from tests.servers.https_origin import https_origin

PNG = (b"\x89PNG\r\n\x1a\n" + b"\0" * 16, "image/png")


def test_name_from_the_dns_server_and_certificate_checked_against_the_name(
        tmp_path, no_proxy_env):
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    # The certificate names only the host name, not 127.0.0.1: TLS must use the name
    # even though the socket goes to the address the DNS server gave.
    with https_origin({"/logo.png": PNG}, cert=ca.issue_cert("logo.corp.test")) as origin, \
            TestDnsServer({"logo.corp.test": [("A", "127.0.0.1")]}) as dns:
        session = http_session(ca_file=str(ca_file), dns_servers=(dns.address,), timeout=5)
        with session:
            response = session.get(f"https://logo.corp.test:{origin.port}/logo.png", timeout=5)
        assert response.status_code == 200 and response.content == PNG[0]
        assert ("logo.corp.test", "A") in dns.resolver.queries
    assert origin.hosts == [f"logo.corp.test:{origin.port}"]


def test_a_name_the_dns_server_does_not_know_is_a_connection_error(no_proxy_env):
    import requests

    with TestDnsServer({}) as dns:
        with http_session(dns_servers=(dns.address,), timeout=3) as session, \
                pytest.raises(requests.ConnectionError, match="not found by DNS servers"):
            session.get("http://nowhere.corp.test/", timeout=3)


def test_unreadable_ca_file_names_the_file(tmp_path):
    with pytest.raises(CaFileProblem, match="missing.pem"):
        http_session(ca_file=str(tmp_path / "missing.pem"))
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate", encoding="ascii")
    with pytest.raises(CaFileProblem, match="no usable certificate"):
        http_session(ca_file=str(bad))


def test_a_der_ca_file_from_windows_export_works_too(tmp_path, no_proxy_env):
    import ssl

    ca = trustme.CA()
    der = tmp_path / "company-root.cer"
    der.write_bytes(ssl.PEM_cert_to_DER_cert(ca.cert_pem.bytes().decode("ascii")))
    with https_origin({"/logo.png": PNG}, cert=ca.issue_cert("127.0.0.1")) as origin:
        with http_session(ca_file=str(der), timeout=5) as session:
            assert session.get(f"https://127.0.0.1:{origin.port}/logo.png",
                               timeout=5).status_code == 200
