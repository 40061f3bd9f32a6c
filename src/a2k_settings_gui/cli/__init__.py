"""`a2k-email-settings`: the core's checks from a terminal (contract in DESIGN.md).

Each sub-command lives in its own module exposing `register(subparsers)`; the parser it
adds sets `func=run` with `run(args) -> int` (an exit status).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from a2k_settings_gui import __version__
from a2k_settings_gui.cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_USAGE,
    CannotRun,
    UsageError,
    add_config_option,
    config_path,
)

COMMAND_MODULES: tuple[str, ...] = (
    "a2k_settings_gui.cli.settings_commands",
    "a2k_settings_gui.cli.set_command",
    "a2k_settings_gui.cli.report",
    "a2k_settings_gui.cli.detect",
    "a2k_settings_gui.cli.check_domain",
    "a2k_settings_gui.cli.check_logo",
    "a2k_settings_gui.cli.test_send",
    "a2k_settings_gui.cli.check_received",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="a2k-email-settings",
        description="Set up, check and fix the outgoing e-mail of A2000ERP. "
        "With no sub-command the Email Setting dialog opens (the setup wizard on first use).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_config_option(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    try:
        if func is None:
            from a2k_settings_gui.ui.app import run_gui

            return run_gui(config=config_path(args), start="auto")
        return int(func(args))
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CannotRun as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - an admin should see words, not a traceback
        if os.environ.get("A2K_DEBUG"):
            raise
        print(
            f"error: unexpected {type(exc).__name__}. Nothing was changed. "
            "Run again with A2K_DEBUG=1 set for technical details.",
            file=sys.stderr,
        )
        return EXIT_CANNOT_RUN
