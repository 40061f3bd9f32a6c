"""Benchmark: server detection when all but one candidate port is black-holed.

Everything runs on loopback: a dnslib server maps smtp./mail.<domain> to 127.0.0.1,
black-holed ports either accept and never speak or never answer the connection, and one
aiosmtpd server (STARTTLS + AUTH) answers on the "2525" port. The same detection runs
with all jobs in parallel (the product) and with max_parallel=1 (the sequential baseline
a naive implementation would be), in the same run, side by side.

    /work/venv/bin/python benchmarks/bench_detect.py [--connect-timeout 1.0] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from a2k_settings_gui.core.detect.autodetect import DetectOptions, detect  # noqa: E402
from tests.servers.detect_env import (  # noqa: E402
    dns_server,
    make_tls,
    silent_port,
    smtp_server,
    unanswered_port,
)

ZONE = """
smtp.fabrikam-mail.com. 60 IN A 127.0.0.1
mail.fabrikam-mail.com. 60 IN A 127.0.0.1
"""


def run(hosts: tuple[str, ...], connect_timeout: float, parallel: bool, dns: str,
        port_map: dict[int, int], ca_file: str) -> tuple[float, str]:
    options = DetectOptions(autoconfig_urls=(), probe_hosts=hosts, port_map=port_map,
                            connect_timeout=connect_timeout, ca_file=ca_file,
                            max_parallel=64 if parallel else 1)
    started = time.monotonic()
    report = detect("ar@fabrikam-mail.com", timeout=120, dns_servers=[dns], options=options)
    elapsed = time.monotonic() - started
    best = report.best
    found = f"{best.host}:{best.port}" if best else "nothing"
    return elapsed, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connect-timeout", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    tls = make_tls(Path(tempfile.mkdtemp()), "smtp.fabrikam-mail.com", "mail.fabrikam-mail.com")
    scenarios = [
        ("1 host x 4 ports, 3 black-holed", ("smtp.{domain}",)),
        ("2 hosts x 4 ports, 6 black-holed", ("smtp.{domain}", "mail.{domain}")),
    ]
    print(f"connect timeout {args.connect_timeout:g} s, {args.rounds} rounds, median seconds")
    print(f"{'scenario':38} {'parallel':>9} {'sequential':>11} {'speed-up':>9}  found")
    with dns_server(ZONE) as dns, smtp_server(tls) as live, silent_port() as quiet, \
            unanswered_port() as dropped:
        port_map = {465: quiet, 587: dropped, 25: quiet, 2525: live.port}
        for title, hosts in scenarios:
            timings: dict[bool, list[float]] = {True: [], False: []}
            found = ""
            for _ in range(args.rounds):
                for parallel in (True, False):
                    elapsed, found = run(hosts, args.connect_timeout, parallel, dns,
                                         port_map, tls.ca_file)
                    timings[parallel].append(elapsed)
            par, seq = statistics.median(timings[True]), statistics.median(timings[False])
            print(f"{title:38} {par:9.2f} {seq:11.2f} {seq / par:8.1f}x  {found}")
        # The deadline: every port black-holed, connect timeout far beyond the deadline.
        deadline = 2.0
        worst = 0.0
        for _ in range(args.rounds):
            started = time.monotonic()
            detect("ar@fabrikam-mail.com", timeout=deadline, dns_servers=[dns],
                   options=DetectOptions(autoconfig_urls=(), connect_timeout=60,
                                         port_map={465: quiet, 587: dropped, 25: quiet,
                                                   2525: dropped}))
            worst = max(worst, time.monotonic() - started)
        print(f"all 8 ports black-holed, deadline {deadline:g} s: slowest of {args.rounds} "
              f"runs returned after {worst:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
