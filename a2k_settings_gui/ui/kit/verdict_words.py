"""A check's verdict for the values shown, as one marked, coloured line (never colour
alone): the dialog's line of checks and the hand-over's recommended next checks."""

from __future__ import annotations

from html import escape
from typing import Any

from a2k_settings_gui.ui.kit.style import ERROR, GOOD, NEUTRAL, OK, SEVERITY, UNKNOWN


def verdict_html(verdict: Any, recommended: bool = False) -> str:
    """`verdict`: core.support.checked.Verdict. A recommended check not run yet says so."""
    tone, colour = {"passed": (GOOD, OK), "failed": (SEVERITY["error"], ERROR)}.get(
        verdict.status, (UNKNOWN, NEUTRAL))
    words = verdict.words
    if recommended and verdict.status == "not_checked":
        words += " (recommended next)"
    return f"<span style='color:{colour}'>{tone.mark_html} {escape(words)}</span>"
