"""Start-up: process start to the Email Setting dialog's first paint, offscreen.

Side by side in the same run with a bare PySide6 script that shows a QDialog holding the
same number of widgets, of the same Qt classes as the whole dialog (the baseline): what is
left is the cost of our own code (settings, store, validation, command-line parsing).
Both are timed to their window's first paint (an event filter sees the paint event; a
zero-delay timer from there reports). The dialog paints the A2000ERP screen's fields first
and builds its other groups right after that paint: "complete" is the time
until that is done too, printed beside it.
Prints the median of repeated runs and the ratios.

    python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import tests  # noqa: E402, F401 - the installed package from here on, not the checkout

COUNT_WIDGETS = r"""
import sys
from a2k_settings_gui.ui.app import application
from a2k_settings_gui.core.store import SettingsStore
from a2k_settings_gui.ui.dialog import EmailSettingDialog
from PySide6.QtWidgets import QWidget
import collections, json
app = application()
dialog = EmailSettingDialog(SettingsStore(sys.argv[1]))
kinds = collections.Counter()
for widget in dialog.findChildren(QWidget):
    # Our own classes count as the Qt class they are built on.
    cls = next(c for c in type(widget).__mro__ if c.__module__.startswith("PySide6"))
    kinds[cls.__name__] += 1
print(json.dumps(kinds))
"""

BASELINE = r"""
import json, sys, time
from PySide6 import QtWidgets
from PySide6.QtCore import QTimer
app = QtWidgets.QApplication(sys.argv[:1])
dialog = QtWidgets.QDialog()
grid = QtWidgets.QGridLayout(dialog)
index = 0
# The same widget classes in the same numbers as the app's dialog, plainly laid out.
for name, count in json.loads(sys.argv[1]).items():
    cls = getattr(QtWidgets, name, None)
    if cls is None or name in ("QDialog",):
        continue
    for _ in range(count):
        try:
            widget = cls()
        except (TypeError, NotImplementedError):
            continue
        if name in ("QLabel", "QPushButton", "QCheckBox", "QGroupBox"):
            widget.setText(f"{name} {index}") if name != "QGroupBox" else widget.setTitle("G")
        grid.addWidget(widget, index // 4, index % 4)
        index += 1
from PySide6.QtCore import QObject
from PySide6.QtGui import QPaintEvent
class FirstPaint(QObject):  # as the app's A2K_QUIT_AFTER_SHOWN report (ui/start_report.py)
    def eventFilter(self, watched, event):
        if isinstance(event, QPaintEvent):
            dialog.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False
def report():
    print(f"shown-at {time.time():.6f}", flush=True)
    app.quit()
first_paint = FirstPaint()
dialog.installEventFilter(first_paint)
dialog.show()
app.exec()
"""


try:  # CPU time of the child processes (Linux, macOS); not on Windows
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

CPU_TIMES: dict[str, list[float]] = {}
COMPLETE_TIMES: dict[str, list[float]] = {}


def _children_cpu() -> float:
    if resource is None:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_to_shown(command: list[str], env: dict[str, str], label: str = "") -> float:
    """Wall-clock seconds from process start to the window shown; the child's CPU time
    (whole process, to its exit) is kept in CPU_TIMES[label]: on a busy machine the wall
    clock measures the other processes too, the CPU time much less so."""
    cpu_before = _children_cpu()
    start = time.time()
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("shown-at ")), None)
    if line is None:
        raise SystemExit(f"{command[:3]} did not show a window:\n{result.stderr[-2000:]}")
    if label:
        CPU_TIMES.setdefault(label, []).append(_children_cpu() - cpu_before)
        complete = next((ln for ln in result.stdout.splitlines()
                         if ln.startswith("complete-at ")), line)
        COMPLETE_TIMES.setdefault(label, []).append(float(complete.split()[1]) - start)
    return float(line.split()[1]) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    temp = Path(tempfile.mkdtemp(prefix="a2k-bench-"))
    # No PYTHONPATH, and every child runs from the temporary folder (`python -c` puts the
    # working folder first on sys.path): the installed package runs, never the checkout.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               A2K_QUIT_AFTER_SHOWN="1",
               PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
               XDG_DATA_HOME=str(temp))
    config = temp / "email-settings.json"
    # An installed app runs from byte-code that pip compiled at install time; do the same
    # here (this environment may set PYTHONDONTWRITEBYTECODE, which would otherwise make
    # every run compile our modules from source).
    import a2k_settings_gui

    compileall.compile_dir(str(Path(a2k_settings_gui.__file__).parent), quiet=1)
    os.chdir(temp)
    kinds_json = subprocess.run([sys.executable, "-c", COUNT_WIDGETS, str(config)],
                                capture_output=True, text=True, env=env,
                                check=True).stdout.strip().splitlines()[-1]
    kinds = json.loads(kinds_json)
    widgets = sum(kinds.values())
    # What the Start-menu shortcut runs: the gui-script entry point `gui_script:main` (the
    # settings file comes from the environment variable, as a deployment may set it).
    gui_env = dict(env, A2K_EMAIL_SETTINGS_CONFIG=str(config))
    gui_cmd = [sys.executable, "-c",
               "import sys; from a2k_settings_gui.gui_script import main; sys.exit(main())"]
    app_cmd = [sys.executable, "-m", "a2k_settings_gui", "gui", "--config", str(config)]
    base_cmd = [sys.executable, "-c", BASELINE, kinds_json]
    # The first start is the wizard; the dialog is what every later start shows.
    from a2k_settings_gui.core.settings import EmailSettings
    from a2k_settings_gui.core.store import SettingsStore

    SettingsStore(config).save(EmailSettings(sender_email="ar@acme.com",
                                             smtp_host="smtp.acme.com"))
    # Warm the file cache once for each, then interleave so drift hits all equally.
    for command, command_env in ((gui_cmd, gui_env), (app_cmd, env), (base_cmd, env)):
        time_to_shown(command, command_env)
    gui_times, app_times, base_times = [], [], []
    for _ in range(args.runs):
        gui_times.append(time_to_shown(gui_cmd, gui_env, "gui"))
        app_times.append(time_to_shown(app_cmd, env, "cli"))
        base_times.append(time_to_shown(base_cmd, env, "bare"))
    gui_median = statistics.median(gui_times)
    app_median = statistics.median(app_times)
    base_median = statistics.median(base_times)
    print(f"widgets in the dialog:         {widgets} ({kinds_json})")
    print(f"runs each:                     {args.runs}")
    print(f"a2k-email-settings-gui:        median {gui_median * 1000:7.1f} ms "
          f"(min {min(gui_times) * 1000:.1f}, max {max(gui_times) * 1000:.1f})")
    print(f"a2k-email-settings gui (CLI):  median {app_median * 1000:7.1f} ms "
          f"(min {min(app_times) * 1000:.1f}, max {max(app_times) * 1000:.1f})")
    print(f"bare PySide6 dialog:           median {base_median * 1000:7.1f} ms "
          f"(min {min(base_times) * 1000:.1f}, max {max(base_times) * 1000:.1f})")
    print(f"ratio gui-script / bare:       {gui_median / base_median:.2f}x  (target <= 1.3x)")
    print(f"ratio CLI gui / bare:          {app_median / base_median:.2f}x")
    complete = statistics.median(COMPLETE_TIMES["gui"])
    print(f"gui-script, every group built: median {complete * 1000:7.1f} ms "
          f"({complete / base_median:.2f}x the bare dialog's first paint)")
    if resource is not None:
        cpu = {label: statistics.median(times) for label, times in CPU_TIMES.items()}
        # To exit: the app's includes what it does after the first paint (the other
        # groups, and on workers the keyring read and the address library's import).
        print(f"CPU time, whole process:       gui-script {cpu['gui'] * 1000:.1f} ms, "
              f"CLI gui {cpu['cli'] * 1000:.1f} ms, bare {cpu['bare'] * 1000:.1f} ms "
              f"(medians)")
        print(f"ratio CPU gui-script / bare:   {cpu['gui'] / cpu['bare']:.2f}x")
    print(f"load average during the run:   {os.getloadavg()[0]:.1f}"
          if hasattr(os, "getloadavg") else "")


if __name__ == "__main__":
    main()
