"""The Health window: is A2000ERP's e-mail still going to work?

Top: Check now and Stop, with the step list (one line per check). Middle: the history
picture (ui/health/grid.py: the last 60 runs) and what changed between runs, in plain
words. Bottom: the daily schedule. The run and the schedule's registration go through
ui.kit.worker tasks; closing the window stops a running check.

The history is read on open, on the GUI thread: one indexed query for the last 60 runs
(benchmarks/bench_health.py measures the window opening on 10,000 recorded runs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from a2k_settings_gui.core.health.history import HealthHistory, HistoryError
from a2k_settings_gui.core.health.model import CHECK_LABELS, HealthRun
from a2k_settings_gui.core.health.schedule import load_state
from a2k_settings_gui.ui.health.grid import MAX_RUNS, HistoryGrid, local_time
from a2k_settings_gui.ui.health.schedule_row import ScheduleRow, register_schedule
from a2k_settings_gui.ui.health.steps import StepList
from a2k_settings_gui.ui.kit.admin_words import plain_words
from a2k_settings_gui.ui.kit.form_fields import busy_spinner, window_buttons
from a2k_settings_gui.ui.kit.screen_fit import fit_to_screen
from a2k_settings_gui.ui.kit.worker import CurrentTask, TaskGroup

CHANGE_WORDS = {"new": "New problem", "resolved": "Fixed", "changed": "Changed"}
MAX_CHANGES = 100


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def change_lines(runs: list[HealthRun]) -> list[str]:
    """Every change of `runs` (newest first), as a line an admin reads."""
    lines = []
    for run in runs:
        for change in run.changes:
            check = CHECK_LABELS.get(change.check, change.check)
            lines.append(f"{local_time(run)}  {CHANGE_WORDS.get(change.kind, change.kind)} "
                         f"({check}): {plain_words(change.message)}")
    return lines[:MAX_CHANGES]


class HealthWindow(QDialog):
    """Attributes: runs: the recorded runs shown, newest first; task: the latest check."""

    def __init__(self, store: Any, parent: QWidget | None = None,
                 history: HealthHistory | None = None, timeout: float = 20.0,
                 state_folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("health_window")
        self.setWindowTitle("Health watch")
        self.store = store
        self.history = history or HealthHistory()
        self.timeout = timeout
        self._check = CurrentTask(self)
        self._tasks = TaskGroup(self)
        self.task: Any = None
        self.runs: list[HealthRun] = []

        outer = QVBoxLayout(self)
        outer.addWidget(_label(
            "Re-checks the saved settings the way A2000ERP will use them, without sending "
            "anything: the sign-in, the server's certificate, the domain's DNS records, the "
            "logo and announced provider changes. Each check is recorded, so a change shows "
            "up here before customers notice.", "health_intro"))

        row = QHBoxLayout()
        self.busy = busy_spinner("health_busy")
        row.addWidget(self.busy)
        self.status = _label("", "health_status")
        row.addWidget(self.status, 1)
        self.check_button = QPushButton("Check &now")
        self.check_button.setObjectName("check_now_button")
        self.check_button.clicked.connect(self.start_check)
        self.stop_button = QPushButton("S&top")
        self.stop_button.setObjectName("stop_button")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop_check)
        row.addWidget(self.check_button)
        row.addWidget(self.stop_button)
        outer.addLayout(row)
        self.steps = StepList()
        outer.addWidget(self.steps)

        history_box = QGroupBox(f"History (the last {MAX_RUNS} checks, newest on the right)")
        history_layout = QVBoxLayout(history_box)
        self.grid = HistoryGrid()
        history_layout.addWidget(self.grid)
        history_layout.addWidget(_label(
            "✔ OK   ⚠ warning   ✖ problem   ○ not checked. Point at a square for what that "
            "check found.", "health_legend"))
        outer.addWidget(history_box)

        changes_caption = QLabel("What c&hanged between checks:")
        self.changes = QListWidget()
        self.changes.setObjectName("health_changes")
        self.changes.setWordWrap(True)
        self.changes.setAlternatingRowColors(True)
        changes_caption.setBuddy(self.changes)
        outer.addWidget(changes_caption)
        outer.addWidget(self.changes, 1)

        schedule_box = QGroupBox("Daily check")
        schedule_layout = QHBoxLayout(schedule_box)
        on, at = load_state(state_folder)
        self.schedule = ScheduleRow(on, at)
        self.schedule_button = QPushButton("&Save schedule")
        self.schedule_button.setObjectName("save_schedule_button")
        self.schedule_button.setToolTip("Register the daily check with this computer's "
                                        "scheduler (or remove it)")
        self.schedule_button.clicked.connect(self.save_schedule)
        self.schedule_status = _label("", "schedule_status")
        schedule_layout.addWidget(self.schedule)
        schedule_layout.addWidget(self.schedule_button)
        schedule_layout.addWidget(self.schedule_status, 1)
        outer.addWidget(schedule_box)

        self.copy_button = QPushButton("Copy &report")
        self.copy_button.setObjectName("copy_report_button")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        outer.addLayout(window_buttons(self, "health", self.copy_button))
        fit_to_screen(self, 1000, 700)
        self.load_history()

    # ------------------------------------------------------------ history
    def load_history(self) -> None:
        try:
            self.runs = self.history.recent(MAX_RUNS)
        except (HistoryError, OSError) as exc:
            self.runs = []
            self.status.setText(f"The history cannot be shown: {exc}")
        self._show_runs()
        if self.history.notes:
            self.status.setText(plain_words(self.history.notes[-1].message))

    def _show_runs(self) -> None:
        self.grid.set_runs(self.runs)
        self.changes.clear()
        lines = change_lines(self.runs)
        self.changes.addItems(lines or ["No change between the recorded checks yet."])
        if self.runs:
            latest = self.runs[0]
            self.steps.show_run(latest.checks)
            verdict = "all good" if latest.ok else "a problem needs fixing"
            self.status.setText(f"Last checked {local_time(latest)}: {verdict}.")
        else:
            self.steps.reset("not checked yet")
            self.status.setText("No check recorded yet: press Check now.")
        self.copy_button.setEnabled(bool(self.runs))

    # ------------------------------------------------------------ running
    def start_check(self) -> None:
        if self._check.running:
            return
        from a2k_settings_gui.core.health import watch

        store, history, timeout = self.store, self.history, self.timeout

        def health_check(cancel, progress):  # noqa: ANN001, ANN202 - Task's signature
            from a2k_settings_gui.core import secrets

            settings = store.load().settings
            try:
                password = secrets.get_password(settings.effective_login) or ""
            except secrets.KeyringUnavailable:
                password = ""
            return watch(settings, password, history=history, timeout=timeout,
                         cancel=cancel, progress=progress)

        self.steps.reset()
        self.task = self._check.start(health_check, self._on_done, self._on_failed,
                                      self._on_progress, self._on_finished)
        self.check_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.busy.show()
        self.status.setText("Checking the saved settings (nothing is sent)…")

    def stop_check(self) -> None:
        if self._check.cancel():
            self.status.setText("Stopped; nothing was recorded. Press Check now to check "
                                "again.")
            self.steps.reset("stopped")
            self._on_finished()

    def _on_progress(self, event: object) -> None:
        from a2k_settings_gui.core.health import CheckFinished, CheckStarted

        if isinstance(event, CheckStarted):
            self.steps.started(event.name)
        elif isinstance(event, CheckFinished):
            self.steps.finished(event.result)

    def _on_done(self, run: HealthRun) -> None:
        self.runs = [run, *self.runs][:MAX_RUNS]
        self._show_runs()
        new = [c for c in run.changes if c.kind == "new"]
        if new:
            self.status.setText(f"{len(new)} new problem{'s' if len(new) != 1 else ''} since "
                                f"the last check: {plain_words(new[0].message)}")

    def _on_failed(self, exc: object) -> None:
        self.status.setText(f"The check could not run: {plain_words(str(exc))}")

    def _on_finished(self) -> None:
        self.busy.hide()
        self.check_button.setEnabled(True)
        self.stop_button.setEnabled(False)

    # ------------------------------------------------------------ schedule
    def save_schedule(self) -> None:
        on, at = self.schedule.value()
        from a2k_settings_gui.core.store import default_config_path

        # The daily run checks this window's settings file; the usual one needs no option.
        path = getattr(self.store, "path", None)
        config = path if path is not None and Path(path) != default_config_path() else None
        self.schedule_button.setEnabled(False)
        self.schedule_status.setText("Registering…" if on else "Removing…")
        self._tasks.run(lambda _c, _p: register_schedule(on, at, config),
                        self._on_schedule_saved, self._on_schedule_failed)

    def _on_schedule_saved(self, sentence: str) -> None:
        self.schedule_button.setEnabled(True)
        self.schedule_status.setText(sentence)

    def _on_schedule_failed(self, exc: object) -> None:
        self.schedule_button.setEnabled(True)
        self.schedule_status.setText(f"Not changed: {plain_words(str(exc))}")

    # ------------------------------------------------------------ closing, copying
    def done(self, result: int) -> None:
        # Close, Esc and close() all end here: a running check stops with the window.
        self._check.cancel()
        self._tasks.cancel_all()
        super().done(result)

    def report_text(self) -> str:
        lines = ["A2000ERP Email Setting: health watch"]
        for run in self.runs[:10]:
            statuses = ", ".join(f"{CHECK_LABELS[c.name]} {c.status}" for c in run.checks)
            lines.append(f"{local_time(run)}: {statuses}")
        lines += ["", "Changes:", *change_lines(self.runs)]
        return "\n".join(lines)

    def _on_copy_button_clicked(self) -> None:
        from a2k_settings_gui.ui.kit.finding_view import copy_to_clipboard

        copy_to_clipboard(self.report_text())
        self.copy_button.setText("Copied ✔")
