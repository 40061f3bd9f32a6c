"""`a2k-email-settings check-domain [EMAIL or DOMAIN]`: SPF, DKIM, DMARC and MX.

Exit status: 0 nothing to fix; 1 the check found an error or warning; 2 bad input (the
message names the option); 3 the check could not run (no DNS server answered at all).
"""

from __future__ import annotations

import argparse
from typing import Any

from a2k_settings_gui.cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_PROBLEM,
    CannotRun,
    UsageError,
    add_network_options,
    emit,
    load_settings,
    settings_file,
    timeout_of,
)

DEFAULT_DNS_TIMEOUT = 5.0
LIGHTS = {"pass": "OK     ", "warn": "AT RISK", "fail": "BLOCKED", "unknown": "UNKNOWN"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check-domain",
        help="SPF, DKIM, DMARC and MX checks for the sender domain",
        description="Will Gmail, Yahoo and Outlook.com accept mail from this domain? Checks "
        "SPF for the outgoing server, DKIM, DMARC and MX, and prints the DNS records that "
        "fix what is wrong.",
    )
    parser.add_argument(
        "target", nargs="?", metavar="EMAIL or DOMAIN",
        help="sender address or domain (default: Sender Email ID from the settings)",
    )
    add_network_options(parser)
    for action in parser._actions:
        if action.dest == "timeout":
            action.help = ("seconds the whole check may take, every DNS query included "
                           f"(default {DEFAULT_DNS_TIMEOUT:g}); what has not answered by then "
                           "is reported as not answered")
    parser.add_argument(
        "--smtp-host", "--server", dest="smtp_host", metavar="HOST",
        help="outgoing mail server whose addresses SPF must allow (default: from settings)",
    )
    parser.add_argument(
        "--dkim-selector", action="append", default=[], metavar="NAME",
        help="a DKIM selector to check besides the usual ones (repeatable)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from a2k_settings_gui.cli.common import recorded_as
    from a2k_settings_gui.core.domain.check import DomainInputProblem, check_domain
    from a2k_settings_gui.core.net.dns import DnsServerProblem
    from a2k_settings_gui.core.support.checked import checked_domain_values
    from a2k_settings_gui.core.support.latest import CheckKind, run_and_record

    settings = load_settings(args)
    target = args.target or settings.sender_email
    smtp_host = args.smtp_host if args.smtp_host is not None else settings.smtp_host
    if not target:
        raise UsageError(
            "no sender to check: give an address or domain, e.g. "
            "check-domain statements@yourcompany.com, or set Sender Email ID"
        )
    timeout = timeout_of(args, DEFAULT_DNS_TIMEOUT)
    try:
        # Kept for the support report, unless no DNS server answered (nothing was seen).
        report = run_and_record(
            settings_file(args), CheckKind.CHECK_DOMAIN,
            lambda: check_domain(
                target,
                smtp_host,
                dns_servers=settings.dns_servers,
                timeout=timeout,
                dkim_selectors=tuple(args.dkim_selector),
                max_mails_per_batch=settings.max_mails_per_batch,
                batch_interval_seconds=settings.batch_interval_seconds,
                mails_per_month=settings.mails_per_month,
            ),
            lambda report: None if _nothing_answered(report) else report.to_dict(),
            **recorded_as(args, "check_domain", checked_domain_values(target, smtp_host)))
    except DomainInputProblem as exc:
        raise UsageError(str(exc)) from None
    except DnsServerProblem as exc:
        raise UsageError(f"--dns-server: {exc}") from None
    data = report.to_dict()
    if _nothing_answered(report):
        if not args.json:
            raise CannotRun(
                "no DNS server answered, so nothing could be checked. Check the network, or "
                "name a DNS server with --dns-server IP[:PORT]."
            )
        emit(args, data, [])
        return EXIT_CANNOT_RUN
    emit(args, data, human_lines(data))
    return EXIT_OK if report.ok else EXIT_PROBLEM


def _nothing_answered(report: Any) -> bool:
    """True when no query about the domain got an answer (each timed out, failed locally,
    or was still waiting when --timeout ran out): the check did not really run. (The DMARC
    tree walk also asks names above the domain, e.g. _dmarc.com; an answer about the
    top-level domain alone says nothing about this domain.)"""
    domain = report.facts.domain

    def own(name: str) -> bool:
        name = name.rstrip(".").lower()
        return name == domain or name.endswith("." + domain)

    failures = report.facts.dns_failures
    waiting = report.dns_queries - len(report.answered_names) - len(failures)
    return (
        report.dns_queries > 0
        and (waiting > 0 or any(own(a.name) for a in failures))
        and all(a.outcome in ("timeout", "error") for a in failures)
        and not any(own(name) for name in report.answered_names)
    )


def human_lines(data: dict[str, Any]) -> list[str]:
    spf, dkim, dmarc = data["spf"], data["dkim"], data["dmarc"]
    mx = ", ".join(f"{m['host']} ({m['preference']})" for m in data["mx"]) or "none"
    lines = [
        f"Domain:       {data['domain']}",
        f"Mail server:  {data['smtp_host'] or '(not set)'}",
        f"MX:           {mx}",
        f"SPF:          {spf['record'] or 'none'}",
        f"              result {spf['result'] or 'unknown'}, {spf['dns_lookups'] or 0} of 10 "
        f"DNS lookups, authorises the server: {_yes_no(spf['authorizes_server'])}",
        f"DKIM:         found {', '.join(dkim['selectors_found']) or 'none'} "
        f"(tried {len(dkim['selectors_checked'])} selectors)",
        f"DMARC:        {dmarc['record'] or 'none'}",
        "",
        "Receivers" + (" (bulk-sender rules apply: up to "
                       + (f"{data['busiest_day']:,}" if data.get("busiest_day") else "unlimited")
                       + " e-mails may leave in one day, over 5,000)"
                       if data.get("bulk_sender") else "") + ":",
    ]
    for receiver in data["receivers"]:
        text = "All senders: " + " ".join(receiver["all_senders"]["reasons"])
        bulk = receiver["bulk_senders"]
        if bulk and bulk["status"] != "pass":
            missing = [r for r in bulk["reasons"]
                       if r.endswith("no.") or "unknown" in r or r.startswith("Expect")]
            text += " Bulk senders: " + " ".join(missing)
        elif bulk:
            text += " Bulk-sender rules: met."
        lines.append(f"  {LIGHTS[receiver['status']]}  {receiver['receiver']}: {text}")
    lines.append("")
    if not data["findings"]:
        lines.append("Nothing to fix.")
    for finding in data["findings"]:
        lines.append(f"[{finding['severity']}] {finding['message']}")
        if finding["fix"]:
            lines.append(f"    Fix: {finding['fix']}")
        record = finding.get("record")
        if record:
            lines.append(f"    Publish: {record['name']}  {record['type']}  {record['value']}")
    return lines


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")
