"""`a2k-email-settings health`: the health watch from a terminal or the OS scheduler.

    health [--json]                          re-check, record, say what changed
    health --history [N] [--json]            the recorded runs, newest first
    health --schedule daily|off [--at HH:MM] [--dry-run]
    health --notify                          (the scheduled run) a new problem notifies
    health --window                          open the Health window

Exit status: 0 no check is `error`; 1 a check is `error`; 2 bad input; 3 could not run.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from a2k_settings_gui.cli import common

_MARKS = {"ok": "[ ok ]", "warning": "[warn]", "error": "[FAIL]", "skipped": "[skip]"}
_CHANGE_WORDS = {"new": "New problem", "resolved": "Resolved", "changed": "Changed"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "health",
        help="re-check the saved settings without sending, record the run, say what changed",
        description=(
            "The health watch: sign in as A2000ERP would (then QUIT, nothing is sent), read "
            "the server's certificate, check the domain's DNS records and the logo, and "
            "count down announced provider changes. Each run is recorded; the report says "
            "what changed since the previous one."),
    )
    common.add_network_options(parser)
    # Here the time is the whole run's, shared by the checks running side by side.
    parser._option_string_actions["--timeout"].help = (
        "seconds the whole health run may take (default 20)")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from standard input instead of the keyring")
    parser.add_argument("--history", nargs="?", const=30, type=int, metavar="N",
                        help="list the last N recorded runs (default 30), newest first")
    parser.add_argument("--schedule", choices=["daily", "off"],
                        help="register (daily) or remove (off) a daily run with this "
                             "computer's scheduler, for this user, without admin rights")
    parser.add_argument("--at", default=None, metavar="HH:MM",
                        help="time of the daily run (default 07:30, this computer's time)")
    parser.add_argument("--dry-run", action="store_true",
                        help="with --schedule: print exactly what would be registered and "
                             "change nothing")
    parser.add_argument("--notify", action="store_true",
                        help="show a desktop notification when a new problem appears; "
                             "clicking it opens the Health window")
    parser.add_argument("--window", action="store_true", help="open the Health window")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if (args.at is not None or args.dry_run) and args.schedule is None:
        raise common.UsageError("--at and --dry-run go with --schedule daily|off")
    if args.schedule is not None:
        return _schedule(args)
    if args.window:
        from a2k_settings_gui.ui.app import run_gui

        return run_gui(config=common.config_path(args), start="health")
    if args.history is not None:
        return _history(args)
    return _check(args)


def _check(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core import app_log
    from a2k_settings_gui.core.health import DEFAULT_TIMEOUT, HealthHistory, watch

    settings = common.load_settings(args)
    if not settings.smtp_host or not settings.sender_email:
        raise common.UsageError("no saved settings to check: set the Sender Email ID and the "
                                "Outgoing Mail Server in the dialog (or with `set`) first")
    timeout = common.timeout_of(args, DEFAULT_TIMEOUT)
    password = common.read_password(args, settings) or ""
    run = watch(settings, password, history=HealthHistory(), timeout=timeout)
    report = run.to_dict()
    common.emit(args, report, human_lines(report))
    if args.notify:
        app_log.setup_logging("health")
        _notify(args, run)
    return common.EXIT_OK if run.ok else common.EXIT_PROBLEM


def _notify(args: argparse.Namespace, run: Any) -> None:
    from a2k_settings_gui.core import app_log
    from a2k_settings_gui.core.health.notify import notification_text, notify

    log = app_log.logger()
    text = notification_text(run)
    problems = sum(c.status == "error" for c in run.checks)
    log.info("health run at %s: %s (%d check(s) with errors, %d change(s))", run.at_text,
             "ok" if run.ok else "problems", problems, len(run.changes))
    if text is None:
        return
    outcome = notify(*text, on_clicked=lambda: open_health_window(args))
    if outcome.shown:
        log.info("health: notification shown%s", " and clicked" if outcome.clicked else "")
    else:
        log.warning("health: no desktop notification (%s); the run is recorded and the "
                    "Health window shows it", outcome.detail)
        if sys.stderr is not None:
            print(f"note: no desktop notification could be shown ({outcome.detail}); the "
                  "run is recorded.", file=sys.stderr)


def open_health_window(args: argparse.Namespace) -> None:
    """Start the Health window as its own program (the notification's process ends)."""
    import subprocess

    from a2k_settings_gui.core.health.schedule import health_program

    program = health_program(getattr(args, "config", None))
    program = [part for part in program if part != "--notify"] + ["--window"]
    subprocess.Popen(program, close_fds=True)  # noqa: S603 - our own program


def _history(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core.health import HealthHistory, HistoryError

    if args.history < 1:
        raise common.UsageError("--history N: N is the number of runs to list, at least 1")
    history = HealthHistory()
    try:
        runs = history.summaries(args.history)
    except HistoryError as exc:
        raise common.CannotRun(str(exc)) from None
    report = {"runs": [r.to_dict() for r in runs],
              "findings": [f.to_dict() for f in history.notes]}
    lines = [f"{len(runs)} recorded run{'s' if len(runs) != 1 else ''}, newest first:"]
    for item in runs:
        statuses = "  ".join(f"{name} {status}" for name, status in item.statuses.items())
        lines.append(f"  {item.at}  {'ok     ' if item.ok else 'PROBLEM'}  {statuses}")
    if not runs:
        lines = ["No health run is recorded yet. Run `a2k-email-settings health`."]
    lines += common.finding_lines(history.notes)
    common.emit(args, report, lines)
    return common.EXIT_OK


def _schedule(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core.health import schedule

    try:
        at = schedule.parse_time(args.at or schedule.DEFAULT_TIME)
    except ValueError as exc:
        raise common.UsageError(f"--at: {exc}") from None
    system = schedule.detect_system()
    current = schedule.read_crontab() if system == "crontab" else ""
    program = schedule.health_program(getattr(args, "config", None), system=system)
    try:
        plan = schedule.plan_schedule(args.schedule, at, system=system, program=program,
                                      current_crontab=current)
    except schedule.ScheduleError as exc:
        raise common.CannotRun(str(exc)) from None
    report = {"schedule": plan.to_dict(), "dry_run": args.dry_run, "findings": []}
    lines = plan.describe()
    if args.dry_run:
        common.emit(args, report, ["Dry run: nothing was changed. This would be done:",
                                   *lines])
        return common.EXIT_OK
    try:
        schedule.apply_plan(plan)
    except schedule.ScheduleError as exc:
        raise common.CannotRun(str(exc)) from None
    done = (f"The health check runs every day at {at}." if args.schedule == "daily"
            else "The daily health check is removed.")
    common.emit(args, report, [done, *lines])
    return common.EXIT_OK


def human_lines(report: dict[str, Any]) -> list[str]:
    from a2k_settings_gui.core.health.model import CHECK_LABELS

    lines = [f"Health check at {report['at']} ({report['elapsed_ms']} ms): "
             f"{'OK' if report['ok'] else 'PROBLEMS FOUND'}"]
    for check in report["checks"]:
        first = next((f["message"] for f in check["findings"]
                      if f["severity"] == check["status"]), "")
        if not first and check["findings"]:
            first = check["findings"][0]["message"]
        lines.append(f"  {_MARKS[check['status']]} {CHECK_LABELS[check['name']]:<26} {first}")
    if report["changes"]:
        lines.append("Since the last check:")
        for change in report["changes"]:
            lines.append(f"  {_CHANGE_WORDS[change['kind']]}: {change['message']}")
    problems = [f for f in report["findings"] if f["severity"] != "info"]
    if problems:
        lines.append("")
        for finding in problems:
            lines.append(f"[{finding['severity']}] {finding['code']}: {finding['message']}")
            if finding["fix"]:
                lines.append(f"    Fix: {finding['fix']}")
    return lines
