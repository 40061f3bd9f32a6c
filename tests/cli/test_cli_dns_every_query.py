"""Every DNS query of a command goes to `--dns-server` (DESIGN: "used for every DNS query the
command makes"), including detect's autoconfig download and its port probes.

Two proofs: in this process, a recording DNS server (tests/servers/dns.py) is asked for the
autoconfig host and every probe host; and, where the tests run as root, each network
command runs in a namespace with only loopback whose system resolver is a "canary" DNS
server that records anything sent to it: it must be asked nothing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from a2k_settings_gui.cli import main
from tests.missing_piece import skip_or_fail
from tests.servers.detect_env import AUTOCONFIG_XML, https_files, make_tls
from tests.servers.dns import TestDnsServer

pytestmark = pytest.mark.timeout(90)
ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "contoso-mail.com"


def test_detect_asks_the_named_dns_server_for_autoconfig_and_probe_hosts(
        tmp_path, capsys, config_path):
    tls = make_tls(tmp_path, f"autoconfig.{DOMAIN}", f"mail.{DOMAIN}")
    xml = AUTOCONFIG_XML.format(domain=DOMAIN, host=f"mail.{DOMAIN}", port=587,
                                socket_type="STARTTLS", username="%EMAILADDRESS%")
    # The names exist only in this zone: the system resolver cannot know them.
    zone = {f"autoconfig.{DOMAIN}": [("A", "127.0.0.1")], f"mail.{DOMAIN}": [("A", "127.0.0.1")]}
    with https_files(tls, {"/mail/config-v1.1.xml": xml.encode()}) as base, \
            TestDnsServer(zone) as dns:
        port = base.rsplit(":", 1)[1]
        code = main(["detect", f"accounts@{DOMAIN}", "--json", "--dns-server", dns.address,
                     "--cafile", tls.ca_file, "--timeout", "6", "--autoconfig-url",
                     f"https://autoconfig.{{domain}}:{port}/mail/config-v1.1.xml"])
        asked = set(dns.resolver.queries)
    report = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    assert [a["outcome"] for a in report["autoconfig"]] == ["ok"], report["autoconfig"]
    assert any(c["source"] == "autoconfig" for c in report["candidates"])
    assert (f"autoconfig.{DOMAIN}", "A") in asked
    for host in (f"smtp.{DOMAIN}", f"mail.{DOMAIN}"):  # the port probes' hosts
        assert (host, "A") in asked
    assert {(DOMAIN, "MX"), (DOMAIN, "TXT"), (f"_submission._tcp.{DOMAIN}", "SRV")} <= asked


def _can_isolate() -> bool:
    return (hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("unshare") is not None
            and shutil.which("ip") is not None and shutil.which("mount") is not None)


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="network namespaces (unshare) are Linux's")
def test_no_command_asks_the_system_resolver_when_a_dns_server_is_named(tmp_path):
    if not _can_isolate():
        skip_or_fail("needs root, unshare, ip and mount to isolate the system resolver")
    resolv = tmp_path / "resolv.conf"
    resolv.write_text("nameserver 127.0.0.1\n", encoding="ascii")
    out = tmp_path / "result.json"
    script = (f"ip link set lo up && mount --bind {resolv} /etc/resolv.conf && "
              f"exec {sys.executable} -m tests.servers.isolated_dns_run {out}")
    done = subprocess.run(["unshare", "--net", "--mount", "sh", "-c", script], cwd=ROOT,
                          capture_output=True, text=True, timeout=80)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    commands = result["commands"]
    # Each command did its real work through the named server...
    assert commands["detect"]["report"]["autoconfig"][0]["outcome"] == "ok"
    assert commands["check-logo"]["report"]["fetch"]["status"] == 200
    assert commands["check-domain"]["report"]["domain"] == DOMAIN
    assert commands["test-send"]["report"]["stage"] not in ("resolve", "connect")
    for name, command in commands.items():
        assert command["asked"], f"{name} asked the named DNS server nothing"
    # ...and nothing went to the system's resolver.
    assert result["canary"] == []
