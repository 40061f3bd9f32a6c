"""More phrase families, written from mail servers' default reject texts and providers'
documented replies (each wording with its source in tests/data/replies/
documented_families.yml). They close gaps where a cause is said in words the older
families did not know, so the reply fell through to a stage fallback ("refused at RCPT,
so the recipient") or to a word that names a different cause ("spam" at the greeting).

Where they sit (reply_causes.CAUSE_PHRASES and replies.PROVIDER_RULES splice them in):

- `PROVIDER_TEXTS`: providers' own wordings and server defaults whose meaning their
  makers document, tried with the provider rules (before the words and the code).
- `EARLY_CAUSES`: cause words tried before all other families, because later families
  would take a word of them for another cause ("Recipient address rejected: Access
  denied" is not about the recipient; "does not want your mail … spam blacklist" is not
  a DNSBL listing).
- `IP_CAUSES`: how a receiver says it refuses the sending IP itself, tried after the
  named public block lists (Spamhaus PBL also says "dynamic") and the reverse DNS words.
- `LATE_CAUSES`: words that decide only when no other family did.
"""

from __future__ import annotations

from a2k_settings_gui.core.smtp.reply_diagnoses import (
    AFTER_GREETING,
    AUTH_REQUIRED,
    AUTH_WEAK,
    CONTENT_REJECTED,
    DELIVERY_STAGES,
    IP_BLOCKED,
    MAILBOX_DISABLED,
    POLICY,
    QUOTA_EXCEEDED,
    RATE_LIMITED,
    RECIPIENT_UNKNOWN,
    RELAY_DENIED,
    SENDER_BANNED,
    SENDER_REFUSED,
    SENDER_REPUTATION,
    SPF_REJECTED,
    STARTTLS_NOT_OFFERED,
    STARTTLS_REQUIRED,
    TLS_STAGES,
)
from a2k_settings_gui.core.smtp.reply_families7 import ROUND7_TEXTS
from a2k_settings_gui.core.smtp.reply_families8 import ROUND8_TEXTS
from a2k_settings_gui.core.smtp.reply_families9 import ROUND9_TEXTS
from a2k_settings_gui.core.smtp.reply_families10 import ROUND10_TEXTS
from a2k_settings_gui.core.smtp.reply_rule import D, ReplyRule

APP_PASSWORD = D("app_password_required", "error",
    "The provider refused the normal password: for mail programs it wants an app password "
    "(QQ Mail and NetEase call it an authorization code, 授权码) ({reply}).",
    "Sign in to the mailbox on the web, turn on SMTP for it and create an app password "
    "(authorization code) in its settings, then enter that as the Email Password.")
# DESIGN's auth_failed includes "SMTP AUTH off for the mailbox"; the fix names the switch.
SMTP_NOT_ENABLED = D("auth_failed", "error",
    "The provider has not turned on sending from mail programs (SMTP) for this mailbox "
    "({reply}).",
    "Sign in to the mailbox on the web, turn on POP3/SMTP or IMAP/SMTP in its settings, "
    "create the authorization code (app password) it offers and enter that as the Email "
    "Password.")
WEB_LOGIN = D("web_login_required", "error",
    "The provider wants someone to sign in to {login} in a web browser first ({reply}).",
    "Sign in to the mailbox once in a web browser from this office's network, accept any "
    "security prompt, then test again.")
OUTBOUND_SPAM = D("sender_blocked", "error",
    "Outlook.com has stopped {login} from sending: its outbound spam check holds the "
    "account (an unverified account, or the daily limit reached) ({reply}).",
    "Sign in at https://outlook.live.com, complete the verification it asks for, then wait "
    "up to 24 hours; for statements in bulk use a business mail service.")
DNSBL_LOOKUP_BROKEN = D("server_rejected", "error",
    "The receiving server refused because its own block-list lookup failed: the list "
    "(here Spamhaus) answers its queries with an error code, e.g. because they come "
    "through a public DNS resolver. That is not a listing of this office's IP ({reply}).",
    "Give the server's words to the recipient's mail admin: their server must query the "
    "block list through its own resolver or the list's query service. Nothing to change "
    "in your settings.")
FILTER_REFUSED = D("server_rejected", "error",
    "A filter on the receiving server (a milter) refused the '{stage}' step without "
    "giving a reason ({reply}).",
    "Give the server's words and the time of the test to the server's mail admin: their "
    "filter's log says why.")

HELO_REJECTED = D("server_rejected", "error",
    "The server refused the name this computer introduced itself with (HELO/EHLO), not "
    "the sender or the recipient ({reply}).",
    "Give the server's words to the mail provider: it wants a full host name that resolves "
    "in DNS. Its submission port (587 or 465) with a login usually does not check it.")

# What the server says when the client sends a command it did not offer (the tool sends
# AUTH and STARTTLS only when EHLO lists them, but a server may list them and refuse).
AUTH_NOT_OFFERED = D("auth_not_offered", "error",
    "{host} does not take a password login on this connection ({reply}).",
    "Ask the provider for its submission server and port (usually 587 STARTTLS or 465 "
    "SSL/TLS) with login; without a login the server may accept mail only from allowed "
    "IP addresses.")

# The words a server addresses to the client: "your account" is the sender's.
_SENDER_HELD = (r"your (e-?mail |mail |user |sending )?account (is |has been |was )?"
                r"(temporarily |permanently )?(suspended|disabled|locked|blocked|"
                r"deactivated|frozen|restricted|on hold)|"
                r"outgoing (mail|messages?|e-?mails?)( from [^ ]+)? (is |are |has been |have "
                r"been )?(temporarily )?(disabled|suspended|blocked)|"
                r"(sending|outgoing|outbound) (mail )?(privileges|access|service|rights) "
                r".{0,30}(suspended|disabled|revoked|blocked)|"
                # Zoho's holds of an account's outgoing mail (its community answers).
                r"(e-?mail|mail) outgoing (is )?blocked|sender address blocked|"
                r"(your|this) account is not (allowed|permitted|authori[sz]ed) to send|"
                r"sending (of messages )?(from|for) (this|your) account (is |has been )?"
                r"(temporarily )?(disabled|suspended|blocked)|"
                r"unusual (sending )?activity detected")

PROVIDER_TEXTS: tuple[ReplyRule, ...] = (
    *ROUND7_TEXTS,  # reply_families7.py: the kinds of round 7's misses
    # Gmail's 534 5.7.9 WebLoginRequired (its 5.7.9 otherwise means a weak mechanism) and
    # the same request in other providers' words.
    ReplyRule(WEB_LOGIN, stages=("auth",), codes=("5xx",),
              text=r"web ?login ?required|(log|sign) ?in (with|via|through|using|from) "
                   r"(your|a) (web )?browser"),
    # QQ Mail, NetEase (163/126/yeah.net), Sina and Aliyun take a separate code for
    # programs; Zoho and others say "application-specific password".
    ReplyRule(APP_PASSWORD, stages=("auth",), codes=("5xx",),
              text=r"authori[sz]ation code|授权码|授權碼|(client|third-party) (authori[sz]ation|"
                   r"auth|authentication|client) password|客户端授权密码|独立密码|专用密码|"
                   r"app(lication)?[- ]?(specific )?password"),
    # NetEase's "550 User has no permission": SMTP is off for the mailbox (its help page
    # help.163.com/09/1224/17/5RAJ4LMH00753VB8.html, quoted in bug reports).
    ReplyRule(SMTP_NOT_ENABLED, stages=("auth", "mail_from"), codes=("5xx",),
              text=r"^user has no permission"),
    # A secure connection demanded in words (QQ Mail's "A secure connection is requiered
    # (such as ssl)", its own spelling), before the 530 catch-all says "log in". At the
    # STARTTLS step itself a refusal is the handshake's (a provider rule further down).
    ReplyRule(STARTTLS_REQUIRED, codes=("5xx",),
              stages=("ehlo", "auth", "mail_from", "rcpt_to", "data", "message"),
              text=r"(secure|encrypted|ssl|tls) (connection|channel|session) (is )?"
                   r"(requi\w*|needed|mandatory)|(must|please) use (ssl|tls|a secure "
                   r"connection)|(unencrypted|insecure|plain-?text|clear-?text|"
                   r"non-(tls|ssl|secure)) (connection|channel|session)s?\b"),
    # Encryption demanded in other words: Yandex's "Email sending without SSL/TLS
    # encryption is not allowed", "530 Must issue a STARTTLS command first" (RFC 3207
    # section 4's own example, said by Postfix and OpenSMTPD).
    ReplyRule(STARTTLS_REQUIRED, codes=("5xx",),
              stages=("ehlo", "auth", "mail_from", "rcpt_to", "data", "message"),
              text=r"without (ssl|tls|ssl/tls|tls/ssl|starttls|encryption|an? (secure|"
                   r"encrypted) (connection|channel))\b|(must|please|first) (issue|send|use|"
                   r"run) (an? |the )?starttls|\bstarttls (command )?(is )?(required|first)|"
                   r"\b(encryption|tls|ssl) (is )?(required|mandatory)"),
    # A login mechanism refused by name, whatever the code (Proton Mail's "535 5.7.8
    # Error: authentication failed: Invalid authentication mechanism").
    ReplyRule(AUTH_WEAK, stages=("auth",), codes=("5xx",),
              text=r"(invalid|unsupported|unknown|unrecogni[sz]ed|bad|unavailable) "
                   r"(authentication|auth|sasl|login) (mechanism|method|type)|"
                   r"(authentication|auth|sasl) mechanism (is )?not (supported|available|"
                   r"allowed)"),
    # AUTH refused as a command the server does not take: Postfix "503 5.5.1 Error:
    # authentication not enabled" (smtpd_sasl_auth_enable = no), Exim "503 AUTH command
    # used when not advertised", "502 AUTH not supported", OpenSMTPD "Command not
    # supported" (at this step the command is AUTH).
    ReplyRule(AUTH_NOT_OFFERED, stages=("auth",), codes=(500, 502, 503),
              text=r"\b(auth|authentication|smtp auth)( command| extension)? (is |was )?"
                   r"(not (supported|available|enabled|advertised|offered|implemented|"
                   r"allowed)|disabled|unavailable)|when not advertised|"
                   r"command (is )?(not (supported|implemented|recogni[sz]ed)|unrecogni[sz]ed)|"
                   r"unrecogni[sz]ed command"),
    # The same for STARTTLS (Postal "502 TLS not available", Exim "503 STARTTLS command
    # used when not advertised"); a 4xx "TLS not available due to local problem" is
    # the server's passing trouble and stays with the handshake rule.
    ReplyRule(STARTTLS_NOT_OFFERED, stages=TLS_STAGES, codes=(500, 502, 503),
              text=r"\b(starttls|tls|ssl)( command| extension| support)? (is |was )?"
                   r"(not (supported|available|enabled|advertised|offered|implemented|"
                   r"configured)|disabled|unavailable)|starttls command used when not "
                   r"advertised"),
    # A client that did not log in, said as the command it skipped (Yandex's "503 5.5.4
    # Error: send AUTH command first", the wording of Postfix's smtpd_sasl_proto.c): not
    # a protocol error like "send HELO/EHLO first". (A bare "authentication required"
    # is left to the older rules: beside "relaying denied" or a group's delivery
    # restriction it names another cause.)
    ReplyRule(AUTH_REQUIRED, codes=("5xx",), stages=("mail_from", "rcpt_to", "data",
                                                      "message"),
              text=r"send auth(entication)? command first|(must|please) (authenticate|"
                   r"issue an? auth|log ?in) first"),
    # A local intrusion-prevention jail of the client (hMailServer/IPS wording
    # "Intrusion prevention active for [ip]"), before a 421 at the greeting says busy.
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"),
              text=r"intrusion (prevention|detection)( system)? (is )?(active|triggered)"),
    # Outlook.com's outbound spam check ("WASCL UserAction verdict … RefuseQuota,
    # HipNotify, ShowTierUpgrade"): the sending account is held, not the message.
    ReplyRule(OUTBOUND_SPAM, codes=("5xx",),
              text=r"outboundspamexception|wascl useraction|actual verdict is "
                   r"(refusequota|hipnotify|suspend|block)"),
    # An SPF explanation link (libspf2, Mail::SPF, pypolicyd-spf default "Please see
    # http://www.openspf.org/Why?…") names SPF, whatever the enhanced code says.
    ReplyRule(SPF_REJECTED, codes=("4xx", "5xx"),
              text=r"open-?spf\.(org|net)/why|spf\.pobox\.com/why|/why\.html\?sender="),
    # Spamhaus answers queries through public resolvers with 127.255.255.254 (and 252,
    # 255); receivers that do not parse it reject everyone "blocked using zen…; Error:
    # open resolver". The receiver's fault, not a listing.
    ReplyRule(DNSBL_LOOKUP_BROKEN, codes=("5xx",),
              text=r"open resolver|public resolver|spamhaus\.org/returnc|"
                   r"127\.255\.255\.25[2-5]|excessive number of queries"),
    # Microsoft's own list of sending IPs ("blocked using FBLW15 … delist@messaging.
    # microsoft.com"): a list named by a bare code, not by a DNSBL's zone.
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"),
              text=r"delist@messaging\.microsoft\.com|blocked using [a-z]*\d+[a-z\d]*"
                   r"(?![.\w])"),
    # NetEase documents MI:STC as the sender's count for the day (its other MI/RP codes
    # are short-term rates).
    ReplyRule(QUOTA_EXCEEDED, codes=("4xx", "5xx"), text=r"\bmi:stc\b"),
    # Sendmail's reply when a milter rejects without text of its own (milter.c).
    ReplyRule(FILTER_REFUSED, codes=("5xx",), text=r"^ ?command rejected\.? ?$"),
    *ROUND8_TEXTS,  # reply_families8.py: the kinds of round 8's misses (after the above)
    *ROUND9_TEXTS,  # reply_families9.py: the kinds of round 9's misses (after round 8's)
    *ROUND10_TEXTS,  # reply_families10.py: the kinds of round 10's misses (after round 9's)
)

EARLY_CAUSES: tuple[ReplyRule, ...] = (
    # The name given at HELO/EHLO refused (Postfix's reject_invalid_helo_hostname,
    # reject_non_fqdn_helo_hostname and reject_unknown_helo_hostname, which it may say
    # only at RCPT; Exim's "Syntactically invalid EHLO argument"): neither the sender nor
    # the recipient.
    ReplyRule(HELO_REJECTED, codes=("5xx",), stages=AFTER_GREETING,
              text=r"(?:(?<=invalid )|(?<=bad )|(?<=non-fqdn )|(?<=unknown ))(helo|ehlo)\b|"
                   r"\b(helo|ehlo) (command rejected|(name|host ?name|argument)s? (is )?"
                   r"(invalid|not valid|rejected|not found))"),
    # Relay refusals in the words of a refused recipient: hMailServer ("Delivery is not
    # allowed to this address."), Haraka ("I cannot deliver mail for <x>" when no plugin
    # accepted the recipient), Postfix's `reject` restriction on a submission port
    # ("Recipient address rejected: Access denied"; Microsoft's 5.4.1 edge block with the
    # same words is a provider rule before this), qmail/Exim/MailEnable wordings.
    ReplyRule(RELAY_DENIED, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"delivery (is )?not (allowed|permitted) to (this|that|the) (address|"
                   r"domain|recipient)|\bi cannot deliver mail for\b|"
                   r"(we|server|system) (do|does)( not|n'?t) (handle|deliver|accept) mail "
                   r"for\b|"
                   r"not (allowed|permitted) to relay|relaying (mail )?to .{0,60}"
                   r"(is )?(not (allowed|permitted)|denied|prohibited)|"
                   r"not configured to relay|not an open relay|not a gateway|"
                   r"specified domain is not allowed|"
                   r"(you|client) (must|need to) (authenticate|log ?in) to relay"),
    # (A rule of its own: its leading word "recipient" is in most replies at RCPT.)
    ReplyRule(RELAY_DENIED, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"(?<=recipient address )rejected: access denied"),
    # "Unauthenticated senders not allowed" is a client that did not log in (SendGrid,
    # sisimai's reason/why-securityerror.go), unlike Gmail's "unauthenticated email",
    # which is the domain's SPF/DKIM.
    ReplyRule(AUTH_REQUIRED, codes=("5xx",),
              text=r"unauthenticated senders? (are |is )?not (allowed|accepted|permitted)"),
    ReplyRule(SENDER_BANNED, codes=("5xx",), text=_SENDER_HELD),
    # An account not yet activated cannot send (Mailgun's 421 "Please activate your
    # Mailgun account"), before the words "not allowed to send" below.
    ReplyRule(SENDER_BANNED, codes=("4xx", "5xx"),
              text=r"(please )?(activate|confirm) your (\w+ )?account"),
    # The login may not send as this address or domain: "the from address and the
    # authenticated user must be the same", "sender address must match the login",
    # SparkPost's "Unconfigured Sending Domain", Mailgun's sandbox "Domain … is not
    # allowed to send" (4xx there: the class stays temporary in the status line).
    ReplyRule(SENDER_REFUSED, codes=("4xx", "5xx"),
              text=r"(from|sender|envelope)( e-?mail)? address(es)? (and|must (be the same "
                   r"as|match)|do(es)? ?n[o']t match|not matching) (the |your )?"
                   r"(authenticated|login|logged[- ]in|auth|sasl|smtp) ?(user|account|name|"
                   r"identity|login|username)?\b|"
                   r"(unconfigured|unverified|unregistered|not verified) sending domain|"
                   r"sending domain (is )?(not (configured|verified|registered|authori[sz]ed)|"
                   r"unverified|unconfigured)|"
                   r"\bdomain [^ ]+ is not (allowed|permitted|authori[sz]ed) to send|"
                   r"sandbox (sub)?domains? (are|is) (for test|not allowed)"),
    # A content filter's own label: cPanel's "classified as rSPAM", an Rspamd multimap
    # "FORBIDDEN_FILE_EXTENSION", amavis' BANNED attachments.
    ReplyRule(CONTENT_REJECTED, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"classified as (r?spam|junk|bulk)|forbidden_file_extension|"
                   r"(forbidden|banned|blocked|prohibited|disallowed) (file )?(extension|"
                   r"attachment|file type)s?\b|\bbanned\b.{0,20}(attachment|file)|"
                   r"attachment .{0,30}(not allowed|forbidden|banned|prohibited)"),
    # A recipient no route of the receiver knows (hMailServer's "Recipient not in route
    # list").
    ReplyRule(RECIPIENT_UNKNOWN, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"not (in|on) (the )?route ?list"),
    # The sending IP not authorised for the sender's domain is SPF in other words (before
    # "not authorized to send on behalf", which names a send-as permission).
    ReplyRule(SPF_REJECTED, codes=("4xx", "5xx"),
              text=r"(ip|address|server)( address)? (you are|you'?re) (sending|using) "
                   r".{0,20}not (authori[sz]ed|permitted|allowed) to send (mail |e-?mail )?"
                   r"(on behalf of|for) (this|the|your) domain"),
    # A recipient's mailbox left unused for months (Chinese and Japanese providers' "not
    # poped for more than 6 months", "dormant account").
    ReplyRule(MAILBOX_DISABLED, codes=("4xx", "5xx"), stages=DELIVERY_STAGES,
              text=r"inactive (mail ?box|recipient)|mail ?box (is )?inactive|"
                   r"not (been )?(pop'?ed|popped|accessed|used|logged in(to)?|checked) (for|in) "
                   r"(more than |over )?\d+|dormant (account|mail ?box)"),
    # The receiver's own requirements, or the recipient's wish, in words.
    ReplyRule(POLICY, codes=("4xx", "5xx"), stages=AFTER_GREETING,
              text=r"(?:(?<=not )|(?<=n't )|(?<=to ))(meet|comply with|satisfy|conform to) "
                   r"(?!.{0,40}authenticat)(our|the|local|site|this server'?s?) .{0,30}"
                   r"(requirements|polic|standards|guidelines|rules)|"
                   r"(?:(?<=not )|(?<=n't ))(want|wish to receive) (your|this|the|any) (mail|"
                   r"e-?mails?|messages?)"),
    # A TLS channel that could not be set up after the STARTTLS step (Exchange's
    # "Failed to establish appropriate TLS channel: Access Denied" when its connector
    # requires TLS); at the STARTTLS step itself a provider rule says handshake.
    ReplyRule(STARTTLS_REQUIRED, codes=("4xx", "5xx"),
              stages=("ehlo", "auth", "mail_from", "rcpt_to", "data", "message"),
              text=r"(?:(?<=to )|(?<=not )|(?<=n't ))(establish|negotiate|create|set up) "
                   r".{0,20}(tls|ssl|secure|encrypted) (channel|connection|session)"),
)

IP_CAUSES: tuple[ReplyRule, ...] = (
    # A failed reputation check names reputation (the DESIGN meaning of sender_reputation
    # covers the IP's); a "poor IP reputation" block stays ip_blocked (reply_causes).
    ReplyRule(SENDER_REPUTATION, codes=("4xx", "5xx"),
              text=r"reputation (check )?(fail|failed|failure|too low)|"
                   r"(failed|failing) (the )?reputation|"
                   r"(?:(?<=has a )|(?<=has an )|(?<=with a )|(?<=with an ))(poor|low|bad|"
                   r"negative) reputation"),
    # Local jails of abusive clients ("ip in prison", fail2ban's "jail", Haraka's
    # "penalty box"): in a server's reply they can only mean the client.
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"),
              text=r"\b(in|into|put in|sent to) (prison|jail)\b|penalty ?box|\bjailed\b"),
    # Address ranges receivers refuse by kind (after the reverse DNS words: "dynamic IP
    # or generic PTR" asks for a PTR record): dial-up, dynamic, residential (T-Online's
    # "Dialup/transient IP not allowed", Mail.ru's "we do not accept mail from dynamic
    # IPs", sisimai's "hosts with dynamic ip", "dynamic/zombied/spam ips blocked").
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"),
              text=r"(dynamic|dial-?up|dialup|residential|transient|consumer|broadband|"
                   r"zombied)(/\w+)*[ -](ip|ips|host|hosts|address|addresses|range|ranges|"
                   r"pool|space)\b.{0,30}(not (allowed|accepted|permitted)|rejected|refused|"
                   r"blocked|denied|prohibited)|"
                   r"accepts? (no )?(e-?)?mail from (dynamic|dial-?up|residential)|"
                   r"hosts? with dynamic ip|"
                   r"(like|to be) an? (dynamic|dial-?up|residential)"),
    # sisimai's "blocked" wordings that name the sender as a spam source, or send it
    # to its provider's server (reason/why-blocked.go).
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"),
              text=r"remote ?host looks .{0,30}spammer|(you are|you'?re|currently) sending "
                   r"spam|(unwanted|unsolicited) (messages|mails?|e-?mails?) (have been |has "
                   r"been |were )?sent from (your|this|the following) (ip|host|address)|"
                   r"use (the|your) (smtp|mail|outgoing mail) server of your (isp|provider)|"
                   r"use (your|the) (isp'?s?|provider'?s?) (smtp|mail|outgoing) "
                   r"(server|relay|gateway)|use a mail ?gateway"),
    # Nothing of the message exists before MAIL FROM: spam or abuse named at the greeting
    # or EHLO is a verdict on the sending IP ("Comcast block for spam"), never content.
    ReplyRule(IP_BLOCKED, codes=("4xx", "5xx"), stages=("greeting", "ehlo"),
              text=r"\bspam|\babus(e|ive)\b"),
)

LATE_CAUSES: tuple[ReplyRule, ...] = (
    # A provider's count of outgoing messages per period, not per day ("554 5.7.0 … The
    # limit on the number of allowed outgoing messages was exceeded. Try again later.",
    # an hourly limit in the reports that quote it).
    ReplyRule(RATE_LIMITED, codes=("4xx", "5xx"),
              text=r"limit on the number of (allowed )?(outgoing|sent) (messages|e-?mails)|"
                   r"(outgoing|sent) (message|mail|e-?mail)s? limit (was |has been |is )?"
                   r"(exceeded|reached)"),
    # Complaints by recipients are the sender's reputation (Yahoo's TSS04 "deferred due
    # to user complaints"); when "unexpected volume" is named too, rate_limited came first.
    ReplyRule(SENDER_REPUTATION, codes=("4xx", "5xx"),
              text=r"\b(user|spam|recipient|subscriber|abuse) complaints?\b|"
                   r"complaint rate|too many complaints"),
)
