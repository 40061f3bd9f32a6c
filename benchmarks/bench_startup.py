"""Start-up: process start to the Email Setting dialog's first paint, offscreen.

Side by side in the same run with bare PySide6 scripts that show a QDialog (the
baselines): what is left is the cost of our own code (settings, store, validation,
command-line parsing). Everything is timed to its window's first paint (an event filter
sees the paint event; a zero-delay timer from there reports).

The dialog paints the A2000ERP screen's fields first and builds its other groups right
after that paint. So there are two baselines, both counted from the dialog itself:
- "bare, first-paint widgets": the widgets our dialog holds when it first paints (same Qt
  classes, same numbers, the same number of them hidden). This is the goal's baseline:
  the same window content, painted by a script with no code of its own.
- "bare, whole dialog": every widget of the finished dialog, as the benchmark measured
  until 2026-12-06 (kept for comparison with the older rows of docs/PERFORMANCE.md).
Only widgets our code creates are counted: the children Qt makes for a widget itself
(a scroll area's viewport and scroll bars, a spin box's line edit, a combo box's popup
list) are made by the baseline's widgets of the same class too. (Until 2026-12-06 they
were counted as well, so the baseline built about 15 widgets more than the dialog has.)
"complete" is the time until every group is built, printed beside it.
Prints the median of interleaved runs (the order rotates each round) and the ratios.

    python benchmarks/bench_startup.py [--runs 15] [--compare-python OTHER_VENV_PYTHON]

--compare-python runs another installation's gui-script (e.g. `main` in its own venv) in
the same interleaved rounds, for a before/after in one run.
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
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget
import collections, json
app = application()
# As the app opens it: the first groups, then the rest after the first paint.
dialog = EmailSettingDialog(SettingsStore(sys.argv[1]), rest_after_first_paint=True)

def made_by_qt(widget):
    # A child Qt creates for a widget itself: the baseline's widget of that class makes
    # it too. What a scroll area scrolls (QScrollArea.widget()) is ours.
    parent = widget.parentWidget()
    while parent is not None and parent is not dialog:
        if isinstance(parent, (QAbstractSpinBox, QComboBox)):
            return True
        if isinstance(parent, QAbstractScrollArea):
            content = parent.widget() if hasattr(parent, "widget") else None
            return content is None or not (content is widget or content.isAncestorOf(widget))
        parent = parent.parentWidget()
    return False

def kinds():
    shown, hidden = collections.Counter(), collections.Counter()
    for widget in dialog.findChildren(QWidget):
        if made_by_qt(widget):
            continue
        # Our own classes count as the Qt class they are built on.
        cls = next(c for c in type(widget).__mro__ if c.__module__.startswith("PySide6"))
        (shown if widget.isVisibleTo(dialog) else hidden)[cls.__name__] += 1
    return {"shown": shown, "hidden": hidden}

first_paint = kinds()
dialog.finish_building()
print(json.dumps({"first_paint": first_paint, "whole": kinds()}))
"""

BASELINE = r"""
import json, sys, time
from PySide6 import QtWidgets
from PySide6.QtCore import QTimer
app = QtWidgets.QApplication(sys.argv[:1])
dialog = QtWidgets.QDialog()
grid = QtWidgets.QGridLayout(dialog)
index = 0
spec = json.loads(sys.argv[1])
hidden = []
# The same widget classes in the same numbers as the app's dialog, plainly laid out.
for shown, counts in ((True, spec["shown"]), (False, spec["hidden"])):
    for name, count in counts.items():
        cls = getattr(QtWidgets, name, None)
        if cls is None or name in ("QDialog",):
            continue
        for _ in range(count):
            try:
                widget = cls()
            except (TypeError, NotImplementedError):
                continue
            if name in ("QLabel", "QPushButton", "QCheckBox"):
                widget.setText(f"{name} {index}")
            elif name == "QGroupBox":
                widget.setTitle("G")
            elif name == "QComboBox":  # the app's has items, so a popup list
                widget.addItems(["one", "two"])
            grid.addWidget(widget, index // 4, index % 4)
            if not shown:
                hidden.append(widget)
            index += 1
for widget in hidden:
    widget.hide()
from PySide6.QtCore import QObject
from PySide6.QtGui import QPaintEvent
class FirstPaint(QObject):  # as the app's A2K_QUIT_AFTER_SHOWN report (ui/start_report.py)
    def eventFilter(self, watched, event):
        if isinstance(event, QPaintEvent):
            dialog.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False
def report():
    print(f"shown-at {time.time():.6f} cpu={time.process_time():.6f}", flush=True)
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
PAINT_CPU: dict[str, list[float]] = {}  # the process's CPU time at its first paint


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
        cpu = next((word for word in line.split() if word.startswith("cpu=")), None)
        if cpu:  # (an installation from before 2026-12-07 does not report it)
            PAINT_CPU.setdefault(label, []).append(float(cpu.removeprefix("cpu=")))
    return float(line.split()[1]) - start


def _line(label: str, times: list[float]) -> str:
    return (f"{label:<34} median {statistics.median(times) * 1000:7.1f} ms "
            f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compare-python", type=Path, default=None,
                        help="the python of another installation (e.g. main's venv): its "
                             "gui-script runs in the same rounds")
    args = parser.parse_args()
    temp = Path(tempfile.mkdtemp(prefix="a2k-bench-"))
    # No PYTHONPATH, and every child runs from the temporary folder (`python -c` puts the
    # working folder first on sys.path): the installed package runs, never the checkout.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               A2K_QUIT_AFTER_SHOWN="1",
               PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
               XDG_DATA_HOME=str(temp))
    env.pop("PYTHONPATH", None)
    config = temp / "email-settings.json"
    # An installed app runs from byte-code that pip compiled at install time; do the same
    # here (this environment may set PYTHONDONTWRITEBYTECODE, which would otherwise make
    # every run compile our modules from source).
    import a2k_settings_gui

    compileall.compile_dir(str(Path(a2k_settings_gui.__file__).parent), quiet=1)
    if args.compare_python:
        subprocess.run([str(args.compare_python), "-c",
                        "import a2k_settings_gui, compileall, pathlib; compileall.compile_dir("
                        "str(pathlib.Path(a2k_settings_gui.__file__).parent), quiet=1)"],
                       check=True, cwd=temp)
    os.chdir(temp)
    # The first start is the wizard; the dialog is what every later start shows.
    from a2k_settings_gui.core.settings import EmailSettings
    from a2k_settings_gui.core.store import SettingsStore

    SettingsStore(config).save(EmailSettings(sender_email="ar@acme.com",
                                             smtp_host="smtp.acme.com"))
    counted = subprocess.run([sys.executable, "-c", COUNT_WIDGETS, str(config)],
                             capture_output=True, text=True, env=env,
                             check=True).stdout.strip().splitlines()[-1]
    kinds = json.loads(counted)
    # What the Start-menu shortcut runs: the gui-script entry point `gui_script:main` (the
    # settings file comes from the environment variable, as a deployment may set it).
    gui_env = dict(env, A2K_EMAIL_SETTINGS_CONFIG=str(config))
    gui_code = "import sys; from a2k_settings_gui.gui_script import main; sys.exit(main())"
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "gui": ([sys.executable, "-c", gui_code], gui_env),
        "cli": ([sys.executable, "-m", "a2k_settings_gui", "gui", "--config", str(config)],
                env),
        "bare": ([sys.executable, "-c", BASELINE, json.dumps(kinds["first_paint"])], env),
        "bare-whole": ([sys.executable, "-c", BASELINE, json.dumps(kinds["whole"])], env),
    }
    if args.compare_python:
        commands["compare"] = ([str(args.compare_python), "-c", gui_code], gui_env)
    # Warm the file cache once for each, then interleave so drift hits all equally; the
    # order rotates each round, so none always runs right after the same other one.
    for command, command_env in commands.values():
        time_to_shown(command, command_env)
    times: dict[str, list[float]] = {label: [] for label in commands}
    labels = list(commands)
    for number in range(args.runs):
        shift = number % len(labels)
        for label in labels[shift:] + labels[:shift]:
            command, command_env = commands[label]
            times[label].append(time_to_shown(command, command_env, label))
    median = {label: statistics.median(values) for label, values in times.items()}

    def total(spec: dict[str, dict[str, int]]) -> str:
        shown, hidden = sum(spec["shown"].values()), sum(spec["hidden"].values())
        return f"{shown + hidden} ({hidden} hidden)"

    print(f"widgets at the first paint:    {total(kinds['first_paint'])} "
          f"{json.dumps(kinds['first_paint'])}")
    print(f"widgets, whole dialog:         {total(kinds['whole'])} {json.dumps(kinds['whole'])}")
    print(f"runs each:                     {args.runs}, interleaved")
    print(_line("a2k-email-settings-gui:", times["gui"]))
    if args.compare_python:
        print(_line(f"  --compare-python {args.compare_python}:", times["compare"]))
    print(_line("a2k-email-settings gui (CLI):", times["cli"]))
    print(_line("bare, first-paint widgets:", times["bare"]))
    print(_line("bare, whole dialog's widgets:", times["bare-whole"]))
    print(f"ratio gui-script / bare first-paint widgets: {median['gui'] / median['bare']:.2f}x"
          f"  (goal <= 1.2x)")
    if args.compare_python:
        print(f"ratio compared installation / bare:          "
              f"{median['compare'] / median['bare']:.2f}x")
    print(f"ratio CLI gui / bare first-paint widgets:    {median['cli'] / median['bare']:.2f}x")
    print(f"ratio gui-script / bare whole dialog:        "
          f"{median['gui'] / median['bare-whole']:.2f}x  (the measure until 2026-12-06)")
    complete = statistics.median(COMPLETE_TIMES["gui"])
    print(f"gui-script, every group built: median {complete * 1000:7.1f} ms "
          f"({complete / median['bare-whole']:.2f}x the bare whole dialog's first paint)")
    paint_cpu = {label: statistics.median(values) * 1000 for label, values in PAINT_CPU.items()}
    if "gui" in paint_cpu and "bare" in paint_cpu:
        # Steadier than the wall clock on a shared machine (which also measures the others).
        print(f"CPU time to the first paint:   gui-script {paint_cpu['gui']:.1f} ms, "
              + (f"compared {paint_cpu['compare']:.1f} ms, " if "compare" in paint_cpu else "")
              + f"CLI gui {paint_cpu['cli']:.1f} ms, bare {paint_cpu['bare']:.1f} ms, "
              f"bare whole {paint_cpu['bare-whole']:.1f} ms (medians)")
        print(f"ratio CPU to first paint gui-script / bare first-paint widgets: "
              f"{paint_cpu['gui'] / paint_cpu['bare']:.2f}x")
    if resource is not None:
        cpu = {label: statistics.median(values) for label, values in CPU_TIMES.items()}
        # To exit: the app's includes what it does after the first paint (the other
        # groups, and on workers the keyring read and the address library's import).
        print(f"CPU time, whole process:       gui-script {cpu['gui'] * 1000:.1f} ms, "
              f"CLI gui {cpu['cli'] * 1000:.1f} ms, bare {cpu['bare'] * 1000:.1f} ms, "
              f"bare whole {cpu['bare-whole'] * 1000:.1f} ms (medians)")
    print(f"load average during the run:   {os.getloadavg()[0]:.1f}"
          if hasattr(os, "getloadavg") else "")


if __name__ == "__main__":
    main()
