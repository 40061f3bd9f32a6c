"""Benchmark: test-send as A2000ERP beside the plain test, same servers, same run.

    python benchmarks/bench_erp_test_send.py [--runs 15]

Real aiosmtpd servers on loopback (trustme certificates). The profile is pointed at the
test ports (`ErpProfile.with_ports`). Cases:
  starttls   STARTTLS server, Security Auto: as A2000ERP adds only the result's reading.
  ssl+look   SSL/TLS server on the profile's SSL port, Security SSL/TLS in both runs:
             after the pass, as A2000ERP adds the side look at
             the STARTTLS port (a second server that offers STARTTLS): connect, EHLO, QUIT.
  ssl+closed the same, the STARTTLS port closed (refused at once).
Median wall time of N interleaved runs each, as_erp=False (baseline) then as_erp=True.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from _common import timed_test_send

from a2k_settings_gui.core.erp_profile import load_profile
from a2k_settings_gui.core.smtp.check import TestMode
from tests.servers.smtp import Certificates, SmtpTestServer, closed_port, settings_for


def timed(settings, cafile, as_erp, profile) -> float:
    elapsed, result = timed_test_send(settings, cafile, TestMode.CONNECT, as_erp=as_erp,
                                      profile=profile)
    assert result.stage == "done", result.findings
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    certificates = Certificates(Path(tempfile.mkdtemp()))
    cafile = certificates.cafile
    with SmtpTestServer(certificates, tls="starttls") as starttls, \
            SmtpTestServer(certificates, tls="ssl") as ssl_server:
        base = load_profile()
        cases = {
            "starttls": (settings_for(starttls, "auto"),
                         base.with_ports(ssl_ports=(1,), starttls_port=starttls.port)),
            # Security SSL/TLS in both runs, so the difference is the side look alone.
            "ssl+look": (settings_for(ssl_server, "ssl"),
                         base.with_ports(ssl_ports=(ssl_server.port,),
                                         starttls_port=starttls.port)),
            "ssl+closed": (settings_for(ssl_server, "ssl"),
                           base.with_ports(ssl_ports=(ssl_server.port,),
                                           starttls_port=closed_port())),
        }
        print(f"{'case':<12}{'plain ms':>10}{'as ERP ms':>11}{'ratio':>7}   (median of {runs})")
        for name, (settings, profile) in cases.items():
            timed(settings, cafile, False, profile)  # warm-up
            timed(settings, cafile, True, profile)
            plain, erp = [], []
            for _ in range(runs):
                plain.append(timed(settings, cafile, False, profile))
                erp.append(timed(settings, cafile, True, profile))
            p, e = statistics.median(plain), statistics.median(erp)
            print(f"{name:<12}{p:>10.1f}{e:>11.1f}{e / p:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
