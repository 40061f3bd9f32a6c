""""Check every day at [07:30]": the daily run's switch and time, shared by the Health
window and the setup wizard's last page. Registering runs on a worker (it starts the OS's
scheduler tool); `register_schedule` is that worker's call."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QTimeEdit, QWidget

from a2k_settings_gui.core.health.schedule import DEFAULT_TIME


class ScheduleRow(QWidget):
    """Signals: changed(): the switch or the time was changed by the admin."""

    changed = Signal()

    def __init__(self, on: bool = False, at: str = DEFAULT_TIME,
                 text: str = "Check every &day at", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.daily = QCheckBox(text)
        self.daily.setObjectName("daily_check")
        self.daily.setToolTip("Re-check the saved settings every day with this computer's "
                              "own scheduler (no admin rights needed); a new problem shows "
                              "a notification.")
        self.time = QTimeEdit()
        self.time.setObjectName("daily_time")
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName("Time of the daily check")
        self.set_value(on, at)
        layout.addWidget(self.daily)
        layout.addWidget(self.time)
        layout.addStretch(1)
        self.daily.toggled.connect(self._on_daily_toggled)
        self.time.timeChanged.connect(lambda _t: self.changed.emit())

    def set_value(self, on: bool, at: str) -> None:
        hour, minute = (int(part) for part in at.split(":"))
        self.daily.setChecked(on)
        self.time.setTime(QTime(hour, minute))
        self.time.setEnabled(on)

    def value(self) -> tuple[bool, str]:
        return self.daily.isChecked(), self.time.time().toString("HH:mm")

    def _on_daily_toggled(self, on: bool) -> None:
        self.time.setEnabled(on)
        self.changed.emit()


def register_schedule(on: bool, at: str, config: Path | None = None) -> str:
    """Register (or remove) the daily run; returns the sentence to show. Raises
    ScheduleError with the cause. Worker threads only: it runs the scheduler's tool."""
    from a2k_settings_gui.core.health import schedule

    system = schedule.detect_system()
    current = schedule.read_crontab() if system == "crontab" else ""
    plan = schedule.plan_schedule("daily" if on else "off", at, system=system,
                                  program=schedule.health_program(config, system=system),
                                  current_crontab=current)
    schedule.apply_plan(plan)
    where = schedule.SYSTEM_LABELS[system]
    return (f"The health check runs every day at {at} ({where})." if on
            else f"The daily health check is off ({where}).")
