"""Causes in plain words: what a library raised becomes one readable cause, once."""

from __future__ import annotations

import http.client
import ssl

from a2k_settings_gui.core.logo.fetch import _short


def test_a_broken_off_download_is_said_in_words_not_as_a_python_repr():
    from urllib3.exceptions import ProtocolError

    broken = http.client.IncompleteRead(b"x" * 57344, 149160)
    error = ProtocolError(f"Connection broken: {broken!r}", broken)
    said = _short(error)
    assert "IncompleteRead" not in said and "bytes read" not in said
    assert said == "the download broke off before the picture was complete (56 of 201 KB " \
                   "arrived)"


def test_certificate_verify_failed_is_said_once():
    error = ssl.SSLCertVerificationError(
        1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed "
           "certificate (_ssl.c:1006)")
    said = _short(Exception(f"HTTPSConnectionPool(host='x', port=443): Max retries "
                            f"exceeded ({error})"))
    assert said.lower().count("certificate verify failed") == 1
    assert said == "certificate verify failed: self-signed certificate"
