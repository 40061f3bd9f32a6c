"""A company network (proxy, PAC, own DNS, inspecting CA), end to end through the command line:

- check-logo of an HTTPS logo through a loopback forward proxy, with the CA file: ok;
- with the company CA only in the OS store, without --cafile: ok for the logo (through the
  proxy), autoconfig (detect) and test-send. The OS store is the one the program reads
  there: on Linux OpenSSL's bundle (SSL_CERT_FILE); on Windows the certificate store that
  truststore asks (SChannel), which ignores SSL_CERT_FILE: the test puts the CA into the
  machine's Root store with certutil and takes it out again.
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from a2k_settings_gui.cli import main
from tests.cli.helpers import run_cli
from tests.servers import http_images
from tests.servers.detect_env import AUTOCONFIG_XML, https_files, make_tls, smtp_server
from tests.servers.dns import TestDnsServer
from tests.servers.proxy import forward_proxy

image_ca = http_images.image_ca
image_ca_file = http_images.image_ca_file
https_image_host = http_images.https_image_host

pytestmark = pytest.mark.timeout(120)
# Where OpenSSL and requests would find other trust than the system store and --cafile.
TRUST_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


@pytest.fixture
def clean_env(no_proxy_env):
    for name in TRUST_VARIABLES:
        no_proxy_env.delenv(name, raising=False)
    return no_proxy_env


def test_check_logo_through_a_proxy_with_the_ca_file_is_ok(
        clean_env, capsys, config_path, https_image_host, image_ca_file):
    with forward_proxy() as proxy:
        clean_env.setenv("HTTPS_PROXY", proxy.url)
        code = main(["check-logo", https_image_host.url("/logo.png"), "--json",
                     "--cafile", image_ca_file])
    report = json.loads(capsys.readouterr().out)
    assert (code, report["verdict"]) == (0, "ok"), report["findings"]
    assert [c["result"] for c in report["clients"]] == ["ok"] * 6
    # Every client kind's request went through the proxy.
    assert len(proxy.targets("CONNECT")) >= 6


def _os_store_with(ca_pem: bytes, folder: Path) -> str:
    """The system's CA bundle plus the company CA: stands in for "the company root in the
    Windows store" (OpenSSL reads SSL_CERT_FILE in place of its default bundle)."""
    bundle = folder / "os-store.pem"
    system = ssl.get_default_verify_paths().cafile or "/etc/ssl/certs/ca-certificates.crt"
    text = Path(system).read_bytes() if os.path.isfile(system) else b""
    bundle.write_bytes(text + b"\n" + ca_pem)
    return str(bundle)


# The workflow sets this on its throwaway Windows runner (administrator, no one to answer a
# prompt): only there may a test add a root to the machine's store.
WINDOWS_ROOT_STORE_VARIABLE = "A2K_TEST_WINDOWS_ROOT_STORE"


@contextmanager
def os_store_with(ca_pems: list[bytes], folder: Path) -> Iterator[dict[str, str]]:
    """The company CAs in the store this OS's program trusts; yields the environment the
    program needs for it."""
    if os.name != "nt":
        yield {"SSL_CERT_FILE": _os_store_with(b"\n".join(ca_pems), folder)}
        return
    if os.environ.get(WINDOWS_ROOT_STORE_VARIABLE) != "1":
        pytest.skip("needs the company CA in the Windows certificate store (truststore "
                    "ignores SSL_CERT_FILE): CurrentUser\\Root asks the user to confirm, "
                    "LocalMachine\\Root needs an administrator; the Windows workflow sets "
                    f"{WINDOWS_ROOT_STORE_VARIABLE}=1 on its throwaway runner")
    from cryptography import x509

    serials = []
    try:
        for index, pem in enumerate(ca_pems):
            cer = folder / f"company-ca-{index}.pem"
            cer.write_bytes(pem)
            serials.append(f"{x509.load_pem_x509_certificate(pem).serial_number:x}")
            subprocess.run(["certutil", "-f", "-addstore", "Root", str(cer)], check=True,
                           capture_output=True, timeout=60)
        yield {}
    finally:
        for serial in serials:
            subprocess.run(["certutil", "-delstore", "Root", serial], capture_output=True,
                           timeout=60)


@pytest.mark.slow
def test_ca_only_in_the_os_store_without_cafile_is_ok_for_logo_autoconfig_and_test_send(
        clean_env, tmp_path, config_path, https_image_host, image_ca):
    tls = make_tls(tmp_path, "localhost")
    store = tmp_path / "store"
    store.mkdir()
    with os_store_with([image_ca.cert_pem.bytes(), tls.ca.cert_pem.bytes()], store) as env:
        _logo_autoconfig_and_test_send(env, tls, https_image_host)


def _logo_autoconfig_and_test_send(env, tls, https_image_host) -> None:
    xml = AUTOCONFIG_XML.format(domain="contoso-mail.com", host="localhost", port=587,
                                socket_type="STARTTLS", username="%EMAILADDRESS%")
    with forward_proxy() as proxy:
        logo = run_cli("check-logo", https_image_host.url("/logo.png"), "--json",
                       env=env | {"HTTPS_PROXY": proxy.url})
    with https_files(tls, {"/mail/config-v1.1.xml": xml.encode()}) as base, \
            TestDnsServer({}) as dns:
        detect = run_cli("detect", "accounts@contoso-mail.com", "--json", "--dns-server",
                         dns.address, "--timeout", "5", "--autoconfig-url",
                         base + "/mail/config-v1.1.xml", env=env)
    with smtp_server(tls) as smtp:
        send = run_cli("test-send", "--json", "--server", "localhost", "--port",
                       str(smtp.port), "--security", "starttls", "--from",
                       "statements@acme-widgets.com", "--connect-only", "--password-stdin",
                       stdin="s3cret-pass\n", env=env)
    logo_report = json.loads(logo.stdout)
    assert logo_report["verdict"] == "ok", logo_report["findings"]
    assert proxy.targets("CONNECT")
    assert json.loads(detect.stdout)["autoconfig"][0]["outcome"] == "ok", detect.stdout
    send_report = json.loads(send.stdout)
    assert send_report["ok"] is True, send_report["findings"]
    assert send_report["tls"]["certificate_ok"] is True
