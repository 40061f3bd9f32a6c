"""Every file the program reads follows the settings file's rules (regular files only, a
size cap, bounded nesting, words instead of a traceback): latest-checks.json, a received
message, an import that must stay readable by `show`. Real files, FIFOs and devices; the
real command in a fresh process, time and peak memory measured by the OS."""

from __future__ import annotations

import json
import os
import sys

import pytest

from a2k_settings_gui.core.settings import EmailSettings
from a2k_settings_gui.core.store import SettingsStore
from tests.hostile.measure import run_measured

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="devices and FIFOs are POSIX")

GOOD = EmailSettings(sender_email="ar@acme.example.com", smtp_host="smtp.acme.example.com")
MEMORY_BOUND_MB = 150  # 24 GB was reached with latest-checks.json -> /dev/zero before


def _latest(config_path):
    config_path.parent.mkdir(parents=True, exist_ok=True)
    SettingsStore(config_path).save(GOOD)
    return config_path.with_name("latest-checks.json")


def _entry(report) -> dict:
    return {"at": "2026-12-06T20:00:00+00:00", "report": report}


def test_latest_checks_as_a_fifo_does_not_hang_report(config_path):
    latest = _latest(config_path)
    os.mkfifo(latest)
    run = run_measured("report", "--config", str(config_path), timeout=30)
    assert run.returncode == 0, run.stderr
    assert "not checked yet" in run.stdout and "Traceback" not in run.stderr
    assert run.elapsed < 10


def test_latest_checks_as_a_link_to_dev_zero_is_bounded(config_path):
    latest = _latest(config_path)
    latest.symlink_to("/dev/zero")
    run = run_measured("report", "--config", str(config_path), timeout=30)
    assert run.returncode == 0, run.stderr
    assert run.peak_mb < MEMORY_BOUND_MB


@pytest.mark.parametrize("content", [
    b'{"test_send": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"check_logo": {"report": ' + b'{"a": ' * 200 + b"1" + b"}" * 200 + b"}}",
    json.dumps({"test_send": _entry({"findings": [1, "x", {"code": 5}],
                                     "transcript": {"a": 1}, "server": "x"}),
                "check_domain": _entry({"receivers": "abc", "findings": "nope"}),
                "check_logo": _entry({"findings": [{"severity": "error", "code": "c",
                                                    "message": "m", "fix": 7}]})}).encode(),
    b'{"test_send": {"at": 5, "report": {"findings": null, "transcript": [1, 2]}}}',
    b"NaN",
    b"\xff\xfe not json",
], ids=["nested_100000", "nested_200", "wrong_types", "wrong_types_2", "nan", "not_utf8"])
def test_damaged_latest_checks_never_give_a_traceback(config_path, content):
    _latest(config_path).write_bytes(content)
    for out in ([], ["--format", "html"]):
        run = run_measured("report", "--config", str(config_path), *out, timeout=30)
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr and "unexpected" not in run.stderr


def test_test_send_after_its_test_does_not_hang_on_a_fifo(config_path):
    latest = _latest(config_path)
    os.mkfifo(latest)
    # Nothing listens on port 9 of loopback: the test fails fast, then records its report.
    run = run_measured("test-send", "--json", "--server", "127.0.0.1", "--port", "9",
                       "--security", "none", "--from", "ar@acme.example.com",
                       "--to", "boss@example.net", "--password-stdin", "--timeout", "3",
                       "--config", str(config_path), stdin="pw\n", timeout=40)
    assert run.returncode == 1, run.stderr
    assert run.elapsed < 15


def test_check_received_on_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "message.eml"
    os.mkfifo(fifo)
    run = run_measured("check-received", str(fifo), timeout=30)
    assert run.returncode == 2
    assert "pipe (FIFO)" in run.stderr and "Traceback" not in run.stderr
    assert run.elapsed < 10


def test_a_megabyte_authentication_results_is_not_parsed(tmp_path):
    message = tmp_path / "big.eml"
    value = "mx.example.net; " + "; ".join(f"x{i}=pass smtp.mailfrom=a{i}.example"
                                           for i in range(30_000))
    message.write_text(
        f"Authentication-Results: {value[:1_000_000]}\n"
        "Received: from relay.acme.example (relay.acme.example [192.0.2.7]) by "
        "mx.example.net; Mon, 30 Nov 2026 08:25:10 +0000\nFrom: a@acme.example\n\nbody\n")
    run = run_measured("check-received", "--json", str(message), timeout=60)
    assert run.returncode == 1, run.stderr
    assert run.elapsed < 10  # 23 s of CPU before the cap
    assert len(run.stdout) < 100_000  # 7 MB of JSON before


def _document(settings: dict) -> dict:
    return {"format": "a2k-email-settings", "version": 1, "settings": settings}


def test_an_import_with_70000_dns_servers_is_refused_and_show_still_works(tmp_path,
                                                                          config_path):
    config_path.parent.mkdir(parents=True, exist_ok=True)
    SettingsStore(config_path).save(GOOD)
    before = config_path.read_bytes()
    servers = [f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}" for i in range(70_000)]
    source = tmp_path / "import.json"
    source.write_text(json.dumps(_document({**GOOD.to_dict(), "dns_servers": servers}),
                                 separators=(",", ":")))
    assert source.stat().st_size < 1024 * 1024
    run = run_measured("import", str(source), "--config", str(config_path), timeout=60)
    assert run.returncode == 2, run.stderr
    assert "at most 8" in run.stderr and "Traceback" not in run.stderr
    assert config_path.read_bytes() == before
    show = run_measured("show", "--config", str(config_path), timeout=30)
    assert show.returncode == 0, show.stderr


def test_what_import_writes_is_always_readable_by_show(tmp_path, config_path):
    """An unknown top-level key that grows past the cap when written indented."""
    document = _document(GOOD.to_dict())
    document["later_version_key"] = [[1]] * 150_000
    source = tmp_path / "import.json"
    source.write_text(json.dumps(document, separators=(",", ":")))
    assert source.stat().st_size < 1024 * 1024
    run = run_measured("import", str(source), "--config", str(config_path), timeout=60)
    show = run_measured("show", "--config", str(config_path), timeout=30)
    assert show.returncode == 0, show.stderr
    assert "damaged" not in (show.stdout + show.stderr).lower()
    assert "Traceback" not in run.stderr


def test_report_to_a_device_names_a_report_file_not_a_json_file(config_path):
    _latest(config_path)
    run = run_measured("report", "--out", "/dev/full", "--config", str(config_path))
    assert run.returncode == 3, run.stderr
    assert "report.html" in run.stderr and ".json" not in run.stderr


def test_export_through_a_dangling_link_creates_no_folders(tmp_path, config_path):
    _latest(config_path)
    nowhere = tmp_path / "nowhere" / "deeper"
    link = tmp_path / "export.json"
    link.symlink_to(nowhere / "settings.json")
    run = run_measured("export", str(link), "--config", str(config_path))
    assert run.returncode == 2, run.stderr
    assert "whose folder does not exist" in run.stderr
    assert not (tmp_path / "nowhere").exists()
