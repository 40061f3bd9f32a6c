"""Why the windows of the start-up path never touch `Qt.*` before they are on screen.

PySide6 builds the Python enums of the whole `Qt` namespace (93 enums, about 1,200
members) the first time the name `Qt` is imported from QtCore or any one of its values is
made: about 45 ms, a quarter of what this app's own code adds to a bare PySide6 dialog's
start-up (docs/PERFORMANCE.md, benchmarks/bench_startup.py). So:
- modules write `QtCore.Qt.X` inside the function that needs it, never
  `from PySide6.QtCore import Qt` at the top: the bill is paid on first use, after the
  window is painted, if at all;
- the few settings the first window needs are made through Qt's property system with
  the enum's number (`set_no_focus`), which builds no Python enum.
tests/ui/test_start_up_path.py fails when opening the Email Setting dialog builds them again.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

NO_FOCUS = 0  # Qt::NoFocus (qnamespace.h); tests/ui/test_start_up_path.py compares
RICH_TEXT = 1  # Qt::RichText
SELECTABLE_BY_MOUSE = 1  # Qt::TextSelectableByMouse


def set_no_focus(widget: QWidget) -> None:
    """widget.setFocusPolicy(Qt.FocusPolicy.NoFocus), without building the Qt enums."""
    widget.setProperty("focusPolicy", NO_FOCUS)


def set_selectable_rich_text(label: QWidget) -> None:
    """label.setTextFormat(Qt.TextFormat.RichText) and
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse), without
    building the Qt enums (the wizard's first page is made of such notes)."""
    label.setProperty("textFormat", RICH_TEXT)
    label.setProperty("textInteractionFlags", SELECTABLE_BY_MOUSE)


def qt_enums_built() -> bool:
    """Whether PySide6 has built the `Qt` namespace's enums in this process yet (it puts
    `Qt` into QtCore's namespace then, not before)."""
    from PySide6 import QtCore

    return "Qt" in vars(QtCore)
