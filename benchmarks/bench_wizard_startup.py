"""First start: process start to the setup wizard's first paint, offscreen, beside a bare
QWizard with the same number of pages and the same widgets (Qt classes and counts).

    /work/venv/bin/python benchmarks/bench_wizard_startup.py [--runs 15]

The app is the installed gui-script entry (`ui.app:main`) with no settings file, so it
opens the wizard as on first start. The wizard paints its first page and builds the other
pages right after that paint (ui/wizard/lazy_pages.py): "complete" is the time until that
is done too. The baseline builds every page before it shows, as a plain QWizard script
does. Runs are interleaved; medians, and the children's CPU time.
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
from PySide6.QtWidgets import QWidget
from a2k_settings_gui.ui.app import application
from a2k_settings_gui.ui.wizard import SetupWizard
app = application()
wizard = SetupWizard(None)
getattr(wizard.pages, "build_rest", lambda: None)()  # (an older wizard builds all at once)
from PySide6.QtCore import QCoreApplication, QEvent
QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the stand-in pages
kinds = collections.Counter()
for widget in wizard.findChildren(QWidget):
    cls = next(c for c in type(widget).__mro__ if c.__module__.startswith("PySide6"))
    kinds[cls.__name__] += 1
print(json.dumps({"pages": len(wizard.pageIds()), "kinds": kinds}))
"""

BARE_WIZARD = r"""
import json, sys, time
from PySide6 import QtWidgets
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QPaintEvent
spec = json.loads(sys.argv[1])
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
        page, grid = pages[index % len(pages)]
        grid.addWidget(widget, index // 4, index % 4)
        index += 1
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if isinstance(event, QPaintEvent):
            wizard.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False
def report():
    print(f"shown-at {time.time():.6f}", flush=True)
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


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(first paint s, complete s, CPU s) of one process. Run from a temporary folder:
    `python -c` puts the working folder first on sys.path, and from the checkout that
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
    return (float(shown.split()[1]) - start, float(complete.split()[1]) - start,
            children_cpu() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
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
    app_cmd = [sys.executable, "-c",
               "import sys; from a2k_settings_gui.ui.app import main; sys.exit(main())"]
    bare_cmd = [sys.executable, "-c", BARE_WIZARD, spec]
    for command in (app_cmd, bare_cmd):
        run(command, env)  # warm the file cache
    rows: dict[str, list[tuple[float, float, float]]] = {"app": [], "bare": []}
    for number in range(args.runs):
        pairs = [("app", app_cmd), ("bare", bare_cmd)]
        for name, command in (pairs if number % 2 == 0 else pairs[::-1]):
            rows[name].append(run(command, env))

    def median(name: str, index: int) -> float:
        return statistics.median(r[index] for r in rows[name]) * 1000

    widgets = sum(counts["kinds"].values())
    print(f"wizard: {counts['pages']} pages, {widgets} widgets; {args.runs} runs each, "
          f"interleaved")
    print(f"setup wizard (gui-script), first paint: {median('app', 0):7.1f} ms; every page "
          f"built: {median('app', 1):7.1f} ms; CPU {median('app', 2):7.1f} ms")
    print(f"bare QWizard, same pages and widgets:   {median('bare', 0):7.1f} ms; "
          f"CPU {median('bare', 2):7.1f} ms")
    print(f"ratio first paint wizard / bare:        {median('app', 0) / median('bare', 0):.2f}x"
          f"  (goal <= 1.2x)")
    print(f"ratio every page built / bare:          {median('app', 1) / median('bare', 0):.2f}x")
    print(f"ratio CPU (whole process) wizard / bare: {median('app', 2) / median('bare', 2):.2f}x")
    if hasattr(os, "getloadavg"):
        print(f"load average: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
