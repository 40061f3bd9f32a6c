"""`a2k-email-settings check-logo [URL]`: fetch, measure and hot-link-test the logo.

Exit status: 0 the logo shows for every kind of mail program (verdict ok); 1 the check ran
and found a problem (verdict warning, blocked or error); 2 bad input (URL, size, CA file);
3 the check could not run.
"""

from __future__ import annotations

import argparse

from a2k_settings_gui.cli import common

DEFAULT_TIMEOUT = 10.0


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
    if not any("--height" in a.option_strings for a in parser._actions):
        parser.add_argument("--height", default=None, help="Logo Height in pixels")
        parser.add_argument("--width", default=None, help="Logo Width in pixels")
    parser.add_argument("--stretch", action="store_true", default=None,
                        help="stretch to height x width instead of keeping the aspect ratio")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from a2k_settings_gui.core.cancel import Cancelled
    from a2k_settings_gui.core.logo import LogoInputError, check_logo
    from a2k_settings_gui.core.settings import parse_logo_url

    settings = common.load_settings(args)
    url = args.url if args.url is not None else settings.logo_url
    try:
        url = parse_logo_url(url) if url else ""
    except ValueError as problem:
        return _usage(f"URL: {problem}")
    if not url:
        return _usage("No logo address: give it as an argument (check-logo https://...) or "
                      "set Company Logo URL in the settings.")
    keep_aspect = settings.logo_keep_aspect and not getattr(args, "stretch", False)
    timeout = getattr(args, "timeout", None) or DEFAULT_TIMEOUT
    ca_file = getattr(args, "cafile", None) or settings.ca_file
    try:
        report = check_logo(url, height=settings.logo_height, width=settings.logo_width,
                            keep_aspect=keep_aspect, timeout=float(timeout), ca_file=ca_file)
    except LogoInputError as problem:
        label = {"ca_file": "--cafile", "logo_url": "URL"}.get(problem.field, problem.field)
        return _usage(f"{label}: {problem}")
    except Cancelled:
        return common.EXIT_CANNOT_RUN
    common.emit(args, report.to_dict(), human_lines(report))
    return common.EXIT_OK if report.verdict == "ok" else common.EXIT_PROBLEM


def _usage(message: str) -> int:
    import sys

    print(f"check-logo: {message}", file=sys.stderr)
    return common.EXIT_USAGE


VERDICT_WORDS = {
    "ok": "OK - every kind of mail program gets the logo",
    "warning": "WARNING - the logo works, but see below",
    "blocked": "BLOCKED - some mail programs do not get the logo",
    "error": "ERROR - the logo cannot be shown",
}


def human_lines(report) -> list[str]:  # type: ignore[no-untyped-def]
    """The report as plain text for a terminal."""
    lines = [f"Logo:    {report.url}", f"Verdict: {VERDICT_WORDS[report.verdict]}"]
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
        for finding in report.findings:
            lines.append(f"[{finding.severity}] {finding.code}: {finding.message}")
            if finding.fix:
                lines.append(f"    Fix: {finding.fix}")
    return lines
