"""Phrase families learnt from the kinds of round 7's misses (tests/data/replies/
held_out_round7.yml, tuning material since its one measurement), kept to the replies
both blind readers labelled alike. Each wording with its source in
tests/data/replies/documented_families.yml. reply_families.PROVIDER_TEXTS splices them in,
so they are tried with the provider rules, before the words and the code.
"""

from __future__ import annotations

from a2k_settings_gui.core.smtp.reply_diagnoses import (
    AUTH_REQUIRED,
    CONTENT_REJECTED,
    DELIVERY_STAGES,
    QUOTA_EXCEEDED,
    RELAY_DENIED,
    REVERSE_DNS,
    SENDER_ADDRESS_INVALID,
    STARTTLS_NOT_OFFERED,
    TEMPORARY,
    TLS_STAGES,
)
from a2k_settings_gui.core.smtp.reply_rule import D, ReplyRule

# The same advice as the STARTTLS-refused rule of replies.py, said of old TLS versions.
TLS_TOO_OLD = D("tls_handshake_failed", "error",
    "{host} refuses the TLS version offered (it wants TLS 1.2 or newer) ({reply}).",
    "Update Windows / the program so it offers TLS 1.2 or newer, or try SSL/TLS on port "
    "465; tell the mail provider if it persists.")
SENDER_DOMAIN_RESERVED = D("sender_domain_reserved", "error",
    "The server refused the sender because its domain is a reserved name that can never "
    "receive mail (RFC 2606: example, test, invalid, localhost) ({reply}).",
    "Enter the office's real e-mail address as the Sender Email ID.")

ROUND7_TEXTS: tuple[ReplyRule, ...] = (
    # qmail's rcpthosts refusal ("553 sorry, that domain isn't in my list of allowed
    # rcpthosts") as ISPs reword it: "isn't allowed to be relayed thru this MTA".
    ReplyRule(RELAY_DENIED, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"(isn'?t|is not|not) (allowed|permitted) to be relayed"),
    # POP-before-SMTP ("first check your mail with a valid POP account") and a login
    # demanded of an address range (MXroute's "Unauthenticated mail not allowed from this
    # range"): the client must sign in. Gmail's "Unauthenticated email is not accepted
    # from this domain" is the domain's SPF/DKIM and is left to the older rules.
    ReplyRule(AUTH_REQUIRED, codes=("5xx",),
              text=r"(check|read|retrieve) your (e-?)?mail .{0,20}\bpop\b|"
                   r"pop[- ]before[- ]smtp|"
                   r"unauthenticated (e-?)?mail (is )?not (allowed|accepted|permitted) from "
                   r"(this|your) (ip |address |network )?(range|subnet|network|ip|address)"),
    # "454 TLS not available" answering STARTTLS (RFC 3207's 454 "TLS not available due to
    # temporary reason" stays the handshake's: it names a passing cause).
    ReplyRule(STARTTLS_NOT_OFFERED, stages=TLS_STAGES, codes=(454,),
              text=r"^ ?(starttls|tls)( command| extension| support)? (is )?not "
                   r"(available|supported|offered)\.?\s*$"),
    # Microsoft's "421 4.7.66 TLS 1.0 and 1.1 are not supported": the TLS version refused.
    ReplyRule(TLS_TOO_OLD, codes=("4xx", "5xx"),
              text=r"tls ?(v?1\.[01])( and| or|/|,) ?(tls ?)?(v?1\.[01]) (are|is) not "
                   r"(supported|allowed|accepted)|(requires?|support) tls ?(v?1\.[23]) or "
                   r"(higher|newer|later)"),
    # smtpf's sender checks (snertsoft.com/smtp/smtpf/reply.html): a reserved domain
    # (RFC 2606) and a top-level domain that does not exist.
    ReplyRule(SENDER_DOMAIN_RESERVED, codes=("5xx",), stages=("mail_from",),
              text=r"rfc ?2606|reserved (domain|tld|top[- ]level domain)"),
    ReplyRule(SENDER_ADDRESS_INVALID, codes=("5xx",), stages=("mail_from",),
              text=r"(unknown|invalid|non-?existent|bad) (tld|top[- ]level domain)|"
                   r"^ ?(sender )?domain must resolve"),
    # No PTR for the client: "no DNS reverse for <ip>" (Forpsi), "Sender IP must resolve"
    # (sendmail's FEATURE(require_rdns) family), AOL's "(DNS:NR)" code.
    ReplyRule(REVERSE_DNS, codes=("4xx", "5xx"),
              text=r"no (dns )?reverse( dns)? (for|record)|\(?dns:nr\)?|421dnsnr|"
                   r"(sender|client|your|connecting) ip( address)? must (resolve|have "
                   r"(a )?(ptr|reverse))"),
    # A count of messages per day, or a named outgoing quota ("Exceed Sending Limit
    # (daily)", "You have exceeded your Outmail quota"): the sender's, not the mailbox's.
    ReplyRule(QUOTA_EXCEEDED, codes=("4xx", "5xx"),
              text=r"sending limit \(?daily\)?|daily (sending |send |outgoing |message )"
                   r"?(limit|quota)|(outmail|outgoing mail|sending|outbound) quota"),
    # An SPF check that failed for now (qmail-spf "451 SPF lookup failure"): temporary,
    # not a failed SPF record.
    ReplyRule(TEMPORARY, codes=("4xx",),
              text=r"\bspf (lookup|check|dns|query) (failure|failed|error|timed? ?out)|"
                   r"\bspf temperror"),
    # A spam filter's verdict on the message ("Mail … appears to be unsolicited").
    ReplyRule(CONTENT_REJECTED, codes=("5xx",), stages=("data", "message"),
              text=r"appears to be (unsolicited|spam|junk|bulk)"),
)
