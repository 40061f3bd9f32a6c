"""First start: process start to the setup wizard's first paint, offscreen, beside bare
QWizards with the same number of pages and the same widgets (Qt classes and counts).

    /work/venv/bin/python benchmarks/bench_wizard_startup.py [--runs 15]

The app is the installed gui-script entry (`gui_script:main`) with no settings file, so it
opens the wizard as on first start. The wizard paints its first page and builds the other
pages right after that paint (ui/wizard/lazy_pages.py): "complete" is the time until that
is done too. Two baselines, counted from the wizard itself:
- "bare, whole wizard": every page's widgets, built before it shows, as a plain QWizard
  script does (the issue's measure);
- "bare, first-paint widgets": the widgets the wizard holds at its first paint (the first
  page's; the other pages are empty until then), on the same number of pages.
Only widgets on our pages are counted: QWizard's own buttons and title labels, and the
children a scroll area, spin box or combo box makes for itself, are made by the
baseline's QWizard and widgets of the same class too (until 2026-12-07 they were counted
and built again, so the baseline held about 50 widgets more than the wizard).
Runs are interleaved; medians, and the CPU time at the first paint.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

COUNT_WIZARD = r"""
import collections, json, sys
from PySide6.QtWidgets import (QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget,
                               QWizardPage)
from a2k_settings_gui.ui.app import application
from a2k_settings_gui.ui.wizard import SetupWizard
app = application()
wizard = SetupWizard(None)

def ours(widget):
    # On one of our pages, and not a child Qt makes for a widget itself (the baseline's
    # widget of the same class makes it too); what a scroll area scrolls is ours.
    parent, on_page = widget.parentWidget(), isinstance(widget, QWizardPage)
    while parent is not None and parent is not wizard:
        if isinstance(parent, (QAbstractSpinBox, QComboBox)):
            return False
        if isinstance(parent, QAbstractScrollArea):
            content = parent.widget() if hasattr(parent, "widget") else None
            if content is None or not (content is widget or content.isAncestorOf(widget)):
                return False
        on_page = on_page or isinstance(parent, QWizardPage)
        parent = parent.parentWidget()
    return on_page

def kinds():
    counted = collections.Counter()
    for widget in wizard.findChildren(QWidget):
        if ours(widget) and not isinstance(widget, QWizardPage):
            cls = next(c for c in type(widget).__mro__ if c.__module__.startswith("PySide6"))
            counted[cls.__name__] += 1
    return counted

first_paint = kinds()  # the first page built, the others empty stand-ins
getattr(wizard.pages, "build_rest", lambda: None)()  # (an older wizard builds all at once)
from PySide6.QtCore import QCoreApplication, QEvent
QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the stand-in pages
print(json.dumps({"pages": len(wizard.pageIds()), "first_paint": first_paint,
                  "kinds": kinds()}))
"""

BARE_WIZARD = r"""
import json, sys, time
from PySide6 import QtWidgets
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QPaintEvent
spec = json.loads(sys.argv[1])
only_first = len(sys.argv) > 2 and sys.argv[2] == "first-page"
app = QtWidgets.QApplication(sys.argv[:1])
wizard = QtWidgets.QWizard()
wizard.setWizardStyle(QtWidgets.QWizard.WizardStyle.ClassicStyle)
pages = []
for number in range(spec["pages"]):
    page = QtWidgets.QWizardPage()
    page.setTitle(f"Page {number}")
    pages.append((page, QtWidgets.QGridLayout(page)))
    wizard.addPage(page)
index = 0
skip = {"QWizard", "QWizardPage", "QDialog"}
for name, count in spec["kinds"].items():
    cls = getattr(QtWidgets, name, None)
    if cls is None or name in skip:
        continue
    for _ in range(count):
        try:
            widget = cls()
        except (TypeError, NotImplementedError):
            continue
        if name in ("QLabel", "QPushButton", "QCheckBox", "QRadioButton"):
            widget.setText(f"{name} {index}")
        elif name == "QComboBox":  # the app's have items, so a popup list
            widget.addItems(["one", "two"])
        page, grid = pages[0 if only_first else index % len(pages)]
        grid.addWidget(widget, index // 4, index % 4)
        index += 1
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if isinstance(event, QPaintEvent):
            wizard.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False
def report():
    print(f"shown-at {time.time():.6f} cpu={time.process_time():.6f}", flush=True)
    app.exit(0)
first_paint = FirstPaint()
wizard.installEventFilter(first_paint)
wizard.show()
app.exec()
"""


def children_cpu() -> float:
    if resource is None:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """(first paint s, complete s, CPU s to exit, CPU s at the first paint) of one
    process. Run from a temporary folder: `python -c` puts the working folder first on
    sys.path, and from the checkout that
    would import its source instead of the installed package."""
    cpu = children_cpu()
    start = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120,
                          cwd=tempfile.gettempdir())
    lines = done.stdout.splitlines()
    shown = next((ln for ln in lines if ln.startswith("shown-at ")), None)
    if shown is None:
        raise SystemExit(f"{command[:3]} showed no window:\n{done.stderr[-2000:]}")
    complete = next((ln for ln in lines if ln.startswith("complete-at ")), shown)
    # The CPU time the process had used at its first paint (steadier than the wall clock
    # on a shared machine); a wizard from before 2026-12-07 does not report it.
    paint_cpu = next((float(w.removeprefix("cpu=")) for w in shown.split()
                      if w.startswith("cpu=")), float("nan"))
    return (float(shown.split()[1]) - start, float(complete.split()[1]) - start,
            children_cpu() - cpu, paint_cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--compare-python", type=Path, default=None,
                        help="another installation's python (e.g. main's venv): its wizard "
                             "runs in the same rounds")
    args = parser.parse_args()
    temp = Path(tempfile.mkdtemp(prefix="a2k-bench-"))
    # No PYTHONPATH: the installed package runs, not the checkout.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", A2K_QUIT_AFTER_SHOWN="1",
               PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
               XDG_DATA_HOME=str(temp), XDG_STATE_HOME=str(temp),
               A2K_EMAIL_SETTINGS_CONFIG=str(temp / "no-settings-yet.json"))
    env.pop("PYTHONPATH", None)
    spec = subprocess.run([sys.executable, "-c", COUNT_WIZARD], capture_output=True,
                          text=True, env=env, check=True, cwd=temp).stdout.splitlines()[-1]
    counts = json.loads(spec)
    first_spec = json.dumps({"pages": counts["pages"], "kinds": counts["first_paint"]})
    app_cmd = [sys.executable, "-c",
               "import sys; from a2k_settings_gui.gui_script import main; sys.exit(main())"]
    commands = {"app": app_cmd,
                "bare": [sys.executable, "-c", BARE_WIZARD, spec],
                "bare-first": [sys.executable, "-c", BARE_WIZARD, first_spec, "first-page"]}
    if args.compare_python:
        commands["compare"] = [str(args.compare_python), "-c", app_cmd[-1]]
    for command in commands.values():
        run(command, env)  # warm the file cache
    rows: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in commands}
    names = list(commands)
    for number in range(args.runs):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            rows[name].append(run(commands[name], env))

    def median(name: str, index: int) -> float:
        return statistics.median(r[index] for r in rows[name]) * 1000

    widgets = sum(counts["kinds"].values())
    first = sum(counts["first_paint"].values())
    print(f"wizard: {counts['pages']} pages, {widgets} widgets on them ({first} at the first "
          f"paint); {args.runs} runs each, interleaved")
    print(f"  whole: {json.dumps(counts['kinds'])}")
    print(f"  first paint: {json.dumps(counts['first_paint'])}")
    print(f"setup wizard (gui-script), first paint: {median('app', 0):7.1f} ms; every page "
          f"built: {median('app', 1):7.1f} ms; CPU at the first paint {median('app', 3):7.1f} ms")
    if args.compare_python:
        print(f"  --compare-python, first paint:        {median('compare', 0):7.1f} ms")
    print(f"bare QWizard, whole wizard's widgets:   {median('bare', 0):7.1f} ms; "
          f"CPU at the first paint {median('bare', 3):7.1f} ms")
    print(f"bare QWizard, first-paint widgets:      {median('bare-first', 0):7.1f} ms; "
          f"CPU at the first paint {median('bare-first', 3):7.1f} ms")
    for label, base in (("whole wizard", "bare"), ("first-paint widgets", "bare-first")):
        print(f"ratio first paint wizard / bare {label}: "
              f"{median('app', 0) / median(base, 0):.2f}x wall, "
              f"{median('app', 3) / median(base, 3):.2f}x CPU  (goal <= 1.2x)")
    if args.compare_python:
        print(f"ratio --compare-python / bare whole wizard: "
              f"{median('compare', 0) / median('bare', 0):.2f}x wall")
    print(f"ratio every page built / bare whole:    {median('app', 1) / median('bare', 0):.2f}x")
    if hasattr(os, "getloadavg"):
        print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
