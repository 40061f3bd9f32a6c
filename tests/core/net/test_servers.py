"""The one "IP[:PORT]" parser: the settings field, --dns-server and the DNS client agree."""

from __future__ import annotations

import pytest

from a2k_settings_gui.core.net.dns import make_resolver
from a2k_settings_gui.core.net.servers import (
    DnsServerProblem,
    format_dns_server,
    parse_dns_server,
    split_dns_servers,
)
from a2k_settings_gui.core.settings import parse_value

GOOD = [
    ("192.0.2.1", ("192.0.2.1", 53), "192.0.2.1"),
    ("192.0.2.1:5353", ("192.0.2.1", 5353), "192.0.2.1:5353"),
    ("2001:db8::1", ("2001:db8::1", 53), "2001:db8::1"),
    ("[2001:db8::1]:5353", ("2001:db8::1", 5353), "[2001:db8::1]:5353"),
    (" 127.0.0.1:53 ", ("127.0.0.1", 53), "127.0.0.1:53"),
]
BAD = ["dns.example", "192.0.2.1:0", "192.0.2.1:99999", "1.2.3:53", "[::1]:x", "[::1]",
       "[::1]x", "192.0.2.1:"]


@pytest.mark.parametrize(("text", "parsed", "stored"), GOOD)
def test_settings_and_dns_client_read_a_server_the_same_way(text, parsed, stored):
    assert parse_dns_server(text) == parsed
    value, problem = parse_value("dns_servers", text)
    assert problem is None and value == (stored,)
    client = make_resolver(value, timeout=1)
    assert [(ns.address, ns.port) for ns in client.resolver.nameservers] == [parsed]


@pytest.mark.parametrize("text", BAD)
def test_a_bad_server_is_refused_by_both_with_the_form_to_use(text):
    with pytest.raises(DnsServerProblem):
        parse_dns_server(text)
    value, problem = parse_value("dns_servers", text)
    assert value is None and "DNS server" in problem.message


def test_lists_split_on_commas_and_semicolons():
    assert split_dns_servers("192.0.2.1, 192.0.2.2;[::1]:5353 ,") == [
        "192.0.2.1", "192.0.2.2", "[::1]:5353"]
    assert split_dns_servers(["192.0.2.1", " "]) == ["192.0.2.1"]


def test_format_writes_the_port_only_when_it_is_not_53():
    assert format_dns_server("192.0.2.1") == "192.0.2.1"
    assert format_dns_server("::1", 5353) == "[::1]:5353"
