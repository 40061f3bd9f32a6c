"""`a2k-email-settings test-send`: connect, secure, log in and send a test e-mail.

Exit status (docs/DESIGN.md): 0 it worked; 1 the test ran and found a problem; 2 bad input
(the message names the option); 3 the test could not run (e.g. no keyring backend,
handled by common.read_password).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from a2k_settings_gui.cli import common

_MARKS = {"ok": "[ ok ]", "failed": "[FAIL]", "skipped": "[skip]", "running": "[ .. ]"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "test-send",
        help="connect, secure, log in and send a test e-mail",
        description=(
            "Run the conversation the ERP will have with the mail server and say where it "
            "fails and how to fix it. By default a real test e-mail is sent (to --to, or "
            "to the sender)."
        ),
    )
    common.add_network_options(parser)
    common.add_server_options(parser)
    if "--to" not in parser._option_string_actions:  # the shared options may add it later
        parser.add_argument("--to", metavar="ADDRESS",
                            help="who receives the test e-mail (default: the Test recipient "
                                 "setting, else the sender)")
    parser.add_argument(
        "--connect-only", action="store_true",
        help="stop once the server is ready to take the message; send nothing",
    )
    parser.add_argument(
        "--allow-plaintext-auth", action="store_true",
        help="with --security none only: send the password even though the connection "
             "is not encrypted (trusted office networks only)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: `a2k-email-settings show` must not pay for the SMTP modules.
    from a2k_settings_gui.core.smtp.check import DEFAULT_TIMEOUT, TestMode, run_test_send
    from a2k_settings_gui.core.support.latest import CheckKind, run_and_record

    settings = common.load_settings(args)
    cafile = getattr(args, "cafile", None) or settings.ca_file or None
    if cafile and not Path(cafile).is_file():
        raise common.UsageError(f"--cafile {cafile}: no such file. Give the path of a PEM "
                                "file with your CA certificates.")
    if not settings.smtp_host:
        raise common.UsageError("no Outgoing Mail Server (SMTP) is set: save one in the "
                                "dialog or pass --server HOST")
    if not settings.sender_email:
        raise common.UsageError("no Sender Email ID is set: save one in the dialog or pass "
                                "--from ADDRESS")
    recipient = getattr(args, "to", None) or settings.test_recipient or settings.sender_email
    if recipient != settings.sender_email:
        from a2k_settings_gui.core.settings import ValueProblem, parse_email

        try:
            recipient = parse_email(recipient, label="The recipient")
        except ValueProblem as exc:
            raise common.UsageError(f"--to: {exc}") from None
    if args.allow_plaintext_auth and settings.security.value != "none":
        raise common.UsageError("--allow-plaintext-auth only applies with --security none")
    timeout = common.timeout_of(args, DEFAULT_TIMEOUT)
    password = common.read_password(args, settings)
    mode = TestMode.CONNECT if args.connect_only else TestMode.SEND
    # Kept for the support report (`report`).
    result = run_and_record(
        common.settings_file(args), CheckKind.TEST_SEND,
        lambda: run_test_send(settings, password or "", recipient=recipient, mode=mode,
                              timeout=timeout, ca_file=cafile,
                              allow_plaintext_auth=args.allow_plaintext_auth),
        secrets=(password or "",))
    report = result.to_dict()
    common.emit(args, report, human_lines(report))
    codes = {f["code"] for f in report["findings"]}
    if codes & {"missing_setting", "ca_file_unreadable"}:
        return common.EXIT_USAGE
    return common.EXIT_OK if result.ok else common.EXIT_PROBLEM


def human_lines(report: dict[str, Any]) -> list[str]:
    """The readable report: steps with times, the verdict, findings with fixes, transcript."""
    server = report["server"]
    lines = [f"Test-send to {server['host']}:{server['port']} ({server['security']}), "
             f"{'connection test' if report['mode'] == 'connect' else 'sending a test e-mail'}"]
    for step in report["steps"]:
        detail = f"  {step['detail']}" if step["detail"] and step["status"] == "ok" else ""
        lines.append(f"  {_MARKS.get(step['status'], step['status'])} {step['label']:<22}"
                     f"{step['elapsed_ms']:>6} ms{detail}")
    verdict = "OK" if report["ok"] else f"FAILED at '{report['stage']}'"
    erp_gaps = [f["code"] for f in report["findings"]
                if f["code"].startswith("erp_") and f["severity"] != "info"]
    if report["ok"] and erp_gaps:
        verdict += f" for this tool, but A2000ERP may not repeat it ({', '.join(erp_gaps)})"
    lines.append(f"Result: {verdict} in {report['elapsed_ms']} ms")
    if report.get("security_detected"):
        lines.append(f"Auto found: security {report['security_detected']} on port "
                     f"{server['port']} (save it with --security/--port or in the dialog)")
    for finding in report["findings"]:
        lines.append(f"{finding['severity'].upper()}: {finding['message']}")
        if finding["fix"]:
            lines.append(f"  Fix: {finding['fix']}")
    lines.append("Transcript:")
    lines.extend(f"  {line}" for line in report["transcript"])
    return lines
