"""One palette for every window, and one way to say how serious something is.

Every window (the Email Setting dialog, Send Test Email, the logo panel, Check Domain,
the setup wizard) takes its colours and its severity words and marks from here, so a
problem looks and reads the same wherever it appears. A status is never told by colour
alone: each tone has a mark (✖ ⚠ ℹ ✔) and a word beside its colour, for colour-blind
admins and for screen readers.

Colours are set through the widget palette where possible (`set_text_color`, `paint`):
a style sheet switches a widget to Qt's slower style-sheet style and costs start-up time
in the dialog (docs/PERFORMANCE.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

# Text colours: each has at least 4.5:1 contrast on white and on its own tint (WCAG AA).
ERROR = "#b00020"
WARNING = "#8a5300"
INFO = "#0d47a1"
OK = "#1b5e20"
HELP = "#555555"
NEUTRAL = "#757575"
# Backgrounds that go with them (badges, result frames, boxes).
ERROR_TINT = "#fde7ea"
WARNING_TINT = "#fff4e0"
INFO_TINT = "#e3f2fd"
OK_TINT = "#e8f5e9"
NEUTRAL_TINT = "#eeeeee"
# Borders of a tinted box: lighter than the text colour so the box does not shout.
WARNING_BORDER = "#f0b429"
INFO_BORDER = "#9db4d9"
OK_BORDER = "#9cc79f"
DASHED_FRAME = "#9e9e9e"
MONO_FONT = "font-family: Consolas, 'DejaVu Sans Mono', monospace;"


@dataclass(frozen=True)
class Tone:
    """How one level of seriousness is shown: colour, background, mark and word."""

    colour: str
    tint: str
    mark: str
    word: str

    @property
    def mark_html(self) -> str:
        return f"&#{ord(self.mark)};"


SEVERITY: dict[str, Tone] = {
    "error": Tone(ERROR, ERROR_TINT, "\u2716", "Problem"),
    "warning": Tone(WARNING, WARNING_TINT, "\u26a0", "Warning"),
    "info": Tone(INFO, INFO_TINT, "\u2139", "Note"),
}
GOOD = Tone(OK, OK_TINT, "\u2714", "OK")
UNKNOWN = Tone(NEUTRAL, NEUTRAL_TINT, "\u25cb", "Unknown")
# The one phrase that introduces what the admin should do, in every window and the CLI.
FIX_WORD = "Fix"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# Style sheets used only while a state lasts (see the module docstring).
INVALID_EDIT_STYLE = f"border: 1px solid {ERROR}; border-radius: 2px; padding: 1px;"
BANNER_STYLE = (f"background: {WARNING_TINT}; border: 1px solid {WARNING_BORDER}; "
                f"padding: 6px; color: {WARNING};")


def tone_for(severity: str) -> Tone:
    return SEVERITY.get(severity, SEVERITY["info"])


def text_style(colour: str) -> str:
    return f"color: {colour};"


def box_style(tone: Tone, border: str) -> str:
    """A tinted box around a note (wizard hints, the privacy promise)."""
    return f"background: {tone.tint}; border: 1px solid {border}; padding: 8px; " \
           f"color: {tone.colour};"


def badge_style(tone: Tone) -> str:
    """A rounded badge with a word in it (the logo verdict)."""
    return (f"color: {tone.colour}; background: {tone.tint}; border: 1px solid {tone.colour};"
            " border-radius: 8px; padding: 2px 10px; font-weight: bold;")


def frame_style(object_name: str, tone: Tone) -> str:
    """A tinted frame around a result (Send Test Email's outcome)."""
    return (f"QFrame#{object_name} {{ border: 1px solid {tone.colour}; border-radius: 4px;"
            f" background: {tone.tint}; }} QLabel {{ background: transparent; }}")


def set_text_color(widget: QWidget, color: str) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
    widget.setPalette(palette)


def paint(widget: QWidget, foreground: str = "", background: str = "") -> None:
    """Colours through the palette: unlike a style sheet, no switch to the slower style."""
    palette = widget.palette()
    if foreground:
        palette.setColor(widget.foregroundRole(), QColor(foreground))
    if background:
        palette.setColor(widget.backgroundRole(), QColor(background))
        widget.setAutoFillBackground(True)
    widget.setPalette(palette)
