"""Start-up of the frozen app (PyInstaller one-folder build) beside the pip-installed app.

Both start the windowed program (what the Start-menu shortcut runs) from a folder outside
the checkout and are timed from process start to the window reporting itself on screen
(A2K_QUIT_AFTER_SHOWN: right after the window's first paint, ui/start_report.py).
Two cases: the first start (no settings: the setup wizard) and a later start (settings
exist: the Email Setting dialog). Runs are interleaved so drift hits both equally;
medians and the ratio frozen / installed are printed (goal: <= 1.15x), for the wall
clock and for the CPU time each process had used at its first paint (steadier on a shared
machine: the wall clock also measures the other programs).

The installed app is the wheel built from this repository in a fresh venv (the same
helper as tests/test_installed_app.py). The frozen app is dist/a2k-settings-gui, built
first with --build:

    python benchmarks/bench_frozen_startup.py --build [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # for tests.test_installed_app (the package is installed)

from tests.test_installed_app import frozen_program, make_installed_venv  # noqa: E402


def build_frozen(dist: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--workpath", str(ROOT / "build" / "pyinstaller"), "--distpath", str(dist),
         str(ROOT / "packaging" / "a2k-settings-gui.spec")],
        # Not from the checkout's top folder: the spec must import the installed package
        # (its resources/ inside it), not the source beside it, whose resources/ sits at
        # the top level and would not be collected.
        check=True, cwd=tempfile.gettempdir(), timeout=900,
    )


PAINT_CPU: dict[tuple[str, str], list[float]] = {}


def time_to_shown(command: list[str], env: dict[str, str],
                  key: tuple[str, str] | None = None) -> float:
    report = Path(env["A2K_QUIT_AFTER_SHOWN"])
    report.unlink(missing_ok=True)
    start = time.time()
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120,
                            cwd=tempfile.gettempdir())
    if result.returncode != 0 or not report.exists():
        raise SystemExit(f"{command[0]} did not show a window (exit {result.returncode}):\n"
                         f"{result.stderr[-2000:]}")
    words = report.read_text(encoding="utf-8").split()
    cpu = next((word for word in words if word.startswith("cpu=")), None)
    if key is not None and cpu is not None:
        PAINT_CPU.setdefault(key, []).append(float(cpu.removeprefix("cpu=")))
    return float(words[1]) - start


def environment(home: Path) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "A2K_EMAIL_SETTINGS_CONFIG")}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "APPDATA",
                 "LOCALAPPDATA"):
        env[name] = str(home / name.lower())
    env.update(QT_QPA_PLATFORM="offscreen", A2K_QUIT_AFTER_SHOWN=str(home / "shown.txt"),
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    return env


def line(label: str, times: list[float]) -> str:
    return (f"{label:<34} median {statistics.median(times) * 1000:7.1f} ms "
            f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / "a2k-settings-gui",
                        help="the one-folder build (default: dist/a2k-settings-gui)")
    parser.add_argument("--build", action="store_true", help="build the frozen app first")
    args = parser.parse_args()
    if args.build:
        build_frozen(args.frozen.parent)
    temp = Path(tempfile.mkdtemp(prefix="a2k-bench-frozen-"))
    installed = make_installed_venv(temp / "installed")
    frozen = frozen_program(args.frozen)
    programs = {"pip-installed": installed.gui, "frozen": frozen.gui}

    results: dict[tuple[str, str], list[float]] = {}
    for case in ("wizard (first start)", "dialog (settings exist)"):
        homes = {name: temp / f"home-{name}-{case.split()[0]}" for name in programs}
        envs = {name: environment(home) for name, home in homes.items()}
        if case.startswith("dialog"):
            for env in envs.values():
                # In the per-user config folder, where both programs look by default.
                _write_settings(installed.python, env)
        for name, command in programs.items():  # warm the file cache once each
            time_to_shown(command, envs[name])
        for _ in range(args.runs):
            for name, command in programs.items():
                results.setdefault((case, name), []).append(
                    time_to_shown(command, envs[name], (case, name)))

    print(f"runs each: {args.runs}; python {sys.version.split()[0]} on {sys.platform}")
    for case in ("wizard (first start)", "dialog (settings exist)"):
        print(case)
        for name in programs:
            print("  " + line(name, results[(case, name)]))
        ratio = (statistics.median(results[(case, "frozen")])
                 / statistics.median(results[(case, "pip-installed")]))
        print(f"  ratio frozen / pip-installed:      {ratio:.2f}x  (goal <= 1.15x)")
        cpu = {name: statistics.median(PAINT_CPU[(case, name)]) * 1000
               for name in programs if (case, name) in PAINT_CPU}
        if len(cpu) == len(programs):
            print(f"  CPU time at the first paint:       frozen {cpu['frozen']:.1f} ms, "
                  f"pip-installed {cpu['pip-installed']:.1f} ms: "
                  f"{cpu['frozen'] / cpu['pip-installed']:.2f}x")
    if hasattr(os, "getloadavg"):
        print(f"load average: {os.getloadavg()[0]:.1f}")


def _write_settings(python: str | None, env: dict[str, str]) -> None:
    code = ("from a2k_settings_gui.core.settings import EmailSettings; "
            "from a2k_settings_gui.core.store import SettingsStore; "
            "SettingsStore().save(EmailSettings(sender_email='ar@acme.com', "
            "smtp_host='smtp.acme.com'))")
    subprocess.run([python or sys.executable, "-c", code], check=True, env=env)


if __name__ == "__main__":
    main()
