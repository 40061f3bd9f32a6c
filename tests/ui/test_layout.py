"""Every window fits the laptop screens admins have, at the scaling Windows gives them,
with no text cut and nothing drawn over anything else.

For each screen below, one process (tests/ui/layout_probe.py) starts Qt with that screen
and QT_SCALE_FACTOR, drives every window through every state of
tests/ui/window_states.py (the same states tools/screenshots.py pictures for docs/)
against loopback servers, and measures each with tests/ui/layout_check.py: fits the
screen with title bar and taskbar, no label or button needs more room than it has, no
two sibling widgets overlap, unique Alt keys, every input labelled, no dead tab stops,
no developer words, one product name and one ellipsis.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENS = [
    # (device pixels, Windows scaling): what the issue measured on real laptops.
    pytest.param("1366x768", 1.0, id="1366x768-at-100"),
    pytest.param("1920x1080", 1.5, id="1920x1080-at-150"),
    pytest.param("2560x1440", 2.0, id="2560x1440-at-200"),
]


def probe(screen: str, scale: float, only: str = "") -> dict:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    command = [sys.executable, "-m", "tests.ui.layout_probe", "--screen", screen,
               "--scale", str(scale)] + (["--only", only] if only else [])
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert lines, f"the probe printed no report:\n{done.stderr[-3000:]}"
    return json.loads(lines[-1])


@pytest.mark.slow
@pytest.mark.timeout(320)
@pytest.mark.parametrize(("screen", "scale"), SCREENS)
def test_every_window_state_fits_and_reads_well(screen: str, scale: float) -> None:
    report = probe(screen, scale)
    width, height = (int(n) for n in screen.split("x"))
    assert report["logical"] == f"{round(width / scale)}x{round(height / scale)}"
    assert len(report["states"]) >= 20, sorted(report["states"])
    problems = [f"{state}: {problem}" for state, found in report["states"].items()
                for problem in found]
    assert not problems, "\n".join(problems)


def test_the_checks_catch_what_the_issue_saw(qtbot) -> None:
    """The checks can fail: a window wider than the screen, a label cut short, two
    widgets on top of each other, two Alt+T, an unlabelled box and a dead tab stop."""
    from PySide6.QtWidgets import (
        QDialog,
        QLabel,
        QLineEdit,
        QPushButton,
        QScrollArea,
        QVBoxLayout,
    )

    from tests.ui import layout_check

    window = QDialog()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    cut = QLabel("Sender Email ID is not a valid e-mail address, e.g. ar@yourcompany.com")
    layout.addWidget(cut)
    layout.addWidget(QPushButton("Send &Test Email…"))
    layout.addWidget(QLabel("Batch In&terval:"))
    window.findChildren(QLabel)[1].setBuddy(window.findChild(QPushButton))
    layout.addWidget(QLineEdit())
    layout.addWidget(QScrollArea())
    window.show()
    window.resize(5000, 300)
    cut.setFixedWidth(80)
    on_top = QPushButton("Save", window)
    on_top.setGeometry(cut.geometry())
    on_top.show()
    qtbot.wait(10)
    assert layout_check.fits_screen(window)
    assert any("text cut" in p for p in layout_check.clipped_texts(window))
    assert any("overlap" in p for p in layout_check.overlaps(window))
    assert layout_check.mnemonic_clashes(window) == [
        "Alt+T is both QPushButton “Send &Test Email…” and QLabel “Batch In&terval:”"]
    assert layout_check.unlabelled_inputs(window)
    assert layout_check.dead_tab_stops(window)


def test_the_new_checks_catch_cut_content_and_markup_shown_as_text(qtbot) -> None:
    """A table showing 4 of 6 rows with its scroll bar turned off, a warning whose last
    lines are cut inside a fixed page, and "&#10006;" printed as characters."""
    from PySide6 import QtCore
    from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QVBoxLayout

    from tests.ui import layout_check

    window = QDialog()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    table = QTableWidget(6, 2)
    table.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setFixedHeight(110)
    layout.addWidget(table)
    layout.addWidget(QLabel("&#10006; The DNS server 10.0.0.999 is not an IP address."))
    window.show()
    qtbot.wait(10)
    assert any("content cut" in p for p in layout_check.cut_without_scrollbar(window))
    assert any("markup as text" in p for p in layout_check.literal_markup(window))
    table.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    qtbot.wait(10)
    assert layout_check.cut_without_scrollbar(window) == []
