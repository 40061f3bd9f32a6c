"""The provider table: every provider the issue names is there, complete, and matches."""

from __future__ import annotations

import json

import pytest

from a2k_settings_gui.core import providers
from a2k_settings_gui.core.resources import read_text

REQUIRED = {"gmail", "google_workspace", "microsoft365", "outlook_com", "yahoo", "icloud",
            "zoho", "amazon_ses", "sendgrid", "mailgun", "postmark", "brevo", "mailjet"}


def test_every_required_provider_is_present_with_servers_limits_and_a_source():
    table = {p.id: p for p in providers.load_providers()}
    assert REQUIRED <= set(table)
    for provider in table.values():
        assert provider.servers and provider.login_hint and provider.source
        assert provider.recommended_batch >= 1


def test_login_hints_the_issue_names():
    assert providers.provider_by_id("sendgrid").login_name_for("a@b.com") == "apikey"
    assert providers.provider_by_id("outlook_com").oauth_only
    assert providers.provider_by_id("gmail").login_password == "app_password"
    assert "SMTP AUTH" in providers.provider_by_id("microsoft365").login_hint


@pytest.mark.parametrize("domain, provider_id", [
    ("gmail.com", "gmail"), ("GoogleMail.com", "gmail"), ("hotmail.com", "outlook_com"),
    ("me.com", "icloud"), ("yahoo.co.uk", "yahoo"), ("zohomail.com", "zoho"),
])
def test_match_domain(domain, provider_id):
    assert providers.match_domain(domain).id == provider_id


def test_unknown_domain_has_no_provider():
    assert providers.match_domain("acme-widgets.com") is None


@pytest.mark.parametrize("mx, provider_id, host", [
    ("acme-com.mail.protection.outlook.com", "microsoft365", "smtp.office365.com"),
    ("aspmx.l.google.com.", "google_workspace", "smtp.gmail.com"),
    ("alt1.aspmx.l.google.com", "google_workspace", "smtp.gmail.com"),
    ("inbound-smtp.eu-west-1.amazonaws.com", "amazon_ses", "email-smtp.eu-west-1.amazonaws.com"),
    ("mx.zoho.eu", "zoho", "smtp.zoho.eu"),
    ("mx2.zoho.com", "zoho", "smtp.zoho.com"),
    ("mxa.eu.mailgun.org", "mailgun", "smtp.eu.mailgun.org"),
    ("mta7.am0.yahoodns.net", "yahoo", "smtp.mail.yahoo.com"),
    ("hotmail-com.olc.protection.outlook.com", "outlook_com", "smtp-mail.outlook.com"),
])
def test_match_mx_gives_provider_and_regional_server(mx, provider_id, host):
    provider, servers = providers.match_mx(mx)
    assert provider.id == provider_id
    assert servers[0].host == host


def test_mx_patterns_do_not_match_lookalikes():
    assert providers.match_mx("mail.protection.outlook.com.evil.example") is None
    assert providers.match_mx("notgoogle.com") is None


@pytest.mark.parametrize("include, provider_id", [
    ("sendgrid.net", "sendgrid"), ("u123.wl.sendgrid.net", "sendgrid"),
    ("amazonses.com", "amazon_ses"), ("spf.mtasv.net", "postmark"),
    ("spf.brevo.com", "brevo"), ("spf.mailjet.com", "mailjet"),
    ("spf.protection.outlook.com", "microsoft365"),
])
def test_spf_include_names_the_sending_service(include, provider_id):
    assert providers.match_spf_include(include).id == provider_id


def test_server_host_to_provider_for_the_sending_plan():
    assert providers.match_server_host("SMTP.office365.com").id == "microsoft365"
    assert providers.match_server_host("email-smtp.ap-south-1.amazonaws.com").id == "amazon_ses"
    assert providers.match_server_host("mail.acme-widgets.com") is None


def test_malformed_table_names_the_entry():
    data = json.loads(read_text("providers.json"))
    data["providers"][0]["servers"] = [{"host": "x", "port": 99999, "security": "ssl"}]
    with pytest.raises(providers.ProviderDataError, match="gmail"):
        providers.parse_providers(json.dumps(data))
    data["providers"][0]["limits"]["per_day"] = "lots"
    with pytest.raises(providers.ProviderDataError, match="per_day"):
        providers.parse_providers(json.dumps(data))
