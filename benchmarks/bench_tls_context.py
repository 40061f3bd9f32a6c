"""Benchmark: cost of one TLS connection with each trust decision, side by side, same run.

A loopback TLS server (trustme certificate, its CA in an extra CA file) takes connections;
each variant connects, completes the handshake with certificate and host-name checks, and
closes. Variants:

  stdlib     ssl.create_default_context() + the CA file (the baseline: what we used before)
  truststore truststore.SSLContext + the CA file (the OS verifies; on Linux it reloads the
             system store on every handshake)
  ours       core.net.tls.tls_context(ca_file): truststore on Windows/macOS, OpenSSL's
             system store loaded once on Linux
  ours-ts    core.net.tls.tls_context with A2K_TLS_TRUSTSTORE=1 (truststore forced)

Also the one-time cost of building each context. Each round runs the variants in a rotated order
so that machine noise and garbage left by one variant hit all of them alike.

    python benchmarks/bench_tls_context.py [--connections 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import ssl
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import trustme
import truststore

from a2k_settings_gui.core.net import tls


def serve(context: ssl.SSLContext) -> int:
    listener = socket.create_server(("127.0.0.1", 0), backlog=64)

    def loop() -> None:
        while True:
            conn, _ = listener.accept()
            try:
                with context.wrap_socket(conn, server_side=True) as tls_conn:
                    tls_conn.recv(1)
            except (ssl.SSLError, OSError):
                conn.close()

    threading.Thread(target=loop, daemon=True).start()
    return listener.getsockname()[1]


def one_connection(context: ssl.SSLContext, port: int) -> float:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        with context.wrap_socket(sock, server_hostname="localhost"):
            pass
    return (time.perf_counter() - started) * 1000


def timed_build(build: Callable[[], ssl.SSLContext]) -> tuple[ssl.SSLContext, float]:
    started = time.perf_counter()
    context = build()
    return context, (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(server_context)
    ca_file = str(Path(tempfile.mkdtemp()) / "company-ca.pem")
    ca.cert_pem.write_to_path(ca_file)
    port = serve(server_context)

    def stdlib() -> ssl.SSLContext:
        context = ssl.create_default_context()
        context.load_verify_locations(ca_file)
        return context

    def truststore_context() -> ssl.SSLContext:
        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(ca_file)
        return context

    def ours() -> ssl.SSLContext:
        os.environ.pop("A2K_TLS_TRUSTSTORE", None)
        tls.clear_cache()
        return tls.tls_context(ca_file)

    def ours_truststore() -> ssl.SSLContext:
        os.environ["A2K_TLS_TRUSTSTORE"] = "1"
        tls.clear_cache()
        try:
            return tls.tls_context(ca_file)
        finally:
            os.environ.pop("A2K_TLS_TRUSTSTORE", None)

    variants = {"stdlib": stdlib, "truststore": truststore_context, "ours": ours,
                "ours-ts": ours_truststore}
    handshakes: dict[str, list[float]] = {name: [] for name in variants}
    builds: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for round_number in range(args.rounds):
        # A different order each round: no variant always runs after the slow ones.
        order = names[round_number % len(names):] + names[:round_number % len(names)]
        for name in order:
            build = variants[name]
            context, built = timed_build(build)
            builds[name].append(built)
            one_connection(context, port)  # warm-up
            handshakes[name] += [one_connection(context, port)
                                 for _ in range(args.connections)]

    base = statistics.median(handshakes["stdlib"])
    print(f"Python {sys.version.split()[0]}, {ssl.OPENSSL_VERSION}, {sys.platform}; "
          f"{args.rounds} rounds x {args.connections} connections, loopback, TLS "
          f"{'1.3' if ssl.HAS_TLSv1_3 else '1.2'}")
    print(f"{'variant':<11} {'build ms':>9} {'median ms':>10} {'p90 ms':>8} {'vs stdlib':>10}")
    for name in variants:
        values = sorted(handshakes[name])
        median = statistics.median(values)
        p90 = values[int(len(values) * 0.9)]
        print(f"{name:<11} {statistics.median(builds[name]):9.1f} {median:10.2f} "
              f"{p90:8.2f} {median / base:9.2f}x")


if __name__ == "__main__":
    main()
