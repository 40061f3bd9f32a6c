"""The settings file: round trip, atomic save, corrupt and newer-version files."""

from __future__ import annotations

import json
import os

import pytest

from a2k_settings_gui.core import store as store_module
from a2k_settings_gui.core.settings import EmailSettings, Security
from a2k_settings_gui.core.store import (
    FORMAT_VERSION,
    ReadOnlyStoreError,
    SettingsStore,
    StoreError,
    default_config_path,
)

SAMPLE = EmailSettings(
    sender_email="statements@acme.com",
    smtp_host="smtp.acme.com",
    security=Security.STARTTLS,
    port=2525,
    sender_name="ACME Accounts",
    logo_url="https://www.acme.com/logo.png",
    logo_height=80,
    logo_width=240,
    max_mails_per_batch=100,
    batch_interval_seconds=30,
)


def test_round_trip(tmp_path):
    path = tmp_path / "sub" / "email-settings.json"
    SettingsStore(path).save(SAMPLE)
    loaded = SettingsStore(path).load()
    assert loaded.status == "ok"
    assert loaded.settings == SAMPLE
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "a2k-email-settings"
    assert document["version"] == FORMAT_VERSION
    # Human-readable: indented, one key per line.
    assert '\n  "settings": {\n    "sender_email": "statements@acme.com"' in path.read_text()


def test_missing_file_loads_defaults(tmp_path):
    result = SettingsStore(tmp_path / "none.json").load()
    assert result.status == "missing" and result.settings == EmailSettings()


def test_environment_variable_selects_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("A2K_EMAIL_SETTINGS_CONFIG", str(tmp_path / "x.json"))
    assert default_config_path() == tmp_path / "x.json"
    assert SettingsStore().path == tmp_path / "x.json"


def test_default_path_is_the_per_user_config_folder(monkeypatch):
    monkeypatch.delenv("A2K_EMAIL_SETTINGS_CONFIG", raising=False)
    path = default_config_path()
    assert path.name == "email-settings.json"
    assert path.parent.name == "a2k-settings-gui"


def test_unknown_keys_survive_a_round_trip(tmp_path):
    path = tmp_path / "s.json"
    document = {
        "format": "a2k-email-settings",
        "version": 1,
        "written_by": "deployment script",
        "settings": {**SAMPLE.to_dict(), "oauth_tenant": "acme.onmicrosoft.com"},
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    store = SettingsStore(path)
    loaded = store.load()
    store.save(loaded.settings.replace(max_mails_per_batch=10))
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["written_by"] == "deployment script"
    assert saved["settings"]["oauth_tenant"] == "acme.onmicrosoft.com"
    assert saved["settings"]["max_mails_per_batch"] == 10


def test_a_crash_during_save_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    store = SettingsStore(path)
    store.save(SAMPLE)
    before = path.read_bytes()

    def crash(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "replace", crash)
    with pytest.raises(StoreError, match="previous file is unchanged"):
        store.save(SAMPLE.replace(smtp_host="smtp.other.com"))
    monkeypatch.undo()
    assert path.read_bytes() == before
    # No temp file left behind (the lock file of the inter-process lock stays, empty).
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json", "s.json.lock"]


def test_a_crash_mid_write_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "s.json"
    store = SettingsStore(path)
    store.save(SAMPLE)
    before = path.read_bytes()
    real_fsync = os.fsync

    def power_cut(fd):
        real_fsync(fd)
        raise KeyboardInterrupt  # the process dies between writing and replacing

    monkeypatch.setattr(store_module.os, "fsync", power_cut)
    with pytest.raises(KeyboardInterrupt):
        store.save(SAMPLE.replace(smtp_host="smtp.other.com"))
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"\xff\xfe\x00garbage", b'{"format": "something-else"}', b"[1, 2]",
     b'{"format": "a2k-email-settings", "version": 1, "settings": "x"}'],
)
def test_corrupt_file_is_kept_aside_and_defaults_load(tmp_path, content):
    path = tmp_path / "s.json"
    path.write_bytes(content)
    result = SettingsStore(path).load()
    assert result.status == "corrupt"
    assert result.settings == EmailSettings()
    assert result.backup_path is not None and result.backup_path.read_bytes() == content
    assert result.backup_path.name in result.message
    assert not path.exists()


def test_reading_commands_do_not_move_a_corrupt_file(tmp_path):
    path = tmp_path / "s.json"
    path.write_bytes(b"{oops")
    result = SettingsStore(path).load(repair=False)
    assert result.status == "corrupt" and path.read_bytes() == b"{oops"


def test_newer_version_is_read_only_and_never_overwritten(tmp_path):
    path = tmp_path / "s.json"
    document = {"format": "a2k-email-settings", "version": FORMAT_VERSION + 1,
                "settings": {**SAMPLE.to_dict(), "new_thing": True}}
    path.write_text(json.dumps(document), encoding="utf-8")
    before = path.read_bytes()
    store = SettingsStore(path)
    result = store.load()
    assert result.status == "newer_version" and result.read_only
    assert result.settings.smtp_host == "smtp.acme.com"
    assert "newer version" in result.message
    with pytest.raises(ReadOnlyStoreError):
        store.save(SAMPLE)
    assert path.read_bytes() == before


def test_bad_values_in_the_file_are_reset_and_reported(tmp_path):
    path = tmp_path / "s.json"
    data = {**SAMPLE.to_dict(), "port": "lots"}
    path.write_text(json.dumps({"format": "a2k-email-settings", "version": 1,
                                "settings": data}), encoding="utf-8")
    result = SettingsStore(path).load()
    assert result.status == "ok"
    assert result.settings.port is None
    assert "Port" in result.message


def test_the_file_never_holds_a_password(tmp_path):
    path = tmp_path / "s.json"
    SettingsStore(path).save(SAMPLE)
    assert "password" not in path.read_text(encoding="utf-8").lower()
