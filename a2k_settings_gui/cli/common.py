"""What every sub-command shares: options, settings with overrides, output, exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.settings import EmailSettings, parse_value

# typing.TYPE_CHECKING without importing typing: ~3 ms of every command line start.
TYPE_CHECKING = False

if TYPE_CHECKING:  # the store is imported when a command runs, not at start-up
    from typing import Any

    from a2k_settings_gui.core.secrets import PendingPassword
    from a2k_settings_gui.core.store import LoadResult, SettingsStore

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2
EXIT_CANNOT_RUN = 3


class UsageError(Exception):
    """Bad input: exit status 2; the message names the field and the fix."""


class CannotRun(Exception):
    """The check could not run (e.g. no keyring backend): exit status 3."""


def add_config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="settings file to use instead of the one in your user folder "
        "(also: environment variable A2K_EMAIL_SETTINGS_CONFIG)",
    )


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def add_settings_file_options(parser: argparse.ArgumentParser) -> None:
    """--config and --json: what every command that reads the settings file takes."""
    add_config_option(parser)
    add_json_option(parser)


def add_network_options(parser: argparse.ArgumentParser) -> None:
    add_settings_file_options(parser)
    parser.add_argument(
        "--timeout", type=float, default=None, metavar="SECONDS",
        help="seconds to wait for each network step (default 15)",
    )
    parser.add_argument(
        "--dns-server", action="append", default=None, metavar="IP[:PORT]",
        help="DNS server for every query this command makes (repeatable)",
    )
    parser.add_argument(
        "--cafile", default=None, metavar="PATH",
        help="extra trusted CA certificates (PEM) for SMTP TLS and HTTPS",
    )


def add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", metavar="HOST", help="outgoing mail server (SMTP)")
    parser.add_argument("--port", metavar="N", help="server port")
    parser.add_argument(
        "--security", choices=["ssl", "starttls", "none", "auto"], help="connection security"
    )
    parser.add_argument("--user", metavar="LOGIN", help="login name, when not the sender")
    parser.add_argument("--from", dest="from_address", metavar="ADDRESS", help="sender address")
    parser.add_argument(
        "--password-stdin", action="store_true",
        help="read the password from standard input instead of the keyring",
    )


def config_path(args: argparse.Namespace) -> Path | None:
    value = getattr(args, "config", None)
    return Path(value) if value else None


def load_store(args: argparse.Namespace, *, repair: bool = False,
               refuse: tuple[str, ...] = ("corrupt", "unreadable"),
               then: str = "") -> tuple[SettingsStore, LoadResult]:
    """The settings store and what it holds. A load whose status is in `refuse` raises
    CannotRun with the store's message (and `then`, what that meant for the command)."""
    from a2k_settings_gui.core.store import SettingsStore

    store = SettingsStore(config_path(args))
    result = store.load(repair=repair)
    if result.status in refuse:
        raise CannotRun(f"{result.message}{then}")
    return store, result


def settings_file(args: argparse.Namespace) -> Path:
    """The settings file this command uses (its latest checks are kept beside it)."""
    from a2k_settings_gui.core.store import SettingsStore

    return SettingsStore(config_path(args)).path


def recorded_as(args: argparse.Namespace, kind: str, checked: dict[str, Any]) -> dict[str, Any]:
    """run_and_record's `checked` and `one_off` for a check of the values `checked`: a
    check of other values than the saved ones (options such as --server or a URL
    argument) is kept as a one-off, never as the saved setup's result."""
    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.core.support.checked import checked_values

    try:
        saved = SettingsStore(config_path(args)).load(repair=False).settings
        one_off = checked != checked_values(kind, saved)
    except (OSError, ValueError):
        one_off = True
    return {"checked": checked, "one_off": one_off}


def timeout_of(args: argparse.Namespace, default: float = 15.0) -> float:
    value = getattr(args, "timeout", None)
    if value is None:
        return default
    if not 0 < value <= 600:
        raise UsageError("--timeout must be a number of seconds from 0.1 to 600")
    return float(value)


# argparse destination -> settings field it overrides
_OVERRIDES = {
    "server": "smtp_host",
    "port": "port",
    "security": "security",
    "user": "login_name",
    "from_address": "sender_email",
    "height": "logo_height",
    "width": "logo_width",
    "dns_server": "dns_servers",
    "cafile": "ca_file",
}


def load_settings(args: argparse.Namespace) -> EmailSettings:
    """Settings from the file, overridden by the command-line options given."""
    settings = load_store(args)[1].settings
    changes: dict[str, Any] = {}
    for dest, key in _OVERRIDES.items():
        raw = getattr(args, dest, None)
        if raw is None:
            continue
        value, problem = parse_value(key, raw)
        if problem:
            option = "--" + dest.replace("_", "-").replace("from-address", "from")
            raise UsageError(f"{option}: {problem.message}")
        changes[key] = value
    return settings.replace(**changes) if changes else settings


def read_password(args: argparse.Namespace, settings: EmailSettings) -> str | None:
    """The password from standard input (--password-stdin) or the keyring; None if unset."""
    if getattr(args, "password_stdin", False):
        return read_stdin_password()
    from a2k_settings_gui.core import secrets

    try:
        return secrets.get_password(settings.effective_login)
    except secrets.KeyringUnavailable as exc:
        raise CannotRun(f"{exc} Or pass the password with --password-stdin.") from None


def password_while_connecting(args: argparse.Namespace,
                              settings: EmailSettings) -> str | PendingPassword | None:
    """As read_password, but a keyring read goes on a thread started now
    (core.secrets.PendingPassword): importing keyring costs ~36 ms, which the connection's
    first round trips hide. run_test_send waits for it at the login and ends with
    `keyring_unavailable` (its fix names --password-stdin) if it could not be read."""
    if getattr(args, "password_stdin", False):
        return read_stdin_password()
    if not settings.effective_login:
        return None
    from a2k_settings_gui.core.secrets import PendingPassword

    return PendingPassword(settings.effective_login)


# Longer than any real password; a pipe from /dev/zero must not be read forever.
MAX_PASSWORD_BYTES = 4096


def read_stdin_password() -> str:
    """One line from standard input as the password: UTF-8 bytes (a BOM, as PowerShell
    pipes write, is dropped), read from the binary stream so the console code page cannot
    turn bytes into lone surrogates. UsageError names the password when it is unusable."""
    stream = sys.stdin
    if stream is None:
        raise UsageError("Email Password: standard input is closed; pipe the password in")
    buffer = getattr(stream, "buffer", None)
    raw = buffer.readline(MAX_PASSWORD_BYTES + 1) if buffer is not None else stream.readline(
        MAX_PASSWORD_BYTES + 1)
    if len(raw) > MAX_PASSWORD_BYTES:
        raise UsageError(
            f"Email Password on standard input is longer than {MAX_PASSWORD_BYTES} bytes; "
            "pipe only the password, on one line"
        )
    if isinstance(raw, bytes):
        # The BOM by hand, not with the "utf-8-sig" codec, whose module is one more import
        # (the byte numbers of an error count from after the BOM either way).
        raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UsageError(
                f"Email Password on standard input is not UTF-8 text (byte {exc.start + 1} "
                "cannot be read); save or pipe it as UTF-8"
            ) from None
    password = raw.rstrip("\r\n")
    if "\0" in password or any("\ud800" <= ch <= "\udfff" for ch in password):
        raise UsageError(
            "Email Password on standard input holds a NUL or broken character; "
            "pipe the password as UTF-8 text"
        )
    return password


def print_findings(findings: Iterable[Finding], stream: Any = None) -> None:
    out = stream or sys.stdout
    marks = {"error": "[error]", "warning": "[warning]", "info": "[info]"}
    for finding in findings:
        print(f"{marks[finding.severity]} {finding.message}", file=out)
        if finding.fix:
            print(f"    Fix: {finding.fix}", file=out)


def finding_lines(findings: Iterable[Finding]) -> list[str]:
    """`[severity] code: message`, and the fix under it with each of its lines aligned."""
    lines: list[str] = []
    for finding in findings:
        lines.append(f"[{finding.severity}] {finding.code}: {finding.message}")
        if finding.fix:
            first, *rest = finding.fix.splitlines()
            lines.append(f"    Fix: {first}")
            lines.extend(f"         {line}" for line in rest)
    return lines


_last_report: dict[str, Any] | None = None


def last_report() -> dict[str, Any] | None:
    """The report the command emitted last (its findings go to the log)."""
    return _last_report


def emit(args: argparse.Namespace, report: dict[str, Any], human_lines: Iterable[str]) -> None:
    """Print exactly one JSON object with --json, else the readable lines. Every secret
    this process knows (the password, a proxy's password) is masked in every form a
    server or library may have echoed (core.log_secrets.forms_of)."""
    from a2k_settings_gui.core.log_secrets import redact_printed as redact

    global _last_report
    _last_report = report
    if getattr(args, "json", False):
        print(redact(json.dumps(report, ensure_ascii=False, indent=2)))
        return
    for line in human_lines:
        print(redact(line))
