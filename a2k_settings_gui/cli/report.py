"""`a2k-email-settings report [--out FILE]`: the support report, never the password.

Text on standard output, or a file: FILE ending in .html/.htm gets HTML, anything else
text (or choose with --format). The latest checks come from latest-checks.json beside the
settings file, written by test-send, check-domain and check-logo (CLI and GUI).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from a2k_settings_gui import __version__
from a2k_settings_gui.cli.common import (
    EXIT_OK,
    CannotRun,
    UsageError,
    add_config_option,
    load_store,
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report", help="the support report: A2000ERP values, latest checks, versions "
        "(never the password)",
        description="Write the support report to send to your IT provider or the vendor. "
        "It holds the values for A2000ERP, the latest test transcript, the domain and logo "
        "verdicts, this tool's version and the OS; never the password.")
    parser.add_argument("--out", metavar="FILE", help="write to FILE (.html for HTML)")
    parser.add_argument("--format", choices=["text", "html"], default=None,
                        help="text or html (default: from the file name, else text)")
    add_config_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core import secrets
    from a2k_settings_gui.core.store import StoreError, write_atomically
    from a2k_settings_gui.core.support.latest import load_latest
    from a2k_settings_gui.core.support.report import build_report, render_html, render_text

    store, result = load_store(args)
    settings = result.settings
    password = ""
    try:
        # Read only to scrub it from the report should any check have let it through.
        password = secrets.get_password(settings.effective_login) or ""
        stored: bool | None = bool(password)
    except secrets.KeyringUnavailable:
        stored = None
    from a2k_settings_gui.core.health.history import latest_for_report

    report = build_report(settings, stored, load_latest(store.path), version=__version__,
                          config=str(store.path), health=latest_for_report())
    out = Path(args.out) if args.out else None
    kind = args.format or ("html" if out and out.suffix.lower() in (".html", ".htm")
                           else "text")
    render = render_html if kind == "html" else render_text
    text = render(report, password, settings.effective_login)
    if out is None:
        print(text, end="")
        return EXIT_OK
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name, e.g. report.html")
    try:
        write_atomically(out, text)
    except StoreError as exc:
        raise CannotRun(str(exc).replace("settings", "report").replace(
            "a normal .json file", "a normal file, e.g. report.html")) from None
    print(f"Support report written to {out} ({kind}; the password is not included).")
    return EXIT_OK
