"""Validation of every field: a value or a message a user understands, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from a2k_settings_gui.core.settings import (
    FIELDS,
    EmailSettings,
    Security,
    parse_value,
    validate,
)


@pytest.mark.parametrize(
    "key, raw, expected",
    [
        ("sender_email", "statements@acme.com", "statements@acme.com"),
        ("sender_email", "billing@bücher.de", "billing@bücher.de"),
        ("sender_email", "  ar@acme.com.sg ", "ar@acme.com.sg"),
        ("smtp_host", "smtp.office365.com", "smtp.office365.com"),
        ("smtp_host", "SMTP.Gmail.com", "smtp.gmail.com"),
        ("smtp_host", "192.0.2.25", "192.0.2.25"),
        ("smtp_host", "[2001:db8::25]", "2001:db8::25"),
        ("smtp_host", "mail.bücher.de", "mail.bücher.de"),
        ("port", "465", 465),
        ("port", "", None),
        ("port", 2525, 2525),
        ("security", "SSL/TLS", Security.SSL),
        ("security", "starttls", Security.STARTTLS),
        ("logo_url", "https://www.acme.com/logo.png", "https://www.acme.com/logo.png"),
        ("logo_url", "", ""),
        ("logo_height", "80", 80),
        ("max_mails_per_batch", 100, 100),
        ("batch_interval_seconds", "0", 0),
        ("dns_servers", "192.0.2.53, 192.0.2.54:5353", ("192.0.2.53", "192.0.2.54:5353")),
        ("dns_servers", ["::1"], ("::1",)),
    ],
)
def test_valid_values_are_accepted(key, raw, expected):
    value, problem = parse_value(key, raw)
    assert problem is None
    assert value == expected


@pytest.mark.parametrize(
    "key, raw, words",
    [
        ("sender_email", "", "Sender Email ID is required"),
        ("sender_email", "statements.acme.com", "not a valid e-mail address"),
        ("sender_email", "a@b@c.com", "not a valid e-mail address"),
        ("smtp_host", "", "Outgoing Mail Server (SMTP) is required"),
        ("smtp_host", "smtp.gmail.com:587", "put the port in the Port field"),
        ("smtp_host", "https://smtp.gmail.com", "without http://"),
        ("smtp_host", "smtp_gmail.com", "host name such as"),
        ("smtp_host", "999.1.1.1", "host name such as"),
        ("port", "0", "Port must be a whole number from 1 to 65535"),
        ("port", "65536", "Port must be a whole number from 1 to 65535"),
        ("port", "58x", "Port must be a whole number from 1 to 65535"),
        ("security", "ssl3", "Security must be one of"),
        ("logo_url", "ftp://acme.com/logo.png", "must start with https://"),
        ("logo_url", "www.acme.com/logo.png", "must start with https://"),
        ("logo_url", "https://", "not a valid web address"),
        ("logo_height", "0", "Logo Height must be a whole number from 1 to 2000"),
        ("logo_width", "12.5", "Logo Width must be a whole number"),
        ("max_mails_per_batch", "0", "Maximum Mails per Batch must be a whole number from 1"),
        ("batch_interval_seconds", "-5", "Batch Interval must be a whole number from 0"),
        ("dns_servers", "dns.google", "must be an IP address"),
        ("sender_name", "ACME\nBcc: victim@x.com", "Sender name must be on one line"),
    ],
)
def test_invalid_values_name_the_field_and_the_fix(key, raw, words):
    value, problem = parse_value(key, raw)
    assert value is None
    assert problem is not None and problem.field == key
    assert words in problem.message


def test_new_settings_need_sender_and_server():
    problems = {p.field for p in validate(EmailSettings())}
    assert problems == {"sender_email", "smtp_host"}


def test_port_follows_security_until_set():
    settings = EmailSettings(security=Security.SSL)
    assert settings.effective_port == 465
    assert settings.replace(security=Security.STARTTLS).effective_port == 587
    assert settings.replace(security=Security.NONE).effective_port == 25
    assert settings.replace(port=2525).effective_port == 2525


def test_login_defaults_to_sender():
    settings = EmailSettings(sender_email="ar@acme.com")
    assert settings.effective_login == "ar@acme.com"
    assert settings.replace(login_name="apikey").effective_login == "apikey"


def test_dict_round_trip_keeps_unknown_keys():
    original = EmailSettings(
        sender_email="ar@acme.com", smtp_host="smtp.acme.com", port=2525,
        dns_servers=("192.0.2.53",), extra={"future_option": {"a": 1}},
    )
    data = original.to_dict()
    assert data["future_option"] == {"a": 1}
    restored, problems = EmailSettings.from_dict(data)
    assert problems == []
    assert restored == original
    assert restored.extra == {"future_option": {"a": 1}}


def test_from_dict_resets_unreadable_values_and_says_so():
    restored, problems = EmailSettings.from_dict({"port": "many", "logo_height": 80})
    assert restored.port is None and restored.logo_height == 80
    assert [p.field for p in problems] == ["port"]


# Any JSON-ish value a file, a form or a command line could hand over.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from([f.key for f in FIELDS]), raw=json_values)
def test_any_input_gives_a_value_or_a_message(key, raw):
    value, problem = parse_value(key, raw)
    if problem is None:
        # A value that was accepted must be accepted again as it is (idempotent).
        again, problem_again = parse_value(key, value.value if isinstance(value, Security)
                                           else value)
        assert problem_again is None and again == value
    else:
        assert problem.field == key and problem.message


@settings(max_examples=200, deadline=None)
@given(raw=st.text())
def test_any_text_in_any_text_field(raw):
    for key in ("sender_email", "smtp_host", "logo_url", "dns_servers", "port"):
        value, problem = parse_value(key, raw)
        assert (value is None) != (problem is None) or (value is None and key == "port")


@settings(max_examples=100, deadline=None)
@given(data=st.dictionaries(st.sampled_from([f.key for f in FIELDS] + ["x"]), json_values))
def test_from_dict_never_raises(data):
    settings_obj, problems = EmailSettings.from_dict(data)
    assert isinstance(settings_obj, EmailSettings)
    assert all(p.message for p in problems)


def test_the_field_table_is_the_one_declaration_of_defaults_and_ranges():
    defaults = EmailSettings()
    for spec in FIELDS:
        assert getattr(defaults, spec.key) == spec.default, spec.key
        if spec.low is None:
            continue
        assert parse_value(spec.key, spec.low) == (spec.low, None)
        assert parse_value(spec.key, str(spec.high)) == (spec.high, None)
        for outside in (spec.low - 1, spec.high + 1):
            _value, problem = parse_value(spec.key, outside)
            assert problem is not None and f"from {spec.low} to {spec.high}" in problem.message
