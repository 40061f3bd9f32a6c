"""`check-received --imap-host HOST --message-id ID`: fetch the received copy over IMAP
instead of reading a file (the GUI's read-back, for scripts).

The IMAP password comes from standard input (--password-stdin) or the keyring's IMAP
service (account LOGIN@HOST, stored by the GUI's "Remember"); never from an argument.
"""

from __future__ import annotations

import argparse
from typing import Any

from a2k_settings_gui.cli import common


def add_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("fetch the received copy over IMAP (instead of FILE)")
    group.add_argument("--imap-host", metavar="HOST", help="IMAP server of the test mailbox")
    group.add_argument("--imap-port", type=int, default=None, metavar="N",
                       help="IMAP port, 1-65535 (default 993 for ssl, 143 for starttls)")
    group.add_argument("--imap-security", choices=["ssl", "starttls"], default="ssl",
                       help="implicit TLS (ssl, default) or STARTTLS")
    group.add_argument("--imap-user", metavar="LOGIN",
                       help="IMAP login (default: the settings' Test recipient)")
    group.add_argument("--message-id", metavar="ID",
                       help="the test e-mail's Message-ID, e.g. <...@yourcompany.com>")
    group.add_argument("--wait", type=float, default=120.0, metavar="SECONDS",
                       help="how long the whole read-back may take: connect, log in, wait "
                            "for the message and fetch it (default 120)")
    group.add_argument("--password-stdin", action="store_true",
                       help="read the IMAP password from standard input")
    group.add_argument("--cafile", default=None, metavar="PATH",
                       help="extra trusted CA certificates (PEM) for the IMAP TLS")


def fetch(args: argparse.Namespace) -> tuple[bytes, str] | dict[str, Any]:
    """(headers, junk folder or "") of the message found, or a finding dict when the
    read-back ran and did not find it. Raises UsageError / CannotRun."""
    from a2k_settings_gui.core.cancel import Cancelled
    from a2k_settings_gui.core.received.imap import (
        ImapProblem,
        ImapServer,
        imap_server_for,
        wait_for_message,
    )

    settings = common.load_settings(args)
    user = args.imap_user or settings.test_recipient or settings.sender_email
    if not user:
        raise common.UsageError("--imap-user: give the test mailbox's IMAP login")
    if not args.message_id:
        raise common.UsageError("--message-id: give the test e-mail's Message-ID "
                                "(Send Test Email shows it in its transcript)")
    if not 1 <= args.wait <= 900:
        raise common.UsageError("--wait must be a number of seconds from 1 to 900")
    if args.imap_port is not None and not 1 <= args.imap_port <= 65535:
        raise common.UsageError(f"--imap-port: {args.imap_port} is not a port; give a number "
                                "from 1 to 65535 (993 for ssl, 143 for starttls)")
    port = args.imap_port or (993 if args.imap_security == "ssl" else 143)
    known = imap_server_for(user)
    oauth_only = known is not None and known.host == args.imap_host and not known.password_login
    server = ImapServer(args.imap_host, port, args.imap_security,
                        note=known.note if known and known.host == args.imap_host else "",
                        password_login=not oauth_only)
    password = _password(args, f"{user}@{args.imap_host.lower()}")
    try:
        found = wait_for_message(server, user, password, args.message_id,
                                 wait_seconds=args.wait,
                                 ca_file=args.cafile or settings.ca_file or "",
                                 dns_servers=tuple(args.dns_server or settings.dns_servers))
    except ImapProblem as problem:
        if problem.code == "imap_message_not_found":
            return {"code": problem.code, "severity": "error", "message": problem.message,
                    "fix": problem.fix}
        raise common.CannotRun(f"{problem.message} {problem.fix}") from None
    except Cancelled:
        raise common.CannotRun("the read-back was stopped before it finished") from None
    return found.headers, (found.folder if found.junk else "")


def _password(args: argparse.Namespace, account: str) -> str:
    if args.password_stdin:
        # UTF-8, at most common.MAX_PASSWORD_BYTES: the SMTP path's rules and words.
        return _stdin_password()
    from a2k_settings_gui.core import secrets

    try:
        stored = secrets.get_password(account, service=secrets.IMAP_SERVICE_NAME)
    except secrets.KeyringUnavailable as exc:
        raise common.CannotRun(f"{exc} Or pass the IMAP password with --password-stdin.") \
            from None
    if not stored:
        raise common.UsageError(f"no IMAP password stored for {account}: pass it with "
                                "--password-stdin (or tick Remember in the window)")
    return stored


def _stdin_password() -> str:
    try:
        return common.read_stdin_password()
    except common.UsageError as exc:
        raise common.UsageError(str(exc).replace("Email Password", "IMAP password")) \
            from None
