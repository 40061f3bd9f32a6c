"""Shared shape of the Domain and Logo pages: an optional check the admin may run.

Each check is a core call from a feature package (core.domain, core.logo); findings are
rendered the same way on both pages.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from a2k_settings_gui.ui.kit.admin_words import plain_words
from a2k_settings_gui.ui.kit.finding_view import findings_html
from a2k_settings_gui.ui.kit.form_fields import busy_spinner
from a2k_settings_gui.ui.kit.worker import CurrentTask
from a2k_settings_gui.ui.wizard.base import ERROR_STYLE, WizardPage, note

FINDINGS_SHOWN = 8  # the page has room for this many; the full report has the rest

class OptionalCheckPage(WizardPage):
    BUTTON_TEXT = "&Check"

    def __init__(self, wizard) -> None:  # noqa: ANN001 - SetupWizard
        super().__init__(wizard)
        self._check = CurrentTask(self, run=self.run_task)
        self.layout_ = QVBoxLayout(self)
        self.build_inputs(self.layout_)
        row = self.button_row = QHBoxLayout()
        self.run_button = QPushButton(self.BUTTON_TEXT)
        self.run_button.setObjectName(f"{self.objectName() or 'check'}_run")
        self.run_button.clicked.connect(self._on_run_button_clicked)
        row.addWidget(self.run_button)
        # While the check runs: a spinner, the step it is on, and a Stop that ends only
        # this check (the wizard's Cancel would discard the whole setup).
        self.busy = busy_spinner()
        row.addWidget(self.busy)
        self.stop_button = QPushButton("St&op the check")
        self.stop_button.setObjectName("stop_check")
        self.stop_button.clicked.connect(self.stop_check)
        self.stop_button.hide()
        row.addWidget(self.stop_button)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.status = note("", "", style="")
        self.layout_.addWidget(self.status)
        self.result = note("", "", style="")
        self.layout_.addWidget(self.result)
        self.layout_.addStretch(1)

    # Subclasses fill these in.
    def build_inputs(self, layout: QVBoxLayout) -> None:
        pass

    def make_call(self) -> Any:
        """A function (token, progress) -> report, or a str saying what input is missing."""
        raise NotImplementedError

    def summary(self, report: Any) -> str:
        raise NotImplementedError

    def _on_run_button_clicked(self) -> None:
        call = self.make_call()
        if isinstance(call, str):
            self.status.setText(escape(call))
            self.status.setStyleSheet(ERROR_STYLE)
            return
        self.leave()
        self.status.setText("Checking…")
        self.status.setStyleSheet("")
        self.result.setText("")
        self._check.start(call, self._on_check_done, self._on_check_failed,
                          self._on_check_progressed, lambda: self._set_running(False))
        self._set_running(True)

    def is_running(self) -> bool:
        return self._check.running

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.busy.setVisible(running)
        self.stop_button.setVisible(running)

    def _on_check_progressed(self, payload: object) -> None:
        if isinstance(payload, dict) and payload.get("message"):
            self.status.setText(escape(plain_words(str(payload["message"]))))

    def stop_check(self) -> None:
        """End the running check only; what was typed stays, the page stays."""
        if self._check.cancel():
            self.status.setText("The check was stopped. Press the button to run it again, "
                                "or go on without it.")
        self._set_running(False)

    def _on_check_done(self, report: Any) -> None:
        self.run_button.setEnabled(True)
        self.status.setText(self.summary(report))
        self.result.setText(findings_html(getattr(report, "findings", []), FINDINGS_SHOWN))

    def _on_check_failed(self, error: object) -> None:
        self.run_button.setEnabled(True)
        self.status.setText(f"The check could not run: {escape(str(error))}")
        self.status.setStyleSheet(ERROR_STYLE)

    def leave(self) -> None:
        self._check.cancel()
        self._set_running(False)

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        self.leave()
        return True
