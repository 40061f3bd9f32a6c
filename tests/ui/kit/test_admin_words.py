"""What windows show instead of developer words (real texts from the app's findings and
from Python's ssl / socket errors)."""

from __future__ import annotations

import pytest

from a2k_settings_gui.ui.kit.admin_words import plain_words


@pytest.mark.parametrize(("raw", "shown"), [
    ("Add the company's CA certificate file under Network settings (--cafile).",
     "Add the company's CA certificate file under Network settings."),
    ("Check the DNS servers (Network settings, or --dns-server).",
     "Check the DNS servers (Network settings)."),
    ("Check the DNS server setting (Network settings, or --dns-server IP[:PORT]) and retry.",
     "Check the DNS server setting (Network settings) and retry."),
    ("Put the CA file under Network settings (or --cafile).",
     "Put the CA file under Network settings."),
    ("The DNS server reported a failure (SERVFAIL) for example.com.",
     "The DNS server reported a failure for example.com."),
    ("DNS: servfail", "the DNS server reported a failure"),
    ("certificate verify failed certificate verify failed",
     "the certificate is not trusted"),
    ("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer "
     "certificate (_ssl.c:1006)",
     "the certificate is not trusted: unable to get local issuer certificate"),
    ("[Errno 111] Connection refused", "Connection refused"),
    ("Plain words stay as they are.", "Plain words stay as they are."),
    ("Plan the way out now: Send Test Email's advice (basic_auth_retiring) lists them.",
     "Plan the way out now: Send Test Email's advice lists them."),
    ("smtp.office365.com:587 answered (starttls)", "smtp.office365.com:587 answered (STARTTLS)"),
])
def test_developer_words_become_plain(raw: str, shown: str) -> None:
    assert plain_words(raw) == shown


def test_web_addresses_become_links() -> None:
    from a2k_settings_gui.ui.kit.admin_words import linkify

    text = "create an app password at https://myaccount.google.com/apppasswords."
    assert linkify(text) == ('create an app password at <a href="https://myaccount.google.com'
                             '/apppasswords">https://myaccount.google.com/apppasswords</a>.')


def test_the_refused_finding_reads_plainly_in_a_window():
    from a2k_settings_gui.core.domain.findings import build
    from a2k_settings_gui.core.net.dns import REFUSED, DnsAnswer

    class Facts:
        domain, dmarc, freemail = "acme.test", None, None
        domain_exists = False
        dns_failures = [DnsAnswer("smtp.mailhost.test", "A", REFUSED, server="192.0.2.53")]

    refused = next(f for f in build(Facts()) if f.code == "dns_refused")
    fix = plain_words(refused.fix)
    assert fix.startswith("Use a resolving DNS server or none")
    assert fix.endswith("(Network settings).") and "--" not in fix
    assert "192.0.2.53 refused to answer smtp.mailhost.test" in plain_words(refused.message)


def test_a_name_that_starts_with_a_dot_keeps_its_space():
    from a2k_settings_gui.ui.kit.admin_words import plain_words

    text = "A .local or .test address is fine only for testing (or --dns-server IP)."
    assert plain_words(text) == "A .local or .test address is fine only for testing."
