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

# Patterns as strings: re compiles and caches each on first use, so importing this module
# (at start-up, with the dialog) costs nothing.

_CLI_OPTION = r",?\s*(?:or\s+)?--[a-z][\w-]*(?:[ =](?:[A-Z][A-Z\[\]:_]*|N|PATH))*"
_EMPTY_PARENS = r"\s*\(\s*\)"
_CODE_PARENS = r"\s*\([a-z]+(?:_[a-z0-9]+)+\)"  # "(basic_auth_retiring)"
_RCODE_PARENS = r"\s*\((?:SERVFAIL|NXDOMAIN|REFUSED|NOERROR|rcode \w+)\)"
_SSL_TAG = r"\[SSL(?:: [A-Z_]+)?\]\s*"
_SSL_SOURCE = r"\s*\(_ssl\.c:\d+\)"
_ERRNO = r"\[(?:Errno|WinError) -?\d+\]\s*"
_VERIFY_FAILED = r"(?i)(?:certificate verify failed:?\s*)+"
_WORDS = (
    (r"(?i)\bDNS:\s*servfail\b", "the DNS server reported a failure"),
    (r"(?i)\bDNS:\s*nxdomain\b", "the name does not exist in DNS"),
    (r"(?i)\bDNS:\s*timeout\b", "the DNS server did not answer"),
    (r"(?i)\bservfail\b", "DNS server failure"),
    (r"(?i)\bnxdomain\b", "no such name"),
)
_MODE_PARENS = r"(?i)\((ssl|starttls)\)"
SECURITY_WORDS = {"ssl": "SSL/TLS", "starttls": "STARTTLS", "none": "no encryption",
                  "auto": "Auto"}


def plain_words(text: str) -> str:
    """`text` without command-line options, DNS codes or library tags."""
    if not text:
        return text
    text = re.sub(_RCODE_PARENS, "", text)
    text = re.sub(_CODE_PARENS, "", text)
    text = re.sub(_CLI_OPTION, "", text)
    text = re.sub(_EMPTY_PARENS, "", text)
    text = re.sub(_SSL_SOURCE, "", re.sub(_SSL_TAG, "", text))
    text = re.sub(_ERRNO, "", text)
    text = re.sub(_VERIFY_FAILED, "the certificate is not trusted: ", text)
    text = text.replace("not trusted: )", "not trusted)").replace("not trusted: .", "not trusted.")
    text = re.sub(r"not trusted: $", "not trusted", text)
    for pattern, words in _WORDS:
        text = re.sub(pattern, words, text)
    text = re.sub(_MODE_PARENS, lambda m: f"({SECURITY_WORDS[m.group(1).lower()]})", text)
    # A space left before punctuation by a removed part goes, but not the one before a
    # name that starts with a dot ("a .local or .test address").
    text = re.sub(r"\s+([.,;:])(?=\s|$)", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()


_URL = r"https?://[^\s<>\"')]+[^\s<>\"').,;:]"
_URL_HOST = re.compile(r"https://([A-Za-z0-9.-]+)(?:[/?#]|$)")

# The help pages our own fixes point to. A server's reply, a web page or an autoconfig
# file is shown inside findings too; an address in it stays plain text, so a hostile
# server cannot put a clickable phishing link ("re-enter your password at …") into our
# result. tests/ui/kit/test_admin_words.py checks that every address in our fixes is here.
OWN_HELP_HOSTS = frozenset({
    "myaccount.google.com", "mail.google.com", "outlook.office.com", "outlook.live.com",
    "check.spamhaus.org", "sender.office.com",
})


def linkify(escaped_html: str) -> str:
    """Addresses of our own help pages in already-escaped text as clickable links (the
    label needs setOpenExternalLinks(True)); every other address stays plain text."""
    def link(match: re.Match[str]) -> str:
        url = match.group(0)
        host = _URL_HOST.match(url)
        if host is None or host.group(1).lower() not in OWN_HELP_HOSTS:
            return url
        return f"<a href=\"{url}\">{url}</a>"

    return re.sub(_URL, link, escaped_html)
