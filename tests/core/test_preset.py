"""The machine-wide preset: fills what the user's file does not set, locked fields always
win, never a password, and a bad preset is reported instead of silently ignored."""

from __future__ import annotations

import json
import os
import sys

import pytest

from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.core.store.preset import PRESET_ENV_VAR, load_preset, preset_path


def write_preset(path, settings: dict, locked=(), **top) -> None:
    document = {"format": "a2k-email-settings", "version": 1, "settings": settings,
                "locked": list(locked), **top}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document), encoding="utf-8")


@pytest.fixture
def preset_file(tmp_path, monkeypatch):
    path = tmp_path / "ProgramData" / "a2k-settings-gui" / "preset.json"
    monkeypatch.setenv(PRESET_ENV_VAR, str(path))
    return path


def test_the_preset_lives_in_the_site_config_folder(monkeypatch):
    import platformdirs

    monkeypatch.delenv(PRESET_ENV_VAR)
    expected = platformdirs.site_config_dir("a2k-settings-gui", appauthor=False)
    assert preset_path() == __import__("pathlib").Path(expected) / "preset.json"
    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_CONFIG_DIRS", "/opt/corp/xdg")
        assert str(preset_path()) == "/opt/corp/xdg/a2k-settings-gui/preset.json"


def test_first_start_gets_every_preset_value(preset_file, tmp_path):
    write_preset(preset_file, {"smtp_host": "smtp.office365.com", "port": 587,
                               "security": "starttls", "max_mails_per_batch": 30})
    result = SettingsStore(tmp_path / "user" / "email-settings.json").load()
    assert result.status == "missing"
    assert (result.settings.smtp_host, result.settings.port) == ("smtp.office365.com", 587)
    assert result.settings.security is Security.STARTTLS
    assert result.settings.max_mails_per_batch == 30
    assert result.locked == () and result.preset_findings == []


def test_the_users_own_values_win_unless_the_field_is_locked(preset_file, tmp_path):
    write_preset(preset_file, {"smtp_host": "smtp.office365.com", "port": 587,
                               "logo_height": 80}, locked=["smtp_host", "port"])
    store = SettingsStore(tmp_path / "email-settings.json")
    store.save(EmailSettings(sender_email="ar@acme.com", smtp_host="mail.acme.com",
                             port=25, logo_height=50))
    result = SettingsStore(store.path).load()
    assert result.locked == ("smtp_host", "port")
    assert (result.settings.smtp_host, result.settings.port) == ("smtp.office365.com", 587)
    assert result.settings.logo_height == 50  # set by the user, not locked
    assert result.settings.sender_email == "ar@acme.com"


def test_a_password_in_the_preset_is_never_used_and_is_reported(preset_file, tmp_path):
    write_preset(preset_file, {"smtp_host": "smtp.acme.com", "password": "Pr3set-Secret"},
                 locked=["smtp_host"])
    result = SettingsStore(tmp_path / "email-settings.json").load()
    codes = [f.code for f in result.preset_findings]
    assert codes == ["preset_password_ignored"]
    assert "Pr3set-Secret" not in json.dumps([f.to_dict() for f in result.preset_findings])
    assert "Pr3set-Secret" not in json.dumps(result.settings.to_dict())
    # The rest of the preset still applies: a stray password must not unlock fields.
    assert result.locked == ("smtp_host",) and result.settings.smtp_host == "smtp.acme.com"


@pytest.mark.parametrize("content, code", [
    (b"{not json", "preset_unreadable"),
    (b'{"format": "something-else", "settings": {}}', "preset_unreadable"),
    (b"x" * (1024 * 1024 + 1), "preset_unreadable"),
])
def test_a_preset_that_cannot_be_used_is_a_finding_not_silence(preset_file, tmp_path,
                                                                content, code):
    preset_file.parent.mkdir(parents=True)
    preset_file.write_bytes(content)
    result = SettingsStore(tmp_path / "email-settings.json").load()
    assert [f.code for f in result.preset_findings] == [code]
    assert str(preset_file) in result.preset_findings[0].message
    assert result.settings == EmailSettings() and result.locked == ()


@pytest.mark.skipif(os.name == "nt", reason="folders and FIFOs as a preset: POSIX file types")
def test_a_preset_that_is_a_fifo_is_refused_at_once(preset_file, tmp_path):
    preset_file.parent.mkdir(parents=True)
    os.mkfifo(preset_file)
    preset = load_preset()
    assert [f.code for f in preset.findings] == ["preset_unreadable"]
    assert "pipe" in preset.findings[0].message


def test_bad_values_and_unknown_locks_are_reported_and_left_out(preset_file):
    write_preset(preset_file, {"port": 99999, "smtp_host": "smtp.acme.com"},
                 locked=["port", "smtp_host", "colour"])
    preset = load_preset()
    assert [f.code for f in preset.findings] == ["preset_value_invalid", "preset_lock_ignored"]
    assert "colour" in preset.findings[1].message and "port" in preset.findings[1].message
    assert preset.locked == ("smtp_host",) and "port" not in preset.values
