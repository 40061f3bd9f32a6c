"""The machine-wide preset through the command line: `show --json` gives `locked`, and
`set` / `import` of a locked field exit 2 naming it, with nothing saved."""

from __future__ import annotations

import json

import pytest

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from tests.cli.helpers import run_cli, run_json


@pytest.fixture
def preset(tmp_path, monkeypatch):
    path = tmp_path / "ProgramData" / "preset.json"
    path.parent.mkdir()
    path.write_text(json.dumps({
        "format": "a2k-email-settings", "version": 1,
        "settings": {"smtp_host": "smtp.office365.com", "port": 587, "security": "starttls",
                     "logo_height": 80},
        "locked": ["smtp_host", "port"]}), encoding="utf-8")
    monkeypatch.setenv("A2K_PRESET_FILE", str(path))
    return path


def test_show_gives_the_locked_fields_and_the_preset_values(preset, config_path):
    status, report = run_json("show")
    assert status == 0
    assert report["locked"] == ["smtp_host", "port"]
    assert report["settings"]["smtp_host"] == "smtp.office365.com"
    assert report["settings"]["logo_height"] == 80
    assert report["preset"]["path"] == str(preset)
    human = run_cli("show").stdout
    assert "Outgoing Mail Server (SMTP): smtp.office365.com  (locked by the preset)" in human
    assert f"Machine-wide preset: {preset}" in human


def test_show_without_a_preset_says_nothing_is_locked(config_path):
    status, report = run_json("show")
    assert status == 0 and report["locked"] == [] and report["preset"] is None


def test_set_of_a_locked_field_exits_2_naming_it_and_saves_nothing(preset, config_path):
    result = run_cli("set", "port=25", "logo_width=300")
    assert result.returncode == 2
    assert "port (Port) is locked by the machine-wide preset" in result.stderr
    assert str(preset) in result.stderr
    assert not config_path.exists()
    # Fields the preset does not lock are still the admin's.
    assert run_cli("set", "logo_width=300").returncode == 0
    saved = SettingsStore(config_path).load().settings
    assert saved.logo_width == 300 and saved.port == 587


def test_import_of_a_file_that_changes_a_locked_field_exits_2(preset, config_path, tmp_path):
    exported = tmp_path / "other-desktop.json"
    other = EmailSettings(sender_email="ar@acme.com", smtp_host="mail.acme.com", port=25)
    SettingsStore(exported).save(other)
    result = run_cli("import", str(exported))
    assert result.returncode == 2
    assert "smtp_host (Outgoing Mail Server (SMTP))" in result.stderr
    assert "port (Port)" in result.stderr
    assert not config_path.exists()


def test_import_of_an_export_from_a_desktop_with_the_same_preset_works(preset, config_path,
                                                                       tmp_path):
    SettingsStore(config_path).save(EmailSettings(sender_email="ar@acme.com"))
    exported = tmp_path / "export.json"
    assert run_cli("export", str(exported)).returncode == 0
    result = run_cli("import", str(exported))
    assert result.returncode == 0, result.stderr
