"""Hostile files: real files, devices and pipes,
the real command in a fresh process, time and peak memory measured by the OS."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from tests.hostile.measure import run_measured
from tests.missing_piece import skip_or_fail

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="devices and FIFOs are POSIX")

GOOD = EmailSettings(sender_email="ar@acme.example.com", smtp_host="smtp.acme.example.com")
# A fresh Python with this package imported stays far below this; 8.7 GB was measured
# for `import /dev/zero` before the cap.
MEMORY_BOUND_MB = 150


def _document(settings: dict) -> dict:
    return {"format": "a2k-email-settings", "version": 1, "settings": settings}


def _write_good(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    SettingsStore(path).save(GOOD)


HOSTILE_CONTENT = {
    "deep_nesting": b'{"format": "a2k-email-settings", "version": 1, "settings": {"x": '
    + b"[" * 100_000 + b"]" * 100_000 + b"}}",
    "moderate_nesting": b'{"format": "a2k-email-settings", "version": 1, "settings": '
    b'{"sender_email": "ar@acme.example.com", "x": ' + b"[" * 900 + b"]" * 900 + b"}}",
    "nan": b'{"format": "a2k-email-settings", "version": 1, "settings": {"x": NaN}}',
    "infinity": b'{"format": "a2k-email-settings", "version": 1, "settings": {"x": -Infinity}}',
    "lone_surrogate": b'{"format": "a2k-email-settings", "version": 1, '
    b'"settings": {"sender_name": "ACME \\ud800"}}',
    "surrogate_key": b'{"format": "a2k-email-settings", "version": 1, '
    b'"settings": {"\\udfff": 1}}',
    "not_utf8": b'{"format": "a2k-email-settings", "version": 1, '
    b'"settings": {"sender_name": "\xff\xfe"}}',
    "too_large": b'{"format": "a2k-email-settings", "version": 1, "settings": {"x": "'
    + b"A" * (3 * 1024 * 1024) + b'"}}',
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_CONTENT))
def test_a_hostile_import_file_is_refused_with_words(tmp_path, config_path, kind):
    _write_good(config_path)
    before = config_path.read_bytes()
    source = tmp_path / f"{kind}.json"
    source.write_bytes(HOSTILE_CONTENT[kind])
    run = run_measured("import", str(source), "--config", str(config_path))
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and "unexpected" not in run.stderr
    assert str(source) in run.stderr
    assert run.peak_mb < MEMORY_BOUND_MB
    assert config_path.read_bytes() == before  # nothing saved is lost


@pytest.mark.parametrize("kind", sorted(HOSTILE_CONTENT))
def test_a_hostile_settings_file_is_reported_then_kept_aside(config_path, kind):
    config_path.parent.mkdir(parents=True)
    config_path.write_bytes(HOSTILE_CONTENT[kind])
    run = run_measured("show", "--json", "--config", str(config_path))
    assert run.returncode == 1, run.stderr
    report = run.json()
    assert report["status"] == "corrupt"
    assert "damaged" in report["findings"][0]["message"]
    assert run.peak_mb < MEMORY_BOUND_MB
    assert config_path.read_bytes() == HOSTILE_CONTENT[kind]  # a reading command moves nothing

    # The dialog (and `import`) load with repair: the file is kept aside, defaults load.
    result = SettingsStore(config_path).load(repair=True)
    assert result.status == "corrupt" and result.backup_path is not None
    assert result.backup_path.read_bytes() == HOSTILE_CONTENT[kind]
    assert not config_path.exists()


def test_import_dev_zero_is_refused_at_once():
    run = run_measured("import", "/dev/zero", timeout=20)
    assert run.returncode == 2
    assert "device" in run.stderr and "/dev/zero" in run.stderr
    # "At once": the time of a start-up, not of reading (8.7 GB in 20 s before).
    assert run.elapsed < 5
    assert run.peak_mb < MEMORY_BOUND_MB


def test_import_a_fifo_is_refused_at_once(tmp_path, config_path):
    fifo = tmp_path / "settings.json"
    os.mkfifo(fifo)
    run = run_measured("import", str(fifo), timeout=20)  # blocked forever before
    assert run.returncode == 2
    assert "pipe" in run.stderr
    assert run.elapsed < 5


def test_import_a_folder_is_refused(tmp_path, config_path):
    run = run_measured("import", str(tmp_path))
    assert run.returncode == 2 and "folder" in run.stderr


def _device_node(tmp_path):
    """A private copy of /dev/full's device node: a regression must not be able to
    replace the machine's real /dev/full (CI runs as root)."""
    node = tmp_path / "full"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except (PermissionError, AttributeError):
        skip_or_fail("creating a device node needs root")
    return node


def test_export_onto_a_device_is_refused(tmp_path, config_path):
    _write_good(config_path)
    node = _device_node(tmp_path)
    run = run_measured("export", str(node), "--config", str(config_path))
    assert run.returncode == 2
    assert "device" in run.stderr and "not a regular file" in run.stderr
    assert stat.S_ISCHR(os.stat(node).st_mode)  # still the device
    assert "exported" not in run.stdout


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_export_onto_a_pipe_or_folder_is_refused(tmp_path, config_path, kind):
    _write_good(config_path)
    target = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    run = run_measured("export", str(target), "--config", str(config_path), timeout=20)
    assert run.returncode == 2, run.stderr
    assert "not a regular file" in run.stderr
    assert target.exists() and not target.is_file()


def test_a_settings_file_that_is_a_device_is_unreadable_not_moved(tmp_path):
    run = run_measured("show", "--json", "--config", "/dev/zero", timeout=20)
    assert run.returncode == 1
    assert run.json()["status"] == "unreadable"
    assert run.elapsed < 5 and run.peak_mb < MEMORY_BOUND_MB
    assert stat.S_ISCHR(os.stat("/dev/zero").st_mode)


def test_export_follows_a_symlink_and_keeps_permissions(tmp_path, config_path):
    _write_good(config_path)
    real = tmp_path / "shared" / "deployed.json"
    real.parent.mkdir()
    real.write_text("{}")
    real.chmod(0o644)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    run = run_measured("export", str(link), "--config", str(config_path))
    assert run.returncode == 0, run.stderr
    assert link.is_symlink()
    assert json.loads(real.read_text())["settings"]["smtp_host"] == "smtp.acme.example.com"
    assert stat.S_IMODE(real.stat().st_mode) == 0o644


def test_saving_follows_a_symlinked_settings_file_and_keeps_its_permissions(tmp_path):
    real = tmp_path / "deploy" / "email-settings.json"
    _write_good(real)
    real.chmod(0o640)
    link = tmp_path / "config" / "email-settings.json"
    link.parent.mkdir()
    link.symlink_to(real)
    store = SettingsStore(link)
    store.load()
    store.save(GOOD.replace(sender_name="ACME Accounts"))
    assert link.is_symlink()  # not replaced by a regular file
    assert json.loads(real.read_text())["settings"]["sender_name"] == "ACME Accounts"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_read_only_settings_file_stays_read_only_and_unchanged(config_path):
    _write_good(config_path)
    config_path.chmod(0o444)
    before = config_path.read_bytes()
    store = SettingsStore(config_path)
    result = store.load()
    assert result.read_only and "read-only" in result.message
    run = run_measured("show", "--json", "--config", str(config_path))
    assert run.json()["findings"][0]["code"] == "settings_read_only"

    source = config_path.parent / "other.json"
    source.write_text(json.dumps(_document({**GOOD.to_dict(), "sender_name": "X"})))
    run = run_measured("import", str(source), "--config", str(config_path))
    assert run.returncode == 3 and "read-only" in run.stderr
    assert config_path.read_bytes() == before
    assert stat.S_IMODE(config_path.stat().st_mode) == 0o444


def test_export_onto_a_read_only_file_is_refused(tmp_path, config_path):
    _write_good(config_path)
    target = tmp_path / "out.json"
    target.write_text("keep me")
    target.chmod(0o444)
    run = run_measured("export", str(target), "--config", str(config_path))
    assert run.returncode == 2 and "read-only" in run.stderr
    assert target.read_text() == "keep me"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_nan_is_never_written_back(tmp_path):
    from a2k_settings_gui.core.store import files

    with pytest.raises(files.DamagedFile):
        files.to_json_text({"settings": {"x": float("nan")}})
