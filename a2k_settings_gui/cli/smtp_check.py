"""`a2k-email-settings test-send`: connect, secure, log in and send a test e-mail.

Exit status (docs/DESIGN.md): 0 it worked; 1 the test ran and found a problem; 2 bad input
(the message names the option); 3 the test could not run (e.g. no keyring backend: the
keyring is read on a thread while the connection is made, common.password_while_connecting,
and its failure at the login becomes exit 3 with the keyring's message).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from a2k_settings_gui.cli import common

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

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
        "--verbose", "-v", action="store_true",
        help="print the conversation with the server even when the test passes (it is "
             "printed after a failure anyway)")
    parser.add_argument(
        "--allow-plaintext-auth", action="store_true",
        help="with --security none only: send the password even though the connection "
             "is not encrypted (trusted office networks only)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: `a2k-email-settings show` must not pay for the SMTP modules.
    from a2k_settings_gui.core.smtp.check import DEFAULT_TIMEOUT, TestMode, run_test_send
    from a2k_settings_gui.core.support.checked import checked_values
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
    # From the keyring: read on a thread from now on, while the connection is made.
    password = common.password_while_connecting(args, settings)
    mode = TestMode.CONNECT if args.connect_only else TestMode.SEND
    secrets: list[str] = []  # the password, for the record to refuse a report holding it

    def check() -> Any:
        result = run_test_send(settings, password or "", recipient=recipient, mode=mode,
                               timeout=timeout, ca_file=cafile,
                               allow_plaintext_auth=args.allow_plaintext_auth)
        # (A pending one only if read by now: one never read was never sent either.)
        secrets.append((password.peek() if hasattr(password, "peek") else password) or "")
        for finding in result.findings:
            if finding.code == "keyring_unavailable":  # nothing was sent; QUIT was said
                # As when the keyring was read before the test: exit 3, nothing recorded.
                raise common.CannotRun(f"{finding.message} {finding.fix}")
        return result

    # Kept for the support report (`report`).
    result = run_and_record(
        common.settings_file(args), CheckKind.TEST_SEND, check, secrets=secrets,
        **common.recorded_as(args, "test_send", checked_values("test_send", settings)))
    report = result.to_dict()
    common.emit(args, report, human_lines(report, verbose=args.verbose))
    codes = {f["code"] for f in report["findings"]}
    if codes & {"missing_setting", "ca_file_unreadable"}:
        return common.EXIT_USAGE
    return common.EXIT_OK if result.ok else common.EXIT_PROBLEM


def human_lines(report: dict[str, Any], verbose: bool = False) -> list[str]:
    """The readable report: steps with times, the verdict, findings with fixes, the field
    of A2000ERP's screen to change, and the transcript after a failure (or `verbose`)."""
    from a2k_settings_gui.core.erp_profile import erp_fields_to_change

    server = report["server"]
    lines = [f"Test-send to {server['host']}:{server['port']} ({server['security']}), "
             f"{'connection test' if report['mode'] == 'connect' else 'sending a test e-mail'}"]
    for step in report["steps"]:
        detail = f"  {step['detail']}" if step["detail"] and step["status"] == "ok" else ""
        lines.append(f"  {_MARKS.get(step['status'], step['status'])} {step['label']:<22}"
                     f"{step['elapsed_ms']:>6} ms{detail}")
    failed_step = next((s["label"] for s in report["steps"] if s["status"] == "failed"),
                       report["stage"])
    verdict = "OK" if report["ok"] else f"FAILED at the step “{failed_step}”"
    erp_gaps = [f for f in report["findings"]
                if f["code"].startswith("erp_") and f["severity"] != "info"]
    if report["ok"] and erp_gaps:
        verdict += " for this tool, but A2000ERP may not be able to do the same (see below)"
    lines.append(f"Result: {verdict} in {report['elapsed_ms']} ms")
    words = {"error": "Problem", "warning": "Warning", "info": "Note"}
    to_change: list[str] = []
    for finding in report["findings"]:
        lines.append(f"{words.get(finding['severity'], finding['severity'])}: "
                     f"{finding['message']}")
        if finding["fix"]:
            lines.append(f"  Fix: {finding['fix']}")
        if finding["severity"] != "info":
            to_change += [f for f in erp_fields_to_change(finding["code"])
                          if f not in to_change]
    if to_change:
        lines.append(f"Change in A2000ERP (HOME – SYSTEM ADMIN – COMPANY – Email Setting): "
                     f"{', '.join(to_change)}; then save the same values here "
                     "(a2k-email-settings set) and test again.")
    if verbose or not report["ok"]:
        lines.append("Transcript:")
        lines.extend(f"  {line}" for line in report["transcript"])
    return lines
