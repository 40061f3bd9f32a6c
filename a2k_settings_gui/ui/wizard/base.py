"""What every wizard page shares: access to the wizard's draft settings and its workers.

The pages know the wizard only through the `SetupContext` protocol below, so this module
imports nothing of wizard.py (which imports the pages): the import graph has no circle,
and an import-linter layers contract keeps it so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget, QWizardPage

from a2k_settings_gui.ui.kit.qt_enums import set_selectable_rich_text
from a2k_settings_gui.ui.kit.style import ERROR, HELP, OK, WARNING, text_style

if TYPE_CHECKING:
    from a2k_settings_gui.core.detect.report import DetectOptions, DetectReport
    from a2k_settings_gui.core.providers import Provider
    from a2k_settings_gui.core.settings import EmailSettings, FieldProblem
    from a2k_settings_gui.core.store import SettingsStore

ERROR_STYLE = text_style(ERROR)
OK_STYLE = text_style(OK)
HELP_STYLE = text_style(HELP)
WARN_STYLE = text_style(WARNING)


def note(text: str, object_name: str = "", style: str = HELP_STYLE) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    # By property: the first page is built before the first paint (ui/kit/qt_enums.py).
    set_selectable_rich_text(label)
    label.setStyleSheet(style)
    if object_name:
        label.setObjectName(object_name)
    return label


class SetupContext(Protocol):
    """What a page may use of the wizard (SetupWizard provides it)."""

    draft: EmailSettings  # filled page by page, not saved
    password: str
    provider: Provider | None
    detection: DetectReport | None
    suggested_login: str
    test_record: dict[str, Any]
    detect_options: DetectOptions | None
    detect_timeout: float
    check_timeout: float
    store: SettingsStore | None
    pages: dict[str, Any]  # the pages by class name (a page may ask another)
    locked: dict[str, Any]  # the machine-wide preset's locked fields and their values
    lock_reason: str

    def page_id(self, name: str) -> int: ...

    def update_draft(self, **changes: Any) -> None: ...

    def record_test(self, status: str, reason: str = "", **details: Any) -> None: ...

    def run_task(self, fn: Any, on_done: Any = None, on_fail: Any = None,
                 on_progress: Any = None) -> Any: ...


class WizardPage(QWizardPage):
    """Picard-style page: initializePage() reads the draft, validatePage() refuses bad
    input with a message and writes the page's values back into the draft. Nothing is
    saved to disk before the wizard's accept()."""

    NAME = ""  # the page's objectName (tests and the Help button find the page by it)
    TITLE = ""
    SUBTITLE = ""

    def __init__(self, wizard: SetupContext) -> None:
        super().__init__()
        self._wizard = wizard
        if self.NAME:
            self.setObjectName(self.NAME)
        if self.TITLE:
            self.setTitle(self.TITLE)
        if self.SUBTITLE:
            self.setSubTitle(self.SUBTITLE)

    @property
    def setup(self) -> SetupContext:
        return self._wizard

    def run_task(self, fn: Any, on_done: Any = None, on_fail: Any = None,
                 on_progress: Any = None) -> Any:
        return self.setup.run_task(fn, on_done, on_fail, on_progress)

    @staticmethod
    def refused(problem: FieldProblem | None, label: QLabel) -> bool:
        """Show in `label` why the page's input is refused; True when it is (validatePage
        then returns False and the admin stays on the page)."""
        if problem is None:
            return False
        label.setText(problem.message)
        label.setStyleSheet(ERROR_STYLE)
        label.show()
        return True

    def lock_rows(self, form: QFormLayout, editors: dict[str, QWidget]) -> None:
        """Show the preset's locked fields among `editors` (field key -> editor in `form`)
        read-only, with the reason under the field and in its tooltip, as the dialog does."""
        from a2k_settings_gui.ui.kit.locked_fields import lock_form_row

        for key, editor in editors.items():
            if key in self.setup.locked:
                lock_form_row(key, form, editor, self.setup.lock_reason)

    def leave(self) -> None:
        """Called when the wizard closes or the page is left: stop this page's work."""
