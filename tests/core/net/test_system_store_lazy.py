"""The system store on Linux: read lazily from OpenSSL's hashed directory (one file per
CA, opened only when a handshake needs that issuer) unless SSL_CERT_FILE names a bundle;
either way a server signed by a CA of the store is trusted and another is not."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from a2k_settings_gui.core.net import tls
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.smtp.check import TestMode, run_test_send
from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER, Certificates, SmtpTestServer

pytestmark = pytest.mark.skipif(
    sys.platform in ("win32", "darwin") or not shutil.which("openssl"),
    reason="Windows and macOS ask the OS (truststore); the hash needs the openssl tool")


def _hashed_store(folder, pem: str) -> None:
    """A CA directory as `update-ca-certificates` leaves it: <subject hash>.0 files."""
    digest = subprocess.run(["openssl", "x509", "-hash", "-noout", "-in", pem],
                            capture_output=True, text=True, check=True).stdout.strip()
    folder.mkdir()
    shutil.copy(pem, folder / f"{digest}.0")


@pytest.fixture
def store_env(monkeypatch):
    for name in ("SSL_CERT_FILE", "SSL_CERT_DIR", "A2K_TLS_TRUSTSTORE"):
        monkeypatch.delenv(name, raising=False)
    tls.clear_cache()
    yield monkeypatch
    tls.clear_cache()


def _send(server: SmtpTestServer):
    settings = EmailSettings(sender_email=DEFAULT_USER, smtp_host="localhost",
                             port=server.port, security=Security.STARTTLS)
    return run_test_send(settings, DEFAULT_PASSWORD, mode=TestMode.CONNECT, timeout=5,
                         ca_file="")


def test_the_hashed_directory_is_used_without_reading_a_bundle(store_env, tmp_path):
    certificates = Certificates(tmp_path)
    _hashed_store(tmp_path / "certs", certificates.cafile)
    store_env.setenv("SSL_CERT_DIR", str(tmp_path / "certs"))
    context = tls.tls_context()
    # Nothing is parsed up front: the directory is only searched during a handshake.
    assert context.cert_store_stats()["x509_ca"] == 0
    with SmtpTestServer(certificates, tls="starttls") as server:
        result = _send(server)
    assert result.ok, result.findings
    assert result.tls is not None and result.tls.certificate_ok


def test_a_server_signed_by_a_ca_outside_the_directory_is_untrusted(store_env, tmp_path):
    (tmp_path / "other").mkdir()
    _hashed_store(tmp_path / "certs", Certificates(tmp_path / "other").cafile)
    store_env.setenv("SSL_CERT_DIR", str(tmp_path / "certs"))
    with SmtpTestServer(Certificates(tmp_path), tls="starttls") as server:
        result = _send(server)
    assert [f.code for f in result.findings][:1] == ["certificate_untrusted"]


def test_a_bundle_named_in_ssl_cert_file_is_still_honoured(store_env, tmp_path):
    certificates = Certificates(tmp_path)
    (tmp_path / "empty").mkdir()
    store_env.setenv("SSL_CERT_DIR", str(tmp_path / "empty"))
    store_env.setenv("SSL_CERT_FILE", certificates.cafile)
    assert tls.tls_context().cert_store_stats()["x509_ca"] == 1
    with SmtpTestServer(certificates, tls="starttls") as server:
        assert _send(server).ok
