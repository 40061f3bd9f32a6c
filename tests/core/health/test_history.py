"""The health history: SQLite in the per-user data folder, bounded, safe for two
processes, never the password, and a damaged file kept aside with a finding."""

from __future__ import annotations

import base64
import multiprocessing
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from a2k_settings_gui.core.findings import Finding
from a2k_settings_gui.core.health import history as history_module
from a2k_settings_gui.core.health.changes import compare
from a2k_settings_gui.core.health.history import SCHEMA_VERSION, HealthHistory
from a2k_settings_gui.core.health.model import CheckResult, HealthRun

PASSWORD = "S3cret/pa ss+word"
START = datetime(2026, 1, 1, 7, 30, tzinfo=timezone.utc)


def make_run(at: datetime, login: str = "ok", spf: str = "v=spf1 -all",
             message: str = "The server accepted the login.") -> HealthRun:
    severity = "error" if login == "error" else "info"
    code = "auth_failed" if login == "error" else "login_ok"
    return HealthRun(at, [
        CheckResult("login", login, [Finding(code, severity, message, "")], 120,
                    {"stage": "done"}),
        CheckResult("certificate", "ok", [], 120, {"days_left": 80}),
        CheckResult("domain", "ok", [], 300, {"dns": {"TXT acme.test": spf}}),
        CheckResult("logo", "ok", [], 80, {"sha256": "ab" * 32}),
        CheckResult("provider", "ok", [], 0, {}),
    ], 310)


def test_default_path_is_the_per_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    path = history_module.default_path()
    assert path.parent.name == "a2k-settings-gui" and tmp_path in path.parents


def test_record_and_read_back_newest_first(tmp_path):
    history = HealthHistory(tmp_path / "h.sqlite3")
    for day in range(3):
        history.record(make_run(START + timedelta(days=day)))
    summaries = history.summaries()
    assert [s.at for s in summaries] == ["2026-01-03T07:30:00Z", "2026-01-02T07:30:00Z",
                                         "2026-01-01T07:30:00Z"]
    assert summaries[0].statuses["login"] == "ok"
    latest = history.latest()
    assert latest is not None and latest.check("domain").facts["dns"] == {
        "TXT acme.test": "v=spf1 -all"}
    with sqlite3.connect(history.path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_changes_are_kept_with_their_run(tmp_path):
    history = HealthHistory(tmp_path / "h.sqlite3")
    first = make_run(START)
    history.record(first)
    second = make_run(START + timedelta(days=1), login="error", spf="v=spf1 ~all")
    second.changes = compare(history.latest(), second)
    history.record(second)
    kept = history.latest().changes
    assert [(c.kind, c.code) for c in kept] == [("new", "auth_failed"),
                                                ("changed", "dns_changed")]
    assert (kept[1].before, kept[1].after) == ("v=spf1 -all", "v=spf1 ~all")


def test_no_form_of_the_password_reaches_the_file(tmp_path):
    history = HealthHistory(tmp_path / "h.sqlite3")
    raw = PASSWORD.encode()
    leaky = (f"server said {PASSWORD} / {base64.b64encode(raw).decode()} / {raw.hex()} / "
             "S3cret%2Fpa%20ss%2Bword / S3cret%2Fpa+ss%2Bword")
    history.record(make_run(START, login="error", message=leaky), secrets=(PASSWORD,))
    for path in tmp_path.iterdir():
        content = path.read_bytes().decode("latin-1")
        for form in (PASSWORD, base64.b64encode(raw).decode(), raw.hex(),
                     "S3cret%2Fpa%20ss%2Bword", "S3cret%2Fpa+ss%2Bword"):
            assert form not in content, (path.name, form)
    assert "********" in history.latest().checks[0].findings[0].message


def test_growth_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(history_module, "KEEP_RUNS", 5)
    history = HealthHistory(tmp_path / "h.sqlite3")
    for day in range(8):
        history.record(make_run(START + timedelta(days=day)))
    assert history.count() == 5
    assert history.summaries()[-1].at == "2026-01-04T07:30:00Z"
    # And by age: a run from six years before the newest one is dropped.
    history.record(make_run(START + timedelta(days=365 * 6)))
    assert history.count() == 1
    with sqlite3.connect(history.path) as db:  # the checks went with their runs
        assert db.execute("SELECT count(*) FROM checks").fetchone()[0] == 5


def test_a_damaged_file_is_kept_aside_and_a_new_history_started(tmp_path):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database at all, it was overwritten" * 100)
    history = HealthHistory(path)
    assert history.latest() is None
    assert [n.code for n in history.notes] == ["history_damaged"]
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert kept and kept[0].read_bytes().startswith(b"this is not a database")
    history.record(make_run(START))
    assert history.count() == 1


def test_a_newer_schema_is_left_alone(tmp_path):
    import pytest

    path = tmp_path / "h.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(history_module.HistoryError, match="newer version"):
        HealthHistory(path).record(make_run(START))
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def _writer(path: str, offset: int) -> None:
    history = HealthHistory(Path(path))
    for n in range(25):
        history.record(make_run(START + timedelta(minutes=offset + n)))


def test_two_processes_record_at_once(tmp_path):
    path = tmp_path / "h.sqlite3"
    HealthHistory(path).count()  # created once, as the first run does
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(path), n * 100)) for n in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert HealthHistory(path).count() == 50
