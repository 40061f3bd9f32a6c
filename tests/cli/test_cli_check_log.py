"""A log worth sending to support: every check's outcome (command, result, codes, elapsed
time) in the rotated log, never the password, and the support report ends with the log's
last lines. The program runs in a subprocess, as an admin's script runs it."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from tests.cli.helpers import run_cli
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import DEFAULT_USER

smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers

PASSWORD = "Log-Never-Sees-Me-9"


def log_text() -> str:
    path = Path(os.environ["A2K_LOG_DIR"]) / "a2k-settings-gui.log"
    return path.read_text(encoding="utf-8")


def test_each_check_is_logged_with_its_outcome_and_never_the_password(
        smtp_servers, smtp_ca, config_path):
    server = smtp_servers(tls="ssl", users={DEFAULT_USER: PASSWORD})
    common = ["test-send", "--server", "localhost", "--port", str(server.port),
              "--security", "ssl", "--from", DEFAULT_USER, "--cafile", smtp_ca.cafile,
              "--password-stdin"]
    ok = run_cli(*common, stdin=PASSWORD + "\n")
    refused = run_cli(*common, stdin="wrong-" + PASSWORD + "\n")
    assert (ok.returncode, refused.returncode) == (0, 1), (ok.stderr, refused.stderr)
    text = log_text()
    assert "cli: check test-send: ok; codes: " in text
    assert "test_email_sent" in text.split("check test-send: ok", 1)[1].splitlines()[0]
    assert f"server localhost:{server.port} (ssl)" in text
    assert "check test-send: failed at auth; codes: auth_failed" in text
    assert "command test-send: exit 0" in text and "command test-send: exit 1" in text
    assert " ms" in text.split("command test-send: exit 0", 1)[1].splitlines()[0]
    for secret in (PASSWORD, "wrong-" + PASSWORD,
                   base64.b64encode(f"\0{DEFAULT_USER}\0{PASSWORD}".encode()).decode()):
        assert secret not in text

    report = run_cli("report")
    assert report.returncode == 0, report.stderr
    tail = report.stdout.split("Log (last lines of", 1)[1]
    assert "check test-send: failed at auth" in tail
    assert PASSWORD not in report.stdout


def test_a_logo_check_is_logged_too(config_path):
    result = run_cli("check-logo", "http://127.0.0.1:9/logo.png", "--timeout", "2")
    assert result.returncode == 1
    text = log_text()
    assert "check check-logo: error; codes:" in text and "url http://127.0.0.1:9/logo.png" in text
    assert "command check-logo: exit 1" in text


def test_the_report_says_when_the_log_is_empty(config_path):
    report = run_cli("report")
    assert report.returncode == 0
    assert report.stdout.rstrip().endswith("empty")
