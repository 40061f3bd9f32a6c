"""Enhanced mail system status codes (RFC 3463, RFC 5248): what every registered code means.

An enhanced code is class.subject.detail ("5.2.2"). The class says how lasting the failure
is (2 success, 4 persistent transient, 5 permanent), the subject says what area failed,
the detail names the condition. `REGISTERED` is the IANA "SMTP Enhanced Status Codes"
registry (https://www.iana.org/assignments/smtp-enhanced-status-codes, updated 2024-12-06;
RFC 3463, 3886, 4468, 4865, 4954, 5248, 6531, 6710, 7293, 7372, 7505, 8617, 8689),
keyed by "subject.detail". A code that is not registered (providers invent their own, e.g.
Microsoft's 5.7.509) still has a class and a subject, and `meaning()` falls back to those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CLASSES = {
    "2": "success",
    # No brackets inside: meaning() puts the class in brackets after the code's words.
    "4": "temporary failure, may work if tried again later",
    "5": "permanent failure, will not work until something is changed",
}

SUBJECTS = {
    "0": "other or undefined status",
    "1": "addressing status (a sender or recipient address)",
    "2": "mailbox status (the recipient's mailbox)",
    "3": "mail system status (the receiving system)",
    "4": "network and routing status",
    "5": "mail delivery protocol status",
    "6": "message content or media status",
    "7": "security or policy status",
}

REGISTERED: dict[str, str] = {
    "0.0": "Other undefined status",
    "1.0": "Other address status",
    "1.1": "Bad destination mailbox address",
    "1.2": "Bad destination system address",
    "1.3": "Bad destination mailbox address syntax",
    "1.4": "Destination mailbox address ambiguous",
    "1.5": "Destination address valid",
    "1.6": "Destination mailbox has moved, no forwarding address",
    "1.7": "Bad sender's mailbox address syntax",
    "1.8": "Bad sender's system address",
    "1.9": "Message relayed to non-compliant mailer",
    "1.10": "Recipient address has null MX",
    "2.0": "Other or undefined mailbox status",
    "2.1": "Mailbox disabled, not accepting messages",
    "2.2": "Mailbox full",
    "2.3": "Message length exceeds administrative limit",
    "2.4": "Mailing list expansion problem",
    "3.0": "Other or undefined mail system status",
    "3.1": "Mail system full",
    "3.2": "System not accepting network messages",
    "3.3": "System not capable of selected features",
    "3.4": "Message too big for system",
    "3.5": "System incorrectly configured",
    "3.6": "Requested priority was changed",
    "4.0": "Other or undefined network or routing status",
    "4.1": "No answer from host",
    "4.2": "Bad connection",
    "4.3": "Directory server failure",
    "4.4": "Unable to route",
    "4.5": "Mail system congestion",
    "4.6": "Routing loop detected",
    "4.7": "Delivery time expired",
    "5.0": "Other or undefined protocol status",
    "5.1": "Invalid command",
    "5.2": "Syntax error",
    "5.3": "Too many recipients",
    "5.4": "Invalid command arguments",
    "5.5": "Wrong protocol version",
    "5.6": "Authentication exchange line is too long",
    "6.0": "Other or undefined media error",
    "6.1": "Media not supported",
    "6.2": "Conversion required and prohibited",
    "6.3": "Conversion required but not supported",
    "6.4": "Conversion with loss performed",
    "6.5": "Conversion failed",
    "6.6": "Message content not available",
    "6.7": "Non-ASCII addresses not permitted for that sender/recipient",
    "6.8": "UTF-8 string reply is required, but not permitted by the SMTP client",
    "6.9": "UTF-8 header message cannot be transferred to one or more recipients",
    "6.10": "UTF-8 string reply is required, but not permitted by the SMTP client",
    "7.0": "Other or undefined security status",
    "7.1": "Delivery not authorized, message refused",
    "7.2": "Mailing list expansion prohibited",
    "7.3": "Security conversion required but not possible",
    "7.4": "Security features not supported",
    "7.5": "Cryptographic failure",
    "7.6": "Cryptographic algorithm not supported",
    "7.7": "Message integrity failure",
    "7.8": "Authentication credentials invalid",
    "7.9": "Authentication mechanism is too weak",
    "7.10": "Encryption needed",
    "7.11": "Encryption required for requested authentication mechanism",
    "7.12": "A password transition is needed",
    "7.13": "User account disabled",
    "7.14": "Trust relationship required",
    "7.15": "Priority level is too low",
    "7.16": "Message is too big for the specified priority",
    "7.17": "Mailbox owner has changed",
    "7.18": "Domain owner has changed",
    "7.19": "RRVS test cannot be completed",
    "7.20": "No passing DKIM signature found",
    "7.21": "No acceptable DKIM signature found",
    "7.22": "No valid author-matched DKIM signature found",
    "7.23": "SPF validation failed",
    "7.24": "SPF validation error",
    "7.25": "Reverse DNS validation failed",
    "7.26": "Multiple authentication checks failed",
    "7.27": "Sender address has null MX",
    "7.28": "Mail flood detected",
    "7.29": "ARC validation failure",
    "7.30": "REQUIRETLS support required",
}

# Codes whose detail says nothing beyond the subject: the text or the basic code decides.
GENERIC = frozenset({"0.0", "1.0", "2.0", "3.0", "4.0", "5.0", "6.0", "7.0", "7.1"})

_SHAPE = re.compile(r"^([245])\.(\d{1,3})\.(\d{1,3})$")


@dataclass(frozen=True)
class EnhancedCode:
    klass: str
    subject: str
    detail: str

    @property
    def key(self) -> str:
        return f"{self.subject}.{self.detail}"

    @property
    def registered(self) -> bool:
        return self.key in REGISTERED

    @property
    def generic(self) -> bool:
        return self.key in GENERIC

    @property
    def lasting(self) -> bool:
        return self.klass == "5"

    def registered_words(self) -> str:
        """The registry's words ('Mailbox full'), or the subject when not registered."""
        if self.registered:
            return REGISTERED[self.key]
        return SUBJECTS.get(self.subject, "an unknown subject")

    def meaning(self, klass: str = "") -> str:
        """'Mailbox full (permanent failure …)', or the class and subject when unknown.
        `klass` overrides the code's own class: the reply's basic code decides it."""
        klass = CLASSES.get(klass or self.klass, "unknown class")
        if self.registered:
            return f"{REGISTERED[self.key]} ({klass})"
        subject = SUBJECTS.get(self.subject, "unknown subject")
        return f"a code not in the IANA registry: {subject}, {klass}"

    def __str__(self) -> str:
        return f"{self.klass}.{self.subject}.{self.detail}"


def parse(enhanced: str) -> EnhancedCode | None:
    match = _SHAPE.match((enhanced or "").strip())
    if not match:
        return None
    klass, subject, detail = match.groups()
    return EnhancedCode(klass, str(int(subject)), str(int(detail)))


# An enhanced code written inside the words rather than after the basic code: qmail's
# "(#5.7.1)", Exim's and Yahoo's "[#4.16.1]", Cisco's "#5.1.0 Address rejected", Barracuda's
# "5.7.1 ..." after a dash. Not part of a longer dotted number (an IP address, a version).
_IN_TEXT = re.compile(r"(?<![\w.])#?([245]\.\d{1,3}\.\d{1,3})(?![\w.]*\d)")


def written_in_text(text: str, code: int) -> str:
    """The first enhanced code written in the reply's words whose class is the basic
    code's ("" when there is none): servers that do not put it first still state it."""
    klass = str(code)[:1]
    for match in _IN_TEXT.finditer(text or ""):
        if match.group(1)[0] == klass:
            return match.group(1)
    return ""


def meaning(enhanced: str) -> str:
    code = parse(enhanced)
    return code.meaning() if code else ""
