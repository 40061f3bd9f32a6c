"""Phrase families learnt from the kinds of round 8's misses (tests/data/replies/
held_out_round8.yml, tuning material since its one measurement), kept to the replies
both blind readers labelled alike. Each wording with its source in
tests/data/replies/documented_families.yml. reply_families.PROVIDER_TEXTS splices them in
after its own texts, so they are tried with the provider rules, before the words and the
code. `erp_values` gives a reply-read wrong_security_mode the same ERP Port fix as the
local failures (local_failures.diagnose_local).
"""

from __future__ import annotations

from a2k_settings_gui.core.smtp.reply_diagnoses import (
    DELIVERY_STAGES,
    IP_BLOCKED,
    IP_BLOCKLISTED,
    MAILBOX_DISABLED,
    REVERSE_DNS,
    SENDER_BANNED,
    SENDER_REPUTATION,
    TLS_STAGES,
)
from a2k_settings_gui.core.smtp.reply_rule import D, ReplyRule

# Microsoft documents 5.7.139 as SMTP AUTH with a password refused by the tenant: SMTP AUTH
# off, Security Defaults, MFA or a Conditional Access policy ("the request did not meet
# the criteria to be authenticated successfully"); its words come in the mailbox's
# language. Only words that name wrong credentials make it a wrong password.
BASIC_AUTH_BLOCKED = D("basic_auth_disabled", "error",
    "Microsoft 365 refused the password sign-in for {login}: the tenant's sign-in rules "
    "(SMTP AUTH turned off, Security Defaults, MFA or a Conditional Access policy) do not "
    "let a program send with a password ({reply}).",
    "Nothing on A2000ERP's Email Setting screen causes this; the password may be right. A "
    "Microsoft 365 admin must allow SMTP AUTH for {login} (Microsoft 365 admin center > "
    "Users > Mail > Manage email apps > Authenticated SMTP, or Set-CASMailbox -Identity "
    "{login} -SmtpClientAuthenticationDisabled $false) and exempt it from Security Defaults "
    "or the Conditional Access policy that blocks it. Password sign-in is being retired: "
    "plan a move to an SMTP relay connector or a sending service.")
MICROSOFT_WRONG_PASSWORD = D("auth_failed", "error",
    "Microsoft 365 says the user name or password is wrong ({reply}).",
    "On A2000ERP's Email Setting screen check the Sender Email ID ({login}) and type the "
    "Email Password again (then the same here); test it by signing in at "
    "https://outlook.office.com.")

# STARTTLS sent on a connection that is already encrypted: the port speaks SSL/TLS from
# the first byte (465), and the client asked for STARTTLS on top of it. {erp_fix} is filled
# by erp_values with the ERP's Port advice (erp_profile.port_fix).
TLS_ALREADY_ACTIVE = D("wrong_security_mode", "error",
    "{host} says the connection is already encrypted: this port speaks SSL/TLS from the "
    "first byte, and STARTTLS must not be sent on top of it ({reply}).",
    "{erp_fix}")
GENERIC_PORT_FIX = ("On A2000ERP's Email Setting screen use Port 465, on which A2000ERP "
                    "uses SSL/TLS by itself, or 587 for STARTTLS; type the same Port here "
                    "with Security on Auto (Advanced).")
# The server lists STARTTLS but has no certificate to start it with: not a passing fault.
NO_CERTIFICATE = D("starttls_not_offered", "error",
    "{host} cannot encrypt on this port: no TLS certificate is set up for its STARTTLS, so "
    "the login would travel unencrypted. The password was not sent ({reply}).",
    "On A2000ERP's Email Setting screen change Port to 465 (A2000ERP uses SSL/TLS on it) if "
    "the provider offers it, and type the same Port here; otherwise tell the mail server's "
    "admin that STARTTLS has no certificate configured.")

# A sending service's plan used up (SendGrid's credits): the account's quota, not a rate.
CREDITS_USED_UP = D("quota_exceeded", "error",
    "The sending service says the account has used up its credits or its plan's message "
    "limit ({reply}).",
    "Nothing on A2000ERP's Email Setting screen causes this. Wait until the plan's credits "
    "renew, or raise the plan in the sending service's dashboard; then spread e-statements "
    "over more time (lower Maximum Mails per Batch, longer Batch Interval).")

# A receiving server's own rate limit on one client (Exchange's MessageRateLimit on a
# receive connector): "try again later" at a lower pace, whatever 4.4.2 says.
SUBMISSION_RATE = D("rate_limited", "warning",
    "The server limits how many messages this client may submit per minute, and the limit "
    "was reached ({reply}).",
    "Wait a few minutes and test again. For batches, lower Maximum Mails per Batch and raise "
    "the Batch Interval on A2000ERP's Email Setting screen; an Exchange admin can raise the "
    "receive connector's MessageRateLimit.")
TOO_MANY_CONNECTIONS = D("rate_limited", "warning",
    "The receiving server refuses more connections at once from this IP address ({reply}).",
    "Wait a few minutes and test again; send from one program at a time. If it persists, "
    "ask the mail provider whether other senders share this office's IP address.")

# The sender's domain on a domain block list (Spamhaus DBL): the domain's reputation, not
# a listing of the sending IP.
SENDER_DOMAIN_LISTED = D("sender_reputation", "error",
    "The receiver refuses the message because the sender's domain is on a domain block "
    "list (such as the Spamhaus DBL), not because of this office's IP address ({reply}).",
    "Look the domain of {sender} up at https://check.spamhaus.org, remove the cause (a "
    "hacked mailbox or web site, spam sent in its name) and request removal; keep SPF, DKIM "
    "and DMARC passing (Check Domain). Nothing on A2000ERP's Email Setting screen causes "
    "this.")

# Reputation named as the reason, in words the older families did not know: T-Online's
# "None/bad reputation", Cisco's (IronPort) "the sending MTA's poor reputation", "sending
# IP has insufficient reputation". A named public list (Cloudmark CSI …) still says
# ip_blocklisted; those rules and this one test "poor reputation on" apart.
# (Written from their last words: each leading word is a substring test of every reply,
# reply_rule.literal_gate.)
_REPUTATION = (r"/(bad|poor|low|none|no) reputation|"
               r"(insufficient|not sufficient|not enough|inadequate) reputation|"
               r"reputation (is )?(insufficient|not sufficient|too low to)|"
               r"\bmta'?s? (poor|bad|low) reputation(?! on )")

# Cox documents its AUP#CX codes (postmaster.cox.net "Error Codes"; sisimai's
# rhost/for-cox.go keeps the same table): the code decides, its words ("cmsmtp blocked")
# are the same for several causes.
COX = r"\baup#"

ROUND8_TEXTS: tuple[ReplyRule, ...] = (
    ReplyRule(MICROSOFT_WRONG_PASSWORD, stages=("auth",), codes=(535,),
              enhanced=r"5\.7\.139",
              text=r"credentials (were|are|was|is) (incorrect|invalid|wrong|not valid)|"
                   r"(incorrect|invalid|wrong) (user ?name|password|credentials)"),
    # The words replies.py's Microsoft rules know (SMTP AUTH off for the mailbox or the
    # tenant, basic authentication off) keep their more precise findings; an account
    # disabled or deactivated stays the older rules' (AUTH_WORDS).
    ReplyRule(BASIC_AUTH_BLOCKED, stages=("auth",), codes=(535,), enhanced=r"5\.7\.139",
              text=r"^(?!.*(smtpclientauthentication|basic auth|client submission|"
                   r"\b(account|user|mailbox) (is |has been )?(disabled|deactivated|blocked|"
                   r"suspended)))"),
    ReplyRule(TLS_ALREADY_ACTIVE, stages=TLS_STAGES, codes=("4xx", "5xx"),
              text=r"not permitted when tls (is )?active|"
                   r"\btls (is |session (is )?)?already (active|started|running|negotiated|"
                   r"established|in use)|already (in|using|under|running) (tls|ssl)\b"),
    ReplyRule(NO_CERTIFICATE, stages=TLS_STAGES, codes=("4xx", "5xx"),
              text=r"(no|missing) (server |tls |ssl |x\.?509 )?certificate( is)? "
                   r"(configured|available|installed|loaded|found)|"
                   r"(tls|ssl|starttls) (is )?not configured|certificate (is )?not "
                   r"configured"),
    ReplyRule(CREDITS_USED_UP, codes=("4xx", "5xx"),
              text=r"credits? (limit )?(exceeded|exhausted|used up|depleted|reached)|"
                   r"(out of|insufficient|not enough) (e-?mail |sending )?credits?\b|"
                   r"exceeded your (messaging|sending|e-?mail|monthly|daily|plan'?s?) "
                   r"(limits?|quota|credits)"),
    ReplyRule(SUBMISSION_RATE, codes=("4xx", "5xx"),
              text=r"(message )?submission rate .{0,40}(exceeded|reached|over)|"
                   r"(message|sending|submission) rate (limit )?(for|of) (this|your) "
                   r"(client|ip|host|user|account) .{0,30}(exceeded|reached)"),
    # A recipient's address locked or deactivated (Fastmail, its locked.html): the
    # recipient's account, although Postfix's "Client host rejected" leads the words.
    ReplyRule(MAILBOX_DISABLED, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"(?<!your )(address|account|mailbox|recipient) (is |has been )?(locked|"
                   r"deactivated)( or (locked|deactivated|disabled|suspended))?\b|"
                   r"mail\.messagingengine\.com/docs/locked"),
    ReplyRule(SENDER_DOMAIN_LISTED, codes=("4xx", "5xx"),
              text=r"(mail ?from|sender|sending|from) domain ([^ ]+ )?(is |was )?(listed "
                   r"(in|on|at) |blocked using )|"
                   # Postfix's reject_rhsbl_sender; a URL on the DBL is the content's.
                   r"sender address (\[[^\]]*\] )?blocked using [a-z.]*\bdbl\."
                   r"(?!.{0,60}open resolver)"),
    ReplyRule(SENDER_REPUTATION, codes=("4xx", "5xx"), text=_REPUTATION),
    ReplyRule(REVERSE_DNS, codes=("4xx", "5xx"), text=COX + r"cxdns\b"),
    ReplyRule(IP_BLOCKLISTED, codes=("4xx", "5xx"), text=COX + r"ipbl\d+"),
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"), text=COX + r"(cxbl|cdrbl)\b"),
    ReplyRule(TOO_MANY_CONNECTIONS, codes=("4xx", "5xx"), text=COX + r"(cxcnct|cxmxrt)\b"),
    ReplyRule(SENDER_BANNED, codes=("4xx", "5xx"), text=COX + r"(cxmj|cxthrt)\b"),
)


def erp_values(code: str, values: dict[str, str]) -> dict[str, str]:
    """`values` with the ERP Port fix a wrong_security_mode read from a reply names."""
    if code != "wrong_security_mode" or "erp_fix" in values:
        return values
    port = values.get("port", "")
    if not port.isdigit():
        return {**values, "erp_fix": GENERIC_PORT_FIX}
    # Imported only here: the ERP profile is read when this finding is given.
    from a2k_settings_gui.core.erp_profile import port_fix

    return {**values, "erp_fix": port_fix(int(port), True)}
