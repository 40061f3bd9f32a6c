"""The test e-mail as it goes on the wire, read back by the stdlib email parser (what a
mail client does): headers, folding, RFC 2047 words, quoted-printable parts, dot-stuffing."""

from __future__ import annotations

import email
import re
import time
from email import policy
from email.header import decode_header, make_header
from email.utils import parsedate_to_datetime

import pytest

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.smtp.message import build_test_message, dot_stuffed

NAMES = ["", "ACME Accounts", 'Smith, "Jr" Accounts', "Müller & Söhne", "O'Brien <Billing>",
         "back\\slash Ltd.", " ".join(["Abc"] * 30), "Ü" * 119, "日本語の会社名" * 5]
LOGO = "https://user:secret@cdn.example.com/logo.png?a=1&b=2"


def _wire(name: str, *, utf8: bool = False, logo: str = LOGO) -> bytes:
    settings = EmailSettings().replace(sender_email="statements@bücher.example",
                                       sender_name=name, logo_url=logo)
    message = build_test_message(settings, "boss@example.net", security_label="STARTTLS",
                                 server_label="smtp.example.com:587", utf8=utf8)
    data = dot_stuffed(message)
    assert data.endswith(b"\r\n.\r\n")
    # Undo the dot-stuffing as a server does (RFC 5321 4.5.2).
    lines = data[:-len(b".\r\n")].split(b"\r\n")
    return b"\r\n".join(line[1:] if line.startswith(b".") else line for line in lines)


@pytest.mark.parametrize("name", NAMES)
def test_a_mail_client_reads_every_header_and_part(name):
    raw = _wire(name)
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()  # without SMTPUTF8: encoded words and IDNA only
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF line ends only
    for line in head.split(b"\r\n"):
        # Folded within 78 characters, except a single word that cannot be broken.
        assert len(line) <= 78 or b" " not in line.strip(), line
    for word in re.findall(rb"=\?[^?]+\?[bBqQ]\?[^?]*\?=", head):
        assert len(word) <= 75, word  # RFC 2047 2
    message = email.message_from_bytes(raw, policy=policy.default)
    address = "statements@xn--bcher-kva.example"
    # RFC 2047 6.2: the space between two encoded words is not part of the name
    # (decode_header joins them; the header registry's phrase parser keeps it).
    raw_from = re.search(rb"^From: (.*?)\r\n(?! )", head + b"\r\n", re.M | re.S).group(1)
    decoded = str(make_header(decode_header(raw_from.replace(b"\r\n", b"").decode())))
    if name and not name.isascii():
        assert decoded == f"{name} <{address}>"
    elif name:
        assert message["From"].addresses[0].display_name == name
    assert message["From"].addresses[0].addr_spec == address
    assert str(message["To"]) == "boss@example.net"
    assert str(message["Subject"]) == "A2000ERP e-mail settings test"
    assert abs(parsedate_to_datetime(str(message["Date"])).timestamp() - time.time()) < 60
    assert re.fullmatch(r"<\d+\.\d+\.\d+@xn--bcher-kva\.example>", str(message["Message-ID"]))
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    assert plain["Content-Transfer-Encoding"] == "quoted-printable"
    text = plain.get_content().replace("\r\n", "\n")
    assert text.startswith((name or "statements@bücher.example") + "\n")
    assert "Sent from: statements@bücher.example\n" in text
    assert "Logo: https://cdn.example.com/logo.png?a=1&b=2\n" in text
    assert "secret" not in raw.decode("utf-8")
    page = message.get_body(("html",)).get_content()
    assert '<img src="https://cdn.example.com/logo.png?a=1&amp;b=2"' in page
    assert "&lt;" in page if "<" in name else True
    assert not message.defects and not any(part.defects for part in message.walk())


@pytest.mark.parametrize("name", ["Müller & Söhne", " ".join(["Abc"] * 30)])
def test_with_smtputf8_the_name_goes_as_utf8(name):
    raw = _wire(name, utf8=True)
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"=?utf-8?" not in head
    message = email.message_from_string(raw.decode("utf-8"), policy=policy.default)
    assert message["From"].addresses[0].display_name == name


def test_a_line_starting_with_a_dot_is_stuffed():
    settings = EmailSettings().replace(sender_email="a@example.com", sender_name="X",
                                       logo_url="")
    message = build_test_message(settings, "b@example.com", security_label="SSL/TLS",
                                 server_label=".hidden.example:465")
    stuffed = dot_stuffed(message)
    assert b"\r\n..hidden" not in stuffed  # the label is inside a line here
    # Every line that begins with "." carries the doubled dot on the wire.
    for line in message.as_bytes().split(b"\r\n"):
        if line.startswith(b"."):
            assert b"\r\n." + line + b"\r\n" in stuffed


def test_each_message_has_its_own_id_and_boundary():
    first, second = _wire("A"), _wire("A")
    ids = [email.message_from_bytes(raw)["Message-ID"] for raw in (first, second)]
    assert ids[0] != ids[1]
    boundaries = [re.search(rb'boundary="([^"]+)"', raw).group(1) for raw in (first, second)]
    assert boundaries[0] != boundaries[1]
