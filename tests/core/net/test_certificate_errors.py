"""Certificate failures mean the same finding on every platform.

OpenSSL's errors come from real handshakes against trustme certificates on loopback.
Windows and macOS errors cannot be produced on this machine: their codes and texts are the
ones truststore reports from CertVerifyCertificateChainPolicy (winerror.h CERT_E_*) and
SecTrustEvaluateWithError (errSec*), recorded in truststore's own test-suite
(github.com/sethmlarson/truststore: its test_api.py, `failure_hosts_list`).
"""

from __future__ import annotations

import datetime
import socket
import ssl
import threading

import pytest
import trustme

from a2k_settings_gui.core.net.tls import (
    EXPIRED,
    HOSTNAME_MISMATCH,
    UNTRUSTED,
    certificate_problem,
    tls_context,
)


def _recorded(code: int, message: str) -> ssl.SSLCertVerificationError:
    """What truststore raises: the OS's code in verify_code, its words in verify_message."""
    error = ssl.SSLCertVerificationError(message)
    error.verify_code = code
    error.verify_message = message
    return error


WINDOWS = [
    (0x800B010F, "The certificate's CN name does not match the passed value.",
     HOSTNAME_MISMATCH),
    (0x800B0101, "A required certificate is not within its validity period when verifying "
                 "against the current system clock or the timestamp in the signed file.",
     EXPIRED),
    (0x800B0109, "A certificate chain processed, but terminated in a root certificate which "
                 "is not trusted by the trust provider.", UNTRUSTED),
    (0x80092010, "The certificate is revoked.", UNTRUSTED),
]
MACOS = [
    (-67602, "“wrong.host.badssl.com” certificate name does not match input",
     HOSTNAME_MISMATCH),
    (-67818, "“*.badssl.com” certificate is expired", EXPIRED),
    (-67843, "“BadSSL Untrusted Root Certificate Authority” certificate is not trusted",
     UNTRUSTED),
]


@pytest.mark.parametrize(("code", "message", "problem"), WINDOWS + MACOS)
def test_recorded_windows_and_macos_errors(code, message, problem):
    assert certificate_problem(_recorded(code, message)) == problem


@pytest.mark.parametrize(("code", "message", "problem"), WINDOWS + MACOS)
def test_the_words_alone_are_enough_when_the_code_is_unknown(code, message, problem):
    assert certificate_problem(_recorded(12345, message)) == problem


def test_a_signed_windows_code_is_read_like_the_unsigned_one():
    signed = 0x800B010F - (1 << 32)
    assert certificate_problem(_recorded(signed, "")) == HOSTNAME_MISMATCH


def _handshake_error(server_cert: trustme.LeafCert, client: ssl.SSLContext,
                     name: str) -> ssl.SSLCertVerificationError:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_cert.configure_cert(server_context)
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = listener.accept()
        try:
            server_context.wrap_socket(conn, server_side=True).close()
        except (ssl.SSLError, OSError):
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with socket.create_connection(listener.getsockname(), timeout=5) as sock:
            with pytest.raises(ssl.SSLCertVerificationError) as caught:
                client.wrap_socket(sock, server_hostname=name)
    finally:
        thread.join(5)
        listener.close()
    return caught.value


def test_real_openssl_failures(tmp_path):
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    trusting = tls_context(str(ca_file))
    assert certificate_problem(_handshake_error(
        ca.issue_cert("other.test"), trusting, "mail.test")) == HOSTNAME_MISMATCH
    past = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    expired = ca.issue_cert("mail.test", not_before=past,
                            not_after=past + datetime.timedelta(days=1))
    assert certificate_problem(_handshake_error(expired, trusting, "mail.test")) == EXPIRED
    stranger = trustme.CA().issue_cert("mail.test")
    assert certificate_problem(_handshake_error(stranger, trusting, "mail.test")) == UNTRUSTED
