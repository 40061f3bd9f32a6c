"""`a2k-email-settings check-logo [URL]`: fetch, measure and hot-link-test the logo.

Exit status: 0 the logo shows for every kind of mail program (verdict ok); 1 the check ran
and found a problem (verdict warning, blocked or error); 2 bad input (URL, size, CA file);
3 the check could not run.
"""

from __future__ import annotations

import argparse

from a2k_settings_gui.cli import common

DEFAULT_TIMEOUT = 15.0  # what --timeout's help (cli.common) promises


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "check-logo",
        help="fetch, measure and hot-link-test the company logo",
        description="Download the Company Logo URL the way Gmail's image proxy, Outlook and "
                    "webmail do, and report whether each gets the real logo, at the chosen "
                    "height and width. Exit 0: ok; 1: a problem was found; 2: bad input; "
                    "3: the check could not run.",
    )
    parser.add_argument("url", nargs="?", default=None,
                        help="logo address (default: Company Logo URL from the settings)")
    common.add_network_options(parser)
    # dest "height"/"width": load_settings() applies them over the settings file.
    parser.add_argument("--height", metavar="N", help="Logo Height in pixels (1-2000)")
    parser.add_argument("--width", metavar="N", help="Logo Width in pixels (1-2000)")
    parser.add_argument("--stretch", action="store_true",
                        help="stretch to height x width instead of keeping the aspect ratio")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core.cancel import Cancelled
    from a2k_settings_gui.core.logo.check import LogoInputError, check_logo
    from a2k_settings_gui.core.settings import parse_value
    from a2k_settings_gui.core.support.latest import CheckKind, run_and_record

    settings = common.load_settings(args)
    url = args.url if args.url is not None else settings.logo_url
    if url:
        url, problem = parse_value("logo_url", url)
        if problem:
            raise common.UsageError(f"URL: {problem.message}")
    if not url:
        raise common.UsageError(
            "no logo address: give it as an argument (check-logo https://...) or set "
            "Company Logo URL in the settings.")
    keep_aspect = settings.logo_keep_aspect and not args.stretch
    timeout = common.timeout_of(args, default=DEFAULT_TIMEOUT)
    try:
        # Kept for the support report (`report`). No picture is shown here: the logo is
        # verified, not decoded to pixels.
        report = run_and_record(
            common.settings_file(args), CheckKind.CHECK_LOGO,
            lambda: check_logo(url, height=settings.logo_height, width=settings.logo_width,
                               keep_aspect=keep_aspect, timeout=timeout,
                               ca_file=settings.ca_file, dns_servers=settings.dns_servers,
                               preview=False),
            **common.recorded_as(args, "check_logo", {"logo_url": url}))
    except LogoInputError as problem:
        option = {"ca_file": "--cafile", "logo_url": "URL"}.get(problem.field, problem.field)
        raise common.UsageError(f"{option}: {problem}") from None
    except Cancelled:
        raise common.CannotRun("the check was stopped before it finished") from None
    common.emit(args, report.to_dict(), human_lines(report))
    return common.EXIT_OK if report.verdict == "ok" else common.EXIT_PROBLEM


def human_lines(report) -> list[str]:  # type: ignore[no-untyped-def]
    """The report as plain text for a terminal."""
    lines = [f"Logo:    {report.url}",
             f"Verdict: {report.verdict.upper()} - {report.verdict_text}"]
    fetch = report.fetch
    if report.image:
        image = report.image
        lines.append(f"Picture: {image.get('format')} {image.get('width')} x "
                     f"{image.get('height')}, {fetch.get('bytes')} bytes in "
                     f"{fetch.get('elapsed_ms')} ms")
    if report.display and report.display.distortion is not None:
        lines.append(f"Shown:   {report.display.width} x {report.display.height} pixels")
    lines.append("")
    lines.append("How each kind of mail program loads it:")
    width = max(len(c.kind.label) for c in report.clients)
    for client in report.clients:
        lines.append(f"  {client.kind.label:<{width}}  {client.result:<11} {client.detail}")
    if report.findings:
        lines.append("")
        lines.extend(common.finding_lines(report.findings))
    return lines
