"""The public suffix list (~40 ms to build) is built only when two domains differ: a
sender that signs and bounces as its own From domain aligns without it."""

from __future__ import annotations

from a2k_settings_gui.core.received import alignment, read_received_file


def _fresh() -> None:
    alignment._psl.cache_clear()
    alignment.organizational_domain.cache_clear()


def test_same_domain_aligns_without_the_suffix_list(real):
    _fresh()
    report = read_received_file(real("m365-dmarc-pass-marked-spam.txt"))  # all gmail.com
    assert report.to_dict()["dmarc_pass"] is True
    assert alignment._psl.cache_info().currsize == 0


def test_different_domains_still_use_it(real):
    _fresh()
    assert alignment.aligned("bounces.shop.example.co.uk", "example.co.uk")
    assert not alignment.aligned("example.co.uk", "other.co.uk")
    assert alignment._psl.cache_info().currsize == 1
    report = read_received_file(real("gmail-amazonses-dmarc-fail.txt"))
    assert report.to_dict()["dmarc_pass"] is False
