"""show, export, import, password: through the real command in a subprocess."""

from __future__ import annotations

import json

from a2k_settings_gui.core import secrets
from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from tests.cli.helpers import run_cli, run_json

PASSWORD = "Cli-Secret-90210"
SAMPLE = EmailSettings(sender_email="ar@acme.com", smtp_host="smtp.acme.com", port=2525)


def test_show_json_never_contains_the_password(config_path):
    SettingsStore(config_path).save(SAMPLE)
    stored = run_cli("password", "--stdin", "--config", str(config_path), stdin=PASSWORD + "\n")
    assert stored.returncode == 0, stored.stderr
    code, report = run_json("show", "--config", str(config_path))
    assert code == 0
    assert report["settings"]["smtp_host"] == "smtp.acme.com"
    assert report["effective_port"] == 2525
    assert report["password_stored"] is True
    assert report["findings"] == []
    plain = run_cli("show", "--config", str(config_path))
    assert "stored in the keyring" in plain.stdout
    for output in (json.dumps(report), plain.stdout, plain.stderr, stored.stdout,
                   stored.stderr, config_path.read_text()):
        assert PASSWORD not in output


def test_password_stdin_stores_in_the_keyring_and_delete_removes_it(config_path):
    SettingsStore(config_path).save(SAMPLE)
    assert run_cli("password", "--stdin", stdin=PASSWORD + "\r\n").returncode == 0
    assert secrets.get_password("ar@acme.com") == PASSWORD
    result = run_cli("password", "--delete")
    assert result.returncode == 0 and "removed" in result.stdout
    assert secrets.get_password("ar@acme.com") is None


def test_password_with_an_empty_stdin_is_a_usage_error(config_path):
    SettingsStore(config_path).save(SAMPLE)
    result = run_cli("password", "--stdin", stdin="")
    assert result.returncode == 2
    assert "Email Password is empty" in result.stderr


def test_no_keyring_backend_exits_3(config_path, no_keyring):
    SettingsStore(config_path).save(SAMPLE)
    result = run_cli("password", "--stdin", stdin=PASSWORD + "\n")
    assert result.returncode == 3
    assert "No password store" in result.stderr
    assert PASSWORD not in result.stderr + result.stdout
    code, report = run_json("show")
    assert code == 0 and report["password_stored"] is None
    assert report["findings"][0]["code"] == "keyring_unavailable"


def test_export_then_import_on_another_desktop(tmp_path, config_path):
    SettingsStore(config_path).save(SAMPLE)
    run_cli("password", "--stdin", stdin=PASSWORD + "\n")
    exported = tmp_path / "email-settings-export.json"
    result = run_cli("export", str(exported))
    assert result.returncode == 0, result.stderr
    assert "not included" in result.stdout
    assert PASSWORD not in exported.read_text()

    other_desktop = tmp_path / "other" / "email-settings.json"
    result = run_cli("import", str(exported), "--config", str(other_desktop))
    assert result.returncode == 0, result.stderr
    assert SettingsStore(other_desktop).load().settings == SAMPLE


def test_import_of_invalid_settings_names_the_field(tmp_path, config_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "a2k-email-settings", "version": 1, "settings": {
        "sender_email": "ar@acme.com", "smtp_host": "smtp.acme.com", "port": 70000}}))
    result = run_cli("import", str(bad))
    assert result.returncode == 2
    assert "Port must be a whole number from 1 to 65535" in result.stderr
    assert not config_path.exists()


def test_import_refuses_a_file_with_a_password(tmp_path, config_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "a2k-email-settings", "version": 1, "settings": {
        **SAMPLE.to_dict(), "password": "x"}}))
    result = run_cli("import", str(bad))
    assert result.returncode == 2 and "passwords are never imported" in result.stderr


def test_import_of_a_missing_or_foreign_file_is_a_usage_error(tmp_path, config_path):
    assert run_cli("import", str(tmp_path / "nope.json")).returncode == 2
    foreign = tmp_path / "f.json"
    foreign.write_text("{}")
    result = run_cli("import", str(foreign))
    assert result.returncode == 2 and "not an a2k-settings-gui settings file" in result.stderr


def test_show_reports_a_corrupt_file_without_moving_it(config_path):
    config_path.parent.mkdir(parents=True)
    config_path.write_text("{broken")
    code, report = run_json("show")
    assert code == 1
    assert report["findings"][0]["code"] == "settings_corrupt"
    assert config_path.read_text() == "{broken"


def test_no_traceback_on_bad_usage(config_path):
    result = run_cli("export")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_no_command_opens_the_gui_with_the_default_settings_file(monkeypatch, config_path):
    from a2k_settings_gui import cli
    from a2k_settings_gui.ui import app

    calls = []
    monkeypatch.setattr(app, "run_gui", lambda config=None, start="auto": calls.append(
        (config, start)) or 0)
    assert cli.main([]) == 0
    assert calls == [(None, "auto")]
    assert cli.main(["--config", str(config_path)]) == 0
    assert calls[-1] == (config_path, "auto")


def test_show_is_in_words(config_path):
    SettingsStore(config_path).save(SAMPLE.replace(
        dns_servers=("127.0.0.1:15353", "10.1.1.1"), logo_keep_aspect=True,
        extra={"setup_wizard": {"test_send": {"status": "passed"}}}))
    out = run_cli("show", "--config", str(config_path)).stdout
    assert "DNS servers: 127.0.0.1:15353, 10.1.1.1" in out
    assert "Keep aspect ratio: yes" in out
    assert "Company Logo URL: not set" in out
    assert "Login name: not set (A2000ERP logs in with the Sender Email ID)" in out
    assert "Security: Auto (as A2000ERP: by the port)" in out
    for python in ("True", "False", "['", "{'", "None"):
        assert python not in out


def test_show_json_piped_into_a_reader_that_stops_early_ends_quietly(config_path):
    """`show --json | head -1`: the reader closes the pipe; no BrokenPipeError."""
    import os
    import subprocess
    import sys
    import tempfile

    SettingsStore(config_path).save(SAMPLE)
    environment = dict(os.environ, A2K_EMAIL_SETTINGS_CONFIG=str(config_path))
    for _attempt in range(5):  # the race is the writer's: run it a few times
        writer = subprocess.Popen(
            [sys.executable, "-m", "a2k_settings_gui", "show", "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment,
            cwd=tempfile.gettempdir())
        assert writer.stdout is not None
        writer.stdout.readline()
        writer.stdout.close()  # as head does after its first line
        _out, err = writer.communicate(timeout=60)
        assert b"BrokenPipe" not in err and b"Traceback" not in err, err
        assert b"unexpected" not in err
