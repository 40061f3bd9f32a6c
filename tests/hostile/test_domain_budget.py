"""check-domain's --timeout is the budget of the whole command, DNS included: a DNS
server that never answers, or answers slowly at every step of an SPF include chain,
cannot stretch it. The real command in a fresh process, timed by the OS."""

from __future__ import annotations

import socket
import sys

import pytest

from tests.hostile.measure import run_measured
from tests.servers.dns import TestDnsServer
from tests.servers.dns_zones import SERVER, SILENT_DOMAINS, build_zone

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="measured with getrusage")

START_UP_ALLOWANCE = 4.0  # a fresh Python with its imports on a loaded 2-core machine


@pytest.fixture
def black_hole():
    """A UDP port on loopback that takes every query and answers none."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    yield f"127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


@pytest.mark.parametrize("timeout", [3, 8])
def test_a_black_hole_dns_ends_at_the_timeout(black_hole, config_path, timeout):
    run = run_measured("check-domain", "--json", "billing@good.test", "--smtp-host", SERVER,
                       "--dns-server", black_hole, "--timeout", str(timeout),
                       "--config", str(config_path), timeout=timeout * 4 + 30)
    assert run.returncode in (1, 3), run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert run.elapsed <= timeout + START_UP_ALLOWANCE  # 6.4 s at 3 and 16.5 s at 8 before


def test_a_slow_dns_at_every_step_ends_at_the_timeout(config_path):
    with TestDnsServer(build_zone(), delay=1.0, silent=SILENT_DOMAINS) as server:
        run = run_measured("check-domain", "--json", "billing@good.test", "--smtp-host",
                           SERVER, "--dns-server", server.address, "--timeout", "3",
                           "--config", str(config_path), timeout=60)
    assert run.returncode in (0, 1), run.stderr
    assert run.elapsed <= 3 + START_UP_ALLOWANCE  # 29.9 s before


def test_the_help_says_whole_check():
    run = run_measured("check-domain", "--help")
    assert "seconds the whole check may take" in " ".join(run.stdout.split())
