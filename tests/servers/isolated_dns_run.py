"""Run every network command against loopback servers and record which DNS names each asked.

Started by tests/cli/test_cli_dns_every_query.py inside a network namespace that has only
loopback, with /etc/resolv.conf bind-mounted to name 127.0.0.1 (port 53): there a
"canary" DNS server records anything that goes to the system's resolver. The commands are
given `--dns-server` for a second, named server that serves the test zone. The result (a
JSON file) lists, per command, its exit status, its report and the names the named server
was asked; and every name the canary was asked (it must be none).

    python -m tests.servers.isolated_dns_run OUT.json
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path

from dnslib.server import DNSServer

from tests.servers.detect_env import AUTOCONFIG_XML, https_files, make_tls, smtp_server
from tests.servers.dns import FaultyZoneResolver, TestDnsServer, _QuietLogger

DOMAIN = "contoso-mail.com"
NAMES = (f"autoconfig.{DOMAIN}", f"mail.{DOMAIN}", f"smtp.{DOMAIN}", f"www.{DOMAIN}")


def run_command(argv: list[str], stdin: str = "") -> tuple[int, dict]:
    from a2k_settings_gui.cli import main

    out = io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(argv)
    finally:
        sys.stdin = old_stdin
    try:
        report = json.loads(out.getvalue())
    except ValueError:
        report = {"unparsed": out.getvalue()[:2000]}
    return code, report


def main(out_path: str) -> None:
    folder = Path(tempfile.mkdtemp())
    os.environ["A2K_EMAIL_SETTINGS_CONFIG"] = str(folder / "settings.json")
    canary = FaultyZoneResolver({}, 0.0, set(), set())
    system_dns = DNSServer(canary, address="127.0.0.1", port=53, logger=_QuietLogger())
    system_dns.start_thread()
    tls = make_tls(folder, *NAMES)
    xml = AUTOCONFIG_XML.format(domain=DOMAIN, host=f"mail.{DOMAIN}", port=587,
                                socket_type="STARTTLS", username="%EMAILADDRESS%")
    files = {"/mail/config-v1.1.xml": xml.encode(), "/logo.png": b"not really a picture"}
    results: dict[str, dict] = {}
    with https_files(tls, files) as base, smtp_server(tls) as smtp:
        https_port = base.rsplit(":", 1)[1]
        zone = {name: [("A", "127.0.0.1")] for name in NAMES}
        zone[DOMAIN] = [("TXT", "v=spf1 include:spf.protection.outlook.com -all"),
                        ("MX", (10, f"mail.{DOMAIN}"))]
        with TestDnsServer(zone) as named:
            common = ["--json", "--dns-server", named.address, "--cafile", tls.ca_file,
                      "--timeout", "6"]
            commands = {
                "detect": ["detect", f"accounts@{DOMAIN}", *common, "--autoconfig-url",
                           f"https://autoconfig.{{domain}}:{https_port}"
                           "/mail/config-v1.1.xml?emailaddress={email}"],
                "check-logo": ["check-logo", f"https://www.{DOMAIN}:{https_port}/logo.png",
                               *common],
                "check-domain": ["check-domain", f"accounts@{DOMAIN}", *common],
                "test-send": ["test-send", *common, "--server", f"smtp.{DOMAIN}", "--port",
                              str(smtp.port), "--security", "starttls", "--from",
                              f"accounts@{DOMAIN}", "--connect-only", "--password-stdin"],
            }
            for name, argv in commands.items():
                before = len(named.resolver.queries)
                code, report = run_command(argv, stdin="not-the-real-password\n")
                results[name] = {"exit": code, "report": report,
                                 "asked": named.resolver.queries[before:]}
    system_dns.stop()
    Path(out_path).write_text(json.dumps({"commands": results, "canary": canary.queries},
                                         indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
