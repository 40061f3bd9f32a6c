"""The history picture: one row per check, one cell per run (oldest left, newest right).

Each cell has its status's colour and mark (✔ ⚠ ✖ ○), so it reads without colour too;
hovering a cell shows that run's time and the check's findings. Painted in one pass: 60
runs x 5 checks is 300 rectangles, far cheaper than 300 widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from a2k_settings_gui.core.health.model import CHECK_LABELS, CHECK_NAMES, HealthRun
from a2k_settings_gui.ui.kit.style import GOOD, SEVERITY, UNKNOWN, Tone

STATUS_TONES: dict[str, Tone] = {"ok": GOOD, "warning": SEVERITY["warning"],
                                 "error": SEVERITY["error"], "skipped": UNKNOWN}
STATUS_WORDS = {"ok": "OK", "warning": "Warning", "error": "Problem", "skipped": "Not checked"}
MAX_RUNS = 60
CELL_W, CELL_H, GAP = 14, 22, 2


def local_time(run: HealthRun) -> str:
    return run.at.astimezone().strftime("%d %b %Y %H:%M")


class HistoryGrid(QWidget):
    """Attributes: runs: the runs shown, oldest first (at most MAX_RUNS)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("health_grid")
        self.runs: list[HealthRun] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("History of the health checks")
        self._label_width = max(self.fontMetrics().horizontalAdvance(text)
                                for text in CHECK_LABELS.values()) + 12

    def set_runs(self, newest_first: list[HealthRun]) -> None:
        self.runs = list(reversed(newest_first[:MAX_RUNS]))
        self.setAccessibleDescription(self.summary())
        self.updateGeometry()
        self.update()

    def summary(self) -> str:
        """The picture in words (screen readers, tests)."""
        if not self.runs:
            return "No check has been recorded yet."
        latest = self.runs[-1]
        parts = [f"{CHECK_LABELS[c.name]} {STATUS_WORDS[c.status]}" for c in latest.checks]
        return f"{len(self.runs)} runs shown; latest {local_time(latest)}: " + ", ".join(parts)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._label_width + MAX_RUNS * (CELL_W + GAP),
                     len(CHECK_NAMES) * (CELL_H + GAP) + GAP)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self._label_width + 20 * (CELL_W + GAP), self.sizeHint().height())

    def _columns(self) -> int:
        return max(1, (self.width() - self._label_width) // (CELL_W + GAP))

    def _visible_runs(self) -> list[HealthRun]:
        return self.runs[-self._columns():]

    def cell_rect(self, column: int, row: int) -> QRect:
        return QRect(self._label_width + column * (CELL_W + GAP), GAP + row * (CELL_H + GAP),
                     CELL_W, CELL_H)

    def paintEvent(self, _event: object) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        text_colour = self.palette().windowText().color()
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        for row, name in enumerate(CHECK_NAMES):
            painter.setPen(text_colour)
            painter.setFont(self.font())
            band = QRect(0, GAP + row * (CELL_H + GAP), self._label_width - 6, CELL_H)
            painter.drawText(band, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             CHECK_LABELS[name])
            painter.setFont(small)
            for column, run in enumerate(self._visible_runs()):
                check = run.check(name)
                tone = STATUS_TONES[check.status if check else "skipped"]
                rect = self.cell_rect(column, row)
                painter.fillRect(rect, QColor(tone.tint))
                painter.setPen(QPen(QColor(tone.colour)))
                painter.drawRect(rect.adjusted(0, 0, -1, -1))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tone.mark)
        painter.end()

    def cell_at(self, point: QPoint) -> tuple[HealthRun, str] | None:
        for column, run in enumerate(self._visible_runs()):
            for row, name in enumerate(CHECK_NAMES):
                if self.cell_rect(column, row).contains(point):
                    return run, name
        return None

    def tooltip_for(self, run: HealthRun, name: str) -> str:
        check = run.check(name)
        status = STATUS_WORDS[check.status] if check else "Not checked"
        lines = [f"{CHECK_LABELS[name]}, {local_time(run)}: {status}"]
        if check:
            lines += [f"{STATUS_TONES.get(f.severity, GOOD).mark if f.severity != 'info' else '•'}"
                      f" {f.message}" for f in check.findings]
        return "\n".join(lines)

    def event(self, event: object) -> bool:
        from PySide6.QtCore import QEvent

        if getattr(event, "type", lambda: None)() == QEvent.Type.ToolTip:
            found = self.cell_at(event.pos())  # type: ignore[attr-defined]
            if found:
                QToolTip.showText(event.globalPos(), self.tooltip_for(*found), self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
