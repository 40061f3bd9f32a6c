"""Benchmark: SPF include trees that fan out wide or deep, ours side by side with the walk
it replaced, against a real DNS server (dnslib) on loopback.

    python benchmarks/bench_spf_fanout.py [--width 10] [--depth 3] [--deep 60]

Zones (tests/servers/dns_zones.spf_fanout_zone): wide.test (10 includes per record, 3
levels: 1,110 records), deep.test (a chain of 60 includes, each with an a: term),
chain12.test (12 chained includes, the issue's case). For each: wall time of the include
walk plus the pyspf evaluation for the server's address, DNS queries asked, and peak
Python memory (tracemalloc). Baseline: core/domain/spf.py's walk at git commit 5e42943
(level by level, every include of a level at once, 10 levels), loaded from `git show`,
run with the same resolver and the same evaluator. A receiver stops after 10 DNS-querying
terms; the walk should too.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from a2k_settings_gui.core.domain import spf as spf_now  # noqa: E402
from a2k_settings_gui.core.net.dns import make_resolver  # noqa: E402
from tests.servers.dns import TestDnsServer  # noqa: E402
from tests.servers.dns_zones import SERVER_IP, spf_fanout_zone  # noqa: E402

BASELINE_COMMIT = "5e42943"


def load_baseline():  # noqa: ANN201
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{BASELINE_COMMIT}:src/a2k_settings_gui/core/domain/"
         "spf.py"], check=True, capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / "spf_before_issue13.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("spf_before_issue13", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def run_once(module, address: str, domain: str, budget: float) -> tuple[float, int, int, str]:
    client = make_resolver((address,), 2.0, None)
    pool = ThreadPoolExecutor(max_workers=32)
    tracemalloc.start()
    started = time.perf_counter()
    outcome = "ok"
    try:
        tree = module.walk(client.lookup, domain, pool)
        evaluation = spf_now.evaluate(client.lookup, SERVER_IP, f"billing@{domain}", domain)
        outcome = f"{tree.dns_lookups} lookups counted, evaluation {evaluation.result}"
    except Exception as exc:  # noqa: BLE001 - the baseline may give up; report how
        outcome = f"{type(exc).__name__}"
    elapsed = time.perf_counter() - started
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    pool.shutdown(wait=False, cancel_futures=True)
    if elapsed > budget:
        outcome += f" (over the {budget:.0f} s budget)"
    return elapsed, client.queries, peak, outcome


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--width", type=int, default=10)
    parser.add_argument("--depth", type=int, default=3)
    parser.add_argument("--deep", type=int, default=60)
    parser.add_argument("--budget", type=float, default=120.0)
    args = parser.parse_args()
    zone = spf_fanout_zone(args.width, args.depth, 12, args.deep)
    baseline = load_baseline()
    print(f"wide.test: {args.width} includes x {args.depth} levels; deep.test: {args.deep}\n")
    print("| zone | walk | wall s | DNS queries | peak MB | outcome |")
    print("|---|---|---|---|---|---|")
    with TestDnsServer(zone) as server:
        for domain in ("chain12.test", "deep.test", "wide.test"):
            for label, module in (("now", spf_now), (f"baseline {BASELINE_COMMIT}",
                                                          baseline)):
                elapsed, queries, peak, outcome = run_once(module, server.address, domain,
                                                           args.budget)
                print(f"| {domain} | {label} | {elapsed:.2f} | {queries} | "
                      f"{peak / 1e6:.1f} | {outcome} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
