"""The step list of a health run: one line per check with its mark and its first words,
waiting, running or done (what Check now shows while it runs, and the latest result)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from a2k_settings_gui.core.health.model import CHECK_LABELS, CHECK_NAMES, CheckResult
from a2k_settings_gui.ui.health.grid import STATUS_TONES, STATUS_WORDS
from a2k_settings_gui.ui.kit.admin_words import plain_words
from a2k_settings_gui.ui.kit.style import NEUTRAL, set_text_color

# ▶ running, • waiting: both in every font Windows and Linux ship (⌛ is not).
RUNNING_MARK, WAITING_MARK = "\u25b6", "\u2022"


class StepList(QWidget):
    """Attributes: marks, texts: the labels per check name (tests read them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("health_steps")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.marks: dict[str, QLabel] = {}
        self.texts: dict[str, QLabel] = {}
        for row, name in enumerate(CHECK_NAMES):
            mark, caption, text = QLabel(WAITING_MARK), QLabel(CHECK_LABELS[name]), QLabel("")
            mark.setObjectName(f"step_mark_{name}")
            text.setObjectName(f"step_text_{name}")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            caption.setMinimumWidth(caption.sizeHint().width())
            grid.addWidget(mark, row, 0)
            grid.addWidget(caption, row, 1)
            grid.addWidget(text, row, 2)
            self.marks[name], self.texts[name] = mark, text
        grid.setColumnStretch(2, 1)

    def reset(self, text: str = "waiting") -> None:
        for name in CHECK_NAMES:
            self.marks[name].setText(WAITING_MARK)
            set_text_color(self.marks[name], NEUTRAL)
            self.texts[name].setText(text)

    def started(self, name: str) -> None:
        self.marks[name].setText(RUNNING_MARK)
        self.texts[name].setText("checking…")

    def finished(self, result: CheckResult) -> None:
        tone = STATUS_TONES[result.status]
        self.marks[result.name].setText(tone.mark)
        set_text_color(self.marks[result.name], tone.colour)
        worst = next((f for f in result.findings if f.severity == result.status), None)
        first = worst or (result.findings[0] if result.findings else None)
        words = STATUS_WORDS[result.status]
        self.texts[result.name].setText(
            f"{words}: {plain_words(first.message)}" if first else words)
        self.texts[result.name].setToolTip("\n".join(plain_words(f.message)
                                                     for f in result.findings))

    def show_run(self, checks: list[CheckResult]) -> None:
        for check in checks:
            self.finished(check)
