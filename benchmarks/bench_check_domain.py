"""Check Domain with 50 ms added to every DNS answer: our concurrent check vs checkdmarc.

    /work/venv/bin/python benchmarks/bench_check_domain.py [--reps 5] [--delay 0.05]
        [--bench-python /work/venv-bench-5/bin/python]

Both sides query a real dnslib DNS server on 127.0.0.1 (tests/servers/dns.py) serving
the same zones, each answer delayed by --delay seconds. checkdmarc lives in its own venv
(never a project dependency); this script re-runs itself there with --checkdmarc-worker
and starts an identical server in that process. checkdmarc is pointed at the loopback
server and its port with a dnspython Do53Nameserver object, which it passes through to
dnspython unchanged; its module-level DNS cache is cleared before every run.

Printed per domain: median wall time, DNS queries per run (counted by the server), and
"overlap" = queries x delay / wall time (1.0 = strictly one query after another).
Like for like is the SPF + DMARC part (our check restricted with parts=("spf","dmarc")
vs checkdmarc's get_spf_record + get_dmarc_record); our full check (MX, SPF with
evaluation for the server's addresses, ~30 DKIM selectors, DMARC) is shown beside it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers.dns import TestDnsServer  # noqa: E402
from tests.servers.dns_zones import build_zone  # noqa: E402

# (sender domain, SMTP host, what it shows)
DOMAINS = [
    ("good.test", "smtp.mailhost.test", "one SPF record, no includes"),
    ("typical.test", "smtp.office365.com", "mx + 3 provider includes, 3 nested"),
    ("chain4.bench.test", "smtp.mailhost.test", "chain of 4 includes (no overlap possible)"),
    ("sub.parent.test", "smtp.mailhost.test", "DMARC from the organizational domain"),
]


def bench_zone() -> dict:
    zone = build_zone()
    zone["typical.test"] = [
        ("MX", (10, "mx1.typical.test")), ("MX", (20, "mx2.typical.test")),
        ("TXT", "v=spf1 mx include:_spf.google.com include:spf.protection.outlook.com "
                "include:sendgrid.net -all"),
    ]
    zone["mx1.typical.test"] = [("A", "192.0.2.31")]
    zone["mx2.typical.test"] = [("A", "192.0.2.32")]
    zone["_dmarc.typical.test"] = [("TXT", "v=DMARC1; p=quarantine; rua=mailto:d@typical.test")]
    zone["_spf.google.com"] = [("TXT", "v=spf1 include:_netblocks.google.com "
                                       "include:_netblocks2.google.com "
                                       "include:_netblocks3.google.com ~all")]
    zone["_netblocks2.google.com"] = [("TXT", "v=spf1 ip6:2001:db8:4864::/56 ~all")]
    zone["_netblocks3.google.com"] = [("TXT", "v=spf1 ip4:172.217.0.0/19 ~all")]
    zone["sendgrid.net"] = [("TXT", "v=spf1 ip4:167.89.0.0/17 ip4:208.117.48.0/20 ~all")]
    # A zone name of its own: the test zones already have a deep.test (60 includes), and
    # a second SPF record there made the row measure a permerror instead of the chain.
    chain = ["chain4.bench.test"] + [f"l{n}.chain4.bench.test" for n in range(1, 5)]
    assert not set(chain) & set(zone), "the benchmark's chain must not reuse a test zone"
    for parent, child in zip(chain, chain[1:], strict=False):
        zone.setdefault(parent, []).append(("TXT", f"v=spf1 include:{child} -all"))
    zone["l4.chain4.bench.test"] = [("TXT", "v=spf1 ip4:192.0.2.0/24 -all")]
    zone["chain4.bench.test"].append(("MX", (10, "mx.good.test")))
    zone["_dmarc.chain4.bench.test"] = [("TXT", "v=DMARC1; p=reject")]
    return zone


def measure(server: TestDnsServer, run, reps: int) -> dict:
    times, queries = [], []
    for _ in range(reps):
        before = server.query_count
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
        queries.append(server.query_count - before)
    return {"seconds": statistics.median(times), "queries": statistics.median(queries)}


def ours(server: TestDnsServer, reps: int) -> dict:
    from a2k_settings_gui.core.domain.check import check_domain

    results = {}
    for domain, host, _ in DOMAINS:
        def full(domain=domain, host=host):
            return check_domain(domain, host, dns_servers=[server.address], timeout=5)

        def spf_dmarc(domain=domain, host=host):
            return check_domain(domain, host, dns_servers=[server.address], timeout=5,
                                parts=("spf", "dmarc"))

        full()  # warm imports (dnspython, pyspf, publicsuffixlist) outside the timing
        results[domain] = {"full": measure(server, full, reps),
                           "spf_dmarc": measure(server, spf_dmarc, reps)}
    return results


def checkdmarc_worker(delay: float, reps: int) -> None:
    """Runs inside the benchmark venv: checkdmarc against its own identical server."""
    import checkdmarc.utils
    import dns.nameserver
    from checkdmarc.dmarc import get_dmarc_record
    from checkdmarc.spf import get_spf_record

    with TestDnsServer(bench_zone(), delay=delay) as server:
        nameservers = [dns.nameserver.Do53Nameserver("127.0.0.1", server.port)]
        results = {}
        for domain, _host, _ in DOMAINS:
            def spf_dmarc(domain=domain):
                checkdmarc.utils.DNS_CACHE.clear()
                spf = dmarc = None
                try:
                    spf = get_spf_record(domain, nameservers=nameservers, timeout=5)
                except Exception as exc:  # noqa: BLE001 - record what checkdmarc said
                    spf = repr(exc)
                try:
                    dmarc = get_dmarc_record(domain, nameservers=nameservers, timeout=5)
                except Exception as exc:  # noqa: BLE001
                    dmarc = repr(exc)
                return spf, dmarc

            spf, dmarc = spf_dmarc()
            results[domain] = measure(server, spf_dmarc, reps)
            results[domain]["dns_lookups"] = spf.get("dns_lookups") if isinstance(
                spf, dict) else spf
            results[domain]["dmarc_found"] = bool(isinstance(dmarc, dict) and dmarc.get(
                "record"))
        print(json.dumps(results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--bench-python", default="/work/venv-bench-5/bin/python")
    parser.add_argument("--checkdmarc-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.checkdmarc_worker:
        checkdmarc_worker(args.delay, args.reps)
        return
    import dns.version
    import spf

    with TestDnsServer(bench_zone(), delay=args.delay) as server:
        mine = ours(server, args.reps)
    worker = subprocess.run(
        [args.bench_python, __file__, "--checkdmarc-worker", "--reps", str(args.reps),
         "--delay", str(args.delay)],
        capture_output=True, text=True, timeout=600,
    )
    if worker.returncode != 0:
        print(worker.stderr, file=sys.stderr)
        theirs = {}
    else:
        theirs = json.loads(worker.stdout.strip().splitlines()[-1])
    version = subprocess.run(
        [args.bench_python, "-c", "import importlib.metadata as m; print(m.version('checkdmarc'))"],
        capture_output=True, text=True,
    ).stdout.strip()
    print(f"DNS answer delay {args.delay * 1000:.0f} ms, median of {args.reps} runs; "
          f"dnspython {dns.version.version}, pyspf {spf.__version__}, checkdmarc {version}")
    head = (f"{'domain':<18} {'ours SPF+DMARC':>16} {'checkdmarc':>16} {'ratio':>6}   "
            f"{'ours full check':>16} {'if serial':>9}  {'overlap':>7}")
    print(head)
    print("-" * len(head))
    for domain, _host, note in DOMAINS:
        a, full = mine[domain]["spf_dmarc"], mine[domain]["full"]
        b = theirs.get(domain)
        cell_b = f"{b['seconds'] * 1000:6.0f} ms/{b['queries']:3.0f}q" if b else "n/a"
        ratio = f"{a['seconds'] / b['seconds']:.2f}" if b else "-"
        overlap = full["queries"] * args.delay / full["seconds"]
        print(f"{domain:<18} {a['seconds'] * 1000:6.0f} ms/{a['queries']:3.0f}q "
              f"{cell_b:>16} {ratio:>6}   {full['seconds'] * 1000:6.0f} ms/{full['queries']:3.0f}q"
              f" {full['queries'] * args.delay * 1000:6.0f} ms  {overlap:6.1f}x   ({note})")
    if theirs:
        print("checkdmarc SPF dns_lookups:",
              {d: v["dns_lookups"] for d, v in theirs.items()})


if __name__ == "__main__":
    main()
