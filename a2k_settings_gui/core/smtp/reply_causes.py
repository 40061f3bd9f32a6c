"""What a negative reply means when no provider-specific rule knows it: the second and
third steps of the diagnosis (see replies.diagnose_reply).

- `CAUSE_PHRASES`: words that name a cause decide, also over an enhanced code that
  contradicts them (unless they name the code's own cause too). Each cause is a family of
  phrases (synonyms, word orders) written from real replies and from the reject texts
  that providers and mail servers document: Exchange Online's NDR pages, Gmail's and
  Yahoo's error tables, Yandex, Mail.ru, NetEase, QQ, GMX/web.de/IONOS, Orange, GoDaddy,
  Cox, Zoho, Mimecast, Broadcom, Barracuda, Proofpoint, and the default reject texts of
  Postfix, Sendmail, Exim, qmail, OpenSMTPD, amavisd-new and rspamd, with sisimai's reason
  lists as the map of which words mean which cause. Every reply they were checked against
  is in tests/core/smtp/reply_catalogue.py or tests/data/replies/*.yml
  (documented_families.yml for the error-code pages and server defaults), each with its
  source.
- `AUTH_WORDS`: at the login, a 535 whose words or code say more than "wrong password"
  (a lockout, a disabled account, a too-weak mechanism).
- `BY_ENHANCED`: a registered enhanced status code (RFC 3463 / IANA) that names a cause
  decides when the words do not (a 552 with 5.2.2 is a full mailbox, not a big message; a
  450 with 4.2.2 is a full mailbox too, not "try later").
- `BY_SUBJECT`: an enhanced code that is not registered (Microsoft's 5.7.509) still has a
  subject; used when nothing else matched.
"""

from __future__ import annotations

from a2k_settings_gui.core.smtp.reply_diagnoses import (  # noqa: F401 - re-exported
    ACCOUNT_DISABLED,
    AFTER_GREETING,
    AUTH_FAILED,
    AUTH_REQUIRED,
    AUTH_WEAK,
    CONTENT_REJECTED,
    DELIVERY_STAGES,
    DMARC_REJECTED,
    IP_BLOCKED,
    IP_BLOCKLISTED,
    MAILBOX_DISABLED,
    MAILBOX_FULL,
    MESSAGE_TOO_LARGE,
    PASSWORD_TRANSITION,
    POLICY,
    PROTOCOL,
    QUOTA_EXCEEDED,
    RATE_LIMITED,
    RECIPIENT_BUSY,
    RECIPIENT_UNKNOWN,
    RELAY_DENIED,
    REVERSE_DNS,
    ROUTING,
    SENDER_ADDRESS_INVALID,
    SENDER_BANNED,
    SENDER_REFUSED,
    SENDER_REPUTATION,
    SERVER_BUSY,
    SPF_REJECTED,
    STARTTLS_REQUIRED,
    TEMPORARY,
    UNAUTHENTICATED,
)
from a2k_settings_gui.core.smtp.reply_families import EARLY_CAUSES, IP_CAUSES, LATE_CAUSES
from a2k_settings_gui.core.smtp.reply_rule import D, Diagnosis, ReplyRule


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
    **_enhanced(PROTOCOL, "5.1", "5.2", "5.4", "5.5", "5.6"),
}

# The login may not use this sender address: "send as" permissions and the verified
# identities of sending services (Amazon SES, SendGrid, Postmark, iCloud, Zoho).
SENDER_NOT_PERMITTED = ReplyRule(D("sender_not_allowed", "error",
    "The server does not let {login} send as {sender} ({reply}).",
    "Make the Sender Email ID an address the login owns or has verified with the sending "
    "service, or have the mail admin grant {login} 'Send As' permission on {sender}."),
    codes=("4xx", "5xx"),
    text=r"send ?as ?denied|not (allowed|permitted|authori[sz]ed) to send (as|from|on behalf)|"
         r"(no |without )?(permission|right)s? to send (as|on behalf)|"
         r"(e-?mail )?(address|identity|identities|domain|sender) (is |are )?not verified|"
         r"identities failed the check|unverified (sender|address|domain|identity)|"
         r"(does not|doesn'?t) match (a|any|an?) (verified|registered|approved)|"
         r"sender (signature|identity) (is )?(not|un)(defined|confirmed|verified)|"
         r"(from|sender) address is not (one of )?your|not (one of )?your (addresses|"
         r"aliases)|relaying disallowed as|sending (as|from) this address is not")

# At the login, replies whose words or code say more than "wrong password": they come
# before the catch-all 535 rule of replies.PROVIDER_RULES. RFC 4954 §6 (5.7.9 mechanism
# too weak), RFC 5248 (5.7.13 user account disabled), Yahoo's "(#AUTH005) Too many bad
# auth attempts" (a lockout, not a wrong password this time).
AUTH_WORDS: tuple[ReplyRule, ...] = (
    ReplyRule(D("rate_limited", "warning",
                "Too many failed logins in a short time; the server is refusing logins for "
                "now ({reply}).",
                "Wait 15 minutes, check the Email Password once more, then test again; do "
                "not retry in a loop."),
              stages=("auth",), codes=("4xx", "5xx"),
              text=r"too many (bad |failed |invalid |unsuccessful )?(auth|login|logon|sign)"),
    ReplyRule(ACCOUNT_DISABLED, stages=("auth",), codes=("5xx",), enhanced=r"5\.7\.13"),
    ReplyRule(ACCOUNT_DISABLED, stages=("auth",), codes=("5xx",),
              text=r"account (is |has been )?(disabled|suspended|locked|blocked|deactivated)|"
                   r"(user|login|mailbox) (account )?(is |has been )?(disabled|suspended|"
                   r"locked|deactivated)"),
    ReplyRule(AUTH_WEAK, stages=("auth",), codes=("5xx",), enhanced=r"5\.7\.9",
              text=r"mechanism|too weak"),
)

# Most specific cause first; each is one regex searched in the reply text.
CAUSE_PHRASES: tuple[ReplyRule, ...] = (
    *EARLY_CAUSES,  # reply_families.py: before words they would be mistaken for
    # Advice to publish DMARC names a missing record, not a failed policy; SPF and DKIM
    # failing together is the domain's authentication, not SPF alone.
    ReplyRule(UNAUTHENTICATED, codes=("4xx", "5xx"),
              text=r"\b(spf|dkim) (and|or|&) (spf|dkim)\b|"
                   r"(make sure|ensure) .{0,40}\ban? dmarc (policy|record)|"
                   r"\b(publish|add|set up|create) an? dmarc (policy|record)|"
                   r"\b(no|missing|without an?) dmarc (policy|record)"),
    ReplyRule(DMARC_REJECTED, codes=("4xx", "5xx"),
              text=r"\bDMARC\b.{0,60}\b(polic|fail|reject|verification|validation|check)"
                   r"|(polic|fail|reject)\w*.{0,40}\bDMARC\b"),
    ReplyRule(SPF_REJECTED, codes=("4xx", "5xx"),
              text=r"\bSPF\b.{0,40}\b(fail|reject|record|violation|not allowed|blocked|"
                   r"settings|check)|"
                   r"(bad|invalid|(blocked|prohibited|rejected|refused) by|per it'?s)\s+SPF\b|"
                   r"sender policy framework|(due to|per|by|because of|under) (the )?"
                   r"(domain'?s? |sender'?s? )?SPF\b|\bSPF\b (policy|validation|"
                   r"verification|authentication|hard ?fail|soft ?fail)"),
    ReplyRule(UNAUTHENTICATED, codes=("4xx", "5xx"),
              text=r"required authentication level|authentication requirements|"
                   r"unauthenticated (e-?mail|mail|messages?|senders?) (is |are )?not "
                   r"(accepted|allowed)|"
                   r"\bdkim\b.{0,40}\b(fail|invalid|not valid|did not pass|missing|required)|"
                   r"sender (domain )?authentication (check )?(failed|failure|error)|"
                   r"\b(no|invalid|failed|missing|bad) (passing |valid )?dkim\b|"
                   r"sender is unauthenticated|(does not|do not|fails to|did ?n[o']t) pass "
                   r"(\w+ )?authentication|does not have authentication information"),
    # Postfix's address verification: still running (try later), or the recipient named
    # as unknown, although the words "unverified address" would name a sender identity.
    ReplyRule(TEMPORARY, codes=("4xx",), text=r"address verification in progress"),
    ReplyRule(RECIPIENT_UNKNOWN, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"recipient address rejected: (unverified address(?!: address "
                   r"verification in progress)|user unknown|unknown user|invalid user)"),
    SENDER_NOT_PERMITTED,
    # Commands out of order or malformed: the server says nothing about the sender,
    # recipient or message (Postfix's "Improper use of SMTP command pipelining" also says
    # "Client host rejected").
    ReplyRule(PROTOCOL, codes=("5xx",),
              text=r"improper use of smtp|command pipelining|send (helo|ehlo|helo/ehlo) "
                   r"first|need (mail|rcpt|data|helo|ehlo)\b(?! and auth)|bad sequence|sequence of "
                   r"commands|(sender|recipient|mail command) already (given|specified)|"
                   r"nested mail command|synchroni[sz]ation error|^syntax:|"
                   r"syntax error(?! in (the )?(recipient|sender|mail ?box|e-?mail|address|"
                   r"rcpt|from))|command (not recognized|unrecognized)|unrecognized command|"
                   r"protocol (error|violation)|"
                   r"too many (errors|bad commands|invalid commands|unknown commands)"),
    # A link in the message on a URI block list (SURBL, URIBL, Spamhaus's lists of
    # domains) is the content, although a list is named.
    ReplyRule(CONTENT_REJECTED, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"surbl|uribl|(url|uri|link)s? (in (the )?(message|body) )?(is |are )?"
                   r"(listed|blacklisted|blocked)|link to an? (blocked|blacklisted|listed|"
                   r"banned)|(blacklisted|blocklisted|listed|banned|blocked) (url|uri|link)"),
    # A public block list named (Spamhaus, Cloudmark's CSI …) says more than the words
    # "blocked"/"refused" around it.
    ReplyRule(IP_BLOCKLISTED, codes=("4xx", "5xx"),
              text=r"spamhaus|spamcop|barracuda ?(reputation|central|rbl)|barracudacentral|"
                   r"abuseat|\bsorbs\b|cloudmark|blocked using|email reputation service|"
                   r"\b(dns|r)bls?\b|\b(zen|sbl|xbl|pbl|dbl)\.|uceprotect|\bpsbl\b|"
                   r"spamrats|mailspike|invaluement|junkemailfilter|multi-?blacklist"),
    ReplyRule(REVERSE_DNS, codes=("4xx", "5xx"),
              text=r"reverse[ -]?(dns|lookup|hostname|mapping|resolution)|\bPTR\b|\brDNS\b|"
                   r"cannot find your (reverse )?host ?name|"
                   r"(no|missing|bad|invalid|unknown) (reverse|host ?name for (your|the) IP)|"
                   r"(does not|doesn'?t|did not|could not|cannot) resolve to (your|the|an?) "
                   r"(ip|address)|(ip|address) (has no|without a?) (host ?name|dns name)|"
                   r"host ?name (lookup )?(failed|not found) for (your|the) ip|"
                   r"access denied\. ip name lookup failed"),
    *IP_CAUSES,  # the IP refused by kind or jailed, after named lists and PTR words
    ReplyRule(TEMPORARY, codes=("4xx",),
              text=r"temporary (system )?problem|temporarily rejected|try reconnecting|"
                   r"connection expired|separate transaction|temporary (lookup|domain) "
                   r"failure|internal (server )?error|temporary (system |server )?error|"
                   r"grey-?list|gray-?list|mailbox (is )?busy|local error in processing|"
                   r"lookup (failed|failure|error)|could not complete .{0,30}(verify|verific)|"
                   r"intentional policy rejection|"
                   r"resources? (are |is )?temporarily unavailable"),
    ReplyRule(SERVER_BUSY, codes=("4xx",),
              text=r"server (is )?(temporarily unavailable|busy)|insufficient (system )?"
                   r"(storage|resources|disk space)|(mail )?system (is )?full"),
    ReplyRule(CONTENT_REJECTED, codes=("4xx", "5xx"),
              text=r"(black ?listed|block ?listed|blocked|banned|forbidden|prohibited|illegal|"
                   r"dangerous|unsafe|executable|disallowed|restricted) (file|attachment|"
                   r"extension)|virus|malware|malicious|infected|phish"),
    # "Sender verify failed" concludes Exim's explanation, which may mention block lists.
    ReplyRule(SENDER_ADDRESS_INVALID, codes=("5xx",),
              text=r"sender verify failed|verification failed for"),
    # cPanel's "… may be blacklisted" and Exim's bare "Unrouteable address" at RCPT name the
    # recipient (the same words in a sender verification are caught just above).
    ReplyRule(RECIPIENT_UNKNOWN, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"account or domain may not exist|^unroute?able address$|"
                   r"not listed in .{0,30}(directory|address book)"),
    ReplyRule(SENDER_BANNED, codes=("5xx",),
              text=r"sending (e-?mail )?account (has been|is) (temporarily )?"
                   r"(suspended|disabled|blocked)|spam abuse detected|\bbanned sender\b|"
                   r"tenant has exceeded threshold|"
                   r"(message )?sending (of messages )?(for|from) this account (is |has been )?"
                   r"(disabled|suspended|blocked)|"
                   r"account (is |has been )?(suspended|blocked|disabled) (for|from) sending|"
                   r"sending (has been |is )?(paused|suspended|disabled) for (this|your) "
                   r"account|"
                   r"outgoing (mail|messages) (is |are |has been |have been )?"
                   r"(disabled|suspended|blocked)"),
    # Gmail's permanent "mail sent from your IP address has been blocked" (its 421 says
    # "temporarily blocked": reputation, read just below).
    ReplyRule(IP_BLOCKED, codes=("5xx",),
              text=r"(e-?mail|mail|messages?) sent from your ip (address )?(has been|is) "
                   r"blocked"),
    ReplyRule(SENDER_REPUTATION, codes=("4xx", "5xx"),
              text=r"low reputation|unsolicited e?-?mail|bad reputation|(poor|low|bad|negative) "
                   r"(sender|domain|email|e-mail) reputation|poor email reputation|"
                   r"reputation problems"),
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"),
              text=r"traffic not accepted from this IP|banned sending IP|"
                   r"not currently accepting mail from your IP|on our block ?list|"
                   r"IP (address )?(has been |is )?(temporarily |permanently )?"
                   r"(blocked|banned|rejected)|mail server is blocked|"
                   r"mail from \d{1,3}(\.\d{1,3}){3} (is )?(not allowed|refused)|"
                   r"your access to .{0,40}(has been )?(rejected|denied|blocked)|"
                   r"(connections?|mail|messages?) from (your|this) (ip|host|server|network) "
                   r"(is |are )?(not (accepted|allowed|permitted)|refused|rejected|blocked)|"
                   r"(sending|client|your) (ip|host|server) (address )?(is |has been )?"
                   r"(blocked|banned|denied|not allowed)|"
                   r"client host \[?[\d.:a-f]+\]? (is )?(blocked|banned|denied)(?! using)|"
                   r"(ip|host) (address )?(is )?not (allowed|permitted|authori[sz]ed) to "
                   r"(send|connect|deliver)|"
                   r"(blocked|banned|denied|rejected) (by|due to) (the )?(recipient'?s? )?"
                   r"(ip )?(block|deny|ban) ?list|ipcheck\.proofpoint"),
    # Long alternations are split into rules of one diagnosis each: a rule's regex runs
    # only when one of its own leading words occurs (reply_rule.literal_gate).
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"),
              text=r"\b(black|blocked|banned|denied|bad|spam) ips?\b|"
                   r"(messages|mail) from .{0,60}(will be |are |is )?permanently (deferred|"
                   r"blocked|rejected)|"
                   r"(spams?|abuse|spamming) (issues? )?from (your|this) (ip|host|network|"
                   r"server)|blocked for spamming|"
                   r"(mail|connections?) from (dynamic|residential|dial-?up) (ip|host|address)|"
                   r"dynamically.assigned ip|(too many|excessive) (invalid|unknown|bad) recipients|"
                   r"bounce attacks?|has sent (too much |a lot of )?spam|"
                   r"(poor|low|bad|negative) (sending )?ip "
                   r"(address )?reputation|sending mta'?s? poor reputation"),
    # An address blocked, in words that start with the address itself: a rule of its own,
    # so the long alternation above keeps its literal gate (reply_rule.literal_gate).
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"),
              text=r"\d{1,3}(\.\d{1,3}){3}\]? (is |has been |was )?(banned|blocked|denied|"
                   r"refused|not allowed)(?! (using|at|in|on) )"),
    # A sender (address) on the receiver's own list is its policy, not a public DNSBL.
    ReplyRule(POLICY, codes=("4xx", "5xx"), stages=AFTER_GREETING,
              text=r"sender (address |domain )?(is )?(on|in|listed (on|in|by)) (the |a |our |"
                   r"this |my |domain'?s? |recipient'?s? )?(black|block|deny|ban) ?list|"
                   r"(sender|sender address|sender domain|your (e-?mail )?address|from address)"
                   r" (has been |is )?(black|block|deny|ban) ?listed|blocked senders?\b"),
    ReplyRule(IP_BLOCKLISTED, codes=("4xx", "5xx"),
              text=r"spamhaus|spamcop|barracuda|abuseat|sorbs|cloudmark|blocked using|"
                   r"\b(DNS|R)BLs?\b|black ?list(ed)?\b|on (a|the|one or more) (public )?"
                   r"block ?lists?|listed (at|on|in|by) |poor reputation on|"
                   r"block ?listed|deny ?listed|\b(zen|sbl|xbl|pbl|dbl)\.|uceprotect|psbl|"
                   r"spamrats|mailspike|invaluement|junkemailfilter|sender ?score|"
                   r"\bdnsbl\b"),
    ReplyRule(QUOTA_EXCEEDED, codes=("4xx", "5xx"),
              text=r"daily (user )?(sending|SMTP relay|message) limit|sending limit exceeded|"
                   r"daily limit for|"
                   r"SubmissionQuotaExceeded|(messages|recipients) (per|a) day|"
                   r"daily (message |sending )?quota|"
                   r"(daily|hourly|monthly) (sending |send |mail |message )?(quota|limit)|"
                   r"sending quota|(send|sending|outgoing|outbound) (mail )?"
                   r"(quota|limit) (exceeded|reached)"),
    ReplyRule(MAILBOX_FULL, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"mailbox (is )?full|full mailbox|mailbox.{0,20}quota|over ?quota|"
                   r"quota (exceeded|violation)|disk quota|out of storage|storage (limit|space)|"
                   r"exceeded storage|mailbox size limit|"
                   r"space has been used up|mailbox would exceed|mailfolder is full|"
                   r"(account|inbox|mailbox|user) (is )?(full|over (its )?(quota|limit))|"
                   r"user quota|quota (limit )?(has been )?(reached|exhausted)|"
                   r"exceeds? (the )?(mailbox|"
                   r"user'?s?|recipient'?s?) (quota|storage|limit)"),
    ReplyRule(MAILBOX_FULL, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"too many messages on the server|exhausted (the |its )?(allowed )?storage|"
                   r"exceeded (their|its|his|her|the) (mailbox|storage|disk|quota)|"
                   r"too much mail data|"
                   r"speichervolumen|(postfach|mailbox) (ist )?voll|zu ?viele (mails|"
                   r"nachrichten)"),
    ReplyRule(MAILBOX_DISABLED, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"(account|mailbox|user)( that you tried to reach)? (is |has been )?"
                   r"(disabled|suspended|inactive|frozen|deactivated|locked)|"
                   r"inactive (user|account)|deactivated mailbox|no longer accepts mail|"
                   r"user suspended|mailbox disabled|disabled (recipient|mailbox|account)|"
                   r"recipient (address )?(is )?disabled|archived recipient|"
                   r"recipient('?s)? account (is ?)?(blocked|locked|disabled|suspended|"
                   r"inactive)|compte du destinataire est bloqu|destinataire archiv"),
    ReplyRule(RECIPIENT_BUSY, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"receiving mail (too quickly|at a rate)"),
    ReplyRule(RATE_LIMITED, codes=("4xx", "5xx"),
              text=r"frequency limited|per.hour|receive limit|"
                   r"failure sending mail\. try again later|"
                   r"too many (messages|recipients|connections|sessions|"
                   r"concurrent)|sent too many|rate limit|sending rate|try again slower|"
                   r"max(imum)? (number of )?(e-?mails?|messages?) per|throttl|"
                   r"exceeded the max|relay limit|flow.?control|excessive volume|"
                   r"too (fast|quickly|frequent)|slow down|(connection|message|recipient|"
                   r"sending|send|hourly|ip|domain) (rate |count |frequency )?"
                   r"(limit|threshold) (exceeded|reached|hit)|"
                   r"(exceeded|reached|over) (the |your |its )?(connection|message|recipient|"
                   r"rate|hourly|sending) (rate )?(limit|threshold)|"
                   r"unexpected volume|high volume|volume of mail|"
                   r"(limit|maximum) (of|on) (\d+ )?(connections|recipients|messages)|"
                   r"(number|count) of (rcpts?|"
                   r"recipients|messages|connections) (is )?(over|exceeds?|too)"),
    ReplyRule(RATE_LIMITED, codes=("4xx", "5xx"),
              text=r"(connection|concurrency|thread|session) limit|too much mail|"
                   r"concurrent (server )?connections|throttling failure: maximum|ratelimit"),
    ReplyRule(STARTTLS_REQUIRED, codes=("4xx", "5xx"),
              text=r"TLS required|must issue a STARTTLS|encryption required|"
                   r"(starttls|tls|ssl|encryption|secure connection|encrypted connection) "
                   r"(is )?(required|needed|mandatory)|requires? (a |an )?(tls|secure|"
                   r"encrypted|encryption|starttls)|(please |must )(use|enable|start) "
                   r"(starttls|tls|ssl|encryption)|(unencrypted|cleartext|plain-?text) "
                   r"(connections?|sessions?|logins?|authentication) (are |is )?"
                   r"(not (allowed|permitted|accepted)|disabled|refused)"),
    ReplyRule(SENDER_ADDRESS_INVALID, codes=("4xx", "5xx"),
              text=r"need fully.qualified address|sender verify failed|unrouteable address|"
                   r"invalid sender\b|emetteur invalide|without a valid sender domain|"
                   r"(sender|sending|from) domain .{0,30}(no|not have( an?)?|without( an?)?) "
                   r"(valid )?mx\b|"
                   r"blank from|provide a valid from|"
                   r"sender address rejected: domain not found|"
                   r"sender (address )?(domain )?(not found|does ?n[o']t exist|unknown|"
                   r"must (exist|resolve)|(is )?invalid|not valid)|"
                   r"(unknown|invalid|unresolvable|non-?existent|bad) sender (address|domain)|"
                   r"domain of sender address .{0,60}(does not|doesn'?t|cannot|can'?t) "
                   r"(exist|resolve)|sender (address )?verification (failed|error)|"
                   r"could not verify sender|(mail from|sender) address (is )?(malformed|"
                   r"not (fully )?qualified)|malformed sender|"
                   r"sender address rejected: (undeliverable|need fully)"),
    ReplyRule(RELAY_DENIED, codes=("4xx", "5xx"),
              text=r"relay(ing)? (access )?(denied|not permitted|not allowed|prohibited)|"
                   r"open relay (is )?not allowed|not configured to relay|as a relay\b|"
                   r"(you are|you're) not (allowed|permitted|authori[sz]ed) to send (e-?mail|"
                   r"mail|messages)\b(?! (to|from|as|on behalf))|"
                   r"(send|sending|deliver) to a non-local|non-local (e-?mail )?address|"
                   r"(not permitted|unable|not allowed) to relay|insecure (mail )?relay|"
                   r"list of allowed rcpthosts|"
                   r"(we|this server|server) (do|does)( not|n'?t) relay|(can ?not|can'?t) "
                   r"relay|relay(ing)? (is )?(denied|disallowed|forbidden|refused|rejected|"
                   r"disabled|not (permitted|allowed|authori[sz]ed))|no relaying|"
                   r"(relay|relaying) (access|attempt) (is )?(denied|rejected|refused)|"
                   r"host denies relay|(domain|recipient) (is )?not (a )?(local|hosted|"
                   r"handled) (here|domain|by this server)|not (a )?local (domain|"
                   r"recipient|user)|(user|recipient|domain) (is )?not local"),
    ReplyRule(RECIPIENT_UNKNOWN, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"user unknown|unknown user|no such (user|mailbox|recipient)|"
                   r"does not exist|recipient not found|user not found|invalid recipient|"
                   r"banned recipient|"
                   r"not a valid (mailbox|recipient)|"
                   r"no (such )?mailbox (here )?by that name|no such (address|account|"
                   r"person|local ?part)|(user|mailbox|recipient|e-?mail address|address|"
                   r"account|addressee)( name)? (is )?(unknown|not found|does ?n[o']t exist|"
                   r"not exist|invalid|not valid|nonexistent)|"
                   r"unknown (recipient|mailbox|local.?part|address|addressee|account)|"
                   r"invalid (mailbox|address|user|addressee|rcpt ?to)|"
                   r"recip(ient)?notfound|(couldn'?t|could not|can ?not|can'?t) be found|"
                   r"(recipient|rcpt|user|mailbox) (address )?(lookup|verification) failed|"
                   r"(mailbox|user|account|address) (has been )?(removed|deleted|closed|"
                   r"terminated|expired)|no longer (exists|valid|active)|"
                   r"not (a )?known (user|recipient)|unrouteable (recipient|mail domain)"),
    # The address between the noun and the verdict ("Recipient b@example.net unknown").
    ReplyRule(RECIPIENT_UNKNOWN, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"(address|mailbox|recipient|user|account|addressee) (?<!sender address )"
                   r"(?<!from address )[<\[(\"']?[^ ]*@[^ ]+ (is |was )?(unknown|invalid|"
                   r"not valid|not found|nonexistent|does ?n[o']t exist|not exist)"),
    # The same in German, French, Spanish and Italian servers' words.
    ReplyRule(RECIPIENT_UNKNOWN, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"benutzer (ist )?(nicht bekannt|unbekannt)|empf(ä|ae)nger (ist )?unbekannt|"
                   r"adresse (ist )?unbekannt|existiert nicht|utilisateur inconnu|"
                   r"destinataire (invalide|inconnu)|no existe|nessun utente|"
                   r"usuario desconocido"),
    ReplyRule(CONTENT_REJECTED, codes=("4xx", "5xx"),
              text=r"\bspam\b|virus|malware|phish|banned file|blocked file|"
                   r"attachment is not allowed|content filter|security issue|malformed|"
                   r"nature of the content|not rfc ?5322 compliant|message-id|"
                   r"invalid characters|"
                   r"(illegal|forbidden|prohibited|banned|blocked|dangerous|unsafe|"
                   r"disallowed|executable|suspicious|restricted) (file|attachment|content|"
                   r"extension|url|link)|attachments? .{0,40}(not (allowed|permitted|"
                   r"accepted)|blocked|prohibited|forbidden|rejected|banned)|"
                   r"(file|attachment) types? .{0,30}(not (allowed|permitted)|blocked)|"
                   r"content (denied|rejected|restriction|blocked|not accepted|polic)|"
                   r"infected|(message|mail|e-?mail) (looks|appears|seems) (like|to be) "
                   r"(spam|junk|bulk|unsolicited)|junk ?mail|\bUCE\b|suspicious|"
                   r"(rejected|blocked|refused) (as|because of|due to) (its )?"
                   r"(content|junk|bulk)|\bheuristic|reject, id=|inappropriate (words|content)|"
                   r"spam ?assassin|unacceptable content|spam filter"),
    ReplyRule(CONTENT_REJECTED, codes=("4xx", "5xx"), stages=("mail_from",) + DELIVERY_STAGES,
              text=r"duplicate (header|message-id)|(invalid|malformed|bad|broken|illegal|"
                   r"improper|missing) (mime |message )?header|mime (header|structure|"
                   r"complexity)|header (value|line|field|name)s? .{0,20}(not allowed|"
                   r"invalid|too long|not accepted)|header (error|syntax)|"
                   r"line (is )?too long|lines? (is |are )?longer than|line length|"
                   r"8-?bit data in (the )?(message )?header|rfc ?5322 .{0,20}compliant|"
                   r"(corrupt|corrupted|broken) (message|content|mime|body)|"
                   r"invalid (message |mime )?content|"
                   r"(missing|no|invalid|without) .{0,20}from:? header"),
    ReplyRule(MESSAGE_TOO_LARGE, codes=("4xx", "5xx"),
              text=r"(message|mail|e-?mail|data|content) (size|length) (exceeds|is over|"
                   r"limit)|exceeds? (the )?(fixed |maximum |allowed |configured )*"
                   r"(message |mail )?size|(message|mail|e-?mail|attachment)s? (is |are )?"
                   r"(too (big|large|long)|bigger than|larger than|oversi[sz]ed)|"
                   r"size limit|max(imum)? (message |e-?mail |mail )?size|mail ?size|"
                   r"message length exceeds|(more|larger|bigger|longer) than \d+ ?(bytes|"
                   r"kb|mb|kib|mib)\b|exceeds? (the )?\d+ ?(bytes|kb|mb|kib|mib)\b|"
                   r"(size|length) of (the )?(data|message|mail|"
                   r"e-?mail)"),
    ReplyRule(AUTH_REQUIRED, codes=("5xx",),
              text=r"not logged in|(client|you|user|session) (was |were |are |is )?not "
                   r"authenticated(?! by)|authentication (is )?required|must (first )?"
                   r"(log ?in|authenticate|be authenticated)|(log ?in|login|smtp auth|auth) "
                   r"(is )?required|please (log ?in|authenticate)|authenticate first|"
                   r"requires? (smtp )?auth(entication)?|without (smtp )?auth(entication)?|"
                   r"need (ehlo and )?auth(entication)?\b"),
    ReplyRule(AUTH_FAILED, codes=("5xx",),
              text=r"authentication (failed|failure|unsuccessful|rejected|credentials "
                   r"invalid)|invalid (credentials|login|password|user ?name)|"
                   r"(incorrect|wrong|bad) (password|credentials|user ?name|login)|"
                   r"(login|logon|auth) (failed|incorrect|denied)|failed to authenticate|"
                   r"username and password not accepted|credentials (are )?(invalid|"
                   r"incorrect|rejected)"),
    # A policy refusal of the greeting itself is a refused connection (step 4's rule).
    ReplyRule(POLICY, codes=("4xx", "5xx"), stages=AFTER_GREETING,
              text=r"local policy|violates .{0,60}polic|policy (reasons?|violation)|"
                   r"has a policy that prohibit|delivery not authori[sz]ed|"
                   r"not in (the )?(white ?list|allow ?list)|allowed-senders list|"
                   r"sender (was )?not authenticated (by|for)|not allowed to send (e-?)?mail to|"
                   r"administrativ(e|ely) (prohibit|denied|rejected|refused|blocked)|"
                   r"envelope blocked|prohibited by (local |site |our )?polic|"
                   r"(rejected|blocked|refused|denied) (by|due to|per|under) .{0,40}polic|"
                   r"polic(y|ies) (restriction|reject|block)|anti-?spoof|spoof(ed|ing)|"
                   r"(security|mail flow|transport|company|organi[sz]ation'?s?) "
                   r"(polic|rule)|recipient (is )?not (authori[sz]ed|allowed) to receive|"
                   r"blocked by (the )?(recipient|administrator|admin)|"
                   r"not (authori[sz]ed|permitted) to (send|deliver|receive)|"
                   r"organi[sz]ational (settings|polic)|list of (allowed |approved )?senders|"
                   r"recipient (has )?(blocked|rejected|refused) (the |this |your )?(sender|"
                   r"you|mail|messages)|"
                   r"(server|system|domain|host) does not accept (e-?)?mail from|"
                   r"not (allowed|authori[sz]ed|permitted) to send to (this|the) (recipient|"
                   r"user|group|address)|"
                   r"rejected by (the |this )?(recipient|user|addressee)s?\b(?!'s (mail )?server)"),
    ReplyRule(IP_BLOCKED, codes=("5xx",),
              text=r"client host (\[[^\]]*\] )?rejected"),
    *LATE_CAUSES,
)

# The reply names the sender as what was refused, not why: only when neither cause words
# nor a specific enhanced code decided (a 5.1.7 "Sender address rejected: undeliverable
# address" is a bad sender domain, which the code says).
SENDER_NAMED: tuple[ReplyRule, ...] = (
    ReplyRule(SENDER_REFUSED, codes=("5xx",),
              text=r"\bsender (address )?(has been |is |was )?(rejected|denied|refused)|"
                   r"sender address rejected"),
)

# subject -> diagnosis for enhanced codes outside the registry (nothing else matched).
BY_SUBJECT: dict[str, Diagnosis] = {
    "2": D("recipient_rejected", "error",
           "The recipient's mailbox {recipient} cannot take the message ({reply}).",
           "Test with another recipient address; give the server's words to the recipient."),
    "6": CONTENT_REJECTED,
    "7": POLICY,
}
