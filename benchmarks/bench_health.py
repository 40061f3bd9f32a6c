"""Benchmark the health watch: a run against its slowest check, recording a run, and the
Health window opening on a long history.

Run from the checkout root:  /work/venv/bin/python benchmarks/bench_health.py

1. Run time: the loopback servers of tests/servers/health_env.py, with a delay before
   every SMTP reply and every DNS answer so each check takes a realistic, different time.
   Each check is timed alone, then the whole run (side by side on the pool); the goal is
   run <= slowest single check + 10 %. Baseline: the checks one after another.
2. Recording: HealthHistory.record of a real run's result into a history that already
   holds 10,000 runs (goal < 5 ms). Beside it, the same with SQLite's synchronous=FULL
   (what WAL + NORMAL saves).
3. The Health window opening on 10,000 recorded runs: constructing, showing and painting
   it (goal < 100 ms). Baseline: reading all 10,000 runs in full, as a naive window would.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FOLDER = Path(tempfile.mkdtemp(prefix="bench-health-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
os.environ["XDG_DATA_HOME"] = str(FOLDER / "data")
os.environ["XDG_STATE_HOME"] = str(FOLDER / "state")
import tests  # noqa: E402,F401 - the installed package, as the tests use it

SMTP_DELAY = 0.04  # s before every SMTP reply (about 10 replies in a login check)
DNS_DELAY = 0.05  # s before every DNS answer
RUNS = 7
HISTORY_RUNS = 10_000


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def run_time() -> tuple:
    from datetime import datetime, timezone

    from a2k_settings_gui.core.cancel import CancelToken
    from a2k_settings_gui.core.health import checks, run_health
    from a2k_settings_gui.core.health.provider import provider_check
    from a2k_settings_gui.core.store import SettingsStore
    from tests.servers.health_env import PASSWORD, HealthWorld

    config = FOLDER / "settings.json"
    with HealthWorld(FOLDER, config, smtp_delay=SMTP_DELAY, dns_delay=DNS_DELAY):
        settings = SettingsStore(config).load().settings
        now = datetime.now(timezone.utc)
        singles = {
            "login + certificate": lambda: checks.login_and_certificate(
                settings, PASSWORD, 20, CancelToken(), now),
            "domain": lambda: checks.domain(settings, 20, CancelToken()),
            "logo": lambda: checks.logo(settings, 20, CancelToken()),
            "provider": lambda: provider_check(settings, now),
        }
        alone: dict[str, list[float]] = {name: [] for name in singles}
        together, sequential = [], []
        run_health(settings, PASSWORD, timeout=20)  # warm: imports, TLS context, caches
        for _ in range(RUNS):
            total = 0.0
            for name, fn in singles.items():
                started = time.perf_counter()
                fn()
                took = time.perf_counter() - started
                alone[name].append(took)
                total += took
            sequential.append(total)
            started = time.perf_counter()
            run = run_health(settings, PASSWORD, timeout=20)
            together.append(time.perf_counter() - started)
            assert run.ok, [f.code for f in run.findings]
        medians = {name: ms(statistics.median(times)) for name, times in alone.items()}
        slowest = max(medians.values())
        run_ms = ms(statistics.median(together))
        return run, {"alone_ms": medians, "slowest_ms": slowest, "run_ms": run_ms,
                "run_max_ms": ms(max(together)),
                "sequential_ms": ms(statistics.median(sequential)),
                "run_over_slowest": round(run_ms / slowest, 3)}


def fill_history(path: Path, run, count: int) -> None:
    """`count` runs, 4 hours apart (10,000 fit in the 5 years kept), written through the
    history's own `record`."""
    from a2k_settings_gui.core.health.changes import compare
    from a2k_settings_gui.core.health.history import HealthHistory

    history = HealthHistory(path)
    start = run.at - timedelta(hours=4 * count)
    previous = None
    for day in range(count):
        run.at = start + timedelta(hours=4 * day)
        if day % 97 == 0:  # now and then a run with a change, as real histories have
            run.changes = compare(previous, run) if previous else []
        else:
            run.changes = []
        history.record(run)
        previous = run


def record_time(run) -> dict:
    import sqlite3

    from a2k_settings_gui.core.health import history as history_module
    from a2k_settings_gui.core.health.history import HealthHistory

    path = FOLDER / "record.sqlite3"
    fill_history(path, run, HISTORY_RUNS)
    history = HealthHistory(path)
    times = []
    for _ in range(200):
        run.at += timedelta(minutes=1)
        started = time.perf_counter()
        history.record(run, secrets=("not-the-password",))
        times.append(time.perf_counter() - started)
    # Baseline: the same write with synchronous=FULL (an fsync per commit).
    original = history_module.HealthHistory._connect

    def full_sync(self):  # type: ignore[no-untyped-def]
        connection = original(self)
        connection.execute("PRAGMA synchronous = FULL")
        return connection

    history_module.HealthHistory._connect = full_sync  # type: ignore[method-assign]
    full = []
    try:
        slow = HealthHistory(path)
        for _ in range(50):
            run.at += timedelta(minutes=1)
            started = time.perf_counter()
            slow.record(run)
            full.append(time.perf_counter() - started)
    finally:
        history_module.HealthHistory._connect = original  # type: ignore[method-assign]
    with sqlite3.connect(path) as db:
        kept = db.execute("SELECT count(*) FROM runs").fetchone()[0]
    return {"record_ms_median": ms(statistics.median(times)),
            "record_ms_p95": ms(sorted(times)[int(len(times) * 0.95)]),
            "record_ms_full_sync_median": ms(statistics.median(full)),
            "runs_in_history": kept, "file_kb": round(path.stat().st_size / 1024)}


def window_open(run) -> dict:
    from PySide6.QtWidgets import QApplication

    from a2k_settings_gui.core.health.history import HealthHistory
    from a2k_settings_gui.core.store import SettingsStore
    from a2k_settings_gui.ui.health.window import HealthWindow

    app = QApplication.instance() or QApplication([])
    path = FOLDER / "window.sqlite3"
    fill_history(path, run, HISTORY_RUNS)
    store = SettingsStore(FOLDER / "window-settings.json")
    times = []
    for n in range(11):
        history = HealthHistory(path)
        started = time.perf_counter()
        window = HealthWindow(store, history=history, state_folder=FOLDER)
        window.show()
        window.grid.repaint()
        app.processEvents()
        took = time.perf_counter() - started
        if n:  # the first one pays for imports and fonts
            times.append(took)
        assert len(window.grid.runs) == 60
        window.close()
        window.deleteLater()
        app.processEvents()
    history = HealthHistory(path)
    started = time.perf_counter()
    everything = history.recent(HISTORY_RUNS)
    read_all = time.perf_counter() - started
    assert len(everything) == HISTORY_RUNS
    started = time.perf_counter()
    history.recent(60)
    read_60 = time.perf_counter() - started
    return {"window_open_ms_median": ms(statistics.median(times)),
            "window_open_ms_max": ms(max(times)),
            "read_60_runs_ms": ms(read_60), "read_all_runs_ms": ms(read_all)}


def main() -> None:
    import json

    run, timing = run_time()
    results = {"run": timing}
    results["record"] = record_time(run)
    results["window"] = window_open(run)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
