"""`a2k-email-settings detect EMAIL`: the contract's JSON, exit codes and options, against
loopback DNS, SMTP and HTTPS servers (the domain's autoconfig URL is pointed at a local
HTTPS server with --autoconfig-url, so nothing leaves the machine)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from a2k_settings_gui.cli import main
from tests.servers.detect_env import (  # noqa: F401 - fixtures
    detect_tls,
    dns_server,
    https_files,
    starttls_smtp,
)

pytestmark = pytest.mark.timeout(60)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def srv_zone(starttls_smtp):  # noqa: F811
    target = f"0 1 {starttls_smtp.port} mx1.northwind-traders.com."
    zone = f"""
    northwind-traders.com. 60 IN A 127.0.0.1
    _submission._tcp.northwind-traders.com. 60 IN SRV {target}
    mx1.northwind-traders.com. 60 IN A 127.0.0.1
    """
    with dns_server(zone) as dns:
        yield dns


@pytest.fixture
def no_autoconfig(detect_tls):  # noqa: F811
    with https_files(detect_tls, {}) as base:
        yield base + "/missing.xml"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_report_of_a_found_server(capsys, srv_zone, starttls_smtp, detect_tls,  # noqa: F811
                                       no_autoconfig, config_path):
    code, out, _ = run_cli(capsys, "detect", "ar@northwind-traders.com", "--json",
                           "--dns-server", srv_zone, "--cafile", detect_tls.ca_file,
                           "--timeout", "6", "--autoconfig-url", no_autoconfig)
    report = json.loads(out)
    assert code == 0
    assert report["email"] == "ar@northwind-traders.com"
    assert report["server"] == {"host": "mx1.northwind-traders.com",
                                "port": starttls_smtp.port, "security": "starttls"}
    assert report["source"] == "srv"
    assert report["candidates"][0]["verified"] is True
    assert report["provider"] is None
    assert isinstance(report["findings"], list)


def test_human_output(capsys, srv_zone, detect_tls, no_autoconfig, config_path):  # noqa: F811
    code, out, _ = run_cli(capsys, "detect", "ar@northwind-traders.com",
                           "--dns-server", srv_zone, "--cafile", detect_tls.ca_file,
                           "--timeout", "6", "--autoconfig-url", no_autoconfig)
    assert code == 0
    assert "Server: mx1.northwind-traders.com" in out and "source: srv" in out


def test_nothing_found_exits_1_with_a_finding(capsys, no_autoconfig, config_path):
    with dns_server("other.com. 60 IN A 127.0.0.1") as dns:
        code, out, _ = run_cli(capsys, "detect", "ar@no-such-domain-here.com", "--json",
                               "--dns-server", dns, "--timeout", "4",
                               "--autoconfig-url", no_autoconfig)
    report = json.loads(out)
    assert code == 1
    assert report["server"] is None
    assert report["findings"][0]["code"] == "domain_not_found"


@pytest.mark.parametrize("argv, words", [
    (["detect", "not-an-address"], "EMAIL"),
    (["detect", "a@b.com", "--dns-server", "dns.example.com"], "--dns-server"),
    (["detect", "a@b.com", "--timeout", "0"], "--timeout"),
    (["detect", "a@b.com", "--autoconfig-url", "ftp://x"], "--autoconfig-url"),
])
def test_bad_input_exits_2_naming_the_option(capsys, argv, words, config_path):
    code, _, err = run_cli(capsys, *argv)
    assert code == 2
    assert words in err


def test_python_dash_m_prints_exactly_one_json_object(srv_zone, detect_tls,  # noqa: F811
                                                      no_autoconfig, config_path):
    completed = subprocess.run(
        [sys.executable, "-m", "a2k_settings_gui", "detect", "ar@northwind-traders.com",
         "--json", "--dns-server", srv_zone, "--cafile", detect_tls.ca_file, "--timeout", "6",
         "--autoconfig-url", no_autoconfig],
        cwd=tempfile.gettempdir(), capture_output=True, text=True, timeout=30)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["source"] == "srv"


def test_wizard_and_detect_are_sub_commands():
    from a2k_settings_gui.cli import build_parser
    from a2k_settings_gui.cli.detect import run, run_wizard

    parser = build_parser()
    assert parser.parse_args(["wizard"]).func is run_wizard
    args = parser.parse_args(["detect", "a@b.com", "--json", "--timeout", "3"])
    assert args.func is run and args.json and args.timeout == 3
