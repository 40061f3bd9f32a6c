"""The verdict in plain words, and the findings with what to change.

Codes (stable, listed in the issue note): `dmarc_fail`, `dmarc_not_evaluated`,
`spf_fail`, `dkim_fail`, `dkim_not_aligned`, `spf_not_aligned`, `no_auth_results`,
`marked_as_spam`, `compauth_fail`, `slow_hop`, `auth_results_claimed`,
`receiver_not_identified`, `dmarc_other_domain`, `from_not_sender`.

Only the final receiver's own Authentication-Results is a verdict (receiver.py); the
others are shown as claims that came with the message. A pass counts only for the
message's From domain and, when the Sender Email ID is known, only for that address.

Severity follows what the receiver does with the mail: a DMARC failure is an error
(Gmail, Yahoo and Outlook.com reject or junk it); an SPF or DKIM problem is an error
while DMARC fails and a warning once the other method carries DMARC (Gmail's bulk rules
want both).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.kit.record import replace
from a2k_settings_gui.core.providers import match_domain
from a2k_settings_gui.core.received.hops import SLOW_HOP_SECONDS, slowest_hop

if TYPE_CHECKING:
    from a2k_settings_gui.core.received.report import ReceivedReport, Receiver

_SPF_WORDS = {
    "fail": "the sending server is not in the domain's SPF record (SPF hard fail)",
    "softfail": "the sending server is not in the domain's SPF record (SPF soft fail, ~all)",
    "neutral": "the domain's SPF record neither allows nor forbids the sending server (?all)",
    "none": "the domain publishes no SPF record",
    "permerror": "the domain's SPF record is broken (permerror: syntax or too many lookups)",
    "temperror": "the receiver could not read the SPF record (temporary DNS error)",
}
_DKIM_WORDS = {
    "none": "the message carried no DKIM signature",
    "fail": "the DKIM signature did not verify (the message changed on the way, or the key "
            "in DNS does not match)",
    "neutral": "the DKIM signature could not be checked",
    "permerror": "the DKIM signature or its DNS key is broken",
    "temperror": "the receiver could not read the DKIM key (temporary DNS error)",
    "policy": "the DKIM signature was refused by the receiver's policy",
    "unknown": "the receiver found no DKIM signature it could check",
}
_NOT_EVALUATED = ("none", "unknown", "bestguesspass")


def judge(report: ReceivedReport) -> tuple[list[Finding], str]:
    final = report.final_receiver
    if final is None:
        return [*_no_verdict_findings(report), *_claim_findings(report),
                *_spam_findings(report), *_hop_findings(report)], _no_verdict_headline(report)
    findings: list[Finding] = []
    findings += _dmarc_findings(report, final)
    findings += _spf_findings(report, final)
    findings += _dkim_findings(report, final)
    findings += _compauth_findings(final)
    findings += _identity_findings(report, final)
    findings += _claim_findings(report)
    findings += _spam_findings(report)
    findings += _hop_findings(report)
    return _without_repeated_fixes(findings), _headline(report, final)


def _without_repeated_fixes(findings: list[Finding]) -> list[Finding]:
    """One cause (e.g. a gmail.com sender on another server) gives several findings with
    the same fix; say it once and point back to it."""
    seen: set[str] = set()
    out = []
    for finding in findings:
        if finding.fix and finding.fix in seen:
            finding = replace(finding, fix="The same fix as above.")
        seen.add(finding.fix)
        out.append(finding)
    return out


def _no_verdict_findings(report: ReceivedReport) -> list[Finding]:
    if not report.receiver_identified and report.claims:
        return [Finding(
            "receiver_not_identified", "error",
            "No Received field names the server that took the message in, so nothing shows "
            "which server wrote the Authentication-Results: they count as claims, not as the "
            "receiver's verdict.",
            "Copy ALL the headers of the copy in the recipient's inbox, from the very top "
            "(Gmail 'Show original', Outlook 'View message source', Yahoo 'View raw "
            "message'), or save the message as .eml.")]
    return [Finding(
        "no_auth_results", "error",
        "The receiving server wrote no Authentication-Results of its own, so nothing says "
        "how the receiver judged SPF, DKIM and DMARC.",
        "Use the copy in the recipient's inbox (not the Sent folder) and copy ALL its "
        "headers: Gmail 'Show original', Outlook 'View message source', Yahoo 'View raw "
        "message'. A receiving server that checks nothing writes no verdict.")]


def _no_verdict_headline(report: ReceivedReport) -> str:
    if report.claims:
        return ("Not proven: the receiving server gave no verdict of its own; the "
                "Authentication-Results in the message came with it and are only claims.")
    return "Not proven: the headers hold no receiver's verdict on SPF, DKIM or DMARC."


def _claim_findings(report: ReceivedReport) -> list[Finding]:
    passes = [c for c in report.claims
              if any(r.result == "pass" for r in c.header.results)]
    if not passes:
        return []
    first = passes[0]
    said = ", ".join(f"{r.method}={r.result}" for r in first.header.results[:6])
    name = first.header.authserv_id or "no authserv-id"
    return [Finding(
        "auth_results_claimed", "warning" if report.dmarc_pass else "error",
        f"{len(report.claims)} Authentication-Results header(s) came with the message and "
        f"are claims, not the receiver's verdict: for example '{name}; {said}' does not "
        f"count because {first.why}.",
        "Nothing to change in the ERP: judge the delivery by the receiver's own verdict "
        "above. A sender (or anyone on the way) can write such a header.")]


def _identity_findings(report: ReceivedReport, final: Receiver) -> list[Finding]:
    findings = []
    if report.dmarc_for_other_domain:
        findings.append(Finding(
            "dmarc_other_domain", "error",
            f"{final.name}'s DMARC result is about {report.dmarc_domain}, but the message's "
            f"From is {report.from_address or report.from_domain}: it proves nothing for "
            f"{report.from_domain}.",
            "Check the message you opened: it must be the test e-mail sent from the Sender "
            "Email ID, in the recipient's inbox."))
    if report.from_other_sender:
        findings.append(Finding(
            "from_not_sender", "error",
            f"This message is From {report.from_address}, not from the Sender Email ID "
            f"{report.sender}: its verdict says nothing about the ERP's mail.",
            f"Open the test e-mail sent from {report.sender} (subject 'A2000ERP test "
            "e-mail') and check that one."))
    return findings


def _headline(report: ReceivedReport, final: Receiver) -> str:
    domain = report.from_domain or "the sender's domain"
    spf, dkim = report.alignment["spf"], report.alignment["dkim"]
    carried = " and ".join(name for name, a in (("SPF", spf), ("DKIM", dkim)) if a.aligned)
    spam = any(s.spam for s in report.spam)
    who = report.from_address or "no From address"
    if report.from_other_sender:
        return (f"Not proven for your sender: this message is From {who}, not from the "
                f"Sender Email ID {report.sender}.")
    if report.dmarc_for_other_domain:
        return (f"Not proven: {final.name} says DMARC {report.dmarc_result} for "
                f"{report.dmarc_domain}, but the message is From {who}.")
    if report.receiver_said_pass and not report.from_address:
        return (f"Not proven: {final.name} says DMARC passed for {domain}, but the headers "
                "hold no From address to check it against.")
    if report.dmarc_pass:
        text = (f"Delivered and authenticated: {final.name} says DMARC passed for {domain} "
                f"(From: {who}; {carried or 'an aligned method'} aligned with the From "
                "domain).")
        return text + (" But it was put in Junk/Spam." if spam else "")
    if report.dmarc_result in (None, *_NOT_EVALUATED):
        return (f"Not proven: {final.name} did not evaluate DMARC for {domain} "
                + ("(SPF or DKIM aligned, so it would pass once a DMARC record exists)."
                   if carried else "and neither SPF nor DKIM aligned with the From domain."))
    dmarc = final.first("dmarc")
    policy = (dmarc.policy.get("p") or dmarc.prop("policy.dmarc") or "").lower() if dmarc \
        else ""
    if policy in ("reject", "quarantine"):
        consequence = (f"With the domain's policy p={policy}, receivers reject it or put it "
                       "in Junk.")
    else:
        consequence = ("The domain's policy lets it through for now, but Gmail and Yahoo "
                       "require DMARC to pass for bulk mail and often junk what fails.")
    return f"Failed: {final.name} says DMARC {report.dmarc_result} for {domain}. {consequence}"


def _dmarc_findings(report: ReceivedReport, final: Receiver) -> list[Finding]:
    dmarc = final.first("dmarc")
    domain = report.from_domain or "the From domain"
    if report.receiver_said_pass:
        return []
    spf, dkim = report.alignment["spf"], report.alignment["dkim"]
    if dmarc is None or dmarc.result in _NOT_EVALUATED:
        why = ("publishes no DMARC record" if dmarc is not None and dmarc.result != "unknown"
               else "has no DMARC verdict in the receiver's header")
        would = spf.aligned or dkim.aligned
        return [Finding(
            "dmarc_not_evaluated", "warning",
            f"{final.name} did not evaluate DMARC: {domain} {why}. "
            + ("SPF or DKIM aligned with the From domain, so DMARC would pass."
               if would else "Neither SPF nor DKIM aligned with the From domain, so DMARC "
               "would fail once the domain publishes a policy."),
            f"Publish a DMARC record at _dmarc.{report.from_domain or 'your-domain'} "
            "(start with v=DMARC1; p=none; rua=mailto:…); Gmail and Yahoo require one for "
            "bulk senders. Check Domain shows the record to publish.")]
    if dmarc.result in ("permerror", "temperror"):
        broken = dmarc.result == "permerror"
        return [Finding(
            "dmarc_fail", "error",
            f"{final.name} could not evaluate DMARC for {domain} ({dmarc.result}): "
            + ("the domain's DMARC record is broken." if broken
               else "a DNS lookup failed at the receiver."),
            (f"Fix the DMARC record at _dmarc.{report.from_domain}; Check Domain shows what "
             "is wrong with it." if broken else "Send the test again later; if it repeats, "
             "ask the DNS provider whether the domain's name servers answer reliably."))]
    # Gmail/Yahoo put the policy in a comment; OpenDMARC-style receivers as policy.dmarc.
    policy = dmarc.policy.get("p") or (dmarc.prop("policy.dmarc") or "").lower()
    action = dmarc.action or ""
    how = f" Its policy is p={policy}." if policy else ""
    if action and action != "none":
        how += f" Microsoft's action: {action}."
    return [Finding(
        "dmarc_fail", "error",
        f"{final.name} says DMARC {dmarc.result} for {domain}: neither SPF nor DKIM passed "
        f"for a domain aligned with {domain}.{how}",
        _dmarc_fix(report))]


def _dmarc_fix(report: ReceivedReport) -> str:
    spf, dkim = report.alignment["spf"], report.alignment["dkim"]
    owned = _provider_owned_fix(report)
    if owned:
        return owned
    if dkim.result == "pass" and not dkim.aligned and dkim.domain:
        return (f"The message was signed by {dkim.domain}, not by {report.from_domain}: set up "
                f"DKIM for {report.from_domain} at the mail provider (domain authentication), "
                "or send through the server that hosts your domain's mailboxes.")
    if spf.result == "pass" and not spf.aligned and spf.domain:
        return (f"SPF passed only for the bounce domain {spf.domain}: set up DKIM signing with "
                f"{report.from_domain} (or a custom MAIL FROM / return-path domain under "
                f"{report.from_domain}) at the mail provider.")
    return (f"Add the sending server to {report.from_domain}'s SPF record and turn on DKIM "
            "signing for it at the mail provider; Check Domain shows the records to publish.")


def _provider_owned_fix(report: ReceivedReport) -> str:
    """gmail.com, yahoo.com, …: nobody but the provider can publish SPF or DKIM for them."""
    owner = match_domain(report.from_domain) if report.from_domain else None
    if owner is None:
        return ""
    host = owner.servers_for()[0].host if owner.servers else "the provider's server"
    return (f"{report.from_domain} belongs to {owner.name}: only {owner.name}'s own server "
            f"({host}) can send as {report.from_domain} and pass SPF, DKIM and DMARC. Send "
            "through it, or use a Sender Email ID at your company's domain.")


def _spf_findings(report: ReceivedReport, final: Receiver) -> list[Finding]:
    spf = final.first("spf")
    alignment = report.alignment["spf"]
    domain = alignment.domain or report.from_domain
    if spf is None:
        return []
    if spf.result != "pass":
        words = _SPF_WORDS.get(spf.result, f"SPF result {spf.result}")
        return [_failed(report, "spf",
                        f"{final.name} says SPF {spf.result} for {domain}: {words}.",
                        f"Add the outgoing mail server to the SPF record of {domain} "
                        "(Check Domain shows the record); if your provider gives an include: "
                        "for its servers, use it.")]
    if not alignment.aligned and report.from_domain:
        return [_not_aligned(report, "spf", f"SPF passed for {domain}, which is",
                             " It proves the provider sent it, not your domain.",
                             ("Nothing to do while DKIM aligns. "
                              if report.alignment["dkim"].aligned else "")
                             + "To align SPF, set a custom return-path (MAIL FROM) "
                             f"domain under {report.from_domain} at the provider.")]
    return []


def _dkim_findings(report: ReceivedReport, final: Receiver) -> list[Finding]:
    dkims = final.all("dkim")
    alignment = report.alignment["dkim"]
    domain = report.from_domain or "your domain"
    if not dkims or all(d.result != "pass" for d in dkims):
        result = dkims[0].result if dkims else "none"
        words = _DKIM_WORDS.get(result, f"DKIM result {result}")
        said = (f"{final.name} says DKIM {result}" if dkims
                else f"{final.name} reports no DKIM result")
        return [_failed(report, "dkim", f"{said}: {words}.",
                        f"Turn on DKIM signing for {domain} at your mail provider and publish "
                        "its key in DNS (Check Domain checks it). Gmail's bulk-sender rules "
                        "require DKIM.")]
    if not alignment.aligned and report.from_domain:
        return [_not_aligned(report, "dkim", f"DKIM passed, but for {alignment.domain},",
                             " The provider signed with its own domain.",
                             f"Set up DKIM for {report.from_domain} at the provider (often "
                             "called domain authentication or sender authentication) and "
                             "publish its DNS records.")]
    return []


def _failed(report: ReceivedReport, method: Literal["spf", "dkim"], said: str,
            fix: str) -> Finding:
    """SPF or DKIM did not pass: an error, or a warning while DMARC passed on the other."""
    return Finding(f"{method}_fail", "warning" if report.receiver_said_pass else "error", said,
                   _provider_owned_fix(report) or fix)


def _not_aligned(report: ReceivedReport, method: Literal["spf", "dkim"], passed: str,
                 unrelated_why: str, fix: str) -> Finding:
    """SPF or DKIM passed for a domain other than From: only a note while DMARC passed."""
    alignment = report.alignment[method]
    why = (" The receiver failed DMARC although both share an organizational domain, so "
           f"the domain's DMARC record asks for strict alignment (a{method}=s)."
           if alignment.inferred else unrelated_why)
    return Finding(f"{method}_not_aligned", "info" if report.receiver_said_pass else "warning",
                   f"{passed} not the From domain {report.from_domain} "
                   f"({alignment.mode} alignment).{why}",
                   _provider_owned_fix(report) or fix)


def _compauth_findings(final: Receiver) -> list[Finding]:
    compauth = final.first("compauth")
    if compauth is None or compauth.result not in ("fail", "softpass"):
        return []
    reason = compauth.reason or ""
    return [Finding("compauth_fail", "warning" if compauth.result == "softpass" else "error",
                    f"Microsoft's composite authentication says {compauth.result}"
                    + (f" (reason {reason})" if reason else "")
                    + ": Outlook treats the sender as possibly spoofed and may put it in "
                    "Junk.",
                    "Make SPF or DKIM pass for the From domain and publish DMARC; Microsoft "
                    "then passes compauth.")]


def _spam_findings(report: ReceivedReport) -> list[Finding]:
    spam = [s for s in report.spam if s.spam]
    if not spam:
        return []
    first = spam[0]
    return [Finding("marked_as_spam", "error",
                    f"The receiver put the message in Junk/Spam: {first.detail} "
                    f"({first.source}).",
                    "Fix the authentication findings first; then look at the content "
                    "(links, images only, subject) and ask the recipient to mark it 'Not "
                    "junk'.")]


def _hop_findings(report: ReceivedReport) -> list[Finding]:
    slow = slowest_hop(report.hops)
    if slow is None or (slow.delay_seconds or 0) <= SLOW_HOP_SECONDS:
        return []
    minutes = (slow.delay_seconds or 0) / 60
    where = f"{slow.from_host or 'the sender'} → {slow.by_host or 'the next server'}"
    clock = (" Counted from the message's Date, so a wrong clock on the sending PC shows up "
             "here too." if slow.number == 1 else "")
    return [Finding("slow_hop", "warning",
                    f"One step took {minutes:.0f} minutes: {where} (hop {slow.number}). "
                    "Mail was held there (queue, greylisting or a slow filter)." + clock,
                    "If this repeats, ask the owner of that server; greylisting delays only "
                    "the first message from a new server.")]
