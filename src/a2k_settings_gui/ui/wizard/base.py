"""What every wizard page shares: access to the wizard's draft settings and its workers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWizardPage

from a2k_settings_gui.ui.style import ERROR, HELP, OK, WARNING, text_style

if TYPE_CHECKING:
    from a2k_settings_gui.ui.wizard.wizard import SetupWizard

ERROR_STYLE = text_style(ERROR)
OK_STYLE = text_style(OK)
HELP_STYLE = text_style(HELP)
WARN_STYLE = text_style(WARNING)


def note(text: str, object_name: str = "", style: str = HELP_STYLE) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet(style)
    if object_name:
        label.setObjectName(object_name)
    return label


class WizardPage(QWizardPage):
    """Picard-style page: initializePage() reads the draft, validatePage() refuses bad
    input with a message and writes the page's values back into the draft. Nothing is
    saved to disk before the wizard's accept()."""

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__()
        self._wizard = wizard

    @property
    def setup(self) -> SetupWizard:
        return self._wizard

    def run_task(self, fn: Any, on_done: Any = None, on_fail: Any = None,
                 on_progress: Any = None) -> Any:
        return self.setup.run_task(fn, on_done, on_fail, on_progress)

    def leave(self) -> None:
        """Called when the wizard closes or the page is left: stop this page's work."""
