"""The test e-mail: a real RFC 5322 message shaped like an A2000ERP e-statement header.

The admin wants to see what customers will see: the sender name, the company logo at the
configured size (loaded from the Company Logo URL, as the ERP does), and a statement-style
header. multipart/alternative gives plain-text readers a readable version too.
"""

from __future__ import annotations

import binascii
import os
import time
from email.quoprimime import body_encode

from a2k_settings_gui.core.net.http import without_credentials
from a2k_settings_gui.core.net.idn import to_ascii
from a2k_settings_gui.core.settings import EmailSettings, without_forbidden_characters

SUBJECT = "A2000ERP e-mail settings test"
# RFC 5322 2.1.1: lines SHOULD stay within 78 characters; longer header values are folded.
MAX_LINE = 78
# RFC 2047 2: an encoded word is at most 75 characters. "=?utf-8?b?" + "?=" leave 63 for
# base64, i.e. 15 groups of 4 characters = 45 bytes of UTF-8 per word.
_WORD_BYTES = 45
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
           "Dec")
# RFC 5322 3.2.3 specials (as email.utils.formataddr quotes them).
_SPECIALS = frozenset('()<>[]:;@\\,."')


def _domain_of(address: str) -> str:
    domain = address.rpartition("@")[2] or "localhost"
    try:
        return to_ascii(domain)
    except ValueError:
        return "localhost"


def _ascii_address(address: str) -> str:
    """An internationalised domain in its ASCII (IDNA) form, as servers without SMTPUTF8
    expect it in headers. A non-ASCII local part stays as typed (needs SMTPUTF8)."""
    local, _, domain = address.rpartition("@")
    try:
        return f"{local}@{to_ascii(domain)}"
    except ValueError:
        return address


def _utf8_mailbox(name: str, address: str) -> str:
    """'"Name" <address>' with raw UTF-8 (RFC 6532), the name as a quoted string."""
    if not name:
        return address
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{quoted}" <{address}>'


def _encoded_words(text: str) -> str:
    """RFC 2047 "B" encoded words of UTF-8, each at most 75 characters, split between
    characters (never inside one), separated by spaces (ignored between encoded words)."""
    words, chunk = [], b""
    for char in text:
        data = char.encode("utf-8")
        if len(chunk) + len(data) > _WORD_BYTES:
            words.append(chunk)
            chunk = b""
        chunk += data
    words.append(chunk)
    return " ".join(f"=?utf-8?b?{binascii.b2a_base64(w, newline=False).decode()}?="
                    for w in words)


def _mailbox(name: str, address: str) -> str:
    """'Name <address>' for an ASCII header (what email.utils.formataddr writes): a name
    with specials as a quoted string, a non-ASCII name as RFC 2047 encoded words."""
    address.encode("ascii")  # an address that needs SMTPUTF8 is never written here
    if not name:
        return address
    if not name.isascii():
        return f"{_encoded_words(name)} <{address}>"
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    if _SPECIALS.intersection(name):
        return f'"{escaped}" <{address}>'
    return f"{escaped} <{address}>"


def _date(now: float) -> str:
    """RFC 5322 3.3 date-time in local time with its offset, English names whatever the
    locale: "Sun, 06 Dec 2026 21:49:47 +0100"."""
    t = time.localtime(now)
    offset = (t.tm_gmtoff or 0) // 60
    sign = "-" if offset < 0 else "+"
    offset = abs(offset)
    return (f"{_DAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year:04d} "
            f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} {sign}{offset // 60:02d}"
            f"{offset % 60:02d}")


def _message_id(now: float, domain: str) -> str:
    """RFC 5322 3.6.4: unique per message (time, process, 64 random bits), as
    email.utils.make_msgid builds it."""
    return (f"<{int(now * 100)}.{os.getpid()}."
            f"{int.from_bytes(os.urandom(8), 'big')}@{domain}>")


def _header(name: str, value: str) -> str:
    """One header field, folded (RFC 5322 2.2.3: a CRLF before a space) where its line
    would pass 78 characters; a single word longer than that stays whole."""
    words = value.split(" ")
    lines, line = [], f"{name}:"
    for word in words:
        if len(line) + 1 + len(word) > MAX_LINE and line.strip() not in ("", f"{name}:"):
            lines.append(line)
            line = ""
        line += " " + word
    lines.append(line)
    return "\r\n".join(lines)


class TestMessage:
    """The test e-mail as it goes on the wire: its headers (for the transcript) and the
    whole message as CRLF bytes."""

    __test__ = False  # not a pytest class

    def __init__(self, headers: list[tuple[str, str]], body: str, utf8: bool) -> None:
        self.headers = headers
        self.body = body
        self.utf8 = utf8

    def __getitem__(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()),
                    None)

    def as_bytes(self) -> bytes:
        head = "\r\n".join(_header(name, value) for name, value in self.headers)
        # Without SMTPUTF8 every header is ASCII by construction (encoded words, IDNA
        # domains; a non-ASCII local part is sent only with SMTPUTF8), so UTF-8 changes
        # nothing there; it only carries the raw UTF-8 headers RFC 6532 allows.
        return (head + "\r\n\r\n" + self.body).encode("utf-8")


def _text_part(text: str, subtype: str) -> str:
    """A text/* part in UTF-8, quoted-printable (keeps the raw message readable)."""
    encoded = body_encode(text.encode("utf-8").decode("latin-1"))
    return (f'Content-Type: text/{subtype}; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            + encoded.replace("\n", "\r\n"))


def build_test_message(
    settings: EmailSettings, recipient: str, *, security_label: str, server_label: str,
    utf8: bool = False,
) -> TestMessage:
    """`utf8`: the server offered SMTPUTF8 and an address needs it (RFC 6532: the headers
    then carry UTF-8 as it is; an address is never an RFC 2047 word, which would arrive
    as "=?utf-8?b?...?=@domain", an address nobody has).

    Written here rather than with the email package: the multipart/alternative message
    has two fixed text parts, and the package's import costs a command-line test-send
    more than the rest of its message work (tests compare the two outputs)."""
    # Validation refuses control characters in every field; this is the second guard, so
    # no value can start a new header whatever path it came by (0x1C once became
    # CRLF + "Reply-To" on the wire).
    sender = without_forbidden_characters(settings.sender_email)
    recipient = without_forbidden_characters(recipient)
    sender_name = without_forbidden_characters(settings.sender_name).strip()
    company = sender_name or sender
    # A user:password@ in the logo address never goes into an e-mail (check-logo says so).
    logo_url = without_credentials(settings.logo_url)
    # Our own boundary, random: the parts are our own text and never contain it.
    boundary = f"=_a2k_{os.urandom(16).hex()}"
    now = time.time()
    from_address = _ascii_address(sender)
    headers = [
        ("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
        ("MIME-Version", "1.0"),
        ("Date", _date(now)),
        ("Message-ID", _message_id(now, _domain_of(sender))),
        # A non-ASCII sender name is RFC 2047-encoded, never sent raw (unless SMTPUTF8).
        ("From", _utf8_mailbox(sender_name, from_address) if utf8
         else _mailbox(sender_name, from_address)),
        ("To", _ascii_address(recipient)),
        ("Subject", SUBJECT),
        ("X-Mailer", "A2000ERP Email Settings tool"),
    ]
    plain = (
        f"{company}\n"
        "STATEMENT OF ACCOUNT (TEST)\n\n"
        "This is a test e-mail from the A2000ERP Email Setting screen.\n"
        "If you can read it, e-statements from this sender will go out.\n\n"
        f"Sent from: {sender}\n"
        f"Server: {server_label} ({security_label})\n"
        + (f"Logo: {logo_url}\n" if logo_url else "")
    )
    page = _html(settings.replace(logo_url=logo_url), company, sender, security_label,
                 server_label)
    # RFC 2046 5.1.1: each part after "--boundary", the CRLF before a delimiter belongs to
    # it, the last delimiter ends in "--".
    body = (f"--{boundary}\r\n{_text_part(plain, 'plain')}\r\n"
            f"--{boundary}\r\n{_text_part(page, 'html')}\r\n--{boundary}--\r\n")
    return TestMessage(headers, body, utf8)


def _escape(text: str) -> str:
    """html.escape(text, quote=True) without importing html (its entity table is large)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def _html(
    settings: EmailSettings, company: str, sender: str, security_label: str, server_label: str
) -> str:
    esc = _escape
    logo = ""
    if settings.logo_url:
        # Both HTML attributes and CSS: Outlook obeys the attributes, webmail the style.
        logo = (
            f'<img src="{esc(settings.logo_url)}" alt="{esc(company)}" '
            f'width="{settings.logo_width}" height="{settings.logo_height}" '
            f'style="display:block;width:{settings.logo_width}px;'
            f'height:{settings.logo_height}px;border:0">'
        )
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(SUBJECT)}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;color:#222">
<table role="presentation" width="600" cellpadding="0" cellspacing="0"
 style="border-collapse:collapse;border:1px solid #d0d7de">
<tr><td style="padding:16px;border-bottom:2px solid #1f4e79">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr>
<td valign="middle">{logo}</td>
<td valign="middle" align="right" style="font-size:18px;font-weight:bold;color:#1f4e79">
{esc(company)}<br><span style="font-size:13px;font-weight:normal;color:#555">
STATEMENT OF ACCOUNT (TEST)</span></td>
</tr></table></td></tr>
<tr><td style="padding:16px;font-size:14px;line-height:1.5">
<p>This is a test e-mail from the A2000ERP <b>Email Setting</b> screen.</p>
<p>If you can read it, e-statements from <b>{esc(sender)}</b> will go out.</p>
<table cellpadding="4" cellspacing="0" style="border-collapse:collapse;font-size:13px">
<tr><td style="color:#555">Sent from</td><td>{esc(sender)}</td></tr>
<tr><td style="color:#555">Server</td><td>{esc(server_label)} ({esc(security_label)})</td></tr>
<tr><td style="color:#555">Logo size</td>
<td>{settings.logo_width} &times; {settings.logo_height} px</td></tr>
</table></td></tr></table>
</body></html>
"""


def dot_stuffed(message: TestMessage) -> bytes:
    """The DATA payload: CRLF lines, leading dots doubled (RFC 5321 §4.5.2), end marker."""
    data = message.as_bytes()
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    stuffed = [b"." + line if line.startswith(b".") else line for line in lines]
    return b"\r\n".join(stuffed) + b"\r\n.\r\n"
