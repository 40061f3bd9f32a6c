"""The plain diagnosis of each finding code, for a reply read by its words alone.

When the word model (reply_words.py) names the cause, no phrase rule matched, so there is
no rule whose message was written for this wording. The finding then uses the rules'
own general diagnosis of that code: the same message and fix an admin sees when a common
wording of that cause is recognised. They are picked from the rule tables by the start
of their message, so no text is written twice; a test checks every code the model knows
has one, or is deliberately left to the provider rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from a2k_settings_gui.core.smtp import reply_words
from a2k_settings_gui.core.smtp.reply_rule import PERMANENT_ONLY_CODES, TEMPORARY_CODES, Diagnosis

# Code -> how its general diagnosis's message starts.
GENERAL_MESSAGE: dict[str, str] = {
    "auth_failed": "The server did not accept the user name and password",
    "auth_mechanism_rejected": "The server rejected the login method",
    "auth_not_offered": "{host} does not take a password login",
    "auth_required": "The server requires a login before it accepts mail",
    "connection_rejected": "{host} refuses to talk to this computer",
    "content_rejected": "The receiving server judged the message content",
    "dmarc_rejected": "The receiving server refused the message because {sender}'s domain "
                      "has a DMARC policy",
    "ip_blocked": "The receiving provider has blocked mail from this IP address",
    "ip_blocklisted": "The sending IP address is on a public block list",
    "mailbox_disabled": "The recipient's mailbox {recipient} is disabled",
    "mailbox_full": "The recipient's mailbox {recipient} is full",
    "message_too_large": "The message is bigger than the server accepts",
    "policy_rejected": "The receiving server refused the message for a security or policy",
    "quota_exceeded": "The account reached its daily sending limit",
    "rate_limited": "The server refuses more mail from this sender or IP for now",
    "recipient_rejected": "The server refused the recipient {recipient}",
    "relay_denied": "The server refuses to pass mail on for this connection",
    "reverse_dns_missing": "The receiving server refused mail from this IP address because "
                           "it has no matching reverse DNS",
    "sender_address_invalid": "The server refused the sender address {sender}",
    "sender_blocked": "The provider has blocked {sender} (or its whole organisation)",
    "sender_domain_reserved": "The server refused the sender because its domain is a "
                              "reserved name",
    "sender_not_allowed": "The server refused {sender} as the sender",
    "sender_reputation": "The receiver distrusts mail from this sender",
    "server_busy": "The receiving mail system is full or not taking messages",
    "server_rejected": "The server refused at the '{stage}' step",
    "spf_rejected": "The receiving server refused the message because the SPF record",
    "starttls_not_offered": "{host} does not offer STARTTLS on this port",
    "starttls_required": "The server refused because the connection is not encrypted",
    "temporary_failure": "The server had a temporary problem",
    "tls_handshake_failed": "{host} offered STARTTLS but could not start encryption",
    "unauthenticated_sender": "The receiving server blocked the message because {sender}'s "
                              "domain could not be authenticated",
}

# Codes whose every diagnosis names one provider's own remedy (Google's app passwords and
# web sign-in, Microsoft 365's SMTP AUTH switch): only the provider rules give them.
PROVIDER_ONLY = frozenset({"app_password_required", "basic_auth_disabled",
                           "web_login_required"})


def general_diagnoses(diagnoses: Iterable[Diagnosis]) -> dict[str, Diagnosis]:
    """Code -> its general diagnosis, found among `diagnoses` (every rule's)."""
    found: dict[str, Diagnosis] = {}
    for diagnosis in diagnoses:
        start = GENERAL_MESSAGE.get(diagnosis.code)
        if start and diagnosis.code not in found and diagnosis.message.startswith(start):
            found[diagnosis.code] = diagnosis
    return found


class WordReader:
    """The word model's reading of a reply as a Diagnosis, or None when it is not sure
    enough. `diagnoses` lists every rule's diagnosis; it is asked on the first reading,
    when the rule tables are complete."""

    def __init__(self, diagnoses: Callable[[], Iterable[Diagnosis]]) -> None:
        self._diagnoses = diagnoses
        self._general: dict[str, Diagnosis] = {}

    def read(self, stage: str, code: int, enhanced: str, text: str) -> Diagnosis | None:
        if not self._general:
            self._general = general_diagnoses(self._diagnoses())
        klass = str(code)[:1]

        def allowed(found: str) -> bool:  # a known cause that keeps the basic code's class
            return found in self._general and not (
                (klass == "5" and found in TEMPORARY_CODES)
                or (klass == "4" and found in PERMANENT_ONLY_CODES))

        return self._general.get(reply_words.guess(stage, code, enhanced, text, allowed))
