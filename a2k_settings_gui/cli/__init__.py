"""`a2k-email-settings`: the core's checks from a terminal (contract in docs/DESIGN.md).

Each sub-command lives in its own module exposing `register(subparsers)`; the parser it
adds sets `func=run` with `run(args) -> int` (an exit status).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence

from a2k_settings_gui import __version__
from a2k_settings_gui.cli.common import (
    EXIT_CANNOT_RUN,
    EXIT_OK,
    EXIT_USAGE,
    CannotRun,
    UsageError,
    add_config_option,
    config_path,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any

COMMAND_MODULES: tuple[str, ...] = (
    "a2k_settings_gui.cli.settings_commands",
    "a2k_settings_gui.cli.set_command",
    "a2k_settings_gui.cli.report",
    "a2k_settings_gui.cli.detect",
    "a2k_settings_gui.cli.check_domain",
    "a2k_settings_gui.cli.check_logo",
    "a2k_settings_gui.cli.smtp_check",
    "a2k_settings_gui.cli.check_received",
    "a2k_settings_gui.cli.health",
)


# The module that registers each sub-command. A command line builds only its own
# sub-command's parser: argparse translates every help text as it is added (~0.4 ms each
# through gettext), ~15 ms for all of them. `--help`, no sub-command or an unknown word
# get the whole parser, and tests/cli check that this table matches what is registered.
COMMAND_MODULE: dict[str, str] = {
    "show": "a2k_settings_gui.cli.settings_commands",
    "export": "a2k_settings_gui.cli.settings_commands",
    "import": "a2k_settings_gui.cli.settings_commands",
    "password": "a2k_settings_gui.cli.settings_commands",
    "gui": "a2k_settings_gui.cli.settings_commands",
    "set": "a2k_settings_gui.cli.set_command",
    "report": "a2k_settings_gui.cli.report",
    "detect": "a2k_settings_gui.cli.detect",
    "wizard": "a2k_settings_gui.cli.detect",
    "check-domain": "a2k_settings_gui.cli.check_domain",
    "check-logo": "a2k_settings_gui.cli.check_logo",
    "test-send": "a2k_settings_gui.cli.smtp_check",
    "check-received": "a2k_settings_gui.cli.check_received",
    "health": "a2k_settings_gui.cli.health",
}


def command_word(argv: Sequence[str]) -> str | None:
    """The sub-command named on the command line (after the global options), or None."""
    words = iter(argv)
    for word in words:
        if word == "--config":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _terminal_columns() -> int:
    """The width shutil.get_terminal_size() gives (COLUMNS, else the terminal, else 80)."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, sized without `import shutil`. argparse builds a formatter
    for every option it adds (to check the metavar), and the default one imports shutil
    with zlib, bz2 and lzma, ~2 ms of every command, to read the terminal width."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position,
                         _terminal_columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """Every parser, the sub-commands' too (add_parser makes the parent's class), uses
    _HelpFormatter unless it names another."""

    def __init__(self, *args: Any, formatter_class: Any = _HelpFormatter,
                 **kwargs: Any) -> None:
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `command` (a known sub-command) only that one is registered."""
    parser = _Parser(
        prog="a2k-email-settings",
        description="Set up, check and fix the outgoing e-mail of A2000ERP. "
        "With no sub-command the Email Setting dialog opens (the setup wizard on first use).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_config_option(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = (COMMAND_MODULE[command],) if command in COMMAND_MODULE else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def utf8_output() -> None:
    """Write UTF-8 whatever the console code page: reports contain "→", "…" and
    international names, and on Windows redirected output would otherwise be cp1252 and
    end in UnicodeEncodeError. (The Windows console itself shows UTF-8 correctly.)"""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:  # None under pythonw, or replaced by a caller
            continue
        try:
            # backslashreplace: even a lone surrogate from a broken file name prints.
            reconfigure(encoding="utf-8", errors="backslashreplace")
        except (ValueError, OSError):  # already written to, or a closed stream
            continue


def _stdout_to_nowhere() -> None:
    """After a closed pipe, point stdout at the null device so that Python's flush at
    exit has nowhere to fail ("Exception ignored … BrokenPipeError")."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


# Checks whose every run goes to the log with its exit status (test-send, check-logo and
# check-domain also log their outcome in detail as they record it: core.support.latest).
LOGGED_COMMANDS = frozenset({"test-send", "check-logo", "check-domain", "detect",
                             "check-received", "health"})


def _run_logged(func, args: argparse.Namespace) -> int:
    if args.command not in LOGGED_COMMANDS:
        return int(func(args))
    import time

    from a2k_settings_gui.cli import common
    from a2k_settings_gui.core import app_log

    opened_here = not app_log.log_is_open()
    if opened_here:
        app_log.start_plain_log("cli")
    started = time.monotonic()
    status: int | str = "stopped"
    try:
        status = int(func(args))
        return status
    finally:
        codes = [str(f.get("code")) for f in (common.last_report() or {}).get("findings", [])
                 if isinstance(f, dict)]
        app_log.log_check(f"command {args.command}", f"exit {status}", codes,
                          round((time.monotonic() - started) * 1000), program="cli")
        if opened_here:  # a caller that runs several commands in one process (tests)
            app_log.close_log()


# Sub-commands whose process runs without the cyclic garbage collector. test-send imports
# its modules, has one bounded conversation and ends with os._exit (exit_at_once): nothing
# it allocates is freed before the end anyway, and the collector's ~25 passes over the
# growing heap of imported objects cost ~2.7 ms of its ~60. Plain reference counting still
# frees everything that is not in a cycle. (Not for windows or commands that may run long.)
NO_COLLECTOR_COMMANDS = frozenset({"test-send"})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line. From the real command line (argv None) a sub-command's process
    ends as soon as its report is out (see exit_at_once); called with argv (tests, the
    frozen GUI) it returns the exit status."""
    utf8_output()
    words = sys.argv[1:] if argv is None else list(argv)
    command = command_word(words)
    if argv is None and command in NO_COLLECTOR_COMMANDS:
        gc.disable()
    parser = build_parser(None if {"-h", "--help"} & set(words) else command)
    args = parser.parse_args(words)
    code = run(args)
    # A report command ends at once; a window (gui, wizard) closes the usual way.
    if argv is None and getattr(args, "func", None) is not None and args.command not in (
            "gui", "wizard"):
        exit_at_once(code)
    return code


def exit_at_once(code: int) -> None:
    """End the process without the interpreter's teardown (freeing every module and object
    costs a short command ~20 ms): the report is flushed and the log files closed first,
    and nothing else is left to finish (no atexit work, no threads that write). If the
    output cannot be flushed (a closed pipe) the normal exit reports it instead."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    logging = sys.modules.get("logging")
    if logging is not None:
        logging.shutdown()
    os._exit(code)


def run(args: argparse.Namespace) -> int:
    func = getattr(args, "func", None)
    try:
        if func is None:
            from a2k_settings_gui.ui.app import run_gui

            return run_gui(config=config_path(args), start="auto")
        status = _run_logged(func, args)
        sys.stdout.flush()  # here, where a closed pipe can still be handled
        return status
    except BrokenPipeError:
        # The reader stopped early (`show --json | head`): what it read is what it wanted.
        _stdout_to_nowhere()
        return EXIT_OK
    except UsageError as exc:
        print(f"error: {_masked(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except CannotRun as exc:
        print(f"error: {_masked(exc)}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - an admin should see words, not a traceback
        if os.environ.get("A2K_DEBUG"):
            raise
        from a2k_settings_gui.core import app_log

        log_path = app_log.log_exception(type(exc), exc, exc.__traceback__,
                                         args.command or "cli", program="cli")
        where = (
            f"The details (never the password) are in {log_path}"
            if log_path
            else "Run again with A2K_DEBUG=1 set for technical details."
        )
        print(f"error: unexpected {type(exc).__name__}. Nothing was changed. {where}",
              file=sys.stderr)
        return EXIT_CANNOT_RUN


def _masked(exc: BaseException) -> str:
    """An error's words without any secret this process knows, in any encoding."""
    from a2k_settings_gui.core.log_secrets import redact_printed as redact

    return redact(str(exc))
