"""The test e-mail: a real RFC 5322 message shaped like an A2000ERP e-statement header.

The admin wants to see what customers will see: the sender name, the company logo at the
configured size (loaded from the Company Logo URL, as the ERP does), and a statement-style
header. multipart/alternative gives plain-text readers a readable version too.
"""

from __future__ import annotations

import html
import os
from email.charset import QP, Charset
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate, make_msgid

from a2k_settings_gui.core.net.http import without_credentials
from a2k_settings_gui.core.net.idn import to_ascii
from a2k_settings_gui.core.settings import EmailSettings, without_forbidden_characters

SUBJECT = "A2000ERP e-mail settings test"


def _domain_of(address: str) -> str:
    domain = address.rpartition("@")[2] or "localhost"
    try:
        return to_ascii(domain)
    except ValueError:
        return "localhost"


# The classic MIME classes (compat32) build this message ~10x faster than EmailMessage's
# header registry; the output is the same RFC 5322 text.
_WIRE = compat32.clone(linesep="\r\n")
# Quoted-printable keeps the raw message readable (base64 is the utf-8 default).
_UTF8_QP = Charset("utf-8")
_UTF8_QP.body_encoding = QP


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


def build_test_message(
    settings: EmailSettings, recipient: str, *, security_label: str, server_label: str,
    utf8: bool = False,
) -> Message:
    """`utf8`: the server offered SMTPUTF8 and an address needs it; send with dot_stuffed(
    message, utf8=True) then."""
    # Validation refuses control characters in every field; this is the second guard, so
    # no value can start a new header whatever path it came by (0x1C once became
    # CRLF + "Reply-To" on the wire).
    sender = without_forbidden_characters(settings.sender_email)
    recipient = without_forbidden_characters(recipient)
    sender_name = without_forbidden_characters(settings.sender_name).strip()
    company = sender_name or sender
    # A user:password@ in the logo address never goes into an e-mail (check-logo says so).
    logo_url = without_credentials(settings.logo_url)
    # Our own boundary: the generator would otherwise compile a fresh regex per message to
    # pick one (~0.5 ms). The parts are our own text and never contain this string.
    message = MIMEMultipart("alternative", boundary=f"=_a2k_{os.urandom(16).hex()}")
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=_domain_of(sender))
    # charset: a non-ASCII sender name is RFC 2047-encoded, never sent raw.
    from_address = _ascii_address(sender)
    if utf8:
        message["From"] = _utf8_mailbox(sender_name, from_address)
    else:
        message["From"] = (formataddr((sender_name, from_address), charset="utf-8")
                           if sender_name else from_address)
    message["To"] = _ascii_address(recipient)
    message["Subject"] = SUBJECT
    message["X-Mailer"] = "A2000ERP Email Settings tool"

    plain = (
        f"{company}\n"
        "STATEMENT OF ACCOUNT (TEST)\n\n"
        "This is a test e-mail from the A2000ERP Email Setting screen.\n"
        "If you can read it, e-statements from this sender will go out.\n\n"
        f"Sent from: {sender}\n"
        f"Server: {server_label} ({security_label})\n"
        + (f"Logo: {logo_url}\n" if logo_url else "")
    )
    message.attach(MIMEText(plain, "plain", _UTF8_QP))  # type: ignore[arg-type]
    message.attach(MIMEText(_html(settings.replace(logo_url=logo_url), company, sender,
                                  security_label, server_label),
                            "html", _UTF8_QP))  # type: ignore[arg-type]
    return message


def _html(
    settings: EmailSettings, company: str, sender: str, security_label: str, server_label: str
) -> str:
    esc = html.escape
    logo = ""
    if settings.logo_url:
        # Both HTML attributes and CSS: Outlook obeys the attributes, webmail the style.
        logo = (
            f'<img src="{esc(settings.logo_url, quote=True)}" alt="{esc(company)}" '
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


def dot_stuffed(message: Message, utf8: bool = False) -> bytes:
    """The DATA payload: CRLF lines, leading dots doubled (RFC 5321 §4.5.2), end marker."""
    if utf8:
        # RFC 6532: with SMTPUTF8 the headers carry UTF-8 as it is (an address is never an
        # RFC 2047 word, which would arrive as "=?utf-8?b?...?=@domain", an address nobody
        # has). Imported only then: email.policy's header registry is large.
        from email.policy import SMTPUTF8

        data = message.as_bytes(policy=SMTPUTF8)
    else:
        data = message.as_bytes(policy=_WIRE)
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    stuffed = [b"." + line if line.startswith(b".") else line for line in lines]
    return b"\r\n".join(stuffed) + b"\r\n.\r\n"
