"""The admin's words: what a window shows instead of command-line options, DNS response
codes and library error strings.

Findings are shared by the command line and the windows, so their fix may say "(or
--dns-server)" for the terminal user; a window says only where in the app to change it.
Library messages ("[SSL: CERTIFICATE_VERIFY_FAILED] … (_ssl.c:1006)", "[Errno 111]",
"servfail") become the plain sentence they mean. The untouched text stays in the
transcript and the copied report, for the vendor's support.
"""

from __future__ import annotations

import re

_CLI_OPTION = re.compile(r",?\s*(?:or\s+)?--[a-z][\w-]*(?:[ =](?:[A-Z][A-Z\[\]:_]*|N|PATH))*")
_EMPTY_PARENS = re.compile(r"\s*\(\s*\)")
_RCODE_PARENS = re.compile(r"\s*\((?:SERVFAIL|NXDOMAIN|REFUSED|NOERROR|rcode \w+)\)")
_SSL_TAG = re.compile(r"\[SSL(?:: [A-Z_]+)?\]\s*")
_SSL_SOURCE = re.compile(r"\s*\(_ssl\.c:\d+\)")
_ERRNO = re.compile(r"\[(?:Errno|WinError) -?\d+\]\s*")
_VERIFY_FAILED = re.compile(r"(?:certificate verify failed:?\s*)+", re.IGNORECASE)
_WORDS = (
    (re.compile(r"\bDNS:\s*servfail\b", re.IGNORECASE), "the DNS server reported a failure"),
    (re.compile(r"\bDNS:\s*nxdomain\b", re.IGNORECASE), "the name does not exist in DNS"),
    (re.compile(r"\bDNS:\s*timeout\b", re.IGNORECASE), "the DNS server did not answer"),
    (re.compile(r"\bservfail\b", re.IGNORECASE), "DNS server failure"),
    (re.compile(r"\bnxdomain\b", re.IGNORECASE), "no such name"),
)
_MODE_PARENS = re.compile(r"\((ssl|starttls)\)", re.IGNORECASE)
SECURITY_WORDS = {"ssl": "SSL/TLS", "starttls": "STARTTLS", "none": "no encryption",
                  "auto": "Auto"}


def plain_words(text: str) -> str:
    """`text` without command-line options, DNS codes or library tags."""
    if not text:
        return text
    text = _RCODE_PARENS.sub("", text)
    text = _CLI_OPTION.sub("", text)
    text = _EMPTY_PARENS.sub("", text)
    text = _SSL_SOURCE.sub("", _SSL_TAG.sub("", text))
    text = _ERRNO.sub("", text)
    text = _VERIFY_FAILED.sub("the certificate is not trusted: ", text)
    text = text.replace("not trusted: )", "not trusted)").replace("not trusted: .", "not trusted.")
    text = re.sub(r"not trusted: $", "not trusted", text)
    for pattern, words in _WORDS:
        text = pattern.sub(words, text)
    text = _MODE_PARENS.sub(lambda m: f"({SECURITY_WORDS[m.group(1).lower()]})", text)
    text = re.sub(r"\s+([.,;:])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


_URL = re.compile(r"https?://[^\s<>\"')]+[^\s<>\"').,;:]")


def linkify(escaped_html: str) -> str:
    """Web addresses in already-escaped text as clickable links (the label needs
    setOpenExternalLinks(True))."""
    return _URL.sub(lambda m: f"<a href=\"{m.group(0)}\">{m.group(0)}</a>", escaped_html)
