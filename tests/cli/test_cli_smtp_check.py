"""`a2k-email-settings test-send` against real loopback SMTP servers."""

from __future__ import annotations

import base64
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from a2k_settings_gui.cli import main
from tests.servers import smtp as smtp_fixtures
from tests.servers.smtp import DEFAULT_PASSWORD, DEFAULT_USER, SilentServer

# Fixtures from the shared loopback-server module.
smtp_ca = smtp_fixtures.smtp_ca
smtp_servers = smtp_fixtures.smtp_servers

ROOT = Path(__file__).resolve().parents[2]


def base_args(server, security, cafile=None):
    args = ["test-send", "--server", "localhost", "--port", str(server.port),
            "--security", security, "--from", DEFAULT_USER, "--password-stdin"]
    if cafile:
        args += ["--cafile", cafile]
    return args


def run_cli(monkeypatch, capsys, args, password=DEFAULT_PASSWORD):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_send_ok_json(monkeypatch, capsys, smtp_servers, smtp_ca, config_path):
    server = smtp_servers(tls="ssl")
    status, out, _ = run_cli(monkeypatch, capsys, base_args(server, "ssl", smtp_ca.cafile)
                             + ["--json", "--to", "boss@example.net"])
    assert status == 0
    report = json.loads(out)  # exactly one JSON object
    assert report["ok"] is True and report["stage"] == "done"
    assert report["server"] == {"host": "localhost", "port": server.port, "security": "ssl"}
    # SSL/TLS on a port that is not 465: A2000ERP is assumed to use STARTTLS there.
    assert {f["code"] for f in report["findings"]} == {"test_email_sent", "erp_security_differs"}
    assert server.messages[0].rcpt_tos == ["boss@example.net"]


def test_connect_only_sends_nothing(monkeypatch, capsys, smtp_servers, smtp_ca, config_path):
    server = smtp_servers(tls="starttls")
    status, out, _ = run_cli(monkeypatch, capsys,
                             base_args(server, "starttls", smtp_ca.cafile) + ["--connect-only"])
    assert status == 0
    assert server.messages == []
    assert "Result: OK" in out and "[ ok ] Log in" in out
    # A pass needs no transcript; --verbose asks for it.
    assert "Transcript:" not in out and "EHLO localhost" not in out
    status, out, _ = run_cli(monkeypatch, capsys, base_args(server, "starttls", smtp_ca.cafile)
                             + ["--connect-only", "--verbose"])
    assert status == 0 and "Transcript:" in out and "EHLO " in out.split("Transcript:")[1]


def test_problem_exits_1_with_finding_and_fix(monkeypatch, capsys, smtp_servers, smtp_ca,
                                              config_path):
    server = smtp_servers(tls="starttls")
    status, out, _ = run_cli(monkeypatch, capsys, base_args(server, "starttls", smtp_ca.cafile),
                             password="wrong")
    assert status == 1
    assert "FAILED at the step “Log in”" in out
    assert "Problem: The server did not accept the user name and password" in out
    assert "Fix:" in out
    # The field of A2000ERP's screen to change, by its label; no option that saves nothing.
    assert ("Change in A2000ERP (HOME – SYSTEM ADMIN – COMPANY – Email Setting): Sender "
            "Email ID, Email Password;") in out
    assert "--security" not in out
    assert "Transcript:" in out  # after a failure, for support


def test_json_on_failure_is_one_object_without_the_password(monkeypatch, capsys, smtp_servers,
                                                            smtp_ca, config_path):
    server = smtp_servers(tls="ssl", replies={"auth": "535 5.7.3 Authentication unsuccessful"})
    status, out, err = run_cli(monkeypatch, capsys,
                               base_args(server, "ssl", smtp_ca.cafile) + ["--json"])
    assert status == 1
    report = json.loads(out)
    assert report["findings"][0]["code"] == "auth_failed"
    blob = base64.b64encode(f"\0{DEFAULT_USER}\0{DEFAULT_PASSWORD}".encode()).decode()
    for text in (out, err):
        assert DEFAULT_PASSWORD not in text and blob not in text


def test_missing_cafile_is_a_usage_error(monkeypatch, capsys, smtp_servers, tmp_path,
                                         config_path):
    server = smtp_servers(tls="ssl")
    status, _, err = run_cli(monkeypatch, capsys,
                             base_args(server, "ssl", str(tmp_path / "nope.pem")))
    assert status == 2
    assert "--cafile" in err


def test_bad_recipient_is_a_usage_error(monkeypatch, capsys, smtp_servers, config_path):
    server = smtp_servers(tls="ssl")
    status, _, err = run_cli(monkeypatch, capsys, base_args(server, "ssl") + ["--to", "nobody"])
    assert status == 2
    assert "--to" in err


def test_plaintext_login_needs_the_flag(monkeypatch, capsys, smtp_servers, config_path):
    server = smtp_servers(tls="plain")
    status, out, _ = run_cli(monkeypatch, capsys, base_args(server, "none"))
    assert status == 1 and "unencrypted" in out
    assert server.logins == []
    status, out, _ = run_cli(monkeypatch, capsys,
                             base_args(server, "none") + ["--allow-plaintext-auth"])
    assert status == 0
    assert server.logins == [("PLAIN", DEFAULT_USER)]


def test_allow_plaintext_with_tls_is_a_usage_error(monkeypatch, capsys, smtp_servers,
                                                   config_path):
    server = smtp_servers(tls="ssl")
    status, _, err = run_cli(monkeypatch, capsys,
                             base_args(server, "ssl") + ["--allow-plaintext-auth"])
    assert status == 2 and "--security none" in err


def test_timeout_option_bounds_a_silent_server(monkeypatch, capsys, config_path):
    with SilentServer() as server:
        args = base_args(server, "starttls") + ["--timeout", "1", "--json"]
        args[2] = "127.0.0.1"
        status, out, _ = run_cli(monkeypatch, capsys, args)
    assert status == 1
    assert json.loads(out)["findings"][0]["code"] == "server_timeout"


def test_no_server_configured_is_a_usage_error(monkeypatch, capsys, config_path):
    status, _, err = run_cli(monkeypatch, capsys, ["test-send", "--password-stdin"])
    assert status == 2 and "--server" in err


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes in this subprocess test")
def test_real_entry_point_with_password_on_stdin(smtp_servers, smtp_ca, config_path):
    server = smtp_servers(tls="starttls")
    env = dict(os.environ)
    completed = subprocess.run(
        [sys.executable, "-m", "a2k_settings_gui", *base_args(server, "starttls",
                                                              smtp_ca.cafile), "--json"],
        input=DEFAULT_PASSWORD + "\n", capture_output=True, text=True, env=env, timeout=60,
        cwd=tempfile.gettempdir())
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["ok"] is True
    assert DEFAULT_PASSWORD not in completed.stdout + completed.stderr
