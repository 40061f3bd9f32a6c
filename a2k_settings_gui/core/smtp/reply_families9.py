"""Phrase families learnt from the kinds of round 9's misses (tests/data/replies/
held_out_round9.yml, tuning material since its one measurement), kept to the replies
both blind readers labelled alike. Each wording with its source in
tests/data/replies/documented_families.yml ("round-9 families"). reply_families.
PROVIDER_TEXTS splices them in after the round-8 families, so they are tried with the
provider rules, before the words and the code: several of these replies carry a word
("spam", "mailbox", "black listed") that an older family would take for another cause.
"""

from __future__ import annotations

from a2k_settings_gui.core.smtp.reply_diagnoses import (
    DELIVERY_STAGES,
    IP_BLOCKED,
    MAILBOX_DISABLED,
    RATE_LIMITED,
    RELAY_DENIED,
    TLS_STAGES,
)
from a2k_settings_gui.core.smtp.reply_rule import D, ReplyRule

# The server said yes to STARTTLS and then could not finish the handshake (Poste.io's
# "500 TLS Negotiation Failed", Exchange's "554 5.7.3 Unable to initialize security
# subsystem"). Said at the EHLO after it too, so the stage alone does not tell.
TLS_NEGOTIATION = D("tls_handshake_failed", "error",
    "{host} accepted STARTTLS but the encryption could not be set up ({reply}).",
    "On A2000ERP's Email Setting screen try Port 465 (A2000ERP uses SSL/TLS on it) if the "
    "provider offers it, and type the same Port here. If that fails too, tell the mail "
    "server's admin: its TLS set-up (certificate, protocol versions) refuses this client.")

# The From header names an address or domain the login may not use: cPanel/Exim's "Your
# domain … is not allowed in header From" (Namecheap), Postal's "From/Sender name is not
# valid", Postfix's "Sender or From header address rejected: not owned by authorized
# user". A2000ERP writes the Sender Email ID into From.
HEADER_FROM = D("sender_not_allowed", "error",
    "The server refused the message because its From address ({sender}) is not one the "
    "login {login} may send as, or its domain is not hosted for this account ({reply}).",
    "On A2000ERP's Email Setting screen make the Sender Email ID the address of the mailbox "
    "you log in with (or an address of a domain the provider hosts for you), type the same "
    "here and test again.")

# Amazon SES (its SMTP response codes page): the IAM user behind the SMTP credentials, or
# the identity's sending authorization policy, does not allow ses:SendRawEmail on it.
SES_NOT_AUTHORISED = D("sender_not_allowed", "error",
    "Amazon SES refused: the SMTP user is not allowed to send as this identity "
    "({sender}); its IAM policy does not grant ses:SendRawEmail on it ({reply}).",
    "On A2000ERP's Email Setting screen check that the Sender Email ID is an address (or "
    "of a domain) verified in this SES account and region. If it is, an AWS admin must "
    "give the SMTP credentials' IAM user ses:SendRawEmail on that identity (IAM console > "
    "Users > Permissions); no deny in a policy or an SCP may block it.")

# A sending service that has not verified the sender: Tencent Cloud SES's
# FailedOperation.NotAuthenticatedSender ("发件sender没有经过认证").
SENDER_NOT_VERIFIED = D("sender_not_allowed", "error",
    "The sending service has not verified {sender} as a sender of this account "
    "({reply}).",
    "On A2000ERP's Email Setting screen make the Sender Email ID an address the sending "
    "service has verified (its console's sender addresses / sender domains), or verify "
    "{sender} there first.")

# The sender's domain has no MX (or A) record, or the envelope sender was empty or not a
# domain at all: hMailServer's "Sender domain does not have any MX records", GoDaddy's
# "MAILFROM must be a valid domain … has a valid MX or A record".
SENDER_DOMAIN_NO_MX = D("sender_address_invalid", "error",
    "The server refused the sender {sender}: its domain has no MX (or A) record, or the "
    "address is not a full address with a domain ({reply}).",
    "On A2000ERP's Email Setting screen check the Sender Email ID: a full address "
    "(name@domain) with the office's real domain, spelt right. Then run Check Domain: the "
    "domain needs MX (or A) records in public DNS.")

ROUND9_TEXTS: tuple[ReplyRule, ...] = (
    ReplyRule(TLS_NEGOTIATION, stages=TLS_STAGES, codes=("4xx", "5xx"),
              text=r"\b(tls|ssl|starttls) (negotiation|handshake) (failed|failure|error)|"
                   r"unable to initiali[sz]e (the )?security subsystem"),
    ReplyRule(HEADER_FROM, codes=("5xx",),
              text=r"not allowed in\s+header from|"
                   r"(incorrect|invalid|wrong|bad|unauthori[sz]ed) (sender|from) header|"
                   r"(sender|from) (or (sender|from) )?header (address )?(rejected|not "
                   r"allowed|not owned)|^ ?from/sender name is not valid"),
    ReplyRule(SES_NOT_AUTHORISED, codes=("5xx",),
              text=r"not authori[sz]ed to perform .{0,2}ses:send(raw)?email"),
    ReplyRule(SENDER_NOT_VERIFIED, codes=("4xx", "5xx"),
              text=r"notauthenticatedsender|发件sender没有经过认证"),
    ReplyRule(SENDER_DOMAIN_NO_MX, codes=("4xx", "5xx"),
              text=r"sender('?s)? domain (does not|doesn'?t) have (any )?(mx|a|dns)|"
                   r"(sender|mail ?from) domain .{0,30}has no (mx|a) (or (mx|a) )?record|"
                   r"mail ?from must be a valid domain"),
    # A count per hour refused ("exceeded hour limit", cPanel's "exceeded the max emails
    # per hour"), whatever else the reply calls the mail ("send spam mail rejected").
    ReplyRule(RATE_LIMITED, codes=("4xx", "5xx"),
              text=r"exceeded (the |your |its )?(hour|hourly|per hour) (sending |send |"
                   r"message |mail |e-?mail )?limit|hourly (sending |send |message |mail )?"
                   r"limit (exceeded|reached)"),
    # qmail's rcpthosts: the recipient's domain is not one it takes mail for, and it
    # relays only for clients that logged in or are allowed to relay.
    ReplyRule(RELAY_DENIED, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"\brcpt ?hosts\b"),
    # A recipient account closed for good (Mail.ru's "user is terminated"); "your account"
    # is the sender's own.
    ReplyRule(MAILBOX_DISABLED, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"(?<!your )(user|account|mailbox|recipient) (is |has been |was )?"
                   r"terminated\b"),
    # United Internet's (1&1 / IONOS, GMX, WEB.DE) Nemesis greeting "IP address is black
    # listed" with its own code bip: the provider's own list, no public DNSBL named.
    ReplyRule(IP_BLOCKED, codes=("5xx",), stages=("greeting",),
              text=r"ip address is black ?listed\.?(?!.{0,60}\b(spamhaus|spamcop|sorbs|"
                   r"barracuda|uceprotect)\b)"),
)
