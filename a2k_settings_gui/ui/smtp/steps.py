"""The list of test steps with a tick, cross or spinner and the time each took.

Like Outlook's "Test Account Settings": every step of the conversation is listed up front
(grey circle), the running one spins, finished ones get a green tick or a red cross and
their time, steps a run never reached stay grey.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from a2k_settings_gui.core.smtp.result import STEP_LABELS, StepRecord
from a2k_settings_gui.ui.kit.style import ERROR as _RED
from a2k_settings_gui.ui.kit.style import INFO as _BLUE
from a2k_settings_gui.ui.kit.style import NEUTRAL as _GREY
from a2k_settings_gui.ui.kit.style import OK as _GREEN

_SIZE = 16


_DRAWN_AT = 2.0  # drawn for 200 % screens: sharp there, and smoothly reduced at 100 %


def _icon(color: str, width: float, draw: Callable[[QPainter], None]) -> QIcon:
    """A _SIZE-point icon drawn with one round-capped pen in `color`."""
    pixmap = QPixmap(round(_SIZE * _DRAWN_AT), round(_SIZE * _DRAWN_AT))
    pixmap.setDevicePixelRatio(_DRAWN_AT)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(color), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    draw(painter)
    painter.end()
    return QIcon(pixmap)


def _tick() -> QIcon:
    return _icon(_GREEN, 2.4, lambda p: p.drawPolyline([QPointF(3, 8.5), QPointF(6.5, 12),
                                                        QPointF(13, 4)]))


def _cross() -> QIcon:
    def draw(painter: QPainter) -> None:
        painter.drawLine(QPointF(4, 4), QPointF(12, 12))
        painter.drawLine(QPointF(12, 4), QPointF(4, 12))

    return _icon(_RED, 2.4, draw)


def _circle(color: str = _GREY) -> QIcon:
    return _icon(color, 1.5, lambda p: p.drawEllipse(QRectF(3, 3, 10, 10)))


def _dash() -> QIcon:
    return _icon(_GREY, 2, lambda p: p.drawLine(QPointF(4, 8), QPointF(12, 8)))


def _spinner_frame(angle: int) -> QIcon:
    return _icon(_BLUE, 2.2, lambda p: p.drawArc(QRectF(2.5, 2.5, 11, 11), -angle * 16,
                                                 270 * 16))


class StepList(QTreeWidget):
    """Rows keyed by step name; `set_plan()` lists them, `update_step()` marks one."""

    COLUMN_STEP, COLUMN_TIME, COLUMN_DETAIL = 0, 1, 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps")
        self.setColumnCount(3)
        self.setHeaderLabels(["Step", "Time", "Details"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.header()
        header.setSectionResizeMode(self.COLUMN_STEP, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COLUMN_TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._icons = {"ok": _tick(), "failed": _cross(), "pending": _circle(),
                       "skipped": _dash()}
        self._frames = [_spinner_frame(angle) for angle in range(0, 360, 45)]
        self._frame = 0
        self._rows: dict[str, QTreeWidgetItem] = {}
        self._statuses: dict[str, str] = {}
        self._spin = QTimer(self)
        self._spin.setInterval(90)
        self._spin.timeout.connect(self._on_spin_timeout)

    def set_plan(self, names: list[str], keep: tuple[str, ...] = ()) -> None:
        """List `names` as pending. Rows named in `keep` that already ran keep their mark,
        in their place (Auto's second attempt does not find the server again)."""
        kept: dict[str, QTreeWidgetItem] = {}
        for name in keep:
            if name in self._rows and self._statuses.get(name) not in ("pending", None):
                # Taken out of the list before clear() deletes the rest.
                kept[name] = self.takeTopLevelItem(self.indexOfTopLevelItem(self._rows[name]))
        kept_status = {name: self._statuses[name] for name in kept}
        self.clear()
        self._rows.clear()
        self._statuses.clear()
        for name in names:
            if name in kept:
                item = kept[name]
                self._statuses[name] = kept_status[name]
            else:
                item = QTreeWidgetItem([STEP_LABELS.get(name, name), "", ""])
                item.setIcon(self.COLUMN_STEP, self._icons["pending"])
                item.setTextAlignment(self.COLUMN_TIME, Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
                item.setForeground(self.COLUMN_STEP, QColor(_GREY))
                self._statuses[name] = "pending"
            self.addTopLevelItem(item)
            self._rows[name] = item
        self._fit_height()

    def _fit_height(self) -> None:
        """Show every step without a scroll bar: the list is short and must stay visible
        when the transcript below is opened."""
        rows = max(1, self.topLevelItemCount())
        row_height = self.sizeHintForRow(0)
        if row_height <= 0:  # no font metrics yet
            row_height = _SIZE + 4
        self.setFixedHeight(self.header().sizeHint().height() + rows * row_height
                            + 2 * self.frameWidth() + 2)

    def update_step(self, step: StepRecord) -> None:
        item = self._rows.get(step.name)
        if item is None:  # a step the plan did not foresee: add it at the end
            item = QTreeWidgetItem([step.label, "", ""])
            self.addTopLevelItem(item)
            self._rows[step.name] = item
            self._fit_height()
        self._statuses[step.name] = step.status
        item.setForeground(self.COLUMN_STEP, self.palette().text().color())
        if step.status == "running":
            item.setIcon(self.COLUMN_STEP, self._frames[self._frame])
            item.setText(self.COLUMN_TIME, "")
            if not self._spin.isActive():
                self._spin.start()
            return
        item.setIcon(self.COLUMN_STEP, self._icons.get(step.status, self._icons["pending"]))
        item.setText(self.COLUMN_TIME, _ms(step.elapsed_ms))
        item.setText(self.COLUMN_DETAIL, step.detail if step.status != "failed" else "")
        item.setToolTip(self.COLUMN_DETAIL, step.detail)
        if step.status == "failed":
            item.setForeground(self.COLUMN_STEP, QColor(_RED))
        if "running" not in self._statuses.values():
            self._spin.stop()

    def stop(self) -> None:
        """The run ended (or was cancelled): no row keeps spinning."""
        self._spin.stop()
        for name, status in self._statuses.items():
            if status == "running":
                self._rows[name].setIcon(self.COLUMN_STEP, self._icons["pending"])
                self._statuses[name] = "pending"

    def status_of(self, name: str) -> str:
        return self._statuses.get(name, "")

    def _on_spin_timeout(self) -> None:
        self._frame = (self._frame + 1) % len(self._frames)
        for name, status in self._statuses.items():
            if status == "running":
                self._rows[name].setIcon(self.COLUMN_STEP, self._frames[self._frame])


def _ms(elapsed_ms: int) -> str:
    return f"{elapsed_ms} ms" if elapsed_ms < 10_000 else f"{elapsed_ms / 1000:.1f} s"
