"""IDNA 2008 / UTS 46 everywhere a domain is encoded (str.encode("idna") was IDNA 2003:
straße -> strasse, another domain). Expected A-labels computed with the `idna` package's
reference implementation and cross-checked against RFC 5891 examples' forms."""

from __future__ import annotations

import json

import pytest

from a2k_settings_gui.cli import main
from a2k_settings_gui.core.net.idn import DomainNameProblem, to_ascii, to_unicode
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.smtp.check import TestMode, run_test_send
from tests.servers.detect_env import make_tls, smtp_server
from tests.servers.dns import TestDnsServer

NAMES = [
    ("straße.test", "xn--strae-oqa.test"),            # German sharp s: kept (not "strasse")
    ("Bücher.Example", "xn--bcher-kva.example"),      # upper case folded
    ("παράδειγμα.δοκιμή", "xn--hxajbheg2az3al.xn--jxalpdlp"),  # Greek
    ("пример.испытание", "xn--e1afmkfd.xn--80akhbyknj4f"),     # Cyrillic
    ("例え。テスト", "xn--r8jz45g.xn--zckzah"),          # Japanese, ideographic full stop
    ("_dmarc.bücher.test", "_dmarc.xn--bcher-kva.test"),  # DNS-only labels stay ASCII
    ("Mail.Example.COM", "mail.example.com"),
]


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_to_ascii(name, expected):
    assert to_ascii(name) == expected


def test_to_unicode_reads_it_back():
    assert to_unicode("xn--strae-oqa.test") == "straße.test"


@pytest.mark.parametrize("bad", ["ab--ü.test", "-bü.test", "a\u200db.test"])
def test_invalid_labels_are_refused_with_the_name(bad):
    with pytest.raises(DomainNameProblem, match="not a valid international domain name"):
        to_ascii(bad)


def test_check_domain_queries_the_idna_2008_name(capsys, config_path):
    zone = {"xn--strae-oqa.test": [("TXT", "v=spf1 -all"), ("MX", (10, "mx.example.com"))]}
    with TestDnsServer(zone) as dns:
        main(["check-domain", "info@straße.test", "--json", "--dns-server", dns.address,
              "--timeout", "3"])
        asked = {name for name, _ in dns.resolver.queries}
    report = json.loads(capsys.readouterr().out)
    assert report["domain"] == "xn--strae-oqa.test"
    assert "xn--strae-oqa.test" in asked and "strasse.test" not in asked
    assert report["spf"]["record"] == "v=spf1 -all"


def test_check_domain_with_an_invalid_label_exits_2_naming_it(capsys, config_path):
    code = main(["check-domain", "info@ab--ü.test", "--dns-server", "127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 2
    assert "ab--ü.test" in err and "not a valid international domain name" in err
    assert "Traceback" not in err


def test_test_send_encodes_host_envelope_and_headers(tmp_path):
    tls = make_tls(tmp_path, "smtp.xn--bcher-kva.test")
    sender = "info@bücher.test"
    with smtp_server(tls, users={sender: "pw-123"}) as smtp, \
            TestDnsServer({"smtp.xn--bcher-kva.test": [("A", "127.0.0.1")]}) as dns:
        settings = EmailSettings(sender_email=sender, smtp_host="smtp.bücher.test",
                                 port=smtp.port, security=Security.STARTTLS,
                                 dns_servers=(dns.address,), ca_file=tls.ca_file)
        result = run_test_send(settings, "pw-123", mode=TestMode.SEND, timeout=10)
        asked = {name for name, _ in dns.resolver.queries}
    assert result.ok, [f.to_dict() for f in result.findings]
    assert asked == {"smtp.xn--bcher-kva.test"}
    envelope = smtp.received[0]
    assert envelope.mail_from == "info@xn--bcher-kva.test"
    assert envelope.rcpt_tos == ["info@xn--bcher-kva.test"]
    headers = envelope.content.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert "info@xn--bcher-kva.test" in headers and "@xn--bcher-kva.test>" in headers
