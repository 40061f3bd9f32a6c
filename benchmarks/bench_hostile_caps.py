"""Benchmark: do the reply and transcript caps cost anything on a normal test-send?

    python benchmarks/bench_hostile_caps.py [--runs 100]

A real aiosmtpd STARTTLS server on loopback (trustme certificate, AUTH PLAIN); the same
full test-send (greeting, EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT, DATA, QUIT) runs with the
caps as shipped and with the caps lifted (the limits set to 10**12), interleaved run by
run so that drift of the shared machine hits both alike. Printed: median and 90th
percentile wall time of each, and the ratio capped / uncapped.

Then the hostile side, as the command runs for an admin: `test-send --timeout 5` in a
fresh process against a server that sends an endless greeting, and one that sends an
endless EHLO reply; wall time and peak memory via getrusage(RUSAGE_CHILDREN).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
from pathlib import Path

from _common import timed_test_send

from a2k_settings_gui.core.smtp import session as session_module
from a2k_settings_gui.core.smtp import transcript as transcript_module
from a2k_settings_gui.core.smtp.check import TestMode
from tests.servers.smtp import Certificates, SmtpTestServer, settings_for

CAPS = {
    (session_module, "MAX_REPLY_LINES"): session_module.MAX_REPLY_LINES,
    (session_module, "MAX_REPLY_TOTAL_BYTES"): session_module.MAX_REPLY_TOTAL_BYTES,
    (transcript_module, "MAX_LINES"): transcript_module.MAX_LINES,
    (transcript_module, "MAX_LINE_CHARS"): transcript_module.MAX_LINE_CHARS,
    (transcript_module, "MAX_TOTAL_CHARS"): transcript_module.MAX_TOTAL_CHARS,
}


def set_caps(on: bool) -> None:
    for (module, name), shipped in CAPS.items():
        setattr(module, name, shipped if on else 10**12)


def one_send(server: SmtpTestServer, cafile: str) -> float:
    elapsed, result = timed_test_send(settings_for(server, "starttls"), cafile, TestMode.SEND,
                                      as_erp=False)
    assert result.ok, result.findings
    return elapsed


def p90(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.9) - 1)]


def normal_side_by_side(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        certificates = Certificates(Path(folder))
        with SmtpTestServer(certificates, tls="starttls") as server:
            for on in (True, False):  # warm-up: imports, TLS context
                set_caps(on)
                one_send(server, certificates.cafile)
            times: dict[bool, list[float]] = {True: [], False: []}
            for number in range(runs * 2):
                on = number % 2 == 0
                set_caps(on)
                times[on].append(one_send(server, certificates.cafile))
            set_caps(True)
    capped, free = times[True], times[False]
    print(f"normal test-send, {runs} runs each, interleaved (ms):")
    print(f"  {'':22}{'median':>8}{'p90':>8}")
    print(f"  {'caps as shipped':22}{statistics.median(capped):8.1f}{p90(capped):8.1f}")
    print(f"  {'caps lifted':22}{statistics.median(free):8.1f}{p90(free):8.1f}")
    print(f"  ratio capped / lifted (median): "
          f"{statistics.median(capped) / statistics.median(free):.3f}")


def hostile_commands() -> None:
    from tests.hostile.measure import run_measured
    from tests.servers.hostile_smtp import HostileSmtpServer

    os.environ.setdefault("A2K_EMAIL_SETTINGS_CONFIG",
                          str(Path(tempfile.gettempdir()) / "bench-hostile-none.json"))
    print("hostile server, `test-send --timeout 5` in a fresh process:")
    for at in ("greeting", "ehlo"):
        with HostileSmtpServer("endless", at=at) as server:
            run = run_measured(
                "test-send", "--json", "--server", "127.0.0.1", "--port", str(server.port),
                "--security", "none", "--allow-plaintext-auth", "--from", "a@acme.example.com",
                "--to", "b@example.net", "--password-stdin", "--timeout", "5",
                stdin="pw-123456\n", timeout=60)
        report = json.loads(run.stdout)
        print(f"  endless {at:9} reply: {run.elapsed:5.2f} s, peak {run.peak_mb:5.0f} MB, "
              f"JSON {len(run.stdout.encode()) / 1024:5.1f} KB, "
              f"{len(report['transcript'])} transcript lines, "
              f"finding {report['findings'][0]['code']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    normal_side_by_side(args.runs)
    hostile_commands()


if __name__ == "__main__":
    main()
