"""`a2k-email-settings check-received FILE|-`: how the receiver judged the test e-mail.

Reads the received copy (an .eml file, or its headers pasted into a file or piped on
standard input) and reports each receiver's SPF, DKIM and DMARC verdict, alignment with
the From domain, the DKIM selector used, the hops with their delays and spam verdicts.

Exit status: 0 DMARC passed at the final receiver; 1 it did not (or no receiver judged
it); 2 the input is not a message or has no headers.
"""

from __future__ import annotations

import argparse
import sys

from a2k_settings_gui.cli import common

# Standard input is read only up to this much: the header section is all we need and a
# pasted message with a huge attachment must not fill memory.
_STDIN_CAP = 4 * 1024 * 1024


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "check-received",
        help="read a received test e-mail: how the receiver judged SPF, DKIM, DMARC",
        description="Read the received copy of the test e-mail (save it as .eml, or paste "
                    "its headers: Gmail 'Show original', Outlook 'View message source', "
                    "Yahoo 'View raw message') and report how the receiver judged SPF, "
                    "DKIM and DMARC. Exit 0: DMARC passed at the final receiver; 1: it did "
                    "not; 2: not a message.",
    )
    parser.add_argument("file", metavar="FILE|-", nargs="?", default=None,
                        help="the .eml file or a text file with the headers; - reads "
                             "standard input (or fetch it with --imap-host)")
    common.add_json_option(parser)
    common.add_config_option(parser)
    parser.add_argument("--from", dest="from_address", default=None, metavar="ADDRESS",
                        help="the Sender Email ID the test was sent from (default: the "
                             "settings' one); a message From anyone else proves nothing")
    parser.add_argument("--adkim", choices=["r", "s"], default=None,
                        help="DKIM alignment of the domain's DMARC record: r relaxed, "
                             "s strict (default: relaxed, strict when the receiver's verdict "
                             "shows it)")
    parser.add_argument("--aspf", choices=["r", "s"], default=None,
                        help="SPF alignment of the domain's DMARC record (as --adkim)")
    parser.add_argument("--dmarc-lookup", action="store_true",
                        help="read the From domain's DMARC record (DNS) for adkim/aspf")
    parser.add_argument("--dns-server", action="append", default=None, metavar="IP[:PORT]",
                        help="DNS server for --dmarc-lookup (repeatable)")
    parser.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                        help="seconds to wait for the DNS answer (default 5)")
    from a2k_settings_gui.cli import check_received_imap

    check_received_imap.add_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core.received import (
        NotAMessage,
        read_received_bytes,
        read_received_file,
    )

    data = b""
    args.sender = _sender(args)
    if args.imap_host:
        if args.file is not None:
            raise common.UsageError("give FILE or --imap-host, not both")
        return _run_imap(args)
    if args.file is None:
        raise common.UsageError("FILE: give the saved .eml file, - for standard input, or "
                                "--imap-host to fetch it from the test mailbox")
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read(_STDIN_CAP + 1)
            report = read_received_bytes(data, adkim=args.adkim, aspf=args.aspf,
                                         sender=args.sender)
        else:
            report = read_received_file(args.file, adkim=args.adkim, aspf=args.aspf,
                                        sender=args.sender)
    except NotAMessage as problem:
        raise common.UsageError(f"FILE: {problem}") from None
    if args.dmarc_lookup and report.from_domain:
        report = _with_dmarc_record(args, report, data if args.file == "-" else None)
    common.emit(args, report.to_dict(), human_lines(report))
    return common.EXIT_OK if report.dmarc_pass else common.EXIT_PROBLEM


def _sender(args: argparse.Namespace) -> str:
    """--from, else the settings' Sender Email ID; "" when neither is known (the verdict
    then names the From address plainly)."""
    try:
        return common.load_settings(args).sender_email or ""
    except common.CannotRun:
        return args.from_address or ""


def _run_imap(args: argparse.Namespace) -> int:
    from a2k_settings_gui.cli import check_received_imap
    from a2k_settings_gui.core.received import NotAMessage, read_received_bytes

    fetched = check_received_imap.fetch(args)
    if isinstance(fetched, dict):  # ran, but the message did not arrive in time
        report = {"message_id": args.message_id, "dmarc_pass": False, "findings": [fetched]}
        common.emit(args, report, [f"[error] {fetched['code']}: {fetched['message']}",
                                   f"    Fix: {fetched['fix']}"])
        return common.EXIT_PROBLEM
    headers, junk_folder = fetched
    try:
        received = read_received_bytes(headers, adkim=args.adkim, aspf=args.aspf,
                                       junk_folder=junk_folder, sender=args.sender)
    except NotAMessage as problem:
        raise common.CannotRun(f"the server returned no readable headers: {problem}") \
            from None
    if args.dmarc_lookup and received.from_domain:
        args.file = "-"
        received = _with_dmarc_record(args, received, headers)
    common.emit(args, received.to_dict(), human_lines(received))
    return common.EXIT_OK if received.dmarc_pass else common.EXIT_PROBLEM


def _with_dmarc_record(args: argparse.Namespace, report, data: bytes | None):  # type: ignore[no-untyped-def]
    """Read again with the alignment modes of the domain's DMARC record (a DNS lookup)."""
    from a2k_settings_gui.core.net.servers import DnsServerProblem, normalize_dns_server
    from a2k_settings_gui.core.received import read_received_bytes, read_received_file
    from a2k_settings_gui.core.received.dmarc_modes import dmarc_modes

    try:
        servers = tuple(normalize_dns_server(s) for s in args.dns_server or ())
    except DnsServerProblem as problem:
        raise common.UsageError(f"--dns-server: {problem}") from None
    modes = dmarc_modes(report.from_domain, dns_servers=servers,
                        timeout=common.timeout_of(args, default=5.0))
    # No record (or no answer): keep DMARC's default and the inference from the verdict.
    found = modes.record is not None
    adkim = args.adkim or (modes.adkim if found else None)
    aspf = args.aspf or (modes.aspf if found else None)
    sender = getattr(args, "sender", "")
    again = (read_received_bytes(data, adkim=adkim, aspf=aspf, sender=sender)
             if data is not None
             else read_received_file(args.file, adkim=adkim, aspf=aspf, sender=sender))
    again.dmarc_record = modes.to_dict()
    return again


def human_lines(report) -> list[str]:  # type: ignore[no-untyped-def]
    """The report as plain text for a terminal (ASCII only: survives cp1252 consoles)."""
    lines = [f"Verdict: {report.verdict}", ""]
    if report.from_address or report.from_domain:
        lines.append(f"From:     {report.from_address or report.from_domain}"
                     + (f"  (Sender Email ID: {report.sender})" if report.sender else ""))
    if report.subject:
        lines.append(f"Subject:  {report.subject}")
    for receiver in report.receivers:
        lines.append(f"{receiver.name} (final receiver, "
                     f"{receiver.authserv_id or 'no authserv-id'}):")
        for result in receiver.results:
            detail = " ".join(f"{k}={v}" for k, v in result.properties.items()
                              if k != "header.b")
            extra = f" reason={result.reason}" if result.reason else ""
            lines.append(f"  {result.method:<9} {result.result:<9} {detail}{extra}".rstrip())
    if report.claims:
        lines.append("Claims that came with the message (not the receiver's verdict):")
        for claim in report.claims:
            said = " ".join(f"{r.method}={r.result}" for r in claim.header.results[:8])
            lines.append(f"  {claim.header.authserv_id or 'no authserv-id'}: {said}")
            lines.append(f"    ignored: {claim.why}")
    spf, dkim = report.alignment["spf"], report.alignment["dkim"]
    record = report.dmarc_record
    if record is not None:
        lines.append(f"DMARC record: {record['record'] or 'none found'}"
                     + (f" ({record['found_at']})" if record["found_at"] else "")
                     + (" - DNS did not answer" if record["problem"] == "dns_failed" else ""))
    lines.append("Alignment with the From domain:")
    lines.append(f"  SPF   {_yes(spf.aligned)}  {spf.domain or '-'} ({spf.mode})")
    lines.append(f"  DKIM  {_yes(dkim.aligned)}  {dkim.domain or '-'} ({dkim.mode})")
    if report.dkim_signatures:
        lines.append("DKIM signatures (selector really used):")
        for sig in report.dkim_signatures:
            lines.append(f"  s={sig.selector} d={sig.domain} result={sig.result or '-'}"
                         f" aligned={_yes(sig.aligned)}")
    if report.hops:
        lines.append("Hops (oldest first):")
        for hop in report.hops:
            delay = "" if hop.delay_seconds is None else f" +{hop.delay_seconds:.0f}s"
            lines.append(f"  {hop.number}. {hop.from_host or '?'} -> {hop.by_host or '?'}"
                         f"{delay}")
    for verdict in report.spam:
        lines.append(f"Spam: {verdict.source}: {verdict.detail}")
    if report.findings:
        lines.append("")
        lines.extend(common.finding_lines(report.findings))
    return [line.encode("ascii", "replace").decode("ascii") for line in lines]


def _yes(flag: bool) -> str:
    return "yes" if flag else "no "
