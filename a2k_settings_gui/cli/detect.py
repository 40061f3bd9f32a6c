"""`a2k-email-settings detect EMAIL` and `a2k-email-settings wizard`.

detect: find the outgoing server for an address (core.detect.autodetect) and print it, or one
JSON object with --json. Exit status: 0 a server was found and answered from here; 1 the
check ran and found a problem (nothing found, network blocks mail ports, or the server
found did not answer); 2 bad input; 3 could not run.
"""

from __future__ import annotations

import argparse
from typing import Any

from a2k_settings_gui.cli.common import (
    EXIT_OK,
    EXIT_PROBLEM,
    UsageError,
    add_config_option,
    add_network_options,
    config_path,
    emit,
    print_findings,
    timeout_of,
)

DEFAULT_TIMEOUT = 10.0


def register(subparsers: argparse._SubParsersAction) -> None:
    detect = subparsers.add_parser(
        "detect", help="find the outgoing server settings for an address",
        description="Find the outgoing (SMTP) server for an e-mail address: provider list, "
        "MX, SPF, SRV and autoconfig records, and probes of smtp./mail.<domain>, all at once "
        "under one deadline.")
    detect.add_argument("email", metavar="EMAIL", help="the sender address, e.g. ar@acme.com")
    add_network_options(detect)
    detect.add_argument(
        "--autoconfig-url", action="append", default=None, metavar="URL",
        help="read the autoconfig file from this URL instead of the domain's own "
        "({domain} and {email} are filled in; repeatable)")
    detect.set_defaults(func=run)
    wizard = subparsers.add_parser("wizard", help="open the first-time setup wizard")
    add_config_option(wizard)
    wizard.set_defaults(func=run_wizard)


def _settings_network(args: argparse.Namespace) -> tuple[tuple[str, ...], str]:
    """DNS servers and CA file: options first, else the settings file's."""
    from a2k_settings_gui.core.settings import parse_value

    dns_servers: tuple[str, ...] = ()
    ca_file = ""
    try:
        from a2k_settings_gui.core.store import SettingsStore

        store = SettingsStore(config_path(args))
        if store.exists():
            loaded = store.load(repair=False).settings
            dns_servers, ca_file = loaded.dns_servers, loaded.ca_file
    except Exception:  # noqa: BLE001 - detection does not need the file; options suffice
        pass
    if args.dns_server:
        value, problem = parse_value("dns_servers", list(args.dns_server))
        if problem:
            raise UsageError(f"--dns-server: {problem.message}")
        dns_servers = value
    if args.cafile is not None:
        ca_file = args.cafile
    return dns_servers, ca_file


def human_lines(report: Any) -> list[str]:
    lines = [f"Address: {report.email}"]
    if report.provider_label:
        lines.append(f"Provider: {report.provider_label}")
    best = report.best
    if best is None:
        lines.append("Server: not found")
    else:
        answered = {True: "answered from here", False: "did not answer from here",
                    None: "not tried"}[best.verified]
        lines.append(f"Server: {best.host}  port {best.port}  {best.security}  "
                     f"(source: {best.source}; {answered})")
        if best.login_name:
            lines.append(f"Login name: {best.login_name}")
        others = report.candidates[1:6]
        if others:
            lines.append("Other candidates:")
            lines += [f"  {c.host}:{c.port} {c.security} ({c.source})" for c in others]
    lines.append(f"Took {report.elapsed_ms / 1000:.1f} s")
    return lines


def run(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core.detect.autodetect import DetectOptions, detect

    timeout = timeout_of(args, DEFAULT_TIMEOUT)
    dns_servers, ca_file = _settings_network(args)
    options = DetectOptions(ca_file=ca_file, connect_timeout=min(5.0, timeout))
    if args.autoconfig_url:
        bad = [u for u in args.autoconfig_url if not u.lower().startswith(("https://",
                                                                          "http://"))]
        if bad:
            raise UsageError(f"--autoconfig-url: {bad[0]!r} must start with https://")
        options.autoconfig_urls = tuple(args.autoconfig_url)
    try:
        report = detect(args.email, timeout=timeout, dns_servers=dns_servers, options=options)
    except ValueError as exc:
        raise UsageError(f"EMAIL: {exc}") from None
    emit(args, report.to_dict(), human_lines(report))
    if not getattr(args, "json", False):
        print_findings(report.findings)
    best = report.best
    problem = best is None or best.verified is False or any(
        f.severity == "error" for f in report.findings)
    return EXIT_PROBLEM if problem else EXIT_OK


def run_wizard(args: argparse.Namespace) -> int:
    from a2k_settings_gui.ui.app import run_gui

    return run_gui(config=config_path(args), start="wizard")
