"""The health history follows the settings file's rules for files the program reads: a
regular file only (a pipe, a device behind a link, a folder give words naming the file and
the fix, never a hang), and a size cap (a larger file is kept aside as damaged and a new
history started, with history_damaged)."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from a2k_settings_gui.core.health import history as history_module
from a2k_settings_gui.core.health.history import HealthHistory, HistoryError, default_path
from tests.core.health.test_history import START, make_run

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="devices and FIFOs are POSIX")
# A refusal takes a stat call; a read of a pipe would wait forever.
PROMPT_SECONDS = 5


def refusal(history: HealthHistory) -> HistoryError:
    """What reading `history` raises, on a thread so that a hang fails the test."""
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            history.latest()
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(PROMPT_SECONDS)
    assert outcome, f"reading {history.path} hung"
    assert isinstance(outcome[0], HistoryError), outcome[0]
    return outcome[0]


@posix_only
def test_a_pipe_in_place_of_the_history_is_refused_with_words(tmp_path):
    path = tmp_path / "health-history.sqlite3"
    os.mkfifo(path)
    message = str(refusal(HealthHistory(path)))
    assert str(path) in message and "pipe (FIFO)" in message
    assert "Delete or rename it" in message
    assert path.exists()  # not ours to move: left as it is


@posix_only
def test_a_link_to_dev_zero_is_refused_with_words(tmp_path):
    path = tmp_path / "health-history.sqlite3"
    path.symlink_to("/dev/zero")
    message = str(refusal(HealthHistory(path)))
    assert str(path) in message and "a device" in message


@posix_only
def test_a_pipe_in_place_of_the_write_ahead_log_is_refused(tmp_path):
    path = tmp_path / "health-history.sqlite3"
    HealthHistory(path).record(make_run(START))
    wal = tmp_path / "health-history.sqlite3-wal"
    wal.unlink(missing_ok=True)
    os.mkfifo(wal)
    message = str(refusal(HealthHistory(path)))
    assert str(wal) in message and "pipe (FIFO)" in message


def test_a_folder_in_place_of_the_history_is_refused_with_words(tmp_path):
    path = tmp_path / "health-history.sqlite3"
    path.mkdir()
    message = str(refusal(HealthHistory(path)))
    assert str(path) in message and "a folder" in message


def test_a_history_over_the_cap_is_kept_aside_and_a_new_one_started(tmp_path, monkeypatch):
    path = tmp_path / "health-history.sqlite3"
    history = HealthHistory(path)
    history.record(make_run(START))
    monkeypatch.setattr(history_module, "MAX_HISTORY_BYTES", 1024 * 1024)
    with open(path, "r+b") as handle:  # grown past the cap (sparse where the OS can)
        handle.truncate(1024 * 1024 + 1)
    fresh = HealthHistory(path)
    assert fresh.latest() is None  # not read: a new history
    assert [n.code for n in fresh.notes] == ["history_damaged"]
    assert "larger than 1 MB" in fresh.notes[0].message
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name and
            p.name.endswith(".sqlite3")]
    assert kept and kept[0].stat().st_size == 1024 * 1024 + 1
    fresh.record(make_run(START))
    assert fresh.count() == 1


@posix_only
def test_the_command_says_so_for_a_pipe_and_does_not_hang(tmp_path):
    """`health --history` in a fresh process, with a FIFO where the history lives."""
    from tests.hostile.measure import run_measured

    path = default_path()  # the per-user data folder the tests' environment points to
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    run = run_measured("health", "--history", timeout=30)
    assert run.returncode == 3, run.stderr
    assert "pipe (FIFO)" in run.stderr and str(path) in run.stderr
    assert "Traceback" not in run.stderr


def test_the_support_report_says_an_unreadable_history_in_words(tmp_path):
    from a2k_settings_gui.core.health.history import latest_for_report
    from a2k_settings_gui.core.settings import EmailSettings
    from a2k_settings_gui.core.support.report import build_report, render_html, render_text

    path = tmp_path / "health-history.sqlite3"
    path.mkdir()
    health = latest_for_report(HealthHistory(path))
    assert health is not None and "a folder" in health["unavailable"]
    report = build_report(EmailSettings(sender_email="ar@acme.example.com"), None, {},
                          version="test", health=health)
    for document in (render_text(report), render_html(report)):
        assert "health history could not be read" in document
        assert str(path) in document
