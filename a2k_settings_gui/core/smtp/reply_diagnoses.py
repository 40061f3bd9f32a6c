"""The diagnoses the reply catalogue can give: a finding code, its severity, the words
and the fix for each cause of a refused reply. reply_causes.py says which words lead to
which of them; replies.py adds the provider-specific ones.
"""

from __future__ import annotations

from a2k_settings_gui.core.smtp.reply_rule import D

DELIVERY_STAGES = ("rcpt_to", "data", "message")
# The answer to STARTTLS: the step "starttls" in the product; the reply data files file
# it under "ehlo" (the step it belongs to), so a rule for it takes both.
TLS_STAGES = ("ehlo", "starttls")
AFTER_GREETING = ("ehlo", "starttls", "auth", "mail_from", "rcpt_to", "data", "message", "quit")

MAILBOX_FULL = D("mailbox_full", "error",
    "The recipient's mailbox {recipient} is full, so the server refused the message "
    "({reply}). Your settings and your domain are not the problem.",
    "Test with another recipient address. Tell this customer their mailbox is full: "
    "e-statements to it bounce until they free space.")
MAILBOX_DISABLED = D("mailbox_disabled", "error",
    "The recipient's mailbox {recipient} is disabled or suspended and takes no mail "
    "({reply}).",
    "Test with another recipient address, and correct or remove this customer's e-mail "
    "address in A2000ERP.")
RECIPIENT_UNKNOWN = D("recipient_rejected", "error",
    "The recipient mailbox {recipient} does not exist there ({reply}).",
    "Check the recipient address for typos, or test with another address.")
DMARC_REJECTED = D("dmarc_rejected", "error",
    "The receiving server refused the message because {sender}'s domain has a DMARC "
    "policy that rejects mail which passes neither SPF nor DKIM for that domain "
    "({reply}).",
    "Run Check Domain for the sender's domain: let SPF authorise {host} (your provider's "
    "include) and turn on DKIM signing for the domain at your mail provider, so at least "
    "one of them passes for the From domain. Loosen the DMARC policy (p=none) only as a "
    "stop-gap.")
SPF_REJECTED = D("spf_rejected", "error",
    "The receiving server refused the message because the SPF record of {sender}'s domain "
    "does not allow the server it came from ({reply}).",
    "Run Check Domain: add your mail provider's SPF include (or this server's address) to "
    "the SPF TXT record of the sender's domain, staying within 10 DNS lookups.")
UNAUTHENTICATED = D("unauthenticated_sender", "error",
    "The receiving server blocked the message because {sender}'s domain could not be "
    "authenticated (SPF/DKIM/DMARC) for this server ({reply}).",
    "Run Check Domain: publish an SPF record that includes {host}, turn on DKIM signing at "
    "your mail provider, and add a DMARC record.")
IP_BLOCKLISTED = D("ip_blocklisted", "error",
    "The sending IP address is on a public block list (DNSBL), so the server refuses it "
    "({reply}).",
    "If you log in to your provider's submission server (port 587/465), send these words "
    "to the provider: the block is theirs to lift. If this office sends directly, look its "
    "public IP up at https://check.spamhaus.org, remove the cause (an infected PC, an open "
    "relay) and request delisting; until then send through an authenticated submission "
    "server.")
IP_BLOCKED = D("ip_blocked", "error",
    "The receiving provider has blocked mail from this IP address because of its "
    "reputation ({reply}).",
    "Send through your provider's submission server with a login. To have the IP "
    "unblocked: Microsoft https://sender.office.com, Yahoo sender support, others their "
    "postmaster page given in the reply.")
SENDER_REPUTATION = D("sender_reputation", "warning",
    "The receiver distrusts mail from this sender because of the sending domain's or IP's "
    "reputation (spam complaints, unsolicited mail) ({reply}).",
    "Send e-statements only to customers who expect them, keep SPF, DKIM and DMARC passing "
    "(Check Domain), lower Maximum Mails per Batch and raise the Batch Interval. Gmail "
    "senders can watch Google Postmaster Tools.")
RATE_LIMITED = D("rate_limited", "warning",
    "The server refuses more mail from this sender or IP for now: too much was sent in a "
    "short time ({reply}).",
    "Wait an hour, then test again. For batches, lower Maximum Mails per Batch and raise "
    "the Batch Interval.")
RECIPIENT_BUSY = D("rate_limited", "warning",
    "The recipient {recipient} is receiving mail faster than their server accepts "
    "({reply}).",
    "Nothing to change in your settings: try again later or test with another recipient.")
QUOTA_EXCEEDED = D("quota_exceeded", "error",
    "The account reached its daily sending limit ({reply}).",
    "Wait up to 24 hours; then spread the e-statements over more time (lower Maximum Mails "
    "per Batch, longer Batch Interval) or use a bulk sending service.")
MESSAGE_TOO_LARGE = D("message_too_large", "error",
    "The message is bigger than the server accepts ({reply}).",
    "Make attachments smaller (e.g. compress the PDF statements) or send fewer per message.")
CONTENT_REJECTED = D("content_rejected", "error",
    "The receiving server judged the message content as spam or unsafe ({reply}).",
    "Check the e-statement template: links to blocked sites, forbidden attachment types, "
    "no plain-text part. Ask the recipient's mail admin to allow the sender.")
RELAY_DENIED = D("relay_denied", "error",
    "The server refuses to pass mail on for this connection ({reply}).",
    "Log in (enter the Email Password) and use the submission port 587, or ask the mail "
    "admin to allow this office's IP address to relay.")
REVERSE_DNS = D("reverse_dns_missing", "error",
    "The receiving server refused mail from this IP address because it has no matching "
    "reverse DNS (PTR) record ({reply}).",
    "Send through your provider's submission server, or ask your internet provider to set "
    "a PTR record for your public IP.")
STARTTLS_REQUIRED = D("starttls_required", "error",
    "The server refused because the connection is not encrypted ({reply}).",
    "Set Security to STARTTLS (port 587) or SSL/TLS (port 465).")
SENDER_ADDRESS_INVALID = D("sender_address_invalid", "error",
    "The server refused the sender address {sender}: its domain cannot receive mail or does "
    "not exist in DNS ({reply}).",
    "Run Check Domain for the sender's domain: it needs MX (or A) records. Check the "
    "spelling of the Sender Email ID.")
SENDER_REFUSED = D("sender_not_allowed", "error",
    "The server refused {sender} as the sender ({reply}).",
    "Use the address of the mailbox you log in with as the Sender Email ID; if it is, give "
    "the server's words to the mail provider.")
SENDER_BANNED = D("sender_blocked", "error",
    "The provider has blocked {sender} (or its whole organisation) from sending, usually "
    "after spam was sent from it ({reply}).",
    "Change the mailbox password, then ask the mail admin to release the account "
    "(Microsoft 365: Defender portal > Restricted entities; others: the provider's "
    "support).")
TEMPORARY = D("temporary_failure", "warning",
    "The server had a temporary problem ({reply}).",
    "Wait a few minutes and test again. Do not retry in a fast loop.")
ACCOUNT_DISABLED = D("sender_blocked", "error",
    "The login account {login} is disabled or locked ({reply}).",
    "Ask the mail admin to re-enable the account, then change its password.")
AUTH_REQUIRED = D("auth_required", "error",
    "The server requires a login before it accepts mail ({reply}).",
    "Enter the Email Password (and Login name if it differs from the sender).")
AUTH_FAILED = D("auth_failed", "error",
    "The server did not accept the user name and password ({reply}).",
    "Check the Login name ({login}) and re-enter the Email Password. If the account uses "
    "two-step sign-in, create an app password for it.")
AUTH_WEAK = D("auth_mechanism_rejected", "error",
    "The server rejected the login method this tool used ({reply}).",
    "The server expects a different sign-in (often OAuth). Ask the provider for SMTP "
    "settings that accept a password, or for an app password.")
PASSWORD_TRANSITION = D("auth_failed", "error",
    "The server wants the password of {login} changed before it accepts it ({reply}).",
    "Sign in to the mailbox on the web, set a new password, and enter it as the Email "
    "Password.")
# A server that lists STARTTLS and then refuses it, or answers "TLS not available".
STARTTLS_NOT_OFFERED = D("starttls_not_offered", "error",
    "{host} does not offer STARTTLS on this port, so the login would travel unencrypted "
    "({reply}).",
    "Use SSL/TLS on port 465 if the server has it; otherwise ask the provider for the "
    "secure port.")
SERVER_BUSY = D("server_busy", "warning",
    "The receiving mail system is full or not taking messages right now ({reply}).",
    "Wait a few minutes and test again; if it persists, contact the mail provider.")
ROUTING = D("temporary_failure", "warning",
    "The server could not pass the message on (network or routing trouble) ({reply}).",
    "Wait a few minutes and test again. Do not retry in a fast loop.")
PROTOCOL = D("server_rejected", "error",
    "The server refused a command of the SMTP conversation itself ({reply}): a protocol "
    "error (command order or syntax), not a verdict on the sender, the recipient or the "
    "message.",
    "Test again; if it repeats, give the server's words to the mail provider or to "
    "whoever maintains the sending program.")
POLICY = D("policy_rejected", "error",
    "The receiving server refused the message for a security or policy reason ({reply}).",
    "Run Check Domain for the sender's domain and fix SPF, DKIM and DMARC; if they pass, "
    "give the server's words to the recipient's mail admin.")
