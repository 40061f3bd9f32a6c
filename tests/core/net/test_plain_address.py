"""The everyday address is judged without importing email_validator, and exactly as the
library judges it: the same normalized text, and anything unusual goes to the library."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.net import addresses
from a2k_settings_gui.core.net.addresses import AddressProblem, check_email_address

EVERYDAY = ["ar@acme.com", "Accounts.Receivable@Example.COM", "a_b+c%d@mail.acme.co.uk",
            "x-y@sub-domain.example.org", "statements@acme.test", "a@localhost.local",
            "n" * 64 + "@acme.com"]
UNUSUAL = ["a..b@x.com", "a@x.c", "a@x.co1", "a@-x.com", "a@ab--c.com", "a@xn--abc.com",
           "\"quoted name\"@acme.com", "müller@bücher.example", "a@acme", "n" * 65 + "@acme.com",
           ".a@acme.com", "a.@acme.com", "a@acme-.com"]


def _library(text: str) -> str | None:
    import email_validator

    email_validator.SPECIAL_USE_DOMAIN_NAMES[:] = []
    try:
        return email_validator.validate_email(
            text, check_deliverability=False, allow_quoted_local=True,
            allow_domain_literal=False).normalized
    except email_validator.EmailNotValidError:
        return None


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_address_is_accepted_as_the_library_normalizes_it(text):
    assert addresses._plain_email(text) is not None
    assert addresses._plain_email(text) == _library(text)


@pytest.mark.parametrize("text", UNUSUAL)
def test_unusual_address_is_left_to_the_library(text):
    assert addresses._plain_email(text) is None
    expected = _library(text)
    if expected is None:
        with pytest.raises(AddressProblem):
            check_email_address(text)
    else:
        assert check_email_address(text) == expected
