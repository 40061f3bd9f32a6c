"""The extra CA file the admin chooses: it must exist and hold PEM certificates."""

from __future__ import annotations

import trustme

from a2k_settings_gui.core.net.tls import ca_file_problem


def test_a_pem_bundle_is_accepted_with_its_count(tmp_path):
    path = tmp_path / "company-ca.pem"
    path.write_bytes(trustme.CA().cert_pem.bytes() + trustme.CA().cert_pem.bytes())
    assert ca_file_problem(str(path)) == (2, "")


def test_missing_folder_der_and_damaged_files_are_explained(tmp_path):
    count, problem = ca_file_problem(str(tmp_path / "gone.pem"))
    assert count == 0 and "does not exist" in problem and "Browse" in problem
    assert "folder" in ca_file_problem(str(tmp_path))[1]
    der = tmp_path / "company-ca.cer"
    der.write_bytes(b"\x30\x82\x03\x0b\x30\x82\x01\xf3\xa0\x03\x02\x01\x02")  # DER header
    assert "no certificate in PEM form" in ca_file_problem(str(der))[1]
    damaged = tmp_path / "damaged.pem"
    damaged.write_bytes(b"-----BEGIN CERTIFICATE-----\nnot base64 at all\n"
                        b"-----END CERTIFICATE-----\n")
    count, problem = ca_file_problem(str(damaged))
    assert count == 1 and "damaged" in problem


def test_no_file_chosen_is_fine():
    assert ca_file_problem("") == (0, "")
