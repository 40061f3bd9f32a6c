"""What a negative reply means when no provider-specific rule knows it: the second and
third steps of the diagnosis (see replies.diagnose_reply).

- `CAUSE_PHRASES`: words that name a cause decide, also over an enhanced code that
  contradicts them (unless they name the code's own cause too). The phrases come from
  real replies (tests/core/smtp/reply_catalogue.py and tests/data/replies/provider_docs.yml
  have each one with its public source) and are cross-checked with the phrase lists of
  the sisimai bounce classifier (github.com/sisimai/go-sisimai, reason/why-*.go, BSD-2).
- `BY_ENHANCED`: a registered enhanced status code (RFC 3463 / IANA) that names a cause
  decides when the words do not (a 552 with 5.2.2 is a full mailbox, not a big message; a
  450 with 4.2.2 is a full mailbox too, not "try later").
- `BY_SUBJECT`: an enhanced code that is not registered (Microsoft's 5.7.509) still has a
  subject; used when nothing else matched.
"""

from __future__ import annotations

from a2k_settings_gui.core.smtp.reply_rule import D, Diagnosis, ReplyRule

DELIVERY_STAGES = ("rcpt_to", "data", "message")

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
SERVER_BUSY = D("server_busy", "warning",
    "The receiving mail system is full or not taking messages right now ({reply}).",
    "Wait a few minutes and test again; if it persists, contact the mail provider.")
ROUTING = D("temporary_failure", "warning",
    "The server could not pass the message on (network or routing trouble) ({reply}).",
    "Wait a few minutes and test again. Do not retry in a fast loop.")
POLICY = D("policy_rejected", "error",
    "The receiving server refused the message for a security or policy reason ({reply}).",
    "Run Check Domain for the sender's domain and fix SPF, DKIM and DMARC; if they pass, "
    "give the server's words to the recipient's mail admin.")


def _enhanced(diagnosis: Diagnosis, *keys: str, stages: tuple[str, ...] = ()) -> dict:
    return {key: (diagnosis, stages) for key in keys}


# subject.detail -> (diagnosis, stages it applies to; empty = any). Generic codes (x.0.0,
# x.7.1 …) are absent on purpose: their words decide.
BY_ENHANCED: dict[str, tuple[Diagnosis, tuple[str, ...]]] = {
    **_enhanced(RECIPIENT_UNKNOWN, "1.1", "1.2", "1.3", "1.4", "1.6", "1.10", "7.2",
                stages=DELIVERY_STAGES),
    **_enhanced(SENDER_ADDRESS_INVALID, "1.7", "1.8", "7.27"),
    **_enhanced(MAILBOX_DISABLED, "2.1", stages=DELIVERY_STAGES),
    **_enhanced(MAILBOX_FULL, "2.2", stages=DELIVERY_STAGES),
    **_enhanced(MESSAGE_TOO_LARGE, "2.3", "3.4", "7.16"),
    **_enhanced(SERVER_BUSY, "3.1", "3.2", "4.5"),
    **_enhanced(ROUTING, "4.1", "4.2", "4.3", "4.4", "4.6", "4.7"),
    **_enhanced(CONTENT_REJECTED, "6.1", "6.2", "6.3", "6.5", "7.7"),
    **_enhanced(AUTH_FAILED, "7.8"),
    **_enhanced(AUTH_WEAK, "7.9"),
    **_enhanced(STARTTLS_REQUIRED, "7.10", "7.11", "7.30"),
    **_enhanced(PASSWORD_TRANSITION, "7.12"),
    **_enhanced(ACCOUNT_DISABLED, "7.13"),
    **_enhanced(UNAUTHENTICATED, "7.20", "7.21", "7.22", "7.26", "7.29"),
    **_enhanced(SPF_REJECTED, "7.23", "7.24"),
    **_enhanced(REVERSE_DNS, "7.25"),
    **_enhanced(RATE_LIMITED, "7.28", "5.3"),
}

# Most specific cause first; each is one regex searched in the reply text.
CAUSE_PHRASES: tuple[ReplyRule, ...] = (
    ReplyRule(DMARC_REJECTED, codes=("4xx", "5xx"),
              text=r"\bDMARC\b.{0,60}\b(polic|fail|reject|verification|validation|check)"
                   r"|(polic|fail|reject)\w*.{0,40}\bDMARC\b"),
    ReplyRule(SPF_REJECTED, codes=("4xx", "5xx"),
              text=r"\bSPF\b.{0,40}\b(fail|reject|record|violation|not allowed|blocked|"
                   r"settings|check)|"
                   r"(bad|invalid|(blocked|prohibited|rejected|refused) by|per it'?s)\s+SPF\b|"
                   r"sender policy framework"),
    ReplyRule(UNAUTHENTICATED, codes=("4xx", "5xx"),
              text=r"required authentication level|authentication requirements|"
                   r"sender is unauthenticated|(does not|do not|fails to|did ?n[o']t) pass "
                   r"(\w+ )?authentication|does not have authentication information"),
    ReplyRule(REVERSE_DNS, codes=("4xx", "5xx"),
              text=r"reverse dns|\bPTR\b|\brDNS\b"),
    ReplyRule(TEMPORARY, codes=("4xx",),
              text=r"temporary (system )?problem|temporarily rejected|try reconnecting|"
                   r"connection expired|separate transaction|temporary (lookup|domain) "
                   r"failure|internal server error"),
    ReplyRule(SERVER_BUSY, codes=("4xx",),
              text=r"server (is )?(temporarily unavailable|busy)"),
    ReplyRule(SENDER_BANNED, codes=("5xx",),
              text=r"sending (e-?mail )?account (has been|is) (temporarily )?"
                   r"(suspended|disabled|blocked)|spam abuse detected|\bbanned sender\b|"
                   r"tenant has exceeded threshold"),
    ReplyRule(SENDER_REPUTATION, codes=("4xx", "5xx"),
              text=r"low reputation|unsolicited e?-?mail|bad reputation"),
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"),
              text=r"traffic not accepted from this IP|banned sending IP|"
                   r"not currently accepting mail from your IP|on our block ?list|"
                   r"IP (address )?(has been |is )?(temporarily |permanently )?"
                   r"(blocked|banned|rejected)|mail server is blocked|"
                   r"mail from \d{1,3}(\.\d{1,3}){3} (is )?(not allowed|refused)"),
    ReplyRule(IP_BLOCKLISTED, codes=("4xx", "5xx"),
              text=r"spamhaus|spamcop|barracuda|abuseat|sorbs|cloudmark|blocked using|"
                   r"\b(DNS|R)BLs?\b|black ?list(ed)?\b|on (a|the|one or more) (public )?"
                   r"block ?lists?|listed (at|on|in) |poor reputation on"),
    ReplyRule(QUOTA_EXCEEDED, codes=("4xx", "5xx"),
              text=r"daily (user )?(sending|SMTP relay|message) limit|sending limit exceeded|"
                   r"daily limit for|"
                   r"SubmissionQuotaExceeded|(messages|recipients) (per|a) day"),
    ReplyRule(MAILBOX_FULL, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"mailbox (is )?full|full mailbox|mailbox.{0,20}quota|over ?quota|"
                   r"quota (exceeded|violation)|disk quota|out of storage|storage (limit|space)|"
                   r"insufficient (disk )?space|exceeded storage|mailbox size limit|"
                   r"space has been used up|mailbox would exceed|mailfolder is full"),
    ReplyRule(MAILBOX_DISABLED, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"(account|mailbox|user)( that you tried to reach)? (is |has been )?"
                   r"(disabled|suspended|inactive|frozen|deactivated|locked)|"
                   r"inactive (user|account)|deactivated mailbox|no longer accepts mail|"
                   r"user suspended|mailbox disabled|disabled (recipient|mailbox|account)|"
                   r"recipient (address )?(is )?disabled"),
    ReplyRule(RECIPIENT_BUSY, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"receiving mail (too quickly|at a rate)"),
    ReplyRule(RATE_LIMITED, codes=("4xx", "5xx"),
              text=r"frequency limited|per.hour|receive limit|"
                   r"failure sending mail\. try again later|"
                   r"too many (messages|recipients|connections|sessions|"
                   r"concurrent)|sent too many|rate limit|sending rate|try again slower|"
                   r"max(imum)? (number of )?(e-?mails?|messages?) per|throttl|"
                   r"exceeded the max|relay limit|flow.?control|excessive volume"),
    ReplyRule(STARTTLS_REQUIRED, codes=("4xx", "5xx"),
              text=r"TLS required|must issue a STARTTLS|encryption required"),
    ReplyRule(SENDER_ADDRESS_INVALID, codes=("4xx", "5xx"),
              text=r"need fully.qualified address|sender verify failed|unrouteable address|"
                   r"blank from|provide a valid from|"
                   r"sender address rejected: domain not found"),
    ReplyRule(RELAY_DENIED, codes=("5xx",),
              text=r"relay(ing)? (access )?(denied|not permitted|not allowed|prohibited)|"
                   r"(not permitted|unable|not allowed) to relay|insecure (mail )?relay|"
                   r"list of allowed rcpthosts"),
    ReplyRule(RECIPIENT_UNKNOWN, codes=("5xx",), stages=DELIVERY_STAGES,
              text=r"user unknown|unknown user|no such (user|mailbox|recipient)|"
                   r"does not exist|recipient not found|user not found|invalid recipient|"
                   r"banned recipient|"
                   r"not a valid (mailbox|recipient)"),
    ReplyRule(CONTENT_REJECTED, codes=("4xx", "5xx"),
              text=r"\bspam\b|virus|malware|phish|banned file|blocked file|"
                   r"attachment is not allowed|content filter|security issue|malformed|"
                   r"nature of the content|not rfc ?5322 compliant|message-id|"
                   r"invalid characters"),
    ReplyRule(POLICY, codes=("4xx", "5xx"),
              text=r"local policy|violates .{0,60}polic|policy (reasons|violation)|"
                   r"has a policy that prohibit|delivery not authori[sz]ed|"
                   r"not in (the )?(white ?list|allow ?list)|allowed-senders list|"
                   r"sender (was )?not authenticated (by|for)|not allowed to send (e-?)?mail to"),
    ReplyRule(IP_BLOCKED, codes=("5xx",),
              text=r"client host (\[[^\]]*\] )?rejected"),
)

# The reply names the sender as what was refused, not why: only when neither cause words
# nor a specific enhanced code decided (a 5.1.7 "Sender address rejected: undeliverable
# address" is a bad sender domain, which the code says).
SENDER_NAMED: tuple[ReplyRule, ...] = (
    ReplyRule(SENDER_REFUSED, codes=("5xx",),
              text=r"\bsender (address )?(rejected|denied|refused)|sender address rejected"),
)

# subject -> diagnosis for enhanced codes outside the registry (nothing else matched).
BY_SUBJECT: dict[str, Diagnosis] = {
    "2": D("recipient_rejected", "error",
           "The recipient's mailbox {recipient} cannot take the message ({reply}).",
           "Test with another recipient address; give the server's words to the recipient."),
    "6": CONTENT_REJECTED,
    "7": POLICY,
}
