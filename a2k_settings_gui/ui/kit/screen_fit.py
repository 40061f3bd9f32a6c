"""Windows open at a size that fits the screen they are on.

A 1920×1080 laptop at 150 % is 1280×720 logical pixels; after the title bar and the
taskbar about 1260×630 is left for a window. Every window asks for its preferred size
through `fit_to_screen` and gets at most what the screen has; its contents scroll.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

# Title bar + resize border + taskbar on Windows 10/11, in logical pixels.
FRAME_HEIGHT = 90
FRAME_WIDTH = 20


def room_on_screen(window: QWidget) -> tuple[int, int]:
    """(width, height) a window's contents may take on its screen."""
    screen = window.screen()
    if screen is None:
        return 10_000, 10_000
    area = screen.availableGeometry()
    return area.width() - FRAME_WIDTH, area.height() - FRAME_HEIGHT


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to width × height, or less when the screen is smaller."""
    room_w, room_h = room_on_screen(window)
    window.resize(min(width, room_w), min(height, room_h))


def grow_within_screen(window: QWidget) -> None:
    """Grow to the layout's wish when new content appears, never past the screen and never
    shrinking what the admin sized."""
    layout = window.layout()
    if layout is not None:
        layout.activate()
    hint = window.sizeHint()
    room_w, room_h = room_on_screen(window)
    width = min(max(window.width(), hint.width()), room_w)
    height = min(max(window.height(), hint.height()), room_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
        keep_on_screen(window)


def keep_on_screen(window: QWidget) -> None:
    """Move a window that grew past the screen's edge back inside it, so that its
    buttons (Save, Cancel) stay reachable."""
    screen = window.screen()
    if screen is None or not window.isVisible():
        return
    area, frame = screen.availableGeometry(), window.frameGeometry()
    x = max(area.left(), min(frame.left(), area.right() + 1 - frame.width()))
    y = max(area.top(), min(frame.top(), area.bottom() + 1 - frame.height()))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)
