"""A wizard page whose content may grow (findings, the Network settings opened): it scrolls
instead of squeezing its fields to nothing on a small screen (1366×768, 150 %)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


def scrolling_body(page: QWidget, object_name: str) -> tuple[QScrollArea, QVBoxLayout]:
    """(the scroll area, the layout to fill) for `page`."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea(page)
    scroll.setObjectName(object_name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields, not the frame
    body = QWidget()
    scroll.setWidget(body)
    outer.addWidget(scroll)
    return scroll, QVBoxLayout(body)
